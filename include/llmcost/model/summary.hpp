#pragma once
// File: llmcost/model/summary.hpp
//
// One JSON document with everything llmcost derives from a model: architecture,
// parameter breakdown, FLOPs per token (forward and training, default conventions of
// flops.hpp) and KV-cache bytes per token. The CLI (`llmcost model show --format json`)
// and Python (`llmcost.Model.to_dict()`) print this same shape. Keys carry their unit;
// values are SI base units (param, FLOP/tok, B/tok, B).
//
//   std::string js = llmcost::to_json(model_preset("deepseek-v3"), token_count(4096));
//   // {"name": "deepseek-v3", ..., "params_total": 6.71e11, "training_flop_per_token": ...}
#include <string>

#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The model summary at sequence length `seq_len` as JSON text (`indent` < 0: one line).
std::string to_json(const Transformer& m, Tokens seq_len, int indent = 2);

}  // namespace llmcost
