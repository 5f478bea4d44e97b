// Tests for llmcost/scenario/scenario.hpp: overrides, every error path with line:col,
// determinism, closed-form Monte Carlo cases, extends cycles/depth.
#include "llmcost/scenario/scenario.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"

using namespace llmcost;

namespace {

std::string error_of(const std::string& toml) {
  try {
    (void)Scenario::from_toml(toml, "t.toml");
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "";
}

double metric(const Scenario& s, const std::string& name) {
  for (const auto& [k, v] : s.base_point())
    if (k == name) return v;
  return NAN;
}

}  // namespace

TEST(Scenario, OverridesReplaceDefaults) {
  const Scenario base = Scenario::from_toml("base = \"deepseek-v3\"\n");
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = 3.0\ncluster.gpus = 4096\n");
  // cost is linear in price: 3/2 of the $2 base; GPU-hours unchanged; wall-clock halves with 2× GPUs
  EXPECT_NEAR(metric(s, "final_run_cost_usd") / metric(base, "final_run_cost_usd"), 1.5, 1e-12);
  EXPECT_NEAR(metric(s, "gpu_hours"), metric(base, "gpu_hours"), 1e-6);
  EXPECT_NEAR(metric(s, "wall_clock_days") * 2, metric(base, "wall_clock_days"), 1e-9);
  // base gpu_hours by hand: 14.8e12 tok × F / (0.3894 × peak) / 3600 × (1 + 124/2664); rental $2
  EXPECT_NEAR(metric(base, "final_run_cost_usd"), 2 * metric(base, "gpu_hours"), 1e-3);
  // nested-table and dotted-key spellings are the same override
  const Scenario t = Scenario::from_toml("base = \"deepseek-v3\"\n[pricing]\nrental_usd_per_gpu_hour = 3.0\n[cluster]\ngpus = 4096\n");
  EXPECT_DOUBLE_EQ(metric(t, "final_run_cost_usd"), metric(s, "final_run_cost_usd"));
}

TEST(Scenario, StandInDefaultsAreNamedUnlessOverridden) {
  // The catalog has no purchase price for the H800 (DeepSeek never published one): under ownership
  // the H100's stands in, and the scenario says so. Rental prices never read it: no note.
  EXPECT_TRUE(Scenario::from_toml("base = \"deepseek-v3\"\n").notes().empty());
  const Scenario owned = Scenario::from_toml("base = \"deepseek-v3\"\npricing.model = \"ownership\"\n");
  ASSERT_EQ(owned.notes().size(), 1U);
  EXPECT_NE(owned.notes()[0].find("H800-SXM has no purchase price"), std::string::npos) << owned.notes()[0];
  EXPECT_NE(owned.notes()[0].find("H100"), std::string::npos);
  EXPECT_NE(owned.notes()[0].find("ownership.gpu_price_usd"), std::string::npos);
  // A price in the file: nothing stands in.
  EXPECT_TRUE(Scenario::from_toml("base = \"deepseek-v3\"\npricing.model = \"ownership\"\n"
                                  "ownership.gpu_price_usd = 25000\n")
                  .notes()
                  .empty());
}

TEST(Scenario, TokensOverrideScalesLinearly) {
  const Scenario a = Scenario::from_toml("base = \"deepseek-v3\"\nphases.pretrain.tokens = 7.4e12\n");
  const Scenario b = Scenario::from_toml("base = \"deepseek-v3\"\nphases.pretrain.tokens = 14.8e12\n");
  EXPECT_NEAR(metric(b, "gpu_hours") / metric(a, "gpu_hours"), 2.0, 1e-12);
}

TEST(Scenario, ExtendsLayersOverridesAndDetectsCycles) {
  const auto dir = std::filesystem::temp_directory_path() / "llmcost_scen_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "parent.toml") << "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = 4.0\ncluster.gpus = 1024\n";
  std::ofstream(dir / "child.toml") << "extends = \"parent.toml\"\ncluster.gpus = 2048\n";
  const Scenario c = Scenario::load(dir / "child.toml");
  EXPECT_DOUBLE_EQ(c.input("pricing.rental_usd_per_gpu_hour").value, 4.0);  // inherited
  EXPECT_DOUBLE_EQ(c.input("cluster.gpus").value, 2048);                    // overridden
  EXPECT_EQ(c.files().size(), 2u);
  std::ofstream(dir / "a.toml") << "extends = \"b.toml\"\n";
  std::ofstream(dir / "b.toml") << "extends = \"a.toml\"\n";
  try {
    (void)Scenario::load(dir / "a.toml");
    FAIL() << "cycle not detected";
  } catch (const invalid_input& e) {
    EXPECT_NE(std::string(e.what()).find("llmcost.scenario.extends_cycle"), std::string::npos) << e.what();
  }
  for (int i = 0; i < 20; ++i)
    std::ofstream(dir / ("d" + std::to_string(i) + ".toml")) << "extends = \"d" << i + 1 << ".toml\"\n";
  std::ofstream(dir / "d20.toml") << "base = \"deepseek-v3\"\n";
  try {
    (void)Scenario::load(dir / "d0.toml");
    FAIL() << "depth not limited";
  } catch (const invalid_input& e) {
    EXPECT_NE(std::string(e.what()).find("llmcost.scenario.extends_depth"), std::string::npos) << e.what();
  }
}

TEST(ScenarioErrors, EveryProblemAtOnceWithLineAndColumn) {
  const std::string e = error_of(
      "base = \"deepseek-v3\"\n"                       // 1
      "clustr.gpus = 4096\n"                           // 2 unknown key, did you mean
      "efficiency.mfu = \"high\"\n"                    // 3 wrong type
      "efficiency.goodput = 1.5\n"                     // 4 out of range
      "pricing.rental_usd_per_gpu_hour = nan\n"        // 5 NaN
      "phases.pretrain.tokens = inf\n"                 // 6 inf
      "efficiency.mfu_basis = \"fp7\"\n");             // 7 unknown choice
  EXPECT_NE(e.find("llmcost.scenario.invalid"), std::string::npos) << e;
  EXPECT_NE(e.find("6 problems"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:2:1"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean \"cluster.gpus\""), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:3:18: [llmcost.scenario.type]"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:4:22: [llmcost.scenario.out_of_range]"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:5:35: [llmcost.scenario.non_finite]"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:6:26: [llmcost.scenario.non_finite]"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:7:24"), std::string::npos) << e;
}

TEST(ScenarioErrors, TaggedErrors) {
  EXPECT_NE(error_of("base = \"deepseek-v3\"\ncluster.gpus = [1, 2\n").find("llmcost.scenario.syntax"), std::string::npos);
  EXPECT_NE(error_of("cluster.gpus = 4\n").find("llmcost.scenario.missing"), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v4\"\n").find("did you mean \"deepseek-v3\""), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\ncluster.chip = \"H900\"\n").find("t.toml:2:16: [llmcost.catalog"),
            std::string::npos) << error_of("base = \"deepseek-v3\"\ncluster.chip = \"H900\"\n");
  EXPECT_NE(error_of("base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"triangular\", low = 0.3, high = 0.4 }\n")
                .find("needs \"mode\""), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"uniform\", low = 0.5, high = 1.5 }\n")
                .find("t.toml:2:18: [llmcost.scenario.out_of_range]"), std::string::npos);
  // An open lower bound is written as such: GPUs must be > 0, i.e. in (0, 1e8], with one tag.
  {
    const std::string e = error_of("base = \"deepseek-v3\"\ncluster.gpus = { dist = \"uniform\", low = -5, high = 4096 }\n");
    EXPECT_NE(e.find("t.toml:2:16: [llmcost.scenario.out_of_range] cluster.gpus: low = -5 is outside the input's domain (0, "),
              std::string::npos) << e;
    EXPECT_EQ(e.find("[llmcost.scenario.distribution]"), std::string::npos) << e;
    const std::string sweep = error_of("base = \"deepseek-v3\"\n[sweep]\ncluster.gpus = [0, 2048]\n");
    EXPECT_NE(sweep.find("value 0 is outside (0, "), std::string::npos) << sweep;
  }
  EXPECT_NE(error_of("base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"gamma\", low = 0.5 }\n").find("unknown distribution"),
            std::string::npos);
  std::string huge = "base = \"deepseek-v3\"\n[sweep]\ncluster.gpus = [";
  for (int i = 0; i < 100001; ++i) huge += "1,";
  huge += "1]\n";
  EXPECT_NE(error_of(huge).find("llmcost.scenario.too_large"), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\n[sweep]\nmode = \"zip\"\ncluster.gpus = [1, 2]\nefficiency.mfu = [0.3]\n")
                .find("llmcost.scenario.sweep"), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\n[monte_carlo]\nmetrics = [\"cost\"]\n").find("unknown metric"), std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\n[monte_carlo]\nsamples = -5\n").find("llmcost.scenario.out_of_range"),
            std::string::npos);
  EXPECT_NE(error_of("base = \"deepseek-v3\"\nextends = \"nope.toml\"\n").find("llmcost.scenario.extends_missing"),
            std::string::npos);
}

TEST(ScenarioErrors, JsonIsAccepted) {
  const Scenario s = Scenario::from_json(R"({"base": "deepseek-v3", "pricing": {"rental_usd_per_gpu_hour": 3}})");
  EXPECT_DOUBLE_EQ(s.input("pricing.rental_usd_per_gpu_hour").value, 3.0);
  EXPECT_THROW((void)Scenario::from_json("{\"base\": "), invalid_input);
}

TEST(MonteCarlo, UniformPriceGivesUniformCost) {
  // cost = GPU-h × price with GPU-h fixed: price ~ U(1, 3) ⇒ cost ~ U(H, 3H).
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"uniform\", low = 1.0, high = 3.0 }\n");
  const double H = metric(s, "gpu_hours");
  RunOptions o;
  o.samples = 200000;
  o.seed = 11;
  o.metrics = {"final_run_cost_usd"};
  o.percentiles = {5, 50, 95};
  const McResult r = s.run(o);
  const auto& m = r.metrics[0];
  // U(a, b): mean (a+b)/2 = 2H, sd (b−a)/√12 = 2H/√12, Pp = a + p(b−a)
  EXPECT_NEAR(m.mean / H, 2.0, 0.01);
  EXPECT_NEAR(m.sd / H, 2.0 / std::sqrt(12.0), 0.01);
  EXPECT_NEAR(m.percentiles[0].second / H, 1.1, 0.01);
  EXPECT_NEAR(m.percentiles[1].second / H, 2.0, 0.01);
  EXPECT_NEAR(m.percentiles[2].second / H, 2.9, 0.01);
  // histogram of a uniform: every one of 20 bins holds ~5%
  for (auto c : m.histogram.counts) EXPECT_NEAR(static_cast<double>(c) / 200000, 0.05, 0.005);
}

TEST(MonteCarlo, NormalAndLognormalPercentiles) {
  // normal(2, 0.2): P5 = 2 − 1.6449×0.2 = 1.6710, P95 = 2.3290 (cost/H equals the price)
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"normal\", mean = 2.0, sd = 0.2 }\n");
  const double H = metric(s, "gpu_hours");
  RunOptions o;
  o.samples = 200000;
  o.metrics = {"final_run_cost_usd"};
  o.method = SamplingMethod::sobol;
  const auto m = s.run(o).metrics[0];
  EXPECT_NEAR(m.percentiles[0].second / H, 1.6710, 0.002);
  EXPECT_NEAR(m.percentiles[2].second / H, 2.3290, 0.002);
  // lognormal(median 2, σ 0.5): mean = 2·e^{0.125} = 2.2663
  const Scenario l = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"lognormal\", median = 2.0, sigma_log = 0.5 }\n");
  EXPECT_NEAR(l.run(o).metrics[0].mean / H, 2.2663, 0.005);
}

TEST(MonteCarlo, RankCorrelatedInputsFollowTheClosedForm) {
  // final_run_cost = K · tokens · price / MFU, so with lognormal tokens (σ₁ = 0.2) and price
  // (σ₂ = 0.3) ln(cost) is normal with sd σ = √(σ₁² + σ₂² + 2 r σ₁ σ₂), r = 2 sin(π ρ/6) the
  // normal-score correlation of Spearman ρ. Then ln(P95 / P50) = 1.6449 σ (hand values below).
  auto sigma_of = [](const std::string& corr) {
    const Scenario s = Scenario::from_toml(
        "base = \"deepseek-v3\"\n"
        "phases.pretrain.tokens = { dist = \"lognormal\", median = 14.8e12, sigma_log = 0.2 }\n"
        "pricing.rental_usd_per_gpu_hour = { dist = \"lognormal\", median = 2.0, sigma_log = 0.3 }\n" +
        corr);
    RunOptions o;
    o.samples = 400000;
    o.seed = 21;
    o.metrics = {"final_run_cost_usd"};
    o.percentiles = {50, 95};
    const auto m = s.run(o).metrics[0];
    return std::log(m.percentiles[1].second / m.percentiles[0].second) / 1.6448536;
  };
  const std::string pair = "[[correlation]]\nbetween = [\"phases.pretrain.tokens\", \"pricing.rental_usd_per_gpu_hour\"]\n";
  EXPECT_NEAR(sigma_of(""), 0.360555, 0.005);                                   // √0.13
  EXPECT_NEAR(sigma_of(pair + "rank_correlation = 0.5\n"), 0.438305, 0.005);   // √(0.13 + 0.12 · 0.517638)
  EXPECT_NEAR(sigma_of(pair + "rank_correlation = -0.5\n"), 0.260560, 0.005);  // √(0.13 − 0.12 · 0.517638)
}

TEST(MonteCarlo, CorrelationErrorsHaveLineAndColumn) {
  const std::string base =
      "base = \"deepseek-v3\"\n"
      "efficiency.mfu = { dist = \"uniform\", low = 0.3, high = 0.45 }\n"
      "pricing.rental_usd_per_gpu_hour = { dist = \"uniform\", low = 1.5, high = 3 }\n";
  const std::string e = error_of(base +
                                 "[[correlation]]\nbetween = [\"efficiency.mfu\", \"cluster.gpus\"]\nrank_correlation = 1.5\n"
                                 "[[correlation]]\nbetween = [\"efficiency.muf\", \"pricing.rental_usd_per_gpu_hour\"]\n"
                                 "rank_correlation = 0.2\n");
  EXPECT_NE(e.find("t.toml:5:30: [llmcost.scenario.correlation] cluster.gpus is not uncertain"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:6:20: [llmcost.scenario.out_of_range] correlation.rank_correlation = 1.5"), std::string::npos) << e;
  EXPECT_NE(e.find("t.toml:8:12: [llmcost.scenario.unknown_key] unknown input \"efficiency.muf\"; did you mean \"efficiency.mfu\""),
            std::string::npos) << e;
  // Sobol indices assume independent inputs.
  EXPECT_NE(error_of(base + "[[correlation]]\nbetween = [\"efficiency.mfu\", \"pricing.rental_usd_per_gpu_hour\"]\n"
                            "rank_correlation = 0.3\n[sensitivity]\nsobol = true\n")
                .find("Sobol indices assume independent inputs"),
            std::string::npos);
  // Three correlations that cannot hold together.
  const std::string three = base + "cluster.gpus = { dist = \"uniform\", low = 1024, high = 4096 }\n" +
                            "[[correlation]]\nbetween = [\"efficiency.mfu\", \"cluster.gpus\"]\nrank_correlation = 0.9\n"
                            "[[correlation]]\nbetween = [\"efficiency.mfu\", \"pricing.rental_usd_per_gpu_hour\"]\nrank_correlation = 0.9\n"
                            "[[correlation]]\nbetween = [\"cluster.gpus\", \"pricing.rental_usd_per_gpu_hour\"]\nrank_correlation = -0.9\n";
  EXPECT_NE(error_of(three).find("cannot hold together"), std::string::npos) << error_of(three);
}

TEST(MonteCarlo, DeterministicAcrossRunsThreadsAndChunks) {
  const Scenario s = Scenario::load(std::filesystem::path(LLMCOST_SOURCE_DIR) / "examples/scenarios/deepseek-v3-true-cost.toml");
  RunOptions o;
  o.samples = 50000;
  o.seed = 5;
  o.threads = 1;
  const McSamples one = s.sample_range(o, 0, o.samples);
  o.threads = 4;
  const McSamples four = s.sample_range(o, 0, o.samples);
  EXPECT_EQ(one.values, four.values);
  // chunked at arbitrary (non-block-aligned) boundaries, merged out of order
  const McSamples merged = merge({s.sample_range(o, 30001, 50000), s.sample_range(o, 0, 1234), s.sample_range(o, 1234, 30001)});
  EXPECT_EQ(merged.values, one.values);
  const McResult a = s.run(o), b = s.summarise(merged, o);
  EXPECT_EQ(a.metrics[0].mean, b.metrics[0].mean);
  EXPECT_EQ(a.metrics[0].percentiles, b.metrics[0].percentiles);
  RunOptions o6 = o;
  o6.seed = 6;
  EXPECT_NE(s.sample_range(o6, 0, 100).values, s.sample_range(o, 0, 100).values);
  EXPECT_THROW((void)merge({s.sample_range(o, 0, 10), s.sample_range(o, 11, 20)}), invalid_input);
}

TEST(MonteCarlo, MarkersAndIntervals) {
  // price ~ U(1, 3): P(cost ≤ 2H) = 0.5 exactly in expectation
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"uniform\", low = 1.0, high = 3.0 }\n"
      "[[monte_carlo.interval]]\nmetric = \"usd_per_gpu_hour\"\nlow = 1.5\nhigh = 2.0\n"
      "[[monte_carlo.marker]]\nmetric = \"usd_per_gpu_hour\"\nvalue = 2.5\nlabel = \"x\"\n");
  RunOptions o;
  o.samples = 100000;
  o.metrics = {"usd_per_gpu_hour"};
  const auto m = s.run(o).metrics[0];
  ASSERT_EQ(m.markers.size(), 1u);
  EXPECT_NEAR(m.markers[0].cdf, 0.75, 0.01);          // (2.5 − 1)/2
  EXPECT_NEAR(m.intervals[0].probability, 0.25, 0.01);  // (2 − 1.5)/2
}

TEST(Sweep, GridAndZip) {
  const Scenario g = Scenario::from_toml(
      "base = \"deepseek-v3\"\n[sweep]\npricing.rental_usd_per_gpu_hour = [1, 2, 3]\ncluster.gpus = [1024, 2048]\n");
  RunOptions o;
  o.metrics = {"final_run_cost_usd"};
  const auto t = g.sweep(o);
  ASSERT_EQ(t.rows.size(), 6u);  // 3 × 2
  // axes in key order (cluster.gpus, then pricing...), the last varying fastest
  EXPECT_EQ(t.inputs, (std::vector<std::string>{"cluster.gpus", "pricing.rental_usd_per_gpu_hour"}));
  EXPECT_EQ(t.rows[0].inputs, (std::vector<std::string>{"1024", "1"}));
  EXPECT_EQ(t.rows[1].inputs, (std::vector<std::string>{"1024", "2"}));
  EXPECT_EQ(t.rows[3].inputs, (std::vector<std::string>{"2048", "1"}));
  EXPECT_NEAR(t.rows[2].metrics[0] / t.rows[0].metrics[0], 3.0, 1e-12);  // price 3 vs 1
  const Scenario z = Scenario::from_toml(
      "base = \"deepseek-v3\"\n[sweep]\nmode = \"zip\"\ncluster.chip = [\"H800\", \"H100\"]\n"
      "pricing.rental_usd_per_gpu_hour = [2.0, 4.0]\n");
  const auto zt = z.sweep(o);
  ASSERT_EQ(zt.rows.size(), 2u);
  // H800 and H100 share the dense BF16 peak (989 TFLOP/s): same GPU-h, so cost doubles with price
  EXPECT_NEAR(zt.rows[1].metrics[0] / zt.rows[0].metrics[0], 2.0, 1e-3);
}

TEST(Sensitivity, TornadoMovesOneInputAtATime) {
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"uniform\", low = 1.0, high = 3.0 }\n"
      "program.experiments_multiplier = { dist = \"uniform\", low = 0.0, high = 2.0 }\n");
  const Tornado t = s.tornado("final_run_cost_usd");
  ASSERT_EQ(t.bars.size(), 2u);
  EXPECT_EQ(t.bars[0].input, "pricing.rental_usd_per_gpu_hour");
  EXPECT_NEAR(t.bars[0].input_low, 1.1, 1e-12);   // P5 of U(1, 3)
  EXPECT_NEAR(t.bars[0].input_high, 2.9, 1e-12);  // P95
  EXPECT_NEAR(t.bars[0].metric_high / t.base, 2.9 / 2.0, 1e-12);  // base price = median 2
  EXPECT_DOUBLE_EQ(t.bars[1].swing(), 0.0);  // experiments do not change the final-run cost
}

TEST(Sensitivity, SobolOnScenarioAdditiveModel) {
  // final_run_cost = H × price: only the price varies ⇒ S = ST = 1 for it.
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"uniform\", low = 1.0, high = 3.0 }\n"
      "program.experiments_multiplier = { dist = \"uniform\", low = 0.0, high = 2.0 }\n");
  const SobolResult r = s.sobol("final_run_cost_usd", 4096, 50);
  ASSERT_EQ(r.indices.size(), 2u);  // schema order: price, then experiments multiplier
  EXPECT_EQ(r.indices[0].input, "pricing.rental_usd_per_gpu_hour");
  EXPECT_NEAR(r.indices[0].first, 1.0, 0.02);
  EXPECT_NEAR(r.indices[0].total, 1.0, 0.02);
  EXPECT_NEAR(r.indices[1].first, 0.0, 1e-9);
  EXPECT_NEAR(r.indices[1].total, 0.0, 1e-9);
}

TEST(Scenario, ShippedScenariosLoad) {
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(LLMCOST_SOURCE_DIR) / "examples/scenarios")) {
    SCOPED_TRACE(e.path().string());
    const Scenario s = Scenario::load(e.path());
    EXPECT_FALSE(s.uncertain_inputs().empty());
  }
}
