// Tests for llmcost/sweep/mergeable_summary.hpp: exact sums, exact selection, and summaries that do
// not depend on how the samples are partitioned.
#include "llmcost/sweep/mergeable_summary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"

using namespace llmcost;

namespace {
double exact_sum(const std::vector<double>& v) {
  ExactSum s;
  for (double x : v) s.add(x);
  return s.rounded();
}

// Summarises `x` cut into `cuts` partitions (sizes from `rng`), the parts added in a shuffled order.
MetricSummary partitioned(const std::vector<double>& x, const SummarySpec& spec, int cuts, std::mt19937_64& rng) {
  std::vector<std::size_t> edges{0, x.size()};
  std::uniform_int_distribution<std::size_t> at(0, x.size());
  for (int i = 1; i < cuts; ++i) edges.push_back(at(rng));
  std::sort(edges.begin(), edges.end());
  SummaryBuilder b(spec);
  while (!b.done()) {
    std::vector<SummaryPart> parts;
    for (std::size_t k = 0; k + 1 < edges.size(); ++k)
      parts.push_back(summary_part(x.data() + edges[k], edges[k + 1] - edges[k], b.request()));
    std::shuffle(parts.begin(), parts.end(), rng);
    // through the byte encoding, as between a Dask worker and the client
    for (auto& p : decode_parts(encode(parts))) b.add(p);
    b.advance();
  }
  return b.result();
}

void expect_identical(const MetricSummary& a, const MetricSummary& b) {
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.sd, b.sd);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.percentiles, b.percentiles);
  EXPECT_EQ(a.histogram.edges, b.histogram.edges);
  EXPECT_EQ(a.histogram.counts, b.histogram.counts);
  ASSERT_EQ(a.markers.size(), b.markers.size());
  for (std::size_t i = 0; i < a.markers.size(); ++i) EXPECT_EQ(a.markers[i].cdf, b.markers[i].cdf);
  ASSERT_EQ(a.intervals.size(), b.intervals.size());
  for (std::size_t i = 0; i < a.intervals.size(); ++i) EXPECT_EQ(a.intervals[i].probability, b.intervals[i].probability);
}

// Type 7 from a full sort: the reference the selection must equal exactly.
double sorted_percentile(const std::vector<double>& sorted, double p) {
  const auto n = sorted.size();
  const double h = static_cast<double>(n - 1) * p / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, n - 1);
  const double f = h - static_cast<double>(lo);
  return sorted[lo] + f * (sorted[hi] - sorted[lo]);
}

std::vector<double> draws(const char* kind, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> x(n);
  std::uniform_real_distribution<double> u(2.0, 7.0);
  std::lognormal_distribution<double> ln(std::log(5e6), 0.8);
  std::normal_distribution<double> lowhump(-3.0, 0.5), highhump(40.0, 4.0);
  std::bernoulli_distribution coin(0.3);
  std::uniform_int_distribution<int> few(0, 4);
  for (auto& v : x) {
    const std::string k = kind;
    if (k == "uniform") v = u(rng);
    else if (k == "lognormal") v = ln(rng);
    else if (k == "bimodal") v = coin(rng) ? lowhump(rng) : highhump(rng);
    else v = 0.25 * few(rng);  // "ties": five values, each ~200,000 times
  }
  return x;
}
}  // namespace

TEST(ExactSum, AddsWithoutRoundingAndRoundsOnce) {
  // 2^53 + 1 + 1: one addition at a time loses both ones (2^53 + 1 rounds to 2^53); exactly 2^53 + 2.
  EXPECT_EQ(exact_sum({0x1p53, 1.0, 1.0}), 0x1p53 + 2.0);
  EXPECT_EQ(exact_sum({1e100, 1.0, -1e100}), 1.0);
  EXPECT_EQ(exact_sum({-1e308, -1e308, 1e308}), -1e308);
  EXPECT_EQ(exact_sum({1e308, 1e308, -1e308}), 1e308);  // the partial sum 2e308 is beyond a double
  // 1 + 2^-53 is a tie: to even (1); anything above the tie rounds up to 1 + 2^-52.
  EXPECT_EQ(exact_sum({1.0, 0x1p-53}), 1.0);
  EXPECT_EQ(exact_sum({1.0, 0x1p-53, 0x1p-1074}), 1.0 + 0x1p-52);
  EXPECT_EQ(exact_sum({0x1p-1074, 0x1p-1074}), 0x1p-1073);  // subnormals exactly
  EXPECT_EQ(exact_sum({}), 0.0);
  // scaled rounding: (3·2^1023) · 2^-1024 = 1.5
  ExactSum big;
  big.add(0x1p1023);
  big.add(0x1p1023);
  big.add(0x1p1023);
  EXPECT_EQ(big.rounded(1024), 1.5);
  EXPECT_TRUE(std::isinf(big.rounded()));
  // squares: (1 + 2^-30)² = 1 + 2^-29 + 2^-60 exactly, which a double cannot hold
  ExactSum sq;
  sq.add_square(1.0 + 0x1p-30);
  sq.add(-1.0);
  sq.add(-0x1p-29);
  EXPECT_EQ(sq.rounded(), 0x1p-60);
}

TEST(ExactSum, OrderAndGroupingDoNotChangeTheBits) {
  std::vector<double> x = draws("lognormal", 100000, 3);
  for (std::size_t i = 0; i < x.size(); i += 7) x[i] = -x[i] * 1e-9;  // mixed signs and scales
  const double once = exact_sum(x);
  std::mt19937_64 rng(5);
  std::shuffle(x.begin(), x.end(), rng);
  ExactSum a, b;
  for (std::size_t i = 0; i < x.size(); ++i) (i % 3 ? a : b).add(x[i]);
  a.merge(b);
  EXPECT_EQ(a.rounded(), once);
  // and agrees with a careful long-double sum to its precision
  long double ref = 0;
  std::sort(x.begin(), x.end(), [](double p, double q) { return std::abs(p) < std::abs(q); });
  for (double v : x) ref += v;
  EXPECT_NEAR(once / static_cast<double>(ref), 1.0, 1e-15);
}

TEST(MergeableSummary, PercentilesEqualASortOnAMillionSamples) {
  const SummarySpec spec{{0, 0.1, 1, 5, 25, 50, 75, 95, 99, 99.9, 100}, 20, {}, {}};
  for (const char* kind : {"uniform", "lognormal", "bimodal", "ties"}) {
    SCOPED_TRACE(kind);
    const std::vector<double> x = draws(kind, 1000000, 11);
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    std::mt19937_64 rng(7);
    const MetricSummary s = partitioned(x, spec, 5, rng);
    ASSERT_EQ(s.percentiles.size(), spec.percentiles.size());
    for (const auto& [p, v] : s.percentiles) EXPECT_EQ(v, sorted_percentile(sorted, p)) << "P" << p;
    EXPECT_EQ(s.min, sorted.front());
    EXPECT_EQ(s.max, sorted.back());
    // mean and sd against long-double two-pass sums (the exact sums round once: within 1e-14)
    long double sum = 0, ss = 0;
    for (double v : x) sum += v;
    const long double mean = sum / x.size();
    for (double v : x) ss += (v - mean) * (v - mean);
    EXPECT_NEAR(s.mean, static_cast<double>(mean), 1e-14 * std::abs(static_cast<double>(mean)));
    EXPECT_NEAR(s.sd, static_cast<double>(std::sqrt(ss / (x.size() - 1))), 1e-12 * s.sd);
    EXPECT_EQ(std::accumulate(s.histogram.counts.begin(), s.histogram.counts.end(), std::uint64_t{0}), x.size());
  }
}

TEST(MergeableSummary, IdenticalForAnyPartitioning) {
  SummarySpec spec{{5, 50, 95}, 37, {5e6, 1e7}, {{3e6, 6e6}, {0, 1e9}}};
  const std::vector<double> x = draws("lognormal", 300000, 21);
  Eigen::ArrayXd all = Eigen::Map<const Eigen::ArrayXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  std::mt19937_64 rng(1);
  const MetricSummary one = partitioned(x, spec, 1, rng);
  for (int cuts : {2, 3, 16, 101}) {
    SCOPED_TRACE(cuts);
    expect_identical(partitioned(x, spec, cuts, rng), one);
  }
  // P(X ≤ 5e6) of a lognormal with median 5e6 is 1/2 up to sampling noise (sd 1/√(4·300,000))
  EXPECT_NEAR(one.markers[0].cdf, 0.5, 0.004);
  EXPECT_EQ(one.intervals[1].probability, 1.0);
  // summarise_samples is the one-partition case
  spec.markers.clear();
  spec.intervals.clear();
  const MetricSummary plain = summarise_samples(all, spec.percentiles, spec.histogram_bins);
  EXPECT_EQ(plain.mean, one.mean);
  EXPECT_EQ(plain.percentiles, one.percentiles);
}

TEST(MergeableSummary, EncodingsRejectMalformedBytes) {
  SummaryBuilder b(SummarySpec{{50}, 4, {}, {}});
  const std::string q = encode(std::vector<SummaryRequest>{b.request()});
  EXPECT_EQ(decode_requests(q).size(), 1u);
  EXPECT_THROW(decode_requests(q.substr(0, q.size() - 3)), invalid_input);
  EXPECT_THROW(decode_parts(q), invalid_input);  // a request is not a part
  try {
    decode_parts("xx");
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.tag(), "llmcost.summary.encoding");
  }
  // a part of the wrong stage is refused
  SummaryPart p;
  p.stage = 1;
  EXPECT_THROW(b.add(p), invalid_input);
}
