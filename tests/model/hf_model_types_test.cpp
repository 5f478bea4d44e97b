// The model-type table (data/hf_model_types.toml) and the ways an import used to go silently
// wrong: an MoE under other key names read as dense, a known type refused over its key names, a
// squared-ReLU MLP counted as gated, QK-norm weights and LayerNorm biases dropped, current types
// refused. Expected counts are hand computations from the architecture (each spelled out), or
// the model card's.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::error_of;
using llmcost::test::fixture;
using llmcost::test::raw;

namespace {
std::string real(const std::string& file) { return std::string(LLMCOST_TEST_DIR) + "/data/hf_configs/" + file; }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void rename_key(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find("\"" + from + "\"");
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size() + 2, "\"" + to + "\"");
}
}  // namespace

TEST(HfModelTypes, TheTableCoversFortyFiveDecoderTypesEachWithASource) {
  const auto& types = hf_model_types();
  EXPECT_GE(supported_model_types().size(), 45u);
  for (const char* t : {"granite", "granitemoe", "olmo3", "nemotron", "jetmoe", "stablelm", "phimoe", "starcoder2", "phi",
                        "phi3", "cohere", "cohere2", "glm", "glm4", "internlm2", "dbrx", "deepseek", "exaone", "minicpm",
                        "llama4", "gpt_oss", "gemma3", "olmoe", "arctic", "baichuan", "chatglm"})
    EXPECT_TRUE(std::binary_search(supported_model_types().begin(), supported_model_types().end(), t)) << t;
  for (const auto& t : types) {
    EXPECT_FALSE(t.source.empty()) << t.model_type;
    EXPECT_EQ(t.supported, t.missing.empty()) << t.model_type;
  }
  // A hybrid whose linear-attention layers are not modelled is refused naming the missing piece.
  const std::string msg = error_of([] {
    (void)from_hf_config_json(R"({"model_type": "qwen3_next", "hidden_size": 2048})", "next.json");
  });
  EXPECT_EQ(msg.rfind("[llmcost.model.unsupported_shape] next.json:1:", 0), 0u) << msg;
  EXPECT_NE(msg.find("Gated DeltaNet linear-attention layers"), std::string::npos) << msg;
}

TEST(HfModelTypes, DeepSeekV3WithRoutedAndSharedExpertKeyVariantsImportsAsMoe) {
  // A DeepSeek-V3 config that names its experts num_routed_experts / num_shared_experts (as one
  // open-source simulator writes it) used to import as a 37B dense model without a warning.
  std::string text = read_text(fixture("deepseek_v3.json"));
  rename_key(text, "n_routed_experts", "num_routed_experts");
  rename_key(text, "n_shared_experts", "num_shared_experts");
  const Transformer m = from_hf_config_json(text, "v3-variant.json");
  ASSERT_TRUE(m.moe.has_value());
  EXPECT_EQ(m.moe->num_routed_experts, 256);
  EXPECT_EQ(m.moe->num_shared_experts, 1);
  EXPECT_EQ(m.num_moe_layers(), 58);
  EXPECT_DOUBLE_EQ(raw(total_params(m)), raw(total_params(from_hf_config(fixture("deepseek_v3.json")))));
}

TEST(HfModelTypes, KeysImplyingAShapeTheReaderDoesNotReadAreRefused) {
  const std::string llama = read_text(fixture("llama.json"));
  auto with = [&](const std::string& extra) {
    std::string t = llama;
    t.insert(t.rfind('}'), ", " + extra);
    return t;
  };
  struct Case {
    const char* extra;
    const char* key;
    const char* read_as;
  };
  const Case cases[] = {
      {R"("num_local_experts": 8)", "num_local_experts", "dense"},
      {R"("num_routed_experts": 256)", "num_routed_experts", "dense"},
      {R"("kv_lora_rank": 512)", "kv_lora_rank", "plain multi-head attention"},
      {R"("sliding_window": 4096)", "sliding_window", "full attention"},
      {R"("num_nextn_predict_layers": 1)", "num_nextn_predict_layers", "having no MTP modules"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    const std::string msg = error_of([&] { (void)from_hf_config_json(with(c.extra), "l.json"); });
    EXPECT_EQ(msg.rfind("[llmcost.model.unread_shape_key] l.json:", 0), 0u) << msg;
    EXPECT_NE(msg.find(std::string("\"") + c.key + "\""), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::string("reading the model as ") + c.read_as), std::string::npos) << msg;
  }
  // The generic reader refuses the same way: an expert key outside its standard names is not dense.
  HfImportOptions generic;
  generic.generic = true;
  std::string custom = with(R"("moe_num_experts": 64)");
  custom.replace(custom.find("\"llama\""), 7, "\"my_moe\"");
  EXPECT_EQ(error_of([&] { (void)from_hf_config_json(custom, "g.json", generic); })
                .rfind("[llmcost.model.unread_shape_key]", 0),
            0u);
  // Null, 0 and false imply nothing.
  EXPECT_FALSE(from_hf_config_json(with(R"("num_local_experts": 0, "sliding_window": null)"), "l.json").moe);
}

TEST(HfModelTypes, JetMoeImportsUnderItsOwnKeyNamesWithAMixtureOfAttentionHeads) {
  // jetmoe/jetmoe-8b as first released: ffn_hidden_size, moe_num_experts, moe_top_k (was refused).
  const HfImport imp = import_hf_config(real("jetmoe__idoru_jetmoe-8b-ultrainteract-sft-v4.json"));
  const Transformer& m = imp.model;
  EXPECT_EQ(m.attention.experts, 8);
  EXPECT_EQ(m.attention.experts_top_k, 2);
  EXPECT_EQ(m.attention.num_heads, 32);  // 16 K/V heads × top-2
  ASSERT_TRUE(m.moe.has_value());
  EXPECT_EQ(m.moe->expert_intermediate_size, 5632);
  // Per layer (H 2048, 16 K/V heads of 128 = 2048 wide, E 8, k 2, I 5632):
  //   attention: kv_proj 2·2048·2048 + 8 experts × (q 2048·2048 + o 2048·2048) + router 8·2048 + bias 2048
  //            = 8,388,608 + 67,108,864 + 16,384 + 2,048 = 75,515,904
  //   MoE: 8 × 3·2048·5632 + router 8·2048 + bias 2048 = 276,824,064 + 18,432 = 276,842,496
  //   norms: 2 RMSNorms = 4,096                      -> 352,362,496 per layer, × 24 = 8,456,699,904
  // Tied embedding 32000·2048 = 65,536,000 and the final norm 2,048: 8,522,237,952
  // (JetMoE-8B card: 8.52B total).
  EXPECT_DOUBLE_EQ(raw(total_params(m)), 8522237952.0);
  // Active: kv_proj + 2 attention experts (2 × 2·2048·2048) + router + bias, 2 MLP experts
  // (2 × 3·2048·5632) + router + bias, norms: 8,388,608 + 16,777,216 + 16,384 + 2,048 + 69,206,016 +
  // 18,432 + 4,096 = 94,412,800 per layer, × 24 = 2,265,907,200, + 65,536,000 + 2,048 = 2,331,445,248
  // (card: 2.2B active, excluding the embedding).
  EXPECT_DOUBLE_EQ(raw(active_params(m)), 2331445248.0);
  // FLOPs per token at S = 1024, causal: 2 × used weights (the two routers are matrices a token
  // multiplies; biases and norms are not) + attention 2·32 heads·(128 + 128)·1024/2 per layer + logits.
  const double macs = 24.0 * (8388608 + 16777216 + 16384 + 69206016 + 16384);
  const double attn = 24.0 * 2 * 32 * 256 * 1024 / 2;
  const double logits = 2.0 * 2048 * 32000;
  EXPECT_DOUBLE_EQ(raw(forward_flops_per_token(m, token_count(1024))), 2 * macs + attn + logits);
  // KV cache: the shared K/V projection, 2 · 24 layers · 16 heads · 128 · 2 B.
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(m, Precision::bf16)), 2.0 * 24 * 16 * 128 * 2);
}

TEST(HfModelTypes, NemotronSquaredReluMlpHasTwoMatrices) {
  // nvidia/Minitron-8B-Base: H 4096, 32 layers, 48 heads of 128, 8 K/V heads, I 16384, V 256000.
  const Transformer m = from_hf_config(real("nemotron__nvidia_Minitron-8B-Base.json"));
  EXPECT_EQ(m.ffn.kind, FfnKind::plain);
  EXPECT_EQ(m.ffn.activation, Activation::relu2);
  EXPECT_EQ(m.norm, NormKind::layernorm);  // LayerNorm1P: weight and bias
  EXPECT_DOUBLE_EQ(m.attention.rotary_fraction, 0.5);
  // Per layer: q 4096·6144 + k, v 2·4096·1024 + o 6144·4096 = 58,720,256; MLP up + down
  // 2·4096·16384 = 134,217,728 (a gated count would add another 67,108,864); 2 LayerNorms with
  // bias 4·4096 = 16,384 -> 192,954,368, × 32 = 6,174,539,776. Untied embedding and head
  // 2·256000·4096 = 2,097,152,000; final LayerNorm 8,192. Total 8,271,699,968.
  EXPECT_DOUBLE_EQ(raw(total_params(m)), 8271699968.0);
  // Forward FLOPs at S = 4096: 2 × (32 × (58,720,256 + 134,217,728)) + 32 · 2·48·(128+128)·4096/2 + 2·4096·256000.
  const double fwd = 2.0 * 32 * (58720256.0 + 134217728.0) + 32.0 * 2 * 48 * 256 * 4096 / 2 + 2.0 * 4096 * 256000;
  EXPECT_DOUBLE_EQ(raw(forward_flops_per_token(m, token_count(4096))), fwd);
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(m, Precision::bf16)), 2.0 * 32 * 8 * 128 * 2);
}

TEST(HfModelTypes, QkNormWeightsAndLayerNormBiasesAreCounted) {
  // A small StableLM: H 64, 4 heads of 16, 2 K/V heads, I 128, V 100, 2 layers, untied,
  // use_qkv_bias, qk_layernorm (one LayerNorm without bias per head, for q and k heads).
  const std::string stablelm = R"({"model_type": "stablelm", "hidden_size": 64, "num_hidden_layers": 2,
    "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 100,
    "use_qkv_bias": true, "qk_layernorm": true, "tie_word_embeddings": false})";
  // Per layer: q 64·64 + k 64·32 + v 64·32 + o 64·64 = 12,288; q/k/v biases 64 + 32 + 32 = 128;
  // q/k norms 4·16 + 2·16 = 96; gated MLP 3·64·128 = 24,576; 2 LayerNorms with bias 2·2·64 = 256
  // -> 37,344, × 2 = 74,688. Embedding and head 2·100·64 = 12,800; final LayerNorm 128: 87,616.
  EXPECT_DOUBLE_EQ(raw(total_params(from_hf_config_json(stablelm, "s.json"))), 87616.0);
  // Persimmon: q/k LayerNorm over head_dim WITH bias, shared by the heads: 2 × 2·16 = 64 per layer.
  const std::string persimmon = R"({"model_type": "persimmon", "hidden_size": 64, "num_hidden_layers": 2,
    "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100})";
  // Per layer: q/k/v/o 4·64·64 = 16,384 + biases 3·64 + 64 = 256; q/k norms 64; plain MLP with
  // bias 2·64·128 + 128 + 64 = 16,576; 2 LayerNorms 256 -> 33,536, × 2 = 67,072; untied (PersimmonConfig
  // default) embedding and head 12,800; final LayerNorm 128: 80,000.
  const Transformer p = from_hf_config_json(persimmon, "p.json");
  EXPECT_EQ(p.ffn.kind, FfnKind::plain);
  EXPECT_DOUBLE_EQ(raw(total_params(p)), 80000.0);
  // Cohere's per-head q/k norms (weight only) in a parallel block with one norm.
  const std::string cohere = R"({"model_type": "cohere", "hidden_size": 64, "num_hidden_layers": 1,
    "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 100,
    "use_qk_norm": true})";
  // q/k/v/o 12,288 + q/k norms 64 + 32 = 96; gated MLP 24,576; one LayerNorm without bias 64 -> 37,024;
  // tied (CohereConfig default) embedding 6,400; final norm 64: 43,488.
  EXPECT_DOUBLE_EQ(raw(total_params(from_hf_config_json(cohere, "c.json"))), 43488.0);
}

TEST(HfModelTypes, CurrentTypesImportWithoutWarnings) {
  for (const char* file : {"granite__ibm-granite_granite-3.0-2b-instruct.json",
                           "granitemoe__ibm-granite_granite-3.1-3b-a800m-instruct.json",
                           "olmo3__complexly_olmo3-190m-zh-continue.json", "starcoder2__bigcode_starcoder2-3b.json",
                           "stablelm__stabilityai_stablelm-2-1_6b-chat.json",
                           "phimoe__rkumar1999_phi-tiny-moe-math-lean-sft.json", "nemotron__nvidia_Minitron-8B-Base.json"}) {
    SCOPED_TRACE(file);
    const HfImport imp = import_hf_config(real(file));
    EXPECT_TRUE(imp.model.warnings.empty());
    EXPECT_TRUE(imp.assumptions.empty());
    EXPECT_EQ(std::string(file).rfind(imp.model.model_type + "__", 0), 0u);
  }
  // StarCoder2 is a plain GELU MLP with biases everywhere and LayerNorm: 3B card 3.03B.
  const Transformer sc = from_hf_config(real("starcoder2__bigcode_starcoder2-3b.json"));
  EXPECT_EQ(sc.ffn.kind, FfnKind::plain);
  EXPECT_TRUE(sc.ffn.bias && sc.attention.qkv_bias && sc.attention.out_bias);
  EXPECT_EQ(sc.norm, NormKind::layernorm);
}

TEST(HfModelTypes, GptOssSinksAndBiasedExpertsAreCounted) {
  // gpt-oss-20b: H 2880, 24 layers, 64 heads of 64, 8 K/V heads, 32 experts of I 2880, top-4, V 201088.
  const Transformer m = from_hf_config(real("gpt_oss__openai_gpt-oss-20b.json"));
  EXPECT_TRUE(m.attention.sinks);
  // Per layer: q 2880·4096 + 4096, k and v 2·(2880·512 + 512), o 4096·2880 + 2880, sinks 64 = 26,550,144;
  // experts 32 × (gate_up 2880·5760 + 5760 + down 2880·2880 + 2880) = 32 × 24,891,840 = 796,538,880;
  // router 2880·32 + 32 = 92,192; 2 RMSNorms 5,760 -> 823,186,976, × 24 = 19,756,487,424.
  // Untied embedding and head 2·201088·2880 = 1,158,266,880; final norm 2,880: 20,914,757,184
  // (gpt-oss model card: 20.91B).
  const double attn = 2880.0 * 4096 + 4096 + 2 * (2880.0 * 512 + 512) + 4096.0 * 2880 + 2880 + 64;
  const double per_layer = attn + 32 * (2880.0 * 5760 + 5760 + 2880.0 * 2880 + 2880) + 2880.0 * 32 + 32 + 2 * 2880;
  EXPECT_DOUBLE_EQ(raw(total_params(m)), 24 * per_layer + 2 * 201088.0 * 2880 + 2880);
}

TEST(HfModelTypes, MultimodalConfigsCountTheirTextModel) {
  std::string text = read_text(real("gemma3_text__Creekside_gemma-3.json"));
  const Transformer text_only = from_hf_config_json(text, "g3.json");
  // The same text config wrapped as a Gemma3ForConditionalGeneration config.json.
  const std::string wrapped = R"({"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"],
    "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 1152}, "text_config": )" + text + "}";
  const HfImport imp = import_hf_config_json(wrapped, "g3mm.json");
  EXPECT_DOUBLE_EQ(raw(total_params(imp.model)), raw(total_params(text_only)));
  ASSERT_EQ(imp.model.warnings.size(), 1u);
  EXPECT_NE(imp.model.warnings[0].find("only the text model"), std::string::npos);
  EXPECT_TRUE(std::find(imp.ignored_keys.begin(), imp.ignored_keys.end(), "vision_config") != imp.ignored_keys.end());
}

TEST(HfModelTypes, GptOssFlopsAndKvCacheByHand) {
  const Transformer m = from_hf_config(real("gpt_oss__openai_gpt-oss-20b.json"));
  // Per layer, multiply-accumulates of the weights a token uses: q/k/v/o 2·2880·4096 + 2·2880·512,
  // 4 of 32 experts 4 · 3·2880·2880, router 32·2880 (biases and sinks are additions, not counted).
  const double macs = 24.0 * (2 * 2880.0 * 4096 + 2 * 2880.0 * 512 + 4 * 3 * 2880.0 * 2880 + 32 * 2880.0);
  // Attention at S = 2048, causal: 2 · 64 heads · (64 + 64) · 2048 / 2 per layer; logits 2 · 2880 · 201088.
  const double fwd = 2 * macs + 24.0 * 2 * 64 * 128 * 2048 / 2 + 2.0 * 2880 * 201088;
  EXPECT_DOUBLE_EQ(raw(forward_flops_per_token(m, token_count(2048))), fwd);
  // KV cache: 2 · 24 layers · 8 K/V heads · 64 · 2 B (the sliding window on half the layers is not modelled).
  EXPECT_DOUBLE_EQ(raw(kv_cache_bytes_per_token(m, Precision::bf16)), 2.0 * 24 * 8 * 64 * 2);
  ASSERT_TRUE(m.sliding_window.has_value());
  EXPECT_EQ(*m.sliding_window, 128);
  EXPECT_EQ(m.sliding_window_layers, 12);
}

TEST(HfModelTypes, Llama4InterleavesMoeLayersWithADenseWidthAndASharedExpert) {
  // A small Llama 4 text config: 4 layers, MoE every 2nd layer ((i + 1) % 2 == 0: layers 1 and 3),
  // dense layers of intermediate_size_mlp 96, 4 experts of 32 + one shared expert of 32, top-1.
  const std::string text = R"({"model_type": "llama4", "text_config": {"model_type": "llama4_text",
    "hidden_size": 16, "num_hidden_layers": 4, "num_attention_heads": 2, "num_key_value_heads": 1,
    "head_dim": 8, "vocab_size": 10, "intermediate_size": 32, "intermediate_size_mlp": 96,
    "num_local_experts": 4, "num_experts_per_tok": 1, "interleave_moe_layer_step": 2,
    "tie_word_embeddings": false}})";
  const Transformer m = from_hf_config_json(text, "l4.json");
  ASSERT_TRUE(m.moe.has_value());
  EXPECT_EQ(m.num_moe_layers(), 2);
  EXPECT_TRUE(m.is_moe_layer(1) && m.is_moe_layer(3) && !m.is_moe_layer(0));
  // Attention per layer: q 16·16 + k, v 2·16·8 + o 16·16 = 768; norms 2·16 = 32.
  // Dense layers: 3·16·96 = 4608. MoE layers: 4 experts + 1 shared × 3·16·32 = 5 × 1536 = 7680, router 4·16 = 64.
  // 4·(768 + 32) + 2·4608 + 2·(7680 + 64) + embedding and head 2·10·16 + final norm 16 = 27,920.
  EXPECT_DOUBLE_EQ(raw(total_params(m)), 4 * (768 + 32) + 2 * 4608 + 2 * (7680 + 64) + 2 * 10 * 16 + 16);
  // An explicit moe_layers list wins over the step.
  std::string listed = text;
  listed.insert(listed.find("\"tie_word_embeddings\""), "\"moe_layers\": [0], ");
  EXPECT_EQ(from_hf_config_json(listed, "l4.json").num_moe_layers(), 1);
}
