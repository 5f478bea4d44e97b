// Catalog lookup and unit arithmetic throughput.
#include <benchmark/benchmark.h>

#include "llmcost/hardware/catalog.hpp"

static void BM_ChipLookupByAlias(benchmark::State& state) {
  (void)llmcost::chip("H800");  // parse the embedded catalog once
  for (auto _ : state) benchmark::DoNotOptimize(&llmcost::chip("h800"));
}
BENCHMARK(BM_ChipLookupByAlias);

static void BM_ParseEmbeddedCatalog(benchmark::State& state) {
  const auto& first = llmcost::Catalog::builtin();
  const std::string json = llmcost::to_json(first.all().front());
  for (auto _ : state) {
    auto c = llmcost::Catalog::builtin().merged(llmcost::Catalog{});
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_ParseEmbeddedCatalog);

BENCHMARK_MAIN();
