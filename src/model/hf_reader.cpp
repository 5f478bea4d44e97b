#include "model/hf_reader.hpp"

#include <algorithm>
#include <unordered_map>

namespace llmcost::detail::hf {

// The largest value each size key may take (model_limits in transformer.hpp): generous
// physical bounds that keep every derived count finite and every loop over layers short.
double max_of(std::string_view key) {
  namespace lim = model_limits;
  struct Limit {
    std::initializer_list<const char*> keys;
    double max;
  };
  static const Limit limits[] = {
      {{"hidden_size", "n_embd", "d_model", "n_embed", "word_embed_proj_dim"}, lim::max_hidden_size},
      {{"kv_channels", "attn_config.kv_n_heads"}, lim::max_heads},
      {{"num_hidden_layers", "n_layer", "n_layers", "num_layers", "first_k_dense_replace", "moe_layer_freq",
        "decoder_sparse_step", "num_nextn_predict_layers", "interleave_moe_layer_step", "moe_layer_frequency"},
       lim::max_layers},
      {{"num_attention_heads", "n_head", "n_heads", "num_heads", "num_key_value_heads", "num_kv_heads", "n_head_kv",
        "kv_n_heads"},
       lim::max_heads},
      {{"head_dim", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim", "kv_channels"}, lim::max_head_dim},
      {{"q_lora_rank", "kv_lora_rank"}, lim::max_lora_rank},
      {{"vocab_size", "padded_vocab_size"}, lim::max_vocab_size},
      {{"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size", "moe_intermediate_size",
        "shared_expert_intermediate_size", "shared_intermediate_size", "intermediate_size_mlp",
        "ffn_config.ffn_hidden_size"},
       lim::max_intermediate_size},
      {{"n_routed_experts", "num_local_experts", "num_experts", "num_experts_per_tok", "num_selected_experts", "top_k",
        "n_shared_experts", "num_routed_experts", "num_shared_experts", "experts_per_token",
        "ffn_config.moe_num_experts", "ffn_config.moe_top_k", "multi_query_group_num"},
       lim::max_experts},
      {{"max_position_embeddings", "n_positions", "max_seq_len", "max_sequence_length", "seq_length", "sliding_window",
        "attention_chunk_size", "window_size"},
       lim::max_positions},
      {{"num_ln_in_parallel_attn"}, lim::max_norms_per_layer},
  };
  // Looked up once per size read: a hash map built once (the first group naming a key wins).
  static const std::unordered_map<std::string_view, double> by_key = [] {
    std::unordered_map<std::string_view, double> m;
    for (const auto& l : limits)
      for (const char* k : l.keys) m.emplace(k, l.max);
    return m;
  }();
  const auto it = by_key.find(key);
  return it == by_key.end() ? 1e9 : it->second;  // any other size: still far inside an int
}

// line:column (1-based) of byte offset `pos` in `text`.
std::string line_col(std::string_view text, std::size_t pos) {
  pos = std::min(pos, text.size());
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return detail::concat(line, ":", col);
}

}  // namespace llmcost::detail::hf
