#include "llmcost/model/transformer.hpp"

#include <algorithm>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

#include <ostream>

namespace llmcost {
namespace {
// The model's name in messages, formatted only when a check fails (no allocation on success).
struct ModelName {
  const std::string& n;
};
std::ostream& operator<<(std::ostream& os, const ModelName& w) {
  return w.n.empty() ? os << "model" : os << "model " << detail::quoted(w.n);
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

namespace {
// (i + offset) mod freq == 0, without overflow for any int values.
bool on_frequency(int i, int offset, int freq) noexcept {
  return (static_cast<long long>(i) + offset) % freq == 0;
}
}  // namespace

bool Transformer::is_moe_layer(int i) const noexcept {
  if (!moe || i < 0 || i >= num_layers) return false;
  if (i < moe->first_k_dense) return false;
  if (std::find(moe->dense_layers.begin(), moe->dense_layers.end(), i) != moe->dense_layers.end()) return false;
  const int freq = moe->layer_freq > 0 ? moe->layer_freq : 1;
  return on_frequency(i, moe->layer_freq_offset, freq);
}

int Transformer::num_moe_layers() const noexcept {
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
    if (i < first || i >= num_layers || !on_frequency(i, moe->layer_freq_offset, static_cast<int>(freq))) continue;
    if (std::find(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(j), i) != d.begin() + static_cast<std::ptrdiff_t>(j))
      continue;
    --n;
  }
  return static_cast<int>(n);
}

void Transformer::validate() const {
  constexpr const char* tag = "llmcost.model.inconsistent";
  constexpr const char* range_tag = "llmcost.model.out_of_range";
  namespace lim = model_limits;
  const ModelName who{name};
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
