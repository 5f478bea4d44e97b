#pragma once
// File: llmcost/sweep/monte_carlo.hpp
//
// Batch kernels behind scenario Monte Carlo (Eigen arrays, raw doubles in base units):
//   * `fill_uniforms`: the uniforms of one input for sample indices [begin, end) — pseudo-
//     random from std::mt19937_64 seeded per (seed, stream, block of 4,096 indices), or
//     Sobol (boost::random::sobol) dimension `stream`, skipped ahead to `begin`. A sample
//     depends only on (seed, stream, index): results do not depend on threads or chunking.
//   * `apply_quantile`: uniforms → input values by the distribution's inverse CDF;
//   * `correlate_uniforms`: a Gaussian copula on the uniforms of several inputs, so that the
//     inputs keep their marginal distributions and get given Spearman rank correlations;
//   * `training_cost_kernel`: the training-cost chain on columns,
//       GPU-h = tokens × FLOP/token / (MFU × peak × goodput) / 3,600 + extra GPU-h,
//       cost = GPU-h × price × (1 + experiments + failed runs);
//   * `summarise_samples`: mean, sd, type-7 percentiles, histogram of one partition, through the
//     mergeable path of every run (sweep/mergeable_summary.hpp).
//
//   Eigen::ArrayXd u(n); fill_uniforms(u, 42, stream_id("efficiency.mfu"), 0, SamplingMethod::random, 0);
//   Eigen::ArrayXd mfu = apply_quantile(Distribution::triangular(0.3, 0.39, 0.45), u);
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "llmcost/sweep/column.hpp"
#include "llmcost/sweep/distribution.hpp"
#include "llmcost/sweep/summary.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Indices per independently seeded block of the pseudo-random stream.
inline constexpr std::uint64_t mc_block_size = 4096;

/// A stable 64-bit id of an input path (FNV-1a), so that adding an input leaves the
/// streams of the others unchanged.
std::uint64_t stream_id(std::string_view path) noexcept;

/// Fills `u` with the uniforms in (0, 1) of sample indices [begin, begin + u.size()) for
/// `stream` (random) or Sobol dimension `sobol_dimension` of `sobol_dimensions` (sobol).
void fill_uniforms(Eigen::Ref<Eigen::ArrayXd> u, std::uint64_t seed, std::uint64_t stream, std::uint64_t begin,
                   SamplingMethod method, unsigned sobol_dimension, unsigned sobol_dimensions = 1);

/// The distribution's quantiles at `u` (validated distributions only; no throwing inside).
Eigen::ArrayXd apply_quantile(const Distribution& d, const Eigen::ArrayXd& u);

/// The Gaussian-copula parameter (correlation of the normal scores) that gives Spearman rank
/// correlation `spearman` ∈ [−1, 1]: 2 sin(π ρ_s / 6) (Pearson 1907; Kruskal 1958, eq. 4.7).
double gaussian_copula_parameter(double spearman) noexcept;

/// The lower Cholesky factor of the copula matrix for Spearman rank correlations `spearman`
/// (symmetric, unit diagonal), or nothing when the implied matrix is not positive definite
/// (the correlations cannot hold together).
std::optional<Eigen::MatrixXd> copula_cholesky(const Eigen::MatrixXd& spearman);

/// Gaussian copula: column j of `u` holds the uniforms of input j; each row is mapped to normal
/// scores z = Φ⁻¹(u), correlated as L·z (`cholesky_lower` from copula_cholesky) and mapped back
/// by Φ. Each column stays uniform (so each input keeps its marginal distribution under
/// apply_quantile) and the columns get the requested rank correlations. Row-wise, so results do
/// not depend on blocks or threads.
void correlate_uniforms(Eigen::Ref<Eigen::ArrayXXd> u, const Eigen::MatrixXd& cholesky_lower);

/// Inputs of the training-cost chain, one column per input (equal sizes).
struct TrainingCostColumns {
  Column<Tokens::unit_type> tokens;
  Column<FlopsPerToken::unit_type> flop_per_token;
  Column<Ratio::unit_type> mfu;
  Column<FlopsPerSecond::unit_type> peak;
  Column<Ratio::unit_type> goodput;
  Column<GpuHours::unit_type> extra_gpu_hours;      ///< phases given as GPU-hours (base unit: s)
  Column<UsdPerGpuHour::unit_type> price;
  Column<Ratio::unit_type> program_multiplier;     ///< 1 + experiments + failed runs
};
struct TrainingCostOutputs {
  Column<GpuHours::unit_type> gpu_hours;
  Column<Usd::unit_type> final_run_cost;
  Column<Usd::unit_type> compute_cost;
};
/// The training-cost chain on whole columns (no validation: validate the inputs first).
TrainingCostOutputs training_cost_kernel(const TrainingCostColumns& in);

/// Summary of `x` (left unchanged) as a one-partition run gives it.
MetricSummary summarise_samples(const Eigen::ArrayXd& x, const std::vector<double>& percentiles, int histogram_bins);

}  // namespace llmcost
