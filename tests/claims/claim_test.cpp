#include "llmcost/claims/claim.hpp"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/claims/report.hpp"
#include "llmcost/error.hpp"

using namespace llmcost;

TEST(Claims, DeepSeekV3TableOneIsReproducedExactly) {
  // DeepSeek-V3 TR Table 1 and §1; ISCA '25 Table 4.
  const auto checks = reproduce_claims("deepseek-v3");
  ASSERT_GE(checks.size(), 10u);
  for (const auto& c : checks) EXPECT_TRUE(c.reproduced_exactly()) << c.id << " " << c.reproduced << " vs " << c.published;
  EXPECT_DOUBLE_EQ(recompute(claim("deepseek-v3.total_cost")), 2.788e6 * 2);
  EXPECT_DOUBLE_EQ(recompute(claim("deepseek-v3.total_gpu_hours")), 2.664e6 + 119e3 + 5e3);
  EXPECT_DOUBLE_EQ(recompute(claim("deepseek-v3.gpu_hours_per_trillion_tokens")), 180000.0);  // 2,664K / 14.8
  EXPECT_NEAR(recompute(claim("deepseek-v3.pretrain_days")), 2.664e6 / 2048 / 24, 1e-9);      // 54.199
  EXPECT_NEAR(recompute(claim("deepseek-v3.days_per_trillion_tokens")), 180000.0 / 2048 / 24, 1e-9);  // 3.662
  EXPECT_NEAR(recompute(claim("deepseek-v3.mfu_causal")), 385.0 / 989.0, 1e-12);
}

TEST(Claims, DeepSeekR1RlStage) {
  // DeepSeek-R1 Supplementary B.4.4 / Table 7: 512 × (198 + 80) h + 5K = 147,336 ≈ 147K GPU-h; $294K.
  for (const auto& c : reproduce_claims("deepseek-r1")) EXPECT_TRUE(c.reproduced_exactly()) << c.id;
  EXPECT_DOUBLE_EQ(recompute(claim("deepseek-r1.zero_gpu_hours")), 512.0 * 198);
  EXPECT_DOUBLE_EQ(recompute(claim("deepseek-r1.total_cost")), 147000.0 * 2);
}

TEST(Claims, EveryClaimIsSourced) {
  for (const auto& c : claims()) {
    EXPECT_FALSE(c.source.citation.empty()) << c.id;
    EXPECT_FALSE(c.unit.empty()) << c.id;
  }
}

TEST(Claims, UnknownIdSuggestsClosest) {
  try {
    (void)claim("deepseek-v3.total_costs");
    FAIL();
  } catch (const not_found& e) {
    EXPECT_EQ(e.tag(), "llmcost.claims.unknown_claim");
    EXPECT_NE(std::string(e.what()).find("deepseek-v3.total_cost"), std::string::npos);
  }
  EXPECT_THROW((void)reproduce_claims("gpt-5"), not_found);
}

TEST(Claims, DataDoesNotDependOnReports) {
  // Reports build on the claim data (reproduce_claims lives with them), never the reverse.
  std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/include/llmcost/claims/claim.hpp");
  ASSERT_TRUE(in.good());
  std::string line;
  int includes = 0;
  while (std::getline(in, line)) {
    if (!line.starts_with("#include")) continue;
    ++includes;
    EXPECT_EQ(line.find("report"), std::string::npos) << line;
    EXPECT_EQ(line.find("reproduce"), std::string::npos) << line;
  }
  EXPECT_GT(includes, 0);
}
