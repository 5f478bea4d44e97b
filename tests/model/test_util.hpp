#pragma once
// Shared helpers of the model tests.
#include <functional>
#include <string>

#include "llmcost/detail/unit_cast.hpp"

namespace llmcost::test {
inline double raw(const auto& q) { return detail::to_raw(q); }
/// |got/want - 1|.
inline double rel(double got, double want) { return got / want > 1 ? got / want - 1 : 1 - got / want; }
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}
inline std::string fixture(const std::string& name) { return std::string(LLMCOST_TEST_DIR) + "/model/fixtures/" + name; }
}  // namespace llmcost::test
