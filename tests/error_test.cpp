// Tests of llmcost/error.hpp: std bases, stable tags, and messages that name values.
#include "llmcost/error.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace llmcost;

TEST(Errors, DeriveFromTheMatchingStdType) {
  EXPECT_THROW(throw invalid_input("llmcost.x", "m"), std::invalid_argument);
  EXPECT_THROW(throw out_of_domain("llmcost.x", "m"), std::domain_error);
  EXPECT_THROW(throw not_found("llmcost.x", "m"), std::out_of_range);
  EXPECT_THROW(throw io_error("llmcost.x", "m"), std::runtime_error);
  EXPECT_THROW(throw not_found("llmcost.x", "m"), llmcost::error);
}

TEST(Errors, MessageStartsWithTheTag) {
  try {
    throw not_found("llmcost.catalog.unknown_chip", "\"H900\" is not in the catalog");
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "[llmcost.catalog.unknown_chip] \"H900\" is not in the catalog");
    EXPECT_EQ(dynamic_cast<const llmcost::error&>(e).tag(), "llmcost.catalog.unknown_chip");
  }
}

TEST(Errors, RequireBuildsTheMessageOnlyOnFailure) {
  int calls = 0;
  auto expensive = [&] {
    ++calls;
    return "x";
  };
  LLMCOST_REQUIRE(true, invalid_input, "llmcost.t", expensive());
  EXPECT_EQ(calls, 0);
  EXPECT_THROW(LLMCOST_REQUIRE(false, invalid_input, "llmcost.t", expensive()), invalid_input);
  EXPECT_EQ(calls, 1);
}

TEST(Errors, PositiveRejectsZeroNegativeNanAndInf) {
  const std::string tag = "llmcost.test.positive";
  EXPECT_DOUBLE_EQ(detail::require_positive(2.0, "gpus", tag), 2.0);
  for (double bad : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      detail::require_positive(bad, "gpus", tag);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const invalid_input& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("[llmcost.test.positive] gpus = ", 0), 0u) << what;
      EXPECT_NE(what.find("> 0"), std::string::npos) << what;
    }
  }
}

TEST(Errors, EfficiencyMustLieInZeroOne) {
  const std::string tag = "llmcost.test.mfu";
  EXPECT_DOUBLE_EQ(detail::require_efficiency(1.0, "mfu", tag), 1.0);
  EXPECT_DOUBLE_EQ(detail::require_efficiency(0.3894, "mfu", tag), 0.3894);
  EXPECT_THROW(detail::require_efficiency(0.0, "mfu", tag), out_of_domain);
  EXPECT_THROW(detail::require_efficiency(1.0001, "mfu", tag), out_of_domain);
  EXPECT_THROW(detail::require_efficiency(std::nan(""), "mfu", tag), out_of_domain);
  try {
    detail::require_efficiency(1.5, "mfu", tag);
  } catch (const out_of_domain& e) {
    EXPECT_STREQ(e.what(), "[llmcost.test.mfu] mfu = 1.5 is outside (0, 1]");
  }
}

TEST(Errors, FractionAcceptsTheClosedInterval) {
  const std::string tag = "llmcost.test.fraction";
  EXPECT_DOUBLE_EQ(detail::require_fraction(0.0, "cache_hit", tag), 0.0);
  EXPECT_DOUBLE_EQ(detail::require_fraction(1.0, "cache_hit", tag), 1.0);
  EXPECT_THROW(detail::require_fraction(-0.01, "cache_hit", tag), out_of_domain);
  EXPECT_THROW(detail::require_fraction(1.01, "cache_hit", tag), out_of_domain);
}
