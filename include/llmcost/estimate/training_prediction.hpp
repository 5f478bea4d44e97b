#pragma once
// File: llmcost/estimate/training_prediction.hpp
//
// Predicting a training run nobody measured. Two parts, each checked on published runs:
//
//  * the CEILING: the steady-state step time of the fastest layout the search finds for the model,
//    chip, GPU count and batch (layout_search.hpp, step_time.hpp), or of a stated layout;
//  * the REALISATION r: everything a steady-state model leaves out (restarts and stragglers,
//    evaluation and checkpoints, batch-size ramp-up, long-context phases, the software of the
//    run's time). Whole-run GPU-hours = steady-state GPU-hours / r.
//
// r is a distribution, not one number: ln r ~ Normal(μ, σ), fitted on the published runs marked
// "fit" in data/training_runs.toml (ln r_i = ln(steady_i / published_i)) and stored in
// data/realisation.toml (regenerate with `llmcost validate training --calibration-toml`; a test
// fails when the stored fit and a fresh one differ). The point is the median and the interval is
// the 80% prediction interval of a new run:
//
//   GPU-hours p50 = steady / e^μ,   p10 = steady / e^(μ + q·s),   p90 = steady / e^(μ − q·s),
//   s = σ·√(1 + 1/n),   q = the 0.90 quantile of Student's t with n − 1 degrees of freedom.
//
// Runs that publish no GPU count or batch get stated default rules (default_global_batch_tokens,
// default_gpus) and the result names them. `validate_training_prediction()` leads with
// leave-one-family-out errors: every family's runs are predicted with a realisation fitted on
// the other families only.
//
//   SteadyState s = predict_steady_state(w, step_cluster(chip("H800"), gpu_count(2048)), token_count(14.8e12));
//   RealisedGpuHours g = realise(s.gpu_hours, default_realisation());  // g.p10 <= g.p50 <= g.p90
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/layout_search.hpp"
#include "llmcost/estimate/step_time.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The realisation distribution: ln r ~ Normal(log_mean, log_sd), from `runs` published runs.
struct Realisation {
  double log_mean = 0;  ///< μ: mean of ln(steady-state / published GPU-hours)
  double log_sd = 0;    ///< σ: sample standard deviation of the same
  int runs = 0;         ///< n
  /// q·√(1 + 1/n): the half-width of the 80% prediction interval in units of σ.
  double interval_half_width_sd = 0;
  std::string fitted_on;  ///< what the fit used, e.g. "21 runs of data/training_runs.toml (use = fit)"
  [[nodiscard]] Ratio median() const;  ///< e^μ
  [[nodiscard]] Ratio p10() const;     ///< the factor at the low end of r (e^(μ − q·s)): GPU-hours p90
  [[nodiscard]] Ratio p90() const;     ///< e^(μ + q·s): GPU-hours p10
};

/// The fit of ln r over `log_r` (at least 2 values). Throws invalid_input
/// [llmcost.prediction.invalid] for fewer values or a non-finite one.
Realisation fit_realisation(const std::vector<double>& log_r, std::string fitted_on);

/// The built-in realisation (data/realisation.toml, embedded).
const Realisation& default_realisation();

/// The realisation as the TOML of data/realisation.toml.
std::string to_toml(const Realisation& r);

/// Steady-state GPU-hours and their whole-run interval.
struct RealisedGpuHours {
  GpuHours steady = gpu_hours(0);
  GpuHours p10 = gpu_hours(0), p50 = gpu_hours(0), p90 = gpu_hours(0);
};
/// `steady` divided by the realisation's median and its 80% interval.
RealisedGpuHours realise(GpuHours steady, const Realisation& r);

/// Tokens per optimizer step when a run states none: 4,194,304 (4M), the batch of every Llama 2
/// size (Touvron et al. 2023, Table 1).
Tokens default_global_batch_tokens();
/// GPUs when a run states none: the largest power of two no larger than 2,048 nor than the
/// batch's sequences (so that every data-parallel replica gets at least one sequence).
Gpus default_gpus(int global_batch_sequences);

/// The steady state of the fastest searched layout.
struct SteadyState {
  StepTimeEstimate step;                 ///< the searched (or stated) layout's estimate
  GpuHours gpu_hours = llmcost::gpu_hours(0);  ///< tokens / tokens per step × step time × GPUs
  long long layouts_evaluated = 0;       ///< 0 for a stated layout
};
/// The fastest layout the search finds for `w` on `c` (options: precision and limits), and the
/// steady-state GPU-hours of `tokens`. Throws out_of_domain [llmcost.prediction.no_layout] when no
/// layout fits in memory, and the search's errors.
SteadyState predict_steady_state(const TrainingWorkload& w, const StepCluster& c, Tokens tokens,
                                 const LayoutSearchOptions& options = {});
/// The steady-state GPU-hours of `tokens` at the estimate `e`.
GpuHours steady_gpu_hours(const StepTimeEstimate& e, Tokens tokens, Gpus gpus);

/// One published run of data/training_runs.toml.
struct CalibrationRun {
  std::string id, family, model, chip;
  std::optional<Gpus> gpus;
  std::optional<Tokens> seq_len, global_batch_tokens;
  Tokens tokens = token_count(0);
  Precision precision = Precision::bf16;
  int max_nodes_per_token = 0;
  std::string use;  ///< "fit", "caution" or "bound"
  std::string note;
  Sourced<GpuHours> published;
};
/// Every run of the built-in data/training_runs.toml, in file order.
const std::vector<CalibrationRun>& calibration_runs();

/// One run's prediction under the validation.
struct RunValidation {
  CalibrationRun run;
  std::vector<DefaultUsed> defaults;  ///< GPU count, batch or sequence length that stood in
  StepTimeEstimate steady;            ///< the searched optimum
  GpuHours steady_gpu_hours = gpu_hours(0);
  double log_r = 0;                   ///< ln(steady / published)
  RealisedGpuHours in_sample;         ///< with the realisation fitted on every "fit" run
  RealisedGpuHours held_out;          ///< fitted without the run's family ("fit" runs of other families)
  double held_out_error = 0;          ///< held_out.p50 / published − 1
  bool held_out_covered = false;      ///< published within [held_out.p10, held_out.p90]
};
/// The validation: every run predicted, leave-one-family-out first.
struct TrainingValidation {
  std::vector<RunValidation> runs;
  Realisation fitted;                    ///< on every "fit" run (what data/realisation.toml stores)
  double held_out_median_abs_error = 0;  ///< over "fit" runs
  double held_out_max_abs_error = 0;
  double held_out_coverage = 0;          ///< fraction of "fit" runs inside their 80% interval
  double in_sample_median_abs_error = 0;
  int fit_runs = 0;
  std::vector<std::string> families;     ///< of the "fit" runs, in file order
};
/// Predicts every calibration run (one layout search each: seconds, not microseconds).
TrainingValidation validate_training_prediction();
/// The validation as JSON: summary (leave-one-family-out first), then every run.
std::string to_json(const TrainingValidation& v, int indent = 2);

}  // namespace llmcost
