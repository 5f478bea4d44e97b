#pragma once
// File: llmcost/estimate/inference_model.hpp
//
// Glue between the model layer and the serving (roofline) model: a `ServingModel` built
// from any `Transformer` (a preset or an imported Hugging Face config.json).
//
//   always-active params = attention + dense FFN + shared experts + router + norms + LM head
//                          (the input embedding is a lookup, not read as a matrix per token)
//   one routed expert    = routed experts / (E × MoE layers)
//   decode attention     = per cached token, all layers: 2·heads·(d_qk + d_v)
//                          (MLA: weight-absorbed form over the latent, 2·heads·((r_kv + r_rope) + r_kv))
//   prefill attention    = 2·heads·(d_qk + d_v) (MLA: the materialised 192/128-dim heads)
//   KV elements per token: GQA 2·L·n_kv·d_head; MLA L·(r_kv + r_rope)
//
//   ServingModel sm = serving_model(model_preset("llama-3.1-70b"));
#include "llmcost/estimate/inference.hpp"
#include "llmcost/model/transformer.hpp"

namespace llmcost {

/// The serving view of `m`. Throws invalid_input [llmcost.model.inconsistent] when `m` is invalid.
ServingModel serving_model(const Transformer& m);

}  // namespace llmcost
