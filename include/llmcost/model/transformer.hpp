#pragma once
// File: llmcost/model/transformer.hpp
//
// A decoder-only Transformer as a plain value: sizes, attention (MHA, GQA/MQA or
// DeepSeek's multi-head latent attention, MLA), the FFN (dense gated/plain, or a
// mixture of experts with shared experts and dense layers), multi-token prediction
// (MTP) depth and parallel attention/MLP blocks. Every derived number (parameters,
// FLOPs, KV cache, memory) is a pure function of this value: see params.hpp,
// flops.hpp and memory.hpp. Build one from a Hugging Face config.json
// (hf_config.hpp) or take a sourced preset (presets.hpp).
//
// Shapes follow the Hugging Face `transformers` implementations of each model type
// (e.g. MLA: DeepseekV3Attention; MoE layer placement: DeepseekV3 `first_k_dense_replace`
// / `moe_layer_freq`, Qwen2-MoE `decoder_sparse_step` / `mlp_only_layers`).
//
//   const Transformer& m = llmcost::model_preset("deepseek-v3");
//   m.attention.kind == AttentionKind::mla;   // kv_lora_rank 512, qk_rope_head_dim 64
//   m.num_moe_layers();                        // 58 (first 3 layers dense)
#include <algorithm>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost {

/// How queries, keys and values are projected.
enum class AttentionKind {
  mha,  ///< multi-head: one K/V head per query head
  gqa,  ///< grouped-query: num_kv_heads divides num_heads (MQA is num_kv_heads == 1)
  mla,  ///< DeepSeek multi-head latent attention (low-rank compressed KV)
};
/// "mha", "gqa", "mla".
constexpr std::string_view to_string(AttentionKind k) noexcept {
  switch (k) {
    case AttentionKind::mha: return "mha";
    case AttentionKind::gqa: return "gqa";
    case AttentionKind::mla: return "mla";
  }
  return "mha";
}

/// Dense MLP shape.
enum class FfnKind {
  gated,  ///< SwiGLU/GeGLU: gate, up and down matrices (3·H·I)
  plain,  ///< GELU/ReLU: up and down matrices (2·H·I)
};
/// "gated", "plain".
constexpr std::string_view to_string(FfnKind k) noexcept { return k == FfnKind::gated ? "gated" : "plain"; }

/// Activation of the MLP. Informative: an activation has no parameters and its elementwise
/// work is not counted as FLOPs; what changes a count is the FfnKind (gated: 3 matrices).
enum class Activation {
  silu,       ///< SiLU/Swish (SwiGLU when gated)
  gelu,       ///< exact GELU (GeGLU when gated)
  gelu_tanh,  ///< tanh-approximated GELU ("gelu_new", "gelu_pytorch_tanh")
  relu,
  relu2,      ///< squared ReLU (Nemotron, Persimmon, Arcee)
  xielu,      ///< xIELU (Apertus)
  other,      ///< any other name the config gives
};
/// "silu", "gelu", "gelu_tanh", "relu", "relu2", "xielu", "other".
constexpr std::string_view to_string(Activation a) noexcept {
  switch (a) {
    case Activation::silu: return "silu";
    case Activation::gelu: return "gelu";
    case Activation::gelu_tanh: return "gelu_tanh";
    case Activation::relu: return "relu";
    case Activation::relu2: return "relu2";
    case Activation::xielu: return "xielu";
    case Activation::other: return "other";
  }
  return "other";
}

/// Position encoding. Only `learned` adds parameters (a table of positions × hidden).
enum class PositionKind { rotary, learned, alibi, none };
/// "rotary", "learned", "alibi", "none".
constexpr std::string_view to_string(PositionKind k) noexcept {
  switch (k) {
    case PositionKind::rotary: return "rotary";
    case PositionKind::learned: return "learned";
    case PositionKind::alibi: return "alibi";
    case PositionKind::none: return "none";
  }
  return "none";
}

/// Normalisation layer, which sets its parameter count per norm.
enum class NormKind {
  rmsnorm,            ///< weight only: H
  layernorm,          ///< weight and bias: 2·H
  layernorm_no_bias,  ///< weight only: H (MPT `no_bias`)
  nonparametric,      ///< no parameters (OLMo-1)
};
/// "rmsnorm", "layernorm", "layernorm_no_bias", "nonparametric".
constexpr std::string_view to_string(NormKind k) noexcept {
  switch (k) {
    case NormKind::rmsnorm: return "rmsnorm";
    case NormKind::layernorm: return "layernorm";
    case NormKind::layernorm_no_bias: return "layernorm_no_bias";
    case NormKind::nonparametric: return "nonparametric";
  }
  return "rmsnorm";
}

/// Normalisation of queries and keys inside attention.
enum class QkNorm {
  none,
  per_head,  ///< one norm of head_dim each for q and k (Qwen3): 2·d
  full,      ///< q norm over heads·d, k norm over kv_heads·d (OLMo-2)
};

/// Attention block shape.
struct Attention {
  AttentionKind kind = AttentionKind::mha;
  int num_heads = 0;     ///< query heads
  int num_kv_heads = 0;  ///< K/V heads (MHA: = num_heads; MLA: = num_heads, informative)
  int head_dim = 0;      ///< MHA/GQA head size (may differ from hidden/heads, e.g. Gemma 2)
  // MLA only (DeepSeek-V2/V3):
  std::optional<int> q_lora_rank;  ///< absent: queries are projected directly (V2-Lite)
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
  bool qkv_bias = false;  ///< biases on the Q/K/V projections (Qwen2, GPT-2, BLOOM, ...)
  bool out_bias = false;  ///< bias on the output projection
  QkNorm qk_norm = QkNorm::none;
  /// Kind of the q/k norms when it differs from the model's norm (Cohere and StableLM: LayerNorm
  /// without bias in a LayerNorm model; Persimmon: LayerNorm with bias). Absent: Transformer::norm.
  std::optional<NormKind> qk_norm_kind;
  bool sinks = false;  ///< one learned attention-sink logit per head (gpt-oss): num_heads parameters
  /// Mixture of attention heads (JetMoE MoA): `experts` query/output projection pairs, each
  /// num_kv_heads·head_dim wide, of which `experts_top_k` serve a token (num_heads = num_kv_heads ·
  /// experts_top_k); K/V are shared (one projection); a router of experts·H and an output bias of H
  /// (out_bias). 0: ordinary attention.
  int experts = 0;
  int experts_top_k = 0;
  /// Fraction of each head's dimensions that get rotary embedding (informative: no parameters).
  double rotary_fraction = 1.0;
  /// Per-head size of queries and keys: head_dim, or nope + rope for MLA (summed in 64 bits).
  [[nodiscard]] long long qk_head_dim() const noexcept {
    return kind == AttentionKind::mla ? static_cast<long long>(qk_nope_head_dim) + qk_rope_head_dim : head_dim;
  }
  /// Per-head size of values: head_dim, or v_head_dim for MLA.
  [[nodiscard]] int value_head_dim() const noexcept {
    return kind == AttentionKind::mla ? v_head_dim : head_dim;
  }
};

/// A dense MLP (also the shape of each expert, with the expert's intermediate size).
struct Ffn {
  FfnKind kind = FfnKind::gated;
  int intermediate_size = 0;  ///< I
  bool bias = false;          ///< biases on the MLP matrices
  Activation activation = Activation::silu;  ///< informative (see Activation)
};

/// Mixture-of-experts layers and which layers stay dense.
/// Layer i (0-based) is MoE iff i >= first_k_dense, i is not in dense_layers, and
/// (i + layer_freq_offset) % layer_freq == 0. DeepSeek: offset 0 (`moe_layer_freq`);
/// Qwen-MoE: offset 1 (`(i + 1) % decoder_sparse_step == 0`).
struct Moe {
  int num_routed_experts = 0;        ///< E
  int num_shared_experts = 0;        ///< always-active experts (DeepSeek 1–2, Qwen2-MoE 1)
  int top_k = 0;                     ///< routed experts per token
  int expert_intermediate_size = 0;  ///< I of one routed expert
  int shared_expert_intermediate_size = 0;  ///< I of one shared expert (0: = expert size)
  bool shared_expert_gate = false;   ///< Qwen2-MoE sigmoid gate, H parameters
  bool router_bias = false;          ///< DeepSeek-V3 `e_score_correction_bias`, E parameters
  int first_k_dense = 0;             ///< the first k layers are dense
  int layer_freq = 1;                ///< every layer_freq-th layer is MoE
  int layer_freq_offset = 0;
  std::vector<int> dense_layers;     ///< explicit dense layers (Qwen `mlp_only_layers`)
  bool output_bias = false;          ///< one bias of H on each MoE layer's output (JetMoE)

  /// I of one shared expert.
  [[nodiscard]] int shared_intermediate() const noexcept {
    return shared_expert_intermediate_size > 0 ? shared_expert_intermediate_size
                                               : expert_intermediate_size;
  }
};

/// Accepted ranges of a Transformer's sizes (Transformer::validate, the HF importer). Generous
/// physical bounds, far above every published model (DeepSeek-V3: hidden 7,168, 61 layers,
/// 128 heads, 256 experts; Llama 3.1: vocab 128,256, context 131,072), that keep every
/// derived count finite and every loop over layers short.
namespace model_limits {
inline constexpr int max_hidden_size = 1'000'000;          ///< H
inline constexpr int max_layers = 10'000;                  ///< L (also MTP depth, first-k-dense, layer frequency)
inline constexpr int max_heads = 100'000;                  ///< attention and K/V heads
inline constexpr int max_head_dim = 100'000;               ///< head_dim, MLA qk_nope/qk_rope/v head dims
inline constexpr int max_lora_rank = 1'000'000;            ///< MLA q/kv LoRA ranks
inline constexpr int max_vocab_size = 100'000'000;         ///< V
inline constexpr int max_intermediate_size = 10'000'000;   ///< dense, expert and shared-expert I
inline constexpr int max_experts = 100'000;                ///< routed and shared experts, top-k
inline constexpr int max_positions = 100'000'000;          ///< context length, learned positions, sliding window
inline constexpr int max_norms_per_layer = 16;
}  // namespace model_limits

/// A decoder-only Transformer language model.
struct Transformer {
  std::string name;        ///< e.g. "deepseek-v3"
  std::string model_type;  ///< Hugging Face model_type, e.g. "deepseek_v3"
  int num_layers = 0;      ///< L
  int hidden_size = 0;     ///< H
  int vocab_size = 0;      ///< V
  bool tie_embeddings = false;  ///< the LM head reuses the token embedding
  bool lm_head_bias = false;    ///< GPT-J
  PositionKind positions = PositionKind::rotary;
  int learned_positions = 0;    ///< rows of a learned position table (OPT: max + 2)
  std::optional<int> max_position_embeddings;  ///< context length the model supports [tok]
  NormKind norm = NormKind::rmsnorm;
  int norms_per_layer = 2;      ///< 1 for GPT-J/Falcon-7B parallel blocks, 4 for Gemma 2
  bool embedding_norm = false;  ///< BLOOM word_embeddings_layernorm
  bool final_norm = true;
  Attention attention;
  Ffn ffn;                      ///< the dense MLP (all layers when !moe; dense layers otherwise)
  std::optional<Moe> moe;
  int mtp_depth = 0;            ///< DeepSeek-V3 `num_nextn_predict_layers`
  bool parallel_blocks = false; ///< attention and MLP read the same input (GPT-J, Falcon, NeoX)
  std::optional<int> sliding_window;  ///< informative; KV/FLOP counts assume full attention
  /// Informative: how many layers use the sliding window (absent: all, when sliding_window is set).
  std::optional<int> sliding_window_layers;
  std::vector<std::string> warnings;  ///< notes from import (unknown model_type, ...)

  /// True when layer `i` (0-based) is an MoE layer.
  [[nodiscard]] bool is_moe_layer(int i) const noexcept;
  /// Number of MoE layers (0 for a dense model).
  [[nodiscard]] int num_moe_layers() const noexcept;
  /// Number of dense-FFN layers.
  [[nodiscard]] int num_dense_layers() const noexcept { return num_layers - num_moe_layers(); }

  /// Checks every size and relation (positive sizes, heads dividing hidden where the
  /// head size is implied, kv heads dividing heads, top-k <= experts, first_k_dense and
  /// mtp_depth <= num_layers, dense_layers within [0, num_layers), ...).
  /// Throws invalid_input [llmcost.model.inconsistent] naming the field and its value, or
  /// [llmcost.model.out_of_range] for a size above its model_limits bound.
  void validate() const;
};

namespace detail {
/// (i + offset) mod freq == 0, without overflow for any int values.
constexpr bool on_layer_frequency(int i, int offset, int freq) noexcept {
  return (static_cast<long long>(i) + offset) % freq == 0;
}

/// The model's name in messages, formatted only when a check fails (no allocation on success).
struct ModelName {
  const std::string& n;
};
inline std::ostream& operator<<(std::ostream& os, const ModelName& w) {
  return w.n.empty() ? os << "model" : os << "model " << quoted(w.n);
}
}  // namespace detail

inline bool Transformer::is_moe_layer(int i) const noexcept {
  if (!moe || i < 0 || i >= num_layers) return false;
  if (i < moe->first_k_dense) return false;
  if (std::find(moe->dense_layers.begin(), moe->dense_layers.end(), i) != moe->dense_layers.end()) return false;
  const int freq = moe->layer_freq > 0 ? moe->layer_freq : 1;
  return detail::on_layer_frequency(i, moe->layer_freq_offset, freq);
}

inline int Transformer::num_moe_layers() const noexcept {
  if (!moe) return 0;
  // Closed form: i in [first_k_dense, L) with (i + offset) % freq == 0 ...
  const long long freq = moe->layer_freq > 0 ? moe->layer_freq : 1;
  const long long first = moe->first_k_dense < 0 ? 0 : moe->first_k_dense;
  if (first >= num_layers) return 0;
  const long long off = ((moe->layer_freq_offset % freq) + freq) % freq;
  const long long first_hit = (freq - off) % freq;  // smallest i >= 0 with (i + offset) % freq == 0
  auto up_to = [&](long long n_layers) {             // count of such i in [0, n_layers)
    return n_layers > first_hit ? (n_layers - 1 - first_hit) / freq + 1 : 0;
  };
  long long n = up_to(num_layers) - up_to(first);
  // ... less the explicit dense layers the rule would have made MoE, each counted once.
  const auto& d = moe->dense_layers;
  for (std::size_t j = 0; j < d.size(); ++j) {
    const int i = d[j];
    if (i < first || i >= num_layers || !detail::on_layer_frequency(i, moe->layer_freq_offset, static_cast<int>(freq))) continue;
    if (std::find(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(j), i) != d.begin() + static_cast<std::ptrdiff_t>(j))
      continue;
    --n;
  }
  return static_cast<int>(n);
}

inline void Transformer::validate() const {
  constexpr const char* tag = "llmcost.model.inconsistent";
  constexpr const char* range_tag = "llmcost.model.out_of_range";
  namespace lim = model_limits;
  const detail::ModelName who{name};
  auto positive = [&](long long v, const char* field) {
    LLMCOST_REQUIRE(v > 0, invalid_input, tag, who, ": ", field, " = ", v, " must be > 0");
  };
  auto non_negative = [&](long long v, const char* field) {
    LLMCOST_REQUIRE(v >= 0, invalid_input, tag, who, ": ", field, " = ", v, " must be >= 0");
  };
  auto at_most = [&](long long v, long long lo, long long max, const char* field) {
    LLMCOST_REQUIRE(v <= max, invalid_input, range_tag, who, ": ", field, " = ", v,
                    " is outside the accepted range [", lo, ", ", max, "]");
  };
  auto size = [&](long long v, long long max, const char* field) {  // a size in [1, max]
    positive(v, field);
    at_most(v, 1, max, field);
  };
  auto count = [&](long long v, long long max, const char* field) {  // a count in [0, max]
    non_negative(v, field);
    at_most(v, 0, max, field);
  };
  size(num_layers, lim::max_layers, "num_layers");
  size(hidden_size, lim::max_hidden_size, "hidden_size");
  size(vocab_size, lim::max_vocab_size, "vocab_size");
  size(attention.num_heads, lim::max_heads, "attention.num_heads");
  count(norms_per_layer, lim::max_norms_per_layer, "norms_per_layer");
  count(learned_positions, lim::max_positions + 2LL, "learned_positions");  // OPT keeps 2 extra rows
  non_negative(mtp_depth, "mtp_depth");
  LLMCOST_REQUIRE(mtp_depth <= num_layers, invalid_input, tag, who, ": mtp_depth = ", mtp_depth,
                  " exceeds num_layers = ", num_layers, " (each MTP module is one extra layer)");
  if (attention.kind == AttentionKind::mla) {
    size(attention.kv_lora_rank, lim::max_lora_rank, "attention.kv_lora_rank");
    size(attention.qk_rope_head_dim, lim::max_head_dim, "attention.qk_rope_head_dim");
    size(attention.v_head_dim, lim::max_head_dim, "attention.v_head_dim");
    count(attention.qk_nope_head_dim, lim::max_head_dim, "attention.qk_nope_head_dim");
    if (attention.q_lora_rank) size(*attention.q_lora_rank, lim::max_lora_rank, "attention.q_lora_rank");
  } else {
    size(attention.head_dim, lim::max_head_dim, "attention.head_dim");
    size(attention.num_kv_heads, lim::max_heads, "attention.num_kv_heads");
    LLMCOST_REQUIRE(attention.num_heads % attention.num_kv_heads == 0, invalid_input, tag, who,
                    ": num_kv_heads = ", attention.num_kv_heads, " does not divide num_heads = ",
                    attention.num_heads);
  }
  count(attention.experts, lim::max_experts, "attention.experts");
  if (attention.experts > 0) {
    size(attention.experts_top_k, attention.experts, "attention.experts_top_k");
    LLMCOST_REQUIRE(static_cast<long long>(attention.num_kv_heads) * attention.experts_top_k == attention.num_heads,
                    invalid_input, tag, who, ": num_heads = ", attention.num_heads,
                    " must be num_kv_heads × attention.experts_top_k = ", attention.num_kv_heads, " × ",
                    attention.experts_top_k, " with a mixture of attention heads");
  }
  count(ffn.intermediate_size, lim::max_intermediate_size, "ffn.intermediate_size");
  if (moe) {
    size(moe->num_routed_experts, lim::max_experts, "moe.num_routed_experts");
    size(moe->top_k, lim::max_experts, "moe.top_k");
    size(moe->expert_intermediate_size, lim::max_intermediate_size, "moe.expert_intermediate_size");
    size(moe->layer_freq, lim::max_layers, "moe.layer_freq");
    LLMCOST_REQUIRE(moe->top_k <= moe->num_routed_experts, invalid_input, tag, who, ": moe.top_k = ",
                    moe->top_k, " exceeds moe.num_routed_experts = ", moe->num_routed_experts);
    count(moe->num_shared_experts, lim::max_experts, "moe.num_shared_experts");
    count(moe->shared_expert_intermediate_size, lim::max_intermediate_size, "moe.shared_expert_intermediate_size");
    count(moe->layer_freq_offset, lim::max_layers, "moe.layer_freq_offset");
    non_negative(moe->first_k_dense, "moe.first_k_dense");
    LLMCOST_REQUIRE(moe->first_k_dense <= num_layers, invalid_input, tag, who, ": moe.first_k_dense = ",
                    moe->first_k_dense, " exceeds num_layers = ", num_layers);
    LLMCOST_REQUIRE(moe->dense_layers.size() <= static_cast<std::size_t>(num_layers), invalid_input, tag, who,
                    ": moe.dense_layers lists ", moe->dense_layers.size(), " layers, more than num_layers = ",
                    num_layers);
    for (int i : moe->dense_layers)
      LLMCOST_REQUIRE(i >= 0 && i < num_layers, invalid_input, tag, who, ": moe.dense_layers holds layer ", i,
                      ", outside [0, ", num_layers - 1, "]");
  }
  const bool needs_dense_ffn = !moe || num_dense_layers() > 0;
  if (needs_dense_ffn) positive(ffn.intermediate_size, "ffn.intermediate_size");
  if (max_position_embeddings) size(*max_position_embeddings, lim::max_positions, "max_position_embeddings");
  if (sliding_window) size(*sliding_window, lim::max_positions, "sliding_window");
}

}  // namespace llmcost
