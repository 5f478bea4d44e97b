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
    return embedding + attention + dense_ffn + routed_experts_active + shared_experts + router +
           norms + output_head;
  }
  /// Total including the MTP modules (the size of DeepSeek-V3's HF checkpoint: 685B).
  [[nodiscard]] Params total_with_mtp() const { return total() + mtp; }
};

/// Breakdown of `m`'s parameters. Validates `m` (throws invalid_input).
ParamBreakdown param_breakdown(const Transformer& m);
/// Main-model total parameters [param] (excludes MTP modules).
Params total_params(const Transformer& m);
/// Parameters activated per token [param] (main model, incl. embedding and head).
Params active_params(const Transformer& m);

/// Parameters of one MLP of shape `ffn` with input/output width `hidden` [param].
Params ffn_params(const Ffn& ffn, int hidden);
/// Parameters of one attention block of `m`, incl. biases, q/k norms and MLA norms [param].
Params attention_params_per_layer(const Transformer& m);

}  // namespace llmcost
