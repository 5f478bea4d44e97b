// Rule: FLOP and USD are different dimensions; adding them must not compile.
// EXPECT-ERROR: no match for.*operator\+
#include "llmcost/units.hpp"

int main() {
  using namespace llmcost;
  Flops work = flop(3.7e24);
  Usd cost = usd(5.576e6);
#ifdef LLMCOST_COMPILE_FAIL
  auto nonsense = work + cost;
  (void)nonsense;
#else
  auto fine = work + work;
  (void)fine;
  (void)cost;
#endif
  return 0;
}
