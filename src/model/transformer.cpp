#include "llmcost/model/transformer.hpp"

#include <algorithm>

#include "llmcost/error.hpp"

#include <ostream>

namespace llmcost {
namespace {
// The model's name in messages, formatted only when a check fails (no allocation on success).
struct ModelName {
  const std::string& n;
};
std::ostream& operator<<(std::ostream& os, const ModelName& w) {
  return w.n.empty() ? os << "model" : os << "model \"" << w.n << "\"";
}
}  // namespace

std::string_view to_string(AttentionKind k) noexcept {
  switch (k) {
    case AttentionKind::mha: return "mha";
    case AttentionKind::gqa: return "gqa";
    case AttentionKind::mla: return "mla";
  }
  return "mha";
}

std::string_view to_string(FfnKind k) noexcept { return k == FfnKind::gated ? "gated" : "plain"; }

std::string_view to_string(PositionKind k) noexcept {
  switch (k) {
    case PositionKind::rotary: return "rotary";
    case PositionKind::learned: return "learned";
    case PositionKind::alibi: return "alibi";
    case PositionKind::none: return "none";
  }
  return "none";
}

std::string_view to_string(NormKind k) noexcept {
  switch (k) {
    case NormKind::rmsnorm: return "rmsnorm";
    case NormKind::layernorm: return "layernorm";
    case NormKind::layernorm_no_bias: return "layernorm_no_bias";
    case NormKind::nonparametric: return "nonparametric";
  }
  return "rmsnorm";
}

bool Transformer::is_moe_layer(int i) const noexcept {
  if (!moe || i < 0 || i >= num_layers) return false;
  if (i < moe->first_k_dense) return false;
  if (std::find(moe->dense_layers.begin(), moe->dense_layers.end(), i) != moe->dense_layers.end()) return false;
  const int freq = moe->layer_freq > 0 ? moe->layer_freq : 1;
  return (i + moe->layer_freq_offset) % freq == 0;
}

int Transformer::num_moe_layers() const noexcept {
  if (!moe) return 0;
  if (!moe->dense_layers.empty()) {
    int n = 0;
    for (int i = 0; i < num_layers; ++i) n += is_moe_layer(i) ? 1 : 0;
    return n;
  }
  // Closed form: i in [first_k_dense, L) with (i + offset) % freq == 0.
  const int freq = moe->layer_freq > 0 ? moe->layer_freq : 1;
  const int first = moe->first_k_dense < 0 ? 0 : moe->first_k_dense;
  if (first >= num_layers) return 0;
  auto up_to = [&](int n_layers) {  // count of i in [0, n_layers) with (i + offset) % freq == 0
    const int off = moe->layer_freq_offset % freq;
    const int first_hit = (freq - off) % freq;
    return n_layers > first_hit ? (n_layers - 1 - first_hit) / freq + 1 : 0;
  };
  return up_to(num_layers) - up_to(first);
}

void Transformer::validate() const {
  constexpr const char* tag = "llmcost.model.inconsistent";
  const ModelName who{name};
  auto positive = [&](int v, const char* field) {
    LLMCOST_REQUIRE(v > 0, invalid_input, tag, who, ": ", field, " = ", v, " must be > 0");
  };
  positive(num_layers, "num_layers");
  positive(hidden_size, "hidden_size");
  positive(vocab_size, "vocab_size");
  positive(attention.num_heads, "attention.num_heads");
  LLMCOST_REQUIRE(norms_per_layer >= 0 && mtp_depth >= 0 && learned_positions >= 0, invalid_input, tag, who,
                  ": norms_per_layer, mtp_depth and learned_positions must be >= 0");
  if (attention.kind == AttentionKind::mla) {
    positive(attention.kv_lora_rank, "attention.kv_lora_rank");
    positive(attention.qk_rope_head_dim, "attention.qk_rope_head_dim");
    positive(attention.v_head_dim, "attention.v_head_dim");
    LLMCOST_REQUIRE(attention.qk_nope_head_dim >= 0, invalid_input, tag, who,
                    ": attention.qk_nope_head_dim = ", attention.qk_nope_head_dim, " must be >= 0");
    if (attention.q_lora_rank) positive(*attention.q_lora_rank, "attention.q_lora_rank");
  } else {
    positive(attention.head_dim, "attention.head_dim");
    positive(attention.num_kv_heads, "attention.num_kv_heads");
    LLMCOST_REQUIRE(attention.num_heads % attention.num_kv_heads == 0, invalid_input, tag, who,
                    ": num_kv_heads = ", attention.num_kv_heads, " does not divide num_heads = ",
                    attention.num_heads);
  }
  const bool needs_dense_ffn = !moe || num_dense_layers() > 0;
  if (needs_dense_ffn) positive(ffn.intermediate_size, "ffn.intermediate_size");
  if (moe) {
    positive(moe->num_routed_experts, "moe.num_routed_experts");
    positive(moe->top_k, "moe.top_k");
    positive(moe->expert_intermediate_size, "moe.expert_intermediate_size");
    positive(moe->layer_freq, "moe.layer_freq");
    LLMCOST_REQUIRE(moe->top_k <= moe->num_routed_experts, invalid_input, tag, who, ": moe.top_k = ",
                    moe->top_k, " exceeds moe.num_routed_experts = ", moe->num_routed_experts);
    LLMCOST_REQUIRE(moe->num_shared_experts >= 0 && moe->first_k_dense >= 0 &&
                        moe->shared_expert_intermediate_size >= 0 && moe->layer_freq_offset >= 0,
                    invalid_input, tag, who, ": moe counts must be >= 0");
  }
  LLMCOST_REQUIRE(!max_position_embeddings || *max_position_embeddings > 0, invalid_input, tag, who,
                  ": max_position_embeddings = ", max_position_embeddings.value_or(0), " must be > 0");
}

}  // namespace llmcost
