#pragma once
// File: llmcost/sweep/sobol_indices.hpp
//
// Variance-based global sensitivity of f(u), u ∈ [0, 1]^k, on whole matrices:
//   A, B: N × k sample matrices; A_B^(i) = A with column i from B.
//   V    = Var over the 2N values f(A), f(B)
//   S_i  = mean( f(B) · (f(A_B^(i)) − f(A)) ) / V         (Saltelli et al. 2010, Comput. Phys. Commun. 181, eq. (b))
//   S_Ti = mean( (f(A) − f(A_B^(i)))² ) / (2V)            (Jansen 1999, the "Jansen" total estimator)
// Confidence intervals: percentile bootstrap over the N rows (same resample for every index).
// A and B come from one Sobol sequence of dimension 2k (or seeded mt19937_64 uniforms).
//
//   auto f = [](const Eigen::ArrayXXd& u) -> Eigen::ArrayXd { return u.col(0) + 2 * u.col(1); };
//   SobolIndicesRaw s = sobol_indices(2, f, 8192, 200, 1);
//   s.first[0];  s.total[1];
#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Core>

#include "llmcost/sweep/summary.hpp"

namespace llmcost {

/// Sobol indices per input dimension with bootstrap CIs (index order = column order).
struct SobolIndicesRaw {
  double variance = 0;
  std::vector<double> first, first_low, first_high;
  std::vector<double> total, total_low, total_high;
};

/// A model on a batch: rows are points u ∈ (0, 1)^k, the result has one value per row.
using BatchModel = std::function<Eigen::ArrayXd(const Eigen::ArrayXXd& u)>;

/// Estimates first-order and total Sobol indices of `f` over k uniform inputs.
/// @param k           number of inputs (≥ 1)
/// @param f           the model on an N × k batch
/// @param n           base samples N (≥ 2)
/// @param bootstrap   resamples for the CIs (0: CIs equal the estimate)
/// @param seed        seeds the bootstrap (and the random matrices)
/// @param confidence  two-sided level of the CI, in (0, 1)
/// @throws invalid_input [llmcost.sensitivity.invalid] for bad arguments, out_of_domain
///         [llmcost.sensitivity.zero_variance] when f is constant.
SobolIndicesRaw sobol_indices(int k, const BatchModel& f, std::uint64_t n, int bootstrap = 200,
                              std::uint64_t seed = 0, double confidence = 0.95,
                              SamplingMethod method = SamplingMethod::sobol);

}  // namespace llmcost
