#include "llmcost/estimate/efficiency.hpp"

#include <algorithm>
#include <cmath>

#include "common/embedded.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/training.hpp"

namespace llmcost {
namespace {

constexpr const char* kFileTag = "llmcost.efficiency.invalid_file";

double number(const toml::table& t, std::string_view key, detail::Problems& problems) {
  const toml::node* n = t.get(key);
  if (n) {
    if (const auto* f = n->as_floating_point()) return f->get();
    if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
  }
  problems.add(n ? n : nullptr, detail::concat("\"", key, "\" must be a number"));
  return 0;
}

struct Data {
  EfficiencyModel model;
  std::vector<ValidationRow> runs;  // predictions filled later
  std::vector<double> peaks;        // peak FLOP/s per run
};

Data parse() {
  const std::string_view text = detail::embedded_file("efficiency.toml");
  detail::Problems problems{"data/efficiency.toml"};
  auto root = detail::parse_toml(text, problems);
  if (!root) problems.throw_if_any(kFileTag);
  const detail::SourceTable sources = detail::read_sources(*root, problems);
  Data d;
  if (const toml::table* m = root->get_as<toml::table>("model")) {
    auto& e = d.model;
    e.intercept = number(*m, "intercept", problems);
    e.params_coef = number(*m, "params_coef", problems);
    e.peak_coef = number(*m, "peak_coef", problems);
    e.interaction_coef = number(*m, "interaction_coef", problems);
    e.cluster_elasticity = number(*m, "cluster_elasticity", problems);
    e.reference_gpus = gpu_count(number(*m, "reference_gpus", problems));
    e.min_active_params = param_count(number(*m, "min_active_params", problems));
    e.max_active_params = param_count(number(*m, "max_active_params", problems));
    e.min_peak = flop_per_s(number(*m, "min_peak_flop_per_s", problems));
    e.max_peak = flop_per_s(number(*m, "max_peak_flop_per_s", problems));
    e.min_gpus = gpu_count(number(*m, "min_gpus", problems));
    e.max_gpus = gpu_count(number(*m, "max_gpus", problems));
    e.median_abs_error = ratio(number(*m, "median_abs_error", problems));
    e.max_abs_error = ratio(number(*m, "max_abs_error", problems));
    e.loo_median_abs_error = ratio(number(*m, "loo_median_abs_error", problems));
    e.loo_max_abs_error = ratio(number(*m, "loo_max_abs_error", problems));
  } else {
    problems.add(nullptr, "missing [model] table");
  }
  if (const toml::array* runs = root->get_as<toml::array>("run")) {
    for (const auto& item : *runs) {
      const toml::table* t = item.as_table();
      if (!t) continue;
      ValidationRow r;
      r.id = detail::read_string(*t, "id", problems);
      r.model = detail::read_string(*t, "model", problems);
      r.chip = detail::read_string(*t, "chip", problems);
      r.active_params = param_count(number(*t, "active_params", problems));
      r.tokens = token_count(number(*t, "tokens", problems));
      r.published = gpu_hours(number(*t, "gpu_hours", problems));
      const double g = number(*t, "gpus", problems);
      if (g > 0) r.gpus = gpu_count(g);
      const std::string src = detail::read_string(*t, "source", problems);
      if (const Provenance* p = sources.find(src)) {
        r.source = *p;
        if (auto grade = parse_grade(detail::read_string(*t, "grade", problems))) r.source.grade = *grade;
        else problems.add(t->get("grade"), "grade must be primary, derived, secondary or weak");
      } else {
        problems.add(t, detail::concat("unknown source \"", src, "\""));
      }
      d.peaks.push_back(number(*t, "peak_bf16_flop_per_s", problems));
      d.runs.push_back(std::move(r));
    }
  }
  problems.throw_if_any(kFileTag);
  return d;
}

const Data& data() {
  static const Data d = parse();
  return d;
}

}  // namespace

const EfficiencyModel& default_efficiency_model() { return data().model; }

MfuPrediction predict_mfu(FlopsPerSecond peak, Params active_params, std::optional<Gpus> gpus) {
  return predict_mfu(peak, active_params, gpus, default_efficiency_model());
}

MfuPrediction predict_mfu(const Accelerator& chip, Params active_params, std::optional<Gpus> gpus) {
  return predict_mfu(chip, active_params, gpus, default_efficiency_model());
}

ValidationRow predict_at_peak(ValidationRow r, FlopsPerSecond peak_bf16) {
  const MfuPrediction m = predict_mfu(peak_bf16, r.active_params, r.gpus);
  r.predicted_mfu = m.mfu;
  const double flops = kernels::training_flop(6.0 * detail::to_raw(r.active_params), detail::to_raw(r.tokens));
  r.predicted = detail::from_raw<GpuHours>(kernels::gpu_seconds_at_mfu(flops, detail::to_raw(m.mfu),
                                                                       detail::to_raw(peak_bf16), 1.0));
  r.error = ratio(detail::to_raw(r.predicted) / detail::to_raw(r.published) - 1.0);
  return r;
}

std::vector<ValidationRow> validate_training() {
  const Data& d = data();
  std::vector<ValidationRow> rows = d.runs;
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = predict_at_peak(rows[i], flop_per_s(d.peaks[i]));
  return rows;
}

}  // namespace llmcost
