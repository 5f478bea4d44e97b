// The training prediction (llmcost/estimate/training_prediction.hpp): searched steady state,
// realisation fit, and the leave-one-family-out validation on data/training_runs.toml.
#include "llmcost/estimate/training_prediction.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/embedded.hpp"
#include "common/registry.hpp"
#include "common/toml_reader.hpp"
#include "estimate/defaults_json.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost {
namespace {

constexpr const char* kTag = "llmcost.prediction.invalid";
constexpr double kDefaultBatchTokens = 4194304;  // 4M: Llama 2 (Touvron et al. 2023), Table 1
constexpr double kDefaultSeqLen = 4096;
constexpr double kMaxDefaultGpus = 2048;

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// ---- data/training_runs.toml ------------------------------------------------------------------

constexpr detail::RegistryFile kRunsFile{"run", "the training-runs file", "llmcost.prediction.invalid_runs_file",
                                         "training-runs file", "training_runs.toml"};

CalibrationRun read_run(const toml::table& t, const detail::SourceTable& sources, detail::Problems& problems) {
  detail::check_keys(t,
                     {"id", "family", "model", "chip", "gpus", "seq_len", "global_batch_tokens", "tokens", "precision",
                      "max_nodes_per_token", "use", "note", "gpu_hours"},
                     "a [[run]] entry", problems);
  CalibrationRun r;
  r.id = detail::read_string(t, "id", problems);
  r.family = detail::read_string(t, "family", problems);
  r.model = detail::read_string(t, "model", problems);
  r.chip = detail::read_string(t, "chip", problems);
  r.use = detail::read_string(t, "use", problems);
  r.note = detail::read_string(t, "note", problems, false);
  if (r.use != "fit" && r.use != "caution" && r.use != "bound")
    problems.add(t.get("use"), detail::concat("\"use\" = ", detail::quoted(r.use),
                                              " must be one of \"fit\", \"caution\", \"bound\""));
  auto number = [&](const char* key, double lo, double hi) { return detail::read_number(t, key, lo, hi, problems); };
  if (auto g = number("gpus", 1, 1e7)) r.gpus = gpu_count(*g);
  if (auto s = number("seq_len", 1, 1e8)) r.seq_len = token_count(*s);
  if (auto b = number("global_batch_tokens", 1, 1e15)) r.global_batch_tokens = token_count(*b);
  if (auto k = number("tokens", 1, 1e18)) r.tokens = token_count(*k);
  else problems.add(&t, "missing \"tokens\"");
  if (auto m = number("max_nodes_per_token", 0, 1e4)) r.max_nodes_per_token = static_cast<int>(*m);
  const std::string precision = detail::read_string(t, "precision", problems, false);
  if (!precision.empty()) {
    try {
      r.precision = parse_precision(precision);
    } catch (const invalid_input& e) {
      problems.add(t.get("precision"), e.what());
    }
  }
  if (auto h = detail::read_sourced_number(t, "gpu_hours", sources, problems))
    r.published = Sourced<GpuHours>{gpu_hours(h->value), h->provenance};
  else if (!t.get("gpu_hours"))
    problems.add(&t, "missing \"gpu_hours\"");
  return r;
}

// ---- data/realisation.toml ----------------------------------------------------------------------

Realisation read_fit(const toml::table& t, detail::Problems& problems) {
  Realisation r;
  auto num = [&](const char* key) {
    return detail::read_number(t, key, -1e300, 1e300, problems, true).value_or(0.0);
  };
  r.log_mean = num("log_mean");
  r.log_sd = num("log_sd");
  r.runs = static_cast<int>(num("runs"));
  r.interval_half_width_sd = num("interval_half_width_sd");
  if (const toml::node* f = t.get("fitted_on"); f && f->as_string()) r.fitted_on = f->as_string()->get();
  if (r.log_sd < 0 || r.runs < 2 || r.interval_half_width_sd <= 0)
    problems.add(&t, "log_sd must be >= 0, runs >= 2 and interval_half_width_sd > 0");
  return r;
}

Realisation read_realisation(std::string_view text, std::string_view origin) {
  detail::Problems problems{std::string(origin)};
  auto root = detail::parse_toml(text, problems);
  Realisation r;
  if (root) {
    detail::check_keys(*root, {"schema_version", "log_mean", "log_sd", "runs", "interval_half_width_sd", "fitted_on"},
                       "the realisation file", problems);
    r = read_fit(*root, problems);
  }
  problems.throw_if_any("llmcost.prediction.invalid_realisation_file");
  return r;
}

}  // namespace

Ratio Realisation::median() const { return ratio(std::exp(log_mean)); }
Ratio Realisation::p10() const { return ratio(std::exp(log_mean - interval_half_width_sd * log_sd)); }
Ratio Realisation::p90() const { return ratio(std::exp(log_mean + interval_half_width_sd * log_sd)); }

Realisation fit_realisation(const std::vector<double>& log_r, std::string fitted_on) {
  LLMCOST_REQUIRE(log_r.size() >= 2, invalid_input, kTag, "a realisation needs at least 2 runs (got ", log_r.size(),
                  ")");
  for (const double x : log_r)
    LLMCOST_REQUIRE(std::isfinite(x), invalid_input, kTag, "ln r = ", x, " is not finite");
  const auto n = static_cast<double>(log_r.size());
  Realisation r;
  r.runs = static_cast<int>(log_r.size());
  r.log_mean = std::accumulate(log_r.begin(), log_r.end(), 0.0) / n;
  double ss = 0;
  for (const double x : log_r) ss += (x - r.log_mean) * (x - r.log_mean);
  r.log_sd = std::sqrt(ss / (n - 1));
  const boost::math::students_t t(n - 1);
  r.interval_half_width_sd = boost::math::quantile(t, 0.9) * std::sqrt(1 + 1 / n);
  r.fitted_on = std::move(fitted_on);
  return r;
}

const Realisation& default_realisation() {
  static const Realisation r = read_realisation(detail::embedded_file("realisation.toml"), "data/realisation.toml");
  return r;
}

std::string to_toml(const Realisation& r) {
  return fmt::format(
      "# The realisation of the training prediction (estimate/training_prediction.hpp):\n"
      "# ln r ~ Normal(log_mean, log_sd), r = steady-state / published GPU-hours.\n"
      "# GENERATED by `llmcost validate training --calibration-toml`; do not edit by hand.\n\n"
      "schema_version = 1\n"
      "log_mean = {:.9g}\nlog_sd = {:.9g}\nruns = {}\ninterval_half_width_sd = {:.9g}\nfitted_on = \"{}\"\n",
      r.log_mean, r.log_sd, r.runs, r.interval_half_width_sd, r.fitted_on);
}

RealisedGpuHours realise(GpuHours steady, const Realisation& r) {
  RealisedGpuHours g;
  g.steady = steady;
  g.p50 = steady / detail::to_raw(r.median());
  g.p10 = steady / detail::to_raw(r.p90());
  g.p90 = steady / detail::to_raw(r.p10());
  return g;
}

Tokens default_global_batch_tokens() { return token_count(kDefaultBatchTokens); }

Gpus default_gpus(int global_batch_sequences) {
  const double cap = std::min(kMaxDefaultGpus, static_cast<double>(std::max(1, global_batch_sequences)));
  return gpu_count(std::exp2(std::floor(std::log2(cap))));
}

GpuHours steady_gpu_hours(const StepTimeEstimate& e, Tokens tokens, Gpus gpus) {
  const double seconds = detail::to_raw(tokens) / detail::to_raw(e.tokens_per_s);
  return gpu_hours(seconds * detail::to_raw(gpus) / 3600.0);
}

SteadyState predict_steady_state(const TrainingWorkload& w, const StepCluster& c, Tokens tokens,
                                 const LayoutSearchOptions& options) {
  const LayoutSearchResult r = search_layouts(w, c, options);
  LLMCOST_REQUIRE(r.fastest.has_value(), out_of_domain, "llmcost.prediction.no_layout", "no layout of ",
                  detail::quoted(w.model.name), " fits on ", detail::to_raw(c.gpus), " × ",
                  detail::quoted(c.accelerator.id), " with a batch of ", w.global_batch, " sequences (",
                  r.evaluated, " layouts tried); give more GPUs or a chip with more memory");
  SteadyState s;
  s.step = *r.fastest;
  s.gpu_hours = steady_gpu_hours(s.step, tokens, c.gpus);
  s.layouts_evaluated = r.evaluated;
  return s;
}

const std::vector<CalibrationRun>& calibration_runs() {
  static const std::vector<CalibrationRun> v = [] {
    std::vector<std::string> ids;
    auto unique = [&ids](const CalibrationRun& r, const toml::table& t, detail::Problems& problems) {
      if (std::find(ids.begin(), ids.end(), r.id) != ids.end())
        problems.add(&t, detail::concat("run ", detail::quoted(r.id), " is listed twice"));
      ids.push_back(r.id);
    };
    return detail::read_registry<CalibrationRun>(detail::embedded_file(kRunsFile.builtin), "data/training_runs.toml",
                                                 kRunsFile, read_run, unique);
  }();
  return v;
}

TrainingValidation validate_training_prediction() { return validate_training_prediction(Catalog::builtin()); }

TrainingValidation validate_training_prediction(const Catalog& catalog) {
  TrainingValidation out;
  for (const CalibrationRun& run : calibration_runs()) {
    RunValidation v;
    v.run = run;
    const Transformer m = model_preset(run.model);
    const Tokens seq = run.seq_len.value_or(token_count(kDefaultSeqLen));
    if (!run.seq_len) v.defaults.push_back({"seq_len", "4096", "llmcost default"});
    const Tokens batch = run.global_batch_tokens.value_or(default_global_batch_tokens());
    if (!run.global_batch_tokens)
      v.defaults.push_back({"global_batch_tokens", "4194304", "default rule: Llama 2's 4M-token batch"});
    TrainingWorkload w;
    w.model = m;
    w.seq_len = seq;
    w.global_batch = static_cast<int>(std::floor(detail::to_raw(batch) / detail::to_raw(seq)));
    w.max_nodes_per_token = run.max_nodes_per_token;
    const Gpus gpus = run.gpus.value_or(default_gpus(w.global_batch));
    if (!run.gpus)
      v.defaults.push_back({"gpus", fmt::format("{:g}", detail::to_raw(gpus)),
                            "default rule: the largest power of two <= min(2048, batch sequences)"});
    LayoutSearchOptions o;
    o.precision.gemm = run.precision;
    const SteadyState s = predict_steady_state(w, step_cluster(catalog.find(run.chip), gpus), run.tokens, o);
    v.steady = s.step;
    v.steady_gpu_hours = s.gpu_hours;
    v.log_r = std::log(detail::to_raw(s.gpu_hours) / detail::to_raw(run.published.value));
    out.runs.push_back(std::move(v));
  }
  std::vector<double> all;
  for (const auto& v : out.runs) {
    if (v.run.use != "fit") continue;
    all.push_back(v.log_r);
    if (std::find(out.families.begin(), out.families.end(), v.run.family) == out.families.end())
      out.families.push_back(v.run.family);
  }
  out.fit_runs = static_cast<int>(all.size());
  out.fitted = fit_realisation(all, fmt::format("{} runs of data/training_runs.toml (use = fit)", all.size()));
  std::map<std::string, Realisation> without;  // family -> fit on the other families
  auto held_out_fit = [&](const std::string& family) -> const Realisation& {
    auto it = without.find(family);
    if (it != without.end()) return it->second;
    std::vector<double> others;
    for (const auto& v : out.runs)
      if (v.run.use == "fit" && v.run.family != family) others.push_back(v.log_r);
    return without.emplace(family, fit_realisation(others, "runs of the other families")).first->second;
  };
  std::vector<double> held_err, in_err;
  int covered = 0;
  for (auto& v : out.runs) {
    v.in_sample = realise(v.steady_gpu_hours, out.fitted);
    v.held_out = realise(v.steady_gpu_hours, held_out_fit(v.run.family));
    const double pub = detail::to_raw(v.run.published.value);
    v.held_out_error = detail::to_raw(v.held_out.p50) / pub - 1;
    v.held_out_covered = detail::to_raw(v.held_out.p10) <= pub && pub <= detail::to_raw(v.held_out.p90);
    if (v.run.use != "fit") continue;
    held_err.push_back(std::abs(v.held_out_error));
    in_err.push_back(std::abs(detail::to_raw(v.in_sample.p50) / pub - 1));
    covered += v.held_out_covered ? 1 : 0;
  }
  out.held_out_median_abs_error = median_of(held_err);
  out.held_out_max_abs_error = held_err.empty() ? 0 : *std::max_element(held_err.begin(), held_err.end());
  out.held_out_coverage = held_err.empty() ? 0 : static_cast<double>(covered) / static_cast<double>(held_err.size());
  out.in_sample_median_abs_error = median_of(in_err);
  return out;
}

std::string to_json(const TrainingValidation& v, int indent) {
  using nlohmann::ordered_json;
  using detail::to_raw;
  auto hours = [](GpuHours h) { return to_raw(h) / 3600.0; };
  ordered_json runs = ordered_json::array();
  for (const auto& r : v.runs) {
    runs.push_back({{"id", r.run.id},
                    {"family", r.run.family},
                    {"use", r.run.use},
                    {"model", r.run.model},
                    {"chip", r.run.chip},
                    {"gpus", r.steady.layout.gpus()},
                    {"tokens", to_raw(r.run.tokens)},
                    {"published_gpu_hours", hours(r.run.published.value)},
                    {"layout", describe(r.steady.layout)},
                    {"ceiling_mfu", to_raw(r.steady.mfu)},
                    {"steady_state_gpu_hours", hours(r.steady_gpu_hours)},
                    {"realisation", to_raw(r.steady_gpu_hours) / to_raw(r.run.published.value)},
                    {"held_out_gpu_hours_p10", hours(r.held_out.p10)},
                    {"held_out_gpu_hours", hours(r.held_out.p50)},
                    {"held_out_gpu_hours_p90", hours(r.held_out.p90)},
                    {"held_out_error", r.held_out_error},
                    {"held_out_covered", r.held_out_covered},
                    {"in_sample_gpu_hours", hours(r.in_sample.p50)},
                    {"in_sample_error", to_raw(r.in_sample.p50) / to_raw(r.run.published.value) - 1},
                    {"defaults", detail::defaults_json(r.defaults)},
                    {"note", r.run.note},
                    {"source", r.run.published.provenance.citation}});
  }
  ordered_json j{{"leave_one_family_out",
                  {{"median_abs_error", v.held_out_median_abs_error},
                   {"max_abs_error", v.held_out_max_abs_error},
                   {"interval_coverage_80", v.held_out_coverage},
                   {"runs", v.fit_runs},
                   {"families", v.families}}},
                 {"in_sample", {{"median_abs_error", v.in_sample_median_abs_error}}},
                 {"realisation",
                  {{"median", to_raw(v.fitted.median())},
                   {"log_mean", v.fitted.log_mean},
                   {"log_sd", v.fitted.log_sd},
                   {"runs", v.fitted.runs}}},
                 {"runs", std::move(runs)}};
  return j.dump(indent);
}

}  // namespace llmcost
