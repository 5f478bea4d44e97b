// Tests of llmcost/model/memory.hpp. KV targets: DeepSeek ISCA '25 Table 1 (arXiv:2505.09343).
#include "llmcost/model/memory.hpp"

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::raw;

TEST(Memory, KvCachePerTokenMatchesIscaTable1Exactly) {
  // DeepSeek-V3 MLA: 61 · (512 + 64) · 2 B = 70,272 B (70.272 KB).
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(model_preset("deepseek-v3"), Precision::bf16)), 70272.0);
  // LLaMA-3.1 405B GQA: 2 · 126 · 8 · 128 · 2 B = 516,096 B.
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(model_preset("llama-3.1-405b"), Precision::bf16)), 516096.0);
  // Qwen-2.5 72B GQA: 2 · 80 · 8 · 128 · 2 B = 327,680 B.
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(model_preset("qwen2.5-72b"), Precision::bf16)), 327680.0);
  // FP8 halves it.
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(model_preset("deepseek-v3"), Precision::fp8)), 35136.0);
}

TEST(Memory, BytesPerElement) {
  EXPECT_DOUBLE_EQ(raw(bytes_per_element(Precision::tf32)), 4.0);
  EXPECT_DOUBLE_EQ(raw(bytes_per_element(Precision::bf16)), 2.0);
  EXPECT_DOUBLE_EQ(raw(bytes_per_element(Precision::fp8)), 1.0);
  EXPECT_DOUBLE_EQ(raw(bytes_per_element(Precision::fp4)), 0.5);
}

TEST(Memory, WeightsAndTrainingState) {
  const Transformer& m = model_preset("llama-3.1-8b");
  const double n = 8030261248.0;  // hand count, see params_test
  EXPECT_DOUBLE_EQ(raw(weight_bytes(m, Precision::bf16)), 2 * n);
  EXPECT_DOUBLE_EQ(raw(weight_bytes(m, bytes_per_param(1.5))), 1.5 * n);
  // ZeRO §3: mixed-precision Adam keeps 2 + 2 + 12 = 16 B/param.
  EXPECT_DOUBLE_EQ(raw(training_state_bytes(m)), 16 * n);
  // DeepSeek-V3 §3.3.3 layout: 2 (bf16) + 4 (fp32 master) + 4 (fp32 grads) + 2·2 (bf16 moments).
  const Transformer& v3 = model_preset("deepseek-v3");
  EXPECT_DOUBLE_EQ(raw(OptimizerStateLayout::deepseek_v3().total()), 14.0);
  EXPECT_DOUBLE_EQ(raw(training_state_bytes(v3, OptimizerStateLayout::deepseek_v3())),
                   14 * raw(param_breakdown(v3).total_with_mtp()));
  OptimizerStateLayout bad;
  bad.gradients = bytes_per_param(-1);
  EXPECT_THROW((void)training_state_bytes(m, bad), invalid_input);
}
