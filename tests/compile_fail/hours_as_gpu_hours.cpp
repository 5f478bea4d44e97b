// Rule: hours (time) are not GPU-hours (device·time); a wall-clock time passed
// where GPU-hours are expected must not compile.
// EXPECT-ERROR: could not convert|cannot convert|no matching function
#include "llmcost/units.hpp"

namespace {
llmcost::Usd rental_cost(llmcost::GpuHours work, llmcost::UsdPerGpuHour price) { return work * price; }
}  // namespace

int main() {
  using namespace llmcost;
  Seconds wall_clock = hours(1300.8);
#ifdef LLMCOST_COMPILE_FAIL
  Usd c = rental_cost(wall_clock, usd_per_gpu_hour(2.0));
#else
  Usd c = rental_cost(wall_clock * gpu_count(2048), usd_per_gpu_hour(2.0));
#endif
  (void)c;
  return 0;
}
