// Tests of llmcost/pricing/api.hpp. Expected prices are the published list prices
// (DeepSeek api-docs pricing-details-usd; OpenAI pricing page as relayed by community.openai.com).
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/task_profile.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "test_util.hpp"

#include "llmcost/error.hpp"

using namespace llmcost;

namespace {
using test::error_of;
}  // namespace

TEST(ApiPrices, DeepSeekAndOpenAiListPrices) {
  const ApiPrice& r1 = api_price("deepseek-reasoner");  // alias of deepseek-r1
  EXPECT_EQ(r1.id, "deepseek-r1");
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(r1.input_cache_hit.value), 0.14);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(r1.input_cache_miss.value), 0.55);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(r1.output.value), 2.19);
  EXPECT_TRUE(r1.reasoning_billed_as_output);
  EXPECT_EQ(r1.output.provenance.grade, Grade::primary);
  const ApiPrice& v3 = api_price("deepseek-chat");
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(v3.input_cache_hit.value), 0.07);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(v3.input_cache_miss.value), 0.27);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(v3.output.value), 1.10);
  const ApiPrice& o1 = api_price("O1-2024-12-17");
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(o1.input_cache_hit.value), 7.50);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(o1.input_cache_miss.value), 15.0);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(o1.output.value), 60.0);
  // o1-mini before (3 / 12) and after (1.10 / 4.40) the 2025-01-31 cut.
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(api_price("o1-mini-launch").output.value), 12.0);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(api_price("o1-mini").output.value), 4.40);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(api_price("o3-mini").input_cache_miss.value), 1.10);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(api_price("gpt-4o").output.value), 10.0);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(api_price("gpt-4o-mini").input_cache_hit.value), 0.075);
  // Unverified promotional and off-peak prices are graded weak.
  EXPECT_EQ(api_price("deepseek-v3-promo").output.provenance.grade, Grade::weak);
  EXPECT_EQ(api_price("deepseek-r1-offpeak").output.provenance.grade, Grade::weak);
}

TEST(ApiPrices, ListPriceRatiosReproducePublishedFigures) {
  // Hand computation: 15/0.55 = 27.27 -> "27.3×"; 60/2.19 = 27.397 -> "27.4×"; 7.50/0.14 = 53.57 -> "53.6×".
  const ListPriceRatios r = list_price_ratios(api_price("o1"), api_price("deepseek-r1"));
  EXPECT_NEAR(detail::to_raw(r.input_cache_miss), 15.0 / 0.55, 1e-12);
  EXPECT_NEAR(detail::to_raw(r.input_cache_miss), 27.3, 0.05);
  EXPECT_NEAR(detail::to_raw(r.output), 27.4, 0.05);
  EXPECT_NEAR(detail::to_raw(r.input_cache_hit), 53.6, 0.05);
}

TEST(ApiPrices, UnknownIdIsNotFoundWithClosest) {
  const std::string msg = error_of([] { (void)api_price("deepseek-reasonr"); });
  EXPECT_NE(msg.find("[llmcost.pricing.unknown_price_sheet]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("closest: deepseek-r1"), std::string::npos) << msg;
  EXPECT_THROW((void)api_price("gpt-9"), not_found);
}

TEST(ApiPrices, NegativePriceInUserFileIsTaggedWithLineAndColumn) {
  const std::string text = R"([sources.me]
citation = "my quote"

[[price]]
id = "cheap"
provider = "X"
model = "X-1"
api_id = "x-1"
effective_from = "2025-01-01"
reasoning_model = false
reasoning_billed_as_output = false
input_cache_hit_usd_per_mtok  = { value = 0.1, source = "me", grade = "weak" }
input_cache_miss_usd_per_mtok = { value = -0.5, source = "me", grade = "weak" }
output_usd_per_mtok           = { value = 1.0, source = "me", grade = "weak" }
)";
  const std::string msg = error_of([&] { (void)PriceSheets::from_toml(text, "mine.toml"); });
  EXPECT_NE(msg.find("[llmcost.pricing.invalid_file]"), std::string::npos) << msg;
  // Line 13, the value starts at column 43.
  EXPECT_NE(msg.find("mine.toml:13:43:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("-0.5"), std::string::npos) << msg;
  EXPECT_THROW((void)PriceSheets::from_toml(text, "mine.toml"), invalid_input);
}

TEST(ApiPrices, UserSheetMergesAndOverrides) {
  const std::string text = R"([sources.me]
citation = "my quote"

[[price]]
id = "o1"
provider = "OpenAI"
model = "o1"
api_id = "o1"
effective_from = "2026-01-01"
reasoning_model = true
reasoning_billed_as_output = true
input_cache_hit_usd_per_mtok  = { value = 1, source = "me", grade = "weak" }
input_cache_miss_usd_per_mtok = { value = 2, source = "me", grade = "weak" }
output_usd_per_mtok           = { value = 8, source = "me", grade = "weak" }
)";
  const PriceSheets merged = PriceSheets::builtin().merged(PriceSheets::from_toml(text, "mine.toml"));
  EXPECT_EQ(merged.size(), PriceSheets::builtin().size());
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(merged.find("o1").output.value), 8.0);
  EXPECT_DOUBLE_EQ(in_usd_per_mtok(PriceSheets::builtin().find("o1").output.value), 60.0);
}

TEST(ApiPrices, JsonCarriesUnitsAndSources) {
  const std::string j = to_json(api_price("deepseek-r1"));
  EXPECT_NE(j.find("\"output_usd_per_mtok\": 2.19"), std::string::npos) << j;
  EXPECT_NE(j.find("\"output_usd_per_token\""), std::string::npos);
  EXPECT_NE(j.find("api-docs.deepseek.com"), std::string::npos);
}

TEST(ApiPrices, PriceAboveTenThousandDollarsPerMillionTokensAndADirectoryAreRefused) {
  const std::string text = R"([sources.me]
citation = "my quote"

[[price]]
id = "dear"
provider = "X"
model = "X-1"
api_id = "x-1"
effective_from = "2025-01-01"
reasoning_model = false
reasoning_billed_as_output = false
input_cache_hit_usd_per_mtok  = { value = 0.1, source = "me", grade = "weak" }
input_cache_miss_usd_per_mtok = { value = 1e308, source = "me", grade = "weak" }
output_usd_per_mtok           = { value = 1.0, source = "me", grade = "weak" }
)";
  const std::string msg = error_of([&] { (void)PriceSheets::from_toml(text, "mine.toml"); });
  EXPECT_NE(msg.find("mine.toml:13:43: \"input_cache_miss_usd_per_mtok\": value 1e+308 is outside the accepted range "
                     "(0, 10000] USD per million tokens"),
            std::string::npos)
      << msg;
  const std::string dir = error_of([] { (void)PriceSheets::from_file(LLMCOST_TEST_DIR "/pricing"); });
  EXPECT_EQ(dir.rfind("[llmcost.io.not_a_file]", 0), 0u) << dir;
  // A hand-built sheet with an absurd price cannot reach a cost either.
  ApiPrice p = api_price("o1");
  p.output.value = usd_per_mtok(1e308);
  const TokenMix mix{token_count(100), ratio(0.5), token_count(10), token_count(0)};
  EXPECT_NE(error_of([&] { (void)cost_per_task(mix, p); }).find("output_usd_per_mtok = 1e+308"), std::string::npos);
}
