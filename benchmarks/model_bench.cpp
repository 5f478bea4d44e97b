// Model-layer throughput. Targets: params + FLOPs + KV for a preset <= 1 µs;
// config.json import <= 100 µs.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"


static void BM_PresetParamsFlopsKv(benchmark::State& state) {
  const llmcost::Transformer& m = llmcost::model_preset("deepseek-v3");  // parses the presets once
  const auto seq = llmcost::token_count(4096);
  for (auto _ : state) {
    const llmcost::ParamBreakdown b = llmcost::param_breakdown(m);  // total, active, MTP at once
    benchmark::DoNotOptimize(b.total());
    benchmark::DoNotOptimize(b.active());
    benchmark::DoNotOptimize(llmcost::training_flops_per_token(m, seq));
    benchmark::DoNotOptimize(llmcost::kv_cache_bytes_per_token(m, llmcost::Precision::bf16));
  }
}
BENCHMARK(BM_PresetParamsFlopsKv);

static void BM_PresetLookup(benchmark::State& state) {
  (void)llmcost::model_preset("deepseek-v3");
  for (auto _ : state) benchmark::DoNotOptimize(&llmcost::model_preset("DeepSeek-R1"));
}
BENCHMARK(BM_PresetLookup);

static void BM_HfConfigImport(benchmark::State& state) {
  // The real DeepSeek-V3 config.json (tests/model/fixtures), read once; the loop parses and maps it.
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path();
  std::ifstream in(root / "tests" / "model" / "fixtures" / "deepseek_v3.json");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  if (text.empty()) {
    state.SkipWithError("fixture not found");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(llmcost::from_hf_config_json(text, "deepseek_v3.json"));
}
BENCHMARK(BM_HfConfigImport);

BENCHMARK_MAIN();
