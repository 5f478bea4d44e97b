// Rule: memory bandwidth (bytes/s) is not compute throughput (FLOP/s); passing one
// where the other is expected must not compile.
// EXPECT-ERROR: could not convert|cannot convert|no matching function
#include "llmcost/units.hpp"

namespace {
llmcost::Seconds compute_time(llmcost::Flops work, llmcost::FlopsPerSecond peak) { return work / peak; }
}  // namespace

int main() {
  using namespace llmcost;
  BytesPerSecond hbm = bytes_per_s(3.35e12);
#ifdef LLMCOST_COMPILE_FAIL
  Seconds t = compute_time(flop(1e15), hbm);
#else
  Seconds t = compute_time(flop(1e15), flop_per_s(989e12));
  (void)hbm;
#endif
  (void)t;
  return 0;
}
