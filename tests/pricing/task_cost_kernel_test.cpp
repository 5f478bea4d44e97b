// The task-cost and reasoning-multiplier kernels of pricing/task_profile.hpp, and the margin of
// pricing/margin.hpp built on them.
#include <Eigen/Core>
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "llmcost/pricing/margin.hpp"
#include "llmcost/pricing/task_profile.hpp"

namespace llmcost {
namespace {

using test::raw;

TEST(TaskCostKernel, HandComputedBill) {
  // R1 list prices (DeepSeek pricing page): 0.14 hit / 0.55 miss / 2.19 output USD per 1M tokens.
  // 1000 × (0.4 × 0.14 + 0.6 × 0.55) + (200 + 3000) × 2.19 = 7,394 µUSD.
  EXPECT_NEAR(task_cost_usd(1000.0, 0.4, 200.0, 3000.0, true, 0.14e-6, 0.55e-6, 2.19e-6), 7394e-6, 1e-15);
  // Not billed as output: 386 + 438 = 824 µUSD.
  EXPECT_NEAR(task_cost_usd(1000.0, 0.4, 200.0, 3000.0, false, 0.14e-6, 0.55e-6, 2.19e-6), 824e-6, 1e-15);
  // The same kernel element-wise over Eigen arrays gives the scalar values exactly.
  Eigen::ArrayXd in(2), f(2), out(2), rs(2);
  in << 1000, 200;
  f << 0.4, 0;
  out << 200, 500;
  rs << 3000, 8000;
  const Eigen::ArrayXd c = Eigen::ArrayXd::Constant(2, 1.0);
  const Eigen::ArrayXd v = task_cost_usd<Eigen::ArrayXd>(in, f, out, rs, true, 0.14e-6 * c, 0.55e-6 * c, 2.19e-6 * c);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(v[i], task_cost_usd(in[i], f[i], out[i], rs[i], true, 0.14e-6, 0.55e-6, 2.19e-6));
  EXPECT_EQ(raw(task_cost_unchecked(TokenMix{token_count(1000), ratio(0.4), token_count(200), token_count(3000)},
                                    api_price("deepseek-r1"))),
            raw(cost_per_task(TokenMix{token_count(1000), ratio(0.4), token_count(200), token_count(3000)},
                              api_price("deepseek-r1"))));
}

TEST(TaskCostKernel, ReasoningMultiplier) {
  // math-reasoning (200 input, 500 output, 8,000 reasoning) with R1 thinking 2× as long:
  // o1 = 200 × 15 + 8,500 × 60 = 513,000 µUSD; R1 = 200 × 0.55 + 16,500 × 2.19 = 36,245 µUSD.
  const ApiPrice& o1 = api_price("o1");
  const ApiPrice& r1 = api_price("deepseek-r1");
  const TaskProfile v = with_reasoning_multiplier(task_profile("math-reasoning"), r1, 2.0);
  EXPECT_NEAR(raw(price_ratio(v, o1, r1)), 513000.0 / 36245.0, 1e-12);
  EXPECT_EQ(raw(with_reasoning_multiplier(TokenMix{token_count(1), ratio(0), token_count(1), token_count(8000)}, 0.5)
                    .reasoning),
            4000);
}

TEST(Margin, DeepSeekDay6RevenueAtR1Prices) {
  // DS-DAY6: 342B hit, 266B miss, 168B output at R1 prices = $562,100; cost $87,072 -> 545%.
  const Margin m = margin_against(api_price("deepseek-r1"), token_count(608e9), ratio(342.0 / 608), token_count(168e9),
                                  usd(87072));
  EXPECT_NEAR(raw(m.revenue), 562100.0, 1e-6);
  EXPECT_NEAR(raw(m.margin), (562100.0 - 87072) / 87072, 1e-12);
}

}  // namespace
}  // namespace llmcost
