// Tests of llmcost/estimate/inference.hpp and roofline.hpp: roofline sanity by hand,
// validation, and the DeepSeek Day-6 comparison at the tolerance the model really reaches.
#include "llmcost/estimate/inference.hpp"

#include <cmath>
#include <functional>

#include <gtest/gtest.h>

#include "test_util.hpp"

#include "llmcost/error.hpp"
#include "llmcost/estimate/roofline.hpp"
#include "llmcost/pricing/margin.hpp"
#include "llmcost/hardware/catalog.hpp"

using namespace llmcost;

namespace {
double raw(const auto& q) { return detail::to_raw(q); }
using test::error_of;

// A dense 10B model with a small KV cache, single GPU: the decode step is weights + KV.
ServingModel dense10b() {
  ServingModel m;
  m.name = "dense-10b";
  m.always_active_params = param_count(10e9);
  m.routed_expert_params = param_count(0);
  m.layers = 40;
  m.hidden_size = 5120;
  m.attention_decode_flops_per_context_token = flop_per_token(40 * 4 * 5120.0);
  m.attention_prefill_flops_per_context_token = flop_per_token(40 * 4 * 5120.0);
  m.kv_elements_per_token = 40 * 2 * 8 * 128.0;
  m.max_context = token_count(32768);
  return m;
}

// The ideal roofline: every kernel and link at its catalog peak.
ServingKernels perfect() { return ServingKernels::ideal(); }
}  // namespace

TEST(Roofline, MaxOfComputeAndMemory) {
  // 2 TFLOP at 1,000 TFLOP/s × 0.5 = 4 ms; 6 GB at 3 TB/s × 1 = 2 ms -> 4 ms, compute-bound.
  const RooflineTerm t = roofline(flop(2e12), flop_per_s(1000e12), ratio(0.5), bytes(6e9), bytes_per_s(3e12), ratio(1));
  EXPECT_NEAR(raw(t.time()), 4e-3, 1e-15);
  EXPECT_TRUE(t.compute_bound());
  EXPECT_NEAR(raw(transfer_time(bytes(1e9), bytes_per_s(50e9), ratio(0.5))), 0.04, 1e-15);
}

TEST(Inference, DecodeOfSmallBatchIsWeightReadByHand) {
  // H100: 3.35 TB/s. Batch 1, context 1,000, FP8 weights, BF16 KV (2 B):
  // weights 10e9 B + activations (FP8 in, BF16 out) of 2 × 10e9 / 5120 = 3.90625e6 elements × 3 B
  // = 11.71875e6 B + KV 40×2×8×128×2 B × 1000 = 163.84e6 B; all memory-bound at η = 1.
  ServingConfig c;
  c.gpus = gpu_count(1);
  c.batch_per_gpu = 1;
  c.context = token_count(1000);
  const DecodeEstimate d = estimate_decode(dense10b(), chip("H100"), c, perfect());
  EXPECT_NEAR(raw(d.time_per_output_token), (10e9 + 11.71875e6 + 163.84e6) / 3.35e12, 1e-12);
  EXPECT_EQ(d.breakdown.bound, "memory");
}

TEST(Inference, DecodeTimeFallsWithFewerActiveBytes) {
  ServingConfig c;
  c.gpus = gpu_count(1);
  c.batch_per_gpu = 4;
  const ServingModel big = dense10b();
  ServingModel small = big;
  small.always_active_params = param_count(5e9);
  const auto& h100 = chip("H100");
  EXPECT_LT(raw(estimate_decode(small, h100, c).time_per_output_token),
            raw(estimate_decode(big, h100, c).time_per_output_token));
  // BF16 weights read twice the bytes of FP8.
  ServingConfig bf = c;
  bf.weight_precision = Precision::bf16;
  EXPECT_GT(raw(estimate_decode(big, h100, bf).time_per_output_token),
            raw(estimate_decode(big, h100, c).time_per_output_token));
}

TEST(Inference, KvTermGrowsLinearlyWithContext) {
  // Memory-bound decode: step = (W + B·L·kv) / BW, so equal context steps add equal time.
  ServingConfig c;
  c.gpus = gpu_count(1);
  c.batch_per_gpu = 8;
  const auto& h100 = chip("H100");
  auto t = [&](double l) {
    ServingConfig x = c;
    x.context = token_count(l);
    return raw(estimate_decode(dense10b(), h100, x, perfect()).breakdown.attention);
  };
  EXPECT_NEAR(t(2000) - t(1000), t(3000) - t(2000), 1e-12);
  EXPECT_NEAR(t(2000), 2 * t(1000), 1e-12);
  // 8 × 1000 × 163,840 B / 3.35e12 B/s.
  EXPECT_NEAR(t(1000), 8 * 1000 * 163840.0 / 3.35e12, 1e-12);
}

TEST(Inference, PrefillScalesWithFlops) {
  // Compute-bound prefill: doubling the parameters doubles the dense GEMM time.
  ServingConfig c;
  c.gpus = gpu_count(1);
  c.prompt_length = token_count(128);
  c.prefill_tokens_per_gpu = token_count(8192);
  const auto& h100 = chip("H100");
  ServingModel twice = dense10b();
  twice.always_active_params = param_count(20e9);
  const PrefillEstimate a = estimate_prefill(dense10b(), h100, c, perfect());
  const PrefillEstimate b = estimate_prefill(twice, h100, c, perfect());
  // 2 × 10e9 × 8192 FLOP / 1979e12 FLOP/s (FP8 dense peak).
  EXPECT_NEAR(raw(a.breakdown.dense), 2 * 10e9 * 8192 / 1979e12, 1e-12);
  EXPECT_NEAR(raw(b.breakdown.dense), 2 * raw(a.breakdown.dense), 1e-12);
  // Cache hits add input rate without compute: half cached doubles the input rate (within 1%:
  // the computed tokens still read the cached prefix's KV and attend to it).
  ServingConfig half = c;
  half.cached_fraction = ratio(0.5);
  half.prompt_length = token_count(1);  // negligible attention
  ServingConfig none = half;
  none.cached_fraction = ratio(0);
  EXPECT_NEAR(raw(estimate_prefill(dense10b(), h100, half, perfect()).input_tokens_per_s_per_gpu) /
                  raw(estimate_prefill(dense10b(), h100, none, perfect()).input_tokens_per_s_per_gpu),
              2.0, 2e-2);
}

TEST(Inference, DeepSeekModelCounts) {
  // DSV3-CFG: 671B total incl. the 0.93B embedding; 44.04M per routed expert (3 × 7168 × 2048).
  const ServingModel m = deepseek_v3_serving_model();
  EXPECT_DOUBLE_EQ(raw(m.routed_expert_params), 3.0 * 7168 * 2048);
  EXPECT_NEAR(raw(m.total_params()) + 129280.0 * 7168, 671e9, 0.5e9);
  // Active 37B (README): ours 36.6B + 0.93B embedding = 37.6B.
  EXPECT_NEAR(raw(m.active_params()) + 129280.0 * 7168, 37e9, 0.7e9);
  // KV 70,272 B/token in BF16 (DS-ISCA Table 1) = 35,136 elements × 2 B.
  EXPECT_DOUBLE_EQ(m.kv_elements_per_token * 2, 70272.0);
}

TEST(Inference, OverlapTakesMaxInsteadOfSum) {
  ServingConfig c;
  c.gpus = gpu_count(32);
  c.batch_per_gpu = 64;
  const ServingModel m = deepseek_v3_serving_model();
  const auto& h800 = chip("H800");
  const DecodeEstimate seq = estimate_decode(m, h800, c);
  ServingConfig ov = c;
  ov.micro_batches = 2;
  const DecodeEstimate two = estimate_decode(m, h800, ov);
  // Decode all-to-all is low-latency (holds no SMs): no contention term.
  EXPECT_EQ(raw(two.breakdown.contention), 0.0);
  const double compute = raw(seq.breakdown.dense + seq.breakdown.attention + seq.breakdown.experts);
  EXPECT_NEAR(raw(seq.breakdown.step), compute + raw(seq.breakdown.communication), 1e-12);
  const double compute2 = raw(two.breakdown.dense + two.breakdown.attention + two.breakdown.experts);
  EXPECT_NEAR(raw(two.breakdown.step), std::max(compute2, raw(two.breakdown.communication)), 1e-12);
}

TEST(Inference, ValidationErrorsAreTagged) {
  const ServingModel m = deepseek_v3_serving_model();
  const auto& h800 = chip("H800");
  ServingConfig c;
  c.batch_per_gpu = 0;
  EXPECT_NE(error_of([&] { (void)estimate_decode(m, h800, c); }).find("[llmcost.inference.batch]"), std::string::npos);
  EXPECT_THROW((void)estimate_decode(m, h800, c), invalid_input);
  c.batch_per_gpu = 16;
  c.cached_fraction = ratio(1.0);
  EXPECT_THROW((void)estimate_prefill(m, h800, c), out_of_domain);
  c.cached_fraction = ratio(0);
  ServingKernels e = perfect();
  e.flat->gemm = ratio(1.2);
  EXPECT_THROW((void)estimate_decode(m, h800, c, e), out_of_domain);
  c.compute_precision = Precision::fp8;
  EXPECT_THROW((void)estimate_decode(m, chip("A100-SXM-80GB"), c), invalid_input);  // no FP8 on A100
  EXPECT_THROW((void)serving_cost(estimate_prefill(m, h800, c), estimate_decode(m, h800, c), usd_per_gpu_hour(-2)),
               invalid_input);
}

TEST(Inference, ContextBeyondMaximumWarns) {
  // Documented choice: the roofline still applies, so the estimate is returned with a warning.
  ServingConfig c;
  c.context = token_count(200000);  // > 163,840
  const DecodeEstimate d = estimate_decode(deepseek_v3_serving_model(), chip("H800"), c);
  ASSERT_FALSE(d.warnings.empty());
  EXPECT_NE(d.warnings.front().find("exceeds"), std::string::npos);
}

TEST(Inference, CostFleetAndMarginByHand) {
  const ServingModel m = deepseek_v3_serving_model();
  ServingConfig c;
  const auto& h800 = chip("H800");
  const PrefillEstimate p = estimate_prefill(m, h800, c);
  const DecodeEstimate d = estimate_decode(m, h800, c);
  // $/token = ($2 / 3600 s) / (tokens/s per GPU).
  const ServingCost sc = serving_cost(p, d, usd_per_gpu_hour(2));
  EXPECT_NEAR(raw(sc.output), 2.0 / 3600 / raw(d.tokens_per_s_per_gpu), 1e-18);
  const FleetSize f = fleet_for_traffic(p, d, token_count(1e12), token_count(1e11), ratio(0.5), usd_per_gpu_hour(2));
  EXPECT_NEAR(raw(f.decode), 1e11 / (86400 * raw(d.tokens_per_s_per_gpu)) / 0.5, 1e-9);
  EXPECT_NEAR(raw(f.cost_per_day), raw(f.total) * 24 * 2, 1e-6);
  // DS-DAY6: 342B hit, 266B miss, 168B output at R1 prices = $562,100; cost $87,072 -> 5.4556.
  const Margin mg = margin_against(api_price("deepseek-r1"), token_count(608e9), ratio(342.0 / 608), token_count(168e9),
                                   usd(87072));
  EXPECT_NEAR(raw(mg.revenue), 562100.0, 1e-6);
  EXPECT_NEAR(raw(mg.margin), (562100.0 - 87072) / 87072, 1e-12);
}

TEST(Inference, SizesOutsideTheirRangeNameTheInput) {
  // "--batch-per-gpu 1e308", "--context 1e308", "--prompt-tokens 1e308" printed inf or nan.
  const ServingModel m = deepseek_v3_serving_model();
  const auto& h800 = chip("H800");
  ServingConfig c;
  c.batch_per_gpu = 1e308;
  EXPECT_NE(error_of([&] { (void)estimate_decode(m, h800, c); })
                .find("[llmcost.inference.batch] batch_per_gpu = 1e+308 is outside the accepted range (0, 1000000]"),
            std::string::npos);
  c = ServingConfig{};
  c.context = token_count(1e308);
  EXPECT_NE(error_of([&] { (void)estimate_decode(m, h800, c); })
                .find("[llmcost.inference.context] context = 1e+308 is outside the accepted range (0, 100000000]"),
            std::string::npos);
  c = ServingConfig{};
  c.prompt_length = token_count(1e308);
  EXPECT_NE(error_of([&] { (void)estimate_prefill(m, h800, c); }).find("prompt_length = 1e+308"), std::string::npos);
  c = ServingConfig{};
  c.prefill_tokens_per_gpu = token_count(1e308);
  EXPECT_NE(error_of([&] { (void)estimate_prefill(m, h800, c); }).find("prefill_tokens_per_gpu = 1e+308"),
            std::string::npos);
  c = ServingConfig{};
  c.gpus = gpu_count(1e-300);
  EXPECT_NE(error_of([&] { (void)estimate_decode(m, h800, c); }).find("[llmcost.inference.gpus] gpus = 1e-300"),
            std::string::npos);
  c = ServingConfig{};
  const PrefillEstimate p = estimate_prefill(m, h800, c);
  const DecodeEstimate d = estimate_decode(m, h800, c);
  EXPECT_NE(error_of([&] { (void)serving_cost(p, d, usd_per_gpu_hour(1e308)); }).find("price_usd_per_gpu_hour = 1e+308"),
            std::string::npos);
  EXPECT_NE(error_of([&] { (void)fleet_for_traffic(p, d, token_count(1e308), token_count(1), ratio(0.5), usd_per_gpu_hour(2)); })
                .find("input_tokens_per_day = 1e+308"),
            std::string::npos);
  // A hand-built serving model beyond the accepted sizes is refused, naming the field.
  ServingModel big = dense10b();
  big.always_active_params = param_count(1e308);
  EXPECT_NE(error_of([&] { (void)estimate_decode(big, h800, c); }).find("always_active_params = 1e+308"),
            std::string::npos);
}

TEST(Inference, LargestAcceptedSizesGiveFiniteEstimates) {
  // Batch 1e6 sequences per GPU at a context of 1e8 tokens: a KV read of 1e6 × 1e8 × 70,272 B per step.
  ServingConfig c;
  c.batch_per_gpu = 1e6;
  c.context = token_count(1e8);
  const DecodeEstimate d = estimate_decode(deepseek_v3_serving_model(), chip("H800"), c);
  EXPECT_NEAR(raw(d.kv_bytes_per_gpu), 1e6 * 1e8 * 70272.0, 1e-6 * 1e6 * 1e8 * 70272.0);
  EXPECT_TRUE(std::isfinite(raw(d.tokens_per_s_per_gpu)) && raw(d.tokens_per_s_per_gpu) > 0);
}
