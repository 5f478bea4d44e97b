#include "llmcost/pricing/tco.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace llmcost;

namespace {
double h(UsdPerGpuHour p) { return in_usd_per_gpu_hour(p); }
}  // namespace

TEST(Tco, StraightLineHandComputed) {
  // GPU $25,000 × 1.5 server × 1.2 network = $45,000 capex per GPU; 5-year life; 8%/yr.
  // hardware = 45,000 / 5 = 9,000 $/yr
  // CRF(0.08, 5) = 0.08·1.08^5/(1.08^5 − 1) = 0.08·1.4693281/0.4693281 = 0.2504565
  // capital = 45,000·0.2504565 − 9,000 = 11,270.54 − 9,000 = 2,270.54 $/yr
  // IT power = 700 W × 1.8214286 = 1,275 W; power = 1.275 kW × 0.8 × 1.3 × $0.10 = $0.1326/h
  // facility (build) = $10M/MW × 1.275e-3 MW = $12,750 × CRF(0.08, 15) per year;
  //   CRF(0.08,15) = 0.08·3.1721691/2.1721691 = 0.1168295 → 1,489.58 $/yr
  // maintenance = 0.02 × 45,000 = 900 $/yr;  hours/yr = 8,766
  OwnershipTco t;
  t.gpu_price = usd_per_gpu(25000);
  t.server_overhead = ratio(1.5);
  t.network_overhead = ratio(1.2);
  t.hardware_life = years(5);
  t.cost_of_capital_per_year = ratio(0.08);
  t.gpu_tdp = watts(700);
  t.server_power_overhead = ratio(10.2 / 8 / 0.7);
  t.power_utilisation = ratio(0.8);
  t.pue = ratio(1.3);
  t.electricity_price = usd_per_kwh(0.10);
  t.facility = FacilityKind::build;
  t.facility_capex = usd_per_mw(10e6);
  t.facility_life = years(15);
  t.maintenance_per_year = ratio(0.02);
  const TcoBreakdown b = tco_per_gpu_hour(t);
  EXPECT_NEAR(h(b.hardware), 9000.0 / 8766, 1e-9);
  EXPECT_NEAR(h(b.capital), 2270.54 / 8766, 1e-5);
  EXPECT_NEAR(h(b.power), 0.1326, 1e-9);
  EXPECT_NEAR(h(b.facility), 1489.58 / 8766, 1e-5);
  EXPECT_NEAR(h(b.maintenance), 900.0 / 8766, 1e-9);
  EXPECT_NEAR(h(b.total()), (9000 + 2270.54 + 1489.58 + 900) / 8766.0 + 0.1326, 1e-5);
  // Capex for 1,000 GPUs: (45,000 + 12,750) × 1,000 = $57.75M.
  EXPECT_NEAR(detail::to_raw(total_capex(t, gpu_count(1000))), 57.75e6, 1e-3);
}

TEST(Tco, ZeroRateHasNoCapitalCostAndColocation) {
  // Colocation $150/kW-month on 1.0 kW IT load: 150 × 12 = 1,800 $/yr.
  OwnershipTco t;
  t.gpu_price = usd_per_gpu(10000);
  t.hardware_life = years(4);
  t.gpu_tdp = watts(1000);
  t.facility = FacilityKind::colocation;
  t.colocation_price = usd_per_kw_month(150);
  const TcoBreakdown b = tco_per_gpu_hour(t);
  EXPECT_NEAR(h(b.capital), 0.0, 1e-12);
  EXPECT_NEAR(h(b.hardware), 2500.0 / 8766, 1e-12);
  EXPECT_NEAR(h(b.facility), 1800.0 / 8766, 1e-9);
}

TEST(Tco, EpochPresetWorkedExample) {
  // Cottier et al. 2024 (arXiv:2405.21015) amortised hardware + energy, H100 at $30,000, 700 W:
  //   cluster capex/GPU = 30,000 × 1.64 (server) × 1.19 (interconnect) = 58,548
  //   amortisation/yr   = 58,548 × 0.14 × ln 10 = 58,548 × 0.32236191 = 18,873.645
  //                      → 18,873.64 / 8,766 h = $2.153051/h
  //   energy/h          = 0.7 kW × 1.8214286 (DGX H100 10.2 kW/8 / 0.7) × 0.75 × PUE 1.25 × $0.0806
  //                      = 1.275 × 0.75 × 1.25 × 0.0806 = $0.0963422/h
  const OwnershipTco t = tco_preset("epoch-ai-2024", usd_per_gpu(30000), watts(700));
  const TcoBreakdown b = tco_per_gpu_hour(t);
  EXPECT_NEAR(detail::to_raw(hardware_capex_per_gpu(t)), 58548.0, 1e-6);
  EXPECT_NEAR(h(b.hardware), 18873.645 / 8766, 1e-5);
  EXPECT_NEAR(h(b.power), 0.0963422, 1e-6);
  EXPECT_NEAR(h(b.capital) + h(b.facility) + h(b.maintenance), 0.0, 1e-12);
  EXPECT_NEAR(h(b.total()), 2.153051 + 0.0963422, 1e-5);
  // Hardware already 1 year old: value × 10^-0.14 = 0.72444.
  OwnershipTco old = t;
  old.hardware_age = years(1);
  EXPECT_NEAR(h(tco_per_gpu_hour(old).hardware), 2.153051 * 0.7244360, 1e-5);
}

TEST(Tco, PresetsAreSourced) {
  for (const auto& name : tco_preset_names()) {
    const OwnershipTco t = tco_preset(name, usd_per_gpu(30000), watts(700));
    EXPECT_FALSE(t.sources.empty()) << name;
    EXPECT_GT(h(tco_per_gpu_hour(t).total()), 0.5) << name;
  }
  EXPECT_DOUBLE_EQ(detail::to_raw(tco_preset("hyperscaler", usd_per_gpu(1), watts(1)).pue), 1.09);  // Google TTM 2025
  EXPECT_DOUBLE_EQ(detail::to_raw(tco_preset("industry-average", usd_per_gpu(1), watts(1)).pue), 1.54);  // Uptime 2025
  EXPECT_DOUBLE_EQ(in_usd_per_kwh(tco_preset("china-owner", usd_per_gpu(1), watts(1)).electricity_price), 0.088);
  try {
    (void)tco_preset("epoch", usd_per_gpu(1), watts(1));
    FAIL();
  } catch (const not_found& e) {
    EXPECT_EQ(e.tag(), "llmcost.tco.unknown_preset");
  }
}

TEST(Tco, BadInputsAreTagged) {
  OwnershipTco t = tco_preset("hyperscaler", usd_per_gpu(30000), watts(700));
  auto expect_tag = [](const OwnershipTco& x) {
    try {
      (void)tco_per_gpu_hour(x);
      ADD_FAILURE() << "no throw";
    } catch (const error& e) {
      EXPECT_EQ(e.tag(), "llmcost.tco.invalid");
    }
  };
  OwnershipTco a = t;
  a.pue = ratio(0.9);
  expect_tag(a);
  a = t;
  a.power_utilisation = ratio(1.5);
  expect_tag(a);
  a = t;
  a.hardware_life = years(0);
  expect_tag(a);
  a = t;
  a.electricity_price = usd_per_kwh(std::nan(""));
  expect_tag(a);
  a = t;
  a.server_overhead = ratio(0.5);
  expect_tag(a);
  EXPECT_THROW((void)total_capex(t, gpu_count(0)), invalid_input);
}
