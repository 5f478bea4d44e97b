// libFuzzer target for the accelerator catalog loader (Catalog::from_toml), the merge over the
// built-in catalog and a training and decode estimate on every loaded chip (fuzz_checks.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;  // catalog files are a few kB; keep the run fast
  llmcost::fuzz::catalog(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
