// Built-in ownership-TCO presets. Every default names its source; assumptions without a
// source are graded weak and say so.
#include "llmcost/pricing/tco.hpp"

#include "common/suggest.hpp"
#include "llmcost/detail/quote.hpp"

namespace llmcost {
namespace {


const Provenance& epoch_paper() {
  static const Provenance p = make_provenance("cottier-2024",
                                  "Cottier, Rahman, Fattorini, Maslej, Besiroglu, Owen, 'The rising costs of training "
                                  "frontier AI models', arXiv:2405.21015 (Epoch AI / Stanford), and its code "
                                  "github.com/epoch-research/training-cost-trends",
                                  "https://arxiv.org/abs/2405.21015", "2024-05", Grade::secondary);
  return p;
}

Provenance epoch(std::string note) {
  Provenance p = epoch_paper();
  p.note = std::move(note);
  return p;
}

Provenance dgx_h100() {
  return make_provenance("nv-dgx-h100", "NVIDIA DGX H100 user guide: system max input power 10.2 kW (6 x 3.3 kW PSUs) for 8 GPUs",
             "https://docs.nvidia.com/dgx/dgxh100-user-guide/", "2023", Grade::primary,
             "10.2 kW / 8 GPUs = 1.275 kW per GPU all-in vs 0.7 kW TDP: ratio 1.8214");
}
Provenance eia_2023() {
  return make_provenance("eia-industrial-2023", "U.S. EIA, average retail price of electricity to the industrial sector, 2023: 8.06 cents/kWh (via Statista)",
             "https://www.eia.gov/electricity/", "2024", Grade::secondary);
}
Provenance cw_2025() {
  return make_provenance("cw-dc-cost-2025", "Cushman & Wakefield, Data Center Development Cost Guide 2025: $9.3M-$15.0M per MW of critical load across 19 US markets, average $11.7M/MW (excludes IT equipment, land, soft costs)",
             "https://www.cushmanwakefield.com/en/united-states/insights/data-center-development-cost-guide", "2025", Grade::primary);
}
Provenance weak(std::string note) {
  return make_provenance("assumption", "llmcost assumption (no public source collected)", "", "", Grade::weak, std::move(note));
}

OwnershipTco epoch_ai_2024(UsdPerGpu price, Watts tdp) {
  OwnershipTco t;
  t.name = "epoch-ai-2024";
  t.gpu_price = price;
  t.server_overhead = ratio(1.64);
  t.network_overhead = ratio(1.19);
  t.amortisation = Amortisation::exponential;
  t.depreciation_oom_per_year = ratio(0.14);
  t.hardware_age = seconds(0);
  t.cost_of_capital_per_year = ratio(0);
  t.gpu_tdp = tdp;
  t.server_power_overhead = ratio(10.2 / 8.0 / 0.7);
  t.power_utilisation = ratio(0.75);
  t.pue = ratio(1.25);
  t.electricity_price = usd_per_kwh(0.0806);
  t.facility = FacilityKind::none;
  t.maintenance_per_year = ratio(0);
  t.sources = {
      {"server_overhead", epoch("server cost / accelerator cost: 1.64 = their average of computed ratios (P100 1.54, V100 1.69, A100 1.66); code: get_server_cost_overhead")},
      {"network_overhead", epoch("cluster-level interconnect multiplier: 90% CI 1.07-1.32 in the paper's code; 1.19 = geometric mean of that interval (our reading, derived)")},
      {"depreciation_oom_per_year", epoch("hardware value depreciates by 0.14 orders of magnitude per year (ML GPU price-performance trend); amortised cost = start value x chip-hours / hours-per-year x r ln 10")},
      {"server_power_overhead", dgx_h100()},
      {"power_utilisation", epoch("average server power = 75% of server TDP for GPUs during training (energy.py server_TDP_fraction)")},
      {"pue", epoch("PUE 1.25 for non-hyperscalers (1.1 for Google/Microsoft/Meta/Amazon) (energy.py power_usage_effectiveness)")},
      {"electricity_price", eia_2023()},
      {"cost_of_capital_per_year", epoch("not modelled by the paper's amortised-hardware method (0)")},
  };
  return t;
}

OwnershipTco owner_base(std::string name, UsdPerGpu price, Watts tdp) {
  OwnershipTco t;
  t.name = std::move(name);
  t.gpu_price = price;
  t.server_overhead = ratio(1.64);
  t.network_overhead = ratio(1.19);
  t.amortisation = Amortisation::straight_line;
  t.gpu_tdp = tdp;
  t.server_power_overhead = ratio(10.2 / 8.0 / 0.7);
  t.power_utilisation = ratio(0.75);
  t.facility = FacilityKind::build;
  t.facility_capex = usd_per_mw(11.7e6);
  t.facility_life = years(15);
  t.electricity_price = usd_per_kwh(0.0806);
  t.sources = {
      {"server_overhead", epoch("Epoch's average server/accelerator cost ratio 1.64")},
      {"network_overhead", epoch("geometric mean of Epoch's 1.07-1.32 interval")},
      {"server_power_overhead", dgx_h100()},
      {"power_utilisation", epoch("75% of server TDP on average during training")},
      {"electricity_price", eia_2023()},
      {"facility_capex", cw_2025()},
      {"facility_life", weak("15-year life of the data-centre shell")},
  };
  return t;
}

}  // namespace

std::vector<std::string> tco_preset_names() { return {"epoch-ai-2024", "hyperscaler", "industry-average", "china-owner"}; }

OwnershipTco tco_preset(std::string_view name, UsdPerGpu gpu_price, Watts gpu_tdp) {
  detail::require_positive_up_to(detail::to_raw(gpu_price), detail::kMaxUsdPerGpu, "gpu_price_usd", "llmcost.tco.invalid");
  detail::require_in_range(detail::to_raw(gpu_tdp), 0, detail::kMaxTdpW, "gpu_tdp_w", "llmcost.tco.invalid");
  const std::string n = detail::normalize_name(name);
  if (n == detail::normalize_name("epoch-ai-2024")) return epoch_ai_2024(gpu_price, gpu_tdp);
  if (n == detail::normalize_name("hyperscaler")) {
    OwnershipTco t = owner_base("hyperscaler", gpu_price, gpu_tdp);
    t.hardware_life = years(5);
    t.cost_of_capital_per_year = ratio(0.08);
    t.pue = ratio(1.09);
    t.maintenance_per_year = ratio(0.03);
    t.sources.emplace_back("hardware_life", epoch("server lifetime 5 years from 2023 on (hyperscalers announced 5-6 years); training-cost-trends get_server_lifetime"));
    t.sources.emplace_back("pue", make_provenance("google-pue", "Google data centers efficiency page: fleet trailing-twelve-month PUE 1.09 (2025)", "https://datacenters.google/efficiency/", "2025", Grade::primary));
    t.sources.emplace_back("cost_of_capital_per_year", weak("8%/year cost of capital"));
    t.sources.emplace_back("maintenance_per_year", weak("3% of hardware capex per year"));
    return t;
  }
  if (n == detail::normalize_name("industry-average") || n == detail::normalize_name("china-owner")) {
    const bool china = n == detail::normalize_name("china-owner");
    OwnershipTco t = owner_base(china ? "china-owner" : "industry-average", gpu_price, gpu_tdp);
    t.hardware_life = years(4);
    t.cost_of_capital_per_year = ratio(0.10);
    t.pue = ratio(1.54);
    t.maintenance_per_year = ratio(0.05);
    t.sources.emplace_back("hardware_life", epoch("server lifetime 4 years (2021-2022 era; 5 from 2023) in training-cost-trends get_server_lifetime"));
    t.sources.emplace_back("pue", make_provenance("uptime-2025", "Uptime Institute Global Data Center Survey 2025: industry-average PUE 1.54", "https://uptimeinstitute.com/", "2025", Grade::primary));
    t.sources.emplace_back("cost_of_capital_per_year", weak("10%/year cost of capital"));
    t.sources.emplace_back("maintenance_per_year", weak("5% of hardware capex per year"));
    if (china) {
      t.electricity_price = usd_per_kwh(0.088);
      for (auto& [k, p] : t.sources)
        if (k == "electricity_price")
          p = make_provenance("china-briefing-power", "China Briefing, 'China's Industrial Power Rates': ~US$0.088/kWh average industrial price 2024", "https://www.china-briefing.com/", "2024", Grade::secondary);
    }
    return t;
  }
  throw not_found("llmcost.tco.unknown_preset",
                  detail::concat(detail::quoted(name), " is not a TCO preset; known: ", detail::join(tco_preset_names())));
}

}  // namespace llmcost
