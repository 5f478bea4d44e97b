#pragma once
// File: llmcost/format.hpp
//
// Human-readable formatting of quantities, with llmcost's symbols:
//   format(usd(5.576e6))               -> "$5.576M"
//   format(gpu_hours(2.788e6))         -> "2.788M GPU·h"
//   format(flop_per_s(989e12))         -> "989 TFLOP/s"
//   format(usd_per_mtok(0.55))         -> "$0.55/Mtok"
//   format_published(usd(562027))      -> "$562,027"
// Four significant digits, trailing zeros dropped. Money and counts (dollars, GPU-hours,
// tokens, parameters) use the short scale k, M, B, T ("$1.31B", "671B"); physical units
// (FLOP, FLOP/s, B, B/s, W, Wh) use SI prefixes (k, M, G, T, P, E). Extremes switch to
// scientific notation with the same digits ("1.2e+18"): money and counts from 1e15 on,
// physical units from 1e21 on, and any non-zero magnitude below 1e-3. Non-finite values
// print as "nan"/"inf" rather than being hidden. For machine-readable output use the raw
// SI values (JSON keys carry the unit in their name).
#include <cstddef>
#include <string>
#include <string_view>

#include "llmcost/units.hpp"

namespace llmcost {

/// `value` with a 1000-based SI prefix (k, M, G, T, P, E) and `significant` digits, for
/// physical units; scientific from 1e21 on and below 1e-3 ("3.7e+24", "5e-4").
std::string si_prefixed(double value, int significant = 4);
/// A count or an amount of money with the short-scale suffixes k, M, B, T and `significant`
/// digits ("671B", "1.31B", "87.07k"); scientific from 1e15 on and below 1e-3.
std::string short_scale(double value, int significant = 4);
/// `value` with `significant` digits and no suffix ("0.3894", "27.3", "1234");
/// scientific from 1e15 on and below 1e-3.
std::string plain_number(double value, int significant = 4);
/// A published figure at its published precision: every digit of its shortest decimal form
/// (at most 12 significant digits, which hides binary rounding noise such as 0.1 + 0.2).
/// Below one million with thousands separators ("562,027", "226.75", "0.563"); from one
/// million on with k/M/B/T and all the digits ("5.576M", "14.8T", "1.234567M"); scientific
/// from 1e15 on and below 1e-3.
std::string published_number(double value);
/// Terminal columns a UTF-8 string occupies: combining marks and zero-width characters take
/// none, East Asian wide characters and emoji two, everything else one (an invalid byte
/// counts as one). Used to align text tables.
std::size_t display_width(std::string_view utf8);
/// `text` made safe to print on a terminal: C0 control characters (ESC included) become
/// "\x1b"-style escapes ("\n", "\t", "\r" for those three), DEL, the C1 controls
/// (U+0080..U+009F) and the bidirectional overrides (U+202A..U+202E, U+2066..U+2069) become
/// "\u009b"-style escapes (also valid inside a JSON string), and a byte that is not valid
/// UTF-8 becomes "\xff". With `keep_newlines`, newline and tab pass unchanged (for whole
/// documents; table cells and names escape them).
std::string escape_control(std::string_view text, bool keep_newlines = false);

std::string format(Usd x);            ///< "$5.576M"
std::string format(GpuHours x);       ///< "2.788M GPU·h"
std::string format(Seconds x);        ///< "54.2 days", "3.7 h", "12.5 s"
std::string format(Flops x);          ///< "250 GFLOP"; from 1e21 on, "3.7e+24 FLOP"
std::string format(FlopsPerSecond x); ///< "989 TFLOP/s"
std::string format(UsdPerGpuHour x);  ///< "$2/GPU·h"
std::string format(UsdPerToken x);    ///< "$0.55/Mtok"
std::string format(UsdPerKilowattHour x);  ///< "$0.088/kWh"
std::string format(Tokens x);         ///< "14.8T tok"
std::string format(TokensPerSecond x);  ///< "73.7k tok/s"
std::string format(Bytes x);          ///< "80 GB" (decimal)
std::string format(BytesPerSecond x); ///< "3.35 TB/s"
std::string format(Watts x);          ///< "700 W"
std::string format(Joules x);         ///< "1.287 GWh" (kWh-based)
std::string format(Gpus x);           ///< "2,048 GPU"
std::string format(Ratio x);          ///< "38.94%"

// Published figures at their published precision (see published_number).
std::string format_published(Usd x);             ///< "$562,027", "$5.576M"
std::string format_published(GpuHours x);        ///< "180,000 GPU·h", "2.788M GPU·h"
std::string format_published(Tokens x);          ///< "14.8T tok"
std::string format_published(Flops x);           ///< "3.14e+24 FLOP", "250 GFLOP"
std::string format_published(FlopsPerSecond x);  ///< "989 TFLOP/s"
std::string format_published(UsdPerGpuHour x);   ///< "$2/GPU·h"
std::string format_published(UsdPerToken x);     ///< "$2.19/Mtok"
std::string format_published(Gpus x);            ///< "2,048 GPU"
std::string format_published(Ratio x);           ///< "56.3%", "545%"

}  // namespace llmcost
