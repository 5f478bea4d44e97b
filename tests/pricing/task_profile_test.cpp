// Tests of llmcost/pricing/task_profile.hpp. Expected costs are hand computed from the
// list prices (DeepSeek api-docs; OpenAI pricing as relayed) and the token counts stated in data/task_profiles.toml.
#include "llmcost/pricing/task_profile.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "test_util.hpp"

#include "llmcost/error.hpp"

using namespace llmcost;

namespace {
double raw(const auto& q) { return detail::to_raw(q); }
using test::error_of;
}  // namespace

TEST(TaskProfile, CostPerTaskByHand) {
  // 1,000 input (40% cached), 200 output, 3,000 reasoning on R1:
  // 1000 × (0.4 × 0.14 + 0.6 × 0.55) + 3200 × 2.19 = 386 + 7008 = 7394 µ$ = $0.007394.
  const TokenMix m{token_count(1000), ratio(0.4), token_count(200), token_count(3000)};
  EXPECT_NEAR(raw(cost_per_task(m, api_price("deepseek-r1"))), 7394e-6, 1e-12);
  // On V3 (not a reasoning sheet but the mix carries reasoning tokens: not billed):
  // 1000 × (0.4 × 0.07 + 0.6 × 0.27) + 200 × 1.10 = 190 + 220 = 410 µ$.
  EXPECT_NEAR(raw(cost_per_task(m, api_price("deepseek-v3"))), 410e-6, 1e-12);
}

TEST(TaskProfile, NonReasoningModelsDropReasoningTokens) {
  const TaskProfile& math = task_profile("math-reasoning");
  EXPECT_DOUBLE_EQ(raw(math.mix_for(api_price("gpt-4o")).reasoning), 0.0);
  EXPECT_DOUBLE_EQ(raw(math.mix_for(api_price("o1")).reasoning), raw(math.mix.reasoning));
}

TEST(TaskProfile, ChatRatioByHand) {
  // chat: 1,500 input (50% cached), 400 output, 800 reasoning on both.
  // o1: 1500 × (0.5 × 7.5 + 0.5 × 15) + 1200 × 60 = 16,875 + 72,000 = 88,875 µ$
  // R1: 1500 × (0.5 × 0.14 + 0.5 × 0.55) + 1200 × 2.19 = 517.5 + 2,628 = 3,145.5 µ$ -> 28.25×
  const TaskProfile& chat = task_profile("chat");
  EXPECT_NEAR(raw(price_ratio(chat, api_price("o1"), api_price("deepseek-r1"))), 88875.0 / 3145.5, 1e-9);
}

TEST(TaskProfile, RatiosStayInsideTheListPriceBand) {
  const ApiPrice& o1 = api_price("o1");
  const ApiPrice& r1 = api_price("deepseek-r1");
  const RatioRange p = price_ratio_range(TaskProfiles::builtin().all(), o1, r1);
  EXPECT_GE(raw(p.low), 15.0 / 0.55 - 1e-9);
  EXPECT_LE(raw(p.high), 7.5 / 0.14 + 1e-9);
  // Over all mixes the extremes are the list-price ratios: pure miss input 27.27×, pure cached input 53.57×.
  const RatioRange g = price_ratio_grid(o1, r1, 11);
  EXPECT_NEAR(raw(g.low), 15.0 / 0.55, 1e-9);
  EXPECT_NEAR(raw(g.high), 7.5 / 0.14, 1e-9);
  EXPECT_EQ(g.high_at, "output_share=0, cached_fraction=1");
}

TEST(TaskProfile, LongerR1ReasoningLowersTheRatio) {
  // math-reasoning: 200 input uncached, 500 output, 8,000 reasoning.
  // o1: 200 × 15 + 8500 × 60 = 513,000 µ$. R1 with 2× reasoning: 200 × 0.55 + 16,500 × 2.19 = 36,245 µ$.
  const TaskProfile& math = task_profile("math-reasoning");
  TokenMix m = math.mix;
  m.reasoning = token_count(16000);
  const TaskProfile twice = with_tokens_for(math, "DeepSeek-R1", m);
  EXPECT_NEAR(raw(price_ratio(twice, api_price("o1"), api_price("deepseek-r1"))), 513000.0 / 36245.0, 1e-9);
  EXPECT_LT(raw(price_ratio(twice, api_price("o1"), api_price("deepseek-r1"))),
            raw(price_ratio(math, api_price("o1"), api_price("deepseek-r1"))));
}

TEST(TaskProfile, Day6TrafficMixGivesDisclosedRevenueShape) {
  // 608 input (342 cached), 168 output on R1: 342×0.14 + 266×0.55 + 168×2.19 = 562.1 µ$ (×1e9 = $562.1K).
  const TaskProfile& d6 = task_profile("deepseek-day6-traffic");
  EXPECT_NEAR(raw(cost_per_task(d6, api_price("deepseek-r1"))), 562.1e-6, 1e-12);
}

TEST(TaskProfile, CacheFractionOutsideUnitIntervalIsOutOfDomain) {
  const TokenMix bad{token_count(100), ratio(1.5), token_count(10), token_count(0)};
  EXPECT_THROW((void)cost_per_task(bad, api_price("o1")), out_of_domain);
  const std::string msg = error_of([&] { (void)cost_per_task(bad, api_price("o1")); });
  EXPECT_NE(msg.find("[llmcost.pricing.cached_fraction]"), std::string::npos) << msg;
  const TokenMix neg{token_count(-1), ratio(0.5), token_count(10), token_count(0)};
  EXPECT_THROW((void)cost_per_task(neg, api_price("o1")), invalid_input);
}

TEST(TaskProfile, FileWithBadFractionReportsLineAndColumn) {
  const std::string text = R"([sources.a]
citation = "assumed"

[[profile]]
id = "x"
title = "X"
assumptions = ["a"]
input_tokens     = { value = 10, source = "a", grade = "weak" }
cached_fraction  = { value = 1.2, source = "a", grade = "weak" }
output_tokens    = { value = 1, source = "a", grade = "weak" }
reasoning_tokens = { value = 0, source = "a", grade = "weak" }
)";
  const std::string msg = error_of([&] { (void)TaskProfiles::from_toml(text, "p.toml"); });
  EXPECT_NE(msg.find("[llmcost.pricing.invalid_profile_file]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("p.toml:9:30:"), std::string::npos) << msg;
}

TEST(TaskProfile, PerModelOverrideFromFile) {
  const std::string text = R"([sources.a]
citation = "assumed"

[[profile]]
id = "x"
title = "X"
assumptions = ["a"]
input_tokens     = { value = 100, source = "a", grade = "weak" }
cached_fraction  = { value = 0, source = "a", grade = "weak" }
output_tokens    = { value = 10, source = "a", grade = "weak" }
reasoning_tokens = { value = 1000, source = "a", grade = "weak" }
[[profile.model]]
model = "DeepSeek-R1"
reasoning_tokens = 3000
note = "R1 assumed 3x as verbose"
)";
  const TaskProfiles ps = TaskProfiles::from_toml(text, "p.toml");
  const TaskProfile& x = ps.find("x");
  EXPECT_DOUBLE_EQ(raw(x.mix_for(api_price("deepseek-r1")).reasoning), 3000.0);
  EXPECT_DOUBLE_EQ(raw(x.mix_for(api_price("o1")).reasoning), 1000.0);
  EXPECT_THROW((void)ps.find("y"), not_found);
}

TEST(TaskProfile, TokenCountsAboveATrillionPerTaskAreRefused) {
  const TokenMix huge{token_count(1e308), ratio(0.5), token_count(10), token_count(0)};
  const std::string msg = error_of([&] { (void)cost_per_task(huge, api_price("o1")); });
  EXPECT_EQ(msg.rfind("[llmcost.pricing.tokens] input_tokens = 1e+308 is outside the accepted range [0, 1e+12]", 0), 0u)
      << msg;
  // At the bound the cost is finite: 1e12 input tokens at o1's $15/Mtok miss price = $15M.
  const TokenMix most{token_count(1e12), ratio(0), token_count(0), token_count(0)};
  EXPECT_NEAR(detail::to_raw(cost_per_task(most, api_price("o1"))), 15e6, 1e-3);
}
