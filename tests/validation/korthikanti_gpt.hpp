#pragma once
// The GPT models of Korthikanti et al. 2022 (arXiv:2205.05198), Table 3/5: the GPT-3 architecture
// (MHA, non-gated GELU MLP of 4h, LayerNorm, learned positions) with vocabulary 51,200, shared by
// the step-time validations and the layout-search tests.
#include "llmcost/model/presets.hpp"

namespace llmcost::test {

inline Transformer korthikanti_gpt(int hidden, int heads, int layers) {
  Transformer m = model_preset("gpt-3-175b");
  m.name = "korthikanti-gpt";
  m.hidden_size = hidden;
  m.num_layers = layers;
  m.vocab_size = 51200;
  m.attention.num_heads = m.attention.num_kv_heads = heads;
  m.attention.head_dim = hidden / heads;
  m.ffn.intermediate_size = 4 * hidden;
  return m;
}

}  // namespace llmcost::test
