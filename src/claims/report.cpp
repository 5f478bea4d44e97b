#include "llmcost/claims/report.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/format.hpp"

namespace llmcost {

bool ClaimCheck::reproduced_exactly() const {
  // Exact to the rounding of the published figure, and to floating-point noise.
  const double tol = std::max(rounding, 1e-9 * std::max(std::fabs(published), 1.0));
  return std::isfinite(reproduced) && std::fabs(delta()) <= tol;
}

namespace {

using ojson = nlohmann::ordered_json;

ojson source_json(const Provenance& p) {
  ojson j{{"source", p.citation}, {"grade", std::string(to_string(p.grade))}};
  if (!p.url.empty()) j["url"] = p.url;
  if (!p.note.empty()) j["note"] = p.note;
  if (!p.as_of.empty()) j["as_of"] = p.as_of;
  return j;
}

ojson value_json(const DerivedValue& v) {
  return {{"id", v.id}, {"label", v.label}, {"value", v.value}, {"unit", v.unit}, {"note", v.note}};
}

// Human form of a value in a named unit.
std::string human(double v, const std::string& unit) {
  if (!std::isfinite(v)) return fmt::format("{} {}", v, unit);
  if (unit == "USD") return format(usd(v));
  if (unit == "GPU-hours") return format(gpu_hours(v));
  if (unit == "ratio") return format(ratio(v));
  if (unit == "FLOP") return format(flop(v));
  if (unit == "FLOP/token") return format(flop(v)) + "/tok";
  if (unit == "params") return si_prefixed(v) + " params";
  if (unit == "FLOP/s") return format(flop_per_s(v));
  if (unit == "tokens") return format(token_count(v));
  if (unit == "tokens/s") return format(tokens_per_s(v));
  if (unit == "days") return fmt::format("{:.4g} days", v);
  if (unit == "hours") return fmt::format("{:.4g} h", v);
  if (unit == "seconds") return format(seconds(v));
  if (unit == "USD/GPU-hour") return format(usd_per_gpu_hour(v));
  if (unit == "USD/Mtok") return format(usd_per_mtok(v));
  if (unit == "GPUs") return format(gpu_count(v));
  if (unit == "x") return fmt::format("{:.3g}×", v);
  return fmt::format("{:.4g} {}", v, unit);
}

}  // namespace

std::string to_json(const Report& r, int indent) {
  ojson claims = ojson::array();
  for (const auto& c : r.claims) {
    claims.push_back({{"id", c.id},
                      {"description", c.description},
                      {"published", c.published},
                      {"reproduced", c.reproduced},
                      {"unit", c.unit},
                      {"delta", c.delta()},
                      {"relative_delta", c.relative_delta()},
                      {"exact", c.reproduced_exactly()},
                      {"formula", c.formula},
                      {"source", source_json(c.source)}});
  }
  ojson derivation = ojson::array();
  for (const auto& v : r.derivation) derivation.push_back(value_json(v));
  ojson challenges = ojson::array();
  for (const auto& ch : r.challenges) {
    ojson sources = ojson::array();
    for (const auto& s : ch.sources) sources.push_back(source_json(s));
    ojson values = ojson::array();
    for (const auto& v : ch.values) values.push_back(value_json(v));
    ojson j{{"id", ch.id}, {"title", ch.title}, {"assumptions", ch.assumptions}, {"sources", sources}};
    j["cost_usd"] = ch.cost_usd ? ojson(*ch.cost_usd) : ojson(nullptr);
    j["values"] = values;
    j["verdict"] = ch.verdict;
    challenges.push_back(std::move(j));
  }
  ojson j{{"id", r.id},           {"title", r.title},           {"verdict", r.verdict},
          {"claims", claims},     {"derivation", derivation},   {"challenges", challenges},
          {"notes", r.notes}};
  return j.dump(indent);
}

std::string to_text(const Report& r) {
  std::string out = r.title + "\n" + std::string(std::min<std::size_t>(r.title.size(), 100), '=') + "\n";
  if (!r.claims.empty()) {
    out += "\n(1) Reproduction: each published number recomputed from its published inputs\n\n";
    for (const auto& c : r.claims) {
      out += fmt::format("  {:<44} published {:>14}  reproduced {:>14}  delta {:+.3g} {}{}\n", c.description,
                         human(c.published, c.unit), human(c.reproduced, c.unit), c.delta(), c.unit,
                         c.reproduced_exactly() ? "  ✓" : "");
      out += fmt::format("      = {}   [{}; {}]\n", c.formula, c.source.citation, to_string(c.source.grade));
    }
  }
  if (!r.derivation.empty()) {
    out += "\n(2) Re-derivation from first principles\n\n";
    for (const auto& v : r.derivation) {
      out += fmt::format("  {:<52} {:>16}", v.label, human(v.value, v.unit));
      if (!v.note.empty()) out += "   " + v.note;
      out += "\n";
    }
  }
  if (!r.challenges.empty()) {
    out += "\n(3) Challenges\n";
    for (const auto& ch : r.challenges) {
      out += "\n  " + ch.title + (ch.cost_usd ? "  →  " + format(usd(*ch.cost_usd)) : std::string()) + "\n";
      for (const auto& a : ch.assumptions) out += "    - " + a + "\n";
      for (const auto& v : ch.values)
        out += fmt::format("    {:<48} {:>16}{}\n", v.label, human(v.value, v.unit), v.note.empty() ? "" : "   " + v.note);
      if (!ch.sources.empty()) {
        out += "    sources: ";
        for (std::size_t i = 0; i < ch.sources.size(); ++i)
          out += (i ? "; " : "") + ch.sources[i].citation + " (" + std::string(to_string(ch.sources[i].grade)) + ")";
        out += "\n";
      }
      if (!ch.verdict.empty()) out += "    verdict: " + ch.verdict + "\n";
    }
  }
  for (const auto& n : r.notes) out += "\nNote: " + n + "\n";
  if (!r.verdict.empty()) out += "\nVerdict: " + r.verdict + "\n";
  return out;
}

}  // namespace llmcost
