#include "pricing/price_choice_json.hpp"

#include <string>

namespace llmcost {

nlohmann::ordered_json price_source_json(const PriceChoice& p) {
  nlohmann::ordered_json j{
      {"rule", std::string(to_string(p.rule))},
      {"usd_per_gpu_hour", p.price ? nlohmann::ordered_json(in_usd_per_gpu_hour(*p.price)) : nlohmann::ordered_json()}};
  if (p.rule == PriceChoice::Rule::catalog_lowest_quote) {
    j["catalog_high_usd_per_gpu_hour"] = in_usd_per_gpu_hour(*p.high);
    j["citation"] = p.source.citation;
    j["url"] = p.source.url;
    j["grade"] = std::string(to_string(p.source.grade));
    j["as_of"] = p.source.as_of;
    j["note"] = p.source.note;
  }
  return j;
}

}  // namespace llmcost
