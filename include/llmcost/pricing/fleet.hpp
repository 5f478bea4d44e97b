#pragma once
// File: llmcost/pricing/fleet.hpp
//
// Fleet cost: owning N GPUs of one type for a period. Capex = N × per-GPU capex of the
// ownership TCO (pricing/tco.hpp); the yearly cost = N × $/GPU-hour × 8,766 h.
// Two DeepSeek allegations are shipped as fleets (SemiAnalysis, "DeepSeek Debates", 2025-01-31; Alexandr Wang, CNBC, 2025-01-23):
//   * SemiAnalysis (2025-01-31): ~50,000 Hopper GPUs, ~$1.6B total server capex
//     (secondary: paywalled, relayed; some relays read $1.3B);
//   * Alexandr Wang (CNBC, 2025-01-23): "more than 50,000 H100s" (claim offered without evidence).
//
//   Fleet f = fleet_from_total_capex("semianalysis", gpu_count(50000), usd(1.6e9), tco_preset("hyperscaler", ...));
//   FleetCost c = fleet_cost(f, years(1));
//   c.capex;  c.cost_over_period;  c.usd_per_gpu_hour
#include <string>

#include "llmcost/error.hpp"
#include "llmcost/pricing/tco.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// N owned GPUs of one type under one ownership TCO.
struct Fleet {
  std::string name;
  Gpus count = gpu_count(0);  ///< > 0
  OwnershipTco tco;           ///< per-GPU economics
  Provenance source;          ///< where the fleet size (and capex) comes from
};

/// Cost of owning a fleet.
struct FleetCost {
  Usd hardware_capex = usd(0);     ///< N × hardware capex per GPU
  Usd facility_capex = usd(0);     ///< N × facility capex per GPU (build facilities only)
  Usd capex = usd(0);              ///< hardware + facility
  Usd annual_cost = usd(0);        ///< N × TCO per year (all components)
  TcoBreakdown per_gpu_hour;       ///< effective $/GPU-hour by component
  Seconds period = seconds(0);     ///< the period costed
  Usd cost_over_period = usd(0);   ///< N × $/GPU-hour × period
};

/// A fleet whose per-GPU hardware capex is `total_hardware_capex / count`: the GPU price in
/// `tco` is replaced so that gpu_price × overheads + other = total / count (overheads kept).
/// Throws invalid_input [llmcost.fleet.invalid] for non-positive count or capex.
inline Fleet fleet_from_total_capex(std::string name, Gpus count, Usd total_hardware_capex, OwnershipTco tco,
                                    Provenance source = {}) {
  detail::require_positive(detail::to_raw(count), "gpus", "llmcost.fleet.invalid");
  detail::require_positive(detail::to_raw(total_hardware_capex), "total_capex_usd", "llmcost.fleet.invalid");
  const double per_gpu = detail::to_raw(total_hardware_capex) / detail::to_raw(count);
  const double other = detail::to_raw(tco.other_capex_per_gpu);
  LLMCOST_REQUIRE(per_gpu > other, invalid_input, "llmcost.fleet.invalid", "total capex per GPU ", per_gpu,
                  " USD does not exceed other_capex_usd_per_gpu ", other);
  tco.gpu_price = usd_per_gpu((per_gpu - other) /
                              (detail::to_raw(tco.server_overhead) * detail::to_raw(tco.network_overhead)));
  return Fleet{std::move(name), count, std::move(tco), std::move(source)};
}

/// Cost of owning `f` for `period`. Throws [llmcost.fleet.invalid] for a non-positive
/// count or negative period, and the TCO's own errors.
inline FleetCost fleet_cost(const Fleet& f, Seconds period) {
  detail::require_positive(detail::to_raw(f.count), "gpus", "llmcost.fleet.invalid");
  detail::require_non_negative(detail::to_raw(period), "period_s", "llmcost.fleet.invalid");
  FleetCost c;
  c.hardware_capex = hardware_capex_per_gpu(f.tco) * f.count;
  c.facility_capex = facility_capex_per_gpu(f.tco) * f.count;
  c.capex = c.hardware_capex + c.facility_capex;
  c.per_gpu_hour = tco_per_gpu_hour(f.tco);
  c.period = period;
  c.annual_cost = c.per_gpu_hour.total() * (f.count * years(1));
  c.cost_over_period = c.per_gpu_hour.total() * (f.count * period);
  return c;
}

/// SemiAnalysis's DeepSeek estimate: 50,000 Hopper GPUs with ~$1.6B server capex, costed with
/// the "china-owner" TCO (PUE 1.54, $0.088/kWh) at H800 TDP 700 W.
Fleet semianalysis_deepseek_fleet();
/// The "50,000 H100" allegation (Scale AI's Alexandr Wang): 50,000 H100 at the catalog's mid
/// H100 purchase price, "china-owner" TCO. The count is an unverified claim.
Fleet fifty_thousand_h100_fleet();

}  // namespace llmcost
