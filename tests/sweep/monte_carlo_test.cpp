// Tests for llmcost/sweep/monte_carlo.hpp and column.hpp.
#include "llmcost/sweep/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

using namespace llmcost;

TEST(MonteCarloKernels, UniformsDependOnlyOnIndex) {
  Eigen::ArrayXd all(10000), part(3000);
  fill_uniforms(all, 9, stream_id("a"), 0, SamplingMethod::random, 0);
  fill_uniforms(part, 9, stream_id("a"), 4000, SamplingMethod::random, 0);  // crosses a block boundary (4096)
  EXPECT_TRUE((part == all.segment(4000, 3000)).all());
  EXPECT_GT(all.minCoeff(), 0.0);
  EXPECT_LT(all.maxCoeff(), 1.0);
  EXPECT_NEAR(all.mean(), 0.5, 0.01);
  Eigen::ArrayXd s_all(1000), s_part(100);
  fill_uniforms(s_all, 0, 0, 0, SamplingMethod::sobol, 1, 3);
  fill_uniforms(s_part, 0, 0, 500, SamplingMethod::sobol, 1, 3);
  EXPECT_TRUE((s_part == s_all.segment(500, 100)).all());
  EXPECT_NEAR(s_all.mean(), 0.5, 0.002);  // low-discrepancy: much closer than 1/√n
}

TEST(MonteCarloKernels, TrainingChainByHand) {
  // 14.8e12 tok × 250e9 FLOP/tok = 3.7e24 FLOP; / (0.4 × 989e12 = 3.956e14 FLOP/s) = 9.352882e9 GPU·s
  // = 2,598,022.7 GPU-h; × $2/GPU-h = $5,196,045.4; × (1 + 1) = $10,392,090.8
  TrainingCostColumns c;
  auto col = [](double x) { return Eigen::ArrayXd::Constant(2, x); };
  c.tokens.v = col(14.8e12);
  c.flop_per_token.v = col(250e9);
  c.mfu.v = col(0.4);
  c.peak.v = col(989e12);
  c.goodput.v = col(1.0);
  c.extra_gpu_hours.v = col(0.0);
  c.price.v = col(2.0 / 3600);
  c.program_multiplier.v = col(2.0);
  const auto o = training_cost_kernel(c);
  EXPECT_NEAR(o.gpu_hours.v[0] / 3600, 2598022.7, 0.5);
  EXPECT_NEAR(o.final_run_cost.v[1], 5196045.4, 1);
  EXPECT_NEAR(o.compute_cost.v[0], 10392090.8, 2);
}

TEST(MonteCarloKernels, SummaryType7Percentiles) {
  Eigen::ArrayXd x(5);
  x << 5, 1, 4, 2, 3;
  const MetricSummary s = summarise_samples(x, {0, 25, 50, 90, 100}, 2);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.5));  // Σ(x−3)² = 10, /(n−1)
  EXPECT_DOUBLE_EQ(s.percentiles[1].second, 2.0);  // h = 4 × 0.25 = 1
  EXPECT_DOUBLE_EQ(s.percentiles[3].second, 4.6);  // h = 3.6: 4 + 0.6 × 1
  EXPECT_EQ(s.histogram.counts, (std::vector<std::uint64_t>{2, 3}));  // [1, 3), [3, 5]
}

namespace {
// Spearman rank correlation of two samples (no ties: continuous uniforms).
double spearman(const Eigen::ArrayXd& x, const Eigen::ArrayXd& y) {
  auto ranks = [](const Eigen::ArrayXd& v) {
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(v.size()));
    for (Eigen::Index i = 0; i < v.size(); ++i) idx[static_cast<std::size_t>(i)] = i;
    std::sort(idx.begin(), idx.end(), [&](Eigen::Index a, Eigen::Index b) { return v[a] < v[b]; });
    Eigen::ArrayXd r(v.size());
    for (std::size_t k = 0; k < idx.size(); ++k) r[idx[k]] = static_cast<double>(k);
    return r;
  };
  const Eigen::ArrayXd rx = ranks(x), ry = ranks(y);
  const Eigen::ArrayXd dx = rx - rx.mean(), dy = ry - ry.mean();
  return (dx * dy).sum() / std::sqrt((dx * dx).sum() * (dy * dy).sum());
}
}  // namespace

TEST(MonteCarloKernels, GaussianCopulaGivesTheRankCorrelationsAndKeepsMarginals) {
  // Kruskal (1958): under a Gaussian copula with normal-score correlation r, Spearman's rho is
  // (6/π) asin(r/2); so r = 2 sin(π ρ/6). Hand values: ρ = 0.5 → r = 2 sin(π/12) = 0.517638.
  EXPECT_NEAR(gaussian_copula_parameter(0.5), 0.517638, 1e-6);
  EXPECT_DOUBLE_EQ(gaussian_copula_parameter(0.0), 0.0);
  EXPECT_NEAR(gaussian_copula_parameter(1.0), 1.0, 1e-15);
  Eigen::MatrixXd rho(3, 3);
  rho << 1, 0.6, -0.3,  //
      0.6, 1, 0.0,      //
      -0.3, 0.0, 1;
  const auto l = copula_cholesky(rho);
  ASSERT_TRUE(l.has_value());
  const Eigen::Index n = 200000;
  Eigen::ArrayXXd u(n, 3);
  for (Eigen::Index j = 0; j < 3; ++j) {
    Eigen::ArrayXd c(n);
    fill_uniforms(c, 3, stream_id("x") + static_cast<std::uint64_t>(j), 0, SamplingMethod::random, 0);
    u.col(j) = c;
  }
  correlate_uniforms(u, *l);
  EXPECT_NEAR(spearman(u.col(0), u.col(1)), 0.6, 0.01);
  EXPECT_NEAR(spearman(u.col(0), u.col(2)), -0.3, 0.01);
  EXPECT_NEAR(spearman(u.col(1), u.col(2)), 0.0, 0.01);
  for (Eigen::Index j = 0; j < 3; ++j) {  // each column is still U(0, 1): mean 1/2, variance 1/12
    EXPECT_GT(u.col(j).minCoeff(), 0.0);
    EXPECT_LT(u.col(j).maxCoeff(), 1.0);
    EXPECT_NEAR(u.col(j).mean(), 0.5, 0.005);
    EXPECT_NEAR((u.col(j) - 0.5).square().mean(), 1.0 / 12, 0.002);
    EXPECT_NEAR((u.col(j) < 0.1).cast<double>().mean(), 0.1, 0.003);
  }
  // Impossible together: a ~ b and a ~ c strongly positive but b ~ c strongly negative.
  Eigen::MatrixXd bad(3, 3);
  bad << 1, 0.9, 0.9,  //
      0.9, 1, -0.9,    //
      0.9, -0.9, 1;
  EXPECT_FALSE(copula_cholesky(bad).has_value());
}

TEST(MonteCarloKernels, SummaryOfHugeFiniteValuesIsFinite) {
  // (1, 1, 2)·1e300: mean 4/3·1e300; deviations (−1/3, −1/3, 2/3)·1e300, Σ² = 2/3·1e600,
  // sd = √(Σ²/2) = √(1/3)·1e300 = 5.7735e299. The squares alone (1e600) overflow a double.
  Eigen::ArrayXd x(3);
  x << 1e300, 1e300, 2e300;
  const MetricSummary s = summarise_samples(x, {50}, 4);
  EXPECT_NEAR(s.mean / 1e300, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.sd / 1e299, 5.773502691896258, 1e-9);
  EXPECT_DOUBLE_EQ(s.percentiles[0].second, 1e300);
  // extremes of opposite sign: the interpolation and the histogram width stay finite
  // (−1.5e308, 1e308, 1.5e308) in 4 bins of width 3e308/4 = 7.5e307: edges −1.5e308, −7.5e307, 0,
  // 7.5e307, 1.5e308; 1e308 falls in the last bin. P50 = 1e308; P25 = (−1.5e308 + 1e308)/2.
  Eigen::ArrayXd y(3);
  y << -1.5e308, 1e308, 1.5e308;
  const MetricSummary t = summarise_samples(y, {25, 50}, 4);
  EXPECT_DOUBLE_EQ(t.percentiles[0].second, -0.25e308);
  EXPECT_DOUBLE_EQ(t.percentiles[1].second, 1e308);
  ASSERT_EQ(t.histogram.edges.size(), 5u);
  EXPECT_DOUBLE_EQ(t.histogram.edges[1], -7.5e307);
  EXPECT_DOUBLE_EQ(t.histogram.edges[2], 0.0);
  EXPECT_DOUBLE_EQ(t.histogram.edges[3], 7.5e307);
  EXPECT_EQ(t.histogram.counts, (std::vector<std::uint64_t>{1, 0, 0, 2}));
  EXPECT_TRUE(std::isfinite(t.mean));
}

TEST(MonteCarloKernels, HistogramOfAConstantBeyondTwoToThe53HasWidth) {
  // 1e20 + 1 == 1e20 in double: the old "max = min + 1" range had width 0 (edges all equal,
  // bin = 0/0). The range is now [1e20, 1e20 + 1e11] (a relative 1e-9).
  Eigen::ArrayXd x = Eigen::ArrayXd::Constant(5, 1e20);
  const MetricSummary s = summarise_samples(x, {}, 4);
  ASSERT_EQ(s.histogram.edges.size(), 5u);
  for (std::size_t i = 1; i < s.histogram.edges.size(); ++i) EXPECT_LT(s.histogram.edges[i - 1], s.histogram.edges[i]);
  EXPECT_DOUBLE_EQ(s.histogram.edges.back(), 1e20 + 1e11);
  EXPECT_EQ(s.histogram.counts, (std::vector<std::uint64_t>{5, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(s.sd, 0.0);
}

TEST(MonteCarloKernels, AConstantHasItsOwnMeanAndNoSpread) {
  // 1,000 additions of 0.1 give 99.9999999999986, not 100: the mean of a constant used to be off
  // in the last digits and its sd non-zero (reported as "sd 1.39e+11" for a constant FLOP count).
  Eigen::ArrayXd x = Eigen::ArrayXd::Constant(1000, 0.1);
  const MetricSummary s = summarise_samples(x, {50}, 4);
  EXPECT_EQ(s.mean, 0.1);
  EXPECT_EQ(s.sd, 0.0);
}
