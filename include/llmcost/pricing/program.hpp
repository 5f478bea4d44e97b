#pragma once
// File: llmcost/pricing/program.hpp
//
// Program cost: what a model's development costs beyond its final training run.
// DeepSeek-V3's $5.576M "include only the official training of DeepSeek-V3, excluding
// the costs associated with prior research and ablation experiments on architectures,
// algorithms, or data" (DeepSeek-V3 Technical Report, arXiv:2412.19437, §1).
//
//   compute  = final_run × (1 + experiments + failed_runs)
//   staff    = compute × s / (1 − s)        (s = staff share of development cost)
//   program  = compute + staff + data
//
// Each factor is a low/base/high range. Sources: Cottier et al. 2024 (arXiv:2405.21015)
// find R&D staff 29–49% of development cost (hardware 47–67%, energy 2–6%) for frontier
// models — graded secondary (our reference relays the paper). The experiments and
// failed-run multipliers have NO public source for DeepSeek: they are llmcost
// assumptions, graded weak; read the range, not the base.
//
//   ProgramCost p = program_cost(usd(5.576e6), default_program_assumptions());
//   p.base.total();   // ≈ $18M with the weak base multipliers
#include <string>

#include "llmcost/error.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// A dimensionless factor as low/base/high with its source.
struct FactorRange {
  Ratio low = ratio(0), base = ratio(0), high = ratio(0);
  Provenance source;
};

/// A USD amount as low/base/high with its source.
struct UsdRange {
  Usd low = usd(0), base = usd(0), high = usd(0);
  Provenance source;
};

/// Assumptions that turn a final-run cost into a program cost.
struct ProgramAssumptions {
  FactorRange experiments;  ///< research/ablation compute as a multiple of the final run (≥ 0)
  FactorRange failed_runs;  ///< failed/restarted runs as a multiple of the final run (≥ 0)
  FactorRange staff_share;  ///< staff share of total development cost, in [0, 1)
  UsdRange data;            ///< data acquisition/annotation [USD] (≥ 0)
};

/// One scenario (low, base or high) of a program cost [USD].
struct ProgramScenario {
  Usd final_run = usd(0), experiments = usd(0), failed_runs = usd(0), staff = usd(0), data = usd(0);
  [[nodiscard]] Usd compute() const { return final_run + experiments + failed_runs; }
  [[nodiscard]] Usd total() const { return compute() + staff + data; }
};

/// Low / base / high program cost.
struct ProgramCost {
  ProgramScenario low, base, high;
};

/// The default assumptions (see the file comment; experiments/failed-runs/data weak).
ProgramAssumptions default_program_assumptions();

namespace detail {
/// Accepted ranges: final run [0, 1e18] USD, experiments and failed-run multipliers [0, 1e4],
/// staff share [0, 1), data [0, 1e15] USD.
inline constexpr double kMaxProgramUsd = 1e18;
inline constexpr double kMaxProgramMultiplier = 1e4;
inline constexpr double kMaxDataUsd = 1e15;

inline ProgramScenario program_scenario(Usd final_run, Ratio experiments, Ratio failed, Ratio staff_share, Usd data) {
  const std::string tag = "llmcost.program.invalid";
  require_in_range(to_raw(experiments), 0, kMaxProgramMultiplier, "experiments_multiplier", tag);
  require_in_range(to_raw(failed), 0, kMaxProgramMultiplier, "failed_runs_multiplier", tag);
  const double s = to_raw(staff_share);
  LLMCOST_REQUIRE(std::isfinite(s) && s >= 0 && s < 1, out_of_domain, tag, "staff_share = ", s, " is outside [0, 1)");
  require_in_range(to_raw(data), 0, kMaxDataUsd, "data_usd", tag);
  ProgramScenario p;
  p.final_run = final_run;
  p.experiments = final_run * to_raw(experiments);
  p.failed_runs = final_run * to_raw(failed);
  p.staff = p.compute() * (s / (1.0 - s));
  p.data = data;
  require_finite_result(to_raw(p.total()), "the program cost",
                        "final_run_usd, the multipliers, staff_share (near 1) and data_usd", "llmcost.program.overflow");
  return p;
}
}  // namespace detail

/// Program cost for a final run costing `final_run` [USD] under `a`. Throws invalid_input /
/// out_of_domain [llmcost.program.invalid] naming the bad factor and its accepted range
/// (final run [0, 1e18] USD, multipliers [0, 1e4], staff share [0, 1), data [0, 1e15] USD).
inline ProgramCost program_cost(Usd final_run, const ProgramAssumptions& a) {
  detail::require_in_range(detail::to_raw(final_run), 0, detail::kMaxProgramUsd, "final_run_usd",
                           "llmcost.program.invalid");
  return ProgramCost{
      detail::program_scenario(final_run, a.experiments.low, a.failed_runs.low, a.staff_share.low, a.data.low),
      detail::program_scenario(final_run, a.experiments.base, a.failed_runs.base, a.staff_share.base, a.data.base),
      detail::program_scenario(final_run, a.experiments.high, a.failed_runs.high, a.staff_share.high, a.data.high)};
}

}  // namespace llmcost
