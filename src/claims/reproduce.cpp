#include "llmcost/claims/reproduce.hpp"

#include <functional>
#include <utility>

#include "common/suggest.hpp"
#include "llmcost/claims/inference_claims.hpp"
#include "llmcost/claims/training_claims.hpp"
#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost {
namespace {

struct Entry {
  const char* id;
  std::function<Report(const Catalog&)> build;
};

const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries{
      {"deepseek-v3", [](const Catalog& c) { return deepseek_v3_report(c); }},
      {"deepseek-inference", [](const Catalog& c) { return deepseek_inference_report(c); }},
      {"deepseek-r1-pricing", [](const Catalog& c) { return deepseek_r1_pricing_report(param_count(200e9), c); }},
  };
  return entries;
}

}  // namespace

std::vector<std::string> reproducible_ids() {
  std::vector<std::string> ids;
  for (const auto& e : registry()) ids.emplace_back(e.id);
  return ids;
}

Report reproduce(std::string_view id) { return reproduce(id, Catalog::builtin()); }

Report reproduce(std::string_view id, const Catalog& catalog) {
  for (const auto& e : registry())
    if (detail::normalize_name(e.id) == detail::normalize_name(id)) return e.build(catalog);
  const auto ids = reproducible_ids();
  throw not_found("llmcost.claims.unknown_report",
                  detail::concat("no reproduction report \"", id, "\"; closest: ",
                                 detail::join(detail::closest(id, ids, 3)), "; available: ", detail::join(ids)));
}

}  // namespace llmcost
