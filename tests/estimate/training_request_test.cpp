// The training request: one library function resolves every default and names the ones that
// stood in. Expected values are hand computations from the stated inputs and the catalog's
// datasheet peaks (H800 BF16 dense 989.5 TFLOP/s is read from the catalog, not assumed).
#include "llmcost/estimate/training_request.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

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

TEST(TrainingRequest, ModelFlopsFollowTheArchitectureAndTheDefaultsAreNamed) {
  TrainingRequest r;
  r.model = "deepseek-v3";
  r.chip = "H800";
  r.gpus = gpu_count(2048);
  r.tokens = token_count(14.8e12);
  const TrainingResult e = estimate_training(r);
  // FLOPs per token are the architecture's at 4,096 tokens (the default sequence length).
  EXPECT_EQ(detail::to_raw(e.training_flop_per_token),
            detail::to_raw(training_flops_per_token(model_preset("deepseek-v3"), token_count(4096))));
  EXPECT_EQ(e.flop_basis, "architecture");
  // The default efficiency model and the catalog's price stood in, and say so.
  EXPECT_TRUE(names_default(e, "efficiency"));
  EXPECT_TRUE(names_default(e, "price_usd_per_gpu_hour"));
  EXPECT_EQ(e.price.rule, PriceChoice::Rule::catalog_lowest_quote);
  // The rescaled MFU keeps the efficiency model's GPU-hours: F_arch / (MFU_arch · peak) equals
  // 6·N·D / (MFU_6N · peak), so GPU-hours do not depend on the FLOP convention.
  const auto& mfu = std::get<Mfu>(e.efficiency);
  EXPECT_NE(mfu.source.find("6·N·D"), std::string::npos);
  const Accelerator& h800 = chip("H800");
  const double mfu_6n = detail::to_raw(predict_mfu(h800, active_params(model_preset("deepseek-v3")), gpu_count(2048)).mfu);
  const double six_nd = 6 * detail::to_raw(active_params(model_preset("deepseek-v3"))) * 14.8e12;
  const double gpu_h = six_nd / (mfu_6n * detail::to_raw(h800.require_peak(Precision::bf16))) / 3600;
  EXPECT_NEAR(in_gpu_hours(e.estimate.total.gpu_hours), gpu_h, gpu_h * 1e-9);
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
  none.active_params = param_count(37e9);  // now the default efficiency model can predict it
  EXPECT_NO_THROW((void)estimate_training(none));

  TrainingRequest both = stated_v3();
  both.tco = tco_preset("epoch-ai-2024", usd_per_gpu(30000), watts(700));
  EXPECT_EQ(test::error_of([&] { (void)estimate_training(both); }).rfind("[llmcost.training.pricing]", 0), 0U);

  TrainingRequest layout_and_mfu = stated_v3();
  layout_and_mfu.training_flop_per_token.reset();
  layout_and_mfu.model = "llama-3.1-8b";
  layout_and_mfu.layout = LayoutRequest{};
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
