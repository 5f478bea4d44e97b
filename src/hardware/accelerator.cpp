#include "llmcost/hardware/accelerator.hpp"

#include <string>
#include <vector>

#include "common/suggest.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost {

Precision parse_precision(std::string_view name) {
  std::vector<std::string> names;
  for (Precision p : all_precisions) {
    if (to_string(p) == name) return p;
    names.emplace_back(to_string(p));
  }
  throw invalid_input("llmcost.precision.unknown",
                      detail::concat("precision ", detail::quoted(name), " is unknown; choices: ", detail::join(names)));
}

FlopsPerSecond Accelerator::require_peak(Precision p) const {
  if (const auto* s = peak_at(p)) return s->value;
  std::vector<std::string> have;
  for (Precision q : all_precisions)
    if (supports(q)) have.emplace_back(to_string(q));
  throw invalid_input("llmcost.hardware.unsupported_precision",
                      detail::concat(detail::quoted(id), " has no ", to_string(p), " peak in the catalog; it supports: ",
                                     have.empty() ? std::string("none listed") : detail::join(have)));
}

}  // namespace llmcost
