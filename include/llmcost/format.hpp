#pragma once
// File: llmcost/format.hpp
//
// Human-readable formatting of quantities, with SI prefixes and llmcost's symbols:
//   format(usd(5.576e6))               -> "$5.576M"
//   format(gpu_hours(2.788e6))         -> "2.788M GPU·h"
//   format(flop_per_s(989e12))         -> "989 TFLOP/s"
//   format(usd_per_mtok(0.55))         -> "$0.55/Mtok"
// Four significant digits, trailing zeros dropped. Non-finite values print as
// "nan"/"inf" rather than being hidden. For machine-readable output use the raw
// SI values (JSON keys carry the unit in their name).
#include <string>

#include "llmcost/units.hpp"

namespace llmcost {

/// `value` with a 1000-based SI prefix (k, M, G, T, P, E) and `significant` digits.
std::string si_prefixed(double value, int significant = 4);

std::string format(Usd x);            ///< "$5.576M"
std::string format(GpuHours x);       ///< "2.788M GPU·h"
std::string format(Seconds x);        ///< "54.2 days", "3.7 h", "12.5 s"
std::string format(Flops x);          ///< "250 GFLOP"; from 1e21 on, "3.700e+24 FLOP"
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

}  // namespace llmcost
