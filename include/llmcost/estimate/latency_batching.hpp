#pragma once
// File: llmcost/estimate/latency_batching.hpp
//
// Serving at a latency target: the decode batch per GPU and the prefill chunk per GPU are
// chosen, not given. Among the candidates (every whole batch 1 … 256, then steps of 8 up to
// `max_batch`; prefill chunks of 2^k and 1.5·2^k tokens from 256 up to `max_tokens`), the one
// with the highest throughput whose time per output token (decode) or time to first token
// (prefill) meets the target and whose weights + KV cache fit in HBM. Because the candidate set
// is fixed and a tighter target only removes candidates, a tighter target never raises the
// throughput; nothing assumes the step time is monotone in the batch.
//
// The result names what binds: "latency_target" (a larger candidate misses the target),
// "hbm_capacity" (a larger one would not fit), or "batch_cap" (the largest candidate was
// feasible and best).
//
//   ServingConfig c = deepseek_day6_decode_config();
//   DecodeBatchChoice b = choose_decode_batch(deepseek_v3_serving_model(), chip("H800"), c, seconds(0.050));
//   b.batch_per_gpu;   // sequences per GPU at TPOT ≤ 50 ms (Day 6: 20–22 tok/s per request)
#include <string>

#include "llmcost/estimate/inference.hpp"

namespace llmcost {

/// The decode batch chosen for a time-per-output-token target.
struct DecodeBatchChoice {
  double batch_per_gpu = 0;
  DecodeEstimate estimate;  ///< at that batch
  std::string limit;        ///< "latency_target", "hbm_capacity" or "batch_cap"
  int evaluations = 0;      ///< decode estimates computed
};

/// The prefill chunk chosen for a time-to-first-token target.
struct PrefillChunkChoice {
  Tokens tokens_per_gpu;
  PrefillEstimate estimate;
  std::string limit;  ///< "latency_target" or "batch_cap"
  int evaluations = 0;
};

/// Best decode throughput with time per output token ≤ `tpot_target` (> 0) and weights + KV
/// within HBM (when the catalog has the capacity). `base` gives every other knob. Throws
/// out_of_domain [llmcost.inference.latency_target] when no candidate meets the target (the
/// message gives the smallest time reached) and invalid_input for a bad target or max_batch.
DecodeBatchChoice choose_decode_batch(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                      Seconds tpot_target, const ServingKernels& kernels = {},
                                      double max_batch = 4096);

/// Best prefill throughput with time to first token (no queueing) ≤ `ttft_target` (> 0).
PrefillChunkChoice choose_prefill_chunk(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                        Seconds ttft_target, const ServingKernels& kernels = {},
                                        double max_tokens = 131072);

}  // namespace llmcost
