#pragma once
// File: llmcost/estimate/training_model.hpp
//
// Convenience glue between the model layer (llmcost/model) and the model-independent
// training estimator: a phase whose FLOPs per token come from the architecture, and the
// default efficiency model driven by the model's active parameters.
//
//   const auto& v3 = model_preset("deepseek-v3");
//   TrainingPhase pre = training_phase(v3, "pre-training", token_count(14.8e12), token_count(4096), Precision::fp8);
//   MfuPrediction m = predict_mfu(v3, chip("H800"), gpu_count(2048));
#include <string>
#include <utility>

#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/params.hpp"

namespace llmcost {

/// A phase of `tokens` at `seq_len` whose FLOPs per token are `training_flops_per_token(model, seq_len, opts)`.
inline TrainingPhase training_phase(const Transformer& model, std::string name, Tokens tokens, Tokens seq_len,
                                    Precision precision, TrainingFlopsOptions opts = {}) {
  return TrainingPhase{std::move(name), tokens, seq_len, precision, training_flops_per_token(model, seq_len, opts),
                       std::nullopt};
}

/// Default-model MFU for `model` (its active parameters) on `chip` with `gpus` GPUs.
inline MfuPrediction predict_mfu(const Transformer& model, const Accelerator& chip, std::optional<Gpus> gpus) {
  return predict_mfu(chip, active_params(model), gpus);
}

}  // namespace llmcost
