// The step-time model's MFU as a training efficiency, with a source that says it was predicted.
#include "llmcost/estimate/step_time_training.hpp"

#include <fmt/format.h>

namespace llmcost {

Mfu step_time_efficiency(const StepTimeEstimate& e) {
  return Mfu{predicted_mfu(e), e.mfu_basis,
             fmt::format("step-time model: layout {}, {:.3g} s per step, bottleneck {}", describe(e.layout),
                         detail::to_raw(e.step_time), e.bottleneck)};
}

}  // namespace llmcost
