// Tests of llmcost/estimate/step_time.hpp and layout.hpp: hand-computed pieces, properties
// (bandwidth, GPUs, bubble) and tagged errors for bad layouts.
#include "llmcost/estimate/step_time.hpp"

#include <string>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"
#include "../test_util.hpp"

namespace llmcost {
namespace {

using test::error_of;
using test::raw;

TrainingWorkload gpt3(int global_batch) {
  TrainingWorkload w;
  w.model = model_preset("gpt-3-175b");
  w.seq_len = token_count(2048);
  w.global_batch = global_batch;
  return w;
}

TrainingWorkload v3(int global_batch) {
  TrainingWorkload w;
  w.model = model_preset("deepseek-v3");
  w.seq_len = token_count(4096);
  w.global_batch = global_batch;
  w.max_nodes_per_token = 4;
  return w;
}

Layout layout(int tp, int pp, int dp, int ep = 1) {
  Layout l;
  l.tp = tp, l.pp = pp, l.dp = dp, l.ep = ep;
  return l;
}

StepCluster a100(double gpus) { return step_cluster(chip("A100-SXM-80GB"), gpu_count(gpus)); }

TEST(StepTime, OneFOneBBubbleIsPMinusOneOverM) {
  // 1F1B: bubble = (p − 1) · t_mb against m · t_mb of work (Narayanan et al. 2021, §2.2).
  for (auto [pp, dp, batch] : {std::tuple{4, 1, 16}, std::tuple{8, 2, 64}, std::tuple{16, 1, 16}}) {
    const auto e = estimate_step_time(gpt3(batch), a100(8.0 * pp * dp), layout(8, pp, dp));
    const double m = static_cast<double>(batch) / dp;
    EXPECT_EQ(e.micro_batches, static_cast<int>(m));
    EXPECT_NEAR(raw(e.bubble_fraction), (pp - 1) / m, 1e-12) << pp;
  }
  // Interleaved with v chunks: (p − 1) / (v · m).
  Layout l = layout(8, 8, 1);
  l.schedule = PipelineSchedule::interleaved;
  l.virtual_stages = 3;
  const auto e = estimate_step_time(gpt3(64), a100(64), l);
  EXPECT_NEAR(raw(e.bubble_fraction), 7.0 / (3 * 64), 1e-12);
  // No pipeline, no bubble.
  EXPECT_EQ(raw(estimate_step_time(gpt3(16), a100(64), layout(8, 1, 8)).bubble_fraction), 0.0);
}

TEST(StepTime, MoreBandwidthNeverSlowsAStep) {
  const Accelerator& h800 = chip("H800");
  struct Case {
    TrainingWorkload w;
    Layout l;
    double gpus;
  };
  Layout dual = layout(1, 16, 128, 64);
  dual.schedule = PipelineSchedule::dualpipe;
  dual.overlap.ep = dual.overlap.pp = ratio(1);
  Layout cp = layout(8, 4, 4);
  cp.cp = 2;
  const std::vector<Case> cases{{gpt3(64), layout(8, 8, 1), 64},        {gpt3(256), layout(8, 4, 8), 256},
                                {gpt3(256), layout(4, 4, 16), 256},     {v3(15360), dual, 2048},
                                {v3(2048), layout(1, 8, 256, 256), 2048}, {gpt3(128), cp, 256}};
  for (const auto& c : cases) {
    double prev = 1e300;
    for (double k : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0}) {
      const StepCluster cl = step_cluster(h800, gpu_count(c.gpus), bytes_per_s(50e9 * k), bytes_per_s(200e9 * k));
      const double t = raw(StepTimeModel(c.w, cl).evaluate(c.l).step_time);
      EXPECT_LE(t, prev * (1 + 1e-12)) << describe(c.l) << " ×" << k;
      prev = t;
    }
  }
  // The chip comparison: H100's NVLink (900 vs 400 GB/s) can only help DeepSeek-V3's layout.
  EXPECT_LE(raw(deepseek_v3_published_layout(chip("H100")).step_time),
            raw(deepseek_v3_published_layout(h800).step_time));
}

TEST(StepTime, MoreGpusAtFixedShapeNeverRaisePerGpuMemory) {
  for (int zero : {0, 1, 2, 3}) {
    for (Recompute rc : {Recompute::none, Recompute::selective, Recompute::full}) {
      double prev = 1e300;
      for (int dp : {1, 2, 4, 8, 16}) {
        Layout l = layout(8, 4, dp);
        l.zero_stage = zero;
        l.recompute = rc;
        const auto e = estimate_step_time(gpt3(256), a100(32.0 * dp), l);
        EXPECT_LE(raw(e.memory.total()), prev * (1 + 1e-12)) << zero << " dp" << dp;
        prev = raw(e.memory.total());
      }
    }
  }
  // MoE: more GPUs as more DP at fixed EP.
  double prev = 1e300;
  for (int dp : {64, 128, 256}) {
    Layout l = layout(1, 8, dp, 64);
    l.zero_stage = 1;
    const auto e = StepTimeModel(v3(15360), step_cluster(chip("H800"), gpu_count(8.0 * dp))).evaluate(l);
    EXPECT_LE(raw(e.memory.total()), prev * (1 + 1e-12)) << dp;
    prev = raw(e.memory.total());
  }
}

TEST(StepTime, TrainingStateAndOptimizerByHand) {
  // One GPU, no parallelism: the whole model's state at 2 + 4 + 4 + 8 = 18 B/param (Megatron-LM mixed
  // precision: bf16 weights, fp32 main gradients, fp32 master weights, fp32 Adam m and v). GPT-3's tied
  // LM head is held as a second copy on the (only) stage, so P = total + h·V.
  TrainingWorkload w = gpt3(1);
  const auto e = estimate_step_time(w, a100(1), layout(1, 1, 1));
  const double p = raw(total_params(w.model)) + 12288.0 * 50257.0;
  EXPECT_NEAR(raw(e.memory.weights) / (2 * p), 1.0, 1e-12);
  EXPECT_NEAR(raw(e.memory.gradients) / (4 * p), 1.0, 1e-12);
  EXPECT_NEAR(raw(e.memory.optimizer_states) / (12 * p), 1.0, 1e-12);
  // Optimizer step: read+write the fp32 master weight and moments (2 × (4 + 8) = 24 B), read the fp32
  // gradient (4 B), write the bf16 weight (2 B) = 30 B per parameter at 2.039e12 B/s × η_mem.
  const double eta = raw(default_step_time_constants().memory_bandwidth_efficiency);
  EXPECT_NEAR(raw(e.breakdown.optimizer) / (p * 30 / (2.039e12 * eta)), 1.0, 1e-12);
  EXPECT_FALSE(e.memory.fits());  // 175B × 18 B does not fit in 80 GB
  // ZeRO-1 over 8 replicas shards master weights and moments only.
  Layout z = layout(1, 1, 8);
  z.zero_stage = 1;
  const auto s = estimate_step_time(gpt3(8), a100(8), z);
  EXPECT_NEAR(raw(s.memory.optimizer_states) / (12 * p / 8), 1.0, 1e-12);
  EXPECT_NEAR(raw(s.memory.gradients) / (4 * p), 1.0, 1e-12);
}

TEST(StepTime, ActivationsFollowKorthikantiByHand) {
  // Korthikanti et al. 2022 eq. 5 (TP + SP, selective recompute): s·b·h·34/t per layer, here with
  // dropout, non-flash attention, t = 8, b = 1, s = 2048, h = 12288, 96 layers, pp = 1 (one in flight).
  TrainingWorkload w = gpt3(1);
  w.dropout = true;
  w.flash_attention = false;
  Layout l = layout(8, 1, 1);
  l.recompute = Recompute::selective;
  const auto e = estimate_step_time(w, a100(8), l);
  EXPECT_NEAR(raw(e.memory.activations) / (2048.0 * 12288 * 34 / 8 * 96), 1.0, 1e-12);
  // Full recompute stores 2·s·b·h/t per layer plus one layer's working set (eq. 2 + eq. 5's 5as/h term).
  l.recompute = Recompute::full;
  const auto f = estimate_step_time(w, a100(8), l);
  const double sbh = 2048.0 * 12288;
  const double want = 2 * sbh / 8 * 96 + sbh * (34 + 5 * 96 * 2048 / 12288.0) / 8;
  EXPECT_NEAR(raw(f.memory.activations) / want, 1.0, 1e-12);
}

TEST(StepTime, MfuAndBreakdownAreConsistent) {
  const auto e = deepseek_v3_published_layout(chip("H800"));
  EXPECT_NEAR(raw(e.breakdown.total()) / raw(e.step_time), 1.0, 1e-12);
  EXPECT_NEAR(raw(e.mfu), raw(e.model_flops) / (2048 * raw(e.step_time) * 989e12), 1e-12);
  EXPECT_EQ(raw(predicted_mfu(e)), raw(e.mfu));
  EXPECT_EQ(e.micro_batches, 120);  // 15,360 sequences / 128 replicas
  // ISCA '25 Table 2 counts ~250 GFLOP per token for the main model at 4K (causal).
  EXPECT_NEAR(raw(e.model_flops) / (15360.0 * 4096), 250e9, 2e9);
  const std::string j = to_json(e);
  for (const char* k : {"\"step_time_s\"", "\"mfu\"", "\"breakdown_s\"", "\"memory_per_gpu\"", "\"fits\"",
                        "\"bottleneck\""}) {
    EXPECT_NE(j.find(k), std::string::npos) << k;
  }
}

TEST(StepTime, BadLayoutsGiveTaggedErrors) {
  auto msg = [](const TrainingWorkload& w, double gpus, const Layout& l) {
    return error_of([&] { (void)estimate_step_time(w, a100(gpus), l); });
  };
  // GPT-3: 96 heads, 96 layers.
  EXPECT_NE(msg(gpt3(8), 7, layout(7, 1, 1)).find("[llmcost.layout.tp_heads]"), std::string::npos);
  EXPECT_NE(msg(gpt3(8), 7, layout(7, 1, 1)).find("96 attention heads"), std::string::npos);
  EXPECT_NE(msg(gpt3(8), 128, layout(1, 128, 1)).find("[llmcost.layout.pp_layers]"), std::string::npos);
  EXPECT_NE(msg(gpt3(8), 64, layout(8, 4, 1)).find("[llmcost.layout.gpu_product]"), std::string::npos);
  EXPECT_NE(msg(gpt3(8), 64, layout(8, 4, 1)).find("must equal the 64 GPUs"), std::string::npos);
  EXPECT_NE(msg(gpt3(8), 16, layout(8, 1, 2, 2)).find("[llmcost.layout.ep_experts]"), std::string::npos);
  EXPECT_NE(msg(gpt3(9), 16, layout(8, 1, 2)).find("[llmcost.layout.batch]"), std::string::npos);
  // DeepSeek-V3 has 256 routed experts: EP 96 does not divide them.
  const std::string ep = error_of([] {
    (void)StepTimeModel(v3(1536), step_cluster(chip("H800"), gpu_count(192))).evaluate(layout(1, 1, 192, 96));
  });
  EXPECT_NE(ep.find("[llmcost.layout.ep_experts]"), std::string::npos);
  EXPECT_NE(ep.find("256 routed experts"), std::string::npos);
  // Several violations are all listed; the tag is the first one's.
  const std::string many = msg(gpt3(8), 64, layout(7, 200, 1));
  EXPECT_EQ(many.rfind("[llmcost.layout.gpu_product]", 0), 0u) << many;
  EXPECT_NE(many.find("[llmcost.layout.tp_heads]"), std::string::npos);
  EXPECT_NE(many.find("[llmcost.layout.pp_layers]"), std::string::npos);
  try {
    (void)estimate_step_time(gpt3(8), a100(7), layout(7, 1, 1));
    FAIL() << "expected invalid_input";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.tag(), "llmcost.layout.tp_heads");
  }
  // Schedules.
  Layout bad = layout(8, 8, 1);
  bad.schedule = PipelineSchedule::interleaved;  // v = 1
  EXPECT_NE(msg(gpt3(64), 64, bad).find("[llmcost.layout.schedule]"), std::string::npos);
  bad.schedule = PipelineSchedule::dualpipe;  // 63 micro-batches: DualPipe needs an even count
  EXPECT_NE(msg(gpt3(63), 64, bad).find("[llmcost.layout.schedule]"), std::string::npos);
  EXPECT_EQ(msg(gpt3(64), 64, bad), "(no exception)");
  // FP8 GEMMs on an A100.
  Layout f8 = layout(8, 1, 1);
  f8.precision.gemm = Precision::fp8;
  EXPECT_NE(msg(gpt3(8), 8, f8).find("[llmcost.hardware.unsupported_precision]"), std::string::npos);
}

TEST(StepTime, BadInputsAreRejected) {
  // H100 PCIe has no scale-out figure and no node size in the catalog: stated defaults stand in,
  // each named (one 200 Gb/s NIC per GPU = 25e9 B/s each way; 8 GPUs per node), never an H100 figure.
  const StepCluster pcie = step_cluster(chip("H100-PCIE"), gpu_count(8));
  EXPECT_DOUBLE_EQ(raw(pcie.scale_out_per_direction), 200e9 / 8);
  EXPECT_EQ(pcie.gpus_per_node, 8);
  ASSERT_EQ(pcie.defaults.size(), 2u);
  EXPECT_EQ(pcie.defaults[0].input, "gpus_per_node");
  EXPECT_EQ(pcie.defaults[1].input, "scale_out_per_direction_bytes_per_s");
  EXPECT_NE(pcie.defaults[1].source.find("DGX A100"), std::string::npos);
  // A stated bandwidth is no default; a chip the catalog describes fully has none.
  EXPECT_EQ(step_cluster(chip("H100-PCIE"), gpu_count(8), bytes_per_s(50e9)).defaults.size(), 1u);
  EXPECT_TRUE(step_cluster(chip("H100"), gpu_count(8)).defaults.empty());
  EXPECT_NE(error_of([] { (void)step_cluster(chip("A100"), gpu_count(0)); }).find("[llmcost.step_time.invalid]"),
            std::string::npos);
  TrainingWorkload w = gpt3(0);
  EXPECT_NE(error_of([&] { (void)StepTimeModel(w, a100(8)); }).find("global_batch = 0"), std::string::npos);
  Layout l = layout(8, 1, 1);
  l.overlap.tp = ratio(1.5);
  EXPECT_NE(error_of([&] { (void)estimate_step_time(gpt3(8), a100(8), l); }).find("overlap.tp"), std::string::npos);
  EXPECT_EQ(parse_pipeline_schedule("dualpipe"), PipelineSchedule::dualpipe);
  EXPECT_NE(error_of([] { (void)parse_pipeline_schedule("gpipe"); }).find("[llmcost.layout.schedule]"),
            std::string::npos);
}

TEST(StepTime, WorkloadAndClusterOutsideTheirRangeAreNamed) {
  TrainingWorkload w = gpt3(8);
  w.seq_len = token_count(2048.5);
  EXPECT_NE(error_of([&] { (void)StepTimeModel(w, a100(8)); })
                .find("seq_len = 2048.5 is invalid; expected a whole number in [1, 100000000]"),
            std::string::npos);
  w.seq_len = token_count(1e308);
  EXPECT_NE(error_of([&] { (void)StepTimeModel(w, a100(8)); }).find("seq_len = 1e+308"), std::string::npos);
  EXPECT_NE(error_of([] { (void)step_cluster(chip("A100"), gpu_count(2.5)); }).find("gpus = 2.5"), std::string::npos);
  EXPECT_NE(error_of([] { (void)step_cluster(chip("A100"), gpu_count(8), bytes_per_s(1e308)); })
                .find("scale_out_per_direction_bytes_per_s = 1e+308"),
            std::string::npos);
  // check_layout on its own never rounds an out-of-range sequence length.
  w.seq_len = token_count(1e308);
  const auto v = check_layout(w, gpu_count(8), layout(8, 1, 1));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.front().tag, "llmcost.layout.invalid");
}

}  // namespace
}  // namespace llmcost
