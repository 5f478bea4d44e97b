#include "llmcost/claims/reproduce.hpp"

#include <functional>
#include <utility>

#include "common/suggest.hpp"
#include "llmcost/claims/inference_claims.hpp"
#include "llmcost/claims/training_claims.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

struct Entry {
  const char* id;
  std::function<Report()> build;
};

const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries{
      {"deepseek-v3", deepseek_v3_report},
      {"deepseek-inference", deepseek_inference_report},
      {"deepseek-r1-pricing", [] { return deepseek_r1_pricing_report(); }},
  };
  return entries;
}

}  // namespace

std::vector<std::string> reproducible_ids() {
  std::vector<std::string> ids;
  for (const auto& e : registry()) ids.emplace_back(e.id);
  return ids;
}

Report reproduce(std::string_view id) {
  for (const auto& e : registry())
    if (detail::normalize_name(e.id) == detail::normalize_name(id)) return e.build();
  const auto ids = reproducible_ids();
  throw not_found("llmcost.claims.unknown_report",
                  detail::concat("no reproduction report \"", id, "\"; closest: ",
                                 detail::join(detail::closest(id, ids, 3)), "; available: ", detail::join(ids)));
}

}  // namespace llmcost
