#pragma once
// Private: the JSON of a PriceChoice, the `price_source` object of the training and serving
// result documents.
#include <nlohmann/json.hpp>

#include "llmcost/pricing/price_choice.hpp"

namespace llmcost {

/// {"rule", "usd_per_gpu_hour" (null without a price), and for a catalog quote
/// "catalog_high_usd_per_gpu_hour", "citation", "url", "grade", "as_of", "note"}.
nlohmann::ordered_json price_source_json(const PriceChoice& p);

}  // namespace llmcost
