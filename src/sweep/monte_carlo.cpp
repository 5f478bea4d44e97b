// Monte Carlo batch kernels (see sweep/monte_carlo.hpp).
#include "llmcost/sweep/monte_carlo.hpp"

#include "llmcost/estimate/training.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>
#include <type_traits>
#include <utility>

#include <Eigen/Cholesky>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>

namespace llmcost {

std::uint64_t stream_id(std::string_view path) noexcept {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  for (unsigned char c : path) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

namespace {
// (0, 1) from 53 random bits, never 0 or 1.
inline double to_open_unit(std::uint64_t x) { return (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53; }

std::mt19937_64 block_engine(std::uint64_t seed, std::uint64_t stream, std::uint64_t block) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32),
                    static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32)};
  return std::mt19937_64(seq);
}
}  // namespace

void fill_uniforms(Eigen::Ref<Eigen::ArrayXd> u, std::uint64_t seed, std::uint64_t stream, std::uint64_t begin,
                   SamplingMethod method, unsigned sobol_dimension, unsigned sobol_dimensions) {
  const auto n = static_cast<std::uint64_t>(u.size());
  if (n == 0) return;
  if (method == SamplingMethod::sobol) {
    // Point i of the sequence (the all-zero first point is skipped: it maps to u = 0).
    boost::random::sobol eng(sobol_dimensions);
    eng.discard((begin + 1) * sobol_dimensions);
    const double scale = 1.0 / (static_cast<double>(eng.max()) + 1.0);
    for (std::uint64_t i = 0; i < n; ++i) {
      double x = 0;
      for (unsigned d = 0; d < sobol_dimensions; ++d) {
        const auto v = eng();
        if (d == sobol_dimension) x = (static_cast<double>(v) + 0.5) * scale;
      }
      u[static_cast<Eigen::Index>(i)] = x;
    }
    return;
  }
  std::uint64_t i = 0;
  while (i < n) {
    const std::uint64_t index = begin + i;
    const std::uint64_t block = index / mc_block_size;
    const std::uint64_t offset = index % mc_block_size;
    std::mt19937_64 eng = block_engine(seed, stream, block);
    eng.discard(offset);
    const std::uint64_t take = std::min(n - i, mc_block_size - offset);
    for (std::uint64_t j = 0; j < take; ++j) u[static_cast<Eigen::Index>(i + j)] = to_open_unit(eng());
    i += take;
  }
}

Eigen::ArrayXd apply_quantile(const Distribution& d, const Eigen::ArrayXd& u) {
  Eigen::ArrayXd x(u.size());
  switch (d.kind) {
    case DistributionKind::fixed: x.setConstant(d.value); break;
    case DistributionKind::uniform: x = d.low + u * (d.high - d.low); break;
    case DistributionKind::triangular: {
      const double w = d.high - d.low, fc = (d.mode - d.low) / w;
      const double kl = w * (d.mode - d.low), kh = w * (d.high - d.mode);
      x = (u < fc).select(d.low + (u * kl).sqrt(), d.high - ((1 - u) * kh).sqrt());
      break;
    }
    default:
      for (Eigen::Index i = 0; i < u.size(); ++i) x[i] = d.quantile(u[i]);
  }
  return x;
}

double gaussian_copula_parameter(double spearman) noexcept { return 2.0 * std::sin(M_PI * spearman / 6.0); }

std::optional<Eigen::MatrixXd> copula_cholesky(const Eigen::MatrixXd& spearman) {
  const Eigen::Index k = spearman.rows();
  Eigen::MatrixXd c(k, k);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < k; ++j) c(i, j) = i == j ? 1.0 : gaussian_copula_parameter(spearman(i, j));
  Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() != Eigen::Success) return std::nullopt;
  Eigen::MatrixXd l = llt.matrixL();
  // Positive definite, but so close to singular that the normal scores degenerate: refuse too.
  if ((l.diagonal().array() < 1e-6).any()) return std::nullopt;
  return l;
}

void correlate_uniforms(Eigen::Ref<Eigen::ArrayXXd> u, const Eigen::MatrixXd& cholesky_lower) {
  static const boost::math::normal_distribution<double> std_normal(0.0, 1.0);
  const Eigen::Index k = u.cols();
  Eigen::VectorXd z(k), y(k);
  for (Eigen::Index r = 0; r < u.rows(); ++r) {
    for (Eigen::Index j = 0; j < k; ++j) z[j] = boost::math::quantile(std_normal, u(r, j));
    y.noalias() = cholesky_lower.triangularView<Eigen::Lower>() * z;
    for (Eigen::Index j = 0; j < k; ++j) {
      // Φ(y) in (0, 1): the uniforms stay open so every quantile function is defined.
      u(r, j) = std::clamp(0.5 * std::erfc(-y[j] / std::sqrt(2.0)), 0x1.0p-60, 1.0 - 0x1.0p-53);
    }
  }
}

TrainingCostOutputs training_cost_kernel(const TrainingCostColumns& in) {
  // The unit algebra is checked on the column TYPES (tokens × FLOP/tok / (FLOP/s × 1 × 1) × GPU
  // = GPU·s; GPU·s × USD/(GPU·s) = USD); the arithmetic is one fused Eigen expression per
  // output, without the temporaries of the column operators.
  using UsefulUnit = decltype((in.tokens * in.flop_per_token) / (in.peak * in.mfu * in.goodput) * gpu_count(1.0));
  static_assert(std::is_same_v<typename UsefulUnit::unit_type, GpuHours::unit_type>, "GPU-time expected");
  using CostUnit = decltype(std::declval<Column<GpuHours::unit_type>>() * in.price);
  static_assert(std::is_same_v<typename CostUnit::unit_type, Usd::unit_type>, "USD expected");
  TrainingCostOutputs out;
  // The training chain's kernels (llmcost/estimate/training.hpp), as the scalar estimator.
  out.gpu_hours.v = kernels::gpu_seconds_at_mfu(kernels::training_flop(in.tokens.v, in.flop_per_token.v), in.mfu.v,
                                                in.peak.v, in.goodput.v) +
                    in.extra_gpu_hours.v;
  out.final_run_cost.v = out.gpu_hours.v * in.price.v;
  out.compute_cost.v = out.final_run_cost.v * in.program_multiplier.v;
  return out;
}

MetricSummary summarise_samples(Eigen::ArrayXd& x, const std::vector<double>& percentiles, int bins) {
  MetricSummary s;
  const auto n = x.size();
  if (n == 0) return s;
  // Two passes; when a sum overflows (finite values beyond ~1e154 squared, or ~1e308 summed)
  // they are repeated on x / max|x|, so that finite samples always give a finite mean and sd.
  auto moments = [&](double scale) {
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) sum += x[i] / scale;
    const double mean = sum / static_cast<double>(n);
    double ss = 0;
    for (Eigen::Index i = 0; i < n; ++i) ss += (x[i] / scale - mean) * (x[i] / scale - mean);
    return std::pair{mean * scale, (n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0) * scale};
  };
  std::tie(s.mean, s.sd) = moments(1.0);
  if (!std::isfinite(s.mean) || !std::isfinite(s.sd)) {
    const double scale = x.abs().maxCoeff();
    if (std::isfinite(scale) && scale > 0) std::tie(s.mean, s.sd) = moments(scale);
  }
  std::sort(x.data(), x.data() + n);
  s.min = x[0];
  s.max = x[n - 1];
  if (s.min == s.max) {  // a constant: exactly itself, without the rounding of n additions
    s.mean = s.min;
    s.sd = 0;
  }
  for (double p : percentiles) {
    // Hyndman & Fan type 7 (numpy's default): h = (n − 1)·p/100
    const double h = static_cast<double>(n - 1) * p / 100.0;
    const auto lo = static_cast<Eigen::Index>(std::floor(h));
    const Eigen::Index hi = std::min<Eigen::Index>(lo + 1, n - 1);
    const double f = h - static_cast<double>(lo);
    double v = x[lo] + f * (x[hi] - x[lo]);
    if (!std::isfinite(v)) v = (1 - f) * x[lo] + f * x[hi];  // x[hi] − x[lo] overflowed
    s.percentiles.emplace_back(p, v);
  }
  if (bins > 0) {
    // A constant sample gets one unit-wide bin range, or a relative one where +1 is below the
    // resolution of the value (|x| ≥ 2^53), so that the width is never 0.
    double lo = s.min, hi = s.max;
    if (!(hi > lo)) {
      const double pad = std::max(1.0, std::abs(lo) * 1e-9);
      hi = lo + pad;
      if (!std::isfinite(hi)) {  // at the top of the double range: widen downwards
        hi = lo;
        lo -= pad;
      }
    }
    const double width = std::isfinite(hi - lo) ? (hi - lo) / bins : hi / bins - lo / bins;
    for (int b = 0; b <= bins; ++b) {
      const double e = lo + b * width;
      s.histogram.edges.push_back(std::isfinite(e) ? e : hi - (bins - b) * width);  // b·width overflowed
    }
    s.histogram.edges.back() = hi;
    s.histogram.counts.assign(static_cast<std::size_t>(bins), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      double offset = (x[i] - lo) / width;
      if (!std::isfinite(offset)) offset = x[i] / width - lo / width;
      const double at = std::clamp(offset, 0.0, static_cast<double>(bins - 1));
      ++s.histogram.counts[static_cast<std::size_t>(at)];
    }
  }
  return s;
}

}  // namespace llmcost
