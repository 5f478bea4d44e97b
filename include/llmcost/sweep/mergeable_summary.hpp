#pragma once
// File: llmcost/sweep/mergeable_summary.hpp
//
// Monte Carlo summaries that merge. The samples of a run may sit in many partitions (threads of
// one process, workers of a Dask cluster); the summary is computed from small per-partition
// PARTS that merge, never from all the samples in one place. Every statistic is an exact function
// of the multiset of samples, so the result does not depend on how the samples are partitioned,
// on the order the parts arrive in, or on the number of workers — bit for bit:
//   * mean: the exact sum of the samples (ExactSum: a fixed-point accumulator spanning the whole
//     double range) rounded once, divided by n;
//   * sd: the exact sum of the squared deviations d = x − mean (d rounded to a double once, d²
//     exact), rounded once; the samples are scaled by a power of two
//     (exact) so that the squares of values near the top of the double range stay finite;
//   * min, max, the histogram, the marker CDFs P(X ≤ v) and the interval probabilities: counts;
//   * type-7 percentiles: the two order statistics around each rank, found by exact radix
//     selection on the samples' order-preserving 64-bit keys: the top 16 bits (sign, exponent and
//     4 bits of mantissa) in the first round, 8 bits per round after; once a rank's bucket holds
//     at most `gather_limit` samples, its values are gathered and the rank picked.
//
// Why exact selection and not a quantile sketch (KLL, t-digest): a sketch is one pass, but its
// answer depends on the merge order and carries an error; `run` and a Dask run must agree bit for
// bit whatever the partitioning. Exact selection costs a few more rounds over samples the
// partitions keep in memory (a round is a scan, not a sort), and the parts stay small (the
// histogram, the non-empty buckets of 65,536 in the first round and of 256 after, or at most
// `gather_limit` values per rank).
//
// The stages of one metric:
//   SummaryBuilder b(spec);
//   while (!b.done()) {
//     for (each partition x) b.add(summary_part(x, b.request()));   // any order, any partitions
//     b.advance();
//   }
//   MetricSummary s = b.result();
// Stage 0 asks for count, exact sum, min and max; stage 1 for the squared deviations, the
// histogram, marker and interval counts and the first selection round; later stages select.
// Requests and parts encode to bytes (`encode`, `decode_*`) to travel between processes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llmcost/sweep/summary.hpp"

namespace llmcost {

/// The exact sum of doubles: a signed fixed-point number with 32-bit digits from 2^-1074 (the
/// smallest subnormal) to beyond 2^1024 · 2^32, so that any 2^32 finite doubles add without
/// rounding. Adding is exact and order-free; `rounded` rounds the exact value once (to nearest,
/// ties to even). Non-finite values are ignored (count them separately).
class ExactSum {
 public:
  static constexpr int kDigits = 68;
  void add(double x) noexcept;
  /// Adds x² exactly (the 106-bit square of the mantissa), except the part below 2^-1074 (squares
  /// of values under 2^-537, dropped the same way every time); beyond |x| ≈ 2^480, as the two
  /// doubles x·x and fma(x, x, −x·x).
  void add_square(double x) noexcept;
  void merge(const ExactSum& other) noexcept;
  /// The exact sum × 2^(−scale_exponent), rounded to a double once (±inf beyond the range).
  [[nodiscard]] double rounded(int scale_exponent = 0) const noexcept;
  [[nodiscard]] const std::array<std::int64_t, kDigits>& digits() const noexcept { return d_; }
  static ExactSum from_digits(const std::array<std::int64_t, kDigits>& d) noexcept;

 private:
  void normalise() noexcept;
  std::array<std::int64_t, kDigits> d_{};
  std::uint32_t pending_ = 0;  // additions since the last carry propagation
};

/// What one metric's summary asks for.
struct SummarySpec {
  std::vector<double> percentiles;                    ///< in [0, 100], type 7
  int histogram_bins = 20;                            ///< in [1, 10000]; 0: no histogram
  std::vector<double> markers;                        ///< values v of P(X ≤ v)
  std::vector<std::pair<double, double>> intervals;   ///< (low, high) of P(low ≤ X ≤ high)
};

/// The width of the next digit of a radix selection that has fixed `bits` bits of the key: 16 for
/// the first (sign, exponent and the top of the mantissa, where the samples are few and far
/// apart), 8 after (small parts).
constexpr int selection_digit_bits(int bits) noexcept { return bits == 0 ? 16 : 8; }

/// One selection query: among samples whose key starts with `prefix` (its top `bits` bits),
/// count the next digit of the key (selection_digit_bits), or (gather) return the samples.
struct SelectionQuery {
  std::uint64_t prefix = 0;
  int bits = 0;  ///< 0, 16, 24, …, 56
  bool gather = false;
  friend bool operator==(const SelectionQuery&, const SelectionQuery&) = default;
};

/// What the builder asks every partition for at one stage.
struct SummaryRequest {
  int stage = 0;  ///< 0: moments; 1: spread + selection; ≥ 2: selection; −1: nothing (done)
  // stage 1: deviations d = x·2^−scale_exponent − mean_scaled; histogram; markers; intervals
  int scale_exponent = 0;
  double mean_scaled = 0;
  double histogram_low = 0, histogram_width = 1;
  int histogram_bins = 0;
  std::vector<double> markers;
  std::vector<std::pair<double, double>> intervals;
  std::vector<SelectionQuery> queries;  ///< stage ≥ 1
};

/// One partition's answer to a request.
struct SummaryPart {
  int stage = 0;
  // stage 0
  std::uint64_t count = 0, non_finite = 0;
  ExactSum sum;
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  // stage 1
  ExactSum squares;
  std::vector<std::uint64_t> histogram, markers, intervals;
  // stage ≥ 1, one entry per query: sparse bucket counts (bucket, count), or the gathered values
  struct BucketCount { std::uint32_t bucket = 0; std::uint64_t count = 0; };
  std::vector<std::vector<BucketCount>> counts;
  std::vector<std::vector<double>> values;
};

/// The part of the samples x[0, n) for `request`.
SummaryPart summary_part(const double* x, std::size_t n, const SummaryRequest& request);

/// Merges the parts of one metric stage by stage (see the file comment).
class SummaryBuilder {
 public:
  /// A bucket of at most this many samples is gathered rather than counted further.
  static constexpr std::uint64_t gather_limit = 1 << 16;
  explicit SummaryBuilder(SummarySpec spec);
  [[nodiscard]] bool done() const noexcept { return done_; }
  [[nodiscard]] int stage() const noexcept { return request_.stage; }
  [[nodiscard]] const SummaryRequest& request() const noexcept { return request_; }
  /// Merges one partition's part of the current stage (throws invalid_input
  /// [llmcost.summary.part] for a part of another stage or shape).
  void add(const SummaryPart& part);
  /// Closes the current stage and prepares the next (or finishes).
  void advance();
  /// Samples merged at stage 0, and how many of them were NaN or infinite (then the builder
  /// is done after stage 0 and `result` holds no statistics).
  [[nodiscard]] std::uint64_t count() const noexcept { return moments_.count; }
  [[nodiscard]] std::uint64_t non_finite() const noexcept { return moments_.non_finite; }
  /// The summary (metric, unit and base left empty); only once done().
  [[nodiscard]] MetricSummary result() const;

 private:
  struct Target {
    std::uint64_t rank = 0, remaining = 0, bucket_count = 0, prefix = 0;
    int bits = 0;
    bool resolved = false;
    double value = 0;
    std::size_t query = 0;
  };
  void next_queries();
  SummarySpec spec_;
  SummaryRequest request_;
  SummaryPart moments_, spread_;
  SummaryRequest stage1_;   // the spread stage's request (scale, mean, histogram range)
  double histogram_high_ = 0;
  std::vector<Target> targets_;
  std::vector<std::vector<std::uint64_t>> counts_;  // merged, dense, per query
  std::vector<std::vector<double>> values_;          // merged gathered values, per query
  bool done_ = false;
};

/// Byte encodings of requests and parts (one process to another; same architecture).
/// decode_* throw invalid_input [llmcost.summary.encoding] on malformed bytes.
std::string encode(const std::vector<SummaryRequest>& requests);
std::string encode(const std::vector<SummaryPart>& parts);
std::vector<SummaryRequest> decode_requests(std::string_view bytes);
std::vector<SummaryPart> decode_parts(std::string_view bytes);

/// The order-preserving key of a double (x < y ⇔ key(x) < key(y) for non-NaN x, y; −0 < +0).
std::uint64_t order_key(double x) noexcept;
double from_order_key(std::uint64_t key) noexcept;

}  // namespace llmcost
