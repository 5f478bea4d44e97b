#pragma once
// The JSON of the defaults that stood in for inputs the user did not give (llmcost/provenance.hpp:
// DefaultUsed), one writer for every document that lists them.
#include <vector>

#include <nlohmann/json.hpp>

#include "llmcost/provenance.hpp"

namespace llmcost::detail {

/// [{"input", "value", "source"}, ...] in the order given.
inline nlohmann::ordered_json defaults_json(const std::vector<DefaultUsed>& defaults) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const auto& d : defaults) a.push_back({{"input", d.input}, {"value", d.value}, {"source", d.source}});
  return a;
}

}  // namespace llmcost::detail
