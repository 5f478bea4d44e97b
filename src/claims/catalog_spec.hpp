#pragma once
// Private: the catalog fields a reproduction report reads. With a user catalog (--catalog), an
// entry replaces the built-in one whole, so a field the report needs may be missing; that is an
// input error naming the chip and the field, never a crash.
#include <optional>
#include <string_view>

#include "llmcost/error.hpp"
#include "llmcost/hardware/accelerator.hpp"

namespace llmcost::detail {

/// `field` of `chip`, which the report needs. Throws invalid_input [llmcost.claims.missing_spec].
template <class T>
const T& report_needs(const std::optional<T>& field, const Accelerator& chip, std::string_view name) {
  LLMCOST_REQUIRE(field.has_value(), invalid_input, "llmcost.claims.missing_spec", "this report needs the ", name,
                  " of ", chip.id, ", and the catalog entry has none (a --catalog entry replaces the built-in one "
                  "whole: copy every field the report reads)");
  return *field;
}

/// The dense peak of `chip` at `p`, with its source, which the report needs.
inline const Sourced<FlopsPerSecond>& report_needs_peak(const Accelerator& chip, Precision p) {
  (void)chip.require_peak(p);  // tagged [llmcost.hardware.unsupported_precision] when absent
  return *chip.peak_at(p);
}

}  // namespace llmcost::detail
