#include "llmcost/pricing/tco.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "test_util.hpp"

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

TEST(Tco, EveryTermOutsideItsRangeNamesItAndTheRange) {
  // A 1e308 GPU price gave capex = inf and cost of capital inf − inf = -nan; now the input is named.
  const OwnershipTco t = tco_preset("hyperscaler", usd_per_gpu(30000), watts(700));
  auto what = [](const OwnershipTco& x) { return test::error_of([&] { (void)tco_per_gpu_hour(x); }); };
  OwnershipTco a = t;
  a.gpu_price = usd_per_gpu(1e308);
  EXPECT_EQ(what(a).rfind("[llmcost.tco.invalid] gpu_price_usd = 1e+308 is outside the accepted range [0, 100000000]",
                          0), 0u) << what(a);
  a = t;
  a.hardware_life = years(1e-300);  // capex / life = inf
  EXPECT_NE(what(a).find("hardware_life_years = 1e-300 is outside the accepted range [0.01, 100]"), std::string::npos)
      << what(a);
  a = t;
  a.server_overhead = ratio(1e308);
  EXPECT_NE(what(a).find("server_overhead = 1e+308"), std::string::npos) << what(a);
  a = t;
  a.electricity_price = usd_per_kwh(1e308);
  EXPECT_NE(what(a).find("electricity_usd_per_kwh = 1e+308"), std::string::npos) << what(a);
  a = t;
  a.pue = ratio(1e308);
  EXPECT_NE(what(a).find("pue = 1e+308"), std::string::npos) << what(a);
  a = t;
  a.facility_life = years(1e-300);
  EXPECT_NE(what(a).find("facility_life_years = 1e-300"), std::string::npos) << what(a);
  EXPECT_NE(test::error_of([] { (void)tco_preset("hyperscaler", usd_per_gpu(1e308), watts(700)); }).find("gpu_price_usd"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { (void)total_capex(t, gpu_count(2.5)); }).find("gpus = 2.5"), std::string::npos);
}

TEST(Tco, LargestAcceptedTermsGiveAFiniteCost) {
  // Every term at its bound: $1e8 GPU × 100 × 100 + $1e8 other = 1.0001e12 capex per GPU over the
  // shortest life, 1000%/year, 1e5 W × 100 at PUE 10 and $100/kWh, $1e10/MW facility.
  OwnershipTco t = tco_preset("hyperscaler", usd_per_gpu(1e8), watts(1e5));
  t.server_overhead = t.network_overhead = t.server_power_overhead = ratio(100);
  t.other_capex_per_gpu = usd_per_gpu(1e8);
  t.hardware_life = t.facility_life = years(0.01);
  t.cost_of_capital_per_year = t.maintenance_per_year = ratio(10);
  t.pue = ratio(10);
  t.electricity_price = usd_per_kwh(100);
  t.facility_capex = usd_per_mw(1e10);
  const TcoBreakdown b = tco_per_gpu_hour(t);
  EXPECT_TRUE(std::isfinite(h(b.total())));
  // Power by hand: 1e5 W × 100 = 1e4 kW × PUE 10 × $100/kWh × utilisation 0.75 = $7.5e6 per hour.
  EXPECT_NEAR(h(b.power), 1e4 * 0.75 * 10 * 100, 1e-6);
}

TEST(Tco, CapitalRecoveryAtATinyRateIsOneOverTheLife) {
  // i(1+i)^n/((1+i)^n − 1) → 1/n as i → 0; (1+1e-300)^5 rounds to 1, so the naive formula divided by 0.
  EXPECT_NEAR(detail::capital_recovery_factor(1e-300, 5), 0.2, 1e-15);
  EXPECT_NEAR(detail::capital_recovery_factor(1e-12, 4), 0.25, 1e-12);
  // i = 8%, n = 5: 0.08 × 1.08^5 / (1.08^5 − 1) = 0.250456 (standard annuity table).
  EXPECT_NEAR(detail::capital_recovery_factor(0.08, 5), 0.2504564545, 1e-9);
}
