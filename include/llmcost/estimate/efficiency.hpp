#pragma once
// File: llmcost/estimate/efficiency.hpp
//
// The default efficiency model: predicts a training run's whole-run MFU (against the
// dense BF16 peak; FP16 where a chip has no BF16) from the chip's peak, the model's
// ACTIVE parameters and the cluster size. Calibrated only on public runs that publish
// GPU-hours and tokens (DeepSeek-V3/V2, Llama 2 7/13/70B, Llama 3 8/70B, Llama 3.1
// 8/70/405B, PaLM, Gopher, GLM-130B) by scripts/calibrate_efficiency.py into
// data/efficiency.toml (embedded):
//
//   ln MFU = a + b·x + c·y + d·x·y + e·ln(G / 2048)
//   x = ln(N_active / 1e10), y = ln(peak / 1e15 FLOP/s), G = GPUs (term dropped when unknown)
//   a, b, c, d: least squares on ln(6·N·D / (GPU-hours·peak)) — Kaplan et al. 2020, C ≈ 6ND;
//   e = ln(0.41/0.43)/ln 2 = −0.069, NOT fitted: Llama 3 (arXiv:2407.21783) Table 4,
//       43% MFU on 8,192 H100 vs 41% on 16,384.
// x, y and G are clamped to the calibration range (no extrapolation; `extrapolated` flags it).
// The predicted MFU is a WHOLE-RUN utilisation (restarts, downtime and long-context
// phases of the published runs are inside it): use it with goodput = 1.
// Accuracy on the 13 runs: median |GPU-hour error| 5.4%, max 47% (DeepSeek-V3, whose FP8
// training beats the dense trend); leave-one-out median 9.0%, max 57% (docs/training.md).
//
//   MfuPrediction m = predict_mfu(chip("H100"), param_count(70e9), gpu_count(8192));
//   Mfu eff{m.mfu, m.basis};
//   for (const auto& row : validate_training()) std::cout << row.id << " " << row.error << "\n";
#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "llmcost/error.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The fitted constants and calibration domain (from data/efficiency.toml).
struct EfficiencyModel {
  double intercept = 0, params_coef = 0, peak_coef = 0, interaction_coef = 0;
  double cluster_elasticity = 0;       ///< fixed from Llama 3 Table 4
  Gpus reference_gpus = gpu_count(2048);
  Params min_active_params = param_count(0), max_active_params = param_count(0);
  FlopsPerSecond min_peak = flop_per_s(0), max_peak = flop_per_s(0);
  Gpus min_gpus = gpu_count(0), max_gpus = gpu_count(0);
  Ratio median_abs_error = ratio(0), max_abs_error = ratio(0);          ///< in-sample, GPU-hours
  Ratio loo_median_abs_error = ratio(0), loo_max_abs_error = ratio(0);  ///< leave-one-out
};

/// The built-in model (parsed once from the embedded data/efficiency.toml).
const EfficiencyModel& default_efficiency_model();

/// A predicted MFU.
struct MfuPrediction {
  Ratio mfu = ratio(0);               ///< in (0, 1]
  Precision basis = Precision::bf16;  ///< the precision whose dense peak the MFU refers to
  bool extrapolated = false;          ///< an input lay outside the calibration range (clamped)
};

/// Predicted MFU for `active_params` on `peak` (dense BF16 FLOP/s) with `gpus` (nullopt = unknown):
/// the fitted formula above, each input clamped to the calibration range. Throws invalid_input
/// [llmcost.efficiency.invalid] for non-finite or non-positive inputs.
[[nodiscard]] inline MfuPrediction predict_mfu(FlopsPerSecond peak, Params active_params, std::optional<Gpus> gpus,
                                               const EfficiencyModel& m) {
  constexpr std::string_view tag = "llmcost.efficiency.invalid";
  double p = detail::require_positive(detail::to_raw(peak), "peak_flop_per_s", tag);
  double n = detail::require_positive(detail::to_raw(active_params), "active_params", tag);
  MfuPrediction out;
  auto clamp = [&out](double v, double lo, double hi) {
    if (v < lo || v > hi) out.extrapolated = true;
    return std::clamp(v, lo, hi);
  };
  n = clamp(n, detail::to_raw(m.min_active_params), detail::to_raw(m.max_active_params));
  p = clamp(p, detail::to_raw(m.min_peak), detail::to_raw(m.max_peak));
  const double x = std::log(n / 1e10), y = std::log(p / 1e15);
  double ln_mfu = m.intercept + m.params_coef * x + m.peak_coef * y + m.interaction_coef * x * y;
  if (gpus) {
    double g = detail::require_positive(detail::to_raw(*gpus), "gpus", tag);
    g = clamp(g, detail::to_raw(m.min_gpus), detail::to_raw(m.max_gpus));
    ln_mfu += m.cluster_elasticity * std::log(g / detail::to_raw(m.reference_gpus));
  }
  out.mfu = ratio(std::min(1.0, std::exp(ln_mfu)));
  return out;
}
/// As above with the built-in model (data/efficiency.toml, compiled into libllmcost).
MfuPrediction predict_mfu(FlopsPerSecond peak, Params active_params, std::optional<Gpus> gpus);

/// Predicted MFU on `chip` (its BF16 peak, else FP16). Throws invalid_input
/// [llmcost.hardware.unsupported_precision] when the chip has neither.
[[nodiscard]] inline MfuPrediction predict_mfu(const Accelerator& chip, Params active_params, std::optional<Gpus> gpus,
                                               const EfficiencyModel& m) {
  const Precision basis = chip.supports(Precision::bf16) ? Precision::bf16 : Precision::fp16;
  MfuPrediction out = predict_mfu(chip.require_peak(basis), active_params, gpus, m);
  out.basis = basis;
  return out;
}
/// As above with the built-in model.
MfuPrediction predict_mfu(const Accelerator& chip, Params active_params, std::optional<Gpus> gpus);

/// One calibration run: published vs predicted GPU-hours.
struct ValidationRow {
  std::string id;              ///< e.g. "llama-3.1-405b"
  std::string model;           ///< e.g. "Llama 3.1 405B"
  std::string chip;            ///< catalog id (TPU-v3 is not in the catalog)
  Params active_params = param_count(0);
  Tokens tokens = token_count(0);
  std::optional<Gpus> gpus;    ///< when published
  GpuHours published = gpu_hours(0);
  GpuHours predicted = gpu_hours(0);  ///< 6·N·D / (predicted MFU × peak)
  Ratio predicted_mfu = ratio(0);
  Ratio error = ratio(0);             ///< predicted / published − 1
  Provenance source;
};

/// `row` predicted at `peak_bf16` under the default model: predicted MFU, GPU-hours
/// 6·N·D / (MFU × peak) (Kaplan et al. 2020, C ≈ 6ND) and error against the published GPU-hours.
ValidationRow predict_at_peak(ValidationRow row, FlopsPerSecond peak_bf16);

/// Every calibration run with its prediction under the default model, in file order.
std::vector<ValidationRow> validate_training();

}  // namespace llmcost
