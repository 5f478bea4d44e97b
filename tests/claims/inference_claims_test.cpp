// Tests of llmcost/claims/inference_claims.hpp: the Day-6 and R1-pricing reproductions.
// Published values: DS-DAY6 (open-infra-index, 2025-03-01) and the OpenAI/DeepSeek list-price ratios.
#include "llmcost/claims/inference_claims.hpp"

#include <gtest/gtest.h>

#include "llmcost/hardware/catalog.hpp"

using namespace llmcost;

namespace {
const ClaimCheck& claim(const Report& r, const std::string& id) {
  for (const auto& c : r.claims)
    if (c.id == id) return c;
  throw std::runtime_error("no claim " + id);
}
}  // namespace

TEST(InferenceClaims, Day6FiguresReproduceExactly) {
  const Report r = deepseek_inference_report();
  // 226.75 × 8 × 24 × 2 = 87,072 exactly.
  EXPECT_DOUBLE_EQ(claim(r, "daily_cost").reproduced, 87072.0);
  // 342e9 × 0.14e-6 + 266e9 × 0.55e-6 + 168e9 × 2.19e-6 = 47,880 + 146,300 + 367,920 = 562,100;
  // the published $562,027 is within the ±$1,575 that 1B-rounded token counts allow.
  EXPECT_NEAR(claim(r, "theoretical_revenue").reproduced, 562100.0, 1e-6);
  EXPECT_NEAR(claim(r, "theoretical_revenue").rounding, 1575.0, 1e-9);
  EXPECT_TRUE(claim(r, "theoretical_revenue").reproduced_exactly());
  // (562,027 − 87,072) / 87,072 = 5.45476… -> "545%".
  EXPECT_NEAR(claim(r, "cost_profit_margin").reproduced, 474955.0 / 87072.0, 1e-12);
  EXPECT_TRUE(claim(r, "cost_profit_margin").reproduced_exactly());
  for (const auto& c : r.claims) EXPECT_TRUE(c.reproduced_exactly()) << c.id;
}

TEST(InferenceClaims, PricingRatiosReproduce) {
  const Report r = deepseek_r1_pricing_report();
  EXPECT_TRUE(claim(r, "ratio_input_miss").reproduced_exactly());  // 15/0.55 = 27.27 -> 27.3
  EXPECT_TRUE(claim(r, "ratio_output").reproduced_exactly());      // 60/2.19 = 27.40 -> 27.4
  EXPECT_TRUE(claim(r, "ratio_input_hit").reproduced_exactly());   // 7.50/0.14 = 53.57 -> 53.6
  EXPECT_EQ(r.challenges.size(), 3u);
}

TEST(InferenceClaims, Day6RooflineIsACeilingWithinTheDocumentedFactor) {
  // Honest tolerance (docs/inference.md): the roofline is an upper bound and over-predicts
  // the 24-hour production averages (prefill 73.7k, decode 14.8k tok/s per node) by about
  // 2-2.5×; the ±25% target is NOT met. Assert what is documented: above, and within 3×.
  const Day6Prediction p = predict_deepseek_day6(chip("H800"));
  EXPECT_GT(detail::to_raw(p.prefill_error), 0.0);
  EXPECT_GT(detail::to_raw(p.decode_error), 0.0);
  EXPECT_LT(detail::to_raw(p.prefill_error), 2.0);
  EXPECT_LT(detail::to_raw(p.decode_error), 2.0);
}
