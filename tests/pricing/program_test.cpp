#include "llmcost/pricing/program.hpp"

#include <gtest/gtest.h>

#include "llmcost/error.hpp"

using namespace llmcost;

TEST(Program, HandComputedScenario) {
  // final $5.576M, experiments 1×, failed 0.1×, staff share 39%, data $1M:
  //   compute = 5.576 × 2.1 = 11.7096M; staff = 11.7096 × 0.39/0.61 = 7.48647M; total = 20.19607M
  ProgramAssumptions a;
  a.experiments = {ratio(1), ratio(1), ratio(1), {}};
  a.failed_runs = {ratio(0.1), ratio(0.1), ratio(0.1), {}};
  a.staff_share = {ratio(0.39), ratio(0.39), ratio(0.39), {}};
  a.data = {usd(1e6), usd(1e6), usd(1e6), {}};
  const ProgramCost p = program_cost(usd(5.576e6), a);
  EXPECT_NEAR(detail::to_raw(p.base.compute()), 11.7096e6, 1e-3);
  EXPECT_NEAR(detail::to_raw(p.base.staff), 11.7096e6 * 0.39 / 0.61, 1e-3);
  EXPECT_NEAR(detail::to_raw(p.base.total()), 11.7096e6 * (1 + 0.39 / 0.61) + 1e6, 1e-3);
}

TEST(Program, DefaultsAreOrderedAndGraded) {
  const ProgramAssumptions a = default_program_assumptions();
  EXPECT_EQ(a.experiments.source.grade, Grade::weak);
  EXPECT_EQ(a.failed_runs.source.grade, Grade::weak);
  // Cottier et al. 2024: R&D staff 29-49% of development cost.
  EXPECT_DOUBLE_EQ(detail::to_raw(a.staff_share.low), 0.29);
  EXPECT_DOUBLE_EQ(detail::to_raw(a.staff_share.high), 0.49);
  const ProgramCost p = program_cost(usd(5.576e6), a);
  EXPECT_LT(detail::to_raw(p.low.total()), detail::to_raw(p.base.total()));
  EXPECT_LT(detail::to_raw(p.base.total()), detail::to_raw(p.high.total()));
  EXPECT_DOUBLE_EQ(detail::to_raw(p.base.final_run), 5.576e6);
}

TEST(Program, BadFactorsAreTagged) {
  ProgramAssumptions a = default_program_assumptions();
  a.staff_share.base = ratio(1.0);
  try {
    (void)program_cost(usd(1), a);
    FAIL();
  } catch (const out_of_domain& e) {
    EXPECT_EQ(e.tag(), "llmcost.program.invalid");
  }
  a = default_program_assumptions();
  a.experiments.low = ratio(-1);
  EXPECT_THROW((void)program_cost(usd(1), a), invalid_input);
}
