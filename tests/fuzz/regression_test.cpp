// Every input a fuzzer ever crashed on, and every hostile input found by hand, must now load or
// fail with a tagged llmcost error, in the ordinary (g++) build too:
//   tests/fuzz/regressions/          the scenario loader (scenario_fuzz)
//   tests/fuzz/regressions-hf/       the HF config.json importer (hf_config_fuzz)
//   tests/fuzz/regressions-catalog/  the accelerator catalog loader (catalog_fuzz)
// The HF and catalog inputs go through the same checks as their fuzz targets (fuzz_checks.hpp),
// which abort on a non-finite or non-positive count.
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <gtest/gtest.h>

#include "fuzz/fuzz_checks.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/scenario/scenario.hpp"
#include "test_util.hpp"

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replays every file of tests/fuzz/<dir> through `check`; returns how many there were.
int replay(const char* dir, const std::function<void(const std::string&)>& check) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(LLMCOST_TEST_DIR "/fuzz/") + dir)) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++n;
    try {
      check(slurp(entry.path()));
    } catch (const llmcost::error&) {
      // expected: a tagged input error
    }
  }
  return n;
}

using llmcost::test::error_of;
}  // namespace

TEST(FuzzRegressions, EveryCrashInputNowGivesATaggedError) {
  const int n = replay("regressions", [](const std::string& text) {
    if (!text.empty() && text.front() == '{')
      (void)llmcost::Scenario::from_json(text, "<regression>", "/nonexistent-llmcost-fuzz");
    else
      (void)llmcost::Scenario::from_toml(text, "<regression>", "/nonexistent-llmcost-fuzz");
  });
  EXPECT_GE(n, 2);
}

TEST(FuzzRegressions, EveryHfConfigInputImportsWithFiniteCountsOrGivesATaggedError) {
  EXPECT_GE(replay("regressions-hf", [](const std::string& text) { llmcost::fuzz::hf_config(text); }), 4);
}

TEST(FuzzRegressions, EveryCatalogInputLoadsOrGivesATaggedError) {
  EXPECT_GE(replay("regressions-catalog", [](const std::string& text) { llmcost::fuzz::catalog(text); }), 5);
}

TEST(FuzzRegressions, HandFoundHfInputsAreRejectedWithTheirKey) {
  // Each file of regressions-hf is rejected with the key that is out of range (not merely caught).
  const std::pair<const char*, const char*> cases[] = {
      {"heads-times-head-dim-overflow.json", "\"num_attention_heads\" = 999999999 is outside the accepted range"},
      {"billion-layers.json", "\"num_hidden_layers\" = 1000000000 is outside the accepted range [1, 10000]"},
      {"first-k-dense-beyond-layers.json", "\"first_k_dense_replace\" = 100 exceeds the number of layers 61"},
      {"million-mtp-layers.json", "\"num_nextn_predict_layers\" = 1000000"},
  };
  for (const auto& [file, expected] : cases) {
    const std::string text = slurp(std::string(LLMCOST_TEST_DIR "/fuzz/regressions-hf/") + file);
    const std::string what = error_of([&] { (void)llmcost::from_hf_config_json(text, file); });
    EXPECT_NE(what.find(expected), std::string::npos) << what;
  }
}

TEST(FuzzRegressions, JsonNumberOverflowIsMalformedInput) {
  // nlohmann::json throws out_of_range (not parse_error) for 1e999; both loaders must tag it.
  EXPECT_THROW((void)llmcost::Scenario::from_json(R"({"base": "deepseek-v3", "cluster": {"gpus": 1e999}})"),
               llmcost::invalid_input);
  EXPECT_THROW((void)llmcost::from_hf_config_json(R"({"model_type": "llama", "hidden_size": 1e999})", "cfg.json"),
               llmcost::invalid_input);
}
