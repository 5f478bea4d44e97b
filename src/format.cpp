#include "llmcost/format.hpp"

#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace llmcost {
namespace {

// Trim "1.500" -> "1.5", "2.000" -> "2".
std::string trim_zeros(std::string s) {
  if (s.find('.') == std::string::npos || s.find('e') != std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string fixed_sig(double v, int significant) {
  if (v == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int decimals = std::max(0, significant - 1 - magnitude);
  return trim_zeros(fmt::format("{:.{}f}", v, decimals));
}

std::string non_finite(double v) {
  if (std::isnan(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}

}  // namespace

std::string si_prefixed(double value, int significant) {
  if (!std::isfinite(value)) return non_finite(value);
  static constexpr std::array<const char*, 7> prefixes{"", "k", "M", "G", "T", "P", "E"};
  double a = std::fabs(value);
  std::size_t i = 0;
  while (a >= 1000.0 && i + 1 < prefixes.size()) {
    a /= 1000.0;
    ++i;
  }
  // Rounding may carry 999.96 up to "1000": move to the next prefix.
  const double scale = std::pow(10.0, significant - 1 - std::floor(std::log10(a > 0 ? a : 1)));
  if (std::round(a * scale) / scale >= 1000.0 && i + 1 < prefixes.size()) {
    a /= 1000.0;
    ++i;
  }
  const std::string digits = fixed_sig(a, significant);
  return (value < 0 ? "-" : "") + digits + prefixes[i];
}

namespace {
std::string with_unit(double v, const char* unit) {
  const std::string n = si_prefixed(v);
  if (std::string(unit).empty()) return n;
  // "989 T" + "FLOP/s" -> "989 TFLOP/s"; plain numbers get a space.
  const char last = n.empty() ? ' ' : n.back();
  const bool has_prefix = std::isalpha(static_cast<unsigned char>(last)) && n != "nan" && n != "inf";
  if (has_prefix) return n.substr(0, n.size() - 1) + " " + last + unit;
  return n + " " + unit;
}
}  // namespace

std::string format(Usd x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return "$" + non_finite(v);
  return (v < 0 ? "-$" : "$") + si_prefixed(std::fabs(v));
}
std::string format(GpuHours x) { return si_prefixed(in_gpu_hours(x)) + " GPU·h"; }
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
std::string format(Flops x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v) + " FLOP";
  if (std::fabs(v) >= 1e21) return fmt::format("{:.3e} FLOP", v);
  return with_unit(v, "FLOP");
}
std::string format(FlopsPerSecond x) { return with_unit(detail::to_raw(x), "FLOP/s"); }
std::string format(UsdPerGpuHour x) {
  return "$" + fixed_sig(in_usd_per_gpu_hour(x), 4) + "/GPU·h";
}
std::string format(UsdPerToken x) { return "$" + fixed_sig(in_usd_per_mtok(x), 4) + "/Mtok"; }
std::string format(UsdPerKilowattHour x) { return "$" + fixed_sig(in_usd_per_kwh(x), 4) + "/kWh"; }
std::string format(Tokens x) { return si_prefixed(detail::to_raw(x)) + " tok"; }
std::string format(TokensPerSecond x) { return si_prefixed(detail::to_raw(x)) + " tok/s"; }
std::string format(Bytes x) { return with_unit(detail::to_raw(x), "B"); }
std::string format(BytesPerSecond x) { return with_unit(detail::to_raw(x), "B/s"); }
std::string format(Watts x) { return with_unit(detail::to_raw(x), "W"); }
std::string format(Joules x) { return with_unit(in_kwh(x) * 1e3, "Wh"); }
std::string format(Gpus x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v) + " GPU";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::string digits = fmt::format("{}", static_cast<long long>(std::fabs(v)));
    for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3)
      digits.insert(static_cast<std::size_t>(pos), ",");
    return (v < 0 ? "-" : "") + digits + " GPU";
  }
  return fixed_sig(v, 4) + " GPU";
}
std::string format(Ratio x) {
  const double v = detail::to_raw(x);
  if (!std::isfinite(v)) return non_finite(v);
  return fixed_sig(v * 100.0, 4) + "%";
}

}  // namespace llmcost
