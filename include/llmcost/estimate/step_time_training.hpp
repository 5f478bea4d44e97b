#pragma once
// File: llmcost/estimate/step_time_training.hpp
//
// Adapter from the step-time model (step_time.hpp) to the training cost estimator
// (training.hpp): the predicted MFU becomes a TrainingRun efficiency, and the phase's FLOPs
// per token use the same convention as that MFU (the step-time model's model FLOPs: causal
// attention, no recomputation, main model without MTP), so that
//   GPU-hours = tokens × FLOPs/token / (MFU × peak) = tokens / tokens_per_step × step_time × GPUs.
//
//   StepTimeEstimate st = deepseek_v3_published_layout(chip("H800"));
//   TrainingRun run{{step_time_phase("pre-training", token_count(14.8e12), st, token_count(4096))},
//                   Cluster{chip("H800"), gpu_count(2048)}, step_time_efficiency(st)};
//   TrainingEstimate e = estimate_training(run, deepseek_rental_assumption());
#include <string>
#include <utility>

#include "llmcost/estimate/step_time.hpp"
#include "llmcost/estimate/training.hpp"

namespace llmcost {

/// The step-time estimate's MFU as a TrainingRun efficiency (its BF16 or FP16 basis), with a
/// source naming the model, the layout, the step time and the bottleneck, so that the estimate
/// says the MFU was predicted rather than stated (describe(Efficiency)).
Mfu step_time_efficiency(const StepTimeEstimate& e);

/// Model FLOPs per token of the estimate [FLOP/tok] (the convention of its MFU).
inline FlopsPerToken step_time_flops_per_token(const StepTimeEstimate& e) {
  return e.model_flops / e.tokens_per_step;
}

/// A training phase of `tokens` with the estimate's sequence length, GEMM precision and FLOPs per
/// token. Throws invalid_input [llmcost.training.invalid] when `tokens` is outside [1, 1e18].
inline TrainingPhase step_time_phase(std::string name, Tokens tokens, const StepTimeEstimate& e, Tokens seq_len) {
  detail::require_in_range(detail::to_raw(tokens), 1, detail::kMaxRunTokens, "tokens", detail::kTrainingTag);
  TrainingPhase p;
  p.name = std::move(name);
  p.tokens = tokens;
  p.seq_len = seq_len;
  p.precision = e.layout.precision.gemm;
  p.training_flops_per_token = step_time_flops_per_token(e);
  return p;
}

}  // namespace llmcost
