// Monte Carlo batch kernels (see sweep/monte_carlo.hpp).
#include "llmcost/sweep/monte_carlo.hpp"

#include "llmcost/estimate/training.hpp"
#include "llmcost/sweep/mergeable_summary.hpp"

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

MetricSummary summarise_samples(const Eigen::ArrayXd& x, const std::vector<double>& percentiles, int bins) {
  // One partition through the mergeable path (sweep/mergeable_summary.hpp), as every run.
  SummaryBuilder b(SummarySpec{percentiles, std::max(bins, 0), {}, {}});
  while (!b.done()) {
    b.add(summary_part(x.data(), static_cast<std::size_t>(x.size()), b.request()));
    b.advance();
  }
  return b.result();
}

}  // namespace llmcost
