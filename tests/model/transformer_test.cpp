// Tests of llmcost/model/transformer.hpp: layer placement of MoE layers and validation.
#include "llmcost/model/transformer.hpp"

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/model/presets.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::error_of;

TEST(Transformer, DeepSeekV3HasThreeDenseLayersThen58Moe) {
  // DeepSeek-V3 config: num_hidden_layers 61, first_k_dense_replace 3, moe_layer_freq 1.
  const Transformer& m = model_preset("deepseek-v3");
  EXPECT_FALSE(m.is_moe_layer(0));
  EXPECT_FALSE(m.is_moe_layer(2));
  EXPECT_TRUE(m.is_moe_layer(3));
  EXPECT_TRUE(m.is_moe_layer(60));
  EXPECT_FALSE(m.is_moe_layer(61));
  EXPECT_EQ(m.num_moe_layers(), 58);
  EXPECT_EQ(m.num_dense_layers(), 3);
  EXPECT_EQ(m.attention.kind, AttentionKind::mla);
  EXPECT_EQ(m.attention.qk_head_dim(), 192);  // 128 nope + 64 rope
  EXPECT_EQ(m.attention.value_head_dim(), 128);
  EXPECT_EQ(m.mtp_depth, 1);
  ASSERT_TRUE(m.max_position_embeddings.has_value());
  EXPECT_EQ(*m.max_position_embeddings, 163840);
}

TEST(Transformer, QwenSparseStepUsesOneBasedPhaseAndExplicitDenseList) {
  Transformer m = model_preset("mixtral-8x7b");
  m.moe->layer_freq = 2;
  m.moe->layer_freq_offset = 1;  // Qwen2-MoE: (i + 1) % decoder_sparse_step == 0
  EXPECT_FALSE(m.is_moe_layer(0));
  EXPECT_TRUE(m.is_moe_layer(1));
  EXPECT_EQ(m.num_moe_layers(), 16);  // 32 layers, every second one
  m.moe->dense_layers = {1, 3};
  EXPECT_EQ(m.num_moe_layers(), 14);
}

TEST(Transformer, ValidateNamesTheBadField) {
  Transformer m = model_preset("mixtral-8x7b");
  m.moe->top_k = 9;
  EXPECT_NE(error_of([&] { m.validate(); }).find("[llmcost.model.inconsistent]"), std::string::npos);
  EXPECT_NE(error_of([&] { m.validate(); }).find("top_k = 9"), std::string::npos);
  Transformer g = model_preset("llama-3.1-8b");
  g.attention.num_kv_heads = 5;  // 32 % 5 != 0
  EXPECT_NE(error_of([&] { g.validate(); }).find("num_kv_heads = 5"), std::string::npos);
  g = model_preset("llama-3.1-8b");
  g.num_layers = 0;
  EXPECT_THROW(g.validate(), invalid_input);
}

TEST(Transformer, MoeLayerCountMatchesLayerByLayerCount) {
  Transformer m = model_preset("deepseek-v3");
  for (int freq = 1; freq <= 4; ++freq)
    for (int offset = 0; offset <= 2; ++offset)
      for (int first = 0; first <= 62; first += 7) {
        m.moe->layer_freq = freq;
        m.moe->layer_freq_offset = offset;
        m.moe->first_k_dense = first;
        int by_layer = 0;
        for (int i = 0; i < m.num_layers; ++i) by_layer += m.is_moe_layer(i) ? 1 : 0;
        EXPECT_EQ(m.num_moe_layers(), by_layer) << freq << " " << offset << " " << first;
      }
}

TEST(Transformer, SizesAboveTheirLimitAreOutOfRange) {
  Transformer m = model_preset("llama-3.1-8b");
  m.hidden_size = 2'000'000;
  EXPECT_EQ(error_of([&] { m.validate(); })
                .rfind("[llmcost.model.out_of_range] model \"llama-3.1-8b\": hidden_size = 2000000 is outside the "
                       "accepted range [1, 1000000]",
                       0),
            0u)
      << error_of([&] { m.validate(); });
  m = model_preset("llama-3.1-8b");
  m.num_layers = 1'000'000'000;
  EXPECT_NE(error_of([&] { m.validate(); }).find("num_layers = 1000000000 is outside the accepted range [1, 10000]"),
            std::string::npos);
  m = model_preset("llama-3.1-8b");
  m.attention.head_dim = 2'000'000'000;
  EXPECT_NE(error_of([&] { m.validate(); }).find("attention.head_dim = 2000000000"), std::string::npos);
  m = model_preset("llama-3.1-8b");
  m.mtp_depth = 1'000'000;
  EXPECT_NE(error_of([&] { m.validate(); }).find("[llmcost.model.inconsistent] model \"llama-3.1-8b\": mtp_depth = "
                                                 "1000000 exceeds num_layers = 32"),
            std::string::npos);
}

TEST(Transformer, MoeLayerPlacementBeyondTheLayersIsInconsistent) {
  Transformer m = model_preset("deepseek-v3");
  m.moe->first_k_dense = 62;  // 61 layers
  EXPECT_NE(error_of([&] { m.validate(); }).find("moe.first_k_dense = 62 exceeds num_layers = 61"), std::string::npos);
  m = model_preset("deepseek-v3");
  m.moe->dense_layers = {3, 61};
  EXPECT_NE(error_of([&] { m.validate(); }).find("moe.dense_layers holds layer 61, outside [0, 60]"), std::string::npos);
  // Duplicates count once: 58 MoE layers less layer 3 = 57.
  m.moe->dense_layers = {3, 3};
  EXPECT_EQ(m.num_moe_layers(), 57);
  EXPECT_NO_THROW(m.validate());
}

TEST(Transformer, ControlCharactersInTheNameAreEscaped) {
  Transformer m = model_preset("llama-3.1-8b");
  m.name = std::string("evil\0\x1b[2J", 9);
  m.num_layers = 0;
  const std::string what = error_of([&] { m.validate(); });
  EXPECT_NE(what.find("model \"evil\\x00\\x1b[2J\": num_layers = 0 must be > 0"), std::string::npos) << what;
}
