#pragma once
// File: llmcost/pricing/tco.hpp
//
// Ownership total cost of ownership (TCO): what one owned GPU costs per hour of the
// year, all-in. Every hour of the year is charged (idle hours included), so the result
// is the cost of an OWNED GPU-hour; divide by the fleet's useful fraction yourself if
// the GPUs idle.
//
//   hardware capex / GPU   C  = gpu_price × server_overhead × network_overhead + other_capex_per_gpu
//   hardware amortisation     = C / L                      (straight line over L years), or
//                             = V · r·ln10                  (Epoch's exponential depreciation at
//                                                            r orders of magnitude per year, V = C·10^(−r·age))
//   cost of capital           = C·CRF(i, L) − C/L           (straight line; CRF = i(1+i)^L / ((1+i)^L − 1),
//                                                            the capital-recovery / annuity factor), or V·i (exponential)
//   IT power / GPU        P  = TDP × server_power_overhead  (e.g. DGX H100 10.2 kW / 8 = 1.275 kW vs 0.7 kW TDP)
//   power                     = P × power_utilisation × PUE × electricity price × hours
//   facility (build)          = capex_per_watt × P × CRF(i, L_facility)   per year
//   facility (colocation)     = colocation price [$/kW-month] × P × 12 months  per year
//   maintenance               = maintenance_per_year × C   per year
//   $/GPU-hour = Σ annual components / hours per Julian year (8,766 h)
//
// Presets (src/pricing/tco.cpp, every default sourced in docs/training.md):
//   "epoch-ai-2024"    — Cottier et al. 2024 (arXiv:2405.21015) amortised hardware + energy
//   "hyperscaler"      — PUE 1.09 (Google fleet TTM 2025), own build at $11.7M/MW (C&W 2025)
//   "industry-average" — PUE 1.54 (Uptime 2025), colocation
//   "china-owner"      — as industry average with China industrial power $0.088/kWh
//
//   OwnershipTco t = tco_preset("epoch-ai-2024", usd_per_gpu(30000), watts(700));
//   TcoBreakdown b = tco_per_gpu_hour(t);     // b.total() ≈ $2.24/GPU-h
//   Usd capex = total_capex(t, gpu_count(2048));
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// How hardware capex turns into a cost per year.
enum class Amortisation {
  straight_line,  ///< C / L per year over `hardware_life`
  exponential     ///< Epoch: value × r·ln10 per year, r = `depreciation_oom_per_year`
};

/// How the data-centre shell is paid for.
enum class FacilityKind {
  none,        ///< not charged (e.g. a rental-equivalent comparison without facility)
  build,       ///< own build: capex per watt of IT load, amortised with the annuity factor
  colocation   ///< rent per kW of IT load per month
};

/// Ownership TCO inputs, per GPU. Dimensionless rates are per year where named so.
struct OwnershipTco {
  std::string name;                       ///< preset name or user label
  UsdPerGpu gpu_price = usd_per_gpu(0);   ///< purchase price of one accelerator [USD/GPU]
  Ratio server_overhead = ratio(1);       ///< server cost / accelerator cost (≥ 1; Epoch 1.64)
  Ratio network_overhead = ratio(1);      ///< cluster cost / server cost (≥ 1; Epoch 1.19)
  UsdPerGpu other_capex_per_gpu = usd_per_gpu(0);  ///< extra $/GPU (storage, install), ≥ 0
  Amortisation amortisation = Amortisation::straight_line;
  Seconds hardware_life = years(4);       ///< straight-line life (> 0)
  Ratio depreciation_oom_per_year = ratio(0.14);  ///< exponential: orders of magnitude per year (> 0)
  Seconds hardware_age = seconds(0);      ///< exponential: age at the start of use (≥ 0)
  Ratio cost_of_capital_per_year = ratio(0);  ///< annual rate i (≥ 0)
  Watts gpu_tdp = watts(0);               ///< accelerator TDP [W] (≥ 0; 0 ⇒ no power cost)
  Ratio server_power_overhead = ratio(1); ///< all-in IT power per GPU / TDP (≥ 1; DGX H100 1.821)
  Ratio power_utilisation = ratio(1);     ///< average draw / all-in IT power, in (0, 1]
  Ratio pue = ratio(1);                   ///< power usage effectiveness (≥ 1)
  UsdPerKilowattHour electricity_price = usd_per_kwh(0);  ///< [USD/kWh] (≥ 0)
  FacilityKind facility = FacilityKind::none;
  UsdPerWatt facility_capex = usd_per_mw(11.7e6);  ///< build: capex per W of IT load (C&W 2025 avg)
  Seconds facility_life = years(15);               ///< build: amortisation life of the shell (> 0)
  UsdPerKilowattMonth colocation_price = usd_per_kw_month(0);  ///< colocation rent
  Ratio maintenance_per_year = ratio(0);  ///< maintenance, fraction of hardware capex per year (≥ 0)
  /// Provenance of the defaults, keyed by field name (e.g. "pue").
  std::vector<std::pair<std::string, Provenance>> sources;
};

/// $/GPU-hour of an owned GPU, by component. Every field is ≥ 0.
struct TcoBreakdown {
  UsdPerGpuHour hardware = usd_per_gpu_hour(0);     ///< amortisation (depreciation)
  UsdPerGpuHour capital = usd_per_gpu_hour(0);      ///< cost of capital
  UsdPerGpuHour power = usd_per_gpu_hour(0);        ///< electricity incl. PUE
  UsdPerGpuHour facility = usd_per_gpu_hour(0);     ///< shell build or colocation
  UsdPerGpuHour maintenance = usd_per_gpu_hour(0);  ///< maintenance
  [[nodiscard]] UsdPerGpuHour total() const { return hardware + capital + power + facility + maintenance; }
};

namespace detail {
inline constexpr double hours_per_year = seconds_per_year / seconds_per_hour;  // 8,766 (Julian)

/// Capital-recovery (annuity) factor for rate i per year over n years: i(1+i)^n/((1+i)^n − 1); 1/n at i = 0.
/// (1+i)^n − 1 is computed as expm1(n·log1p(i)), exact also for a rate so small that (1+i)^n rounds to 1.
inline double capital_recovery_factor(double rate_per_year, double life_years) {
  if (rate_per_year == 0) return 1.0 / life_years;
  const double g_minus_1 = std::expm1(life_years * std::log1p(rate_per_year));
  return rate_per_year * (g_minus_1 + 1.0) / g_minus_1;
}

/// Accepted ranges of the TCO terms: generous bounds that keep every $/GPU-hour finite.
inline constexpr double kMaxOverhead = 100;            ///< server, network and server-power multipliers
inline constexpr double kMinLifeYears = 0.01;          ///< hardware and facility lives (3.65 days)
inline constexpr double kMaxLifeYears = 100;
inline constexpr double kMaxDepreciationOomPerYear = 10;
inline constexpr double kMaxAgeYears = 100;
inline constexpr double kMaxRatePerYear = 10;          ///< cost of capital and maintenance (1000%/year)
inline constexpr double kMaxTdpW = 1e5;                ///< accelerator TDP
inline constexpr double kMaxPue = 10;
inline constexpr double kMaxUsdPerKwh = 100;
inline constexpr double kMaxFacilityUsdPerMw = 1e10;   ///< C&W 2025 average: 1.17e7
inline constexpr double kMaxColocationUsdPerKwMonth = 1e6;

inline void validate(const OwnershipTco& t) {
  constexpr std::string_view tag = "llmcost.tco.invalid";
  require_in_range(to_raw(t.gpu_price), 0, kMaxUsdPerGpu, "gpu_price_usd", tag);
  require_in_range(to_raw(t.server_overhead), 1, kMaxOverhead, "server_overhead", tag);
  require_in_range(to_raw(t.network_overhead), 1, kMaxOverhead, "network_overhead", tag);
  require_in_range(to_raw(t.other_capex_per_gpu), 0, kMaxUsdPerGpu, "other_capex_usd_per_gpu", tag);
  if (t.amortisation == Amortisation::straight_line) {
    require_in_range(in_years(t.hardware_life), kMinLifeYears, kMaxLifeYears, "hardware_life_years", tag);
  } else {
    require_positive_up_to(to_raw(t.depreciation_oom_per_year), kMaxDepreciationOomPerYear,
                           "depreciation_oom_per_year", tag);
    require_in_range(in_years(t.hardware_age), 0, kMaxAgeYears, "hardware_age_years", tag);
  }
  require_in_range(to_raw(t.cost_of_capital_per_year), 0, kMaxRatePerYear, "cost_of_capital_per_year", tag);
  require_in_range(to_raw(t.gpu_tdp), 0, kMaxTdpW, "gpu_tdp_w", tag);
  require_in_range(to_raw(t.server_power_overhead), 1, kMaxOverhead, "server_power_overhead", tag);
  require_efficiency(to_raw(t.power_utilisation), "power_utilisation", "llmcost.tco.invalid");
  require_in_range(to_raw(t.pue), 1, kMaxPue, "pue", tag);
  require_in_range(in_usd_per_kwh(t.electricity_price), 0, kMaxUsdPerKwh, "electricity_usd_per_kwh", tag);
  if (t.facility == FacilityKind::build) {
    require_in_range(in_usd_per_mw(t.facility_capex), 0, kMaxFacilityUsdPerMw, "facility_capex_usd_per_mw", tag);
    require_in_range(in_years(t.facility_life), kMinLifeYears, kMaxLifeYears, "facility_life_years", tag);
  }
  if (t.facility == FacilityKind::colocation)
    require_in_range(in_usd_per_kw_month(t.colocation_price), 0, kMaxColocationUsdPerKwMonth,
                     "colocation_usd_per_kw_month", tag);
  require_in_range(to_raw(t.maintenance_per_year), 0, kMaxRatePerYear, "maintenance_per_year", tag);
}

/// The inputs a TCO result grows with, for require_finite_result messages.
inline constexpr const char* kTcoInputs =
    "gpu_price_usd, other_capex_usd_per_gpu, the overheads, cost_of_capital_per_year, gpu_tdp_w, pue, "
    "electricity_usd_per_kwh and the facility terms";
}  // namespace detail

/// Hardware capex per GPU: gpu_price × server_overhead × network_overhead + other [USD/GPU].
inline UsdPerGpu hardware_capex_per_gpu(const OwnershipTco& t) {
  detail::validate(t);
  return t.gpu_price * detail::to_raw(t.server_overhead) * detail::to_raw(t.network_overhead) + t.other_capex_per_gpu;
}

/// All-in IT power per GPU: TDP × server_power_overhead [W/GPU, returned as W].
inline Watts it_power_per_gpu(const OwnershipTco& t) { return t.gpu_tdp * detail::to_raw(t.server_power_overhead); }

/// Facility capex per GPU for a `build` facility (0 otherwise) [USD/GPU].
inline UsdPerGpu facility_capex_per_gpu(const OwnershipTco& t) {
  detail::validate(t);
  if (t.facility != FacilityKind::build) return usd_per_gpu(0);
  return usd_per_gpu(detail::to_raw(t.facility_capex * it_power_per_gpu(t)));
}

/// Effective $/GPU-hour of an owned GPU, by component (formula in the file comment).
/// Throws invalid_input / out_of_domain [llmcost.tco.invalid] naming the bad field and its
/// accepted range: gpu_price and other capex [0, 1e8] USD/GPU; server, network and
/// server-power overheads [1, 100]; hardware and facility lives [0.01, 100] years;
/// depreciation (0, 10] orders of magnitude/year; age [0, 100] years; cost of capital and
/// maintenance [0, 10] per year; TDP [0, 1e5] W; power utilisation (0, 1]; PUE [1, 10];
/// electricity [0, 100] USD/kWh; facility capex [0, 1e10] USD/MW; colocation [0, 1e6] USD/kW-month.
inline TcoBreakdown tco_per_gpu_hour(const OwnershipTco& t) {
  const double capex = detail::to_raw(hardware_capex_per_gpu(t));  // USD per GPU
  const double rate = detail::to_raw(t.cost_of_capital_per_year);
  const double hours = detail::hours_per_year;
  double hardware_per_year = 0, capital_per_year = 0;
  if (t.amortisation == Amortisation::straight_line) {
    const double life = in_years(t.hardware_life);
    hardware_per_year = capex / life;
    capital_per_year = capex * detail::capital_recovery_factor(rate, life) - hardware_per_year;
  } else {
    // Cottier et al. 2024: value at the start of use V = C·10^(−r·age); amortised cost per
    // year = V·r·ln(10) (the instantaneous rate of exponential depreciation).
    const double r = detail::to_raw(t.depreciation_oom_per_year);
    const double value = capex * std::pow(10.0, -r * in_years(t.hardware_age));
    hardware_per_year = value * r * std::log(10.0);
    capital_per_year = value * rate;
  }
  const double it_kw = detail::to_raw(it_power_per_gpu(t)) / 1000.0;
  const double power_per_hour =
      it_kw * detail::to_raw(t.power_utilisation) * detail::to_raw(t.pue) * in_usd_per_kwh(t.electricity_price);
  double facility_per_year = 0;
  if (t.facility == FacilityKind::build)
    facility_per_year = in_usd_per_mw(t.facility_capex) * it_kw / 1000.0 *
                        detail::capital_recovery_factor(rate, in_years(t.facility_life));
  else if (t.facility == FacilityKind::colocation)
    facility_per_year = in_usd_per_kw_month(t.colocation_price) * it_kw * 12.0;
  const double maintenance_per_year = detail::to_raw(t.maintenance_per_year) * capex;
  TcoBreakdown b;
  b.hardware = usd_per_gpu_hour(hardware_per_year / hours);
  b.capital = usd_per_gpu_hour(capital_per_year / hours);
  b.power = usd_per_gpu_hour(power_per_hour);
  b.facility = usd_per_gpu_hour(facility_per_year / hours);
  b.maintenance = usd_per_gpu_hour(maintenance_per_year / hours);
  detail::require_finite_result(in_usd_per_gpu_hour(b.total()), "the ownership TCO per GPU-hour", detail::kTcoInputs,
                                "llmcost.tco.overflow");
  return b;
}

/// Capex to stand up `gpus` GPUs: hardware (incl. server and network overhead) plus a
/// `build` facility [USD]. Throws invalid_input [llmcost.tco.invalid_gpus] unless gpus is a whole
/// number in [1, 1e7].
inline Usd total_capex(const OwnershipTco& t, Gpus gpus) {
  detail::require_whole(detail::to_raw(gpus), 1, detail::kMaxGpus, "gpus", "llmcost.tco.invalid_gpus");
  const Usd c = (hardware_capex_per_gpu(t) + facility_capex_per_gpu(t)) * gpus;
  detail::require_finite_result(detail::to_raw(c), "the total capex", "gpus and the capex terms",
                                "llmcost.tco.overflow");
  return c;
}

/// Names of the built-in presets: "epoch-ai-2024", "hyperscaler", "industry-average", "china-owner".
std::vector<std::string> tco_preset_names();

/// A named preset for a GPU of purchase price `gpu_price` and TDP `gpu_tdp` (take both
/// from the catalog: `chip.purchase_price->mid()`, `chip.tdp->value`). Every default's
/// source is in `sources`. Throws not_found [llmcost.tco.unknown_preset] with the names.
OwnershipTco tco_preset(std::string_view name, UsdPerGpu gpu_price, Watts gpu_tdp);

}  // namespace llmcost
