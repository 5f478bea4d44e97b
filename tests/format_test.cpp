// Tests of llmcost/format.hpp against the strings the issue specifies.
#include "llmcost/format.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace llmcost;

TEST(Format, IssueExamples) {
  EXPECT_EQ(format(usd(5.576e6)), "$5.576M");
  EXPECT_EQ(format(gpu_hours(2.788e6)), "2.788M GPU·h");
  EXPECT_EQ(format(flop_per_s(989e12)), "989 TFLOP/s");
  EXPECT_EQ(format(usd_per_mtok(0.55)), "$0.55/Mtok");
}

TEST(Format, OtherUnits) {
  EXPECT_EQ(format(usd_per_gpu_hour(2.0)), "$2/GPU·h");
  EXPECT_EQ(format(bytes_per_s(400e9)), "400 GB/s");
  EXPECT_EQ(format(bytes(80e9)), "80 GB");
  EXPECT_EQ(format(watts(700)), "700 W");
  EXPECT_EQ(format(gpu_count(2048)), "2,048 GPU");
  EXPECT_EQ(format(ratio(0.3894)), "38.94%");
  EXPECT_EQ(format(token_count(14.8e12)), "14.8T tok");
  EXPECT_EQ(format(usd(294e3)), "$294k");
  EXPECT_EQ(format(usd(87072)), "$87.07k");
  EXPECT_EQ(format(flop(250e9)), "250 GFLOP");
  EXPECT_EQ(format(flop(3.7e24)), "3.700e+24 FLOP");
}

TEST(Format, Durations) {
  EXPECT_EQ(format(days(54.2)), "54.2 days");
  EXPECT_EQ(format(hours(3.5)), "3.5 h");
  EXPECT_EQ(format(seconds(19.926)), "19.93 s");
  EXPECT_EQ(format(seconds(0.01476)), "14.76 ms");
}

TEST(Format, RoundingCarriesToTheNextPrefix) {
  EXPECT_EQ(si_prefixed(999.96e6), "1G");
  EXPECT_EQ(si_prefixed(999.4e6), "999.4M");
}

TEST(Format, NonFiniteIsVisible) {
  EXPECT_EQ(format(usd(std::nan(""))), "$nan");
  EXPECT_EQ(si_prefixed(INFINITY), "inf");
}
