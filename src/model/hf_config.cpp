#include "llmcost/model/hf_config.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/suggest.hpp"
#include "common/text_file.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

using json = nlohmann::json;
using Keys = std::initializer_list<const char*>;

constexpr const char* kMalformed = "llmcost.model.malformed_config";
constexpr const char* kMissing = "llmcost.model.missing_key";
constexpr const char* kInvalid = "llmcost.model.invalid_value";
constexpr const char* kInconsistent = "llmcost.model.inconsistent";
constexpr const char* kOutOfRange = "llmcost.hf_config.out_of_range";

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
      {{"num_hidden_layers", "n_layer", "n_layers", "num_layers", "first_k_dense_replace", "moe_layer_freq",
        "decoder_sparse_step", "num_nextn_predict_layers"},
       lim::max_layers},
      {{"num_attention_heads", "n_head", "n_heads", "num_heads", "num_key_value_heads", "num_kv_heads", "n_head_kv",
        "kv_n_heads"},
       lim::max_heads},
      {{"head_dim", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"}, lim::max_head_dim},
      {{"q_lora_rank", "kv_lora_rank"}, lim::max_lora_rank},
      {{"vocab_size", "padded_vocab_size"}, lim::max_vocab_size},
      {{"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size", "moe_intermediate_size",
        "shared_expert_intermediate_size"},
       lim::max_intermediate_size},
      {{"n_routed_experts", "num_local_experts", "num_experts", "num_experts_per_tok", "num_selected_experts", "top_k",
        "n_shared_experts"},
       lim::max_experts},
      {{"max_position_embeddings", "n_positions", "max_seq_len", "max_sequence_length", "seq_length", "sliding_window"},
       lim::max_positions},
      {{"num_ln_in_parallel_attn"}, lim::max_norms_per_layer},
  };
  for (const auto& l : limits)
    for (const char* k : l.keys)
      if (key == k) return l.max;
  return 1e9;  // any other size: still far inside an int
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

// Reads one config object; every error names origin:line:col and the key.
class Reader {
 public:
  Reader(const json& obj, std::string_view text, std::string_view origin)
      : obj_(obj), text_(text), origin_(detail::escaped(origin)) {}

  // Where `"key":` first appears in the text (config keys are unique per level in practice).
  [[nodiscard]] std::string where(std::string_view key) const {
    const std::string quoted = "\"" + std::string(key) + "\"";
    for (std::size_t p = text_.find(quoted); p != std::string_view::npos; p = text_.find(quoted, p + 1)) {
      std::size_t q = p + quoted.size();
      while (q < text_.size() && std::isspace(static_cast<unsigned char>(text_[q]))) ++q;
      if (q < text_.size() && text_[q] == ':') return origin_ + ":" + line_col(text_, p);
    }
    return origin_;
  }

  [[nodiscard]] const json* get(std::string_view key) const {
    auto it = obj_.find(std::string(key));
    if (it == obj_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  [[nodiscard]] bool has(std::string_view key) const { return get(key) != nullptr; }

  // The first present key of `keys`, or nullptr.
  [[nodiscard]] const char* first(Keys keys) const {
    for (const char* k : keys)
      if (has(k)) return k;
    return nullptr;
  }

  [[noreturn]] void fail(const char* tag, std::string_view key, const std::string& msg) const {
    throw invalid_input(tag, detail::concat(where(key), ": \"", key, "\" ", msg));
  }

  [[nodiscard]] double number(std::string_view key) const {
    const json* v = get(key);
    if (!v->is_number()) fail(kInvalid, key, detail::concat("must be a number, got ", detail::escaped(v->dump(), 200)));
    const double x = v->get<double>();
    if (!std::isfinite(x)) fail(kInvalid, key, "must be finite");
    return x;
  }

  // A whole number > 0 (a count or a size), at most max_of(key).
  [[nodiscard]] int size_at(std::string_view key, bool allow_zero = false) const {
    const double x = number(key);
    if (x != std::floor(x)) fail(kInvalid, key, detail::concat("= ", x, " must be a whole number"));
    if (x < 0 || (!allow_zero && x == 0))
      fail(kInconsistent, key, detail::concat("= ", x, " must be ", allow_zero ? ">= 0" : "> 0"));
    out_of_range_unless(key, x, allow_zero ? 0 : 1, max_of(key));
    return static_cast<int>(x);
  }

  // Throws [llmcost.hf_config.out_of_range] naming the key, its value and the accepted range.
  void out_of_range_unless(std::string_view key, double x, double lo, double hi) const {
    if (!(x >= lo && x <= hi))
      throw invalid_input(kOutOfRange, detail::concat(where(key), ": \"", key, "\" = ", x,
                                                      " is outside the accepted range [", lo, ", ", hi, "]"));
  }

  [[nodiscard]] std::optional<int> opt_size(Keys keys, bool allow_zero = false) const {
    const char* k = first(keys);
    if (!k) return std::nullopt;
    return size_at(k, allow_zero);
  }

  [[nodiscard]] int req_size(Keys keys) const {
    if (const char* k = first(keys)) return size_at(k);
    std::vector<std::string> names(keys.begin(), keys.end());
    throw invalid_input(kMissing, detail::concat(origin_, ": missing required key \"", names.front(), "\"",
                                                 names.size() > 1 ? " (or one of its aliases: " : "",
                                                 names.size() > 1 ? detail::join({names.begin() + 1, names.end()}) : "",
                                                 names.size() > 1 ? ")" : ""));
  }

  [[nodiscard]] std::optional<bool> opt_bool(std::string_view key) const {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) fail(kInvalid, key, detail::concat("must be true or false, got ", detail::escaped(v->dump(), 200)));
    return v->get<bool>();
  }

  [[nodiscard]] std::string opt_string(std::string_view key) const {
    const json* v = get(key);
    if (!v) return {};
    if (!v->is_string()) fail(kInvalid, key, detail::concat("must be a string, got ", detail::escaped(v->dump(), 200)));
    return v->get<std::string>();
  }

  [[nodiscard]] const json& object() const { return obj_; }
  [[nodiscard]] const std::string& origin() const { return origin_; }

 private:
  const json& obj_;
  std::string_view text_;
  std::string origin_;
};

enum class Family { llama, gpt2, gpt_bigcode, gptj, gpt_neox, opt, bloom, falcon, mpt };

struct TypeInfo {
  const char* model_type;
  Family family;
  bool default_tie;  // the configuration class's tie_word_embeddings default
};

// Defaults of tie_word_embeddings are those of each `transformers` configuration class.
constexpr TypeInfo kTypes[] = {
    {"llama", Family::llama, false},      {"mistral", Family::llama, false},
    {"mixtral", Family::llama, false},    {"qwen2", Family::llama, false},
    {"qwen2_moe", Family::llama, false},  {"qwen3", Family::llama, false},
    {"qwen3_moe", Family::llama, false},  {"deepseek_v2", Family::llama, false},
    {"deepseek_v3", Family::llama, false}, {"gemma", Family::llama, true},
    {"gemma2", Family::llama, true},      {"olmo", Family::llama, false},
    {"olmo2", Family::llama, false},      {"phi3", Family::llama, false},
    {"gpt2", Family::gpt2, true},         {"gpt_bigcode", Family::gpt_bigcode, true},
    {"gptj", Family::gptj, false},        {"gpt_neox", Family::gpt_neox, false},
    {"opt", Family::opt, true},           {"bloom", Family::bloom, true},
    {"falcon", Family::falcon, true},     {"mpt", Family::mpt, true},
};

const TypeInfo* find_type(std::string_view mt) {
  for (const auto& t : kTypes)
    if (mt == t.model_type) return &t;
  return nullptr;
}

constexpr Keys kHidden = {"hidden_size", "n_embd", "d_model", "n_embed"};
constexpr Keys kLayers = {"num_hidden_layers", "n_layer", "n_layers", "num_layers"};
constexpr Keys kHeads = {"num_attention_heads", "n_head", "n_heads", "num_heads"};
constexpr Keys kVocab = {"vocab_size", "padded_vocab_size"};
constexpr Keys kContext = {"max_position_embeddings", "n_positions", "max_seq_len", "max_sequence_length",
                           "seq_length"};
constexpr Keys kInter = {"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"};

// head_dim: explicit, or hidden / heads, which must then divide.
int head_dim_of(const Reader& r, int hidden, int heads, const char* heads_key) {
  if (auto d = r.opt_size({"head_dim"})) return *d;
  if (hidden % heads != 0)
    r.fail(kInconsistent, heads_key,
           detail::concat("= ", heads, " does not divide the hidden size ", hidden,
                          " and there is no \"head_dim\" key"));
  return hidden / heads;
}

int kv_heads_of(const Reader& r, int heads, Keys keys) {
  const char* k = r.first(keys);
  if (!k) return heads;
  const int kv = r.size_at(k);
  if (heads % kv != 0)
    r.fail(kInconsistent, k, detail::concat("= ", kv, " does not divide the number of attention heads ", heads));
  return kv;
}

void set_kind(Attention& a) {
  a.kind = a.num_kv_heads == a.num_heads ? AttentionKind::mha : AttentionKind::gqa;
}

void read_llama_like(const Reader& r, std::string_view mt, Transformer& t) {
  const char* heads_key = r.first(kHeads);
  Attention& a = t.attention;
  const bool deepseek = mt == "deepseek_v2" || mt == "deepseek_v3";
  const bool bias = r.opt_bool("attention_bias").value_or(false);
  if (deepseek && r.has("kv_lora_rank")) {
    a.kind = AttentionKind::mla;
    a.num_kv_heads = a.num_heads;
    a.q_lora_rank = r.opt_size({"q_lora_rank"});
    a.kv_lora_rank = r.req_size({"kv_lora_rank"});
    a.qk_nope_head_dim = r.req_size({"qk_nope_head_dim"});
    a.qk_rope_head_dim = r.req_size({"qk_rope_head_dim"});
    a.v_head_dim = r.req_size({"v_head_dim"});
    a.qkv_bias = a.out_bias = bias;
  } else {
    a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
    a.num_kv_heads = kv_heads_of(r, a.num_heads, {"num_key_value_heads", "num_kv_heads", "n_head_kv"});
    set_kind(a);
    if (mt == "qwen2" || mt == "qwen2_moe") {
      a.qkv_bias = true;  // Qwen2Attention: q/k/v with bias, o_proj without
    } else {
      a.qkv_bias = a.out_bias = bias;
    }
    if (mt == "qwen3" || mt == "qwen3_moe") a.qk_norm = QkNorm::per_head;
    if (mt == "olmo2") a.qk_norm = QkNorm::full;
  }
  t.norm = mt == "olmo" ? NormKind::nonparametric : NormKind::rmsnorm;
  t.norms_per_layer = mt == "gemma2" ? 4 : 2;
  t.positions = PositionKind::rotary;
  t.ffn.kind = FfnKind::gated;
  t.ffn.bias = r.opt_bool("mlp_bias").value_or(false);
  if (auto i = r.opt_size(kInter)) t.ffn.intermediate_size = *i;

  // Mixture of experts.
  Moe e;
  const char* experts_key = r.first({"n_routed_experts", "num_local_experts", "num_experts"});
  if (experts_key) {
    e.num_routed_experts = r.size_at(experts_key);
    const char* k_key = "num_experts_per_tok";
    e.top_k = r.req_size({"num_experts_per_tok", "num_selected_experts", "top_k"});
    if (!r.has(k_key)) k_key = r.first({"num_selected_experts", "top_k"});
    if (e.top_k > e.num_routed_experts)
      r.fail(kInconsistent, k_key,
             detail::concat("= ", e.top_k, " exceeds the number of experts ", e.num_routed_experts, " (\"",
                            experts_key, "\")"));
    if (mt == "mixtral" || !r.has("moe_intermediate_size")) {
      e.expert_intermediate_size = r.req_size(kInter);
    } else {
      e.expert_intermediate_size = r.req_size({"moe_intermediate_size"});
    }
    if (deepseek) {
      e.num_shared_experts = r.opt_size({"n_shared_experts"}, true).value_or(0);
      e.first_k_dense = r.opt_size({"first_k_dense_replace"}, true).value_or(0);
      if (e.first_k_dense > t.num_layers)
        r.fail(kInconsistent, "first_k_dense_replace",
               detail::concat("= ", e.first_k_dense, " exceeds the number of layers ", t.num_layers));
      e.layer_freq = r.opt_size({"moe_layer_freq"}).value_or(1);
      e.router_bias = r.opt_string("topk_method") == "noaux_tc";
    } else if (mt == "qwen2_moe" || mt == "qwen3_moe") {
      e.layer_freq = r.opt_size({"decoder_sparse_step"}).value_or(1);
      e.layer_freq_offset = 1;  // (layer_idx + 1) % decoder_sparse_step == 0
      if (const json* only = r.get("mlp_only_layers")) {
        if (!only->is_array()) r.fail(kInvalid, "mlp_only_layers", "must be an array of layer indices");
        if (only->size() > static_cast<std::size_t>(t.num_layers))
          r.fail(kInconsistent, "mlp_only_layers",
                 detail::concat("lists ", only->size(), " layers, more than the ", t.num_layers, " layers"));
        for (const auto& v : *only) {
          if (!v.is_number_integer()) r.fail(kInvalid, "mlp_only_layers", "must contain integers");
          const auto i = v.get<long long>();
          if (i < 0 || i >= t.num_layers)
            r.fail(kInconsistent, "mlp_only_layers",
                   detail::concat("holds layer ", i, ", outside [0, ", t.num_layers - 1, "]"));
          e.dense_layers.push_back(static_cast<int>(i));
        }
      }
      if (auto s = r.opt_size({"shared_expert_intermediate_size"}, true); s && *s > 0) {
        e.num_shared_experts = 1;
        e.shared_expert_intermediate_size = *s;
        e.shared_expert_gate = true;
      }
    }
    t.moe = e;
  } else if (!r.has("intermediate_size")) {
    (void)r.req_size({"intermediate_size"});  // throws missing_key
  }
  if (t.moe && t.num_moe_layers() < t.num_layers && t.ffn.intermediate_size == 0)
    (void)r.req_size({"intermediate_size"});
  t.mtp_depth = r.opt_size({"num_nextn_predict_layers"}, true).value_or(0);
  if (t.mtp_depth > t.num_layers)
    r.fail(kInconsistent, "num_nextn_predict_layers",
           detail::concat("= ", t.mtp_depth, " exceeds the number of layers ", t.num_layers,
                          " (each multi-token-prediction module is one extra layer)"));
  if (auto w = r.opt_size({"sliding_window"}); w && r.opt_bool("use_sliding_window").value_or(true))
    t.sliding_window = *w;
}

void read_gpt2_like(const Reader& r, Family f, Transformer& t) {
  const char* heads_key = r.first(kHeads);
  Attention& a = t.attention;
  a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
  a.num_kv_heads = a.num_heads;
  if (f == Family::gpt_bigcode && r.opt_bool("multi_query").value_or(true)) a.num_kv_heads = 1;
  set_kind(a);
  t.norm = NormKind::layernorm;
  t.ffn.kind = FfnKind::plain;
  t.ffn.intermediate_size = r.opt_size({"n_inner"}).value_or(4 * t.hidden_size);
  if (f == Family::gptj) {
    // GPTJBlock: one ln_1 feeding attention and MLP in parallel; no q/k/v/out biases;
    // lm_head with bias.
    t.positions = PositionKind::rotary;
    t.norms_per_layer = 1;
    t.parallel_blocks = true;
    t.ffn.bias = true;
    t.lm_head_bias = true;
  } else {
    t.positions = PositionKind::learned;
    t.learned_positions = r.req_size({"n_positions", "max_position_embeddings"});
    a.qkv_bias = a.out_bias = true;
    t.ffn.bias = true;
  }
}

void read_family(const Reader& r, Family f, Transformer& t) {
  const char* heads_key = r.first(kHeads);
  Attention& a = t.attention;
  switch (f) {
    case Family::gpt_neox: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      a.qkv_bias = a.out_bias = r.opt_bool("attention_bias").value_or(true);
      t.norm = NormKind::layernorm;
      t.positions = PositionKind::rotary;
      t.parallel_blocks = r.opt_bool("use_parallel_residual").value_or(true);
      t.ffn = Ffn{FfnKind::plain, r.req_size({"intermediate_size"}), true};
      break;
    }
    case Family::opt: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      const bool bias = r.opt_bool("enable_bias").value_or(true);
      a.qkv_bias = a.out_bias = bias;
      t.norm = NormKind::layernorm;
      t.positions = PositionKind::learned;
      // OPTLearnedPositionalEmbedding keeps 2 extra rows (offset 2).
      t.learned_positions = r.req_size({"max_position_embeddings"}) + 2;
      t.ffn = Ffn{FfnKind::plain, r.req_size({"ffn_dim", "intermediate_size"}), bias};
      t.final_norm = r.opt_bool("do_layer_norm_before").value_or(true) &&
                     !r.opt_bool("_remove_final_layer_norm").value_or(false);
      if (auto p = r.opt_size({"word_embed_proj_dim"}); p && *p != t.hidden_size)
        t.warnings.push_back(detail::concat("word_embed_proj_dim = ", *p, " differs from hidden_size = ",
                                            t.hidden_size, "; project_in/project_out are not counted"));
      break;
    }
    case Family::bloom: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      a.qkv_bias = a.out_bias = true;
      t.norm = NormKind::layernorm;
      t.embedding_norm = true;  // word_embeddings_layernorm
      t.positions = PositionKind::alibi;
      t.ffn = Ffn{FfnKind::plain, 4 * t.hidden_size, true};  // BloomMLP: always 4·H
      break;
    }
    case Family::falcon: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      const bool new_arch = r.opt_bool("new_decoder_architecture").value_or(false);
      const bool parallel = r.opt_bool("parallel_attn").value_or(true);
      if (new_arch) {
        a.num_kv_heads = kv_heads_of(r, a.num_heads, {"num_kv_heads", "num_key_value_heads"});
        t.norms_per_layer = r.opt_size({"num_ln_in_parallel_attn"}).value_or(2);
      } else {
        a.num_kv_heads = r.opt_bool("multi_query").value_or(true) ? 1 : a.num_heads;
        t.norms_per_layer = parallel ? 1 : 2;
      }
      const bool bias = r.opt_bool("bias").value_or(false);
      a.qkv_bias = a.out_bias = bias;
      t.norm = NormKind::layernorm;
      t.positions = r.opt_bool("alibi").value_or(false) ? PositionKind::alibi : PositionKind::rotary;
      t.parallel_blocks = parallel || new_arch;
      t.ffn = Ffn{FfnKind::plain, r.opt_size({"ffn_hidden_size"}).value_or(4 * t.hidden_size), bias};
      break;
    }
    case Family::mpt: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      bool alibi = false;
      if (const json* ac = r.get("attn_config")) {
        if (!ac->is_object()) r.fail(kInvalid, "attn_config", "must be an object");
        if (auto it = ac->find("alibi"); it != ac->end() && it->is_boolean()) alibi = it->get<bool>();
        if (auto it = ac->find("kv_n_heads"); it != ac->end() && it->is_number_integer()) {
          const auto kv = it->get<long long>();
          if (kv <= 0 || kv > a.num_heads || a.num_heads % kv != 0)
            r.fail(kInconsistent, "kv_n_heads", detail::concat("= ", kv, " does not divide n_heads"));
          a.num_kv_heads = static_cast<int>(kv);
        }
      }
      const bool no_bias = r.opt_bool("no_bias").value_or(true);
      a.qkv_bias = a.out_bias = !no_bias;
      t.norm = no_bias ? NormKind::layernorm_no_bias : NormKind::layernorm;
      t.tie_embeddings = true;  // MPT projects logits with the token embedding
      if (alibi) {
        t.positions = PositionKind::alibi;
      } else if (r.opt_bool("learned_pos_emb").value_or(true)) {
        t.positions = PositionKind::learned;
        t.learned_positions = r.req_size({"max_seq_len"});
      }
      const double ratio = r.has("expansion_ratio") ? r.number("expansion_ratio") : 4.0;
      if (!(ratio > 0)) r.fail(kInconsistent, "expansion_ratio", "must be > 0");
      const double inter = std::round(ratio * t.hidden_size);
      if (inter < 1 || inter > model_limits::max_intermediate_size)
        r.fail(kOutOfRange, "expansion_ratio",
               detail::concat("= ", ratio, " gives an MLP width of ", inter, " for hidden size ", t.hidden_size,
                              ", outside the accepted range [1, ", model_limits::max_intermediate_size, "]"));
      t.ffn = Ffn{FfnKind::plain, static_cast<int>(inter), !no_bias};
      break;
    }
    default: break;
  }
  set_kind(a);
}

}  // namespace

const std::vector<std::string>& supported_model_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> v;
    for (const auto& t : kTypes) v.emplace_back(t.model_type);
    return v;
  }();
  return types;
}

Transformer from_hf_config_json(std::string_view json_text, std::string_view origin) {
  const std::string where = detail::escaped(origin);
  json root;
  // A key given twice in one object is an error (nlohmann keeps the last one silently).
  std::vector<std::set<std::string>> keys_of_open_objects;
  const json::parser_callback_t no_duplicate_keys = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: keys_of_open_objects.emplace_back(); break;
      case json::parse_event_t::object_end:
        if (!keys_of_open_objects.empty()) keys_of_open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_of_open_objects.empty() && !keys_of_open_objects.back().insert(parsed.get<std::string>()).second)
          throw invalid_input(kMalformed, detail::concat(where, ": key ", detail::quoted(parsed.get<std::string>()),
                                                         " appears twice in one JSON object; give it once"));
        break;
      default: break;
    }
    return true;
  };
  try {
    root = json::parse(json_text, no_duplicate_keys);
  } catch (const json::parse_error& e) {
    throw invalid_input(kMalformed, detail::concat(where, ":", line_col(json_text, e.byte > 0 ? e.byte - 1 : 0),
                                                   ": malformed JSON: ", detail::escaped(e.what(), 400)));
  } catch (const json::exception& e) {  // out_of_range: a number such as 1e999 overflows a double
    throw invalid_input(kMalformed, detail::concat(where, ": malformed JSON: ", detail::escaped(e.what(), 400)));
  }
  if (!root.is_object())
    throw invalid_input(kMalformed, detail::concat(where, ": a config.json must be a JSON object, got ",
                                                   root.type_name()));
  const Reader r(root, json_text, origin);

  Transformer t;
  t.model_type = r.opt_string("model_type");
  if (t.model_type.empty())
    throw invalid_input(kMissing, detail::concat(where, ": missing required key \"model_type\"; supported: ",
                                                 detail::join(supported_model_types())));
  t.name = r.opt_string("_name_or_path");
  if (t.name.empty()) t.name = where;
  const TypeInfo* info = find_type(t.model_type);
  if (!info)
    t.warnings.push_back(detail::concat(
        "[llmcost.model.unknown_model_type] model_type ", detail::quoted(t.model_type),
        " has no dedicated mapping; imported as a Llama-like decoder (RMSNorm, rotary, gated MLP) from "
        "standard keys; supported: ",
        detail::join(supported_model_types())));
  const Family family = info ? info->family : Family::llama;

  t.hidden_size = r.req_size(kHidden);
  t.num_layers = r.req_size(kLayers);
  t.attention.num_heads = r.req_size(kHeads);
  t.vocab_size = r.req_size(kVocab);
  t.max_position_embeddings = r.opt_size(kContext);
  t.tie_embeddings = r.opt_bool("tie_word_embeddings").value_or(info ? info->default_tie : true);

  switch (family) {
    case Family::llama: read_llama_like(r, t.model_type, t); break;
    case Family::gpt2:
    case Family::gpt_bigcode:
    case Family::gptj: read_gpt2_like(r, family, t); break;
    default: read_family(r, family, t); break;
  }
  if (family == Family::falcon && !t.max_position_embeddings) t.max_position_embeddings = 2048;  // FalconConfig default
  try {
    t.validate();
  } catch (const invalid_input& e) {
    throw invalid_input(e.tag(), detail::concat(where, ": ", std::string_view(e.what()).substr(e.tag().size() + 3)));
  }
  return t;
}

Transformer from_hf_config(const std::filesystem::path& path) {
  const std::string text = detail::read_text_file(path, "config file");
  Transformer t = from_hf_config_json(text, path.string());
  if (t.name == detail::escaped(path.string())) {
    // Name the model after its directory (".../DeepSeek-V3/config.json" -> "DeepSeek-V3").
    const auto parent = path.parent_path().filename().string();
    t.name = path.filename() == "config.json" && !parent.empty() ? parent : path.stem().string();
  }
  return t;
}

}  // namespace llmcost
