#include "llmcost/model/hf_config.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/suggest.hpp"
#include "common/text_file.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "model/hf_reader.hpp"
#include "model/hf_types.hpp"

namespace llmcost {
namespace {

using namespace detail::hf;  // NOLINT(google-build-using-namespace): the reader's private vocabulary

// Builds the DOM like json::parse, refusing a key given twice in one object (nlohmann keeps the
// last one silently) and nesting deeper than kMaxJsonDepth (a config.json nests 2 or 3 levels;
// this bounds memory for "[[[[..."). A SAX handler, cheaper than a parse callback: each key is
// inserted once (a repeated key leaves the object's size unchanged), no list of the keys seen is kept.
class CheckedDomBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  CheckedDomBuilder(json& result, const std::string& where) : root_(result), where_(where) { stack_.reserve(8); }

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(number_integer_t v) { return value(v); }
  bool number_unsigned(number_unsigned_t v) { return value(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) { return value(v); }
  bool string(string_t& v) { return value(v); }
  bool binary(binary_t& v) { return value(std::move(v)); }
  bool start_object(std::size_t /*elements: unknown in JSON text*/) {
    deeper();
    stack_.push_back(place(json::value_t::object));
    return true;
  }
  bool key(string_t& k) {
    // Hinted at the end: transformers writes a config's keys sorted, so each lands there at once.
    auto& members = stack_.back()->get_ref<json::object_t&>();
    const std::size_t before = members.size();
    const auto it = members.try_emplace(members.end(), k);
    if (members.size() == before)
      throw invalid_input(kMalformed, detail::concat(where_, ": key ", detail::quoted(k),
                                                     " appears twice in one JSON object; give it once"));
    member_ = &it->second;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) {
    deeper();
    stack_.push_back(place(json::value_t::array));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  template <class Exception>
  [[noreturn]] bool parse_error(std::size_t /*position*/, const std::string& /*token*/, const Exception& e) {
    throw e;  // caught by import_impl, which names the line and column
  }

 private:
  template <class V>
  bool value(V&& v) {
    (void)place(std::forward<V>(v));
    return true;
  }
  // Stores a value where the parse stands: the root, the end of an array, or the member of the
  // last key.
  template <class V>
  json* place(V&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    if (json& top = *stack_.back(); top.is_array()) {
      auto& a = top.get_ref<json::array_t&>();
      a.emplace_back(std::forward<V>(v));
      return &a.back();
    }
    *member_ = json(std::forward<V>(v));
    return member_;
  }
  void deeper() {
    if (stack_.size() >= static_cast<std::size_t>(kMaxJsonDepth))
      throw invalid_input(kMalformed, detail::concat(where_, ": JSON nested deeper than ", kMaxJsonDepth,
                                                     " levels; a config.json is a flat object"));
  }
  json& root_;
  const std::string& where_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
};

// ---- the table-driven decoder reader --------------------------------------------------------

// A default's value as the table gives it: 1, 0.5, 0.25.
std::string number_text(double x) { return x == std::floor(x) ? std::to_string(static_cast<long long>(x)) : fmt::format("{}", x); }

// What one import reads with one row: the Reader of the (text) config object, and the result.
struct Decoder {
  const Reader& r;
  const TypeRow& row;
  HfImport& out;
  Transformer& t;
  std::string_view class_name;  // for defaults_used: the row's source
  bool details = true;  // record defaults used (from_hf_config* discard them)

  [[nodiscard]] const detail::hf::KeyList& keys(Field f) const { return row.keys[static_cast<std::size_t>(f)]; }
  [[nodiscard]] std::optional<double> default_of(Field f) const { return row.defaults[static_cast<std::size_t>(f)]; }

  void used_default(std::string_view key, std::string_view value) const {
    if (!details) return;
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
  // The shape keys by name (a key named by two shapes: the first in name order), and the dotted
  // ones, which name members of nested objects; built once.
  struct ShapeKeys {
    std::unordered_map<std::string_view, std::string_view> top;  // key -> shape
    std::vector<std::pair<std::string_view, std::string_view>> dotted;
  };
  static const ShapeKeys shape_keys = [] {
    std::vector<std::pair<std::string_view, std::string_view>> v;  // key, shape
    for (const auto& [shape, key] : detail::hf::table().shape_keys) v.emplace_back(key, shape);
    std::sort(v.begin(), v.end());
    ShapeKeys s;
    for (const auto& [key, shape] : v) {
      s.top.emplace(key, shape);
      if (key.find('.') != std::string_view::npos) s.dotted.emplace_back(key, shape);
    }
    return s;
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
    if (auto at = shape_keys.top.find(key); at != shape_keys.top.end() && truthy(*it) && !r.was_read(&*it))
      refuse(key, at->second, *it);
  }
  for (const auto& [key, shape] : shape_keys.dotted)  // dotted keys name nested objects
    if (const json* v = r.peek(key); v && truthy(*v) && !r.was_read(key)) refuse(key, shape, *v);
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

namespace {
// The import; `details` = false skips what only HfImport reports (defaults used, ignored keys).
HfImport import_impl(std::string_view json_text, std::string_view origin, const HfImportOptions& options,
                     bool details) {
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
  Decoder d{r, *row, out, t, std::string_view(row->source).substr(0, row->source.find(" (")), details};

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
  if (details) {
    out.ignored_keys = r.unread_keys();
    if (inner)
      for (auto& k : outer.unread_keys()) out.ignored_keys.push_back(std::move(k));
  }
  return out;
}

}  // namespace

HfImport import_hf_config_json(std::string_view json_text, std::string_view origin, const HfImportOptions& options) {
  return import_impl(json_text, origin, options, true);
}

Transformer from_hf_config_json(std::string_view json_text, std::string_view origin, const HfImportOptions& options) {
  return import_impl(json_text, origin, options, false).model;
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
