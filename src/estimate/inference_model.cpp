#include "llmcost/estimate/inference_model.hpp"

#include "llmcost/model/params.hpp"

namespace llmcost {

ServingModel serving_model(const Transformer& m) {
  m.validate();
  using detail::to_raw;
  const ParamBreakdown b = param_breakdown(m);
  const Attention& at = m.attention;
  const double heads = at.num_heads;
  const double layers = m.num_layers;
  ServingModel s;
  s.name = m.name;
  s.always_active_params = b.attention + b.dense_ffn + b.shared_experts + b.router + b.norms +
                           (m.tie_embeddings ? param_count(static_cast<double>(m.vocab_size) * m.hidden_size)
                                             : b.output_head);
  s.attention_params = b.attention - b.attention_inactive;
  s.output_head_params = m.tie_embeddings ? param_count(static_cast<double>(m.vocab_size) * m.hidden_size) : b.output_head;
  s.layers = m.num_layers;
  s.hidden_size = m.hidden_size;
  if (m.moe) {
    s.moe_layers = m.num_moe_layers();
    s.routed_experts = m.moe->num_routed_experts;
    s.experts_per_token = m.moe->top_k;
    const double slots = static_cast<double>(s.routed_experts) * s.moe_layers;
    s.routed_expert_params = slots > 0 ? b.routed_experts / slots : param_count(0);
  } else {
    s.routed_expert_params = param_count(0);
  }
  if (at.kind == AttentionKind::mla) {
    const double latent = at.kv_lora_rank, rope = at.qk_rope_head_dim;
    s.attention_decode_flops_per_context_token = flop_per_token(layers * heads * 2 * ((latent + rope) + latent));
    s.attention_prefill_flops_per_context_token =
        flop_per_token(layers * heads * 2 * (static_cast<double>(at.qk_head_dim()) + at.value_head_dim()));
    s.kv_elements_per_token = layers * (latent + rope);
    s.kv_shardable_by_tp = false;  // the latent is shared by all heads: TP replicates it
  } else {
    const double per_token = layers * heads * 2 * (static_cast<double>(at.qk_head_dim()) + at.value_head_dim());
    s.attention_decode_flops_per_context_token = flop_per_token(per_token);
    s.attention_prefill_flops_per_context_token = flop_per_token(per_token);
    s.kv_elements_per_token = 2 * layers * at.num_kv_heads * static_cast<double>(at.head_dim);
    s.kv_shardable_by_tp = true;
  }
  s.mtp_module_params = m.mtp_depth > 0 ? b.mtp_active / static_cast<double>(m.mtp_depth) : param_count(0);
  s.max_context = token_count(m.max_position_embeddings ? *m.max_position_embeddings : 0);
  return s;
}

}  // namespace llmcost
