// Every input the fuzzer ever crashed on (tests/fuzz/regressions/) must now load or fail with
// a tagged llmcost error, in the ordinary (g++) build too.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/scenario/scenario.hpp"

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST(FuzzRegressions, EveryCrashInputNowGivesATaggedError) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LLMCOST_TEST_DIR "/fuzz/regressions")) {
    const std::string text = slurp(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    ++n;
    try {
      if (!text.empty() && text.front() == '{')
        (void)llmcost::Scenario::from_json(text, "<regression>", "/nonexistent-llmcost-fuzz");
      else
        (void)llmcost::Scenario::from_toml(text, "<regression>", "/nonexistent-llmcost-fuzz");
    } catch (const llmcost::error&) {
      // expected: a tagged input error
    }
  }
  EXPECT_GE(n, 2);
}

TEST(FuzzRegressions, JsonNumberOverflowIsMalformedInput) {
  // nlohmann::json throws out_of_range (not parse_error) for 1e999; both loaders must tag it.
  EXPECT_THROW((void)llmcost::Scenario::from_json(R"({"base": "deepseek-v3", "cluster": {"gpus": 1e999}})"),
               llmcost::invalid_input);
  EXPECT_THROW((void)llmcost::from_hf_config_json(R"({"model_type": "llama", "hidden_size": 1e999})", "cfg.json"),
               llmcost::invalid_input);
}
