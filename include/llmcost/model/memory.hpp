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
#include <utility>

#include "llmcost/error.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Storage size of one element of `p` [B/param]: fp64 8, tf32 4, bf16/fp16 2, fp8/int8 1, fp4 0.5.
inline BytesPerParam bytes_per_element(Precision p) noexcept {
  switch (p) {
    case Precision::fp64: return bytes_per_param(8);
    case Precision::tf32: return bytes_per_param(4);  // stored in fp32 containers
    case Precision::bf16:
    case Precision::fp16: return bytes_per_param(2);
    case Precision::fp8:
    case Precision::int8: return bytes_per_param(1);
    case Precision::fp4: return bytes_per_param(0.5);
  }
  return bytes_per_param(2);
}

/// KV-cache bytes per token of context, all layers [B/tok].
inline BytesPerToken kv_cache_bytes_per_token(const Transformer& m, Precision kv_dtype) {
  m.validate();
  const double b = detail::to_raw(bytes_per_element(kv_dtype));
  const Attention& a = m.attention;
  const double per_layer = a.kind == AttentionKind::mla
                               ? static_cast<double>(a.kv_lora_rank) + a.qk_rope_head_dim
                               : 2.0 * a.num_kv_heads * static_cast<double>(a.head_dim);
  return bytes_per_token(m.num_layers * per_layer * b);
}

/// Weight bytes of the main model at `per_param` bytes per parameter (mixed formats) [B].
/// Throws invalid_input [llmcost.model.bytes_per_param] unless per_param is finite and > 0.
inline Bytes weight_bytes(const Transformer& m, BytesPerParam per_param) {
  detail::require_positive(detail::to_raw(per_param), "bytes per parameter", "llmcost.model.bytes_per_param");
  return total_params(m) * per_param;
}
/// Weight bytes of the main model at `dtype` [B].
inline Bytes weight_bytes(const Transformer& m, Precision dtype) { return weight_bytes(m, bytes_per_element(dtype)); }

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
/// Throws invalid_input [llmcost.model.optimizer_layout] when a piece is negative or not finite,
/// or the sum is not > 0.
inline Bytes training_state_bytes(const Transformer& m,
                                  const OptimizerStateLayout& layout = OptimizerStateLayout::mixed_precision_adam()) {
  for (auto [v, what] : {std::pair{layout.weights, "weights"}, std::pair{layout.master_weights, "master_weights"},
                         std::pair{layout.gradients, "gradients"},
                         std::pair{layout.optimizer_states, "optimizer_states"}})
    detail::require_non_negative(detail::to_raw(v), what, "llmcost.model.optimizer_layout");
  detail::require_positive(detail::to_raw(layout.total()), "bytes per parameter of training state",
                           "llmcost.model.optimizer_layout");
  return param_breakdown(m).total_with_mtp() * layout.total();
}

}  // namespace llmcost
