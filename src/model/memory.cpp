#include "llmcost/model/memory.hpp"

#include "llmcost/error.hpp"
#include "llmcost/model/params.hpp"

namespace llmcost {

BytesPerParam bytes_per_element(Precision p) noexcept {
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

BytesPerToken kv_cache_bytes_per_token(const Transformer& m, Precision kv_dtype) {
  m.validate();
  const double b = detail::to_raw(bytes_per_element(kv_dtype));
  const Attention& a = m.attention;
  const double per_layer = a.kind == AttentionKind::mla
                               ? static_cast<double>(a.kv_lora_rank) + a.qk_rope_head_dim
                               : 2.0 * a.num_kv_heads * static_cast<double>(a.head_dim);
  return bytes_per_token(m.num_layers * per_layer * b);
}

Bytes weight_bytes(const Transformer& m, BytesPerParam per_param) {
  detail::require_positive(detail::to_raw(per_param), "bytes per parameter", "llmcost.model.bytes_per_param");
  return total_params(m) * per_param;
}

Bytes weight_bytes(const Transformer& m, Precision dtype) { return weight_bytes(m, bytes_per_element(dtype)); }

Bytes training_state_bytes(const Transformer& m, OptimizerStateLayout layout) {
  for (auto [v, what] : {std::pair{layout.weights, "weights"}, std::pair{layout.master_weights, "master_weights"},
                         std::pair{layout.gradients, "gradients"},
                         std::pair{layout.optimizer_states, "optimizer_states"}})
    detail::require_non_negative(detail::to_raw(v), what, "llmcost.model.optimizer_layout");
  detail::require_positive(detail::to_raw(layout.total()), "bytes per parameter of training state",
                           "llmcost.model.optimizer_layout");
  return param_breakdown(m).total_with_mtp() * layout.total();
}

}  // namespace llmcost
