// Uses the installed library: the catalog (compiled data), units and formatting.
#include <iostream>

#include <llmcost/format.hpp>
#include <llmcost/hardware/catalog.hpp>
#include <llmcost/version.hpp>

int main() {
  const auto& h800 = llmcost::chip("h800");
  std::cout << "llmcost " << llmcost::version_string << ": " << h800.id << " scale-up "
            << llmcost::format(h800.scale_up_bandwidth->value) << "\n";
  return h800.id == "H800-SXM" ? 0 : 1;
}
