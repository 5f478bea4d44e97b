// libFuzzer target for the scenario loader (TOML and JSON), then evaluation of the base
// point. Expected failures are llmcost's tagged exceptions; anything else — a crash, a
// sanitizer report, another exception type, a NaN metric — is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "llmcost/error.hpp"
#include "llmcost/scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;  // scenario files are small; keep the run fast
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // `extends` is resolved against a directory that holds nothing the fuzzer can grow into.
  const std::filesystem::path base_dir = "/nonexistent-llmcost-fuzz";
  try {
    const bool json = !text.empty() && text.front() == '{';
    const llmcost::Scenario s = json ? llmcost::Scenario::from_json(text, "<fuzz>", base_dir)
                                     : llmcost::Scenario::from_toml(text, "<fuzz>", base_dir);
    for (const auto& [name, value] : s.base_point())
      if (!std::isfinite(value)) std::abort();  // a loaded scenario never evaluates to NaN or inf
    if (s.has_uncertainty()) {  // a few Monte Carlo samples (distributions, copula) must stay finite too
      llmcost::RunOptions o;
      o.samples = 16;
      o.threads = 1;
      for (const auto& column : s.sample_range(o, 0, 16).values)
        for (double v : column)
          if (!std::isfinite(v)) std::abort();
    }
  } catch (const llmcost::error&) {
    // a tagged input error: the expected outcome for most inputs
  }
  return 0;
}
