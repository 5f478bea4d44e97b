#pragma once
// File: llmcost/model/hf_config.hpp
//
// Import of a Hugging Face `config.json` into a Transformer. Supported model types:
// llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, deepseek_v2, deepseek_v3,
// gemma, gemma2, gpt2, gpt_neox, gpt_bigcode, gptj, opt, bloom, falcon, mpt, olmo,
// olmo2, phi3. Key aliases (hidden_size / n_embd / d_model; num_hidden_layers / n_layer /
// n_layers; num_key_value_heads / num_kv_heads / multi_query; intermediate_size / n_inner /
// ffn_dim / ffn_hidden_size / expansion_ratio; ...) and the `transformers` defaults
// (n_inner = 4·hidden, tie_word_embeddings = true, ...) are those of each model's
// configuration class. Unknown keys are ignored.
//
// An unknown model_type with standard (Llama-like) keys imports through a generic
// mapping and adds a warning to Transformer::warnings. Errors are invalid_input with
// the file, the key and its line:column:
//   [llmcost.model.malformed_config]  not JSON, or not an object
//   [llmcost.model.missing_key]       a required key is absent
//   [llmcost.model.invalid_value]     a key has the wrong type or a non-positive size
//   [llmcost.model.inconsistent]      shapes that do not fit (heads not dividing hidden,
//                                     top-k > experts, zero layers, first_k_dense_replace or
//                                     num_nextn_predict_layers above the layer count, ...)
//   [llmcost.hf_config.out_of_range]  a size above its bound (model_limits in transformer.hpp):
//                                     hidden <= 1e6, layers <= 1e4, heads and K/V heads <= 1e5,
//                                     head dims <= 1e5, LoRA ranks <= 1e6, vocab <= 1e8,
//                                     intermediate sizes <= 1e7, experts and top-k <= 1e5,
//                                     context, positions and sliding window <= 1e8
// A key given twice, or JSON nested deeper than 64 levels, is malformed_config; a directory
// passed as the path is io_error [llmcost.io.not_a_file].
//
//   Transformer m = from_hf_config("DeepSeek-V3/config.json");
//   total_params(m);   // 671.0B
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/model/transformer.hpp"

namespace llmcost {

/// Reads and imports a config.json. Throws io_error [llmcost.io.read] when unreadable,
/// [llmcost.io.not_a_file] for a directory, [llmcost.io.too_large] above 16 MiB.
/// The model is named after the file's directory (or `_name_or_path` when present).
Transformer from_hf_config(const std::filesystem::path& path);

/// Imports config.json text; `origin` names it in messages (a path).
Transformer from_hf_config_json(std::string_view json_text, std::string_view origin);

/// The model_type values with a dedicated mapping.
const std::vector<std::string>& supported_model_types();

}  // namespace llmcost
