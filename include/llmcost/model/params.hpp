#pragma once
// File: llmcost/model/params.hpp
//
// Parameter counts of a Transformer: total, activated per token, and a breakdown by
// component. Counts are exact for the shapes in transformer.hpp (every matrix, bias
// and norm weight of the Hugging Face implementation; rotary buffers are not
// parameters).
//
// Conventions (the ones DeepSeek and Mistral use for "total / activated"):
//  * `total` is the main model: embeddings + layers + final norm + output head. It
//    EXCLUDES the multi-token-prediction modules, which are reported separately
//    (`mtp`), as in DeepSeek-V3's README_WEIGHTS.md ("671B main model; MTP modules
//    11.5B unique"). An LM head tied to the embedding is counted once.
//  * `active` counts what one token touches: everything except the routed experts it
//    is not sent to (routed experts × top_k / E), INCLUDING the embedding and head
//    (DeepSeek's "36.7B activated incl. 0.9B embedding + 0.9B head").
//
//   ParamBreakdown b = param_breakdown(model_preset("mixtral-8x7b"));
//   b.total();                 // 46.70B
//   active_params(model_preset("mixtral-8x7b"));   // 12.88B
#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Parameters by component [param]. Every field covers all layers.
struct ParamBreakdown {
  Params embedding = param_count(0);       ///< token (+ learned position, + embedding norm)
  Params attention = param_count(0);       ///< projections, their biases, q/k and MLA norms
  Params attention_inactive = param_count(0);  ///< of `attention`: mixture-of-attention experts a token skips
  Params dense_ffn = param_count(0);       ///< dense MLP layers
  Params routed_experts = param_count(0);  ///< all routed experts of all MoE layers
  Params routed_experts_active = param_count(0);  ///< top_k of E of them, per token
  Params shared_experts = param_count(0);  ///< always-active experts
  Params router = param_count(0);          ///< gates (+ shared-expert gate, correction bias)
  Params norms = param_count(0);           ///< per-layer norms and the final norm
  Params output_head = param_count(0);     ///< untied LM head (+ bias); 0 when tied
  Params mtp = param_count(0);             ///< MTP modules, unique (excl. shared emb/head)
  Params mtp_active = param_count(0);      ///< MTP modules, activated per token

  /// Main model total (excludes MTP).
  [[nodiscard]] Params total() const {
    return embedding + attention + dense_ffn + routed_experts + shared_experts + router + norms +
           output_head;
  }
  /// Main model, activated per token (excludes MTP).
  [[nodiscard]] Params active() const {
    return embedding + attention - attention_inactive + dense_ffn + routed_experts_active + shared_experts +
           router + norms + output_head;
  }
  /// Total including the MTP modules (the size of DeepSeek-V3's HF checkpoint: 685B).
  [[nodiscard]] Params total_with_mtp() const { return total() + mtp; }
};

namespace detail {

/// Parameters of one norm over `width` features.
inline double norm_params(NormKind k, double width) {
  switch (k) {
    case NormKind::rmsnorm: return width;
    case NormKind::layernorm: return 2 * width;
    case NormKind::layernorm_no_bias: return width;
    case NormKind::nonparametric: return 0;
  }
  return width;
}

/// Parameters of one MLP of shape `f` (also one expert) at input/output width `hidden`.
inline double ffn_param_count(const Ffn& f, double hidden) {
  const double inter = f.intermediate_size;
  const double matrices = f.kind == FfnKind::gated ? 3.0 : 2.0;
  double n = matrices * hidden * inter;
  if (f.bias) n += (matrices - 1.0) * inter + hidden;  // up (and gate) biases, down bias
  return n;
}

/// Weights of one attention block's projection matrices, without biases and norms; also its
/// multiply-accumulates per token (flops.hpp).
inline double attention_matrix_params(const Transformer& m) {
  const Attention& a = m.attention;
  const double h = m.hidden_size;
  const double heads = a.num_heads;
  if (a.kind == AttentionKind::mla) {
    // DeepseekV3Attention: q_a_proj and q_b_proj (or q_proj), kv_a_proj_with_mqa, kv_b_proj, o_proj.
    const double qk = static_cast<double>(a.qk_nope_head_dim) + a.qk_rope_head_dim;
    double n = a.q_lora_rank ? h * *a.q_lora_rank + *a.q_lora_rank * heads * qk : h * heads * qk;
    n += h * (static_cast<double>(a.kv_lora_rank) + a.qk_rope_head_dim);
    n += static_cast<double>(a.kv_lora_rank) * heads * (static_cast<double>(a.qk_nope_head_dim) + a.v_head_dim);
    n += heads * a.v_head_dim * h;
    return n;
  }
  return 2 * h * heads * a.head_dim + 2 * h * a.num_kv_heads * static_cast<double>(a.head_dim);
}

/// Parameters of one layer's mixture-of-attention experts that a token does not use: (E − k) q/o
/// pairs of H × num_kv_heads·head_dim each (0 without a mixture of attention heads).
inline double attention_inactive_params(const Transformer& m) {
  const Attention& a = m.attention;
  if (a.experts <= 0) return 0.0;
  return static_cast<double>(a.experts - a.experts_top_k) * 2.0 * m.hidden_size * a.num_kv_heads *
         static_cast<double>(a.head_dim);
}

/// Parameters of one attention block of `m` (projections, biases, q/k and MLA norms).
inline double attention_param_count(const Transformer& m) {
  const Attention& a = m.attention;
  const double h = m.hidden_size;
  const double heads = a.num_heads;
  double n = attention_matrix_params(m);
  if (a.kind == AttentionKind::mla) {
    // q_a_layernorm (with a query LoRA) and kv_a_layernorm.
    if (a.q_lora_rank) n += norm_params(m.norm, *a.q_lora_rank);
    const double rank = a.kv_lora_rank;
    n += norm_params(m.norm, rank);
    // attention_bias applies to q_a_proj (or q_proj), kv_a_proj_with_mqa and o_proj.
    const double qk = static_cast<double>(a.qk_nope_head_dim) + a.qk_rope_head_dim;
    if (a.qkv_bias) n += (a.q_lora_rank ? static_cast<double>(*a.q_lora_rank) : heads * qk) + rank + a.qk_rope_head_dim;
    if (a.out_bias) n += h;
    return n;
  }
  const double d = a.head_dim;
  const double kv = a.num_kv_heads;
  if (a.qkv_bias) n += heads * d + 2 * kv * d;
  if (a.out_bias) n += h;
  const NormKind qk = a.qk_norm_kind.value_or(m.norm);
  switch (a.qk_norm) {
    case QkNorm::none: break;
    case QkNorm::per_head: n += 2 * norm_params(qk, d); break;
    case QkNorm::full: n += norm_params(qk, heads * d) + norm_params(qk, kv * d); break;
  }
  if (a.sinks) n += heads;
  // Mixture of attention heads: the experts' q/o pairs a token skips, and the router.
  if (a.experts > 0) n += attention_inactive_params(m) + static_cast<double>(a.experts) * h;
  return n;
}

/// Parameters of one MoE layer's FFN: all routed experts, the top_k a token uses, shared experts, router.
struct MoeLayerCounts {
  double routed = 0, routed_active = 0, shared = 0, router = 0;
};

inline MoeLayerCounts moe_layer_params(const Transformer& m) {
  MoeLayerCounts c;
  const Moe& e = *m.moe;
  const double h = m.hidden_size;
  Ffn expert{m.ffn.kind, e.expert_intermediate_size, m.ffn.bias};
  Ffn shared{m.ffn.kind, e.shared_intermediate(), m.ffn.bias};
  const double one = ffn_param_count(expert, h);
  c.routed = e.num_routed_experts * one;
  c.routed_active = e.top_k * one;
  c.shared = e.num_shared_experts * ffn_param_count(shared, h);
  c.router = e.num_routed_experts * h + (e.shared_expert_gate ? h : 0) + (e.router_bias ? e.num_routed_experts : 0) +
             (e.output_bias ? h : 0);
  return c;
}

}  // namespace detail

/// Parameters of one MLP of shape `ffn` with input/output width `hidden` [param].
inline Params ffn_params(const Ffn& ffn, int hidden) { return param_count(detail::ffn_param_count(ffn, hidden)); }

/// Parameters of one attention block of `m`, incl. biases, q/k norms and MLA norms [param].
inline Params attention_params_per_layer(const Transformer& m) {
  m.validate();
  return param_count(detail::attention_param_count(m));
}

/// Breakdown of `m`'s parameters. Validates `m` (throws invalid_input).
inline ParamBreakdown param_breakdown(const Transformer& m) {
  m.validate();
  const double h = m.hidden_size;
  const double v = m.vocab_size;
  const double layers = m.num_layers;
  const int moe_layers = m.num_moe_layers();
  const int dense_layers = m.num_layers - moe_layers;
  const double attn = detail::attention_param_count(m);
  const double layer_norms = m.norms_per_layer * detail::norm_params(m.norm, h);

  double emb = v * h + static_cast<double>(m.learned_positions) * h;
  if (m.embedding_norm) emb += detail::norm_params(m.norm, h);
  double routed = 0, routed_active = 0, shared = 0, router = 0;
  detail::MoeLayerCounts ml;
  if (m.moe) {
    ml = detail::moe_layer_params(m);
    routed = moe_layers * ml.routed;
    routed_active = moe_layers * ml.routed_active;
    shared = moe_layers * ml.shared;
    router = moe_layers * ml.router;
  }
  double head = m.tie_embeddings ? 0.0 : v * h;
  if (m.lm_head_bias) head += v;

  ParamBreakdown b;
  b.embedding = param_count(emb);
  b.attention = param_count(layers * attn);
  b.attention_inactive = param_count(layers * detail::attention_inactive_params(m));
  b.dense_ffn = param_count(dense_layers > 0 ? dense_layers * detail::ffn_param_count(m.ffn, h) : 0.0);
  b.routed_experts = param_count(routed);
  b.routed_experts_active = param_count(routed_active);
  b.shared_experts = param_count(shared);
  b.router = param_count(router);
  b.norms = param_count(layers * layer_norms + (m.final_norm ? detail::norm_params(m.norm, h) : 0.0));
  b.output_head = param_count(head);
  if (m.mtp_depth > 0) {
    // DeepSeek-V3 MTP module k (README_WEIGHTS.md, HF DeepseekV3 MTP layer): enorm + hnorm,
    // eh_proj (2H -> H), one Transformer block shaped like the last layer, and its own
    // final norm (shared_head.norm); embedding and output head are shared, not counted.
    const bool moe_block = m.is_moe_layer(m.num_layers - 1);
    const double block_ffn = moe_block ? ml.routed + ml.shared + ml.router : detail::ffn_param_count(m.ffn, h);
    const double block_ffn_active =
        moe_block ? ml.routed_active + ml.shared + ml.router : detail::ffn_param_count(m.ffn, h);
    const double fixed =
        2 * detail::norm_params(m.norm, h) + 2 * h * h + attn + layer_norms + detail::norm_params(m.norm, h);
    b.mtp = param_count(m.mtp_depth * (fixed + block_ffn));
    b.mtp_active = param_count(m.mtp_depth * (fixed + block_ffn_active));
  }
  return b;
}

/// Main-model total parameters [param] (excludes MTP modules).
inline Params total_params(const Transformer& m) { return param_breakdown(m).total(); }
/// Parameters activated per token [param] (main model, incl. embedding and head).
inline Params active_params(const Transformer& m) { return param_breakdown(m).active(); }

}  // namespace llmcost
