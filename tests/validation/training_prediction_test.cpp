// The training prediction against published runs (data/training_runs.toml): leave-one-family-out
// first, then in-sample; the stored realisation (data/realisation.toml) must be the fit of the
// current model, so a change to the step-time model cannot leave a stale calibration behind.
#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/estimate/training_prediction.hpp"
#include "../test_util.hpp"

namespace llmcost {
namespace {

using test::raw;

const TrainingValidation& validation() {
  static const TrainingValidation v = validate_training_prediction();
  return v;
}

TEST(TrainingPrediction, LeaveOneFamilyOut) {
  const auto& v = validation();
  for (const auto& r : v.runs) {
    std::printf("%-18s %-9s %-8s %-52s ceiling %5.1f%%  steady %9.0f  pub %9.0f  held-out %+6.1f%% [%s] r %.3f\n",
                r.run.id.c_str(), r.run.family.c_str(), r.run.use.c_str(), describe(r.steady.layout).c_str(),
                100 * raw(r.steady.mfu), raw(r.steady_gpu_hours), raw(r.run.published.value),
                100 * r.held_out_error, r.held_out_covered ? "in" : "OUT", std::exp(-r.log_r));
  }
  std::printf("leave-one-family-out: median |error| %.1f%%, max %.1f%%, 80%% coverage %.0f%% (%d runs, %zu families); "
              "in-sample median %.1f%%; realisation median %.3f, sd(ln r) %.3f\n",
              100 * v.held_out_median_abs_error, 100 * v.held_out_max_abs_error, 100 * v.held_out_coverage, v.fit_runs,
              v.families.size(), 100 * v.in_sample_median_abs_error, raw(v.fitted.median()), v.fitted.log_sd);
}

TEST(TrainingPrediction, StoredRealisationIsTheFitOfTheCurrentModel) {
  const Realisation& stored = default_realisation();
  const Realisation& fresh = validation().fitted;
  EXPECT_NEAR(stored.log_mean, fresh.log_mean, 1e-6) << "regenerate: llmcost validate training --calibration-toml";
  EXPECT_NEAR(stored.log_sd, fresh.log_sd, 1e-6);
  EXPECT_EQ(stored.runs, fresh.runs);
  EXPECT_NEAR(stored.interval_half_width_sd, fresh.interval_half_width_sd, 1e-6);
}

}  // namespace
}  // namespace llmcost
