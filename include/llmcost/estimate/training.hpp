#pragma once
// File: llmcost/estimate/training.hpp
//
// Training cost of a run made of phases (pre-training, context extension, post-training)
// on a homogeneous cluster. Model-independent: each phase carries its training FLOPs per
// token, computed by the caller (e.g. `training_flops_per_token(model, seq_len)` from
// llmcost/model, or 6·N_active — Kaplan et al. 2020, C ≈ 6·N·D).
//
//   FLOPs            F = tokens × FLOPs/token
//   efficiency       one of: MFU m against the dense peak of a named precision p
//                      → useful GPU-time = F / (m × peak_p);
//                    measured tokens/s per GPU t → useful GPU-time = tokens / t;
//                    GPU-hours given directly (taken as BILLED GPU-hours; goodput not applied)
//   goodput          g ∈ (0, 1], fraction of wall-clock doing useful work:
//                      billed GPU-hours H = useful GPU-time / g
//   wall-clock       H / GPUs
//   implied MFU      F / (H × peak_bf16) and F / (H × peak_fp8) (whole-run, goodput included)
//   cost             H × price (rental) or H × TCO $/GPU-hour (ownership), with breakdown
//
// DeepSeek-V3 (Technical Report Table 1): 2,664K + 119K + 5K H800 GPU-hours × $2 = $5.576M.
//
//   TrainingRun run{{{"pre-training", token_count(14.8e12), token_count(4096), Precision::fp8,
//                      flop_per_token(6 * 37e9)}}, Cluster{chip("H800"), gpu_count(2048)}, Mfu{ratio(0.3894)}};
//   TrainingEstimate e = estimate_training(run, deepseek_rental_assumption());
//   e.total.gpu_hours; e.total.cost.total(); in_days(e.total.wall_clock);
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/pricing/rental.hpp"
#include "llmcost/pricing/tco.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Model FLOPs utilisation against the dense peak of `basis` (PaLM's definition).
/// (Constructors rather than aggregates, so that `Mfu{ratio(0.4), Precision::bf16}` leaves the
/// source empty without -Wmissing-field-initializers noise in callers' builds.)
struct Mfu {
  Ratio value = ratio(0);             ///< in (0, 1]
  Precision basis = Precision::bf16;  ///< whose peak the MFU is quoted against
  std::string source;                 ///< where the value comes from; empty: stated by the caller
  Mfu() = default;
  explicit Mfu(Ratio v, Precision b = Precision::bf16, std::string src = {})
      : value(v), basis(b), source(std::move(src)) {}
};
/// Measured training throughput per GPU (during training steps; goodput applied on top).
struct MeasuredThroughput {
  TokensPerSecond per_gpu = tokens_per_s(0);  ///< [tok/s/GPU], > 0
  std::string source;                         ///< where the value comes from; empty: stated by the caller
  MeasuredThroughput() = default;
  explicit MeasuredThroughput(TokensPerSecond v, std::string src = {}) : per_gpu(v), source(std::move(src)) {}
};
/// Billed GPU-hours given directly (e.g. a published figure); goodput is not applied.
struct GivenGpuHours {
  GpuHours value = gpu_hours(0);  ///< > 0
  std::string source;             ///< where the value comes from; empty: stated by the caller
  GivenGpuHours() = default;
  explicit GivenGpuHours(GpuHours v, std::string src = {}) : value(v), source(std::move(src)) {}
};
/// How the run's speed is specified.
using Efficiency = std::variant<Mfu, MeasuredThroughput, GivenGpuHours>;

/// One line saying which efficiency was used, e.g. "MFU 44.7% of the BF16 peak (step-time
/// model: tp1-pp16(dualpipe)-...)" or "2.664M GPU-hours given".
std::string describe(const Efficiency& e);

/// One phase of a run.
struct TrainingPhase {
  std::string name;                     ///< e.g. "pre-training"
  Tokens tokens = token_count(0);       ///< tokens processed [tok], > 0
  Tokens seq_len = token_count(0);      ///< sequence length [tok], > 0 (informational here)
  Precision precision = Precision::bf16;  ///< matmul precision; the chip must support it
  FlopsPerToken training_flops_per_token = flop_per_token(0);  ///< fwd+bwd FLOP/tok, > 0
  std::optional<Efficiency> efficiency;  ///< overrides the run's efficiency for this phase
};

/// A homogeneous cluster.
struct Cluster {
  Accelerator accelerator;      ///< a copy (catalog entries are cheap to copy once)
  Gpus count = gpu_count(0);    ///< > 0
};

/// A training run: phases on one cluster with a run-level efficiency and goodput.
struct TrainingRun {
  std::vector<TrainingPhase> phases;
  Cluster cluster;
  Efficiency efficiency = Mfu{};
  Ratio goodput = ratio(1);  ///< fraction of wall-clock doing useful work, in (0, 1]
};

/// Rental (price × GPU-hours) or ownership TCO ($/GPU-hour from tco_per_gpu_hour).
using PricingModel = std::variant<RentalPricing, OwnershipTco>;

/// Cost with its breakdown [USD]. Rental puts everything in `rental`.
struct CostBreakdown {
  Usd rental = usd(0);
  Usd hardware = usd(0);
  Usd capital = usd(0);
  Usd power = usd(0);
  Usd facility = usd(0);
  Usd maintenance = usd(0);
  [[nodiscard]] Usd total() const { return rental + hardware + capital + power + facility + maintenance; }
};

/// Estimate of one phase (or of the whole run in `TrainingEstimate::total`).
struct PhaseEstimate {
  std::string name;
  Tokens tokens = token_count(0);
  Flops flops = flop(0);                    ///< training FLOPs
  GpuHours gpu_hours{};                     ///< billed GPU-hours (goodput included)
  Seconds wall_clock = seconds(0);          ///< GPU-hours / GPUs (in_days() for days)
  std::optional<Ratio> implied_mfu_bf16;    ///< FLOPs / (GPU-hours × BF16 peak); absent if no BF16 peak
  std::optional<Ratio> implied_mfu_fp8;     ///< FLOPs / (GPU-hours × FP8 peak); absent if no FP8 peak
  TokensPerSecond tokens_per_s_per_gpu = tokens_per_s(0);  ///< tokens / billed GPU-seconds
  CostBreakdown cost;
  /// The efficiency this phase used (its own, else the run's; for the total, the run's), so that
  /// a report can say whether an MFU was stated, measured or predicted (describe()).
  Efficiency efficiency = Mfu{};
};

/// Estimate of a run: each phase and the total.
struct TrainingEstimate {
  std::vector<PhaseEstimate> phases;
  PhaseEstimate total;                       ///< name "total"
  UsdPerGpuHour price = usd_per_gpu_hour(0); ///< effective price used
  Gpus gpus = gpu_count(0);
};

/// The training chain's formulas, written once over raw values in base units (doubles, or Eigen
/// arrays and expressions): the checked estimator below, the numpy batch and the scenario Monte
/// Carlo kernel all evaluate these, so their results agree bit for bit by construction. No
/// validation here: callers check their inputs first.
namespace kernels {

/// Training FLOPs of a phase [FLOP]: tokens × FLOPs per token.
template <class Tokens_, class FlopPerToken>
[[nodiscard]] inline auto training_flop(const Tokens_& tokens, const FlopPerToken& flop_per_token) {
  return tokens * flop_per_token;
}
/// Billed GPU-seconds at MFU `mfu` of the peak `peak_flop_per_s` with goodput `goodput`:
/// F / (MFU × peak) / goodput.
template <class Flop, class Mfu_, class Peak, class Goodput>
[[nodiscard]] inline auto gpu_seconds_at_mfu(const Flop& flop, const Mfu_& mfu, const Peak& peak_flop_per_s,
                                             const Goodput& goodput) {
  return flop / (mfu * peak_flop_per_s) / goodput;
}
/// Billed GPU-seconds at a measured throughput [tokens/s per GPU]: tokens / throughput / goodput.
template <class Tokens_, class Throughput, class Goodput>
[[nodiscard]] inline auto gpu_seconds_at_throughput(const Tokens_& tokens, const Throughput& tokens_per_s_per_gpu,
                                                    const Goodput& goodput) {
  return tokens / tokens_per_s_per_gpu / goodput;
}
/// Wall-clock seconds: GPU-seconds / GPUs.
template <class GpuSeconds, class Gpus_>
[[nodiscard]] inline auto wall_clock_seconds(const GpuSeconds& gpu_seconds, const Gpus_& gpus) {
  return gpu_seconds / gpus;
}
/// Whole-run MFU implied against a peak: F / (GPU-seconds × peak).
template <class Flop, class GpuSeconds, class Peak>
[[nodiscard]] inline auto implied_mfu(const Flop& flop, const GpuSeconds& gpu_seconds, const Peak& peak_flop_per_s) {
  return flop / (gpu_seconds * peak_flop_per_s);
}

}  // namespace kernels

namespace detail {

inline constexpr const char* kTrainingTag = "llmcost.training.invalid";

/// Billed GPU-seconds of a phase; validates the efficiency. Accepted ranges: MFU (0, 1],
/// measured throughput [1e-6, 1e12] tokens/s per GPU, given GPU-hours [1e-6, 1e15].
inline double phase_gpu_seconds(const Accelerator& a, const Efficiency& eff, double flops, double tokens,
                                double goodput) {
  constexpr const char* kOverflow = "llmcost.training.overflow";
  if (const auto* m = std::get_if<Mfu>(&eff)) {
    require_efficiency(to_raw(m->value), "mfu", "llmcost.training.mfu");
    const double peak = to_raw(a.require_peak(m->basis));
    return require_finite_result(kernels::gpu_seconds_at_mfu(flops, to_raw(m->value), peak, goodput), "gpu_hours",
                                 "tokens, training_flop_per_token, 1/mfu, 1/goodput and 1/(the chip's peak)",
                                 kOverflow);
  }
  if (const auto* t = std::get_if<MeasuredThroughput>(&eff)) {
    require_in_range(to_raw(t->per_gpu), 1e-6, kMaxTokensPerSecondPerGpu, "tokens_per_s_per_gpu",
                     "llmcost.training.throughput");
    return require_finite_result(kernels::gpu_seconds_at_throughput(tokens, to_raw(t->per_gpu), goodput), "gpu_hours",
                                 "tokens and 1/goodput", kOverflow);
  }
  const auto& g = std::get<GivenGpuHours>(eff);
  require_in_range(in_gpu_hours(g.value), 1e-6, kMaxGpuHours, "gpu_hours", "llmcost.training.gpu_hours");
  return to_raw(g.value);
}

/// Every number of an estimate must be finite: the check at the place results are built.
inline void require_finite_phase(const PhaseEstimate& p) {
  constexpr const char* kOverflow = "llmcost.training.overflow";
  constexpr const char* kInputs = "tokens, training_flop_per_token, the efficiency and price_usd_per_gpu_hour";
  for (const double v : {to_raw(p.flops), to_raw(p.gpu_hours), to_raw(p.wall_clock), to_raw(p.tokens_per_s_per_gpu),
                         to_raw(p.cost.total())})
    require_finite_result(v, "the training estimate", kInputs, kOverflow);
  for (const auto& r : {p.implied_mfu_bf16, p.implied_mfu_fp8})
    if (r) require_finite_result(to_raw(*r), "the implied MFU", kInputs, kOverflow);
}

inline void fill_derived(PhaseEstimate& p, const Accelerator& a, double gpus) {
  const double gpu_s = to_raw(p.gpu_hours);
  p.wall_clock = seconds(kernels::wall_clock_seconds(gpu_s, gpus));
  p.tokens_per_s_per_gpu = tokens_per_s(to_raw(p.tokens) / gpu_s);
  if (const auto* bf = a.peak_at(Precision::bf16))
    p.implied_mfu_bf16 = ratio(kernels::implied_mfu(to_raw(p.flops), gpu_s, to_raw(bf->value)));
  if (const auto* f8 = a.peak_at(Precision::fp8))
    p.implied_mfu_fp8 = ratio(kernels::implied_mfu(to_raw(p.flops), gpu_s, to_raw(f8->value)));
}

inline CostBreakdown price_gpu_hours(GpuHours h, const PricingModel& pricing, UsdPerGpuHour& effective) {
  CostBreakdown c;
  if (const auto* r = std::get_if<RentalPricing>(&pricing)) {
    c.rental = r->cost(h);
    effective = r->price;
    return c;
  }
  const TcoBreakdown b = tco_per_gpu_hour(std::get<OwnershipTco>(pricing));
  c.hardware = h * b.hardware;
  c.capital = h * b.capital;
  c.power = h * b.power;
  c.facility = h * b.facility;
  c.maintenance = h * b.maintenance;
  effective = b.total();
  return c;
}

}  // namespace detail

/// Estimates every phase of `run` and the total under `pricing`.
/// @throws invalid_input [llmcost.training.invalid] no phases, or an input outside its accepted
///         range: GPUs a whole number in [1, 1e7], tokens [1, 1e18], seq_len a whole number in
///         [1, 1e8], training FLOPs per token [1, 1e25]; out_of_domain [llmcost.training.goodput] goodput ∉ (0, 1],
///         [llmcost.training.mfu] MFU ∉ (0, 1]; invalid_input [llmcost.training.throughput] /
///         [llmcost.training.gpu_hours] for a non-positive measured throughput or given GPU-hours;
///         [llmcost.hardware.unsupported_precision] when the chip lacks a phase's precision or
///         the MFU basis (FP8 on an A100); the pricing model's own tags; out_of_domain
///         [llmcost.training.overflow] when in-range inputs still give a non-finite result.
inline TrainingEstimate estimate_training(const TrainingRun& run, const PricingModel& pricing) {
  using detail::to_raw;
  const Accelerator& a = run.cluster.accelerator;
  const double gpus = detail::require_whole(to_raw(run.cluster.count), 1, detail::kMaxGpus, "gpus", detail::kTrainingTag);
  const double goodput = detail::require_efficiency(to_raw(run.goodput), "goodput", "llmcost.training.goodput");
  LLMCOST_REQUIRE(!run.phases.empty(), invalid_input, detail::kTrainingTag, "a training run needs at least one phase");
  TrainingEstimate e;
  e.gpus = run.cluster.count;
  e.phases.reserve(run.phases.size());
  e.total.name = "total";
  double total_gpu_s = 0, total_flops = 0, total_tokens = 0;
  for (const auto& ph : run.phases) {
    const double tokens = detail::require_in_range(to_raw(ph.tokens), 1, detail::kMaxRunTokens, "tokens",
                                                   detail::kTrainingTag);
    detail::require_whole(to_raw(ph.seq_len), 1, detail::kMaxSeqLen, "seq_len", detail::kTrainingTag);
    const double fpt = detail::require_in_range(to_raw(ph.training_flops_per_token), 1, detail::kMaxFlopsPerToken,
                                                "training_flop_per_token", detail::kTrainingTag);
    (void)a.require_peak(ph.precision);  // the chip must support the phase's precision
    PhaseEstimate p;
    p.name = ph.name;
    p.tokens = ph.tokens;
    p.flops = flop(kernels::training_flop(tokens, fpt));
    const Efficiency& eff = ph.efficiency ? *ph.efficiency : run.efficiency;
    const double gpu_s = detail::phase_gpu_seconds(a, eff, to_raw(p.flops), tokens, goodput);
    p.efficiency = eff;
    p.gpu_hours = detail::from_raw<GpuHours>(gpu_s);
    detail::fill_derived(p, a, gpus);
    p.cost = detail::price_gpu_hours(p.gpu_hours, pricing, e.price);
    detail::require_finite_phase(p);
    total_gpu_s += gpu_s;
    total_flops += to_raw(p.flops);
    total_tokens += tokens;
    e.phases.push_back(std::move(p));
  }
  e.total.tokens = token_count(total_tokens);
  e.total.flops = flop(total_flops);
  e.total.gpu_hours = detail::from_raw<GpuHours>(total_gpu_s);
  e.total.efficiency = run.efficiency;
  detail::fill_derived(e.total, a, gpus);
  for (const auto& p : e.phases) {
    e.total.cost.rental += p.cost.rental;
    e.total.cost.hardware += p.cost.hardware;
    e.total.cost.capital += p.cost.capital;
    e.total.cost.power += p.cost.power;
    e.total.cost.facility += p.cost.facility;
    e.total.cost.maintenance += p.cost.maintenance;
  }
  detail::require_finite_phase(e.total);
  return e;
}

/// The estimate as JSON (snake_case keys with units in the name, SI values; null for
/// absent implied MFUs). The same shape is used by the CLI and Python's `to_dict()`.
std::string to_json(const TrainingEstimate& e, int indent = 2);

}  // namespace llmcost
