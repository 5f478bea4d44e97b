#pragma once
// File: llmcost/detail/ranges.hpp
//
// The accepted ranges of the estimators' inputs, in one place. Each bound is generous (far
// beyond any real run) and chosen so that no combination of in-range inputs can overflow a
// double: every finite input gives a finite result or a tagged error naming the input.
//
//   input                              range                       checked in
//   GPUs (cluster, fleet, serving)     whole, [1, 1e7]             estimate_training, fleet_cost,
//                                                                  estimate_prefill/decode, step_cluster
//   tokens of a run                    [1, 1e18]                   estimate_training, training_flops
//   sequence length                    whole, [1, 1e8] tokens      estimate_training, StepTimeModel
//   training FLOPs per token           [1, 1e25] FLOP/tok          estimate_training
//   rental price                       (0, 1e4] USD/GPU-hour       rental_pricing, RentalPricing::cost,
//                                                                  serving_cost, fleet_for_traffic
//   GPU purchase price, other capex    [0, 1e8] USD/GPU            OwnershipTco (tco_per_gpu_hour, ...)
//   TCO terms                          see tco.hpp                 OwnershipTco
#include <cmath>
#include <string>
#include <string_view>

#include "llmcost/error.hpp"

namespace llmcost::detail {

inline constexpr double kMaxGpus = 1e7;                    ///< accelerators in one cluster or fleet
inline constexpr double kMaxRunTokens = 1e18;              ///< tokens of one training run (Llama 3: 1.5e13)
inline constexpr double kMaxSeqLen = 1e8;                  ///< tokens per sequence
inline constexpr double kMaxFlopsPerToken = 1e25;          ///< training FLOP per token (DeepSeek-V3: 1.1e12)
inline constexpr double kMaxPriceUsdPerGpuHour = 1e4;      ///< rental price (H100: ~$2)
inline constexpr double kMaxUsdPerGpu = 1e8;               ///< purchase price / capex per accelerator (H100: ~$30k)
inline constexpr double kMaxGpuHours = 1e15;               ///< GPU-hours given directly (DeepSeek-V3: 2.8e6)
inline constexpr double kMaxTokensPerSecondPerGpu = 1e12;  ///< measured training throughput
inline constexpr double kMaxTokensPerDay = 1e18;           ///< served traffic

/// `x` must be finite and in (0, hi]. Throws invalid_input naming `what`, its value and the range.
inline double require_positive_up_to(double x, double hi, std::string_view what, std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x > 0 && x <= hi, invalid_input, std::string(tag), what, " = ", x,
                  " is outside the accepted range (0, ", hi, "]");
  return x;
}

}  // namespace llmcost::detail
