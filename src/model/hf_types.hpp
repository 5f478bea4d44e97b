#pragma once
// Private: the rows of data/hf_model_types.toml (one per Hugging Face model_type), parsed once.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/model/transformer.hpp"

namespace llmcost::detail::hf {

/// What a config key (or its aliases) supplies. The order is the one of the table's [keys].
enum class Field {
  hidden_size, num_layers, num_heads, num_kv_heads, head_dim, vocab_size, context, intermediate_size, tie,
  rotary_fraction, sliding_window, use_sliding_window, layer_types, sliding_window_pattern, mtp, q_lora_rank,
  kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim, v_head_dim, experts, top_k, expert_size, shared_experts,
  shared_expert_size, first_k_dense, layer_freq, dense_layers, moe_layers, dense_size, learned_positions,
  count_
};
inline constexpr std::size_t kFields = static_cast<std::size_t>(Field::count_);
/// The table's name of `f` ("hidden_size", ...).
std::string_view field_name(Field f);

using KeyList = std::vector<std::string>;

/// A yes/no property: fixed, or read from a config key with the class default.
struct Switch {
  bool fixed = false;
  std::string key;  ///< empty: `fixed`
  bool default_value = false;
};

struct MoeRow {
  std::array<KeyList, kFields> keys{};  ///< only the MoE fields are used
  bool shared_expert_gate = false;
  int shared_experts_fixed = 0;  ///< always-present shared experts (Llama 4: 1)
  std::optional<Switch> residual_mlp;
  bool router_bias = false;
  std::string router_bias_key, router_bias_equals;  ///< router bias iff key's value equals this
  int layer_freq_offset = 0;
  bool output_bias = false;
};

struct TypeRow {
  std::string model_type;
  std::string source;
  std::string reader = "decoder";
  std::string text_type;  ///< reader "text_config"
  std::string missing;    ///< reader "unsupported"
  std::vector<std::string> architectures;
  /// Layouts of this model_type that are not modelled: a config holding `key` is refused naming `missing`.
  std::vector<std::pair<std::string, std::string>> unsupported_variants;  ///< architecture classes that identify a config without model_type
  std::array<KeyList, kFields> keys{};  ///< [keys] with this row's overrides
  std::array<std::optional<double>, kFields> defaults{};
  bool tie = true;
  FfnKind mlp = FfnKind::gated;
  Activation activation = Activation::silu;
  NormKind norm = NormKind::rmsnorm;
  int norms_per_layer = 2;
  int parallel_norms = 1;
  Switch qkv_bias, out_bias, mlp_bias, lm_head_bias, parallel, qk_norm_on{true, {}, false}, kv_heads_on{true, {}, false};
  QkNorm qk_norm = QkNorm::none;
  std::optional<NormKind> qk_norm_kind;
  bool mla = false;
  bool sinks = false;
  bool sliding = false;
  bool mtp = false;
  bool learned_positions = false;
  int learned_offset = 0;
  int intermediate_per_hidden = 0;
  std::optional<MoeRow> moe;
};

struct Table {
  std::vector<TypeRow> rows;
  std::array<KeyList, kFields> default_keys{};
  /// (shape name, config key) pairs of [shape_keys].
  std::vector<std::pair<std::string, std::string>> shape_keys;
};

/// The parsed table (data/hf_model_types.toml, embedded). Throws invalid_input
/// [llmcost.model.invalid_type_table] when the embedded file is malformed.
const Table& table();
/// The row of `model_type`, or nullptr.
const TypeRow* find_row(std::string_view model_type);

}  // namespace llmcost::detail::hf
