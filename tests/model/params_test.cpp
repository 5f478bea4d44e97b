// Tests of llmcost/model/params.hpp. Targets are the published counts (cited per test) and
// independent hand counts written out below; tolerances are the ones we really reach.
#include "llmcost/model/params.hpp"

#include <gtest/gtest.h>

#include "llmcost/model/presets.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::raw;
using llmcost::test::rel;

namespace {
double total_b(const char* name) { return raw(total_params(model_preset(name))) / 1e9; }
double active_b(const char* name) { return raw(active_params(model_preset(name))) / 1e9; }
}  // namespace

TEST(Params, DeepSeekV3MatchesHandCountAndPublishedTotals) {
  // Hand count from config.json (H 7168, V 129280, 61 layers, first 3 dense):
  //  MLA per layer: q_a 7168·1536 + norm 1536 + q_b 1536·128·192 + kv_a 7168·576 + norm 512
  //                 + kv_b 512·128·256 + o 128·128·7168 = 187,107,328
  //  expert (3·7168·2048) = 44,040,192; dense FFN 3·7168·18432 = 396,361,728
  //  MoE layer: 256 routed + 1 shared experts + router 256·7168 + bias 256
  const double h = 7168, v = 129280, attn = 187107328, expert = 44040192, dense = 396361728;
  const double moe_layer = 257 * expert + 256 * h + 256;
  const double total = 2 * v * h + 61 * (attn + 2 * h) + 3 * dense + 58 * moe_layer + h;
  const double active = 2 * v * h + 61 * (attn + 2 * h) + 3 * dense + 58 * (9 * expert + 256 * h + 256) + h;
  const ParamBreakdown b = param_breakdown(model_preset("deepseek-v3"));
  EXPECT_DOUBLE_EQ(raw(b.total()), total);
  EXPECT_DOUBLE_EQ(raw(b.active()), active);
  // Published: 671B total (DeepSeek-V3 README; tech report arXiv:2412.19437): within 0.5%.
  EXPECT_LT(rel(raw(b.total()), 671e9), 0.005);
  // Published: 37B activated (README), 36.7B incl. 0.9B embedding + 0.9B head (README_WEIGHTS.md).
  // The exact count is 37.55B: +1.5% vs 37B, +2.3% vs 36.7B. Not met at 0.5%; docs/model.md.
  EXPECT_LT(rel(raw(b.active()), 37e9), 0.016);
  // Embedding and head are 0.93B each (README_WEIGHTS: "0.9B").
  EXPECT_NEAR(raw(b.embedding) / 1e9, 0.93, 0.005);
  EXPECT_NEAR(raw(b.output_head) / 1e9, 0.93, 0.005);
  // MTP module (README_WEIGHTS: "11.5B unique"): enorm + hnorm + eh_proj 2·7168² + one MoE block
  // + its final norm = 11.61B, +0.96% vs 11.5B (the README figure is not reproduced to 0.5%).
  const double mtp = 2 * h + 2 * h * h + attn + 2 * h + moe_layer + h;
  EXPECT_DOUBLE_EQ(raw(b.mtp), mtp);
  EXPECT_LT(rel(raw(b.mtp), 11.5e9), 0.01);
  // Checkpoint with MTP: 685B (README) = 671B + 14B (11.5B unique + shared embedding/head).
  EXPECT_LT(rel(raw(b.total_with_mtp()), 685e9 - 2 * 0.93e9), 0.005);
}

TEST(Params, DeepSeekV2) {
  // DeepSeek-V2 (arXiv:2405.04434): 236B total, 21B activated. We get 235.74B (-0.1%) and
  // 21.38B (+1.8%; 0.5% not reached, same counting as V3 above).
  EXPECT_LT(rel(total_b("deepseek-v2"), 236), 0.005);
  EXPECT_LT(rel(active_b("deepseek-v2"), 21), 0.02);
}

TEST(Params, LlamaDenseModelsMatchModelCards) {
  // meta-llama/llama-models MODEL_CARD.md (llama3_1): 405.85B, 70.6B, 8.03B exact counts;
  // (llama2): 68.98B and 6.74B.
  EXPECT_LT(rel(total_b("llama-3.1-405b"), 405.85), 0.005);
  EXPECT_LT(rel(total_b("llama-3.1-70b"), 70.6), 0.005);
  EXPECT_LT(rel(total_b("llama-3.1-8b"), 8.03), 0.005);
  EXPECT_LT(rel(total_b("llama-2-70b"), 68.98), 0.005);
  EXPECT_LT(rel(total_b("llama-2-7b"), 6.74), 0.005);
  // Hand count, Llama-3.1-8B: 2·128256·4096 + 32·(4096·4096·2 + 2·4096·1024 + 3·4096·14336 + 2·4096) + 4096
  const double l8 = 2.0 * 128256 * 4096 + 32.0 * (2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 3.0 * 4096 * 14336 + 2 * 4096) + 4096;
  EXPECT_DOUBLE_EQ(raw(total_params(model_preset("llama-3.1-8b"))), l8);
  EXPECT_DOUBLE_EQ(l8, 8030261248.0);  // the fixture README's independent count
  EXPECT_DOUBLE_EQ(total_b("llama-3.1-405b"), active_b("llama-3.1-405b"));
}

TEST(Params, MixtralTotalAndActive) {
  // Mistral AI, "Mixtral of experts": 46.7B total, 12.9B active per token.
  EXPECT_LT(rel(total_b("mixtral-8x7b"), 46.7), 0.005);
  EXPECT_LT(rel(active_b("mixtral-8x7b"), 12.9), 0.005);
  // Hand count of the routed part: 32 layers · 8 experts · 3·4096·14336; active: top-2 of 8.
  const ParamBreakdown b = param_breakdown(model_preset("mixtral-8x7b"));
  EXPECT_DOUBLE_EQ(raw(b.routed_experts), 32.0 * 8 * 3 * 4096 * 14336);
  EXPECT_DOUBLE_EQ(raw(b.routed_experts_active), 32.0 * 2 * 3 * 4096 * 14336);
}

TEST(Params, Gpt3AndQwen) {
  // GPT-3 paper Table 2.1: 175.0B. We count 174.6B (-0.23%).
  EXPECT_LT(rel(total_b("gpt-3-175b"), 175), 0.005);
  // Qwen2.5-72B model card: 72.7B.
  EXPECT_LT(rel(total_b("qwen2.5-72b"), 72.7), 0.005);
}

TEST(Params, TiedHeadCountsOnceAndBreakdownSums) {
  const ParamBreakdown b = param_breakdown(model_preset("gpt-3-175b"));
  EXPECT_DOUBLE_EQ(raw(b.output_head), 0.0);
  // Embedding: 50257·12288 tokens + 2048·12288 learned positions.
  EXPECT_DOUBLE_EQ(raw(b.embedding), 50257.0 * 12288 + 2048.0 * 12288);
  EXPECT_DOUBLE_EQ(raw(b.total()), raw(b.embedding + b.attention + b.dense_ffn + b.norms));
}
