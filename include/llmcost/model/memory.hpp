#pragma once
// File: llmcost/model/memory.hpp
//
// Memory of a Transformer: KV cache per token, weights, and training state.
//
//  * KV cache per token (per sequence position, all layers, main model; MTP layers and
//    sliding windows are not modelled):
//      MHA/GQA: 2 · L · n_kv · d_head · bytes      (K and V)
//      MLA:     L · (kv_lora_rank + qk_rope_head_dim) · bytes   (compressed latent + rope key)
//    DeepSeek ISCA '25 Table 1 (arXiv:2505.09343): DeepSeek-V3 70.272 KB, Qwen-2.5 72B
//    327.680 KB, LLaMA-3.1 405B 516.096 KB per token in BF16.
//  * Bytes per element: fp64 8, tf32 4 (stored as fp32), bf16/fp16 2, fp8/int8 1, fp4 0.5.
//  * Weights: main-model parameters × bytes per parameter (MTP modules excluded; add
//    param_breakdown(m).mtp for speculative decoding with them).
//  * Training state: (weights + master weights + gradients + optimizer states) per
//    parameter × all parameters incl. MTP. Classic mixed-precision Adam = 16 B/param
//    (Rajbhandari et al. 2020, ZeRO §3: 2 + 2 + 12); DeepSeek-V3 keeps BF16 working
//    weights, FP32 master weights and gradients and BF16 AdamW moments (DeepSeek-V3
//    technical report §3.3.3): 2 + 4 + 4 + 4 = 14 B/param. FP8 is used for GEMM
//    inputs and cached activations, which are not state.
//
//   auto kv = kv_cache_bytes_per_token(model_preset("deepseek-v3"), Precision::bf16);  // 70272 B/tok
//   Bytes w = weight_bytes(model_preset("llama-3.1-70b"), Precision::fp8);           // 70.55 GB
//   Bytes s = training_state_bytes(model_preset("llama-3.1-8b"), OptimizerStateLayout::mixed_precision_adam());
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Storage size of one element of `p` [B/param]: fp64 8, tf32 4, bf16/fp16 2, fp8/int8 1, fp4 0.5.
BytesPerParam bytes_per_element(Precision p) noexcept;

/// KV-cache bytes per token of context, all layers [B/tok].
BytesPerToken kv_cache_bytes_per_token(const Transformer& m, Precision kv_dtype);

/// Weight bytes of the main model at `dtype` [B].
Bytes weight_bytes(const Transformer& m, Precision dtype);
/// Weight bytes of the main model at `per_param` bytes per parameter (mixed formats) [B].
Bytes weight_bytes(const Transformer& m, BytesPerParam per_param);

/// Bytes per parameter of each piece of training state.
struct OptimizerStateLayout {
  BytesPerParam weights = bytes_per_param(2);         ///< working copy used by the GEMMs
  BytesPerParam master_weights = bytes_per_param(4);  ///< optimizer's copy
  BytesPerParam gradients = bytes_per_param(2);
  BytesPerParam optimizer_states = bytes_per_param(8);  ///< Adam m and v
  /// Sum [B/param].
  [[nodiscard]] BytesPerParam total() const { return weights + master_weights + gradients + optimizer_states; }
  /// Classic mixed-precision Adam: fp16/bf16 weights and gradients, fp32 master, m, v = 16 B/param.
  static OptimizerStateLayout mixed_precision_adam() { return {}; }
  /// DeepSeek-V3: bf16 weights, fp32 master weights and gradients, bf16 moments = 14 B/param.
  static OptimizerStateLayout deepseek_v3() {
    return {bytes_per_param(2), bytes_per_param(4), bytes_per_param(4), bytes_per_param(4)};
  }
};

/// Training state (weights, gradients, optimizer) of all parameters incl. MTP, unsharded [B].
Bytes training_state_bytes(const Transformer& m,
                           OptimizerStateLayout layout = OptimizerStateLayout::mixed_precision_adam());

}  // namespace llmcost
