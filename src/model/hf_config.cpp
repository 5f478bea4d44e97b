#include "llmcost/model/hf_config.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/suggest.hpp"
#include "common/text_file.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "model/hf_types.hpp"

namespace llmcost {
namespace {

using json = nlohmann::json;
using Keys = std::initializer_list<const char*>;

constexpr const char* kMalformed = "llmcost.model.malformed_config";
constexpr const char* kMissing = "llmcost.model.missing_key";
constexpr const char* kInvalid = "llmcost.model.invalid_value";
constexpr const char* kInconsistent = "llmcost.model.inconsistent";
constexpr const char* kOutOfRange = "llmcost.hf_config.out_of_range";
constexpr const char* kUnknownType = "llmcost.model.unknown_model_type";
constexpr const char* kUnsupported = "llmcost.model.unsupported_shape";
constexpr const char* kUnreadShape = "llmcost.model.unread_shape_key";
constexpr int kMaxJsonDepth = 64;

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
    if (const auto dot = key.rfind('.'); dot != std::string_view::npos) key = key.substr(dot + 1);
    const std::string quoted = "\"" + std::string(key) + "\"";
    for (std::size_t p = text_.find(quoted); p != std::string_view::npos; p = text_.find(quoted, p + 1)) {
      std::size_t q = p + quoted.size();
      while (q < text_.size() && std::isspace(static_cast<unsigned char>(text_[q]))) ++q;
      if (q < text_.size() && text_[q] == ':') return origin_ + ":" + line_col(text_, p);
    }
    return origin_;
  }

  // The value of `key` (a dotted key reads nested objects), or nullptr when absent or null.
  // Records the key (for a dotted key: the top-level object holding it) as read; unread_keys()
  // lists the others.
  [[nodiscard]] const json* get(std::string_view key) const {
    const json* cur = &obj_;
    bool top = true;
    for (;;) {
      const auto dot = key.find('.');
      auto it = cur->find(key.substr(0, dot));
      if (it == cur->end()) return nullptr;
      if (top) mark_read(&*it);
      top = false;
      if (it->is_null()) return nullptr;
      if (dot == std::string_view::npos) return &*it;
      if (!it->is_object()) return nullptr;
      cur = &*it;
      key.remove_prefix(dot + 1);
    }
  }
  void mark_read(const json* top_level_value) const {
    touched_.push_back(top_level_value);
    sorted_ = false;
  }
  // The value of `key` without recording it as read.
  [[nodiscard]] const json* peek(std::string_view key) const {
    const json* cur = &obj_;
    for (;;) {
      const auto dot = key.find('.');
      auto it = cur->find(key.substr(0, dot));
      if (it == cur->end() || it->is_null()) return nullptr;
      if (dot == std::string_view::npos) return &*it;
      if (!it->is_object()) return nullptr;
      cur = &*it;
      key.remove_prefix(dot + 1);
    }
  }
  // Whether the top-level value `v` (of this object) was read.
  [[nodiscard]] bool was_read(const json* v) const {
    if (!sorted_) {
      std::sort(touched_.begin(), touched_.end(), std::less<>{});
      sorted_ = true;
    }
    return std::binary_search(touched_.begin(), touched_.end(), v, std::less<>{});
  }
  // Whether the top-level key holding `key` (dotted or not) was read.
  [[nodiscard]] bool was_read(std::string_view key) const {
    auto it = obj_.find(key.substr(0, key.find('.')));
    return it != obj_.end() && was_read(&*it);
  }
  // Top-level keys never read, in the object's order.
  [[nodiscard]] std::vector<std::string> unread_keys() const {
    std::vector<std::string> out;
    for (auto it = obj_.begin(); it != obj_.end(); ++it)
      if (!was_read(&*it)) out.push_back(it.key());
    return out;
  }
  [[nodiscard]] bool has(std::string_view key) const { return get(key) != nullptr; }

  // The first present key of `keys`, or nullptr.
  // The first present key of `keys`; every alias counts as read (they name one quantity).
  [[nodiscard]] const char* first(Keys keys) const {
    const char* found = nullptr;
    for (const char* k : keys)
      if (has(k) && !found) found = k;
    return found;
  }
  [[nodiscard]] const char* first(const detail::hf::KeyList& keys) const {
    const char* found = nullptr;
    for (const auto& k : keys)
      if (has(k) && !found) found = k.c_str();
    return found;
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
    return opt_size_of(keys, allow_zero);
  }
  [[nodiscard]] std::optional<int> opt_size(const detail::hf::KeyList& keys, bool allow_zero = false) const {
    return opt_size_of(keys, allow_zero);
  }
  [[nodiscard]] int req_size(Keys keys) const { return req_size_of(keys); }
  [[nodiscard]] int req_size(const detail::hf::KeyList& keys) const { return req_size_of(keys); }

  template <class KeyRange>
  [[nodiscard]] std::optional<int> opt_size_of(const KeyRange& keys, bool allow_zero = false) const {
    const char* k = first(keys);
    if (!k) return std::nullopt;
    return size_at(k, allow_zero);
  }

  template <class KeyRange>
  [[nodiscard]] int req_size_of(const KeyRange& keys) const {
    if (const char* k = first(keys)) return size_at(k);
    std::vector<std::string> names(keys.begin(), keys.end());
    if (names.empty()) names.emplace_back("?");
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
  mutable std::vector<const json*> touched_;
  mutable bool sorted_ = true;
};

enum class Family { gpt2, gpt_bigcode, gptj, gpt_neox, opt, bloom, falcon, mpt };

std::optional<Family> family_of(std::string_view reader) {
  if (reader == "gpt2") return Family::gpt2;
  if (reader == "gpt_bigcode") return Family::gpt_bigcode;
  if (reader == "gptj") return Family::gptj;
  if (reader == "gpt_neox") return Family::gpt_neox;
  if (reader == "opt") return Family::opt;
  if (reader == "bloom") return Family::bloom;
  if (reader == "falcon") return Family::falcon;
  if (reader == "mpt") return Family::mpt;
  return std::nullopt;
}

constexpr Keys kHeads = {"num_attention_heads", "n_head", "n_heads", "num_heads"};

// head_dim: explicit, or hidden / heads, which must then divide.
template <class KeyRange>
int head_dim_of(const Reader& r, int hidden, int heads, const char* heads_key, const KeyRange& head_dim_keys) {
  if (auto d = r.opt_size(head_dim_keys)) return *d;
  if (hidden % heads != 0)
    r.fail(kInconsistent, heads_key ? heads_key : "num_attention_heads",
           detail::concat("= ", heads, " does not divide the hidden size ", hidden,
                          " and there is no \"head_dim\" key"));
  return hidden / heads;
}
int head_dim_of(const Reader& r, int hidden, int heads, const char* heads_key) {
  return head_dim_of(r, hidden, heads, heads_key, Keys{"head_dim"});
}

template <class KeyRange>
int kv_heads_of(const Reader& r, int heads, const KeyRange& keys) {
  const char* k = r.first(keys);
  if (!k) return heads;
  const int kv = r.size_at(k);
  if (heads % kv != 0)
    r.fail(kInconsistent, k, detail::concat("= ", kv, " does not divide the number of attention heads ", heads));
  return kv;
}
int kv_heads_of(const Reader& r, int heads, Keys keys) { return kv_heads_of<Keys>(r, heads, keys); }

void set_kind(Attention& a) {
  a.kind = a.num_kv_heads == a.num_heads ? AttentionKind::mha : AttentionKind::gqa;
}

// Builds the DOM like json::parse, refusing a key given twice in one object (nlohmann keeps the
// last one silently) and nesting deeper than kMaxJsonDepth (a config.json nests 2 or 3 levels;
// this bounds memory for "[[[[..."). A SAX handler, cheaper than a parse callback.
class CheckedDomBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
  using Base = nlohmann::detail::json_sax_dom_parser<json>;

 public:
  CheckedDomBuilder(json& result, const std::string& where) : Base(result, true), where_(where) {}
  bool start_object(std::size_t n) {
    deeper();
    keys_.emplace_back();
    return Base::start_object(n);
  }
  bool end_object() {
    --depth_;
    keys_.pop_back();
    return Base::end_object();
  }
  bool start_array(std::size_t n) {
    deeper();
    return Base::start_array(n);
  }
  bool end_array() {
    --depth_;
    return Base::end_array();
  }
  bool key(std::string& k) {
    auto& seen = keys_.back();  // a config object has tens of keys: a linear scan beats a set
    if (std::find(seen.begin(), seen.end(), k) != seen.end())
      throw invalid_input(kMalformed, detail::concat(where_, ": key ", detail::quoted(k),
                                                     " appears twice in one JSON object; give it once"));
    seen.push_back(k);
    return Base::key(k);
  }

 private:
  void deeper() {
    if (++depth_ > kMaxJsonDepth)
      throw invalid_input(kMalformed, detail::concat(where_, ": JSON nested deeper than ", kMaxJsonDepth,
                                                     " levels; a config.json is a flat object"));
  }
  const std::string& where_;
  int depth_ = 0;
  std::vector<std::vector<std::string>> keys_;
};

// ---- the table-driven decoder reader --------------------------------------------------------

// A default's value as the table gives it: 1, 0.5, 0.25.
std::string number_text(double x) { return x == std::floor(x) ? std::to_string(static_cast<long long>(x)) : fmt::format("{}", x); }

using detail::hf::Field;
using detail::hf::Switch;
using detail::hf::TypeRow;

// What one import reads with one row: the Reader of the (text) config object, and the result.
struct Decoder {
  const Reader& r;
  const TypeRow& row;
  HfImport& out;
  Transformer& t;
  std::string_view class_name;  // for defaults_used: the row's source

  [[nodiscard]] const detail::hf::KeyList& keys(Field f) const { return row.keys[static_cast<std::size_t>(f)]; }
  [[nodiscard]] std::optional<double> default_of(Field f) const { return row.defaults[static_cast<std::size_t>(f)]; }

  void used_default(std::string_view key, std::string_view value) const {
    std::string line;
    line.reserve(key.size() + value.size() + class_name.size() + 16);
    line.append(key).append(" = ").append(value).append(" (").append(class_name).append(" default)");
    out.defaults_used.push_back(std::move(line));
  }
  [[nodiscard]] std::string first_name(Field f) const {
    return keys(f).empty() ? std::string(detail::hf::field_name(f)) : keys(f).front();
  }

  // A size of field `f`: its first present key, else the row's default (recorded), else nullopt.
  [[nodiscard]] std::optional<int> size(Field f, bool allow_zero = false) const {
    if (auto v = r.opt_size(keys(f), allow_zero)) return v;
    if (auto d = default_of(f)) {
      used_default(first_name(f), number_text(*d));
      return static_cast<int>(*d);
    }
    return std::nullopt;
  }
  [[nodiscard]] int required(Field f) const {
    if (auto v = size(f)) return *v;
    return r.req_size(keys(f));  // throws missing_key naming the aliases
  }
  [[nodiscard]] bool on(const Switch& s) const {
    if (s.key.empty()) return s.fixed;
    if (auto b = r.opt_bool(s.key)) return *b;
    used_default(s.key, s.default_value ? "true" : "false");
    return s.default_value;
  }
  [[nodiscard]] std::optional<double> fraction(Field f) const {
    if (const char* k = r.first(keys(f))) {
      const double x = r.number(k);
      if (!(x > 0 && x <= 1)) r.fail(kInconsistent, k, detail::concat("= ", x, " must be in (0, 1]"));
      return x;
    }
    if (auto d = default_of(f)) {
      used_default(first_name(f), number_text(*d));
      return d;
    }
    return std::nullopt;
  }
};

// The sliding-window layers of `layer_types` (["sliding_attention", "full_attention", ...]) or
// of `sliding_window_pattern` p (every p-th layer is global).
void read_sliding(const Decoder& d) {
  const Reader& r = d.r;
  Transformer& t = d.t;
  const auto w = r.opt_size(d.keys(Field::sliding_window));
  bool use = true;
  if (const char* k = r.first(d.keys(Field::use_sliding_window))) use = *r.opt_bool(k);
  if (const char* k = r.first(d.keys(Field::layer_types))) {
    const json& types = *r.get(k);
    if (types.is_array()) {
      int sliding = 0;
      for (const auto& v : types)
        if (v.is_string() && (v.get<std::string>().find("sliding") != std::string::npos ||
                              v.get<std::string>().find("local") != std::string::npos || v.get<std::string>() == "chunked_attention"))
          ++sliding;
      if (sliding == 0) use = false;
      else t.sliding_window_layers = sliding;
    }
  } else if (const char* p = r.first(d.keys(Field::sliding_window_pattern))) {
    const int pattern = r.size_at(p);
    t.sliding_window_layers = t.num_layers - t.num_layers / pattern;
  }
  if (w && use) {
    t.sliding_window = *w;
  } else {
    t.sliding_window_layers.reset();
  }
}

void read_dense_layer_list(const Reader& r, const char* key, int layers, std::vector<int>& outv) {
  const json* only = r.get(key);
  if (!only) return;
  if (!only->is_array()) r.fail(kInvalid, key, "must be an array of layer indices");
  if (only->size() > static_cast<std::size_t>(layers))
    r.fail(kInconsistent, key, detail::concat("lists ", only->size(), " layers, more than the ", layers, " layers"));
  for (const auto& v : *only) {
    if (!v.is_number_integer()) r.fail(kInvalid, key, "must contain integers");
    const auto i = v.get<long long>();
    if (i < 0 || i >= layers)
      r.fail(kInconsistent, key, detail::concat("holds layer ", i, ", outside [0, ", layers - 1, "]"));
    outv.push_back(static_cast<int>(i));
  }
}

void read_moe(const Decoder& d) {
  const Reader& r = d.r;
  Transformer& t = d.t;
  const auto& m = *d.row.moe;
  auto mk = [&](Field f) -> const detail::hf::KeyList& { return m.keys[static_cast<std::size_t>(f)]; };
  const char* experts_key = r.first(mk(Field::experts));
  if (!experts_key) return;  // a dense model of an MoE type
  if (r.number(experts_key) == 0) return;  // "num_experts": 0 is a dense model
  const int experts = r.size_at(experts_key);
  Moe e;
  e.num_routed_experts = experts;
  e.top_k = r.req_size(mk(Field::top_k));
  const char* k_key = r.first(mk(Field::top_k));
  if (e.top_k > e.num_routed_experts)
    r.fail(kInconsistent, k_key,
           detail::concat("= ", e.top_k, " exceeds the number of experts ", e.num_routed_experts, " (\"", experts_key,
                          "\")"));
  if (r.first(mk(Field::expert_size)))
    e.expert_intermediate_size = r.req_size(mk(Field::expert_size));
  else
    e.expert_intermediate_size = r.req_size(d.keys(Field::intermediate_size));
  if (const char* k = r.first(mk(Field::shared_experts))) {
    e.num_shared_experts = r.size_at(k, true);
  } else if (auto s = d.default_of(Field::shared_experts); s && !mk(Field::shared_experts).empty()) {
    d.used_default(mk(Field::shared_experts).front(), number_text(*s));
    e.num_shared_experts = static_cast<int>(*s);
  }
  if (auto s = r.opt_size(mk(Field::shared_expert_size), true); s && *s > 0) {
    e.num_shared_experts = 1;
    e.shared_expert_intermediate_size = *s;
  }
  e.num_shared_experts += m.shared_experts_fixed;
  e.shared_expert_gate = m.shared_expert_gate && e.num_shared_experts > 0;
  if (m.residual_mlp && d.on(*m.residual_mlp)) {
    // A dense MLP of width H beside the experts on every MoE layer, with its own norm.
    e.num_shared_experts = 1;
    e.shared_expert_intermediate_size = t.hidden_size;
    t.norms_per_layer += 1;
  }
  if (!m.router_bias_key.empty())
    e.router_bias = r.opt_string(m.router_bias_key) == m.router_bias_equals;
  else
    e.router_bias = m.router_bias;
  e.output_bias = m.output_bias;
  if (const char* k = r.first(mk(Field::first_k_dense))) {
    e.first_k_dense = r.size_at(k, true);
    if (e.first_k_dense > t.num_layers)
      r.fail(kInconsistent, k, detail::concat("= ", e.first_k_dense, " exceeds the number of layers ", t.num_layers));
  } else if (auto f = d.default_of(Field::first_k_dense); f && !mk(Field::first_k_dense).empty()) {
    d.used_default(mk(Field::first_k_dense).front(), number_text(*f));
    e.first_k_dense = std::min(static_cast<int>(*f), t.num_layers);
  }
  e.layer_freq = 1;
  if (const char* k = r.first(mk(Field::layer_freq))) {
    e.layer_freq = r.size_at(k);
    e.layer_freq_offset = m.layer_freq_offset;
  } else if (auto f = d.default_of(Field::layer_freq); f && !mk(Field::layer_freq).empty()) {
    d.used_default(mk(Field::layer_freq).front(), number_text(*f));
    e.layer_freq = static_cast<int>(*f);
    e.layer_freq_offset = m.layer_freq_offset;
  }
  if (const char* k = r.first(mk(Field::dense_layers))) read_dense_layer_list(r, k, t.num_layers, e.dense_layers);
  if (const char* k = r.first(mk(Field::moe_layers))) {
    // An explicit list of MoE layers: every other layer is dense.
    std::vector<int> moe_layers;
    read_dense_layer_list(r, k, t.num_layers, moe_layers);
    e.layer_freq = 1;
    e.layer_freq_offset = 0;
    e.first_k_dense = 0;
    e.dense_layers.clear();
    for (int i = 0; i < t.num_layers; ++i)
      if (std::find(moe_layers.begin(), moe_layers.end(), i) == moe_layers.end()) e.dense_layers.push_back(i);
  }
  t.moe = std::move(e);
  // The dense layers' MLP width.
  if (auto w = r.opt_size(mk(Field::dense_size))) t.ffn.intermediate_size = *w;
}

void read_decoder(const Decoder& d) {
  const Reader& r = d.r;
  const TypeRow& row = d.row;
  Transformer& t = d.t;
  Attention& a = t.attention;
  const char* heads_key = r.first(d.keys(Field::num_heads));
  const bool bias = d.on(row.qkv_bias);
  const bool obias = d.on(row.out_bias);
  if (row.mla && r.first(d.keys(Field::kv_lora_rank))) {
    a.kind = AttentionKind::mla;
    a.num_kv_heads = a.num_heads;
    a.q_lora_rank = r.opt_size(d.keys(Field::q_lora_rank));
    a.kv_lora_rank = r.req_size(d.keys(Field::kv_lora_rank));
    a.qk_nope_head_dim = r.req_size(d.keys(Field::qk_nope_head_dim));
    a.qk_rope_head_dim = r.req_size(d.keys(Field::qk_rope_head_dim));
    a.v_head_dim = r.req_size(d.keys(Field::v_head_dim));
  } else {
    a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key, d.keys(Field::head_dim));
    a.num_kv_heads = a.num_heads;
    if (d.on(row.kv_heads_on)) {
      if (r.first(d.keys(Field::num_kv_heads))) {
        a.num_kv_heads = kv_heads_of(r, a.num_heads, d.keys(Field::num_kv_heads));
      } else if (auto kv = d.default_of(Field::num_kv_heads)) {
        d.used_default(d.first_name(Field::num_kv_heads), number_text(*kv));
        a.num_kv_heads = static_cast<int>(*kv);
        if (a.num_heads % a.num_kv_heads != 0)
          r.fail(kInconsistent, heads_key ? heads_key : "num_attention_heads",
                 detail::concat("= ", a.num_heads, " is not a multiple of the default K/V head count ", a.num_kv_heads));
      }
    }
    set_kind(a);
    if (row.qk_norm != QkNorm::none && d.on(row.qk_norm_on)) {
      a.qk_norm = row.qk_norm;
      a.qk_norm_kind = row.qk_norm_kind;
    }
  }
  a.qkv_bias = bias;
  a.out_bias = obias;
  a.sinks = row.sinks;
  if (auto f = d.fraction(Field::rotary_fraction)) a.rotary_fraction = *f;
  t.norm = row.norm;
  const bool parallel = d.on(row.parallel);
  t.parallel_blocks = parallel;
  t.norms_per_layer = parallel ? row.parallel_norms : row.norms_per_layer;
  t.lm_head_bias = d.on(row.lm_head_bias);
  if (row.learned_positions) {
    t.positions = PositionKind::learned;
    t.learned_positions = r.req_size(d.keys(Field::learned_positions)) + row.learned_offset;
  } else {
    t.positions = PositionKind::rotary;
  }
  t.ffn.kind = row.mlp;
  t.ffn.activation = row.activation;
  t.ffn.bias = d.on(row.mlp_bias);
  if (auto i = r.opt_size(d.keys(Field::intermediate_size))) {
    t.ffn.intermediate_size = *i;
  } else if (row.intermediate_per_hidden > 0) {
    d.used_default(d.first_name(Field::intermediate_size),
                   detail::concat(row.intermediate_per_hidden, " × hidden = ",
                                  static_cast<long long>(row.intermediate_per_hidden) * t.hidden_size));
    const long long w = static_cast<long long>(row.intermediate_per_hidden) * t.hidden_size;
    r.out_of_range_unless(d.first_name(Field::intermediate_size), static_cast<double>(w), 1,
                          model_limits::max_intermediate_size);
    t.ffn.intermediate_size = static_cast<int>(w);
  }
  if (row.moe) read_moe(d);
  if (!t.moe && t.ffn.intermediate_size == 0) (void)r.req_size(d.keys(Field::intermediate_size));
  if (t.moe && t.num_moe_layers() < t.num_layers && t.ffn.intermediate_size == 0)
    (void)r.req_size(d.keys(Field::intermediate_size));
  if (row.mtp) {
    t.mtp_depth = r.opt_size(d.keys(Field::mtp), true).value_or(0);
    if (t.mtp_depth > t.num_layers)
      r.fail(kInconsistent, r.first(d.keys(Field::mtp)),
             detail::concat("= ", t.mtp_depth, " exceeds the number of layers ", t.num_layers,
                            " (each multi-token-prediction module is one extra layer)"));
  }
  if (row.sliding) read_sliding(d);
}

// JetMoE: a mixture of attention heads (MoA) and a mixture of MLP experts. Attention experts
// each project H -> num_kv_heads·kv_channels (queries) and back (output); K/V are one shared
// projection; a token uses num_experts_per_tok attention experts (JetMoeConfig: num_heads =
// num_key_value_heads × num_experts_per_tok).
void read_jetmoe(const Decoder& d) {
  const Reader& r = d.r;
  Transformer& t = d.t;
  Attention& a = t.attention;
  a.num_kv_heads = d.required(Field::num_kv_heads);
  a.head_dim = d.required(Field::head_dim);
  const auto& m = *d.row.moe;
  const int experts = r.req_size(m.keys[static_cast<std::size_t>(Field::experts)]);
  const int top_k = r.req_size(m.keys[static_cast<std::size_t>(Field::top_k)]);
  if (top_k > experts)
    r.fail(kInconsistent, r.first(m.keys[static_cast<std::size_t>(Field::top_k)]),
           detail::concat("= ", top_k, " exceeds the number of experts ", experts));
  if (static_cast<long long>(a.num_kv_heads) * top_k > model_limits::max_heads)
    r.fail(kOutOfRange, "num_key_value_heads",
           detail::concat("× num_experts_per_tok = ", static_cast<long long>(a.num_kv_heads) * top_k,
                          " attention heads is outside the accepted range [1, ", model_limits::max_heads, "]"));
  a.num_heads = a.num_kv_heads * top_k;
  if (const char* k = r.first(d.keys(Field::num_heads)); k && r.size_at(k) != a.num_heads)
    r.fail(kInconsistent, k,
           detail::concat("= ", r.size_at(k), " differs from num_key_value_heads × num_experts_per_tok = ", a.num_heads,
                          " (JetMoeConfig derives the attention heads)"));
  a.kind = AttentionKind::gqa;
  a.experts = experts;
  a.experts_top_k = top_k;
  // JetMoeMoA and JetMoeMoE each add one bias of H on their output (the `bias` key of the first
  // released configs; always present in transformers' JetMoe); `glu` false would be a plain MLP.
  static const Switch kBias{false, "bias", true}, kGlu{false, "glu", true};  // outlive the Reader's views
  const bool bias = d.on(kBias);
  a.out_bias = bias;
  t.norm = NormKind::rmsnorm;
  t.norms_per_layer = 2;
  t.positions = PositionKind::rotary;
  t.ffn.kind = d.on(kGlu) ? FfnKind::gated : FfnKind::plain;
  t.ffn.activation = Activation::silu;
  read_moe(d);
  if (t.moe) t.moe->output_bias = bias;
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


// The generic reader: a Llama-like decoder from the standard keys of [keys], mixture of experts
// included (every layer unless first_k_dense_replace / moe_layer_freq / mlp_only_layers say otherwise).
const TypeRow& generic_row() {
  static const TypeRow row = [] {
    const TypeRow* llama = detail::hf::find_row("llama");
    TypeRow g = llama ? *llama : TypeRow{};
    g.model_type = "generic";
    g.source = "generic Llama-like reader (no row in data/hf_model_types.toml)";
    g.tie = true;  // PretrainedConfig default
    g.sliding = true;
    g.keys = detail::hf::table().default_keys;
    detail::hf::MoeRow m;
    m.keys = detail::hf::table().default_keys;
    g.moe = std::move(m);
    return g;
  }();
  return row;
}

std::vector<std::string> generic_assumptions(const Transformer& t, std::string_view model_type) {
  std::vector<std::string> a;
  a.push_back(detail::concat("model_type ", detail::quoted(model_type),
                             " has no row in data/hf_model_types.toml: read as a Llama-like decoder from standard key names"));
  a.emplace_back("norms: RMSNorm (weight only), 2 per layer and a final norm; no norm biases");
  a.emplace_back("MLP: gated (gate, up, down: 3 matrices), SiLU; MLP biases only when \"mlp_bias\" is true");
  a.emplace_back("attention: rotary positions (no parameters); q/k/v/o biases only when \"attention_bias\" is true; no q/k norms; "
                 "no attention sinks");
  a.emplace_back("no parallel attention/MLP blocks; no LM-head bias");
  if (t.moe)
    a.emplace_back("mixture of experts: routed experts of \"moe_intermediate_size\" (else \"intermediate_size\"), shared experts "
                   "of the same width from \"n_shared_experts\", no shared-expert gate, no router bias");
  if (t.sliding_window) a.emplace_back("sliding window: informative; KV cache and attention FLOPs assume full attention");
  return a;
}

bool truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

std::string_view shape_words(std::string_view shape) {
  if (shape == "moe") return "a mixture of experts";
  if (shape == "mla") return "multi-head latent attention";
  if (shape == "sliding_window") return "sliding-window attention";
  if (shape == "mtp") return "multi-token-prediction modules";
  if (shape == "linear_attention") return "linear-attention or state-space layers";
  if (shape == "mixture_of_attention") return "a mixture of attention heads";
  return shape;
}
std::string_view shape_fallback(std::string_view shape) {
  if (shape == "moe") return "dense";
  if (shape == "mla") return "plain multi-head attention";
  if (shape == "sliding_window") return "full attention";
  if (shape == "mtp") return "having no MTP modules";
  return "ordinary attention";
}

// Refuses a key of [shape_keys] that is set but that the reader did not read.
void refuse_unread_shape_keys(const Reader& r, std::string_view model_type) {
  // The shape keys sorted, to look up each key of the config (fewer than the shape keys).
  static const auto sorted = [] {
    std::vector<std::pair<std::string_view, std::string_view>> v;  // key, shape
    for (const auto& [shape, key] : detail::hf::table().shape_keys) v.emplace_back(key, shape);
    std::sort(v.begin(), v.end());
    return v;
  }();
  auto refuse = [&](std::string_view key, std::string_view shape, const json& v) {
    throw invalid_input(kUnreadShape,
                        detail::concat(r.where(key), ": \"", key, "\" = ", detail::escaped(v.dump(), 80), " implies ",
                                       shape_words(shape), ", which the ", detail::quoted(model_type),
                                       " reader does not read; refusing rather than reading the model as ",
                                       shape_fallback(shape)));
  };
  for (auto it = r.object().begin(); it != r.object().end(); ++it) {
    const std::string_view key = it.key();
    auto at = std::lower_bound(sorted.begin(), sorted.end(), std::pair{key, std::string_view{}});
    if (at != sorted.end() && at->first == key && truthy(*it) && !r.was_read(&*it)) refuse(key, at->second, *it);
  }
  for (const auto& [key, shape] : sorted)  // dotted keys name nested objects
    if (key.find('.') != std::string_view::npos)
      if (const json* v = r.peek(key); v && truthy(*v) && !r.was_read(key)) refuse(key, shape, *v);
}

void set_legacy_activation(Family f, Transformer& t) {
  switch (f) {
    case Family::gpt2:
    case Family::gpt_bigcode:
    case Family::gptj:
    case Family::bloom: t.ffn.activation = Activation::gelu_tanh; break;
    case Family::opt: t.ffn.activation = Activation::relu; break;
    default: t.ffn.activation = Activation::gelu; break;
  }
}

}  // namespace

const std::vector<HfModelType>& hf_model_types() {
  static const std::vector<HfModelType> types = [] {
    std::vector<HfModelType> v;
    for (const auto& row : detail::hf::table().rows) {
      HfModelType h;
      h.model_type = row.model_type;
      h.source = row.source;
      h.reader = row.reader == "decoder" && row.mla ? "mla" : row.reader;
      h.supported = row.reader != "unsupported";
      h.missing = row.missing;
      v.push_back(std::move(h));
    }
    return v;
  }();
  return types;
}

const std::vector<std::string>& supported_model_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> v;
    for (const auto& t : hf_model_types())
      if (t.supported) v.push_back(t.model_type);
    std::sort(v.begin(), v.end());
    return v;
  }();
  return types;
}

HfImport import_hf_config_json(std::string_view json_text, std::string_view origin, const HfImportOptions& options) {
  const std::string where = detail::escaped(origin);
  json root;
  try {
    CheckedDomBuilder builder(root, where);
    json::sax_parse(json_text, &builder);
  } catch (const json::parse_error& e) {
    throw invalid_input(kMalformed, detail::concat(where, ":", line_col(json_text, e.byte > 0 ? e.byte - 1 : 0),
                                                   ": malformed JSON: ", detail::escaped(e.what(), 400)));
  } catch (const json::exception& e) {  // out_of_range: a number such as 1e999 overflows a double
    throw invalid_input(kMalformed, detail::concat(where, ": malformed JSON: ", detail::escaped(e.what(), 400)));
  }
  if (!root.is_object())
    throw invalid_input(kMalformed, detail::concat(where, ": a config.json must be a JSON object, got ",
                                                   root.type_name()));
  const Reader outer(root, json_text, origin);

  HfImport out;
  Transformer& t = out.model;
  t.model_type = outer.opt_string("model_type");
  if (t.model_type.empty()) {
    // Remote-code configs without model_type: the row that names the architecture class.
    if (const json* arch = outer.get("architectures"); arch && arch->is_array() && !arch->empty() &&
                                                       arch->front().is_string())
      for (const auto& rw : detail::hf::table().rows)
        if (std::find(rw.architectures.begin(), rw.architectures.end(), arch->front().get<std::string>()) !=
            rw.architectures.end()) {
          t.model_type = rw.model_type;
          t.warnings.push_back(detail::concat("the config has no \"model_type\"; read as ", detail::quoted(rw.model_type),
                                              ", the type of its architecture ", detail::quoted(arch->front().get<std::string>())));
          break;
        }
  }
  if (t.model_type.empty())
    throw invalid_input(kMissing, detail::concat(where, ": missing required key \"model_type\"; supported: ",
                                                 detail::join(supported_model_types())));
  t.name = outer.opt_string("_name_or_path");
  if (t.name.empty()) t.name = where;
  const TypeRow* row = detail::hf::find_row(t.model_type);
  const bool generic = !row;
  if (!row) {
    if (!options.generic) {
      const auto near = detail::closest(t.model_type, supported_model_types(), 1);
      throw invalid_input(
          kUnknownType,
          detail::concat(outer.where("model_type"), ": model_type ", detail::quoted(t.model_type),
                         " is not supported", near.empty() ? "" : " (nearest: ", near.empty() ? "" : near.front(),
                         near.empty() ? "" : ")", "; supported: ", detail::join(supported_model_types()),
                         ". To read it anyway as a Llama-like decoder, with every assumption listed, use the generic "
                         "reader (HfImportOptions::generic, CLI --generic, Python generic=True)"));
    }
    row = &generic_row();
  }
  auto refuse_unsupported = [&](const TypeRow& rw) {
    if (rw.reader == "unsupported")
      throw invalid_input(kUnsupported, detail::concat(outer.where("model_type"), ": model_type ",
                                                       detail::quoted(rw.model_type), " is not modelled: ", rw.missing));
  };
  refuse_unsupported(*row);
  std::optional<Reader> inner;
  const Reader* rp = &outer;
  if (row->reader == "text_config") {
    const json* tc = outer.get("text_config");
    if (!tc) (void)outer.req_size(Keys{"text_config"});  // throws missing_key
    if (!tc->is_object()) outer.fail(kInvalid, "text_config", "must be an object");
    inner.emplace(*tc, json_text, origin);
    std::string inner_type = inner->opt_string("model_type");
    const TypeRow* irow = inner_type.empty() ? nullptr : detail::hf::find_row(inner_type);
    if (!irow || irow->reader == "text_config") irow = detail::hf::find_row(row->text_type);
    refuse_unsupported(*irow);
    t.warnings.push_back(detail::concat("only the text model (text_config, model_type ", detail::quoted(irow->model_type),
                                        ") is counted; the other parts of the checkpoint (vision tower, projector) are not"));
    row = irow;
    rp = &*inner;
  }
  const Reader& r = *rp;
  for (const auto& [key, missing] : row->unsupported_variants)
    if (const json* v = r.peek(key); v && truthy(*v))
      throw invalid_input(kUnsupported, detail::concat(r.where(key), ": \"", key, "\" marks a ",
                                                       detail::quoted(row->model_type), " layout that is not modelled: ",
                                                       missing));
  out.source = row->source;
  // Defaults are named by the file of the row's source ("transformers models/x/configuration_x.py").
  Decoder d{r, *row, out, t, std::string_view(row->source).substr(0, row->source.find(" ("))};

  t.hidden_size = r.req_size(d.keys(Field::hidden_size));
  t.num_layers = r.req_size(d.keys(Field::num_layers));
  if (row->reader != "jetmoe") t.attention.num_heads = r.req_size(d.keys(Field::num_heads));
  t.vocab_size = r.req_size(d.keys(Field::vocab_size));
  t.max_position_embeddings = r.opt_size(d.keys(Field::context));
  const char* tie_key = r.first(d.keys(Field::tie));
  if (tie_key) {
    t.tie_embeddings = *r.opt_bool(tie_key);
  } else {
    t.tie_embeddings = row->tie;
    if (!generic) d.used_default("tie_word_embeddings", row->tie ? "true" : "false");
  }

  if (auto f = family_of(row->reader)) {
    switch (*f) {
      case Family::gpt2:
      case Family::gpt_bigcode:
      case Family::gptj: read_gpt2_like(r, *f, t); break;
      default: read_family(r, *f, t); break;
    }
    set_legacy_activation(*f, t);
    if (*f == Family::falcon && !t.max_position_embeddings) {
      t.max_position_embeddings = 2048;
      d.used_default("max_position_embeddings", "2048");
    }
  } else if (row->reader == "jetmoe") {
    read_jetmoe(d);
  } else {
    read_decoder(d);
  }
  refuse_unread_shape_keys(r, row->model_type);
  try {
    t.validate();
  } catch (const invalid_input& e) {
    throw invalid_input(e.tag(), detail::concat(where, ": ", std::string_view(e.what()).substr(e.tag().size() + 3)));
  }
  if (generic) {
    out.assumptions = generic_assumptions(t, t.model_type);
    if (!tie_key) out.assumptions.emplace_back("tie_word_embeddings absent: true (PretrainedConfig default)");
    for (const auto& a : out.assumptions) t.warnings.push_back("[llmcost.model.generic_reader] assumed: " + a);
  }
  out.ignored_keys = r.unread_keys();
  if (inner)
    for (auto& k : outer.unread_keys()) out.ignored_keys.push_back(std::move(k));
  return out;
}

Transformer from_hf_config_json(std::string_view json_text, std::string_view origin, const HfImportOptions& options) {
  return import_hf_config_json(json_text, origin, options).model;
}

HfImport import_hf_config(const std::filesystem::path& path, const HfImportOptions& options) {
  const std::string text = detail::read_text_file(path, "config file");
  HfImport out = import_hf_config_json(text, path.string(), options);
  Transformer& t = out.model;
  if (t.name == detail::escaped(path.string())) {
    // Name the model after its directory (".../DeepSeek-V3/config.json" -> "DeepSeek-V3").
    const auto parent = path.parent_path().filename().string();
    t.name = path.filename() == "config.json" && !parent.empty() ? parent : path.stem().string();
  }
  return out;
}

Transformer from_hf_config(const std::filesystem::path& path, const HfImportOptions& options) {
  return import_hf_config(path, options).model;
}

}  // namespace llmcost
