// Tests of llmcost/units.hpp: conversions against hand-computed values.
#include "llmcost/units.hpp"

#include <gtest/gtest.h>

using namespace llmcost;

TEST(Units, GpuHoursTimesPriceIsTheDeepSeekV3Cost) {
  // DeepSeek-V3 technical report, Table 1: 2,788K H800 GPU-hours at $2/GPU-hour = $5.576M.
  const Usd cost = gpu_hours(2.788e6) * usd_per_gpu_hour(2.0);
  EXPECT_DOUBLE_EQ(detail::to_raw(cost), 5.576e6);
}

TEST(Units, GpuHoursOverGpusIsWallClock) {
  // 2,664K GPU-hours of pre-training on 2,048 GPUs = 1,300.78 h = 54.2 days (hand computation).
  const Seconds wall = gpu_hours(2.664e6) / gpu_count(2048);
  EXPECT_NEAR(in_hours(wall), 2.664e6 / 2048.0, 1e-9);
  EXPECT_NEAR(in_days(wall), 54.199, 1e-3);
}

TEST(Units, FlopOverRateIsTime) {
  // 989e12 FLOP at 989 TFLOP/s takes exactly one second.
  const Seconds t = flop(989e12) / flop_per_s(989e12);
  EXPECT_DOUBLE_EQ(detail::to_raw(t), 1.0);
}

TEST(Units, NamedReadersInvertNamedConstructors) {
  EXPECT_DOUBLE_EQ(in_usd_per_gpu_hour(usd_per_gpu_hour(2.19)), 2.19);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(usd_per_mtok(0.55)), 0.55);
  EXPECT_DOUBLE_EQ(in_usd_per_kwh(usd_per_kwh(0.0806)), 0.0806);
  EXPECT_DOUBLE_EQ(in_kwh(kwh(1287e3)), 1287e3);
  EXPECT_DOUBLE_EQ(in_gpu_hours(gpu_hours(147e3)), 147e3);
}

TEST(Units, EnergyTimesElectricityPriceIsMoney) {
  // 700 W for 1 hour = 0.7 kWh; at $0.10/kWh = $0.07 (hand computation).
  const Usd c = (watts(700) * hours(1.0)) * usd_per_kwh(0.10);
  EXPECT_NEAR(detail::to_raw(c), 0.07, 1e-12);
}

TEST(Units, PricePerMillionTokensTimesTokensIsMoney) {
  // 168B output tokens at R1's $2.19/M = $367,920 (DeepSeek Day-6 inputs, hand computation).
  const Usd revenue = usd_per_mtok(2.19) * token_count(168e9);
  EXPECT_NEAR(detail::to_raw(revenue), 367920.0, 1e-6);
}

TEST(Units, LiteralsMatchConstructors) {
  using namespace llmcost::literals;
  EXPECT_EQ(2048_gpus, gpu_count(2048));
  EXPECT_EQ(5.576e6_usd, usd(5.576e6));
  EXPECT_EQ(2.788e6_gpu_h, gpu_hours(2.788e6));
  EXPECT_EQ(1_h, seconds(3600));
}
