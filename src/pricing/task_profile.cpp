#include "llmcost/pricing/task_profile.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/registry.hpp"
#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"

namespace llmcost {

using detail::kMaxTaskTokens;  // validate(TokenMix)'s bound on a token count, also the file reader's

TaskProfile with_tokens_for(const TaskProfile& profile, const std::string& model, const TokenMix& mix) {
  validate(mix);
  TaskProfile out = profile;
  const auto key = detail::normalize_name(model);
  auto it = std::find_if(out.per_model.begin(), out.per_model.end(),
                         [&](const auto& e) { return detail::normalize_name(e.first) == key; });
  if (it != out.per_model.end())
    it->second = mix;
  else
    out.per_model.emplace_back(model, mix);
  return out;
}

RatioRange price_ratio_grid(const ApiPrice& numerator, const ApiPrice& denominator, int steps) {
  LLMCOST_REQUIRE(steps >= 2 && steps <= 10001, invalid_input, "llmcost.pricing.grid_steps", "steps = ", steps,
                  " is invalid; expected 2 … 10001");
  RatioRange r{ratio(INFINITY), ratio(-INFINITY), {}, {}};
  // One billed token split into output share s and input (1 − s), of which f cached.
  for (int i = 0; i < steps; ++i) {
    const double s = static_cast<double>(i) / (steps - 1);
    for (int j = 0; j < steps; ++j) {
      const double f = static_cast<double>(j) / (steps - 1);
      const TokenMix mix{token_count(1.0 - s), ratio(f), token_count(s), token_count(0)};
      const Ratio x = cost_per_task(mix, numerator) / cost_per_task(mix, denominator);
      detail::require_finite_result(detail::to_raw(x), "the price ratio",
                                    "the numerator's prices and the inverse of the denominator's prices",
                                    "llmcost.pricing.overflow");
      const std::string at = fmt::format("output_share={:.3g}, cached_fraction={:.3g}", s, f);
      if (x < r.low) {
        r.low = x;
        r.low_at = at;
      }
      if (x > r.high) {
        r.high = x;
        r.high_at = at;
      }
    }
  }
  return r;
}

// ---- data file ------------------------------------------------------------------------

namespace {

constexpr detail::RegistryFile kFile{"profile", "the task-profile file", "llmcost.pricing.invalid_profile_file",
                                     "task-profile file", "task_profiles.toml"};

// A token count in [0, 1e12] or, when `fraction`, a share in [0, 1].
bool in_range(double x, bool fraction) {
  return std::isfinite(x) && x >= 0 && x <= (fraction ? 1.0 : kMaxTaskTokens);
}

const char* range_text(bool fraction) { return fraction ? "in [0, 1]" : "in [0, 1e12] (a token count)"; }

TaskProfile read_profile(const toml::table& e, const detail::SourceTable& sources, detail::Problems& problems) {
  detail::check_keys(e, {"id", "title", "assumptions", "input_tokens", "cached_fraction", "output_tokens",
                         "reasoning_tokens", "model"},
                     "[[profile]]", problems);
  TaskProfile p;
  p.id = detail::read_string(e, "id", problems);
  p.title = detail::read_string(e, "title", problems);
  if (const toml::node* a = e.get("assumptions")) {
    const toml::array* arr = a->as_array();
    if (!arr) problems.add(a, "\"assumptions\" must be an array of strings");
    if (arr)
      for (const auto& item : *arr) {
        if (const auto* s = item.as_string())
          p.assumptions.push_back(s->get());
        else
          problems.add(&item, "\"assumptions\" must contain strings");
      }
  } else {
    problems.add(e.source(), "missing required key \"assumptions\" (state the profile's assumptions)");
  }
  Grade weakest = Grade::primary;
  auto field = [&](std::string_view key, bool fraction) -> double {
    const toml::node* n = e.get(key);
    if (!n) {
      problems.add(e.source(), detail::concat("missing required key \"", key, "\""));
      return 0;
    }
    // Range problems are reported here with the line:col of the value.
    if (const toml::table* t = n->as_table())
      if (const toml::node* v = t->get("value"))
        if (auto x = detail::as_number(*v); x && !in_range(*x, fraction)) {
          problems.add(v, detail::concat("\"", key, "\": value ", *x, " is out of range; expected ",
                                         range_text(fraction)));
          return 0;
        }
    auto raw = detail::read_sourced_number(e, key, sources, problems, /*allow_zero=*/true);
    if (!raw) return 0;
    if (static_cast<int>(raw->provenance.grade) > static_cast<int>(weakest)) weakest = raw->provenance.grade;
    const bool known = std::any_of(p.sources.begin(), p.sources.end(), [&](const Provenance& s) {
      return s.source_id == raw->provenance.source_id;
    });
    if (!known) p.sources.push_back(raw->provenance);
    return raw->value;
  };
  p.mix.input = token_count(field("input_tokens", false));
  p.mix.cached_fraction = ratio(field("cached_fraction", true));
  p.mix.output = token_count(field("output_tokens", false));
  p.mix.reasoning = token_count(field("reasoning_tokens", false));
  p.grade = weakest;

  if (const toml::node* models = e.get("model")) {
    const toml::array* arr = models->as_array();
    if (!arr) {
      problems.add(models, "\"model\" must be an array of tables ([[profile.model]])");
      return p;
    }
    for (const auto& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) {
        problems.add(&item, "each [[profile.model]] entry must be a table");
        continue;
      }
      detail::check_keys(*t, {"model", "input_tokens", "cached_fraction", "output_tokens", "reasoning_tokens",
                              "note"},
                         "[[profile.model]]", problems);
      const std::string model = detail::read_string(*t, "model", problems);
      (void)detail::read_string(*t, "note", problems);  // required: where the numbers come from
      TokenMix m = p.mix;
      auto over = [&](std::string_view key, bool fraction, double& out) {
        const toml::node* n = t->get(key);
        if (!n) return;
        const auto x = detail::as_number(*n);
        if (!x || !in_range(*x, fraction)) {
          problems.add(n, detail::concat("\"", key, "\" must be a number ", range_text(fraction)));
          return;
        }
        out = *x;
      };
      double input = detail::to_raw(m.input), cached = detail::to_raw(m.cached_fraction);
      double output = detail::to_raw(m.output), reasoning = detail::to_raw(m.reasoning);
      over("input_tokens", false, input);
      over("cached_fraction", true, cached);
      over("output_tokens", false, output);
      over("reasoning_tokens", false, reasoning);
      m = TokenMix{token_count(input), ratio(cached), token_count(output), token_count(reasoning)};
      if (!model.empty()) p.per_model.emplace_back(model, m);
    }
  }
  return p;
}

}  // namespace

TaskProfiles::TaskProfiles(std::vector<TaskProfile> entries) : entries_(std::move(entries)) {}

TaskProfiles TaskProfiles::from_toml(std::string_view text, std::string_view origin) {
  std::vector<std::string> ids;  // normalised, of the profiles so far
  auto unique_id = [&](const TaskProfile& p, const toml::table& t, detail::Problems& problems) {
    const std::string n = detail::normalize_name(p.id);
    for (const auto& q : ids)
      if (q == n) problems.add(&t, detail::concat("profile id ", detail::quoted(p.id), " is used twice"));
    ids.push_back(n);
  };
  return TaskProfiles(detail::read_registry<TaskProfile>(text, origin, kFile, read_profile, unique_id));
}

TaskProfiles TaskProfiles::from_file(const std::filesystem::path& path) {
  return detail::read_registry_file<TaskProfiles>(path, kFile);
}

const TaskProfiles& TaskProfiles::builtin() { return detail::builtin_registry<TaskProfiles>(kFile); }

const TaskProfile& TaskProfiles::find(std::string_view id) const {
  if (const TaskProfile* p = detail::find_by_name(entries_, id)) return *p;
  detail::throw_unknown_entry(entries_, id, "llmcost.pricing.unknown_task_profile", " is not a known task profile");
}

const TaskProfile& task_profile(std::string_view id) { return TaskProfiles::builtin().find(id); }

namespace {
nlohmann::ordered_json mix_json(const TokenMix& m) {
  return {{"input_tokens", detail::to_raw(m.input)},
          {"cached_fraction", detail::to_raw(m.cached_fraction)},
          {"output_tokens", detail::to_raw(m.output)},
          {"reasoning_tokens", detail::to_raw(m.reasoning)}};
}
}  // namespace

std::string to_json(const TaskProfile& p, int indent) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["title"] = p.title;
  j["grade"] = to_string(p.grade);
  j["assumptions"] = p.assumptions;
  j["mix"] = mix_json(p.mix);
  nlohmann::ordered_json per = nlohmann::ordered_json::object();
  for (const auto& [model, m] : p.per_model) per[model] = mix_json(m);
  j["per_model"] = std::move(per);
  nlohmann::ordered_json src = nlohmann::ordered_json::array();
  for (const auto& s : p.sources) src.push_back({{"source_id", s.source_id}, {"source", s.citation}});
  j["sources"] = std::move(src);
  return j.dump(indent);
}

}  // namespace llmcost
