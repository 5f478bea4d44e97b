// Mergeable Monte Carlo summaries (see sweep/mergeable_summary.hpp).
#include "llmcost/sweep/mergeable_summary.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "llmcost/error.hpp"

namespace llmcost {

// ---- ExactSum ---------------------------------------------------------------------------------
// Digit i holds the multiple of 2^(32·i − 1074). A finite double is m·2^(p − 1074) with m < 2^53
// and p = (biased exponent − 1) for normal numbers (0 for subnormals): m << (p mod 32) spans at
// most three digits. Digits are int64 so that 2^30 additions of at most 2^32 each need no carry.
namespace {
constexpr std::uint32_t kCarryEvery = 1u << 30;
__extension__ typedef unsigned __int128 u128;  // GCC and Clang

// x = m·2^(p − 1074) with m < 2^53 (p: the biased exponent − 1, 0 for subnormals); false for
// zero, NaN and infinity (nothing to add).
inline bool decompose(double x, std::uint64_t& m, int& p) noexcept {
  const auto b = std::bit_cast<std::uint64_t>(x);
  const auto e = static_cast<int>((b >> 52) & 0x7ff);
  if (e == 0x7ff) return false;  // NaN or infinity: counted by the caller
  m = b & ((std::uint64_t{1} << 52) - 1);
  p = 0;
  if (e != 0) {
    m |= std::uint64_t{1} << 52;
    p = e - 1;
  }
  return m != 0;
}
}  // namespace

void ExactSum::add(double x) noexcept {
  std::uint64_t m = 0;
  int p = 0;
  if (!decompose(x, m, p)) return;
  const int idx = p >> 5;
  const auto v = static_cast<u128>(m) << (p & 31);
  const auto c0 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) & 0xffffffffu);
  const auto c1 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v >> 32) & 0xffffffffu);
  const auto c2 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v >> 64));
  if (std::signbit(x)) {
    d_[idx] -= c0;
    d_[idx + 1] -= c1;
    d_[idx + 2] -= c2;
  } else {
    d_[idx] += c0;
    d_[idx + 1] += c1;
    d_[idx + 2] += c2;
  }
  if (++pending_ >= kCarryEvery) normalise();
}

void ExactSum::add_square(double x) noexcept {
  std::uint64_t m = 0;
  int p = 0;
  if (!decompose(x, m, p)) return;
  // x² = m²·2^(2p − 1074) in units of 2^-1074: a 106-bit integer at bit 2p − 1074. Bits below 2^-1074
  // (squares of values under 2^-537) are dropped, the same way for every sample.
  int pos = 2 * p - 1074;
  if (pos + 106 + 31 >= 32 * kDigits) {  // beyond the digits (|x| ≳ 2^480): as two rounded doubles
    const double sq = x * x;
    add(sq);
    if (std::isfinite(sq)) add(std::fma(x, x, -sq));
    return;
  }
  u128 sq = static_cast<u128>(m) * m;
  if (pos < 0) {
    if (pos <= -106) return;
    sq >>= -pos;
    pos = 0;
  }
  const int idx = pos >> 5, sh = pos & 31;
  const auto lo = static_cast<std::uint64_t>(sq), hi = static_cast<std::uint64_t>(sq >> 64);  // hi < 2^42
  // (hi·2^64 + lo) << sh as five 32-bit digits
  const u128 low = static_cast<u128>(lo) << sh;                   // < 2^95
  const u128 high = (static_cast<u128>(hi) << sh) + (low >> 64);  // < 2^74
  d_[idx] += static_cast<std::int64_t>(static_cast<std::uint64_t>(low) & 0xffffffffu);
  d_[idx + 1] += static_cast<std::int64_t>(static_cast<std::uint64_t>(low) >> 32);
  d_[idx + 2] += static_cast<std::int64_t>(static_cast<std::uint64_t>(high) & 0xffffffffu);
  d_[idx + 3] += static_cast<std::int64_t>(static_cast<std::uint64_t>(high) >> 32);
  d_[idx + 4] += static_cast<std::int64_t>(static_cast<std::uint64_t>(high >> 64));
  if (++pending_ >= kCarryEvery) normalise();
}

void ExactSum::normalise() noexcept {
  for (int i = 0; i + 1 < kDigits; ++i) {
    const std::int64_t carry = d_[i] >> 32;  // floor division by 2^32
    d_[i] -= carry * (std::int64_t{1} << 32);
    d_[i + 1] += carry;
  }
  pending_ = 0;
}

void ExactSum::merge(const ExactSum& other) noexcept {
  ExactSum o = other;
  o.normalise();
  normalise();
  for (int i = 0; i < kDigits; ++i) d_[i] += o.d_[i];
  normalise();
}

ExactSum ExactSum::from_digits(const std::array<std::int64_t, kDigits>& d) noexcept {
  ExactSum s;
  s.d_ = d;
  s.normalise();
  return s;
}

double ExactSum::rounded(int scale_exponent) const noexcept {
  ExactSum s = *this;
  s.normalise();
  double sign = 1;
  if (s.d_[kDigits - 1] < 0) {  // negative: round the magnitude
    sign = -1;
    for (auto& v : s.d_) v = -v;
    s.normalise();
  }
  int h = kDigits - 1;
  while (h >= 0 && s.d_[h] == 0) --h;
  if (h < 0) return 0.0;
  auto digit = [&](int i) { return i >= 0 ? static_cast<std::uint64_t>(s.d_[i]) : std::uint64_t{0}; };
  u128 v = (static_cast<u128>(digit(h)) << 64) |
                        (static_cast<u128>(digit(h - 1)) << 32) | digit(h - 2);
  bool sticky = false;
  for (int i = h - 3; i >= 0 && !sticky; --i) sticky = s.d_[i] != 0;
  const int top = 128 - (static_cast<std::uint64_t>(v >> 64) != 0 ? std::countl_zero(static_cast<std::uint64_t>(v >> 64))
                                                                  : 64 + std::countl_zero(static_cast<std::uint64_t>(v)));
  // keep 64 significant bits, the rest in the sticky bit (below the double's rounding position)
  const int shift = top - 64;
  std::uint64_t m = 0;
  if (shift > 0) {
    sticky = sticky || (v & ((static_cast<u128>(1) << shift) - 1)) != 0;
    m = static_cast<std::uint64_t>(v >> shift);
  } else {
    m = static_cast<std::uint64_t>(v << -shift);
  }
  if (sticky) m |= 1;
  const int exponent = 32 * (h - 2) + shift - 1074 - scale_exponent;
  return sign * std::ldexp(static_cast<double>(m), exponent);
}

// ---- keys -------------------------------------------------------------------------------------
std::uint64_t order_key(double x) noexcept {
  const auto b = std::bit_cast<std::uint64_t>(x);
  return (b >> 63) ? ~b : (b | (std::uint64_t{1} << 63));
}
double from_order_key(std::uint64_t key) noexcept {
  return std::bit_cast<double>((key >> 63) ? (key & ~(std::uint64_t{1} << 63)) : ~key);
}

// ---- one partition ----------------------------------------------------------------------------
namespace {
// The histogram bin of x (the formula of every partition, so that counts merge exactly).
inline std::size_t bin_of(double x, double lo, double width, int bins) {
  double offset = (x - lo) / width;
  if (!std::isfinite(offset)) offset = x / width - lo / width;
  return static_cast<std::size_t>(std::clamp(offset, 0.0, static_cast<double>(bins - 1)));
}
}  // namespace

SummaryPart summary_part(const double* x, std::size_t n, const SummaryRequest& q) {
  SummaryPart part;
  part.stage = q.stage;
  if (q.stage < 0) return part;
  if (q.stage == 0) {
    part.count = n;
    std::array<ExactSum, 4> sums;  // four independent chains: the additions overlap in the pipeline
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x[i];
      if (!std::isfinite(v)) {
        ++part.non_finite;
        continue;
      }
      sums[i & 3].add(v);
      part.min = std::min(part.min, v);
      part.max = std::max(part.max, v);
    }
    for (const auto& a : sums) part.sum.merge(a);
    return part;
  }
  // Tight loops with the request's numbers in locals (the scans, not the arithmetic, are the cost).
  const bool spread = q.stage == 1;
  if (spread) {
    const double scale = std::ldexp(1.0, -q.scale_exponent);  // a power of two: x·scale is exact
    const double mean = q.mean_scaled;
    std::array<ExactSum, 4> squares;
    for (std::size_t i = 0; i < n; ++i) squares[i & 3].add_square(x[i] * scale - mean);
    for (const auto& a : squares) part.squares.merge(a);
    if (q.histogram_bins > 0) {
      std::vector<std::uint64_t> h(static_cast<std::size_t>(q.histogram_bins), 0);
      const double lo = q.histogram_low, width = q.histogram_width;
      const int bins = q.histogram_bins;
      for (std::size_t i = 0; i < n; ++i) ++h[bin_of(x[i], lo, width, bins)];
      part.histogram = std::move(h);
    }
    for (const double v : q.markers) part.markers.push_back(static_cast<std::uint64_t>(
                                         std::count_if(x, x + n, [v](double y) { return y <= v; })));
    for (const auto& [lo, hi] : q.intervals)
      part.intervals.push_back(static_cast<std::uint64_t>(
          std::count_if(x, x + n, [lo = lo, hi = hi](double y) { return lo <= y && y <= hi; })));
  }
  const std::size_t nq = q.queries.size();
  part.counts.resize(nq);
  part.values.resize(nq);
  std::vector<std::vector<std::uint64_t>> dense(nq);
  for (std::size_t k = 0; k < nq; ++k) {
    const SelectionQuery& s = q.queries[k];
    const int width = selection_digit_bits(s.bits);
    const int digit_shift = 64 - s.bits - width;
    const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
    const std::uint64_t prefix = s.prefix;
    const int prefix_shift = s.bits == 0 ? 0 : 64 - s.bits;
    const bool all = s.bits == 0;
    if (s.gather) {
      auto& out = part.values[k];
      for (std::size_t i = 0; i < n; ++i)
        if (all || (order_key(x[i]) >> prefix_shift) == prefix) out.push_back(x[i]);
      continue;
    }
    dense[k].assign(std::size_t{1} << width, 0);
    std::uint64_t* d = dense[k].data();
    if (all) {
      for (std::size_t i = 0; i < n; ++i) ++d[(order_key(x[i]) >> digit_shift) & mask];
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t key = order_key(x[i]);
        if ((key >> prefix_shift) == prefix) ++d[(key >> digit_shift) & mask];
      }
    }
  }
  for (std::size_t k = 0; k < nq; ++k)
    for (std::uint32_t b = 0; b < dense[k].size(); ++b)
      if (dense[k][b]) part.counts[k].push_back({b, dense[k][b]});
  return part;
}

// ---- the builder ------------------------------------------------------------------------------
SummaryBuilder::SummaryBuilder(SummarySpec spec) : spec_(std::move(spec)) { moments_.stage = 0; }

void SummaryBuilder::add(const SummaryPart& p) {
  LLMCOST_REQUIRE(p.stage == request_.stage, invalid_input, "llmcost.summary.part", "a part of stage ", p.stage,
                  " was given at stage ", request_.stage);
  if (request_.stage < 0) return;
  if (request_.stage == 0) {
    moments_.count += p.count;
    moments_.non_finite += p.non_finite;
    moments_.sum.merge(p.sum);
    moments_.min = std::min(moments_.min, p.min);
    moments_.max = std::max(moments_.max, p.max);
    return;
  }
  const std::size_t nq = request_.queries.size();
  LLMCOST_REQUIRE(p.counts.size() == nq && p.values.size() == nq, invalid_input, "llmcost.summary.part",
                  "a part answers ", p.counts.size(), " selection queries; expected ", nq);
  if (request_.stage == 1) {
    LLMCOST_REQUIRE(p.histogram.size() == spread_.histogram.size() && p.markers.size() == spread_.markers.size() &&
                        p.intervals.size() == spread_.intervals.size(),
                    invalid_input, "llmcost.summary.part", "a part's histogram, markers or intervals have other sizes");
    spread_.squares.merge(p.squares);
    for (std::size_t i = 0; i < p.histogram.size(); ++i) spread_.histogram[i] += p.histogram[i];
    for (std::size_t i = 0; i < p.markers.size(); ++i) spread_.markers[i] += p.markers[i];
    for (std::size_t i = 0; i < p.intervals.size(); ++i) spread_.intervals[i] += p.intervals[i];
  }
  for (std::size_t k = 0; k < nq; ++k) {
    for (const auto& [b, c] : p.counts[k]) {  // bucket, count
      LLMCOST_REQUIRE(b < counts_[k].size(), invalid_input, "llmcost.summary.part", "bucket ", b, " is out of range");
      counts_[k][b] += c;
    }
    values_[k].insert(values_[k].end(), p.values[k].begin(), p.values[k].end());
  }
}

void SummaryBuilder::next_queries() {
  std::vector<SelectionQuery> qs;
  for (auto& t : targets_) {
    if (t.resolved) continue;
    const SelectionQuery q{t.prefix, t.bits, t.bucket_count <= gather_limit};
    const auto at = std::find(qs.begin(), qs.end(), q);
    t.query = static_cast<std::size_t>(at - qs.begin());
    if (at == qs.end()) qs.push_back(q);
  }
  request_.queries = qs;
  counts_.assign(qs.size(), {});
  values_.assign(qs.size(), {});
  for (std::size_t k = 0; k < qs.size(); ++k)
    if (!qs[k].gather) counts_[k].assign(std::size_t{1} << selection_digit_bits(qs[k].bits), 0);
}

void SummaryBuilder::advance() {
  if (done_) return;
  if (request_.stage == 0) {
    const std::uint64_t n = moments_.count;
    if (n == 0 || moments_.non_finite > 0) {
      done_ = true;
      request_ = SummaryRequest{};
      request_.stage = -1;
      return;
    }
    SummaryRequest q;
    q.stage = 1;
    const double maxabs = std::max(std::abs(moments_.min), std::abs(moments_.max));
    int e = 0;
    if (maxabs > 0) std::frexp(maxabs, &e);
    q.scale_exponent = std::clamp(e, -1000, 1024);  // 2^-k stays a representable double
    q.mean_scaled = moments_.sum.rounded(q.scale_exponent) / static_cast<double>(n);
    if (spec_.histogram_bins > 0) {
      // A constant sample gets one unit-wide bin range, or a relative one where +1 is below the
      // resolution of the value (|x| ≥ 2^53), so that the width is never 0.
      double lo = moments_.min, hi = moments_.max;
      if (!(hi > lo)) {
        const double pad = std::max(1.0, std::abs(lo) * 1e-9);
        hi = lo + pad;
        if (!std::isfinite(hi)) {  // at the top of the double range: widen downwards
          hi = lo;
          lo -= pad;
        }
      }
      const int bins = spec_.histogram_bins;
      const double width = std::isfinite(hi - lo) ? (hi - lo) / bins : hi / bins - lo / bins;
      q.histogram_low = lo;
      q.histogram_width = width;
      q.histogram_bins = bins;
      histogram_high_ = hi;
      spread_.histogram.assign(static_cast<std::size_t>(bins), 0);
    }
    q.markers = spec_.markers;
    q.intervals = spec_.intervals;
    spread_.markers.assign(q.markers.size(), 0);
    spread_.intervals.assign(q.intervals.size(), 0);
    // the order statistics type-7 interpolation needs (h = (n − 1)·p/100: floor(h) and the next)
    std::vector<std::uint64_t> ranks;
    for (double p : spec_.percentiles) {
      const double h = static_cast<double>(n - 1) * p / 100.0;
      const auto lo = static_cast<std::uint64_t>(std::floor(h));
      ranks.push_back(lo);
      ranks.push_back(std::min(lo + 1, n - 1));
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    targets_.clear();
    for (auto r : ranks) targets_.push_back(Target{r, r, n, 0, 0, false, 0, 0});
    stage1_ = q;
    request_ = std::move(q);
    next_queries();
    return;
  }
  // a selection round
  for (auto& t : targets_) {
    if (t.resolved) continue;
    const SelectionQuery& q = request_.queries[t.query];
    if (q.gather) {
      auto& v = values_[t.query];
      LLMCOST_REQUIRE(t.remaining < v.size(), invalid_input, "llmcost.summary.part", "the parts gathered ", v.size(),
                      " samples for a rank ", t.remaining, " into them");
      auto by_key = [](double a, double b) { return order_key(a) < order_key(b); };
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(t.remaining), v.end(), by_key);
      t.value = v[t.remaining];
      t.resolved = true;
      continue;
    }
    const auto& c = counts_[t.query];
    std::uint32_t b = 0;
    while (b < c.size() && t.remaining >= c[b]) t.remaining -= c[b++];
    LLMCOST_REQUIRE(b < c.size(), invalid_input, "llmcost.summary.part", "the parts' bucket counts do not hold rank ",
                    t.rank);
    const int width = selection_digit_bits(t.bits);
    t.prefix = (t.prefix << width) | b;
    t.bits += width;
    t.bucket_count = c[b];
    if (t.bits == 64) {
      t.value = from_order_key(t.prefix);
      t.resolved = true;
    }
  }
  const int next = request_.stage + 1;
  if (std::all_of(targets_.begin(), targets_.end(), [](const Target& t) { return t.resolved; })) {
    done_ = true;
    SummaryRequest q;
    q.stage = -1;
    request_ = std::move(q);
    return;
  }
  SummaryRequest q;
  q.stage = next;
  request_ = std::move(q);
  next_queries();
}

MetricSummary SummaryBuilder::result() const {
  LLMCOST_REQUIRE(done_, invalid_input, "llmcost.summary.part", "the summary is asked for before its last stage");
  MetricSummary s;
  const std::uint64_t n = moments_.count;
  if (n == 0 || moments_.non_finite > 0) return s;
  const auto nd = static_cast<double>(n);
  s.min = moments_.min;
  s.max = moments_.max;
  const int k = stage1_.scale_exponent;
  if (s.min == s.max) {  // a constant: exactly itself, without the rounding of n additions
    s.mean = s.min;
    s.sd = 0;
  } else {
    s.mean = std::ldexp(stage1_.mean_scaled, k);
    s.sd = n > 1 ? std::ldexp(std::sqrt(spread_.squares.rounded() / static_cast<double>(n - 1)), k) : 0.0;
  }
  auto at_rank = [&](std::uint64_t r) {
    for (const auto& t : targets_)
      if (t.rank == r) return t.value;
    return 0.0;  // not reached: every rank the percentiles need is a target
  };
  for (double p : spec_.percentiles) {
    // Hyndman & Fan type 7 (numpy's default): h = (n − 1)·p/100
    const double h = static_cast<double>(n - 1) * p / 100.0;
    const auto lo = static_cast<std::uint64_t>(std::floor(h));
    const std::uint64_t hi = std::min(lo + 1, n - 1);
    const double f = h - static_cast<double>(lo);
    const double xl = at_rank(lo), xh = at_rank(hi);
    double v = xl + f * (xh - xl);
    if (!std::isfinite(v)) v = (1 - f) * xl + f * xh;  // xh − xl overflowed
    s.percentiles.emplace_back(p, v);
  }
  if (stage1_.histogram_bins > 0) {
    const int bins = stage1_.histogram_bins;
    const double lo = stage1_.histogram_low, width = stage1_.histogram_width;
    for (int b = 0; b <= bins; ++b) {
      const double e = lo + b * width;
      s.histogram.edges.push_back(std::isfinite(e) ? e : histogram_high_ - (bins - b) * width);  // b·width overflowed
    }
    s.histogram.edges.back() = histogram_high_;
    s.histogram.counts = spread_.histogram;
  }
  for (std::size_t i = 0; i < spec_.markers.size(); ++i)
    s.markers.push_back({"", spec_.markers[i], static_cast<double>(spread_.markers[i]) / nd});
  for (std::size_t i = 0; i < spec_.intervals.size(); ++i)
    s.intervals.push_back({spec_.intervals[i].first, spec_.intervals[i].second,
                           static_cast<double>(spread_.intervals[i]) / nd});
  return s;
}

// ---- encodings --------------------------------------------------------------------------------
namespace {
struct Writer {
  std::string out;
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void put_vector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(v.size());
    if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
};
struct Reader {
  std::string_view in;
  std::size_t at = 0;
  template <class T>
  T get() {
    LLMCOST_REQUIRE(in.size() - at >= sizeof(T), invalid_input, "llmcost.summary.encoding",
                    "the encoded summary ends early (", in.size(), " bytes)");
    T v;
    std::memcpy(&v, in.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  // The magic number of `what` and the count of metrics that follow.
  std::uint64_t header(std::uint32_t magic, const char* what) {
    LLMCOST_REQUIRE(get<std::uint32_t>() == magic, invalid_input, "llmcost.summary.encoding",
                    "the bytes are not an encoded summary ", what);
    const auto n = get<std::uint64_t>();
    LLMCOST_REQUIRE(n <= in.size(), invalid_input, "llmcost.summary.encoding", "the ", what, " names ", n, " metrics");
    return n;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    LLMCOST_REQUIRE(n <= (in.size() - at) / sizeof(T), invalid_input, "llmcost.summary.encoding",
                    "the encoded summary names ", n, " elements in ", in.size() - at, " bytes");
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), in.data() + at, n * sizeof(T));
    at += n * sizeof(T);
    return v;
  }
};
void put_sum(Writer& w, const ExactSum& s) { w.put(s.digits()); }
ExactSum get_sum(Reader& r) { return ExactSum::from_digits(r.get<std::array<std::int64_t, ExactSum::kDigits>>()); }
constexpr std::uint32_t kRequestMagic = 0x4c4d5351, kPartMagic = 0x4c4d5350;  // "LMSQ", "LMSP"
}  // namespace

std::string encode(const std::vector<SummaryRequest>& requests) {
  Writer w;
  w.put(kRequestMagic);
  w.put<std::uint64_t>(requests.size());
  for (const auto& q : requests) {
    w.put(q.stage);
    w.put(q.scale_exponent);
    w.put(q.mean_scaled);
    w.put(q.histogram_low);
    w.put(q.histogram_width);
    w.put(q.histogram_bins);
    w.put_vector(q.markers);
    std::vector<double> lows, highs;
    for (const auto& [lo, hi] : q.intervals) {
      lows.push_back(lo);
      highs.push_back(hi);
    }
    w.put_vector(lows);
    w.put_vector(highs);
    w.put_vector(q.queries);
  }
  return std::move(w.out);
}

std::vector<SummaryRequest> decode_requests(std::string_view bytes) {
  Reader r{bytes};
  std::vector<SummaryRequest> out(r.header(kRequestMagic, "request"));
  for (auto& q : out) {
    q.stage = r.get<int>();
    q.scale_exponent = r.get<int>();
    q.mean_scaled = r.get<double>();
    q.histogram_low = r.get<double>();
    q.histogram_width = r.get<double>();
    q.histogram_bins = r.get<int>();
    LLMCOST_REQUIRE(q.histogram_bins >= 0 && q.histogram_bins <= 10000 && q.scale_exponent >= -1000 &&
                        q.scale_exponent <= 1024,
                    invalid_input, "llmcost.summary.encoding", "the request's histogram or scale is out of range");
    q.markers = r.get_vector<double>();
    const auto lows = r.get_vector<double>(), highs = r.get_vector<double>();
    LLMCOST_REQUIRE(lows.size() == highs.size(), invalid_input, "llmcost.summary.encoding",
                    "the request's interval bounds do not pair up");
    for (std::size_t i = 0; i < lows.size(); ++i) q.intervals.emplace_back(lows[i], highs[i]);
    q.queries = r.get_vector<SelectionQuery>();
    for (const auto& s : q.queries)
      LLMCOST_REQUIRE(s.bits == 0 || (s.bits >= 16 && s.bits <= 56 && s.bits % 8 == 0), invalid_input,
                      "llmcost.summary.encoding", "a selection query covers ", s.bits,
                      " bits; expected 0, 16, 24, 32, 40, 48 or 56");
  }
  return out;
}

std::string encode(const std::vector<SummaryPart>& parts) {
  Writer w;
  w.put(kPartMagic);
  w.put<std::uint64_t>(parts.size());
  for (const auto& p : parts) {
    w.put(p.stage);
    w.put(p.count);
    w.put(p.non_finite);
    put_sum(w, p.sum);
    w.put(p.min);
    w.put(p.max);
    put_sum(w, p.squares);
    w.put_vector(p.histogram);
    w.put_vector(p.markers);
    w.put_vector(p.intervals);
    w.put<std::uint64_t>(p.counts.size());
    for (const auto& c : p.counts) w.put_vector(c);
    w.put<std::uint64_t>(p.values.size());
    for (const auto& v : p.values) w.put_vector(v);
  }
  return std::move(w.out);
}

std::vector<SummaryPart> decode_parts(std::string_view bytes) {
  Reader r{bytes};
  std::vector<SummaryPart> out(r.header(kPartMagic, "part"));
  for (auto& p : out) {
    p.stage = r.get<int>();
    p.count = r.get<std::uint64_t>();
    p.non_finite = r.get<std::uint64_t>();
    p.sum = get_sum(r);
    p.min = r.get<double>();
    p.max = r.get<double>();
    p.squares = get_sum(r);
    p.histogram = r.get_vector<std::uint64_t>();
    p.markers = r.get_vector<std::uint64_t>();
    p.intervals = r.get_vector<std::uint64_t>();
    const auto nc = r.get<std::uint64_t>();
    LLMCOST_REQUIRE(nc <= bytes.size(), invalid_input, "llmcost.summary.encoding", "the part names ", nc, " queries");
    p.counts.resize(nc);
    for (auto& c : p.counts) c = r.get_vector<SummaryPart::BucketCount>();
    const auto nv = r.get<std::uint64_t>();
    LLMCOST_REQUIRE(nv <= bytes.size(), invalid_input, "llmcost.summary.encoding", "the part names ", nv, " queries");
    p.values.resize(nv);
    for (auto& v : p.values) v = r.get_vector<double>();
  }
  return out;
}

}  // namespace llmcost
