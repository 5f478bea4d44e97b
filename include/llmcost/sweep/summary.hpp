#pragma once
// File: llmcost/sweep/summary.hpp
//
// What sampling produces and how it is drawn: the sampling method behind the uniforms and the
// summary statistics of one sampled metric (mean, sd, type-7 percentiles, histogram, plus the
// markers and interval probabilities a scenario asks for).
//
//   MetricSummary s = summarise_samples(x, {5, 50, 95}, 20);   // sweep/monte_carlo.hpp
//   s.percentiles[1].second;                                    // the median
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace llmcost {

/// How the uniforms behind samples are drawn.
enum class SamplingMethod {
  random,  ///< pseudo-random: std::mt19937_64 per (seed, input, block), inverse CDF
  sobol    ///< quasi-random: boost::random::sobol, one dimension per uncertain input (seed ignored)
};

/// Histogram of one metric: `counts[k]` samples in [edges[k], edges[k+1]) (last bin closed).
struct Histogram {
  std::vector<double> edges;
  std::vector<std::uint64_t> counts;
};

/// Summary statistics of one metric.
struct MetricSummary {
  std::string metric;
  std::string unit;
  double base = 0;          ///< the metric at every input's point value
  double mean = 0, sd = 0, min = 0, max = 0;
  std::vector<std::pair<double, double>> percentiles;  ///< (p in [0, 100], value); type-7 interpolation
  Histogram histogram;
  /// Marked points (e.g. the published $5.576M): (label, value, P(X ≤ value)).
  struct Marker { std::string label; double value = 0; double cdf = 0; };
  std::vector<Marker> markers;
  /// Interval probabilities: (low, high, P(low ≤ X ≤ high)).
  struct Interval { double low = 0, high = 0, probability = 0; };
  std::vector<Interval> intervals;
};

}  // namespace llmcost
