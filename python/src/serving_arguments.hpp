#pragma once
// The text arguments of estimate_inference (scalar and numpy paths) as a ServingRequest: None
// means not given, so that the library names the default it uses.
#include <optional>
#include <string>

#include "arguments.hpp"
#include "llmcost/estimate/serving_request.hpp"

namespace llmcost::python {

/// A request with the model source, the chip (looked up in `catalog`) and the precisions set.
inline ServingRequest serving_request_base(const std::optional<std::string>& model,
                                           const std::optional<std::string>& hf_config,
                                           const std::optional<std::string>& chip,
                                           const std::optional<std::string>& weight_precision,
                                           const std::optional<std::string>& kv_precision,
                                           const std::optional<std::string>& compute_precision,
                                           const CatalogArg& catalog) {
  ServingRequest r;
  r.model = model.value_or("");
  r.hf_config = hf_config.value_or("");
  r.chip = chip.value_or("");
  r.catalog = &catalog.get();
  if (weight_precision) r.weight_precision = parse_precision(*weight_precision);
  if (kv_precision) r.kv_precision = parse_precision(*kv_precision);
  if (compute_precision) r.compute_precision = parse_precision(*compute_precision);
  return r;
}

}  // namespace llmcost::python
