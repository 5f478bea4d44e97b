// Tests of llmcost/estimate/layout_search.hpp: determinism across threads, Pareto properties,
// counts, the published DeepSeek-V3 layout as a lower bound on the fastest, and speed.
#include "llmcost/estimate/layout_search.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"
#include "../test_util.hpp"
#include "../validation/korthikanti_gpt.hpp"

namespace llmcost {
namespace {

using test::error_of;
using test::raw;

TrainingWorkload v3() {
  TrainingWorkload w;
  w.model = model_preset("deepseek-v3");
  w.seq_len = token_count(4096);
  w.global_batch = 15360;
  w.max_nodes_per_token = 4;
  return w;
}

TrainingWorkload gpt3() {
  TrainingWorkload w;
  w.model = model_preset("gpt-3-175b");
  w.seq_len = token_count(2048);
  w.global_batch = 1536;
  return w;
}

TEST(LayoutSearch, OutputDoesNotDependOnThreads) {
  const StepCluster c = step_cluster(chip("A100"), gpu_count(1024));
  LayoutSearchOptions one, four;
  one.threads = 1;
  four.threads = 4;
  EXPECT_EQ(to_json(search_layouts(gpt3(), c, one)), to_json(search_layouts(gpt3(), c, four)));
}

TEST(LayoutSearch, ParetoCountsAndFastest) {
  const StepCluster c = step_cluster(chip("A100"), gpu_count(1024));
  const auto r = search_layouts(gpt3(), c);
  ASSERT_TRUE(r.fastest.has_value());
  EXPECT_EQ(r.evaluated, r.feasible + r.rejected);
  long long sum = 0;
  for (const auto& x : r.rejections) sum += x.count;
  EXPECT_EQ(sum, r.rejected);
  EXPECT_GT(r.feasible, 0);
  ASSERT_FALSE(r.pareto.empty());
  EXPECT_EQ(describe(r.pareto.front().layout), describe(r.fastest->layout));
  for (std::size_t i = 1; i < r.pareto.size(); ++i) {
    const auto& a = r.pareto[i - 1];
    const auto& b = r.pareto[i];
    EXPECT_LE(raw(a.step_time), raw(b.step_time));
    EXPECT_LT(raw(a.memory.capacity - a.memory.total()), raw(b.memory.capacity - b.memory.total()));
  }
  for (const auto& e : r.pareto) EXPECT_TRUE(e.memory.fits());
  // The fastest layout re-evaluated through the checked entry point gives the same time.
  const auto again = StepTimeModel(gpt3(), c).evaluate(r.fastest->layout);
  EXPECT_EQ(raw(again.step_time), raw(r.fastest->step_time));
}

TEST(LayoutSearch, DeepSeekV3FastestIsNoSlowerThanThePublishedLayoutAndTakesUnderTwoSeconds) {
  const StepCluster c = step_cluster(chip("H800"), gpu_count(2048));
  LayoutSearchOptions o;
  o.precision.gemm = Precision::fp8;
  o.precision.state = OptimizerStateLayout::deepseek_v3();
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = search_layouts(v3(), c, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("deepseek-v3 on 2048 H800: %lld layouts (%lld feasible) in %.3f s; fastest %s %.2f s\n", r.evaluated,
              r.feasible, s, describe(r.fastest->layout).c_str(), raw(r.fastest->step_time));
  EXPECT_LT(s, 2.0);
  EXPECT_GT(r.evaluated, 100000);
  const auto published = deepseek_v3_published_layout(chip("H800"));
  if (published.memory.fits()) {
    EXPECT_LE(raw(r.fastest->step_time), raw(published.step_time));
  }
}

TEST(LayoutSearch, BadOptionsAreTagged) {
  const StepCluster c = step_cluster(chip("A100"), gpu_count(64));
  LayoutSearchOptions o;
  o.micro_batch_sizes = {0};
  EXPECT_NE(error_of([&] { (void)search_layouts(gpt3(), c, o); }).find("[llmcost.search.invalid]"),
            std::string::npos);
  LayoutSearchOptions f8;
  f8.precision.gemm = Precision::fp8;
  EXPECT_NE(error_of([&] { (void)search_layouts(gpt3(), c, f8); }).find("unsupported_precision"), std::string::npos);
}

TEST(LayoutSearch, CandidateLimitIsCountedBeforeEvaluatingAndNamesHowToRaiseIt) {
  const StepCluster c = step_cluster(chip("A100"), gpu_count(64));
  const auto full = search_layouts(gpt3(), c);
  LayoutSearchOptions o;
  EXPECT_LE(full.evaluated, full.candidates);
  o.max_candidates = full.candidates;  // exactly the size of the space: allowed, same result
  EXPECT_EQ(to_json(search_layouts(gpt3(), c, o)), to_json(full));
  o.max_candidates = full.candidates - 1;
  const std::string what = error_of([&] { (void)search_layouts(gpt3(), c, o); });
  EXPECT_EQ(what.rfind("[llmcost.search.limit] the search would evaluate more than ", 0), 0u) << what;
  EXPECT_NE(what.find("max_candidates"), std::string::npos) << what;
  o.max_candidates = 10;
  EXPECT_THROW((void)search_layouts(gpt3(), c, o), out_of_domain);
  o.max_candidates = 0;
  EXPECT_NE(error_of([&] { (void)search_layouts(gpt3(), c, o); }).find("[llmcost.search.invalid]"), std::string::npos);
}

TEST(LayoutSearch, TimeLimitStopsTheSearchWithATaggedError) {
  const StepCluster c = step_cluster(chip("A100"), gpu_count(1024));
  LayoutSearchOptions o;
  o.time_limit = seconds(1e-9);
  const std::string what = error_of([&] { (void)search_layouts(gpt3(), c, o); });
  EXPECT_EQ(what.rfind("[llmcost.search.limit] the search ran past its time_limit of 1e-09 s", 0), 0u) << what;
  EXPECT_NE(what.find("raise time_limit"), std::string::npos) << what;
  o.time_limit = seconds(0);
  EXPECT_NE(error_of([&] { (void)search_layouts(gpt3(), c, o); }).find("[llmcost.search.invalid]"), std::string::npos);
}

TEST(LayoutSearch, TenThousandLayersSearchInBoundedTime) {
  // A billion layers ran for hours (one stage-balancing step per layer per layout); layers are now
  // at most 10,000 and the stage balance takes O(log L) steps.
  TrainingWorkload w = gpt3();
  w.model.num_layers = 10000;
  const StepCluster c = step_cluster(chip("A100"), gpu_count(4096));
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = search_layouts(w, c);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GT(r.evaluated, 0);
  EXPECT_LT(s, 10.0);
  w.model.num_layers = 1'000'000'000;
  EXPECT_NE(error_of([&] { (void)search_layouts(w, c); }).find("[llmcost.model.out_of_range]"), std::string::npos);
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

/// Turing-NLG 530B (Megatron GPT, 105 layers, hidden 20480, 128 heads) on 5,128 A100-80GB at a
/// batch of 1,923 = 3 × 641 sequences: the data-parallel degree 641 of TP8 leaves 3 sequences per
/// replica, so micro-batch 3 exists only when the search tries every divisor.
TrainingWorkload turing_530b() {
  TrainingWorkload w;
  w.model = test::korthikanti_gpt(20480, 128, 105);
  w.seq_len = token_count(2048);
  w.global_batch = 1923;
  return w;
}

Layout zero3_tp8(int micro_batch, Recompute rc) {
  Layout l;
  l.tp = 8;
  l.dp = 641;
  l.sequence_parallel = true;
  l.zero_stage = 3;
  l.micro_batch_size = micro_batch;
  l.recompute = rc;
  return l;
}

TEST(LayoutSearch, FullRecomputeIsNeverFasterThanNoneWhenDataParallelTrafficBinds) {
  // Recompute adds work; it must not buy time by giving communication more compute to hide behind
  // twice. ZeRO-3 also re-gathers the weights for the recomputed forward.
  const StepTimeModel m(turing_530b(), step_cluster(chip("A100-SXM-80GB"), gpu_count(5128)));
  for (int mb : {1, 3}) {
    const auto none = m.evaluate(zero3_tp8(mb, Recompute::none));
    const auto full = m.evaluate(zero3_tp8(mb, Recompute::full));
    EXPECT_GT(raw(full.step_time), raw(none.step_time)) << "micro-batch " << mb;
    EXPECT_GE(raw(full.breakdown.dp_comm), raw(none.breakdown.dp_comm)) << "micro-batch " << mb;
  }
}

TEST(LayoutSearch, TriesEveryMicroBatchDivisor) {
  const StepCluster c = step_cluster(chip("A100-SXM-80GB"), gpu_count(5128));
  const auto r = search_layouts(turing_530b(), c);
  ASSERT_TRUE(r.fastest.has_value());
  // The micro-batch-3 ZeRO-3 layout that fits is a candidate, so the fastest is at least as fast.
  const StepTimeModel m(turing_530b(), c);
  for (Recompute rc : {Recompute::none, Recompute::selective, Recompute::full}) {
    const auto e = m.evaluate(zero3_tp8(3, rc));
    if (e.memory.fits()) {
      EXPECT_LE(raw(r.fastest->step_time), raw(e.step_time)) << to_string(rc);
    }
  }
  // A stated list still restricts the search.
  LayoutSearchOptions o;
  o.micro_batch_sizes = {1};
  const auto only1 = search_layouts(turing_530b(), c, o);
  ASSERT_TRUE(only1.fastest.has_value());
  EXPECT_EQ(only1.fastest->layout.micro_batch_size, 1);
  EXPECT_LT(only1.evaluated, r.evaluated);
}

}  // namespace
}  // namespace llmcost
