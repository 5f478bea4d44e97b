#include "llmcost/pricing/rental.hpp"

#include <limits>

#include <gtest/gtest.h>

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
