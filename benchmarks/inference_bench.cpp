// Serving-estimate throughput: one decode or prefill estimate (measured-kernel composition) per
// iteration, and the latency-bounded batch searches.
#include <benchmark/benchmark.h>

#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/latency_batching.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"
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

// The decode batch with the best throughput at TPOT <= 50 ms (Day-6 decode unit, KV 4,989): the
// search evaluates every candidate batch until HBM is full.
static void BM_ChooseDecodeBatch(benchmark::State& state) {
  const llmcost::ServingModel m = llmcost::deepseek_v3_serving_model();
  const llmcost::Accelerator& h800 = llmcost::chip("H800");
  llmcost::ServingConfig c;
  c.gpus = llmcost::gpu_count(144);
  c.micro_batches = 2;
  c.max_nodes_per_token = 4;
  c.redundant_experts = 32;
  c.context = llmcost::token_count(4989);
  int evaluations = 0;
  for (auto _ : state) {
    const auto b = llmcost::choose_decode_batch(m, h800, c, llmcost::seconds(0.05));
    evaluations = b.evaluations;
    benchmark::DoNotOptimize(b.batch_per_gpu);
  }
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_ChooseDecodeBatch)->Unit(benchmark::kMillisecond);

// The same for a small dense model whose KV cache leaves room for the largest batches (4,096).
static void BM_ChooseDecodeBatchLlama8B(benchmark::State& state) {
  const llmcost::ServingModel m = llmcost::serving_model(llmcost::model_preset("llama-3.1-8b"));
  const llmcost::Accelerator& h200 = llmcost::chip("H200");
  llmcost::ServingConfig c;
  c.gpus = llmcost::gpu_count(1);
  c.kv_precision = llmcost::Precision::fp8;
  c.context = llmcost::token_count(256);
  int evaluations = 0;
  for (auto _ : state) {
    const auto b = llmcost::choose_decode_batch(m, h200, c, llmcost::seconds(3600));
    evaluations = b.evaluations;
    benchmark::DoNotOptimize(b.batch_per_gpu);
  }
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_ChooseDecodeBatchLlama8B)->Unit(benchmark::kMillisecond);

static void BM_PriceRatioPerTask(benchmark::State& state) {
  const auto& o1 = llmcost::api_price("o1");
  const auto& r1 = llmcost::api_price("deepseek-r1");
  const auto& chat = llmcost::task_profile("chat");
  for (auto _ : state) benchmark::DoNotOptimize(llmcost::price_ratio(chat, o1, r1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PriceRatioPerTask);

BENCHMARK_MAIN();
