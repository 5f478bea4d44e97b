// libFuzzer target for the Hugging Face config.json importer (from_hf_config_json), followed by
// every count and estimator built on the imported model (fuzz_checks.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;  // config.json files are a few kB; keep the run fast
  llmcost::fuzz::hf_config(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
