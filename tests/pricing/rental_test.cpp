#include "llmcost/pricing/rental.hpp"

#include <limits>

#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace llmcost;

TEST(Rental, DeepSeekV3TotalIsGpuHoursTimesPrice) {
  // DeepSeek-V3 TR Table 1: 2,788K H800 GPU-hours at $2/GPU-hour = $5.576M.
  const RentalPricing p = deepseek_rental_assumption();
  EXPECT_DOUBLE_EQ(detail::to_raw(p.cost(gpu_hours(2.788e6))), 5.576e6);
  EXPECT_EQ(p.source.grade, Grade::primary);
}

TEST(Rental, BadPricesAreTagged) {
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    try {
      (void)rental_pricing(usd_per_gpu_hour(bad));
      FAIL() << bad;
    } catch (const invalid_input& e) {
      EXPECT_EQ(e.tag(), "llmcost.pricing.invalid_price");
    }
  }
  EXPECT_THROW((void)rental_pricing(usd_per_gpu_hour(2)).cost(gpu_hours(-1)), invalid_input);
  EXPECT_EQ(rental_pricing(usd_per_gpu_hour(2)).source.grade, Grade::weak);
}

TEST(Rental, PriceAboveTenThousandDollarsPerGpuHourIsRefused) {
  // "--price-usd-per-gpu-hour 1e308" gave "cost $inf": the input is now refused, naming it.
  for (double bad : {1e308, 1e4 * 1.0001}) {
    const std::string what = test::error_of([&] { (void)rental_pricing(usd_per_gpu_hour(bad)); });
    EXPECT_EQ(what.rfind("[llmcost.pricing.invalid_price] price_usd_per_gpu_hour = ", 0), 0u) << what;
    EXPECT_NE(what.find("is outside the accepted range (0, 10000]"), std::string::npos) << what;
    EXPECT_THROW((void)(RentalPricing{usd_per_gpu_hour(bad), {}}.cost(gpu_hours(1))), invalid_input);
  }
  EXPECT_DOUBLE_EQ(detail::to_raw(rental_pricing(usd_per_gpu_hour(1e4)).cost(gpu_hours(3))), 3e4);
  // In-range price × finite but huge GPU-hours (4e304 GPU-h = 1.44e308 GPU-s): a tagged overflow, not inf.
  const std::string what = test::error_of([] { (void)rental_pricing(usd_per_gpu_hour(1e4)).cost(gpu_hours(4e304)); });
  EXPECT_EQ(what.rfind("[llmcost.pricing.overflow] the inputs gpu_hours and price_usd_per_gpu_hour", 0), 0u) << what;
}
