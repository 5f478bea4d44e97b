// Inference-estimate throughput: one prefill + one decode roofline per iteration.
#include <benchmark/benchmark.h>

#include "llmcost/estimate/inference.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/pricing/task_profile.hpp"

static void BM_EstimateDecode(benchmark::State& state) {
  const llmcost::ServingModel m = llmcost::deepseek_v3_serving_model();
  const llmcost::Accelerator& h800 = llmcost::chip("H800");
  llmcost::ServingConfig c;
  c.gpus = llmcost::gpu_count(144);
  c.batch_per_gpu = 128;
  c.micro_batches = 2;
  c.max_nodes_per_token = 4;
  double ctx = 1000;
  for (auto _ : state) {
    c.context = llmcost::token_count(ctx);
    ctx = ctx < 100000 ? ctx + 1 : 1000;
    benchmark::DoNotOptimize(llmcost::estimate_decode(m, h800, c).tokens_per_s_per_gpu);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimateDecode);

static void BM_EstimatePrefill(benchmark::State& state) {
  const llmcost::ServingModel m = llmcost::deepseek_v3_serving_model();
  const llmcost::Accelerator& h800 = llmcost::chip("H800");
  llmcost::ServingConfig c;
  c.gpus = llmcost::gpu_count(32);
  c.micro_batches = 2;
  c.cached_fraction = llmcost::ratio(0.5625);
  for (auto _ : state) benchmark::DoNotOptimize(llmcost::estimate_prefill(m, h800, c).input_tokens_per_s_per_gpu);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimatePrefill);

static void BM_PriceRatioPerTask(benchmark::State& state) {
  const auto& o1 = llmcost::api_price("o1");
  const auto& r1 = llmcost::api_price("deepseek-r1");
  const auto& chat = llmcost::task_profile("chat");
  for (auto _ : state) benchmark::DoNotOptimize(llmcost::price_ratio(chat, o1, r1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PriceRatioPerTask);

BENCHMARK_MAIN();
