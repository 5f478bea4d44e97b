#pragma once
// Helpers shared by the C++ tests.
#include <functional>
#include <string>

#include "llmcost/detail/unit_cast.hpp"

namespace llmcost::test {
/// The raw SI value of a quantity.
inline double raw(const auto& q) { return detail::to_raw(q); }
/// |got/want - 1|.
inline double rel(double got, double want) { return got / want > 1 ? got / want - 1 : 1 - got / want; }
/// The what() of the exception `f` throws, or "(no exception)".
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace llmcost::test
