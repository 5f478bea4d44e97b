#include "llmcost/format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace llmcost {
namespace {

// Below this magnitude every format switches to scientific notation (a fixed rendering of
// 1e-300 would print hundreds of zeros).
constexpr double kSmallest = 1e-3;
// Money and counts: from 1e15 ("1000T") on, scientific notation.
constexpr double kLargestFixed = 1e15;

std::string non_finite(double v) {
  if (std::isnan(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}

// Trim "1.500" -> "1.5", "2.000" -> "2" (fixed notation only).
std::string trim_zeros(std::string s) {
  if (s.find('.') == std::string::npos || s.find('e') != std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// "1.2340e+18" -> "1.234e+18", "5.000e-04" -> "5e-4": `significant` digits, trailing zeros
// of the mantissa and leading zeros of the exponent dropped.
std::string scientific(double v, int significant) {
  const std::string s = fmt::format("{:.{}e}", v, std::max(0, significant - 1));
  const std::size_t e = s.find('e');
  std::string mantissa = trim_zeros(s.substr(0, e));
  const char sign = s[e + 1];
  std::string exponent = s.substr(e + 2);
  while (exponent.size() > 1 && exponent.front() == '0') exponent.erase(exponent.begin());
  return mantissa + "e" + sign + exponent;
}

// `v` with `significant` digits in fixed notation, scientific outside [1e-3, 1e15).
std::string fixed_sig(double v, int significant) {
  if (!std::isfinite(v)) return non_finite(v);
  if (v == 0) return "0";
  const double a = std::fabs(v);
  if (a < kSmallest || a >= kLargestFixed) return scientific(v, significant);
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  const int decimals = std::max(0, significant - 1 - magnitude);
  return trim_zeros(fmt::format("{:.{}f}", v, decimals));
}

// `a` (>= 0) rounded to `significant` digits.
double rounded(double a, int significant) {
  if (a == 0) return 0;
  const double scale = std::pow(10.0, significant - 1 - std::floor(std::log10(a)));
  return std::round(a * scale) / scale;
}

// `value` divided by the largest 1000-power suffix that keeps it >= 1; once the largest
// suffix would print 1000 or more, scientific notation.
std::string suffixed(double value, int significant, std::span<const char* const> suffixes) {
  if (!std::isfinite(value)) return non_finite(value);
  if (value == 0) return "0";
  double a = std::fabs(value);
  if (a < kSmallest) return scientific(value, significant);
  std::size_t i = 0;
  while (a >= 1000.0 && i + 1 < suffixes.size()) {
    a /= 1000.0;
    ++i;
  }
  // Rounding may carry 999.96 up to "1000": move to the next suffix.
  if (rounded(a, significant) >= 1000.0) {
    if (i + 1 >= suffixes.size()) return scientific(value, significant);
    a /= 1000.0;
    ++i;
  }
  return (value < 0 ? "-" : "") + fixed_sig(a, significant) + suffixes[i];
}

constexpr std::array<const char*, 7> kSiPrefixes{"", "k", "M", "G", "T", "P", "E"};
constexpr std::array<const char*, 5> kShortScale{"", "k", "M", "B", "T"};

// "989 T" + "FLOP/s" -> "989 TFLOP/s"; plain numbers get a space.
std::string with_unit(double v, const char* unit, int significant = 4) {
  if (!std::isfinite(v)) return non_finite(v) + " " + unit;
  const std::string n = si_prefixed(v, significant);
  const char last = n.back();
  if (std::isalpha(static_cast<unsigned char>(last)) != 0) return n.substr(0, n.size() - 1) + " " + last + unit;
  return n + " " + unit;
}

// Significant digits of the shortest decimal form of `v` (at most 12).
int published_digits(double v) {
  if (v == 0 || !std::isfinite(v)) return 1;
  const std::string s = fmt::format("{:.11e}", std::fabs(v));
  std::string mantissa = trim_zeros(s.substr(0, s.find('e')));
  return static_cast<int>(std::count_if(mantissa.begin(), mantissa.end(),
                                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }));
}

// "562027" -> "562,027", "1234.5" -> "1,234.5".
std::string group_thousands(const std::string& fixed) {
  const std::size_t dot = fixed.find('.');
  const std::size_t end = dot == std::string::npos ? fixed.size() : dot;
  std::string out;
  out.reserve(fixed.size() + end / 3);
  for (std::size_t i = 0; i < end; ++i) {
    if (i > 0 && (end - i) % 3 == 0) out += ',';
    out += fixed[i];
  }
  out.append(fixed, end, std::string::npos);
  return out;
}

// Decodes the UTF-8 sequence at s[i]: its code point and length, or -1 and 1 for a byte
// that does not start a valid (shortest-form, non-surrogate) sequence.
std::pair<long, std::size_t> decode_utf8(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return {c, 1};
  std::size_t len = 0;
  long cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {-1, 1};
  }
  if (i + len > s.size()) return {-1, 1};
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {-1, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::array<long, 5> kMinForLength{0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {-1, 1};
  return {cp, len};
}

// Columns of one code point (after Markus Kuhn's wcwidth, simplified).
int code_point_width(long cp) {
  const auto in = [cp](long lo, long hi) { return cp >= lo && cp <= hi; };
  if (cp == 0 || in(0x0300, 0x036F) || in(0x0483, 0x0489) || in(0x0591, 0x05BD) || in(0x0610, 0x061A) ||
      in(0x064B, 0x065F) || in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0x200B, 0x200F) ||
      in(0x20D0, 0x20FF) || in(0xFE00, 0xFE0F) || in(0xFE20, 0xFE2F) || cp == 0xFEFF || in(0xE0100, 0xE01EF))
    return 0;
  if (in(0x1100, 0x115F) || in(0x2E80, 0x303E) || in(0x3041, 0x33FF) || in(0x3400, 0x4DBF) ||
      in(0x4E00, 0x9FFF) || in(0xA000, 0xA4CF) || in(0xAC00, 0xD7A3) || in(0xF900, 0xFAFF) ||
      in(0xFE30, 0xFE4F) || in(0xFF00, 0xFF60) || in(0xFFE0, 0xFFE6) || in(0x1F300, 0x1F64F) ||
      in(0x1F900, 0x1F9FF) || in(0x20000, 0x2FFFD) || in(0x30000, 0x3FFFD))
    return 2;
  return 1;
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto [cp, len] = decode_utf8(utf8, i);
    width += cp < 0 ? 1 : static_cast<std::size_t>(code_point_width(cp));
    i += len;
  }
  return width;
}

std::string escape_control(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, len] = decode_utf8(text, i);
    if (cp < 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
    } else if (cp < 0x20) {
      if (keep_newlines && (cp == '\n' || cp == '\t')) out += static_cast<char>(cp);
      else if (cp == '\n') out += "\\n";
      else if (cp == '\t') out += "\\t";
      else if (cp == '\r') out += "\\r";
      else out += fmt::format("\\x{:02x}", cp);
    } else if ((cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string si_prefixed(double value, int significant) { return suffixed(value, significant, kSiPrefixes); }
std::string short_scale(double value, int significant) { return suffixed(value, significant, kShortScale); }
std::string plain_number(double value, int significant) { return fixed_sig(value, significant); }

std::string published_number(double value) {
  if (!std::isfinite(value)) return non_finite(value);
  if (value == 0) return "0";
  const int digits = published_digits(value);
  const double a = std::fabs(value);
  if (a >= 1e6 || a < kSmallest) return short_scale(value, digits);
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  const int decimals = std::max(0, digits - 1 - magnitude);
  return (value < 0 ? "-" : "") + group_thousands(trim_zeros(fmt::format("{:.{}f}", a, decimals)));
}

std::string format(Usd x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return "$" + non_finite(v);
  return (v < 0 ? "-$" : "$") + short_scale(std::fabs(v));
}
std::string format(GpuHours x) { return short_scale(in_gpu_hours(x)) + " GPU·h"; }
std::string format(Seconds x) {
  const double s = detail::to_raw(x);
  if (!std::isfinite(s)) return non_finite(s) + " s";
  const double a = std::fabs(s);
  if (a >= 2 * seconds_per_day) return fixed_sig(s / seconds_per_day, 4) + " days";
  if (a >= 2 * seconds_per_hour) return fixed_sig(s / seconds_per_hour, 4) + " h";
  if (a >= 120) return fixed_sig(s / 60, 4) + " min";
  if (a >= 1 || a == 0) return fixed_sig(s, 4) + " s";
  if (a >= 1e-3) return fixed_sig(s * 1e3, 4) + " ms";
  return fixed_sig(s * 1e6, 4) + " µs";
}
std::string format(Flops x) { return with_unit(detail::to_raw(x), "FLOP"); }
std::string format(FlopsPerSecond x) { return with_unit(detail::to_raw(x), "FLOP/s"); }
std::string format(UsdPerGpuHour x) { return "$" + fixed_sig(in_usd_per_gpu_hour(x), 4) + "/GPU·h"; }
std::string format(UsdPerToken x) { return "$" + fixed_sig(in_usd_per_mtok(x), 4) + "/Mtok"; }
std::string format(UsdPerKilowattHour x) { return "$" + fixed_sig(in_usd_per_kwh(x), 4) + "/kWh"; }
std::string format(Tokens x) { return short_scale(detail::to_raw(x)) + " tok"; }
std::string format(TokensPerSecond x) { return short_scale(detail::to_raw(x)) + " tok/s"; }
std::string format(Bytes x) { return with_unit(detail::to_raw(x), "B"); }
std::string format(BytesPerSecond x) { return with_unit(detail::to_raw(x), "B/s"); }
std::string format(Watts x) { return with_unit(detail::to_raw(x), "W"); }
std::string format(Joules x) { return with_unit(in_kwh(x) * 1e3, "Wh"); }
std::string format(Gpus x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v) + " GPU";
  if (v == std::floor(v) && std::fabs(v) < kLargestFixed)
    return (v < 0 ? "-" : "") + group_thousands(fmt::format("{:.0f}", std::fabs(v))) + " GPU";
  return fixed_sig(v, 4) + " GPU";
}
std::string format(Ratio x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v);
  return fixed_sig(v * 100.0, 4) + "%";
}

std::string format_published(Usd x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return "$" + non_finite(v);
  return (v < 0 ? "-$" : "$") + published_number(std::fabs(v));
}
std::string format_published(GpuHours x) { return published_number(in_gpu_hours(x)) + " GPU·h"; }
std::string format_published(Tokens x) { return published_number(detail::to_raw(x)) + " tok"; }
std::string format_published(Flops x) {
  const double v = detail::to_raw(x);
  return with_unit(v, "FLOP", published_digits(v));
}
std::string format_published(FlopsPerSecond x) {
  const double v = detail::to_raw(x);
  return with_unit(v, "FLOP/s", published_digits(v));
}
std::string format_published(UsdPerGpuHour x) { return "$" + published_number(in_usd_per_gpu_hour(x)) + "/GPU·h"; }
std::string format_published(UsdPerToken x) { return "$" + published_number(in_usd_per_mtok(x)) + "/Mtok"; }
std::string format_published(Gpus x) { return published_number(detail::to_raw(x)) + " GPU"; }
std::string format_published(Ratio x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v);
  return published_number(v * 100.0) + "%";
}

}  // namespace llmcost
