// Property: every library estimator, fed any finite inputs (including 1e±308, 0 and negatives),
// either returns finite numbers or throws a tagged llmcost::error. Never inf, NaN, another
// exception type, or a hang.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/step_time.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"
#include "llmcost/pricing/fleet.hpp"
#include "llmcost/pricing/program.hpp"
#include "llmcost/pricing/tco.hpp"

namespace llmcost {
namespace {

// Finite values a hostile input campaign tries: extremes, zero, negatives, fractions.
const double kValues[] = {-1e308, -1, 0, 1e-308, 1e-300, 1e-6, 0.5, 1, 2.5, 7, 64, 1e3, 1e6, 1e12, 1e18, 1e100,
                          1e300, 1.7e308};

struct Draw {
  std::mt19937_64 rng{20260101};
  double any() { return kValues[rng() % std::size(kValues)]; }
  // A plausible value most of the time, an extreme one otherwise (so that checks past the first
  // one are reached too).
  double mostly(double plausible) { return rng() % 3 == 0 ? any() : plausible; }
};

void expect_finite(double x, const std::string& what) { EXPECT_TRUE(std::isfinite(x)) << what << " = " << x; }

// Runs `f`; a tagged llmcost error is a pass, anything else escaping is a failure.
int run(const std::function<void()>& f) {
  try {
    f();
    return 1;
  } catch (const llmcost::error&) {
    return 0;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "untagged exception: " << e.what();
    return 0;
  }
}

TEST(FiniteProperty, TrainingEstimate) {
  Draw d;
  int ok = 0;
  for (int i = 0; i < 3000; ++i) {
    ok += run([&] {
      TrainingRun run;
      run.cluster = Cluster{chip("H800"), gpu_count(d.mostly(2048))};
      run.phases = {{"p", token_count(d.mostly(1e12)), token_count(d.mostly(4096)), Precision::bf16,
                     flop_per_token(d.mostly(6e10)), {}}};
      switch (d.rng() % 3) {
        case 0: run.efficiency = Mfu{ratio(d.mostly(0.4))}; break;
        case 1: run.efficiency = MeasuredThroughput{tokens_per_s(d.mostly(2000))}; break;
        default: run.efficiency = GivenGpuHours{gpu_hours(d.mostly(1e6))}; break;
      }
      run.goodput = ratio(d.mostly(0.9));
      PricingModel pricing = RentalPricing{usd_per_gpu_hour(d.mostly(2)), {}};
      if (d.rng() % 2) {
        OwnershipTco t = tco_preset("industry-average", usd_per_gpu(30000), watts(700));
        t.gpu_price = usd_per_gpu(d.mostly(30000));
        t.hardware_life = years(d.mostly(4));
        t.cost_of_capital_per_year = ratio(d.mostly(0.1));
        t.electricity_price = usd_per_kwh(d.mostly(0.08));
        t.pue = ratio(d.mostly(1.5));
        pricing = t;
      }
      const TrainingEstimate e = estimate_training(run, pricing);
      expect_finite(detail::to_raw(e.total.gpu_hours), "gpu_hours");
      expect_finite(detail::to_raw(e.total.cost.total()), "cost");
      expect_finite(detail::to_raw(e.total.wall_clock), "wall_clock");
      expect_finite(detail::to_raw(e.total.tokens_per_s_per_gpu), "tokens_per_s_per_gpu");
      if (e.total.implied_mfu_bf16) expect_finite(detail::to_raw(*e.total.implied_mfu_bf16), "implied_mfu");
    });
  }
  EXPECT_GT(ok, 100);  // the plausible draws succeed
}

TEST(FiniteProperty, OwnershipFleetAndProgram) {
  Draw d;
  int ok = 0;
  for (int i = 0; i < 3000; ++i) {
    ok += run([&] {
      OwnershipTco t = tco_preset(d.rng() % 2 ? "hyperscaler" : "epoch-ai-2024", usd_per_gpu(30000), watts(700));
      t.gpu_price = usd_per_gpu(d.mostly(30000));
      t.server_overhead = ratio(d.mostly(1.64));
      t.other_capex_per_gpu = usd_per_gpu(d.mostly(0));
      t.hardware_life = years(d.mostly(5));
      t.hardware_age = years(d.mostly(0));
      t.depreciation_oom_per_year = ratio(d.mostly(0.14));
      t.cost_of_capital_per_year = ratio(d.mostly(0.08));
      t.gpu_tdp = watts(d.mostly(700));
      t.pue = ratio(d.mostly(1.1));
      t.electricity_price = usd_per_kwh(d.mostly(0.08));
      t.facility_capex = usd_per_mw(d.mostly(1.17e7));
      t.facility_life = years(d.mostly(15));
      t.maintenance_per_year = ratio(d.mostly(0.03));
      const Fleet f{"f", gpu_count(d.mostly(50000)), t, {}};
      const FleetCost c = fleet_cost(f, years(d.mostly(1)));
      expect_finite(detail::to_raw(c.capex), "capex");
      expect_finite(detail::to_raw(c.cost_over_period), "cost_over_period");
      expect_finite(in_usd_per_gpu_hour(c.per_gpu_hour.total()), "usd_per_gpu_hour");
      ProgramAssumptions a = default_program_assumptions();
      a.experiments.base = ratio(d.mostly(1));
      a.staff_share.base = ratio(d.mostly(0.39));
      a.data.base = usd(d.mostly(0));
      const ProgramCost p = program_cost(usd(d.mostly(5.6e6)), a);
      expect_finite(detail::to_raw(p.base.total()), "program");
    });
  }
  EXPECT_GT(ok, 50);
}

TEST(FiniteProperty, ServingEstimates) {
  Draw d;
  int ok = 0;
  const ServingModel m = deepseek_v3_serving_model();
  for (int i = 0; i < 2000; ++i) {
    ok += run([&] {
      ServingConfig c;
      c.gpus = gpu_count(d.mostly(16));
      c.batch_per_gpu = d.mostly(64);
      c.context = token_count(d.mostly(4096));
      c.prompt_length = token_count(d.mostly(4096));
      c.prefill_tokens_per_gpu = token_count(d.mostly(16384));
      c.cached_fraction = ratio(d.mostly(0.5));
      c.dispatch_bytes_per_element = d.mostly(1);
      const PrefillEstimate p = estimate_prefill(m, chip("H800"), c);
      const DecodeEstimate dec = estimate_decode(m, chip("H800"), c);
      expect_finite(detail::to_raw(p.ttft), "ttft");
      expect_finite(detail::to_raw(dec.tokens_per_s_per_gpu), "tokens_per_s");
      const ServingCost sc = serving_cost(p, dec, usd_per_gpu_hour(d.mostly(2)));
      expect_finite(detail::to_raw(sc.output), "usd_per_output_token");
      const FleetSize fs = fleet_for_traffic(p, dec, token_count(d.mostly(1e11)), token_count(d.mostly(1e10)),
                                             ratio(d.mostly(0.5)), usd_per_gpu_hour(d.mostly(2)));
      expect_finite(detail::to_raw(fs.cost_per_day), "cost_per_day");
    });
  }
  EXPECT_GT(ok, 50);
}

TEST(FiniteProperty, StepTimeInBoundedTime) {
  Draw d;
  int ok = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 300; ++i) {
    ok += run([&] {
      TrainingWorkload w;
      w.model = model_preset("llama-3.1-8b");
      w.model.num_layers = static_cast<int>(std::clamp(d.mostly(32), -1e9, 1e9));
      w.seq_len = token_count(d.mostly(4096));
      w.global_batch = static_cast<int>(std::clamp(d.mostly(64), -1e9, 1e9));
      const StepCluster c = step_cluster(chip("H100"), gpu_count(d.mostly(8)), bytes_per_s(d.mostly(50e9)));
      Layout l;
      l.dp = static_cast<int>(detail::to_raw(c.gpus));
      const StepTimeEstimate e = estimate_step_time(w, c, l);
      expect_finite(detail::to_raw(e.step_time), "step_time");
      expect_finite(detail::to_raw(e.mfu), "mfu");
    });
  }
  EXPECT_GT(ok, 10);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
}

}  // namespace
}  // namespace llmcost
