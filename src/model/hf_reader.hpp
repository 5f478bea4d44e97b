#pragma once
// Private: reading one Hugging Face config.json object (src/model/hf_config.cpp): the Reader,
// which names origin:line:col and the key in every error and records the keys it read, and the
// readers of the model families whose keys need code (GPT-2, GPT-J, NeoX, OPT, BLOOM, Falcon, MPT;
// hf_families.cpp).
#include <array>
#include <cctype>
#include <functional>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/suggest.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/transformer.hpp"
#include "model/hf_types.hpp"

namespace llmcost::detail::hf {

using json = nlohmann::json;
using Keys = std::initializer_list<const char*>;

inline constexpr const char* kMalformed = "llmcost.model.malformed_config";
inline constexpr const char* kMissing = "llmcost.model.missing_key";
inline constexpr const char* kInvalid = "llmcost.model.invalid_value";
inline constexpr const char* kInconsistent = "llmcost.model.inconsistent";
inline constexpr const char* kOutOfRange = "llmcost.hf_config.out_of_range";
inline constexpr const char* kUnknownType = "llmcost.model.unknown_model_type";
inline constexpr const char* kUnsupported = "llmcost.model.unsupported_shape";
inline constexpr const char* kUnreadShape = "llmcost.model.unread_shape_key";
inline constexpr int kMaxJsonDepth = 64;

// The largest value each size key may take (model_limits in transformer.hpp).
double max_of(std::string_view key);
// line:column (1-based) of byte offset `pos` in `text`.
std::string line_col(std::string_view text, std::size_t pos);

// Reads one config object; every error names origin:line:col and the key.
class Reader {
 public:
  Reader(const json& obj, std::string_view text, std::string_view origin)
      : obj_(obj), text_(text), origin_(detail::escaped(origin)) {
    index_top_level();
  }

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
    const auto dot = key.find('.');
    const json* v = top(key.substr(0, dot));
    if (!v) return nullptr;
    mark_read(v);
    return below(v, key, dot);
  }
  void mark_read(const json* top_level_value) const {
    touched_.push_back(top_level_value);
    sorted_ = false;
  }
  // The value of `key` without recording it as read.
  [[nodiscard]] const json* peek(std::string_view key) const {
    const auto dot = key.find('.');
    return below(top(key.substr(0, dot)), key, dot);
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
    const json* v = top(key.substr(0, key.find('.')));
    return v && was_read(v);
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
  using Member = json::object_t::value_type;
  // Top-level members by hash of their key (open addressing): most lookups are of aliases a
  // config does not have, and each costs one hash and a probe or two instead of a walk down the
  // object's tree. An object of more than kSlots / 2 members is looked up in its tree.
  static constexpr std::size_t kSlots = 256;
  void index_top_level() {
    if (!obj_.is_object()) return;
    const auto& members = obj_.get_ref<const json::object_t&>();
    if (members.size() > kSlots / 2) return;
    index_.emplace();
    index_->fill(nullptr);
    for (const Member& m : members) {
      std::size_t i = slot(m.first);
      while ((*index_)[i]) i = (i + 1) % kSlots;
      (*index_)[i] = &m;
    }
  }
  static std::size_t slot(std::string_view key) { return std::hash<std::string_view>{}(key) % kSlots; }
  // The top-level member `key`, or nullptr.
  [[nodiscard]] const json* top(std::string_view key) const {
    if (index_) {
      for (std::size_t i = slot(key);; i = (i + 1) % kSlots) {
        const Member* m = (*index_)[i];
        if (!m) return nullptr;
        if (m->first == key) return &m->second;
      }
    }
    const auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }
  // Below the top-level value `v` of `key`, whose first dot is at `dot`: the nested value the
  // rest of the key names, or nullptr when absent or null.
  [[nodiscard]] static const json* below(const json* v, std::string_view key, std::size_t dot) {
    for (;;) {
      if (!v || v->is_null()) return nullptr;
      if (dot == std::string_view::npos) return v;
      if (!v->is_object()) return nullptr;
      key.remove_prefix(dot + 1);
      dot = key.find('.');
      const auto it = v->find(key.substr(0, dot));
      v = it == v->end() ? nullptr : &*it;
    }
  }

  const json& obj_;
  std::string_view text_;
  std::string origin_;
  std::optional<std::array<const Member*, kSlots>> index_;
  mutable std::vector<const json*> touched_;
  mutable bool sorted_ = true;
};

inline constexpr Keys kHeads = {"num_attention_heads", "n_head", "n_heads", "num_heads"};

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
int head_dim_of(const Reader& r, int hidden, int heads, const char* heads_key);

template <class KeyRange>
int kv_heads_of(const Reader& r, int heads, const KeyRange& keys) {
  const char* k = r.first(keys);
  if (!k) return heads;
  const int kv = r.size_at(k);
  if (heads % kv != 0)
    r.fail(kInconsistent, k, detail::concat("= ", kv, " does not divide the number of attention heads ", heads));
  return kv;
}
int kv_heads_of(const Reader& r, int heads, Keys keys);

/// MHA when every query head has its own K/V head, else GQA (MQA: one K/V head).
void set_kind(Attention& a);

enum class Family { gpt2, gpt_bigcode, gptj, gpt_neox, opt, bloom, falcon, mpt };
/// The family a table row's `reader` names, or nullopt ("decoder", "jetmoe", ...).
std::optional<Family> family_of(std::string_view reader);
/// GPT-2, GPT-BigCode and GPT-J keys.
void read_gpt2_like(const Reader& r, Family f, Transformer& t);
/// NeoX, OPT, BLOOM, Falcon and MPT keys.
void read_family(const Reader& r, Family f, Transformer& t);
/// The activation of each family's MLP (informative).
void set_legacy_activation(Family f, Transformer& t);

}  // namespace llmcost::detail::hf
