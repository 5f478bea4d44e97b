// Scalar training estimates per second on one core (target: >= 1e6/s).
#include <benchmark/benchmark.h>

#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace {

using namespace llmcost;

void BM_EstimateTrainingRental(benchmark::State& state) {
  TrainingRun run;
  run.cluster = Cluster{chip("H800"), gpu_count(2048)};
  run.phases = {{"pre-training", token_count(14.8e12), token_count(4096), Precision::fp8, flop_per_token(250e9), {}}};
  run.efficiency = Mfu{ratio(0.3894)};
  const PricingModel pricing = deepseek_rental_assumption();
  double tokens = 14.8e12;
  for (auto _ : state) {
    run.phases[0].tokens = token_count(tokens);
    tokens += 1.0;  // defeat hoisting
    TrainingEstimate e = estimate_training(run, pricing);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimateTrainingRental);

void BM_EstimateTrainingTco(benchmark::State& state) {
  TrainingRun run;
  run.cluster = Cluster{chip("H100"), gpu_count(16384)};
  run.phases = {{"pre-training", token_count(15.6e12), token_count(8192), Precision::bf16, flop_per_token(6 * 405e9), {}}};
  run.efficiency = Mfu{ratio(0.4)};
  const PricingModel pricing = tco_preset("hyperscaler", usd_per_gpu(30000), watts(700));
  for (auto _ : state) {
    TrainingEstimate e = estimate_training(run, pricing);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimateTrainingTco);

}  // namespace

BENCHMARK_MAIN();
