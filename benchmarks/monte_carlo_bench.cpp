// Monte Carlo throughput of the training-cost chain, one core.
//   BM_TrainingKernel: training_cost_kernel on 4,096-sample columns (the arithmetic only)
//   BM_SampleAndKernel: uniforms + inverse CDF for 4 uncertain inputs + kernel
//   BM_ScenarioSampleRange: Scenario::sample_range (threads = 1) on the shipped
//     deepseek-v3-true-cost.toml (4 uncertain inputs, 7 metrics evaluated, 4 kept)
#include <filesystem>

#include <benchmark/benchmark.h>

#include "llmcost/scenario/scenario.hpp"
#include "llmcost/sweep/monte_carlo.hpp"

using namespace llmcost;

namespace {
constexpr Eigen::Index kBlock = 4096;

void BM_TrainingKernel(benchmark::State& st) {
  TrainingCostColumns c;
  auto col = [](double x) { return Eigen::ArrayXd::Constant(kBlock, x); };
  c.tokens.v = col(14.8e12);
  c.flop_per_token.v = col(250e9);
  c.mfu.v = Eigen::ArrayXd::LinSpaced(kBlock, 0.3, 0.45);
  c.peak.v = col(989e12);
  c.goodput.v = col(1.0);
  c.extra_gpu_hours.v = col(0.0);
  c.price.v = Eigen::ArrayXd::LinSpaced(kBlock, 1.7 / 3600, 3.0 / 3600);
  c.program_multiplier.v = col(2.0);
  for (auto _ : st) {
    auto o = training_cost_kernel(c);
    benchmark::DoNotOptimize(o.compute_cost.v.data());
  }
  st.SetItemsProcessed(st.iterations() * kBlock);
}
BENCHMARK(BM_TrainingKernel);

void BM_SampleAndKernel(benchmark::State& st) {
  const Distribution mfu = Distribution::triangular(0.34, 0.3894, 0.4373);
  const Distribution price = Distribution::triangular(1.7, 2.0, 2.99);
  const Distribution exp = Distribution::triangular(0.5, 1.0, 4.0);
  const Distribution staff = Distribution::uniform(0.29, 0.49);
  Eigen::ArrayXd u(kBlock);
  TrainingCostColumns c;
  auto col = [](double x) { return Eigen::ArrayXd::Constant(kBlock, x); };
  c.tokens.v = col(14.8e12);
  c.flop_per_token.v = col(250e9);
  c.peak.v = col(989e12);
  c.goodput.v = col(1.0);
  c.extra_gpu_hours.v = col(0.0);
  std::uint64_t begin = 0;
  for (auto _ : st) {
    fill_uniforms(u, 1, stream_id("efficiency.mfu"), begin, SamplingMethod::random, 0);
    c.mfu.v = apply_quantile(mfu, u);
    fill_uniforms(u, 1, stream_id("pricing.rental_usd_per_gpu_hour"), begin, SamplingMethod::random, 0);
    c.price.v = apply_quantile(price, u) / 3600.0;
    fill_uniforms(u, 1, stream_id("program.experiments_multiplier"), begin, SamplingMethod::random, 0);
    c.program_multiplier.v = 1.0 + apply_quantile(exp, u);
    fill_uniforms(u, 1, stream_id("program.staff_share"), begin, SamplingMethod::random, 0);
    const Eigen::ArrayXd s = apply_quantile(staff, u);
    auto o = training_cost_kernel(c);
    const Eigen::ArrayXd program = o.compute_cost.v / (1.0 - s);
    benchmark::DoNotOptimize(program.data());
    begin += kBlock;
  }
  st.SetItemsProcessed(st.iterations() * kBlock);
}
BENCHMARK(BM_SampleAndKernel);

void BM_ScenarioSampleRange(benchmark::State& st) {
  const Scenario s = Scenario::load(std::filesystem::path(LLMCOST_BENCH_SOURCE_DIR) /
                                    "examples/scenarios/deepseek-v3-true-cost.toml");
  RunOptions o;
  o.threads = 1;
  o.samples = 1 << 20;
  const auto n = static_cast<std::uint64_t>(st.range(0));
  for (auto _ : st) {
    auto r = s.sample_range(o, 0, n);
    benchmark::DoNotOptimize(r.values.data());
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_ScenarioSampleRange)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
