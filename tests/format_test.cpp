// Tests of llmcost/format.hpp against hand-written strings.
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
}

TEST(Format, DollarsAndCountsUseTheShortScale) {
  // Billions are "B", never the SI "G"; trillions "T".
  EXPECT_EQ(format(usd(1.31e9)), "$1.31B");
  EXPECT_EQ(format(usd(-2.5e12)), "-$2.5T");
  EXPECT_EQ(short_scale(671e9), "671B");
  EXPECT_EQ(format(token_count(1e9)), "1B tok");
  EXPECT_EQ(format(gpu_hours(3.2e9)), "3.2B GPU·h");
  // Physical units keep the SI prefixes.
  EXPECT_EQ(format(flop(3.2e9)), "3.2 GFLOP");
  EXPECT_EQ(format(bytes(1.5e18)), "1.5 EB");
}

TEST(Format, ExtremesSwitchToScientificNotation) {
  // Money and counts: from 1e15 ("1000T") on.
  EXPECT_EQ(format(usd(1e308)), "$1e+308");
  EXPECT_EQ(format(usd(1.23456e18)), "$1.235e+18");
  EXPECT_EQ(format(usd(999.96e12)), "$1e+15");  // 999.96T rounds to 1000T at 4 digits
  EXPECT_EQ(format(usd(999.94e12)), "$999.9T");
  EXPECT_EQ(format(gpu_hours(2e15)), "2e+15 GPU·h");
  EXPECT_EQ(format(gpu_count(1e20)), "1e+20 GPU");
  // Physical units: from 1e21 ("1000E") on.
  EXPECT_EQ(format(flop(3.7e24)), "3.7e+24 FLOP");
  EXPECT_EQ(format(flop(999.96e18)), "1e+21 FLOP");
  EXPECT_EQ(format(flop(999.4e18)), "999.4 EFLOP");
  // Tiny magnitudes.
  EXPECT_EQ(format(usd(1e-300)), "$1e-300");
  EXPECT_EQ(format(usd(0.00042)), "$4.2e-4");
  EXPECT_EQ(format(usd(0.0042)), "$0.0042");
  EXPECT_EQ(format(seconds(1e-300)), "1e-294 µs");
  EXPECT_EQ(format(days(1e300)), "1e+300 days");
  EXPECT_EQ(format(ratio(1e300)), "1e+302%");
  EXPECT_EQ(format(usd_per_gpu_hour(1e20)), "$1e+20/GPU·h");
  // No rendering is longer than a table cell should be.
  for (double v : {1e308, -1e308, 1e-308, 4.9e-324, 1.7976931348623157e308})
    EXPECT_LE(format(usd(v)).size(), 12u) << v;
}

TEST(Format, PlainNumbers) {
  EXPECT_EQ(plain_number(0.38941), "0.3894");
  EXPECT_EQ(plain_number(27.3), "27.3");
  EXPECT_EQ(plain_number(1234.0), "1234");
  EXPECT_EQ(plain_number(0), "0");
  EXPECT_EQ(plain_number(-2.5e20), "-2.5e+20");
}

TEST(Format, PublishedFiguresKeepEveryPublishedDigit) {
  // DeepSeek Day 6: $87,072 daily cost, $562,027 theoretical revenue, 545% margin, 56.3% hits.
  EXPECT_EQ(format_published(usd(562027)), "$562,027");
  EXPECT_EQ(format_published(usd(87072)), "$87,072");
  EXPECT_EQ(format_published(ratio(5.45)), "545%");
  EXPECT_EQ(format_published(ratio(0.563)), "56.3%");
  EXPECT_EQ(published_number(226.75), "226.75");
  // DeepSeek-V3 Table 1: $5.576M, 2,788K GPU-hours, 180K GPU-hours per trillion tokens.
  EXPECT_EQ(format_published(usd(5.576e6)), "$5.576M");
  EXPECT_EQ(format_published(gpu_hours(2788000)), "2.788M GPU·h");
  EXPECT_EQ(format_published(gpu_hours(180000)), "180,000 GPU·h");
  EXPECT_EQ(format_published(token_count(14.8e12)), "14.8T tok");
  EXPECT_EQ(format_published(flop_per_s(989e12)), "989 TFLOP/s");
  EXPECT_EQ(format_published(gpu_count(2048)), "2,048 GPU");
  EXPECT_EQ(format_published(usd_per_gpu_hour(2)), "$2/GPU·h");
  EXPECT_EQ(format_published(usd_per_mtok(2.19)), "$2.19/Mtok");
  // Seven digits are kept, not rounded to four; binary noise is not a digit.
  EXPECT_EQ(format_published(usd(1234567)), "$1.234567M");
  EXPECT_EQ(published_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(published_number(-1500), "-1,500");
  EXPECT_EQ(published_number(1e300), "1e+300");
  EXPECT_EQ(published_number(0.0005), "5e-4");
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
  EXPECT_EQ(short_scale(999.96e6), "1B");
}

TEST(Format, NonFiniteIsVisible) {
  EXPECT_EQ(format(usd(std::nan(""))), "$nan");
  EXPECT_EQ(si_prefixed(INFINITY), "inf");
  EXPECT_EQ(format(flop(INFINITY)), "inf FLOP");
  EXPECT_EQ(format_published(usd(INFINITY)), "$inf");
}
