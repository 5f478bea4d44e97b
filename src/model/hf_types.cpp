#include "model/hf_types.hpp"

#include <algorithm>

#include "common/embedded.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost::detail::hf {
namespace {

constexpr const char* kTag = "llmcost.model.invalid_type_table";
constexpr const char* kOrigin = "data/hf_model_types.toml";

constexpr std::array<std::string_view, kFields> kFieldNames = {
    "hidden_size",      "num_layers",      "num_heads",          "num_kv_heads",     "head_dim",
    "vocab_size",       "context",         "intermediate_size",  "tie",              "rotary_fraction",
    "sliding_window",   "use_sliding_window", "layer_types",     "sliding_window_pattern", "mtp",
    "q_lora_rank",      "kv_lora_rank",    "qk_nope_head_dim",   "qk_rope_head_dim", "v_head_dim",
    "experts",          "top_k",           "expert_size",        "shared_experts",   "shared_expert_size",
    "first_k_dense",    "layer_freq",      "dense_layers",       "moe_layers",       "dense_size",
    "learned_positions"};

std::optional<Field> field_of(std::string_view name) {
  for (std::size_t i = 0; i < kFields; ++i)
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

KeyList key_list(const toml::node& n, std::string_view what, Problems& problems) {
  KeyList out;
  const toml::array* a = n.as_array();
  if (!a) {
    problems.add(&n, concat(what, " must be an array of config key names"));
    return out;
  }
  for (const auto& k : *a) {
    if (const auto* s = k.as_string())
      out.push_back(s->get());
    else
      problems.add(&k, concat(what, " must hold strings"));
  }
  return out;
}

Switch read_switch(const toml::node* n, Switch fallback, std::string_view what, Problems& problems) {
  if (!n) return fallback;
  if (const auto* b = n->as_boolean()) return Switch{b->get(), {}, false};
  if (const auto* t = n->as_table()) {
    Switch s;
    if (const auto* k = t->get_as<std::string>("key")) s.key = k->get();
    if (const auto* d = t->get_as<bool>("default")) s.default_value = d->get();
    if (s.key.empty()) problems.add(n, concat(what, " = { key = ..., default = ... } needs a key"));
    return s;
  }
  problems.add(n, concat(what, " must be true, false or { key = \"...\", default = true|false }"));
  return fallback;
}

std::optional<NormKind> norm_of(std::string_view s) {
  if (s == "rmsnorm") return NormKind::rmsnorm;
  if (s == "layernorm") return NormKind::layernorm;
  if (s == "layernorm_no_bias") return NormKind::layernorm_no_bias;
  if (s == "nonparametric") return NormKind::nonparametric;
  return std::nullopt;
}

std::optional<Activation> activation_of(std::string_view s) {
  if (s == "silu") return Activation::silu;
  if (s == "gelu") return Activation::gelu;
  if (s == "gelu_tanh") return Activation::gelu_tanh;
  if (s == "relu") return Activation::relu;
  if (s == "relu2") return Activation::relu2;
  if (s == "xielu") return Activation::xielu;
  return std::nullopt;
}

void read_keys_table(const toml::table& t, std::array<KeyList, kFields>& keys, std::string_view what,
                     Problems& problems) {
  for (const auto& [k, v] : t) {
    const auto f = field_of(k.str());
    if (!f) {
      problems.add(&v, concat(what, ": unknown field ", quoted(k.str())));
      continue;
    }
    keys[static_cast<std::size_t>(*f)] = key_list(v, concat(what, ".", k.str()), problems);
  }
}

TypeRow read_row(const toml::table& t, const Table& tab, Problems& problems) {
  check_keys(t,
             {"model_type", "source", "reader", "text_type", "missing", "keys", "defaults", "tie", "mlp", "activation",
              "norm", "norms_per_layer", "parallel_norms", "qkv_bias", "out_bias", "mlp_bias", "lm_head_bias",
              "parallel", "qk_norm", "qk_norm_kind", "qk_norm_on", "kv_heads_on", "attention", "sinks", "sliding",
              "mtp", "positions", "architectures", "unsupported_variant", "learned_offset", "intermediate_per_hidden", "moe"},
             "[[type]]", problems);
  TypeRow r;
  r.model_type = read_string(t, "model_type", problems);
  r.source = read_string(t, "source", problems);
  const std::string what = concat("[[type]] ", quoted(r.model_type));
  r.keys = tab.default_keys;
  if (const auto* s = t.get_as<std::string>("reader")) r.reader = s->get();
  static const std::vector<std::string> readers = {"decoder", "jetmoe", "text_config", "unsupported", "gpt2",
                                                   "gpt_bigcode", "gptj", "gpt_neox", "opt", "bloom", "falcon",
                                                   "mpt"};
  if (std::find(readers.begin(), readers.end(), r.reader) == readers.end())
    problems.add(t.get("reader"), concat(what, ": unknown reader ", quoted(r.reader)));
  if (const auto* s = t.get_as<std::string>("text_type")) r.text_type = s->get();
  if (const auto* s = t.get_as<std::string>("missing")) r.missing = s->get();
  if (const auto* v = t.get_as<toml::array>("unsupported_variant"))
    for (const auto& item : *v) {
      const auto* vt = item.as_table();
      const auto* key = vt ? vt->get_as<std::string>("key") : nullptr;
      const auto* miss = vt ? vt->get_as<std::string>("missing") : nullptr;
      if (key && miss)
        r.unsupported_variants.emplace_back(key->get(), miss->get());
      else
        problems.add(&item, concat(what, ".unsupported_variant entries are { key = \"...\", missing = \"...\" }"));
    }
  if (const auto* a = t.get("architectures")) r.architectures = key_list(*a, what + ".architectures", problems);
  if (const auto* k = t.get_as<toml::table>("keys")) read_keys_table(*k, r.keys, what + ".keys", problems);
  if (const auto* d = t.get_as<toml::table>("defaults")) {
    for (const auto& [k, v] : *d) {
      const auto f = field_of(k.str());
      const auto x = v.value<double>();
      if (!f || !x)
        problems.add(&v, concat(what, ".defaults: ", quoted(k.str()), " must be a known field with a number"));
      else
        r.defaults[static_cast<std::size_t>(*f)] = *x;
    }
  }
  if (const auto* b = t.get_as<bool>("tie")) r.tie = b->get();
  if (const auto* s = t.get_as<std::string>("mlp")) {
    if (s->get() == "gated" || s->get() == "plain")
      r.mlp = s->get() == "gated" ? FfnKind::gated : FfnKind::plain;
    else
      problems.add(s, concat(what, ": mlp must be \"gated\" or \"plain\""));
  }
  if (const auto* s = t.get_as<std::string>("activation")) {
    if (auto a = activation_of(s->get()))
      r.activation = *a;
    else
      problems.add(s, concat(what, ": unknown activation ", quoted(s->get())));
  }
  auto norm_field = [&](const char* key) -> std::optional<NormKind> {
    const auto* s = t.get_as<std::string>(key);
    if (!s) return std::nullopt;
    auto n = norm_of(s->get());
    if (!n) problems.add(s, concat(what, ": ", key, " must be rmsnorm, layernorm, layernorm_no_bias or nonparametric"));
    return n;
  };
  if (auto n = norm_field("norm")) r.norm = *n;
  r.qk_norm_kind = norm_field("qk_norm_kind");
  if (const auto* i = t.get_as<int64_t>("norms_per_layer")) r.norms_per_layer = static_cast<int>(i->get());
  if (const auto* i = t.get_as<int64_t>("parallel_norms")) r.parallel_norms = static_cast<int>(i->get());
  r.qkv_bias = read_switch(t.get("qkv_bias"), {}, what + ".qkv_bias", problems);
  r.out_bias = read_switch(t.get("out_bias"), {}, what + ".out_bias", problems);
  r.mlp_bias = read_switch(t.get("mlp_bias"), {}, what + ".mlp_bias", problems);
  r.lm_head_bias = read_switch(t.get("lm_head_bias"), {}, what + ".lm_head_bias", problems);
  r.parallel = read_switch(t.get("parallel"), {}, what + ".parallel", problems);
  r.qk_norm_on = read_switch(t.get("qk_norm_on"), Switch{true, {}, false}, what + ".qk_norm_on", problems);
  r.kv_heads_on = read_switch(t.get("kv_heads_on"), Switch{true, {}, false}, what + ".kv_heads_on", problems);
  if (const auto* s = t.get_as<std::string>("qk_norm")) {
    if (s->get() == "per_head")
      r.qk_norm = QkNorm::per_head;
    else if (s->get() == "full")
      r.qk_norm = QkNorm::full;
    else if (s->get() != "none")
      problems.add(s, concat(what, ": qk_norm must be none, per_head or full"));
  }
  if (const auto* s = t.get_as<std::string>("attention")) {
    if (s->get() != "gqa" && s->get() != "mla") problems.add(s, concat(what, ": attention must be gqa or mla"));
    r.mla = s->get() == "mla";
  }
  if (const auto* s = t.get_as<std::string>("positions")) {
    if (s->get() != "rotary" && s->get() != "learned") problems.add(s, concat(what, ": positions must be rotary or learned"));
    r.learned_positions = s->get() == "learned";
  }
  for (auto [key, flag] : {std::pair{"sinks", &r.sinks}, std::pair{"sliding", &r.sliding}, std::pair{"mtp", &r.mtp}})
    if (const auto* b = t.get_as<bool>(key)) *flag = b->get();
  if (const auto* i = t.get_as<int64_t>("learned_offset")) r.learned_offset = static_cast<int>(i->get());
  if (const auto* i = t.get_as<int64_t>("intermediate_per_hidden")) r.intermediate_per_hidden = static_cast<int>(i->get());
  if (const auto* m = t.get_as<toml::table>("moe")) {
    MoeRow moe;
    moe.keys = r.keys;
    for (const auto& [k, v] : *m) {
      const std::string_view name = k.str();
      if (auto f = field_of(name)) {
        moe.keys[static_cast<std::size_t>(*f)] = key_list(v, concat(what, ".moe.", name), problems);
      } else if (name == "shared_expert_gate" && v.is_boolean()) {
        moe.shared_expert_gate = *v.value<bool>();
      } else if (name == "output_bias" && v.is_boolean()) {
        moe.output_bias = *v.value<bool>();
      } else if (name == "shared_experts_fixed" && v.is_integer()) {
        moe.shared_experts_fixed = static_cast<int>(*v.value<int64_t>());
      } else if (name == "layer_freq_offset" && v.is_integer()) {
        moe.layer_freq_offset = static_cast<int>(*v.value<int64_t>());
      } else if (name == "residual_mlp") {
        moe.residual_mlp = read_switch(&v, {}, what + ".moe.residual_mlp", problems);
      } else if (name == "router_bias" && v.is_boolean()) {
        moe.router_bias = *v.value<bool>();
      } else if (name == "router_bias" && v.is_table()) {
        const auto& rt = *v.as_table();
        if (const auto* s = rt.get_as<std::string>("key")) moe.router_bias_key = s->get();
        if (const auto* s = rt.get_as<std::string>("equals")) moe.router_bias_equals = s->get();
        if (moe.router_bias_key.empty()) problems.add(&v, concat(what, ".moe.router_bias needs a key"));
      } else {
        problems.add(&v, concat(what, ".moe: unknown or mistyped field ", quoted(name)));
      }
    }
    r.moe = std::move(moe);
  }
  if (r.reader == "text_config" && r.text_type.empty()) problems.add(&t, concat(what, ": reader text_config needs text_type"));
  if (r.reader == "unsupported" && r.missing.empty()) problems.add(&t, concat(what, ": reader unsupported needs missing"));
  return r;
}

Table load() {
  Problems problems{kOrigin};
  auto root = parse_toml(embedded_file("hf_model_types.toml"), problems);
  if (!root) problems.throw_if_any(kTag);
  check_keys(*root, {"keys", "shape_keys", "type"}, "the model type table", problems);
  Table tab;
  if (const auto* k = root->get_as<toml::table>("keys")) read_keys_table(*k, tab.default_keys, "[keys]", problems);
  if (const auto* s = root->get_as<toml::table>("shape_keys"))
    for (const auto& [shape, keys] : *s)
      for (const auto& key : key_list(keys, concat("[shape_keys].", shape.str()), problems))
        tab.shape_keys.emplace_back(std::string(shape.str()), key);
  if (const auto* types = root->get_as<toml::array>("type")) {
    for (const auto& item : *types) {
      if (const auto* t = item.as_table()) {
        TypeRow r = read_row(*t, tab, problems);
        if (std::any_of(tab.rows.begin(), tab.rows.end(), [&](const TypeRow& o) { return o.model_type == r.model_type; }))
          problems.add(t, concat("model_type ", quoted(r.model_type), " has two rows"));
        tab.rows.push_back(std::move(r));
      } else {
        problems.add(&item, "each [[type]] must be a table");
      }
    }
  }
  for (const auto& r : tab.rows)
    if (r.reader == "text_config") {
      const auto* inner = std::find_if(tab.rows.data(), tab.rows.data() + tab.rows.size(),
                                       [&](const TypeRow& o) { return o.model_type == r.text_type; });
      if (inner == tab.rows.data() + tab.rows.size())
        problems.add(nullptr, concat("[[type]] ", quoted(r.model_type), ": text_type ", quoted(r.text_type), " has no row"));
    }
  problems.throw_if_any(kTag);
  return tab;
}

}  // namespace

std::string_view field_name(Field f) { return kFieldNames[static_cast<std::size_t>(f)]; }

const Table& table() {
  static const Table t = load();
  return t;
}

const TypeRow* find_row(std::string_view model_type) {
  for (const auto& r : table().rows)
    if (r.model_type == model_type) return &r;
  return nullptr;
}

}  // namespace llmcost::detail::hf
