#include "llmcost/claims/report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/suggest.hpp"
#include "llmcost/claims/claim.hpp"
#include "llmcost/error.hpp"
#include "llmcost/format.hpp"

namespace llmcost {

bool ClaimCheck::reproduced_exactly() const {
  // Exact to the rounding of the published figure, and to floating-point noise.
  const double tol = std::max(rounding, 1e-9 * std::max(std::fabs(published), 1.0));
  return std::isfinite(reproduced) && std::fabs(delta()) <= tol;
}

std::vector<ClaimCheck> reproduce_claims(std::string_view report_id) {
  const std::string prefix = std::string(report_id) + ".";
  std::vector<ClaimCheck> out;
  bool any = false;
  for (const auto& c : claims()) {
    if (c.id.rfind(prefix, 0) != 0) continue;
    any = true;
    if (c.op == ClaimOp::published) continue;
    ClaimCheck k;
    k.id = c.id.substr(prefix.size());
    k.description = c.description;
    k.published = c.value;
    k.reproduced = recompute(c);
    k.unit = c.unit;
    k.formula = c.formula;
    k.source = c.source;
    k.rounding = c.rounding;
    out.push_back(std::move(k));
  }
  if (!any) {
    std::vector<std::string> ids;
    for (const auto& c : claims()) ids.push_back(c.id.substr(0, c.id.find('.')));
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    throw not_found("llmcost.claims.unknown_claim",
                    detail::concat("no claims for \"", report_id, "\"; known: ", detail::join(ids)));
  }
  return out;
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

// Human form of a value in a named unit (four significant digits).
std::string human(double v, const std::string& unit) {
  if (!std::isfinite(v)) return plain_number(v) + " " + unit;
  if (unit == "USD") return format(usd(v));
  if (unit == "GPU-hours") return format(gpu_hours(v));
  if (unit == "ratio") return format(ratio(v));
  if (unit == "FLOP") return format(flop(v));
  if (unit == "FLOP/token") return format(flop(v)) + "/tok";
  if (unit == "params") return short_scale(v) + " params";
  if (unit == "FLOP/s") return format(flop_per_s(v));
  if (unit == "tokens") return format(token_count(v));
  if (unit == "tokens/s") return format(tokens_per_s(v));
  if (unit == "days") return plain_number(v) + " days";
  if (unit == "hours") return plain_number(v) + " h";
  if (unit == "seconds") return format(seconds(v));
  if (unit == "USD/GPU-hour") return format(usd_per_gpu_hour(v));
  if (unit == "USD/Mtok") return format(usd_per_mtok(v));
  if (unit == "GPUs") return format(gpu_count(v));
  if (unit == "x") return plain_number(v, 3) + "×";
  return plain_number(v) + " " + unit;
}

// A published figure at its published precision: "$562,027", "545%", "2.788M GPU·h".
std::string published(double v, const std::string& unit) {
  if (!std::isfinite(v)) return plain_number(v) + " " + unit;
  if (unit == "USD") return format_published(usd(v));
  if (unit == "GPU-hours") return format_published(gpu_hours(v));
  if (unit == "ratio") return format_published(ratio(v));
  if (unit == "FLOP") return format_published(flop(v));
  if (unit == "FLOP/token") return format_published(flop(v)) + "/tok";
  if (unit == "params") return published_number(v) + " params";
  if (unit == "FLOP/s") return format_published(flop_per_s(v));
  if (unit == "tokens") return format_published(token_count(v));
  if (unit == "tokens/s") return published_number(v) + " tok/s";
  if (unit == "days") return published_number(v) + " days";
  if (unit == "hours") return published_number(v) + " h";
  if (unit == "seconds") return published_number(v) + " s";
  if (unit == "USD/GPU-hour") return format_published(usd_per_gpu_hour(v));
  if (unit == "USD/Mtok") return format_published(usd_per_mtok(v));
  if (unit == "GPUs") return format_published(gpu_count(v));
  if (unit == "x") return published_number(v) + "×";
  return published_number(v) + " " + unit;
}

// reproduced − published in the claim's unit, signed: "+$1.2k", "-0.5 days", "0".
std::string signed_delta(double d, const std::string& unit) {
  if (d == 0) return "0";
  const std::string magnitude = unit == "ratio" ? plain_number(std::fabs(d) * 100, 3) + " pp"
                                                : human(std::fabs(d), unit);
  return (d < 0 ? "-" : "+") + magnitude;
}

// `s` padded with spaces to `width` terminal columns (left- or right-aligned).
std::string pad(const std::string& s, std::size_t width, bool right = false) {
  const std::size_t w = display_width(s);
  const std::string spaces(width > w ? width - w : 0, ' ');
  return right ? spaces + s : s + spaces;
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
  std::string out = r.title + "\n" + std::string(std::min<std::size_t>(display_width(r.title), 100), '=') + "\n";
  if (!r.claims.empty()) {
    out += "\n(1) Reproduction: each published number recomputed from its published inputs\n\n";
    // Columns as wide as their widest entry, so long descriptions keep the table aligned.
    std::size_t wd = 0, wp = 0, wr = 0;
    for (const auto& c : r.claims) {
      wd = std::max(wd, display_width(c.description));
      wp = std::max(wp, display_width(published(c.published, c.unit)));
      wr = std::max(wr, display_width(human(c.reproduced, c.unit)));
    }
    for (const auto& c : r.claims) {
      out += fmt::format("  {}  published {}  reproduced {}  delta {}{}\n", pad(c.description, wd),
                         pad(published(c.published, c.unit), wp, true), pad(human(c.reproduced, c.unit), wr, true),
                         signed_delta(c.delta(), c.unit), c.reproduced_exactly() ? "  ✓" : "");
      out += fmt::format("      = {}   [{}; {}]\n", c.formula, c.source.citation, to_string(c.source.grade));
    }
  }
  auto values_block = [&](const std::vector<DerivedValue>& values, const std::string& indent) {
    std::size_t wl = 0, wv = 0;
    for (const auto& v : values) {
      wl = std::max(wl, display_width(v.label));
      wv = std::max(wv, display_width(human(v.value, v.unit)));
    }
    std::string block;
    for (const auto& v : values) {
      std::string line = indent + pad(v.label, wl) + "  " + pad(human(v.value, v.unit), wv, true);
      if (!v.note.empty()) line += "   " + v.note;
      block += line + "\n";
    }
    return block;
  };
  if (!r.derivation.empty()) {
    out += "\n(2) Re-derivation from first principles\n\n";
    out += values_block(r.derivation, "  ");
  }
  if (!r.challenges.empty()) {
    out += "\n(3) Challenges\n";
    for (const auto& ch : r.challenges) {
      out += "\n  " + ch.title + (ch.cost_usd ? "  →  " + format(usd(*ch.cost_usd)) : std::string()) + "\n";
      for (const auto& a : ch.assumptions) out += "    - " + a + "\n";
      out += values_block(ch.values, "    ");
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
