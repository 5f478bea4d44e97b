// Catalog lookup and parsing throughput.
#include <benchmark/benchmark.h>

#include "common/embedded.hpp"
#include "llmcost/hardware/catalog.hpp"

static void BM_ChipLookupByAlias(benchmark::State& state) {
  (void)llmcost::chip("H800");  // parse the embedded catalog once
  for (auto _ : state) benchmark::DoNotOptimize(&llmcost::chip("h800"));
}
BENCHMARK(BM_ChipLookupByAlias);

// Parsing and validating the whole embedded data/accelerators.toml (done once per process).
static void BM_ParseEmbeddedCatalog(benchmark::State& state) {
  const auto text = llmcost::detail::embedded_file("accelerators.toml");
  for (auto _ : state) {
    auto c = llmcost::Catalog::from_toml(text, "accelerators.toml");
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_ParseEmbeddedCatalog)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
