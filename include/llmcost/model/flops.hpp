#pragma once
// File: llmcost/model/flops.hpp
//
// FLOPs per token of a Transformer, forward and training, counting 2 FLOP per
// multiply-accumulate of every matrix product a token goes through.
//
// Forward, per token, at sequence length S (`flops_breakdown`):
//   matmul     = 2 · (activated weights except embedding lookup, norms and LM head)
//                MoE: only the top_k routed experts (+ shared experts, + router) count;
//   attention  = 2 · L · n_heads · (d_qk + d_v) · S   (QKᵀ scores + attention·V context)
//                × ½ when `causal` (token t attends to t positions: S/2 on average);
//                MLA uses d_qk = qk_nope + qk_rope, d_v = v_head_dim (the naive, non-absorbed form);
//   logits     = 2 · H · V (the LM head, also when tied to the embedding);
//   mtp        = per MTP module: eh_proj 2·(2H·H) + one block (matmul + attention) + logits.
// Training = 3 × forward (forward + backward, the backward being 2× the forward), plus
// recomputation: selective adds one forward attention term (Korthikanti et al. 2022),
// full adds a whole forward (PaLM's "hardware FLOPs", 8N instead of 6N).
//
// Conventions and what they reproduce:
//  * causal = false gives PaLM's 6N + 12·L·H·Q·T (Chowdhery et al. 2022, App. B) and the
//    structure of Megatron-LM's `num_floating_point_operations` (3 × 2 FLOP/MAC, with
//    MLA/MoE/MTP terms, logits included).
//  * The DEFAULT (causal halving on, logits on, embedding lookup excluded) is the
//    convention that reproduces DeepSeek's ISCA '25 Table 2 (Zhao et al., "Insights
//    into DeepSeek-V3", arXiv:2505.09343) at S = 4096: DeepSeek-V3 250.5 GFLOP (table: 250,
//    main model without MTP), DeepSeek-V2 155.3 (155), Llama-3.1-405B 2473 (2448, +1.0%).
//    Its "Qwen-72B" 394 is NOT reproduced by any of these conventions for Qwen2.5-72B
//    (we get 444.9, +12.9%; even 6·N_non-embedding alone is 421): see docs/model.md.
//  * include_attention = false, include_logits = true gives the 6·N rule used by
//    Kaplan et al. 2020 / the Llama 3 paper / the GPT-3 paper (N without embedding).
//  * MTP modules are included in training FLOPs by default when the model has them
//    (DeepSeek-V3: +11.2 GFLOP/token at S = 4096); ISCA Table 2 counts the main model
//    only, so set include_mtp = false to compare with it.
//
//   const auto& v3 = model_preset("deepseek-v3");
//   FlopsPerToken f = training_flops_per_token(v3, token_count(4096), {.include_mtp = false});
//   // ≈ 250.5e9 FLOP/token (ISCA '25 Table 2: 250 GFLOP)
#include <cmath>
#include <string_view>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Options of a forward pass count.
struct AttentionOptions {
  bool causal = true;             ///< halve the score/context term (causal mask)
  bool include_attention = true;  ///< count QKᵀ and attention·V (false: the 2N rule)
  bool include_logits = true;     ///< count the LM head 2·H·V
};

/// Activation recomputation in the backward pass.
enum class Recompute {
  none,       ///< 3 × forward
  selective,  ///< + one forward attention core (Megatron selective recompute)
  full,       ///< + one whole forward (4 × forward)
};
/// "none", "selective", "full".
constexpr std::string_view to_string(Recompute r) noexcept {
  switch (r) {
    case Recompute::none: return "none";
    case Recompute::selective: return "selective";
    case Recompute::full: return "full";
  }
  return "none";
}

/// Options of a training count.
struct TrainingFlopsOptions {
  AttentionOptions attention{};
  Recompute recompute = Recompute::none;
  bool include_mtp = true;  ///< count the MTP modules when the model has them
};

/// Forward FLOPs per token by component [FLOP/tok].
struct FlopsBreakdown {
  FlopsPerToken matmul = flop_per_token(0);     ///< weights (activated experts only)
  FlopsPerToken attention = flop_per_token(0);  ///< QKᵀ + attention·V
  FlopsPerToken logits = flop_per_token(0);     ///< LM head
  FlopsPerToken mtp = flop_per_token(0);        ///< MTP modules (all of their terms)
  /// Main model (excludes MTP).
  [[nodiscard]] FlopsPerToken main() const { return matmul + attention + logits; }
};

namespace detail {

/// Multiply-accumulates per token of one attention block's projections: one per weight a token
/// uses (with a mixture of attention heads: the top-k experts' q/o, shared K/V and the router).
inline double attention_macs(const Transformer& m) {
  const double router = m.attention.experts > 0 ? static_cast<double>(m.attention.experts) * m.hidden_size : 0.0;
  return attention_matrix_params(m) + router;
}

/// Multiply-accumulates per token of one MLP of `kind`.
inline double ffn_macs(FfnKind kind, double hidden, double inter) {
  return (kind == FfnKind::gated ? 3.0 : 2.0) * hidden * inter;
}

/// Multiply-accumulates per token of one MoE FFN: top_k routed + shared experts + router.
inline double moe_macs(const Transformer& m) {
  const Moe& e = *m.moe;
  const double h = m.hidden_size;
  return e.top_k * ffn_macs(m.ffn.kind, h, e.expert_intermediate_size) +
         e.num_shared_experts * ffn_macs(m.ffn.kind, h, e.shared_intermediate()) +
         e.num_routed_experts * h + (e.shared_expert_gate ? h : 0.0);
}

/// Forward FLOPs per token of QKᵀ and attention·V in one layer.
inline double attention_core_flops(const Transformer& m, double seq, const AttentionOptions& o) {
  if (!o.include_attention) return 0.0;
  const Attention& a = m.attention;
  const double head_dims = static_cast<double>(a.qk_head_dim()) + a.value_head_dim();
  const double f = 2.0 * a.num_heads * head_dims * seq;
  return o.causal ? f / 2.0 : f;
}

}  // namespace detail

/// Forward FLOPs per token by component at sequence length `seq_len`, MTP included as a
/// separate term. Throws invalid_input [llmcost.model.seq_len] when seq_len is outside [1, 1e8]
/// tokens (not necessarily whole: an average context length is accepted).
inline FlopsBreakdown flops_breakdown(const Transformer& m, Tokens seq_len, AttentionOptions opts = {}) {
  m.validate();
  const double seq = detail::to_raw(seq_len);
  LLMCOST_REQUIRE(std::isfinite(seq) && seq >= 1 && seq <= detail::kMaxSeqLen, invalid_input, "llmcost.model.seq_len",
                  "seq_len = ", seq, " tokens is outside the accepted range [1, ", detail::kMaxSeqLen, "]");
  const double h = m.hidden_size;
  const int moe_layers = m.num_moe_layers();
  const double dense_ffn = detail::ffn_macs(m.ffn.kind, h, m.ffn.intermediate_size);
  const double attn = detail::attention_macs(m);
  const double moe = m.moe ? detail::moe_macs(m) : 0.0;
  const double macs = m.num_layers * attn + static_cast<double>(m.num_layers - moe_layers) * dense_ffn + moe_layers * moe;
  const double core = detail::attention_core_flops(m, seq, opts);
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

/// Forward FLOPs per token of the main model (no MTP) at sequence length `seq_len` [FLOP/tok].
/// For decoding one token against a context of S tokens use causal = false, seq_len = S.
inline FlopsPerToken forward_flops_per_token(const Transformer& m, Tokens seq_len, AttentionOptions opts = {}) {
  return flops_breakdown(m, seq_len, opts).main();
}

/// Training FLOPs per token (forward + backward + recompute, MTP when present) [FLOP/tok].
inline FlopsPerToken training_flops_per_token(const Transformer& m, Tokens seq_len, TrainingFlopsOptions opts = {}) {
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

/// Training FLOPs of a whole run: training_flops_per_token × tokens [FLOP]. Throws invalid_input
/// [llmcost.model.tokens] when tokens is outside (0, 1e18].
inline Flops training_flops(const Transformer& m, Tokens tokens, Tokens seq_len, TrainingFlopsOptions opts = {}) {
  const double n = detail::to_raw(tokens);
  LLMCOST_REQUIRE(std::isfinite(n) && n > 0 && n <= detail::kMaxRunTokens, invalid_input, "llmcost.model.tokens", "tokens = ", n,
                  " is outside the accepted range (0, ", detail::kMaxRunTokens, "]");
  return training_flops_per_token(m, seq_len, opts) * tokens;
}

}  // namespace llmcost
