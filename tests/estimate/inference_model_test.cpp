// Tests of llmcost/estimate/inference_model.hpp against DeepSeek's config_671B.json arithmetic
// (the hand-written deepseek_v3_serving_model) and Llama 3.1 70B's published shape.
#include "llmcost/estimate/inference_model.hpp"

#include <gtest/gtest.h>

#include "llmcost/model/presets.hpp"

using namespace llmcost;

TEST(ServingModelFromTransformer, DeepSeekV3MatchesTheConfigArithmetic) {
  const ServingModel a = serving_model(model_preset("deepseek-v3"));
  const ServingModel b = deepseek_v3_serving_model();  // written out from config_671B.json
  EXPECT_EQ(a.layers, 61);
  EXPECT_EQ(a.moe_layers, 58);
  EXPECT_EQ(a.routed_experts, 256);
  EXPECT_EQ(a.experts_per_token, 8);
  // One routed expert: 3 × 7168 × 2048 = 44,040,192 parameters (SwiGLU, hand computation).
  EXPECT_DOUBLE_EQ(detail::to_raw(a.routed_expert_params), 3.0 * 7168 * 2048);
  EXPECT_NEAR(detail::to_raw(a.always_active_params), detail::to_raw(b.always_active_params),
              0.005 * detail::to_raw(b.always_active_params));
  // KV elements: 61 × (512 + 64) = 35,136 -> 70,272 B in BF16 (ISCA '25 Table 1).
  EXPECT_DOUBLE_EQ(a.kv_elements_per_token, 35136.0);
  EXPECT_DOUBLE_EQ(detail::to_raw(a.attention_decode_flops_per_context_token),
                   detail::to_raw(b.attention_decode_flops_per_context_token));
  EXPECT_DOUBLE_EQ(detail::to_raw(a.attention_prefill_flops_per_context_token),
                   detail::to_raw(b.attention_prefill_flops_per_context_token));
  EXPECT_FALSE(a.kv_shardable_by_tp);
}

TEST(ServingModelFromTransformer, DenseGqaModel) {
  const ServingModel s = serving_model(model_preset("llama-3.1-70b"));
  EXPECT_EQ(s.moe_layers, 0);
  EXPECT_DOUBLE_EQ(detail::to_raw(s.routed_expert_params), 0.0);
  // KV elements: 2 × 80 layers × 8 KV heads × 128 = 163,840 (327,680 B in BF16, ISCA '25 Table 1 for the
  // same 80×8×128 GQA shape of Qwen2.5-72B).
  EXPECT_DOUBLE_EQ(s.kv_elements_per_token, 163840.0);
  // Always-active = all but the input embedding: 70.55B − 128,256 × 8,192 = 69.5B (model card, hand computation).
  EXPECT_NEAR(detail::to_raw(s.always_active_params), 70.55e9 - 128256.0 * 8192, 0.005 * 70e9);
  EXPECT_TRUE(s.kv_shardable_by_tp);
}
