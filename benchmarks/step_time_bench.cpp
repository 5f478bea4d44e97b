// Step-time model speed (targets: >= 1e5 layout evaluations/s on one core; a full
// DeepSeek-V3 layout search on 2,048 H800 in < 1 s; a default-path training prediction, search
// included, for a 2,048-GPU problem in < 50 ms on one core).
#include <benchmark/benchmark.h>

#include "llmcost/estimate/layout_search.hpp"
#include "llmcost/estimate/training_prediction.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"

namespace {

using namespace llmcost;

TrainingWorkload v3() {
  TrainingWorkload w;
  w.model = model_preset("deepseek-v3");
  w.seq_len = token_count(4096);
  w.global_batch = 15360;
  w.max_nodes_per_token = 4;
  return w;
}

// The search's hot path: one layout, already checked.
void BM_EvaluateLayoutUnchecked(benchmark::State& state) {
  const StepTimeModel model(v3(), step_cluster(chip("H800"), gpu_count(2048)));
  Layout l = deepseek_v3_published_layout(chip("H800")).layout;
  int mb = 0;
  for (auto _ : state) {
    l.micro_batch_size = 1 + (mb++ & 1);  // defeat hoisting
    StepTimeEstimate e = model.evaluate_unchecked(l);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateLayoutUnchecked);

// With the constraint check (check_layout) as the search runs it.
void BM_EvaluateLayoutChecked(benchmark::State& state) {
  const TrainingWorkload w = v3();
  const StepTimeModel model(w, step_cluster(chip("H800"), gpu_count(2048)));
  Layout l = deepseek_v3_published_layout(chip("H800")).layout;
  for (auto _ : state) {
    auto v = check_layout(w, gpu_count(2048), l);
    benchmark::DoNotOptimize(v);
    StepTimeEstimate e = model.evaluate_unchecked(l);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateLayoutChecked);

// The full search; Arg = threads (1 = one core).
void BM_SearchDeepSeekV3(benchmark::State& state) {
  const TrainingWorkload w = v3();
  const StepCluster c = step_cluster(chip("H800"), gpu_count(2048));
  LayoutSearchOptions o;
  o.precision.gemm = Precision::fp8;
  o.precision.state = OptimizerStateLayout::deepseek_v3();
  o.threads = static_cast<int>(state.range(0));
  long long evaluated = 0;
  for (auto _ : state) {
    LayoutSearchResult r = search_layouts(w, c, o);
    evaluated = r.evaluated;
    benchmark::DoNotOptimize(r);
  }
  state.counters["layouts"] = static_cast<double>(evaluated);
  state.counters["layouts_per_s"] =
      benchmark::Counter(static_cast<double>(evaluated) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SearchDeepSeekV3)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The default path of `estimate training` without an efficiency: search the layouts of Llama 2
// 70B on 2,048 A100 (4M-token batch, the default rule) and realise the steady state; one core.
void BM_PredictLlama2_70B_2048(benchmark::State& state) {
  TrainingWorkload w;
  w.model = model_preset("llama-2-70b");
  w.seq_len = token_count(4096);
  w.global_batch = 1024;
  const StepCluster c = step_cluster(chip("A100-SXM-80GB"), gpu_count(2048));
  LayoutSearchOptions o;
  o.threads = 1;
  long long evaluated = 0;
  for (auto _ : state) {
    const SteadyState s = predict_steady_state(w, c, token_count(2e12), o);
    RealisedGpuHours g = realise(s.gpu_hours, default_realisation());
    evaluated = s.layouts_evaluated;
    benchmark::DoNotOptimize(g);
  }
  state.counters["layouts"] = static_cast<double>(evaluated);
}
BENCHMARK(BM_PredictLlama2_70B_2048)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
BENCHMARK_MAIN();
