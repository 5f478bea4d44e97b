#pragma once
// File: llmcost/pricing/api.hpp
//
// API price sheets as market data: what a provider charges per token for one model,
// split into input served from the prompt cache (cache hit), ordinary input (cache
// miss) and output. For reasoning models the hidden reasoning tokens are billed as
// output (`reasoning_billed_as_output`). The built-in sheets come from
// data/api_prices.toml (compiled in; every price has a source and grade); users can
// load extra or overriding sheets from a TOML file with the same schema.
//
// List-price ratios: o1 / R1 = 15/0.55 = 27.3× (cache-miss input),
// 60/2.19 = 27.4× (output), 7.50/0.14 = 53.6× (cached input).
//
//   const ApiPrice& r1 = llmcost::api_price("deepseek-reasoner");
//   UsdPerToken out = r1.output.value;                  // $2.19/Mtok
//   PriceSheets mine = PriceSheets::builtin().merged(PriceSheets::from_file("my_prices.toml"));
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// One provider's list price for one model over a period.
struct ApiPrice {
  std::string id;                    ///< llmcost key, e.g. "deepseek-r1" (unique)
  std::string provider;              ///< e.g. "DeepSeek"
  std::string model;                 ///< model family, e.g. "DeepSeek-R1" (task profiles key on it)
  std::string api_id;                ///< the provider's model id, e.g. "deepseek-reasoner"
  std::vector<std::string> aliases;  ///< other names accepted by lookup
  std::string effective_from;        ///< date the price took effect (ISO, may be YYYY-MM)
  std::string effective_until;       ///< date it ended; empty while current
  bool reasoning_model = false;      ///< emits hidden reasoning tokens
  bool reasoning_billed_as_output = false;  ///< hidden reasoning tokens billed at the output price
  std::string notes;
  Sourced<UsdPerToken> input_cache_hit;   ///< input served from the prompt cache [USD/tok]
  Sourced<UsdPerToken> input_cache_miss;  ///< ordinary input [USD/tok]
  Sourced<UsdPerToken> output;            ///< generated tokens [USD/tok]
};

/// The three list-price ratios numerator / denominator.
struct ListPriceRatios {
  Ratio input_cache_miss;  ///< e.g. o1/R1 = 15/0.55 = 27.27
  Ratio input_cache_hit;   ///< e.g. 7.50/0.14 = 53.57
  Ratio output;            ///< e.g. 60/2.19 = 27.40
};

/// The list-price ratios of `numerator` over `denominator` (how many times dearer). Throws
/// invalid_input [llmcost.pricing.invalid_price] when a price of `denominator` is not > 0, and
/// out_of_domain [llmcost.pricing.overflow] when a ratio is not finite.
inline ListPriceRatios list_price_ratios(const ApiPrice& numerator, const ApiPrice& denominator) {
  for (const auto* p : {&denominator.input_cache_miss, &denominator.input_cache_hit, &denominator.output})
    LLMCOST_REQUIRE(detail::to_raw(p->value) > 0, invalid_input, "llmcost.pricing.invalid_price", "price sheet ",
                    detail::quoted(denominator.id), " has a price of ", in_usd_per_mtok(p->value),
                    " USD/Mtok; a list-price ratio needs every denominator price > 0");
  const ListPriceRatios r{numerator.input_cache_miss.value / denominator.input_cache_miss.value,
                          numerator.input_cache_hit.value / denominator.input_cache_hit.value,
                          numerator.output.value / denominator.output.value};
  for (const Ratio& x : {r.input_cache_miss, r.input_cache_hit, r.output})
    detail::require_finite_result(detail::to_raw(x), "a list-price ratio",
                                  "the numerator's prices and the inverse of the denominator's",
                                  "llmcost.pricing.overflow");
  return r;
}

/// An immutable set of price sheets with name lookup.
class PriceSheets {
 public:
  PriceSheets() = default;
  explicit PriceSheets(std::vector<ApiPrice> entries);

  /// The built-in sheets (parsed once from the embedded data/api_prices.toml).
  static const PriceSheets& builtin();
  /// Parses price-sheet TOML text; `origin` names it in messages. Throws invalid_input
  /// [llmcost.pricing.invalid_file] listing every problem as `origin:line:col: message`
  /// (e.g. a negative or zero price, an unknown source, an unknown key).
  static PriceSheets from_toml(std::string_view text, std::string_view origin);
  /// Reads and parses a file. Throws io_error [llmcost.io.read] when unreadable.
  static PriceSheets from_file(const std::filesystem::path& path);

  /// These sheets with `overrides` applied: same id replaces, a new id is appended.
  [[nodiscard]] PriceSheets merged(const PriceSheets& overrides) const;

  /// The sheet called `name` (id or alias, case-insensitive, ignoring - _ . and spaces).
  /// Throws not_found [llmcost.pricing.unknown_price_sheet] with the closest matches.
  [[nodiscard]] const ApiPrice& find(std::string_view name) const;
  /// The sheet called `name`, or nullptr.
  [[nodiscard]] const ApiPrice* try_find(std::string_view name) const noexcept;
  [[nodiscard]] const std::vector<ApiPrice>& all() const noexcept { return entries_; }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::vector<ApiPrice> entries_;
};

/// Looks `name` up in the built-in sheets. Throws not_found.
const ApiPrice& api_price(std::string_view name);

/// The sheet as JSON: keys with the unit in the name (`output_usd_per_token`, SI base
/// value, and `output_usd_per_mtok` for humans) and a "sources" object per price.
std::string to_json(const ApiPrice& p, int indent = 2);
/// Every sheet: {"conventions": {...}, "prices": [...]}.
std::string to_json(const PriceSheets& s, int indent = 2);

}  // namespace llmcost
