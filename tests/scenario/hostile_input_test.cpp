// Scenario files against hostile input: every finite accepted input gives finite metrics or a
// tagged error naming the inputs; duplicates and contradictions are refused; a user's catalog is
// used for chips; degenerate distributions are refused; filesystem oddities in `extends` and
// control characters in text are tagged errors with file:line:col.
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/scenario/scenario.hpp"

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

std::string json_error_of(const std::string& json) {
  try {
    (void)Scenario::from_json(json, "t.json");
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "";
}

// The message of the tagged llmcost error `f` throws ("" when it throws nothing); any other
// exception fails the test (that is what an untagged, internal error would be).
template <class F>
std::string llmcost_error_of(F&& f) {
  try {
    f();
  } catch (const error& e) {
    return dynamic_cast<const std::exception&>(e).what();
  }
  return "";
}

double metric(const Scenario& s, const std::string& name) {
  for (const auto& [k, v] : s.base_point())
    if (k == name) return v;
  return NAN;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("llmcost_hostile_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

// ---- finite inputs, finite outputs ---------------------------------------------------------

TEST(ScenarioFinite, PurchasePriceHasAFiniteRange) {
  // A fleet at $1e308 per GPU used to give a -nan TCO; the price now has a stated range.
  const std::string e = error_of("base = \"fleet-50k-h100\"\nownership.gpu_price_usd = 1e308\n");
  EXPECT_TRUE(contains(e, "t.toml:2:27: [llmcost.scenario.out_of_range] ownership.gpu_price_usd: value = 1e+308 is "
                          "outside the input's domain (0, 10000000]"))
      << e;
  const std::string sweep = error_of("base = \"fleet-50k-h100\"\n[sweep]\nownership.gpu_price_usd = [3e4, 1e308]\n");
  EXPECT_TRUE(contains(sweep, "value 1e+308 is outside (0, 10000000]")) << sweep;
}

TEST(ScenarioFinite, OverflowAtTheBasePointNamesTheInput) {
  // gpu_hours = tokens × FLOP/token / (MFU × peak × goodput): 14.8e12 × ~2.5e11 / (1e-300 × 989e12)
  // ≈ 4e309 > DBL_MAX.
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\nefficiency.mfu = 1e-300\n");
  const std::string e = llmcost_error_of([&] { (void)s.base_point(); });
  EXPECT_TRUE(contains(e, "[llmcost.scenario.overflow] gpu_hours is not a finite number (inf) at the base point: "
                          "the input efficiency.mfu = 1e-300 is too extreme"))
      << e;
  EXPECT_THROW((void)s.base_point(), out_of_domain);
}

TEST(ScenarioFinite, ZeroDenominatorNamesTheInputs) {
  // Every denominator price 0: the denominator's cost per task is 0 and the ratio has no value.
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-r1-vs-o1\"\ndenominator.input_cache_hit_usd_per_mtok = 0\n"
      "denominator.input_cache_miss_usd_per_mtok = 0\ndenominator.output_usd_per_mtok = 0\n");
  const std::string e = llmcost_error_of([&] { (void)s.base_point(); });
  EXPECT_TRUE(contains(e, "[llmcost.scenario.overflow] price_ratio is not a finite number")) << e;
  EXPECT_TRUE(contains(e, "denominator.input_cache_miss_usd_per_mtok = 0")) << e;
  EXPECT_TRUE(contains(e, "denominator.output_usd_per_mtok = 0")) << e;
}

TEST(ScenarioFinite, OverflowInMonteCarloIsTheSameErrorWhateverTheThreads) {
  // The base point (MFU 0.4) is fine; every sample (MFU ~ U(1e-300, 2e-300)) overflows.
  const Scenario s = Scenario::from_toml(
      "base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"uniform\", low = 1e-300, high = 2e-300, base = 0.4 }\n");
  EXPECT_TRUE(std::isfinite(metric(s, "gpu_hours")));
  RunOptions o;
  o.samples = 20000;
  o.seed = 3;
  o.metrics = {"gpu_hours"};
  o.threads = 1;
  const std::string one = llmcost_error_of([&] { (void)s.run(o); });
  o.threads = 4;
  const std::string four = llmcost_error_of([&] { (void)s.run(o); });
  EXPECT_TRUE(contains(one, "[llmcost.scenario.overflow] gpu_hours is not a finite number (inf) in Monte Carlo sample 0 "
                            "(seed 3): the input efficiency.mfu = ")) << one;
  EXPECT_EQ(one, four);
  // metrics not asked for are not checked on the samples: the base point's tornado is fine too
  EXPECT_NO_THROW((void)s.tornado("usd_per_gpu_hour"));
}

TEST(ScenarioFinite, OverflowInASweepRowNamesTheRow) {
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\n[sweep]\nefficiency.mfu = [0.3, 1e-300]\n");
  const std::string e = llmcost_error_of([&] { (void)s.sweep(); });
  EXPECT_TRUE(contains(e, "at sweep row 2 (efficiency.mfu = 1e-300)")) << e;
  EXPECT_TRUE(contains(e, "the input efficiency.mfu = 1e-300")) << e;
}

// ---- strictness ------------------------------------------------------------------------------

TEST(ScenarioStrict, DuplicateJsonKeysAreRefused) {
  const std::string e = json_error_of(
      R"({"base": "deepseek-v3", "pricing": {"rental_usd_per_gpu_hour": 3, "rental_usd_per_gpu_hour": 9}})");
  EXPECT_TRUE(contains(e, "[llmcost.scenario.duplicate_key] key \"rental_usd_per_gpu_hour\" is given twice in the "
                          "object at /pricing (/pricing/rental_usd_per_gpu_hour)"))
      << e;
  EXPECT_TRUE(contains(json_error_of(R"({"base": "deepseek-v3", "base": "deepseek-v3"})"), "at the top level (/base)"));
  const std::string arr = json_error_of(
      R"({"base": "deepseek-v3", "efficiency": {"mfu": {"dist": "uniform", "low": 0.3, "high": 0.4}},
          "pricing": {"rental_usd_per_gpu_hour": {"dist": "uniform", "low": 1, "high": 3}},
          "correlation": [{"between": ["efficiency.mfu", "pricing.rental_usd_per_gpu_hour"], "rank_correlation": 0.1},
                          {"rank_correlation": 0.2, "rank_correlation": 0.3}]})");
  EXPECT_TRUE(contains(arr, "(/correlation/1/rank_correlation)")) << arr;
  // keys repeated in different objects are fine
  EXPECT_NO_THROW((void)Scenario::from_json(
      R"({"base": "deepseek-v3", "efficiency": {"mfu": {"dist": "uniform", "low": 0.3, "high": 0.4}},
          "pricing": {"rental_usd_per_gpu_hour": {"dist": "uniform", "low": 1, "high": 3}}})"));
}

TEST(ScenarioStrict, BaseTogetherWithExtendsIsRefused) {
  const auto dir = fresh_dir("base_extends");
  std::ofstream(dir / "parent.toml") << "base = \"fleet-50k-h100\"\n";
  std::ofstream(dir / "child.toml") << "extends = \"parent.toml\"\nbase = \"fleet-semianalysis\"\n";
  try {
    (void)Scenario::load(dir / "child.toml");
    FAIL() << "base with extends accepted";
  } catch (const invalid_input& e) {
    const std::string what = e.what();
    EXPECT_TRUE(contains(what, "child.toml:2:8: [llmcost.scenario.base_and_extends] \"base\" and \"extends\" (line 1) "
                               "are both given"))
        << what;
  }
  std::filesystem::remove_all(dir);
}

TEST(ScenarioStrict, AMetricGivenTwiceIsRefused) {
  const std::string e = error_of("base = \"deepseek-v3\"\n[monte_carlo]\nmetrics = [\"gpu_hours\", \"gpu_hours\"]\n");
  EXPECT_TRUE(contains(e, "t.toml:3:25: [llmcost.scenario.duplicate] monte_carlo.metrics names metric \"gpu_hours\" "
                          "twice"))
      << e;
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"uniform\", low = 0.3, high = 0.4 }\n"
                                "[sensitivity]\ntornado = true\nmetrics = [\"flop\", \"flop\"]\n"),
                       "t.toml:5:20: [llmcost.scenario.duplicate] sensitivity.metrics"));
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\n");
  RunOptions o;
  o.samples = 10;
  o.metrics = {"gpu_hours", "flop", "gpu_hours"};
  const std::string r = llmcost_error_of([&] { (void)s.run(o); });
  EXPECT_TRUE(contains(r, "[llmcost.scenario.duplicate_metric] metric \"gpu_hours\" is asked for twice")) << r;
  o.metrics = {};
  o.histogram_bins = -3;
  EXPECT_TRUE(contains(llmcost_error_of([&] { (void)s.run(o); }), "[llmcost.scenario.histogram] histogram_bins = -3"));
}

TEST(ScenarioStrict, SensitivityNeedsSomethingUncertain) {
  const std::string e = error_of("base = \"deepseek-v3\"\n[sensitivity]\ntornado = true\n");
  EXPECT_TRUE(contains(e, "t.toml:3:11: [llmcost.scenario.sensitivity] sensitivity.tornado = true, but no input is "
                          "uncertain"))
      << e;
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\n[sensitivity]\nsobol = true\n"), "sensitivity.sobol = true"));
  // asking for nothing is fine, and so is a file whose parent has no uncertainty
  EXPECT_NO_THROW((void)Scenario::from_toml("base = \"deepseek-v3\"\n[sensitivity]\ntornado = false\n"));
  const Scenario fixed = Scenario::from_toml("base = \"deepseek-v3\"\n");
  const std::string t = llmcost_error_of([&] { (void)fixed.tornado("gpu_hours"); });
  EXPECT_TRUE(contains(t, "[llmcost.sensitivity.no_uncertain_inputs]")) << t;
}

// ---- the user's catalog ----------------------------------------------------------------------

namespace {
// A chip with twice the H800's dense BF16 peak (989e12 FLOP/s in the built-in catalog).
constexpr const char* kUserChips = R"(
schema_version = 1
[sources.mine]
citation = "a test chip"
[[accelerator]]
id = "X2"
vendor = "Example"
peak_bf16_flop_per_s = { value = 1978e12, source = "mine", grade = "weak" }
)";
}  // namespace

TEST(ScenarioCatalog, AUsersChipIsFound) {
  const Catalog mine = Catalog::builtin().merged(Catalog::from_toml(kUserChips, "mine.toml"));
  const std::string text = "base = \"deepseek-v3\"\ncluster.chip = \"X2\"\n";
  EXPECT_TRUE(contains(error_of(text), "t.toml:2:16: [llmcost.catalog.unknown_chip]"));  // the built-in catalog
  const Scenario x2 = Scenario::from_toml(text, "t.toml", {}, mine);
  const Scenario h800 = Scenario::from_toml("base = \"deepseek-v3\"\n", "t.toml", {}, mine);
  // GPU-hours are inversely proportional to the peak: twice the peak, half the GPU-hours.
  EXPECT_NEAR(metric(x2, "gpu_hours") / metric(h800, "gpu_hours"), 0.5, 1e-12);
  // JSON, sweeps, programmatic overrides and extended files use it too
  EXPECT_NO_THROW((void)Scenario::from_json(R"({"base": "deepseek-v3", "cluster": {"chip": "X2"}})", "t.json", {}, mine));
  const Scenario sw = Scenario::from_toml("base = \"deepseek-v3\"\n[sweep]\ncluster.chip = [\"H800\", \"X2\"]\n",
                                          "t.toml", {}, mine);
  const auto rows = sw.sweep().rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NEAR(rows[1].metrics[1] / rows[0].metrics[1], 0.5, 1e-12);  // gpu_hours is the second metric
  EXPECT_NEAR(metric(h800.with("cluster.chip", std::string("X2")), "gpu_hours"), metric(x2, "gpu_hours"), 1e-6);
  const auto dir = fresh_dir("catalog");
  std::ofstream(dir / "parent.toml") << text;
  std::ofstream(dir / "child.toml") << "extends = \"parent.toml\"\ncluster.gpus = 1024\n";
  EXPECT_NEAR(metric(Scenario::load(dir / "child.toml", mine), "gpu_hours"), metric(x2, "gpu_hours"), 1e-6);
  EXPECT_THROW((void)Scenario::load(dir / "child.toml"), invalid_input);
  std::filesystem::remove_all(dir);
}

// ---- degenerate distributions ------------------------------------------------------------------

TEST(ScenarioDistributions, DegenerateParametersAreRefusedWithTheirRange) {
  // sigma_log = 1e6 on a price in (0, 1e4] used to put the base point and P5..P95 at $0.
  const std::string big = error_of(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"lognormal\", median = 2, sigma_log = 1e6 }\n");
  EXPECT_TRUE(contains(big, "t.toml:2:35: [llmcost.scenario.out_of_range] pricing.rental_usd_per_gpu_hour: "
                            "sigma_log = 1000000 is outside the accepted range (0, 10]"))
      << big;
  // median 1e6 far above the domain's 1e4 with sigma_log 0.1: ln(1e4/1e6)/0.1 = -46 sd, P ≈ 1e-463
  const std::string far = error_of(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"lognormal\", median = 1e6, sigma_log = 0.1 }\n");
  EXPECT_TRUE(contains(far, "keeps probability 0 on its truncation")) << far;
  // normal(2, 1) truncated to [8, 1e4]: P = Φ(−6) = 9.87e-10 < 1e-9; to [7.9, 1e4]: Φ(−5.9) = 1.82e-9
  const std::string tail = error_of(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"normal\", mean = 2, sd = 1, low = 8 }\n");
  EXPECT_TRUE(contains(tail, "keeps probability 9.8658")) << tail;
  const Scenario ok = Scenario::from_toml(
      "base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"normal\", mean = 2, sd = 1, low = 7.9 }\n");
  const Distribution d = ok.input("pricing.rental_usd_per_gpu_hour");
  EXPECT_GE(d.quantile(0.05), 7.9);
  EXPECT_LT(d.quantile(0.95), 9.0);  // the tail above 5.9 sd is thin: P(Z > 7 | Z > 5.9) ≈ 1e-5
  // a spread below the resolution of the mean is a fixed value in disguise
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\npricing.rental_usd_per_gpu_hour = { dist = \"normal\", "
                                "mean = 2, sd = 1e-300 }\n"),
                       "collapses to one value"));
  // weights whose sum overflows
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\ncluster.gpus = { dist = \"discrete\", values = [1024, 2048], "
                                "weights = [1e308, 1e308] }\n"),
                       "the weights sum to inf"));
  // bounds and modes outside the domain stay refused
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\nefficiency.mfu = { dist = \"triangular\", low = 0.2, "
                                "mode = 0.5, high = 1.2 }\n"),
                       "high = 1.2 is outside the input's domain (0, 1]"));
}

// ---- filesystem oddities and control characters -------------------------------------------------

TEST(ScenarioFiles, ExtendsThroughSymbolicLinksAndDirectoriesGivesTaggedErrors) {
  const auto dir = fresh_dir("files");
  // a loop of symbolic links (ELOOP) used to escape as std::filesystem::filesystem_error
  std::filesystem::create_symlink("loop2.toml", dir / "loop1.toml");
  std::filesystem::create_symlink("loop1.toml", dir / "loop2.toml");
  std::ofstream(dir / "a.toml") << "extends = \"loop1.toml\"\n";
  const std::string loop = llmcost_error_of([&] { (void)Scenario::load(dir / "a.toml"); });
  EXPECT_TRUE(contains(loop, "a.toml:1:11: [llmcost.scenario.extends_cycle] extends \"loop1.toml\"")) << loop;
  EXPECT_TRUE(contains(loop, "is a loop of symbolic links")) << loop;
  const std::string top = llmcost_error_of([&] { (void)Scenario::load(dir / "loop1.toml"); });
  EXPECT_TRUE(contains(top, "[llmcost.scenario.io] scenario file")) << top;
  EXPECT_THROW((void)Scenario::load(dir / "loop1.toml"), io_error);
  // a cycle through a link: b.toml extends link.toml, which is b.toml
  std::ofstream(dir / "b.toml") << "extends = \"link.toml\"\n";
  std::filesystem::create_symlink("b.toml", dir / "link.toml");
  EXPECT_TRUE(contains(llmcost_error_of([&] { (void)Scenario::load(dir / "b.toml"); }), "[llmcost.scenario.extends_cycle]"));
  // a directory
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "c.toml") << "extends = \"sub\"\n";
  const std::string sub = llmcost_error_of([&] { (void)Scenario::load(dir / "c.toml"); });
  EXPECT_TRUE(contains(sub, "c.toml:1:11: [llmcost.scenario.extends_unreadable]")) << sub;
  EXPECT_TRUE(contains(sub, "is a directory")) << sub;
  EXPECT_TRUE(contains(llmcost_error_of([&] { (void)Scenario::load(dir / "sub"); }), "is a directory"));
  // an unreadable file (root reads everything: nothing to check then)
  std::ofstream(dir / "secret.toml") << "base = \"deepseek-v3\"\n";
  std::filesystem::permissions(dir / "secret.toml", std::filesystem::perms::none);
  std::ofstream(dir / "d.toml") << "extends = \"secret.toml\"\n";
  if (geteuid() != 0) {
    const std::string unreadable = llmcost_error_of([&] { (void)Scenario::load(dir / "d.toml"); });
    EXPECT_TRUE(contains(unreadable, "[llmcost.scenario.extends_unreadable]")) << unreadable;
  }
  std::filesystem::permissions(dir / "secret.toml", std::filesystem::perms::owner_all);
  std::filesystem::remove_all(dir);
}

TEST(ScenarioText, ControlCharactersAreRefusedWithLineAndColumn) {
  const std::string e = error_of("base = \"deepseek-v3\"\nname = \"\\u001b[31mred\"\n");
  EXPECT_TRUE(contains(e, "t.toml:2:8: [llmcost.scenario.control_character] name contains the control character "
                          "U+001B (\"\\x1b[31mred\")"))
      << e;
  EXPECT_FALSE(contains(e, "\x1b")) << "the message itself must not carry the escape";
  // labels, keys, chip names; C1 controls (U+009B is a one-byte CSI) and DEL too
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\n[[monte_carlo.marker]]\nmetric = \"flop\"\nvalue = 1\n"
                                "label = \"a\\u0007\"\n"),
                       "t.toml:5:9: [llmcost.scenario.control_character] monte_carlo.marker[0].label"));
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\n\"clu\\u001bster\" = 1\n"), "t.toml:2:1: [llmcost.scenario.control_character] the key"));
  const std::string chip = error_of("base = \"deepseek-v3\"\ncluster.chip = \"H1\\u001b[2J\"\n");
  EXPECT_TRUE(contains(chip, "[llmcost.scenario.control_character] cluster.chip")) << chip;
  EXPECT_FALSE(contains(chip, "llmcost.catalog")) << chip;
  EXPECT_TRUE(contains(json_error_of("{\"base\": \"deepseek-v3\", \"description\": \"x\\u009by\"}"), "U+009B"));
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\nname = \"a\\u007f\"\n"), "U+007F"));
  EXPECT_TRUE(contains(error_of("base = \"deepseek-v3\"\nname = \"a\\tb\"\n"), "U+0009"));  // tab: not in a name
  // tab and line feed are fine in free text
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\ndescription = \"\"\"two\n\tlines\"\"\"\n");
  EXPECT_EQ(s.description(), "two\n\tlines");
}

TEST(ScenarioText, ProgrammaticNamesAreCheckedLikeFileNames) {
  const Scenario s = Scenario::from_toml("base = \"deepseek-v3\"\n");
  // a pricing model that is neither rental nor ownership used to be priced as rental
  const std::string choice = llmcost_error_of([&] { (void)s.with("pricing.model", std::string("lease")); });
  EXPECT_TRUE(contains(choice, "[llmcost.scenario.out_of_range] pricing.model = \"lease\" is not one of rental, "
                               "ownership"))
      << choice;
  const std::string esc = llmcost_error_of([&] { (void)s.with("cluster.chip", std::string("H100\x1b[2J")); });
  EXPECT_TRUE(contains(esc, "[llmcost.scenario.control_character] cluster.chip = \"H100\\x1b[2J\"")) << esc;
  EXPECT_FALSE(contains(esc, "\x1b"));
  EXPECT_FALSE(contains(llmcost_error_of([&] { (void)s.tornado("gpu\x1b[2J"); }), "\x1b"));
}
