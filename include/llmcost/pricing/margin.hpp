#pragma once
// File: llmcost/pricing/margin.hpp
//
// Revenue and margin of a day's served traffic billed at an API price sheet, against what
// serving it costs (DS-DAY6's "cost-profit margin"):
//   revenue = input × (f × p_hit + (1 − f) × p_miss) + output × p_out   (task_cost_usd)
//   margin  = (revenue − cost) / cost
//
//   FleetSize f = fleet_for_traffic(prefill, decode, input, output, ratio(0.5), usd_per_gpu_hour(2));
//   Margin m = margin_against(api_price("deepseek-r1"), input, ratio(342.0 / 608), output, f.cost_per_day);
#include "llmcost/pricing/api.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// A day's revenue at list prices, its serving cost and the margin.
struct Margin {
  Usd revenue;
  Usd cost;
  Ratio margin;
};

/// Revenue of `input_per_day` tokens (a share `cached_fraction` from the prompt cache) and
/// `output_per_day` tokens billed at `price`, against `cost_per_day`. Throws invalid_input
/// [llmcost.inference.traffic] for token counts outside [0, 1e18] or a cost not > 0,
/// out_of_domain [llmcost.pricing.cached_fraction] for f outside [0, 1], and
/// [llmcost.inference.overflow] when the result is not finite.
Margin margin_against(const ApiPrice& price, Tokens input_per_day, Ratio cached_fraction, Tokens output_per_day,
                      Usd cost_per_day);

}  // namespace llmcost
