#pragma once
// Shared helpers of the model tests.
#include <string>

#include "../test_util.hpp"

namespace llmcost::test {
inline std::string fixture(const std::string& name) { return std::string(LLMCOST_TEST_DIR) + "/model/fixtures/" + name; }
}  // namespace llmcost::test
