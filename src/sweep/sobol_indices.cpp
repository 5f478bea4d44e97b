// Sobol sensitivity indices (see sweep/sobol_indices.hpp).
#include "llmcost/sweep/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"

namespace llmcost {

namespace {
constexpr const char* kTag = "llmcost.sensitivity.invalid";

struct Estimates {
  std::vector<double> first, total;
};

// Estimates over the rows `idx` of fA, fB and fABi (column i).
Estimates estimate(const Eigen::ArrayXd& fA, const Eigen::ArrayXd& fB, const Eigen::ArrayXXd& fAB,
                   const std::vector<Eigen::Index>& idx, double& variance) {
  const auto n = static_cast<double>(idx.size());
  double sum = 0, sum2 = 0;
  for (auto r : idx) {
    sum += fA[r] + fB[r];
    sum2 += fA[r] * fA[r] + fB[r] * fB[r];
  }
  const double mean = sum / (2 * n);
  variance = sum2 / (2 * n) - mean * mean;
  Estimates e;
  const auto k = fAB.cols();
  for (Eigen::Index i = 0; i < k; ++i) {
    double s1 = 0, st = 0;
    for (auto r : idx) {
      s1 += fB[r] * (fAB(r, i) - fA[r]);           // Saltelli et al. 2010
      st += (fA[r] - fAB(r, i)) * (fA[r] - fAB(r, i));  // Jansen 1999
    }
    e.first.push_back(variance > 0 ? s1 / n / variance : 0.0);
    e.total.push_back(variance > 0 ? st / (2 * n) / variance : 0.0);
  }
  return e;
}

double percentile_of(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace

SobolIndicesRaw sobol_indices(int k, const BatchModel& f, std::uint64_t n, int bootstrap, std::uint64_t seed,
                              double confidence, SamplingMethod method) {
  LLMCOST_REQUIRE(k >= 1, invalid_input, kTag, "k = ", k, " inputs; need at least 1");
  LLMCOST_REQUIRE(n >= 2 && n <= (1ULL << 26), invalid_input, kTag, "base samples N = ", n, " must be in [2, 2^26]");
  LLMCOST_REQUIRE(bootstrap >= 0 && bootstrap <= 100000, invalid_input, kTag, "bootstrap = ", bootstrap,
                  " must be in [0, 100000]");
  LLMCOST_REQUIRE(confidence > 0 && confidence < 1, invalid_input, kTag, "confidence = ", confidence,
                  " must be in (0, 1)");
  const auto rows = static_cast<Eigen::Index>(n);
  Eigen::ArrayXXd A(rows, k), B(rows, k);
  const auto dims = static_cast<unsigned>(2 * k);
  for (int j = 0; j < 2 * k; ++j) {
    Eigen::ArrayXd u(rows);
    fill_uniforms(u, seed, stream_id("sobol-matrix") + static_cast<std::uint64_t>(j), 0, method,
                  static_cast<unsigned>(j), dims);
    if (j < k) A.col(j) = u; else B.col(j - k) = u;
  }
  Eigen::ArrayXd fA = f(A), fB = f(B);
  LLMCOST_REQUIRE(fA.size() == rows && fB.size() == rows, invalid_input, kTag, "the model returned ", fA.size(),
                  " values for ", rows, " rows");
  Eigen::ArrayXXd fAB(rows, k);
  for (int i = 0; i < k; ++i) {
    Eigen::ArrayXXd ABi = A;
    ABi.col(i) = B.col(i);
    const Eigen::ArrayXd y = f(ABi);
    LLMCOST_REQUIRE(y.size() == rows, invalid_input, kTag, "the model returned ", y.size(), " values for ", rows, " rows");
    fAB.col(i) = y;
  }
  LLMCOST_REQUIRE(fA.allFinite() && fB.allFinite() && fAB.allFinite(), out_of_domain,
                  "llmcost.sensitivity.non_finite", "the model returned NaN or infinity on some samples");
  // The estimators sum squares: outputs beyond ~1e150 (or below ~1e-150) would overflow (or
  // underflow) them, so such outputs are divided by their largest magnitude first. The indices
  // are ratios and do not change; the variance is scaled back (and may then be infinite).
  const double scale = std::max({fA.abs().maxCoeff(), fB.abs().maxCoeff(), fAB.abs().maxCoeff()});
  const bool rescale = scale > 0 && (scale > 1e150 || scale < 1e-150);
  if (rescale) {
    fA /= scale;
    fB /= scale;
    fAB /= scale;
  }
  std::vector<Eigen::Index> all(static_cast<std::size_t>(rows));
  for (Eigen::Index r = 0; r < rows; ++r) all[static_cast<std::size_t>(r)] = r;
  SobolIndicesRaw out;
  const Estimates e = estimate(fA, fB, fAB, all, out.variance);
  LLMCOST_REQUIRE(out.variance > 0, out_of_domain, "llmcost.sensitivity.zero_variance",
                  "the output does not vary over the inputs' distributions (variance 0); Sobol indices are undefined");
  if (rescale) out.variance *= scale * scale;
  out.first = e.first;
  out.total = e.total;
  out.first_low = out.first_high = out.first;
  out.total_low = out.total_high = out.total;
  if (bootstrap > 0) {
    std::mt19937_64 eng(seed ^ 0x5eedb007ULL);
    std::uniform_int_distribution<Eigen::Index> pick(0, rows - 1);
    std::vector<std::vector<double>> bf(static_cast<std::size_t>(k)), bt(static_cast<std::size_t>(k));
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(rows));
    for (int b = 0; b < bootstrap; ++b) {
      for (auto& r : idx) r = pick(eng);
      double v = 0;
      const Estimates eb = estimate(fA, fB, fAB, idx, v);
      for (std::size_t i = 0; i < static_cast<std::size_t>(k); ++i) {
        bf[i].push_back(eb.first[i]);
        bt[i].push_back(eb.total[i]);
      }
    }
    const double a = (1 - confidence) / 2;
    for (std::size_t i = 0; i < static_cast<std::size_t>(k); ++i) {
      out.first_low[i] = percentile_of(bf[i], a);
      out.first_high[i] = percentile_of(bf[i], 1 - a);
      out.total_low[i] = percentile_of(bt[i], a);
      out.total_high[i] = percentile_of(bt[i], 1 - a);
    }
  }
  return out;
}

}  // namespace llmcost
