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
std::string_view to_string(Recompute r) noexcept;

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

/// Forward FLOPs per token by component at sequence length `seq_len`, MTP included as a
/// separate term. Throws invalid_input [llmcost.model.seq_len] when seq_len is outside [1, 1e8]
/// tokens (not necessarily whole: an average context length is accepted).
FlopsBreakdown flops_breakdown(const Transformer& m, Tokens seq_len, AttentionOptions opts = {});

/// Forward FLOPs per token of the main model (no MTP) at sequence length `seq_len` [FLOP/tok].
/// For decoding one token against a context of S tokens use causal = false, seq_len = S.
FlopsPerToken forward_flops_per_token(const Transformer& m, Tokens seq_len, AttentionOptions opts = {});

/// Training FLOPs per token (forward + backward + recompute, MTP when present) [FLOP/tok].
FlopsPerToken training_flops_per_token(const Transformer& m, Tokens seq_len,
                                       TrainingFlopsOptions opts = {});

/// Training FLOPs of a whole run: training_flops_per_token × tokens [FLOP]. Throws invalid_input
/// [llmcost.model.tokens] when tokens is outside (0, 1e18].
Flops training_flops(const Transformer& m, Tokens tokens, Tokens seq_len, TrainingFlopsOptions opts = {});

}  // namespace llmcost
