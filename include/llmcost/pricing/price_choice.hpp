#pragma once
// File: llmcost/pricing/price_choice.hpp
//
// The one default-price rule of the estimators (training and serving): a price the caller
// states; else the chip's lowest catalog rental quote (with its source); else no price, and then
// no cost is reported (FLOPs, GPU-hours and time do not need one).
//
//   PriceChoice p = choose_price(chip("H800"), std::nullopt);  // catalog_lowest_quote, $/GPU-h low end
//   if (p.price) cost = gpu_hours * *p.price;
#include <optional>
#include <string_view>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Which price an estimate used, and why.
struct PriceChoice {
  enum class Rule { stated, catalog_lowest_quote, none };
  Rule rule = Rule::none;
  std::optional<UsdPerGpuHour> price;  ///< none when nothing was stated and the chip has no quote
  Provenance source;                   ///< the catalog quote's source, or "stated" for a caller's price
  std::optional<UsdPerGpuHour> high;   ///< the catalog's highest quote (rule catalog_lowest_quote)
};

/// "stated", "catalog_lowest_quote", "none".
[[nodiscard]] constexpr std::string_view to_string(PriceChoice::Rule r) noexcept {
  switch (r) {
    case PriceChoice::Rule::stated: return "stated";
    case PriceChoice::Rule::catalog_lowest_quote: return "catalog_lowest_quote";
    case PriceChoice::Rule::none: return "none";
  }
  return "none";
}

/// The default-price rule: `stated` when given (checked to lie in (0, 1e4] USD/GPU-hour:
/// invalid_input [llmcost.pricing.invalid_price] names `price_usd_per_gpu_hour`), else the chip's lowest
/// catalog rental quote, else no price.
[[nodiscard]] inline PriceChoice choose_price(const Accelerator& chip, std::optional<UsdPerGpuHour> stated) {
  PriceChoice p;
  if (stated) {
    detail::require_positive_up_to(in_usd_per_gpu_hour(*stated), detail::kMaxPriceUsdPerGpuHour,
                                   "price_usd_per_gpu_hour", "llmcost.pricing.invalid_price");
    p.rule = PriceChoice::Rule::stated;
    p.price = stated;
    p.source.citation = "stated by the caller";
    p.source.grade = Grade::weak;
    p.source.note = "user assumption";
    return p;
  }
  if (chip.rental_price) {
    p.rule = PriceChoice::Rule::catalog_lowest_quote;
    p.price = chip.rental_price->low;
    p.high = chip.rental_price->high;
    p.source = chip.rental_price->provenance;
  }
  return p;
}

}  // namespace llmcost
