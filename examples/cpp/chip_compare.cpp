// H800 against H100: same dense compute, less than half the NVLink bandwidth.
// Expected output (chip_compare.output) follows from the NVIDIA datasheet and
// DeepSeek's ISCA '25 paper, §4.1.
#include <iostream>

#include "llmcost/format.hpp"
#include "llmcost/hardware/catalog.hpp"

int main() {
  using namespace llmcost;
  for (const char* name : {"H100", "H800"}) {
    const Accelerator& a = chip(name);
    std::cout << a.id << ": BF16 " << format(a.require_peak(Precision::bf16)) << ", NVLink "
              << format(a.scale_up_bandwidth->value) << " ("
              << to_string(a.scale_up_bandwidth->provenance.grade) << ")\n";
  }
  const Ratio r = chip("H800").scale_up_bandwidth->value / chip("H100").scale_up_bandwidth->value;
  std::cout << "H800/H100 NVLink: " << format(r) << "\n";
}
