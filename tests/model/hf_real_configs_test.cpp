// Real published config.json files (tests/data/hf_configs, sources in manifest.toml): each
// imports, and its total parameter count matches the published one (safetensors index total_size
// ÷ bytes per parameter, or the model card's exact count) within 0.1%, or within the entry's
// `tolerance` with a `gap` explaining the difference. Configs of shapes not modelled must be
// refused with the entry's `expect_error` tag.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/params.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::error_of;
using llmcost::test::raw;

namespace {
const std::string kDir = std::string(LLMCOST_TEST_DIR) + "/data/hf_configs/";

struct Entry {
  std::string model_type, file, count, expect_error, gap;
  double published = 0, tolerance = 1e-3;
  double rounded = 0, rounded_to = 0;  // a rounded published count and its rounding unit
};

std::vector<Entry> entries() {
  std::vector<Entry> out;
  const toml::table t = toml::parse_file(kDir + "manifest.toml");
  for (const auto& node : *t["config"].as_array()) {
    const auto& c = *node.as_table();
    Entry e;
    e.model_type = c["model_type"].value_or(std::string{});
    e.file = c["file"].value_or(std::string{});
    e.published = c["published_params"].value_or(0.0);
    e.count = c["count"].value_or(std::string("total"));
    e.expect_error = c["expect_error"].value_or(std::string{});
    e.tolerance = c["tolerance"].value_or(1e-3);
    e.gap = c["gap"].value_or(std::string{});
    e.rounded = c["rounded_params"].value_or(0.0);
    e.rounded_to = c["rounded_to"].value_or(0.0);
    out.push_back(e);
  }
  return out;
}
}  // namespace

TEST(HfRealConfigs, PublishedTotalsMatchWithinATenthOfAPercentOrAnExplainedGap) {
  std::map<std::string, std::vector<double>> errors;  // model_type -> |relative error| of each config
  std::set<std::string> rounded_types;                // checked against a rounded count only
  int compared = 0;
  for (const Entry& e : entries()) {
    SCOPED_TRACE(e.file);
    if (!e.expect_error.empty()) {
      const std::string msg = error_of([&] { (void)from_hf_config(kDir + e.file); });
      EXPECT_EQ(msg.rfind("[" + e.expect_error + "]", 0), 0u) << msg;
      continue;
    }
    const HfImport imp = import_hf_config(kDir + e.file);
    EXPECT_EQ(imp.model.model_type, e.model_type);
    EXPECT_TRUE(imp.assumptions.empty());
    const ParamBreakdown b = param_breakdown(imp.model);
    const double got = raw(e.count == "total_with_mtp" ? b.total_with_mtp() : b.total());
    if (e.published <= 0) {
      // Only a rounded count is published: llmcost's count must round to it.
      if (e.rounded > 0) {
        EXPECT_LE(std::abs(got - e.rounded), e.rounded_to / 2)
            << e.model_type << ": llmcost " << got << " does not round to the published " << e.rounded;
        rounded_types.insert(e.model_type);
      }
      continue;
    }
    const double err = std::abs(got - e.published) / e.published;
    EXPECT_TRUE(e.tolerance <= 1e-3 || !e.gap.empty()) << "a tolerance above 0.1% needs a `gap` explaining it";
    EXPECT_LE(err, e.tolerance) << e.model_type << ": llmcost " << got << " vs published " << e.published;
    errors[e.model_type].push_back(err);
    ++compared;
  }
  std::vector<double> worst;
  for (const auto& [type, errs] : errors) worst.push_back(*std::max_element(errs.begin(), errs.end()));
  std::sort(worst.begin(), worst.end());
  if (!worst.empty())
    std::printf("real configs: %d compared over %zu model types with an exact published count; per-type |error| "
                "max %.4g%%, median %.4g%%; %zu types match a rounded published count (the only one published)\n",
                compared, worst.size(), 100 * worst.back(), 100 * worst[worst.size() / 2], rounded_types.size());
  EXPECT_GE(errors.size(), 22u) << "model types with an exact published count";
  std::set<std::string> any = rounded_types;
  for (const auto& [type, errs] : errors) any.insert(type);
  EXPECT_GE(any.size(), 32u) << "model types with an exact or rounded published count";
}

TEST(HfRealConfigs, EveryConfigIsOfASupportedOrRefusedType) {
  const auto& supported = supported_model_types();
  std::set<std::string> seen;
  for (const Entry& e : entries()) {
    seen.insert(e.model_type);
    if (e.expect_error.empty()) {
      EXPECT_TRUE(std::binary_search(supported.begin(), supported.end(), e.model_type)) << e.model_type;
    }
  }
  EXPECT_GE(seen.size(), 30u);
}

TEST(HfRealConfigs, TheTypesWithoutARealConfigAreKnown) {
  // Every supported type has a real config here or in tests/model/fixtures, except these rows,
  // whose shapes are covered by hand-built configs (hf_model_types_test.cpp: Llama 4, Gemma 3
  // wrapped, Persimmon) or are Llama/GPT-J/Mistral shapes under another name. docs/model.md lists them.
  std::set<std::string> have;
  for (const Entry& e : entries()) have.insert(e.model_type);
  for (const auto& entry : std::filesystem::directory_iterator(std::string(LLMCOST_TEST_DIR) + "/model/fixtures"))
    if (entry.path().extension() == ".json") have.insert(entry.path().stem().string());
  std::set<std::string> missing;
  for (const auto& t : supported_model_types())
    if (!have.count(t)) missing.insert(t);
  const std::set<std::string> known = {"arcee", "codegen", "ernie4_5", "exaone4", "gemma3", "gpt_neo",
                                       "granitemoeshared", "helium", "llama4", "llama4_text", "ministral",
                                       "mistral3", "persimmon", "seed_oss"};
  for (const auto& t : missing) EXPECT_TRUE(known.count(t)) << t << " has no real config and is not in the known list";
  EXPECT_GE(supported_model_types().size() - missing.size(), 45u) << "types with a real config";
}
