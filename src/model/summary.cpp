#include "llmcost/model/summary.hpp"

#include <nlohmann/json.hpp>

#include "llmcost/error.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"

namespace llmcost {

std::string to_json(const Transformer& m, Tokens seq_len, int indent) {
  using json = nlohmann::ordered_json;
  const ParamBreakdown b = param_breakdown(m);
  auto r = [](const auto& q) { return detail::to_raw(q); };
  const Attention& a = m.attention;
  json attn{{"kind", to_string(a.kind)}, {"num_heads", a.num_heads}, {"num_kv_heads", a.num_kv_heads}};
  if (a.kind == AttentionKind::mla) {
    attn["q_lora_rank"] = a.q_lora_rank ? json(*a.q_lora_rank) : json(nullptr);
    attn["kv_lora_rank"] = a.kv_lora_rank;
    attn["qk_nope_head_dim"] = a.qk_nope_head_dim;
    attn["qk_rope_head_dim"] = a.qk_rope_head_dim;
    attn["v_head_dim"] = a.v_head_dim;
  } else {
    attn["head_dim"] = a.head_dim;
  }
  json arch{{"num_layers", m.num_layers},
            {"hidden_size", m.hidden_size},
            {"vocab_size", m.vocab_size},
            {"tie_embeddings", m.tie_embeddings},
            {"positions", to_string(m.positions)},
            {"norm", to_string(m.norm)},
            {"max_position_embeddings",
             m.max_position_embeddings ? json(*m.max_position_embeddings) : json(nullptr)},
            {"attention", attn},
            {"ffn", {{"kind", to_string(m.ffn.kind)}, {"intermediate_size", m.ffn.intermediate_size}}},
            {"moe", nullptr},
            {"mtp_depth", m.mtp_depth},
            {"parallel_blocks", m.parallel_blocks}};
  if (m.moe) {
    arch["moe"] = {{"num_routed_experts", m.moe->num_routed_experts},
                   {"num_shared_experts", m.moe->num_shared_experts},
                   {"top_k", m.moe->top_k},
                   {"expert_intermediate_size", m.moe->expert_intermediate_size},
                   {"num_moe_layers", m.num_moe_layers()},
                   {"num_dense_layers", m.num_dense_layers()}};
  }
  TrainingFlopsOptions no_mtp;
  no_mtp.include_mtp = false;
  json j{{"name", m.name},
         {"model_type", m.model_type},
         {"seq_len_tokens", r(seq_len)},
         {"params_total", r(b.total())},
         {"params_active", r(b.active())},
         {"params_total_with_mtp", r(b.total_with_mtp())},
         {"params_breakdown",
          {{"embedding", r(b.embedding)},
           {"attention", r(b.attention)},
           {"dense_ffn", r(b.dense_ffn)},
           {"routed_experts", r(b.routed_experts)},
           {"routed_experts_active", r(b.routed_experts_active)},
           {"shared_experts", r(b.shared_experts)},
           {"router", r(b.router)},
           {"norms", r(b.norms)},
           {"output_head", r(b.output_head)},
           {"mtp", r(b.mtp)},
           {"mtp_active", r(b.mtp_active)}}},
         {"forward_flop_per_token", r(forward_flops_per_token(m, seq_len))},
         {"training_flop_per_token", r(training_flops_per_token(m, seq_len))},
         {"training_flop_per_token_without_mtp", r(training_flops_per_token(m, seq_len, no_mtp))},
         {"flop_convention",
          "2 FLOP/MAC over activated weights (no embedding lookup) + logits 2·H·V + causal attention "
          "2·L·heads·(d_qk+d_v)·S/2; training = 3 × forward (+ MTP modules); reproduces DeepSeek ISCA '25 Table 2"},
         {"kv_cache_bytes_per_token_bf16", r(kv_cache_bytes_per_token(m, Precision::bf16))},
         {"kv_cache_bytes_per_token_fp8", r(kv_cache_bytes_per_token(m, Precision::fp8))},
         {"weight_bytes_bf16", r(weight_bytes(m, Precision::bf16))},
         {"training_state_bytes_mixed_precision_adam", r(training_state_bytes(m))},
         {"architecture", arch},
         {"warnings", m.warnings}};
  // Every number of the summary must be finite (with the model's sizes within model_limits and
  // seq_len within [1, 1e8] they are; this is the check at the place the result is built).
  const auto check = [](const auto& self, const json& node) -> void {
    if (node.is_number_float())
      detail::require_finite_result(node.get<double>(), "the model summary", "seq_len and the model's sizes",
                                    "llmcost.model.overflow");
    else if (node.is_structured())
      for (const auto& child : node) self(self, child);
  };
  check(check, j);
  return j.dump(indent);
}

}  // namespace llmcost
