// Hugging Face config.json import. Target: < 50 µs per config (parse + table-driven mapping +
// validation), over every real config of tests/data/hf_configs (and the DeepSeek-V3 fixture).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "llmcost/error.hpp"
#include "llmcost/model/hf_config.hpp"

namespace {
namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kRoot = LLMCOST_BENCH_SOURCE_DIR;

// Every real config that imports (refused shapes are left out: they stop early).
std::vector<std::string> importable_configs() {
  std::vector<std::string> out;
  const fs::path dir = kRoot / "tests" / "data" / "hf_configs";
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::string text = read_text(e.path());
    try {
      (void)llmcost::from_hf_config_json(text, e.path().filename().string());
      out.push_back(std::move(text));
    } catch (const llmcost::error&) {
    }
  }
  return out;
}
}  // namespace

static void BM_HfImportEveryRealConfig(benchmark::State& state) {
  const std::vector<std::string> configs = importable_configs();
  if (configs.empty()) {
    state.SkipWithError("tests/data/hf_configs not found");
    return;
  }
  for (auto _ : state)
    for (const auto& text : configs) benchmark::DoNotOptimize(llmcost::import_hf_config_json(text, "config.json"));
  state.counters["configs"] = static_cast<double>(configs.size());
  // Seconds per config (shown as us/config with --benchmark_counters_tabular or in JSON).
  state.counters["s_per_config"] = benchmark::Counter(static_cast<double>(configs.size()),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_HfImportEveryRealConfig)->Unit(benchmark::kMicrosecond);

// The model only (from_hf_config_json: what the estimators import), without the report of
// defaults used and ignored keys.
static void BM_HfModelEveryRealConfig(benchmark::State& state) {
  const std::vector<std::string> configs = importable_configs();
  if (configs.empty()) {
    state.SkipWithError("tests/data/hf_configs not found");
    return;
  }
  for (auto _ : state)
    for (const auto& text : configs) benchmark::DoNotOptimize(llmcost::from_hf_config_json(text, "config.json"));
  state.counters["s_per_config"] = benchmark::Counter(static_cast<double>(configs.size()),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_HfModelEveryRealConfig)->Unit(benchmark::kMicrosecond);

static void BM_HfImportDeepSeekV3(benchmark::State& state) {
  const std::string text = read_text(kRoot / "tests" / "model" / "fixtures" / "deepseek_v3.json");
  if (text.empty()) {
    state.SkipWithError("fixture not found");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(llmcost::import_hf_config_json(text, "deepseek_v3.json"));
}
BENCHMARK(BM_HfImportDeepSeekV3)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
