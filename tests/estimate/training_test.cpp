#include "llmcost/estimate/training.hpp"

#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "llmcost/hardware/catalog.hpp"
#include "test_util.hpp"

using namespace llmcost;

namespace {

// DeepSeek-V3 TR Table 1, with the published GPU-hours given directly.
TrainingRun deepseek_v3_table1() {
  TrainingRun run;
  run.cluster = Cluster{chip("H800"), gpu_count(2048)};
  const FlopsPerToken fpt = flop_per_token(6 * 37e9);  // 6·N_active (Kaplan et al. 2020)
  run.phases = {
      {"pre-training", token_count(14.8e12), token_count(4096), Precision::fp8, fpt, GivenGpuHours{gpu_hours(2.664e6)}},
      {"context extension", token_count(1e9), token_count(32768), Precision::fp8, fpt, GivenGpuHours{gpu_hours(119e3)}},
      {"post-training", token_count(1e9), token_count(4096), Precision::fp8, fpt, GivenGpuHours{gpu_hours(5e3)}},
  };
  return run;
}

void expect_tag(const TrainingRun& run, const std::string& tag, const PricingModel& p = deepseek_rental_assumption()) {
  try {
    (void)estimate_training(run, p);
    ADD_FAILURE() << "no throw, expected " << tag;
  } catch (const error& e) {
    EXPECT_EQ(e.tag(), tag);
  }
}

}  // namespace

TEST(Training, DeepSeekV3TableOneExactly) {
  const TrainingEstimate e = estimate_training(deepseek_v3_table1(), deepseek_rental_assumption());
  ASSERT_EQ(e.phases.size(), 3u);
  // $5.328M / $0.238M / $0.01M; total 2,788K GPU-h and $5.576M.
  EXPECT_DOUBLE_EQ(detail::to_raw(e.phases[0].cost.total()), 5.328e6);
  EXPECT_DOUBLE_EQ(detail::to_raw(e.phases[1].cost.total()), 0.238e6);
  EXPECT_DOUBLE_EQ(detail::to_raw(e.phases[2].cost.total()), 0.01e6);
  EXPECT_DOUBLE_EQ(in_gpu_hours(e.total.gpu_hours), 2.788e6);
  EXPECT_DOUBLE_EQ(detail::to_raw(e.total.cost.total()), 5.576e6);
  // Pre-training wall clock: 2,664,000 / 2048 / 24 = 54.199 days.
  EXPECT_NEAR(in_days(e.phases[0].wall_clock), 2.664e6 / 2048 / 24, 1e-9);
  // Implied MFU (6·N·D, BF16 peak 989 TFLOPS): 3.2856e24 / (2.664e6 × 3600 × 989e12) = 0.34640.
  ASSERT_TRUE(e.phases[0].implied_mfu_bf16);
  EXPECT_NEAR(detail::to_raw(*e.phases[0].implied_mfu_bf16), 3.2856e24 / (2.664e6 * 3600 * 989e12), 1e-12);
  ASSERT_TRUE(e.phases[0].implied_mfu_fp8);  // the catalog lists an FP8 peak for the H800 (weak)
  EXPECT_NEAR(detail::to_raw(*e.phases[0].implied_mfu_fp8), 3.2856e24 / (2.664e6 * 3600 * 1979e12), 1e-12);
  // tokens/s per GPU: 14.8e12 / (2.664e6 × 3600) = 1543.2
  EXPECT_NEAR(detail::to_raw(e.phases[0].tokens_per_s_per_gpu), 14.8e12 / (2.664e6 * 3600), 1e-9);
}

TEST(Training, MfuPathHandComputed) {
  // ISCA '25 Table 4: 250 GFLOP/token, causal MFU 38.94% of 989 TFLOPS, goodput 1:
  //   GPU-s = 250e9 × 14.8e12 / (0.3894 × 989e12) = 3.7e24 / 3.851166e14 = 9.60747e9 s = 2.66874e6 GPU-h
  TrainingRun run;
  run.cluster = Cluster{chip("H800"), gpu_count(2048)};
  run.phases = {{"pre-training", token_count(14.8e12), token_count(4096), Precision::fp8, flop_per_token(250e9), {}}};
  run.efficiency = Mfu{ratio(0.3894), Precision::bf16};
  const TrainingEstimate e = estimate_training(run, deepseek_rental_assumption());
  const double expected_gpu_h = 3.7e24 / (0.3894 * 989e12) / 3600;
  EXPECT_NEAR(in_gpu_hours(e.total.gpu_hours), expected_gpu_h, 1e-6);
  EXPECT_NEAR(detail::to_raw(*e.total.implied_mfu_bf16), 0.3894, 1e-12);
  // Goodput 0.9 → 1/0.9 more GPU-hours, same FLOPs.
  run.goodput = ratio(0.9);
  EXPECT_NEAR(in_gpu_hours(estimate_training(run, deepseek_rental_assumption()).total.gpu_hours),
              expected_gpu_h / 0.9, 1e-6);
}

TEST(Training, ThroughputPathAndTcoBreakdown) {
  // 1e12 tokens at 2,000 tok/s/GPU on 1,000 H100: 1e12/2000 = 5e8 GPU-s = 138,888.9 GPU-h.
  TrainingRun run;
  run.cluster = Cluster{chip("H100"), gpu_count(1000)};
  run.phases = {{"p", token_count(1e12), token_count(8192), Precision::bf16, flop_per_token(6 * 8e9), {}}};
  run.efficiency = MeasuredThroughput{tokens_per_s(2000)};
  const OwnershipTco t = tco_preset("epoch-ai-2024", usd_per_gpu(30000), watts(700));
  const TrainingEstimate e = estimate_training(run, t);
  EXPECT_NEAR(in_gpu_hours(e.total.gpu_hours), 5e8 / 3600, 1e-6);
  EXPECT_NEAR(in_hours(e.total.wall_clock), 5e8 / 3600 / 1000, 1e-9);
  const TcoBreakdown b = tco_per_gpu_hour(t);
  EXPECT_NEAR(detail::to_raw(e.total.cost.hardware), 5e8 / 3600 * in_usd_per_gpu_hour(b.hardware), 1e-3);
  EXPECT_NEAR(detail::to_raw(e.total.cost.total()), 5e8 / 3600 * in_usd_per_gpu_hour(b.total()), 1e-3);
  EXPECT_DOUBLE_EQ(detail::to_raw(e.total.cost.rental), 0.0);
}

TEST(Training, PropertiesOnSeededRandomInputs) {
  std::mt19937_64 rng(20250131);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 200; ++i) {
    const double tokens = std::pow(10.0, 9 + 4 * u(rng));
    const double fpt = std::pow(10.0, 9 + 3 * u(rng));
    const double mfu = 0.05 + 0.9 * u(rng);
    const double gpus = std::floor(8 + 16000 * u(rng));
    const double price = 0.5 + 10 * u(rng);
    TrainingRun run;
    run.cluster = Cluster{chip("H100"), gpu_count(gpus)};
    run.phases = {{"p", token_count(tokens), token_count(4096), Precision::bf16, flop_per_token(fpt), {}}};
    run.efficiency = Mfu{ratio(mfu)};
    run.goodput = ratio(0.5 + 0.5 * u(rng));
    const auto base = estimate_training(run, rental_pricing(usd_per_gpu_hour(price)));
    const double cost = detail::to_raw(base.total.cost.total());
    // GPU-hours × price = rental cost.
    EXPECT_NEAR(cost, in_gpu_hours(base.total.gpu_hours) * price, 1e-9 * cost);
    // Linear in price.
    const auto p2 = estimate_training(run, rental_pricing(usd_per_gpu_hour(2 * price)));
    EXPECT_NEAR(detail::to_raw(p2.total.cost.total()), 2 * cost, 1e-9 * cost);
    // Linear in tokens.
    TrainingRun r3 = run;
    r3.phases[0].tokens = token_count(3 * tokens);
    EXPECT_NEAR(detail::to_raw(estimate_training(r3, rental_pricing(usd_per_gpu_hour(price))).total.cost.total()),
                3 * cost, 1e-9 * cost);
    // Wall clock falls as GPUs rise (fixed MFU).
    TrainingRun r4 = run;
    r4.cluster.count = gpu_count(gpus * 2);
    EXPECT_LT(detail::to_raw(estimate_training(r4, rental_pricing(usd_per_gpu_hour(price))).total.wall_clock),
              detail::to_raw(base.total.wall_clock));
  }
}

TEST(Training, PhaseOverridesRunEfficiency) {
  TrainingRun run = deepseek_v3_table1();
  run.efficiency = Mfu{ratio(0.5)};
  run.phases[0].efficiency.reset();  // pre-training now uses the run's MFU
  const TrainingEstimate e = estimate_training(run, deepseek_rental_assumption());
  EXPECT_NEAR(in_gpu_hours(e.phases[0].gpu_hours), 6 * 37e9 * 14.8e12 / (0.5 * 989e12) / 3600, 1e-3);
  EXPECT_DOUBLE_EQ(in_gpu_hours(e.phases[1].gpu_hours), 119e3);
}

TEST(Training, EveryBadInputIsTagged) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  TrainingRun run = deepseek_v3_table1();
  TrainingRun r = run;
  r.cluster.count = gpu_count(0);
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.cluster.count = gpu_count(-8);
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.phases[0].tokens = token_count(0);
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.phases[0].tokens = token_count(nan);
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.phases[0].training_flops_per_token = flop_per_token(nan);
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.phases.clear();
  expect_tag(r, "llmcost.training.invalid");
  r = run;
  r.goodput = ratio(0);
  expect_tag(r, "llmcost.training.goodput");
  r = run;
  r.goodput = ratio(1.1);
  expect_tag(r, "llmcost.training.goodput");
  r = run;
  r.phases[0].efficiency = Mfu{ratio(1.2)};
  expect_tag(r, "llmcost.training.mfu");
  r.phases[0].efficiency = Mfu{ratio(nan)};
  expect_tag(r, "llmcost.training.mfu");
  r.phases[0].efficiency = MeasuredThroughput{tokens_per_s(-1)};
  expect_tag(r, "llmcost.training.throughput");
  r.phases[0].efficiency = GivenGpuHours{gpu_hours(nan)};
  expect_tag(r, "llmcost.training.gpu_hours");
  // FP8 on an A100: the chip has no FP8 peak.
  r = run;
  r.cluster = Cluster{chip("A100"), gpu_count(64)};
  expect_tag(r, "llmcost.hardware.unsupported_precision");
  r.phases = {{"p", token_count(1e12), token_count(4096), Precision::bf16, flop_per_token(1e9), Mfu{ratio(0.4), Precision::fp8}}};
  expect_tag(r, "llmcost.hardware.unsupported_precision");
  // Pricing errors propagate with their tags.
  RentalPricing bad{usd_per_gpu_hour(nan), {}};
  expect_tag(run, "llmcost.pricing.invalid_price", bad);
}

TEST(Training, InputsOutsideTheirRangeNameTheInputAndTheRange) {
  // Each input beyond its accepted range is refused naming the input (never a derived quantity
  // such as gpu_hours = inf), with the range.
  const TrainingRun run = deepseek_v3_table1();
  auto what = [&](const TrainingRun& r, const PricingModel& p = deepseek_rental_assumption()) {
    return test::error_of([&] { (void)estimate_training(r, p); });
  };
  TrainingRun r = run;
  r.cluster.count = gpu_count(2.5);  // a fraction of a GPU
  EXPECT_NE(what(r).find("gpus = 2.5 is invalid; expected a whole number in [1, 10000000]"), std::string::npos)
      << what(r);
  r.cluster.count = gpu_count(1e-300);
  EXPECT_NE(what(r).find("[llmcost.training.invalid] gpus = 1e-300"), std::string::npos) << what(r);
  r = run;
  r.phases[0].tokens = token_count(1e308);
  EXPECT_NE(what(r).find("tokens = 1e+308 is outside the accepted range [1, 1e+18]"), std::string::npos) << what(r);
  r = run;
  r.phases[0].seq_len = token_count(1e308);
  EXPECT_NE(what(r).find("seq_len = 1e+308"), std::string::npos) << what(r);
  r = run;
  r.phases[0].training_flops_per_token = flop_per_token(1e308);
  EXPECT_NE(what(r).find("training_flop_per_token = 1e+308"), std::string::npos) << what(r);
  // A price of 1e308 USD/GPU-h would give "cost $inf".
  const std::string price = test::error_of([] { (void)rental_pricing(usd_per_gpu_hour(1e308)); });
  EXPECT_EQ(price.rfind("[llmcost.pricing.invalid_price] price_usd_per_gpu_hour = 1e+308 is outside the accepted "
                        "range (0, 10000]", 0), 0u) << price;
  EXPECT_NE(what(run, RentalPricing{usd_per_gpu_hour(1e308), {}}).find("price_usd_per_gpu_hour"), std::string::npos);
  // An ownership TCO with a 1e308 GPU price would give a -nan cost.
  OwnershipTco t = tco_preset("hyperscaler", usd_per_gpu(30000), watts(700));
  t.gpu_price = usd_per_gpu(1e308);
  EXPECT_NE(what(run, t).find("[llmcost.tco.invalid] gpu_price_usd = 1e+308 is outside the accepted range"),
            std::string::npos) << what(run, t);
  // The largest accepted inputs give finite numbers: 1e18 tokens × 1e25 FLOP/token at $1e4/GPU-h.
  r = run;
  r.phases = {{"p", token_count(1e18), token_count(1e8), Precision::bf16, flop_per_token(1e25), {}}};
  r.efficiency = Mfu{ratio(1e-3)};
  r.cluster.count = gpu_count(1);
  const TrainingEstimate big = estimate_training(r, rental_pricing(usd_per_gpu_hour(1e4)));
  // GPU-s = 1e43 / (1e-3 × 989e12) = 1.0111e31; cost = GPU-s / 3600 × 1e4.
  EXPECT_NEAR(detail::to_raw(big.total.gpu_hours) / (1e43 / (1e-3 * 989e12)), 1.0, 1e-12);
  EXPECT_TRUE(std::isfinite(detail::to_raw(big.total.cost.total())));
}

TEST(Training, InRangeInputsThatStillOverflowGiveATaggedOverflowNamingTheInputs) {
  // MFU 1e-300 is inside (0, 1] but makes the GPU-hours infinite: the output check at the place
  // the estimate is built names the inputs, never prints inf.
  TrainingRun r = deepseek_v3_table1();
  r.phases = {{"p", token_count(1e18), token_count(4096), Precision::bf16, flop_per_token(1e25), {}}};
  r.efficiency = Mfu{ratio(1e-300)};
  const std::string what = test::error_of([&] { (void)estimate_training(r, deepseek_rental_assumption()); });
  EXPECT_EQ(what.rfind("[llmcost.training.overflow] the inputs tokens, training_flop_per_token, 1/mfu", 0), 0u) << what;
  expect_tag(r, "llmcost.training.overflow");
}

TEST(Training, JsonCarriesUnitsInKeys) {
  const std::string j = to_json(estimate_training(deepseek_v3_table1(), deepseek_rental_assumption()));
  for (const char* key : {"\"gpu_hours\"", "\"wall_clock_days\"", "\"implied_mfu_bf16\"", "\"total_usd\"",
                          "\"price_usd_per_gpu_hour\""})
    EXPECT_NE(j.find(key), std::string::npos) << key;
}

// ---- model-layer glue (estimate/training_model.hpp) ---------------------------
#include "llmcost/estimate/training_model.hpp"
#include "llmcost/model/presets.hpp"

TEST(TrainingModel, PhaseFlopsComeFromTheModel) {
  const auto& v3 = model_preset("deepseek-v3");
  const TrainingPhase p = training_phase(v3, "pre-training", token_count(14.8e12), token_count(4096), Precision::fp8,
                                         {.include_mtp = false});
  // ISCA '25 Table 2: ~250 GFLOP/token for DeepSeek-V3 at seq 4096 (main model).
  EXPECT_NEAR(detail::to_raw(p.training_flops_per_token), 250e9, 2.5e9);
  const MfuPrediction m = predict_mfu(v3, chip("H800"), gpu_count(2048));
  EXPECT_GT(detail::to_raw(m.mfu), 0.0);
  EXPECT_LE(detail::to_raw(m.mfu), 1.0);
}
