// The training request: one library function resolves every default and names the ones that
// stood in. Expected values are hand computations from the stated inputs and the catalog's
// datasheet peaks (H800 BF16 dense 989.5 TFLOP/s is read from the catalog, not assumed).
#include "llmcost/estimate/training_request.hpp"

#include <algorithm>
#include <string>

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/error.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/presets.hpp"
#include "test_util.hpp"

using namespace llmcost;

namespace {

TrainingRequest stated_v3() {
  // DeepSeek-V3 TR: 14.8T tokens on 2,048 H800, 6·37B FLOPs per token, MFU and price stated.
  TrainingRequest r;
  r.training_flop_per_token = flop_per_token(6 * 37e9);
  r.chip = "H800";
  r.gpus = gpu_count(2048);
  r.tokens = token_count(14.8e12);
  r.efficiency = Mfu{ratio(0.4)};
  r.price = usd_per_gpu_hour(2.0);
  return r;
}

bool names_default(const TrainingResult& e, const std::string& input) {
  return std::any_of(e.defaults.begin(), e.defaults.end(), [&](const DefaultUsed& d) { return d.input == input; });
}

}  // namespace

TEST(TrainingRequest, StatedInputsGiveTheHandComputedRun) {
  const TrainingResult e = estimate_training(stated_v3());
  const double peak = detail::to_raw(chip("H800").require_peak(Precision::bf16));
  const double gpu_h = 14.8e12 * 6 * 37e9 / (0.4 * peak) / 3600;
  EXPECT_NEAR(in_gpu_hours(e.estimate.total.gpu_hours), gpu_h, gpu_h * 1e-12);
  ASSERT_TRUE(e.cost().has_value());
  EXPECT_NEAR(detail::to_raw(*e.cost()), 2 * gpu_h, 2 * gpu_h * 1e-12);
  EXPECT_EQ(e.flop_basis, "stated");
  EXPECT_EQ(e.pricing, "rental");
  EXPECT_EQ(e.price.rule, PriceChoice::Rule::stated);
  // Only the inputs left out are named: sequence length, precision, goodput.
  EXPECT_TRUE(names_default(e, "seq_len") && names_default(e, "precision") && names_default(e, "goodput"));
  EXPECT_FALSE(names_default(e, "efficiency") || names_default(e, "price_usd_per_gpu_hour"));
}

TEST(TrainingRequest, WithoutAnEfficiencyTheSearchedLayoutIsRealised) {
  TrainingRequest r;
  r.model = "deepseek-v3";
  r.chip = "H800";
  r.gpus = gpu_count(2048);
  r.tokens = token_count(14.8e12);
  const TrainingResult e = estimate_training(r);
  ASSERT_TRUE(e.prediction.has_value());
  ASSERT_TRUE(e.step_time.has_value());
  const TrainingPredictionSummary& p = *e.prediction;
  EXPECT_TRUE(p.searched);
  EXPECT_GT(p.layouts_evaluated, 0);
  EXPECT_EQ(e.flop_basis, "step-time model");
  // The steady state is the searched layout's: tokens / (tokens per second) × GPUs.
  const double steady_h = 14.8e12 / detail::to_raw(e.step_time->tokens_per_s) * 2048 / 3600;
  EXPECT_NEAR(in_gpu_hours(p.steady_gpu_hours), steady_h, steady_h * 1e-9);
  // Whole-run GPU-hours = steady state / realisation: its median for the point, its p90 and p10
  // for the interval's ends, from the fit in data/realisation.toml.
  const Realisation& z = default_realisation();
  const double q = z.interval_half_width_sd * z.log_sd;
  EXPECT_NEAR(in_gpu_hours(e.estimate.total.gpu_hours), steady_h / std::exp(z.log_mean), steady_h * 1e-9);
  EXPECT_NEAR(in_gpu_hours(p.p10.gpu_hours), steady_h / std::exp(z.log_mean + q), steady_h * 1e-9);
  EXPECT_NEAR(in_gpu_hours(p.p90.gpu_hours), steady_h / std::exp(z.log_mean - q), steady_h * 1e-9);
  // The defaults that stood in are named: batch, sequence length, precision, the catalog price.
  EXPECT_TRUE(names_default(e, "global_batch_tokens") && names_default(e, "seq_len") &&
              names_default(e, "precision") && names_default(e, "price_usd_per_gpu_hour"));
  EXPECT_EQ(e.price.rule, PriceChoice::Rule::catalog_lowest_quote);
  const auto& mfu = std::get<Mfu>(e.efficiency);
  EXPECT_NE(mfu.source.find("searched layout"), std::string::npos);
  // The document carries the interval and says how it came about.
  const auto j = nlohmann::json::parse(to_json(e));
  EXPECT_LE(j["gpu_hours_p10"].get<double>(), j["gpu_hours"].get<double>());
  EXPECT_LE(j["gpu_hours"].get<double>(), j["gpu_hours_p90"].get<double>());
  EXPECT_LE(j["cost_usd_p10"].get<double>(), j["cost_usd_p90"].get<double>());
  EXPECT_TRUE(j["prediction"]["searched"].get<bool>());
}

TEST(TrainingRequest, OnlyFlopsAndActiveParamsUseTheEfficiencyModel) {
  TrainingRequest r = stated_v3();
  r.efficiency.reset();
  r.active_params = param_count(37e9);
  const TrainingResult e = estimate_training(r);
  EXPECT_FALSE(e.prediction.has_value());
  EXPECT_TRUE(names_default(e, "efficiency"));
  // The rescaled MFU keeps the efficiency model's GPU-hours: F / (MFU_F · peak) equals
  // 6·N·D / (MFU_6N · peak), so GPU-hours do not depend on the FLOP convention.
  const Accelerator& h800 = chip("H800");
  const double mfu_6n = detail::to_raw(predict_mfu(h800, param_count(37e9), gpu_count(2048)).mfu);
  const double gpu_h = 6 * 37e9 * 14.8e12 / (mfu_6n * detail::to_raw(h800.require_peak(Precision::bf16))) / 3600;
  EXPECT_NEAR(in_gpu_hours(e.estimate.total.gpu_hours), gpu_h, gpu_h * 1e-9);
  // A stated efficiency is not a prediction: the interval's ends are the point.
  const auto j = nlohmann::json::parse(to_json(estimate_training(stated_v3())));
  EXPECT_EQ(j["gpu_hours_p10"], j["gpu_hours"]);
  EXPECT_EQ(j["gpu_hours_p90"], j["gpu_hours"]);
  EXPECT_TRUE(j["prediction"].is_null());
}

TEST(TrainingRequest, PredictedGpuHoursScaleWithTokensAndTheIntervalHoldsThePoint) {
  TrainingRequest r;
  r.model = "llama-3.1-8b";
  r.chip = "H100";
  r.gpus = gpu_count(256);
  r.tokens = token_count(1e12);
  const TrainingResult one = estimate_training(r);
  r.tokens = token_count(2e12);
  const TrainingResult two = estimate_training(r);
  EXPECT_NEAR(in_gpu_hours(two.estimate.total.gpu_hours) / in_gpu_hours(one.estimate.total.gpu_hours), 2.0, 1e-9);
  for (const TrainingResult* e : {&one, &two}) {
    EXPECT_LT(in_gpu_hours(e->prediction->p10.gpu_hours), in_gpu_hours(e->estimate.total.gpu_hours));
    EXPECT_GT(in_gpu_hours(e->prediction->p90.gpu_hours), in_gpu_hours(e->estimate.total.gpu_hours));
  }
}

TEST(TrainingRequest, NoPriceStillGivesGpuHoursAndNoCost) {
  TrainingRequest r = stated_v3();
  r.price.reset();
  r.chip = "MI300X";  // the catalog has no rental quote for it
  const TrainingResult e = estimate_training(r);
  EXPECT_FALSE(e.cost().has_value());
  EXPECT_EQ(e.pricing, "none");
  EXPECT_GT(in_gpu_hours(e.estimate.total.gpu_hours), 0);
  EXPECT_TRUE(names_default(e, "price_usd_per_gpu_hour"));
}

TEST(TrainingRequest, ContradictoryOrMissingInputsAreTaggedErrors) {
  TrainingRequest two = stated_v3();
  two.model = "deepseek-v3";  // a preset and stated FLOPs
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(two); }).rfind("[llmcost.training.model]", 0), 0U);

  TrainingRequest none = stated_v3();
  none.efficiency.reset();  // stated FLOPs, no efficiency, no active parameters
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(none); }).rfind("[llmcost.training.efficiency]", 0), 0U);
  none.active_params = param_count(37e9);  // now the efficiency model can predict it
  EXPECT_NO_THROW((void)estimate_training(none));

  TrainingRequest both = stated_v3();
  both.tco = tco_preset("epoch-ai-2024", usd_per_gpu(30000), watts(700));
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(both); }).rfind("[llmcost.training.pricing]", 0), 0U);

  TrainingRequest layout_and_mfu = stated_v3();
  layout_and_mfu.training_flop_per_token.reset();
  layout_and_mfu.model = "llama-3.1-8b";
  layout_and_mfu.layout = LayoutRequest{};
  layout_and_mfu.layout->tp = 2;  // a stated layout (a request with only workload fields states none)
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(layout_and_mfu); }).rfind("[llmcost.training.efficiency]", 0),
            0U);
  layout_and_mfu.efficiency.reset();  // a layout without its global batch
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(layout_and_mfu); }).rfind("[llmcost.training.missing_batch]", 0),
            0U);
}

TEST(TrainingRequest, LayoutCompletionAndGlobalBatchFollowOneRule) {
  LayoutRequest l;
  l.tp = 8;
  l.pp = 4;
  l.schedule = PipelineSchedule::dualpipe;
  const Layout done = complete_layout(l, gpu_count(1024), Precision::fp8);
  EXPECT_EQ(done.dp, 1024 / (8 * 4));  // dp = GPUs / (TP·PP·CP)
  EXPECT_EQ(done.cp, 1);
  EXPECT_EQ(done.precision.gemm, Precision::fp8);
  EXPECT_EQ(detail::to_raw(done.overlap.ep), 1.0);  // DualPipe hides the all-to-all
  // 15,360 × 4,096 tokens per step at 4,096 tokens per sequence: 15,360 sequences; a partial
  // sequence is dropped (floor).
  EXPECT_EQ(training_workload(model_preset("llama-3.1-8b"), token_count(4096), token_count(15360.0 * 4096 + 100))
                .global_batch,
            15360);
  EXPECT_EQ(test::error_of([] {
              (void)training_workload(model_preset("llama-3.1-8b"), token_count(4096), token_count(100));
            }).rfind("[llmcost.training.invalid]", 0),
            0U);
}

namespace llmcost {
namespace {

TEST(TrainingRequest, MoreGpusNeverPredictFewerGpuHoursThanTheMatmulFloor) {
  // The floor: every FLOP of the run at the chip's measured matmul efficiency and nothing else
  // taking time (H100 SXM: 794.5 of 989 TFLOPS, S. Bekman's MAMF table). No GPU count may predict
  // fewer GPU-hours than that, at the point or at either end of the interval.
  const Accelerator& h100 = chip("H100");
  const double floor_rate = detail::to_raw(h100.require_peak(Precision::bf16)) * 794.5 / 989.0;
  for (double gpus : {64.0, 256.0, 1024.0, 4096.0}) {
    TrainingRequest r;
    r.model = "llama-3.1-8b";
    r.chip = "H100";
    r.gpus = gpu_count(gpus);
    r.tokens = token_count(1e12);
    const TrainingResult e = estimate_training(r);
    const double floor_h = detail::to_raw(e.estimate.total.flops) / floor_rate / 3600;
    EXPECT_GE(in_gpu_hours(e.prediction->p10.gpu_hours), floor_h) << gpus;
    EXPECT_GE(in_gpu_hours(e.estimate.total.gpu_hours), floor_h) << gpus;
  }
}

}  // namespace
}  // namespace llmcost
