#include "llmcost/pricing/program.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "test_util.hpp"

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

TEST(Program, InputsOutsideTheirRangeAreNamed) {
  const ProgramAssumptions a = default_program_assumptions();
  EXPECT_NE(test::error_of([&] { (void)program_cost(usd(1e308), a); })
                .find("final_run_usd = 1e+308 is outside the accepted range [0, 1e+18]"),
            std::string::npos);
  ProgramAssumptions b = a;
  b.experiments.high = ratio(1e308);
  EXPECT_NE(test::error_of([&] { (void)program_cost(usd(1), b); }).find("experiments_multiplier = 1e+308"),
            std::string::npos);
  // Staff share just below 1 with every other input at its bound stays finite:
  // compute = 1e18 × (1 + 1e4 + 1e4); staff = compute × s/(1 − s).
  b = a;
  b.experiments.high = b.failed_runs.high = ratio(1e4);
  b.staff_share.high = ratio(1 - 1e-16);
  const ProgramCost p = program_cost(usd(1e18), b);
  EXPECT_TRUE(std::isfinite(detail::to_raw(p.high.total())));
}
