#include "llmcost/pricing/fleet.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace llmcost;

TEST(Fleet, SemiAnalysisCapexIsReproduced) {
  // SemiAnalysis (2025-01-31, relayed): ~50,000 Hopper GPUs, ~$1.6B server capex → $32,000 per GPU.
  const Fleet f = semianalysis_deepseek_fleet();
  EXPECT_DOUBLE_EQ(detail::to_raw(f.count), 50000);
  const FleetCost c = fleet_cost(f, years(1));
  EXPECT_NEAR(detail::to_raw(c.hardware_capex), 1.6e9, 1.0);
  EXPECT_NEAR(detail::to_raw(hardware_capex_per_gpu(f.tco)), 32000.0, 1e-6);
  // One year: annual cost = N × $/GPU-h × 8,766 h.
  EXPECT_NEAR(detail::to_raw(c.annual_cost), 50000 * in_usd_per_gpu_hour(c.per_gpu_hour.total()) * 8766, 1.0);
  EXPECT_NEAR(detail::to_raw(c.cost_over_period), detail::to_raw(c.annual_cost), 1.0);
  EXPECT_GT(detail::to_raw(c.facility_capex), 0.0);
}

TEST(Fleet, FiftyThousandH100) {
  const Fleet f = fifty_thousand_h100_fleet();
  EXPECT_EQ(f.source.grade, Grade::weak);
  const FleetCost c = fleet_cost(f, years(2));
  // Catalog mid H100 price ($25k-$40k → $32,500) × 1.64 × 1.19 × 50,000.
  EXPECT_NEAR(detail::to_raw(c.hardware_capex), 32500.0 * 1.64 * 1.19 * 50000, 1.0);
  EXPECT_NEAR(detail::to_raw(c.cost_over_period), 2 * detail::to_raw(c.annual_cost), 1.0);
}

TEST(Fleet, BadInputsAreTagged) {
  const Fleet f = semianalysis_deepseek_fleet();
  Fleet bad = f;
  bad.count = gpu_count(0);
  try {
    (void)fleet_cost(bad, years(1));
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.tag(), "llmcost.fleet.invalid");
  }
  EXPECT_THROW((void)fleet_cost(f, years(-1)), invalid_input);
  EXPECT_THROW((void)fleet_from_total_capex("x", gpu_count(10), usd(-5), f.tco), invalid_input);
}

TEST(Fleet, CountAndPeriodOutsideTheirRangeAreRefused) {
  const Fleet f = semianalysis_deepseek_fleet();
  Fleet bad = f;
  bad.count = gpu_count(2.5);
  EXPECT_NE(test::error_of([&] { (void)fleet_cost(bad, years(1)); }).find("gpus = 2.5 is invalid; expected a whole number"),
            std::string::npos);
  bad.count = gpu_count(1e308);
  EXPECT_NE(test::error_of([&] { (void)fleet_cost(bad, years(1)); }).find("gpus = 1e+308"), std::string::npos);
  EXPECT_NE(test::error_of([&] { (void)fleet_cost(f, years(1e300)); })
                .find("period_years = 1e+300 is outside the accepted range [0, 100]"),
            std::string::npos);
  // $1e15 for 10 GPUs is $1e14 per GPU: a GPU price far above the accepted 1e8.
  EXPECT_NE(test::error_of([&] { (void)fleet_from_total_capex("x", gpu_count(10), usd(1e15), f.tco); })
                .find("outside the accepted range [0, 100000000]"),
            std::string::npos);
}
