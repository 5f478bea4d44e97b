// Tests of llmcost/model/presets.hpp: lookup, aliases, sources, and agreement with the
// config.json fixtures they were written from.
#include "llmcost/model/presets.hpp"

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/params.hpp"
#include "model/test_util.hpp"

using namespace llmcost;
using llmcost::test::error_of;
using llmcost::test::fixture;
using llmcost::test::raw;

TEST(Presets, TheIssueListIsPresentWithSources) {
  const std::vector<std::string> want = {
      "deepseek-v3",   "deepseek-v2",   "llama-2-7b",       "llama-2-13b",  "llama-2-70b",  "llama-3.1-8b",
      "llama-3.1-70b", "llama-3.1-405b", "mixtral-8x7b",    "qwen2.5-72b",  "gpt-3-175b",   "llama-3-8b",
      "llama-3-70b",   "llama-3.2-1b",  "llama-3.2-3b",     "llama-4-scout", "llama-4-maverick", "phi-3-mini",
      "phi-3-medium",  "phi-3.5-moe",   "phi-4",            "phi-4-mini",   "phi-2",        "tinyllama-1.1b",
      "deepseek-llm-67b", "palm-540b",  "dbrx",             "glm-130b"};
  EXPECT_EQ(model_preset_names(), want);
  for (const auto& p : model_presets()) {
    EXPECT_FALSE(p.provenance.citation.empty()) << p.model.name;
    EXPECT_FALSE(p.provenance.url.empty()) << p.model.name;
    // A preset written with another model type's keys (the same shape) is graded derived and says
    // what its count leaves out.
    if (p.provenance.grade == Grade::derived) {
      EXPECT_FALSE(p.provenance.note.empty()) << p.model.name;
    } else {
      EXPECT_EQ(p.provenance.grade, Grade::primary) << p.model.name;
    }
    EXPECT_TRUE(p.model.max_position_embeddings.has_value()) << p.model.name;
    EXPECT_TRUE(p.model.warnings.empty()) << p.model.name;
  }
}

TEST(Presets, CalibrationRunPresetsMatchTheirPublishedCounts) {
  // Totals from the model cards and papers (see data/models.toml); 1% covers the stand-in keys'
  // omitted norms and biases and the cards' rounding.
  const std::vector<std::pair<std::string, double>> published = {
      {"phi-3-mini", 3.8e9},      {"phi-3-medium", 14e9},        {"phi-4", 14.7e9},  {"phi-4-mini", 3.8e9},
      {"phi-3.5-moe", 41.9e9},    {"tinyllama-1.1b", 1.1e9},     {"deepseek-llm-67b", 67e9},
      {"palm-540b", 540.35e9},    {"dbrx", 132e9},               {"llama-3.2-1b", 1.23e9},
      {"llama-3.2-3b", 3.21e9}};
  for (const auto& [name, n] : published)
    EXPECT_NEAR(raw(total_params(model_preset(name))) / n, 1.0, 0.01) << name;
}

TEST(Presets, LookupIgnoresCaseAndPunctuationAndAcceptsAliases) {
  EXPECT_EQ(&model_preset("DeepSeek-R1"), &model_preset("deepseek-v3"));
  EXPECT_EQ(&model_preset("Llama3.1 405B"), &model_preset("llama-3.1-405b"));
  EXPECT_EQ(model_preset("mixtral").name, "mixtral-8x7b");
}

TEST(Presets, UnknownNameIsNotFoundWithClosestMatches) {
  const std::string msg = error_of([] { (void)model_preset("llama-3.1-406b"); });
  EXPECT_EQ(msg.rfind("[llmcost.model.unknown_preset]", 0), 0u) << msg;
  EXPECT_NE(msg.find("closest: llama-3.1-405b"), std::string::npos) << msg;
  EXPECT_THROW((void)model_preset("gpt-5"), not_found);
}

TEST(Presets, AgreeWithTheConfigFixturesTheyCopy) {
  for (auto [preset, file] : {std::pair{"deepseek-v3", "deepseek_v3.json"}, std::pair{"deepseek-v2", "deepseek_v2.json"},
                              std::pair{"llama-3.1-8b", "llama.json"}, std::pair{"mixtral-8x7b", "mixtral.json"},
                              std::pair{"qwen2.5-72b", "qwen2.json"}}) {
    const ParamBreakdown a = param_breakdown(model_preset(preset));
    const ParamBreakdown b = param_breakdown(from_hf_config(fixture(file)));
    EXPECT_DOUBLE_EQ(raw(a.total()), raw(b.total())) << preset;
    EXPECT_DOUBLE_EQ(raw(a.active()), raw(b.active())) << preset;
    EXPECT_DOUBLE_EQ(raw(a.mtp), raw(b.mtp)) << preset;
  }
}
