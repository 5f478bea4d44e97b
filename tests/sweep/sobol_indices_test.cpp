// Sobol indices against the Ishigami function's analytic values.
#include "llmcost/sweep/sobol_indices.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"

using namespace llmcost;

// Ishigami & Homma (1990), a = 7, b = 0.1, x_i ~ U(−π, π):
//   f = sin x1 + a sin² x2 + b x3⁴ sin x1
//   V  = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2                      = 13.8446
//   V1 = (1 + bπ⁴/5)²/2 = 4.3459, V2 = a²/8 = 6.125, V3 = 0, V13 = b²π⁸(1/18 − 1/50) = 3.3737
//   S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = (V1 + V13)/V = 0.5576, ST2 = 0.4424, ST3 = 0.2437
TEST(SobolIndices, Ishigami) {
  const double a = 7, b = 0.1, pi = M_PI;
  auto f = [&](const Eigen::ArrayXXd& u) -> Eigen::ArrayXd {
    const Eigen::ArrayXd x1 = -pi + 2 * pi * u.col(0), x2 = -pi + 2 * pi * u.col(1), x3 = -pi + 2 * pi * u.col(2);
    return x1.sin() + a * x2.sin().square() + b * x3.pow(4) * x1.sin();
  };
  const double V = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double V1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), V2 = a * a / 8;
  const double V13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const SobolIndicesRaw s = sobol_indices(3, f, 1 << 15, 100, 1);
  EXPECT_NEAR(s.variance, V, 0.2);
  EXPECT_NEAR(s.first[0], V1 / V, 0.02);
  EXPECT_NEAR(s.first[1], V2 / V, 0.02);
  EXPECT_NEAR(s.first[2], 0.0, 0.02);
  EXPECT_NEAR(s.total[0], (V1 + V13) / V, 0.02);
  EXPECT_NEAR(s.total[1], V2 / V, 0.02);
  EXPECT_NEAR(s.total[2], V13 / V, 0.02);
  for (int i = 0; i < 3; ++i) {
    EXPECT_LE(s.first_low[static_cast<std::size_t>(i)], s.first[static_cast<std::size_t>(i)]);
    EXPECT_GE(s.total_high[static_cast<std::size_t>(i)], s.total[static_cast<std::size_t>(i)]);
  }
  // random (not Sobol) matrices converge too, more slowly
  const SobolIndicesRaw r = sobol_indices(3, f, 1 << 15, 0, 3, 0.95, SamplingMethod::random);
  EXPECT_NEAR(r.first[1], V2 / V, 0.05);
  EXPECT_NEAR(r.total[0], (V1 + V13) / V, 0.05);
}

TEST(SobolIndices, Errors) {
  auto constant = [](const Eigen::ArrayXXd& u) -> Eigen::ArrayXd { return Eigen::ArrayXd::Ones(u.rows()); };
  EXPECT_THROW((void)sobol_indices(2, constant, 64), out_of_domain);
  EXPECT_THROW((void)sobol_indices(0, constant, 64), invalid_input);
  EXPECT_THROW((void)sobol_indices(2, constant, 1), invalid_input);
}

TEST(SobolIndices, HugeOutputsKeepTheirIndices) {
  // f = 1e154·x1 with x1 ~ U(0, 1), x2 unused: S1 = ST1 = 1, S2 = ST2 = 0, V = 1e308/12.
  // The estimators' squares (1e308 each, summed 2N times) overflowed before outputs were scaled.
  auto f = [](const Eigen::ArrayXXd& u) -> Eigen::ArrayXd { return 1e154 * u.col(0); };
  const SobolIndicesRaw s = sobol_indices(2, f, 1 << 12, 20, 1);
  EXPECT_NEAR(s.variance / (1e308 / 12), 1.0, 0.02);
  EXPECT_NEAR(s.first[0], 1.0, 0.02);
  EXPECT_NEAR(s.total[0], 1.0, 0.02);
  EXPECT_NEAR(s.first[1], 0.0, 1e-12);
  EXPECT_NEAR(s.total[1], 0.0, 1e-12);
}
