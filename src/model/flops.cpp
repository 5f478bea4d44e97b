#include "llmcost/model/flops.hpp"

#include <cmath>

#include "llmcost/error.hpp"

namespace llmcost {
namespace {

constexpr double kMaxSeqLen = 1e8;  // tokens per sequence (model_limits::max_positions)
constexpr double kMaxTokens = 1e18;  // tokens of a run (Llama 3: 1.5e13)

// Weights (multiply-accumulates per token) of one attention block's projections.
double attention_macs(const Transformer& m) {
  const Attention& a = m.attention;
  const double h = m.hidden_size;
  const double heads = a.num_heads;
  if (a.kind == AttentionKind::mla) {
    const double qk = static_cast<double>(a.qk_nope_head_dim) + a.qk_rope_head_dim;
    double n = a.q_lora_rank ? h * *a.q_lora_rank + *a.q_lora_rank * heads * qk : h * heads * qk;
    n += h * (static_cast<double>(a.kv_lora_rank) + a.qk_rope_head_dim);
    n += static_cast<double>(a.kv_lora_rank) * heads * (static_cast<double>(a.qk_nope_head_dim) + a.v_head_dim);
    n += heads * a.v_head_dim * h;
    return n;
  }
  return 2 * h * heads * a.head_dim + 2 * h * a.num_kv_heads * static_cast<double>(a.head_dim);
}

double ffn_macs(FfnKind kind, double hidden, double inter) {
  return (kind == FfnKind::gated ? 3.0 : 2.0) * hidden * inter;
}

// Multiply-accumulates per token of one MoE FFN: top_k routed + shared experts + router.
double moe_macs(const Transformer& m) {
  const Moe& e = *m.moe;
  const double h = m.hidden_size;
  return e.top_k * ffn_macs(m.ffn.kind, h, e.expert_intermediate_size) +
         e.num_shared_experts * ffn_macs(m.ffn.kind, h, e.shared_intermediate()) +
         e.num_routed_experts * h + (e.shared_expert_gate ? h : 0.0);
}

// Forward FLOPs per token of QKᵀ and attention·V in one layer.
double attention_core_flops(const Transformer& m, double seq, const AttentionOptions& o) {
  if (!o.include_attention) return 0.0;
  const Attention& a = m.attention;
  const double head_dims = static_cast<double>(a.qk_head_dim()) + a.value_head_dim();
  const double f = 2.0 * a.num_heads * head_dims * seq;
  return o.causal ? f / 2.0 : f;
}

}  // namespace

std::string_view to_string(Recompute r) noexcept {
  switch (r) {
    case Recompute::none: return "none";
    case Recompute::selective: return "selective";
    case Recompute::full: return "full";
  }
  return "none";
}

FlopsBreakdown flops_breakdown(const Transformer& m, Tokens seq_len, AttentionOptions opts) {
  m.validate();
  const double seq = detail::to_raw(seq_len);
  LLMCOST_REQUIRE(std::isfinite(seq) && seq >= 1 && seq <= kMaxSeqLen, invalid_input, "llmcost.model.seq_len",
                  "seq_len = ", seq, " tokens is outside the accepted range [1, ", kMaxSeqLen, "]");
  const double h = m.hidden_size;
  const int moe_layers = m.num_moe_layers();
  const double dense_ffn = ffn_macs(m.ffn.kind, h, m.ffn.intermediate_size);
  const double attn = attention_macs(m);
  const double moe = m.moe ? moe_macs(m) : 0.0;
  const double macs = m.num_layers * attn + static_cast<double>(m.num_layers - moe_layers) * dense_ffn + moe_layers * moe;
  const double core = attention_core_flops(m, seq, opts);
  const double logits = opts.include_logits ? 2.0 * h * m.vocab_size : 0.0;

  FlopsBreakdown b;
  b.matmul = flop_per_token(2.0 * macs);
  b.attention = flop_per_token(m.num_layers * core);
  b.logits = flop_per_token(logits);
  if (m.mtp_depth > 0) {
    // One MTP module: eh_proj (2H -> H), a block shaped like the last layer, the shared head.
    const double block_ffn = m.is_moe_layer(m.num_layers - 1) ? moe : dense_ffn;
    const double per_module = 2.0 * (2.0 * h * h + attn + block_ffn) + core + logits;
    b.mtp = flop_per_token(m.mtp_depth * per_module);
  }
  return b;
}

FlopsPerToken forward_flops_per_token(const Transformer& m, Tokens seq_len, AttentionOptions opts) {
  return flops_breakdown(m, seq_len, opts).main();
}

FlopsPerToken training_flops_per_token(const Transformer& m, Tokens seq_len, TrainingFlopsOptions opts) {
  const FlopsBreakdown b = flops_breakdown(m, seq_len, opts.attention);
  FlopsPerToken fwd = b.main();
  if (opts.include_mtp) fwd = fwd + b.mtp;
  FlopsPerToken total = 3.0 * fwd;  // forward + backward (2× forward: input and weight gradients)
  switch (opts.recompute) {
    case Recompute::none: break;
    case Recompute::selective: {
      FlopsPerToken core = b.attention;
      if (opts.include_mtp && m.mtp_depth > 0)
        core = core + b.attention * (static_cast<double>(m.mtp_depth) / m.num_layers);
      total = total + core;
      break;
    }
    case Recompute::full: total = total + fwd; break;
  }
  return total;
}

Flops training_flops(const Transformer& m, Tokens tokens, Tokens seq_len, TrainingFlopsOptions opts) {
  const double n = detail::to_raw(tokens);
  LLMCOST_REQUIRE(std::isfinite(n) && n > 0 && n <= kMaxTokens, invalid_input, "llmcost.model.tokens", "tokens = ", n,
                  " is outside the accepted range (0, ", kMaxTokens, "]");
  return training_flops_per_token(m, seq_len, opts) * tokens;
}

}  // namespace llmcost
