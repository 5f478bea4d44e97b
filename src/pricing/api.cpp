#include "llmcost/pricing/api.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/registry.hpp"
#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

constexpr detail::RegistryFile kFile{"price", "the price-sheet file", "llmcost.pricing.invalid_file", "price-sheet file",
                                     "api_prices.toml"};
constexpr double kMaxUsdPerMtok = 1e4;  // accepted API prices: (0, 1e4] USD per million tokens

const std::vector<std::string>& entry_keys() {
  static const std::vector<std::string> keys{
      "id",           "provider",        "model",           "api_id",
      "aliases",      "effective_from",  "effective_until", "reasoning_model",
      "reasoning_billed_as_output",      "notes",           "input_cache_hit_usd_per_mtok",
      "input_cache_miss_usd_per_mtok",   "output_usd_per_mtok"};
  return keys;
}

bool read_bool(const toml::table& e, std::string_view key, detail::Problems& problems) {
  const toml::node* n = e.get(key);
  if (!n) {
    problems.add(e.source(), detail::concat("missing required key \"", key, "\" (true or false)"));
    return false;
  }
  if (const auto* b = n->as_boolean()) return b->get();
  problems.add(n, detail::concat("\"", key, "\" must be true or false"));
  return false;
}

// A required price: > 0 and finite (a negative or zero price is reported at its line:col).
Sourced<UsdPerToken> read_price(const toml::table& e, std::string_view key, const detail::SourceTable& sources,
                                detail::Problems& problems) {
  if (!e.get(key)) {
    problems.add(e.source(), detail::concat("missing required price \"", key, "\""));
    return {};
  }
  auto raw = detail::read_sourced_number(e, key, sources, problems);
  if (!raw) return {};
  if (raw->value > kMaxUsdPerMtok) {
    const toml::node* v = e.get(key)->as_table() ? e.get(key)->as_table()->get("value") : e.get(key);
    problems.add(v, detail::concat("\"", key, "\": value ", raw->value, " is outside the accepted range (0, ",
                                   kMaxUsdPerMtok, "] USD per million tokens"));
    return {};
  }
  return {usd_per_mtok(raw->value), raw->provenance};
}

ApiPrice read_entry(const toml::table& e, const detail::SourceTable& sources, detail::Problems& problems) {
  detail::check_keys(e, entry_keys(), "[[price]]", problems);
  ApiPrice p;
  p.id = detail::read_string(e, "id", problems);
  p.provider = detail::read_string(e, "provider", problems);
  p.model = detail::read_string(e, "model", problems);
  p.api_id = detail::read_string(e, "api_id", problems);
  p.effective_from = detail::read_string(e, "effective_from", problems);
  p.effective_until = detail::read_string(e, "effective_until", problems, false);
  p.notes = detail::read_string(e, "notes", problems, false);
  p.reasoning_model = read_bool(e, "reasoning_model", problems);
  p.reasoning_billed_as_output = read_bool(e, "reasoning_billed_as_output", problems);
  if (const toml::node* al = e.get("aliases")) {
    if (const toml::array* arr = al->as_array()) {
      for (const auto& item : *arr) {
        if (const auto* s = item.as_string())
          p.aliases.push_back(s->get());
        else
          problems.add(&item, "\"aliases\" must contain strings");
      }
    } else {
      problems.add(al, "\"aliases\" must be an array of strings");
    }
  }
  p.input_cache_hit = read_price(e, "input_cache_hit_usd_per_mtok", sources, problems);
  p.input_cache_miss = read_price(e, "input_cache_miss_usd_per_mtok", sources, problems);
  p.output = read_price(e, "output_usd_per_mtok", sources, problems);
  return p;
}

}  // namespace

PriceSheets::PriceSheets(std::vector<ApiPrice> entries) : entries_(std::move(entries)) {}

PriceSheets PriceSheets::from_toml(std::string_view text, std::string_view origin) {
  auto names_nothing = [](const ApiPrice& p, const toml::table& t, detail::Problems& problems) {
    problems.add(&t, detail::concat("price sheet ", detail::quoted(p.id),
                                    " has an id or alias that names nothing; use a letter or a digit"));
  };
  return PriceSheets(detail::read_registry<ApiPrice>(text, origin, kFile, read_entry,
                                                     detail::unique_names<ApiPrice>(kFile.entry, names_nothing)));
}

PriceSheets PriceSheets::from_file(const std::filesystem::path& path) {
  return detail::read_registry_file<PriceSheets>(path, kFile);
}

const PriceSheets& PriceSheets::builtin() { return detail::builtin_registry<PriceSheets>(kFile); }

PriceSheets PriceSheets::merged(const PriceSheets& overrides) const {
  std::vector<ApiPrice> out = entries_;
  for (const auto& o : overrides.entries_) {
    const auto on = detail::normalize_name(o.id);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const ApiPrice& p) { return detail::normalize_name(p.id) == on; });
    if (it != out.end())
      *it = o;
    else
      out.push_back(o);
  }
  return PriceSheets(std::move(out));
}

const ApiPrice* PriceSheets::try_find(std::string_view name) const noexcept {
  return detail::find_by_name(entries_, name);
}

const ApiPrice& PriceSheets::find(std::string_view name) const {
  if (const ApiPrice* p = try_find(name)) return *p;
  detail::throw_unknown_entry(entries_, name, "llmcost.pricing.unknown_price_sheet",
                              " is not a known API price sheet");
}

const ApiPrice& api_price(std::string_view name) { return PriceSheets::builtin().find(name); }

// ---- JSON -------------------------------------------------------------------------

namespace {

using ojson = nlohmann::ordered_json;

ojson provenance_json(const Provenance& p) {
  ojson j{{"source", p.citation}, {"source_id", p.source_id}, {"grade", to_string(p.grade)}};
  if (!p.url.empty()) j["url"] = p.url;
  if (!p.note.empty()) j["note"] = p.note;
  if (!p.source_date.empty()) j["source_date"] = p.source_date;
  if (!p.as_of.empty()) j["as_of"] = p.as_of;
  return j;
}

ojson price_json(const ApiPrice& p) {
  ojson j;
  j["id"] = p.id;
  j["provider"] = p.provider;
  j["model"] = p.model;
  j["api_id"] = p.api_id;
  j["aliases"] = p.aliases;
  j["effective_from"] = p.effective_from;
  j["effective_until"] = p.effective_until.empty() ? ojson(nullptr) : ojson(p.effective_until);
  j["reasoning_model"] = p.reasoning_model;
  j["reasoning_billed_as_output"] = p.reasoning_billed_as_output;
  ojson sources = ojson::object();
  auto put = [&](const std::string& stem, const Sourced<UsdPerToken>& s) {
    j[stem + "_usd_per_token"] = detail::to_raw(s.value);
    j[stem + "_usd_per_mtok"] = in_usd_per_mtok(s.value);
    sources[stem] = provenance_json(s.provenance);
  };
  put("input_cache_hit", p.input_cache_hit);
  put("input_cache_miss", p.input_cache_miss);
  put("output", p.output);
  j["notes"] = p.notes;
  j["sources"] = std::move(sources);
  return j;
}

}  // namespace

std::string to_json(const ApiPrice& p, int indent) { return price_json(p).dump(indent); }

std::string to_json(const PriceSheets& s, int indent) {
  ojson arr = ojson::array();
  for (const auto& p : s.all()) arr.push_back(price_json(p));
  ojson j{{"conventions",
           {{"units", "*_usd_per_token in USD per token (SI base); *_usd_per_mtok in USD per 1M tokens"},
            {"reasoning", "hidden reasoning tokens are billed as output where reasoning_billed_as_output"},
            {"grades", "primary | derived | secondary | weak"}}},
          {"prices", std::move(arr)}};
  return j.dump(indent);
}

}  // namespace llmcost
