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

/// Accepted range of a fleet's period: [0, 100] years.
inline constexpr double kMaxFleetPeriodYears = 100;

/// A fleet whose per-GPU hardware capex is `total_hardware_capex / count`: the GPU price in
/// `tco` is replaced so that gpu_price × overheads + other = total / count (overheads kept).
/// Throws invalid_input [llmcost.fleet.invalid] unless count is a whole number in [1, 1e7] and
/// the capex per GPU lies in (other_capex_usd_per_gpu, 1e8 × overheads] USD.
inline Fleet fleet_from_total_capex(std::string name, Gpus count, Usd total_hardware_capex, OwnershipTco tco,
                                    Provenance source = {}) {
  const std::string tag = "llmcost.fleet.invalid";
  detail::require_whole(detail::to_raw(count), 1, detail::kMaxGpus, "gpus", tag);
  detail::require_positive(detail::to_raw(total_hardware_capex), "total_capex_usd", tag);
  detail::validate(tco);
  const double per_gpu = detail::to_raw(total_hardware_capex) / detail::to_raw(count);
  const double other = detail::to_raw(tco.other_capex_per_gpu);
  const double overheads = detail::to_raw(tco.server_overhead) * detail::to_raw(tco.network_overhead);
  LLMCOST_REQUIRE(per_gpu > other, invalid_input, tag, "total_capex_usd / gpus = ", per_gpu,
                  " USD does not exceed other_capex_usd_per_gpu ", other);
  const double gpu_price = (per_gpu - other) / overheads;
  LLMCOST_REQUIRE(gpu_price <= detail::kMaxUsdPerGpu, invalid_input, tag, "total_capex_usd / gpus = ", per_gpu,
                  " USD per GPU implies a GPU price of ", gpu_price, " USD, outside the accepted range [0, ",
                  detail::kMaxUsdPerGpu, "]");
  tco.gpu_price = usd_per_gpu(gpu_price);
  return Fleet{std::move(name), count, std::move(tco), std::move(source)};
}

/// Cost of owning `f` for `period`. Throws [llmcost.fleet.invalid] unless the count is a whole
/// number in [1, 1e7] and the period lies in [0, 100] years, and the TCO's own errors.
inline FleetCost fleet_cost(const Fleet& f, Seconds period) {
  const std::string tag = "llmcost.fleet.invalid";
  detail::require_whole(detail::to_raw(f.count), 1, detail::kMaxGpus, "gpus", tag);
  detail::require_in_range(in_years(period), 0, kMaxFleetPeriodYears, "period_years", tag);
  FleetCost c;
  c.hardware_capex = hardware_capex_per_gpu(f.tco) * f.count;
  c.facility_capex = facility_capex_per_gpu(f.tco) * f.count;
  c.capex = c.hardware_capex + c.facility_capex;
  c.per_gpu_hour = tco_per_gpu_hour(f.tco);
  c.period = period;
  c.annual_cost = c.per_gpu_hour.total() * (f.count * years(1));
  c.cost_over_period = c.per_gpu_hour.total() * (f.count * period);
  for (const double v : {detail::to_raw(c.capex), detail::to_raw(c.annual_cost), detail::to_raw(c.cost_over_period)})
    detail::require_finite_result(v, "the fleet cost", "gpus, period_years and the TCO terms", "llmcost.fleet.overflow");
  return c;
}

/// SemiAnalysis's DeepSeek estimate: 50,000 Hopper GPUs with ~$1.6B server capex, costed with
/// the "china-owner" TCO (PUE 1.54, $0.088/kWh) at H800 TDP 700 W.
Fleet semianalysis_deepseek_fleet();
/// The "50,000 H100" allegation (Scale AI's Alexandr Wang): 50,000 H100 at the catalog's mid
/// H100 purchase price, "china-owner" TCO. The count is an unverified claim.
Fleet fifty_thousand_h100_fleet();

}  // namespace llmcost
