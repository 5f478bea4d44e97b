// Tests for llmcost/sweep/distribution.hpp: closed-form quantiles and validation.
#include "llmcost/sweep/distribution.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"

using llmcost::Distribution;

TEST(Distribution, ClosedFormQuantiles) {
  EXPECT_DOUBLE_EQ(Distribution::uniform(1, 3).quantile(0.25), 1.5);
  // triangular(0, 1, 2): F(1) = 0.5; quantile(0.125) = sqrt(0.125 × 2 × 1) = 0.5
  EXPECT_NEAR(Distribution::triangular(0, 1, 2).quantile(0.5), 1.0, 1e-12);
  EXPECT_NEAR(Distribution::triangular(0, 1, 2).quantile(0.125), 0.5, 1e-12);
  // symmetric PERT(0, 1, 2) = 2·Beta(3, 3): median 1
  EXPECT_NEAR(Distribution::pert(0, 1, 2).quantile(0.5), 1.0, 1e-9);
  EXPECT_NEAR(Distribution::pert(0, 1, 2).exact_mean(), 1.0, 1e-12);
  // normal: Φ⁻¹(0.975) = 1.959964
  EXPECT_NEAR(Distribution::normal(10, 2).quantile(0.975), 10 + 2 * 1.959964, 1e-5);
  // truncated at the mean: quantile(0.5) of the upper half = mean + 0.674490·sd
  EXPECT_NEAR(Distribution::normal(10, 2, 10, Distribution::inf).quantile(0.5), 10 + 2 * 0.674490, 1e-5);
  EXPECT_NEAR(Distribution::lognormal(2, 0.5).quantile(0.5), 2.0, 1e-12);
  const Distribution d = Distribution::discrete({1, 2, 3}, {0.2, 0.5, 0.3});
  EXPECT_EQ(d.quantile(0.1), 1);
  EXPECT_EQ(d.quantile(0.5), 2);
  EXPECT_EQ(d.quantile(0.95), 3);
  EXPECT_EQ(d.point(), 2);
  EXPECT_NEAR(d.exact_mean(), 0.2 + 1.0 + 0.9, 1e-12);
}

TEST(Distribution, Validation) {
  EXPECT_THROW(Distribution::uniform(3, 1).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::triangular(0, 3, 2).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::normal(0, -1).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::lognormal(-1, 1).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::discrete({}).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::discrete({1, 2}, {1}).validate("x"), llmcost::invalid_input);
  EXPECT_THROW(Distribution::uniform(0.5, 1.5).validate("mfu", 0, 1), llmcost::invalid_input);
  EXPECT_THROW(Distribution::fixed_value(NAN).validate("x"), llmcost::invalid_input);
  EXPECT_NO_THROW(Distribution::normal(0.5, 0.3).truncated_to(0, 1).validate("mfu", 0, 1));
  // truncated samples stay inside the domain
  const Distribution t = Distribution::normal(0.5, 0.3).truncated_to(0, 1);
  for (double u : {1e-9, 0.01, 0.5, 0.99, 1 - 1e-9}) {
    EXPECT_GE(t.quantile(u), 0.0);
    EXPECT_LE(t.quantile(u), 1.0);
  }
}
