// Rule: a raw double has no unit; it cannot be passed where a quantity is expected
// (name the unit with a constructor such as usd_per_gpu_hour(2.0)).
// EXPECT-ERROR: could not convert|cannot convert|no matching function|conversion from
#include "llmcost/units.hpp"

namespace {
llmcost::Usd rental_cost(llmcost::GpuHours work, llmcost::UsdPerGpuHour price) { return work * price; }
}  // namespace

int main() {
  using namespace llmcost;
#ifdef LLMCOST_COMPILE_FAIL
  Usd c = rental_cost(gpu_hours(2.788e6), 2.0);
#else
  Usd c = rental_cost(gpu_hours(2.788e6), usd_per_gpu_hour(2.0));
#endif
  (void)c;
  return 0;
}
