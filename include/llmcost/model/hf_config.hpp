#pragma once
// File: llmcost/model/hf_config.hpp
//
// Import of a Hugging Face `config.json` into a Transformer. Every model_type it reads is a row
// of data/hf_model_types.toml (`llmcost model types`, hf_model_types()): its key names and
// aliases, the defaults of its `transformers` configuration class, MLP kind (gated, 3 matrices,
// or plain, 2), norm kind and biases, attention/MLP/LM-head biases, QK-norm, tied embeddings,
// attention kind (MHA/GQA/MQA/MLA, sliding windows, partial rotary), mixture-of-experts keys and
// parallel blocks. Shapes a row cannot say have code (MLA, JetMoE's mixture of attention heads,
// the GPT-2/NeoX/OPT/BLOOM/Falcon/MPT families).
//
// Never silently wrong:
//   [llmcost.model.unknown_model_type]  a model_type without a row is refused, naming the
//                                       supported types and the nearest match, unless
//                                       HfImportOptions::generic is set: then a Llama-like reader
//                                       runs and every assumption it makes is in the result
//                                       (HfImport::assumptions and Transformer::warnings).
//   [llmcost.model.unsupported_shape]   a row whose shape is not modelled (qwen3_next's linear
//                                       attention, Mamba hybrids) names the missing piece.
//   [llmcost.model.unread_shape_key]    a key implying MoE, MLA, sliding windows, MTP or linear
//                                       attention that the type's reader does not read: refused,
//                                       never read as dense / full attention.
// Keys the reader did not read are listed in HfImport::ignored_keys; class defaults it used for
// absent keys in HfImport::defaults_used.
//
// Other errors are invalid_input with the file, the key and its line:column:
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

/// Options of an import.
struct HfImportOptions {
  /// Read a model_type that has no row with the generic Llama-like reader (RMSNorm, rotary,
  /// gated MLP, standard key names) instead of refusing it; every assumption is listed.
  bool generic = false;
};

/// An imported config: the model and what the import assumed or skipped.
struct HfImport {
  Transformer model;
  std::string source;  ///< the model type's row source (transformers configuration class), or "generic"
  std::vector<std::string> defaults_used;  ///< "key = value (source)" for each absent key given its class default
  std::vector<std::string> assumptions;    ///< generic reader only: each assumption made
  std::vector<std::string> ignored_keys;   ///< top-level config keys the reader did not read
};

/// Reads and imports a config.json. Throws io_error [llmcost.io.read] when unreadable,
/// [llmcost.io.not_a_file] for a directory, [llmcost.io.too_large] above 16 MiB.
/// The model is named after the file's directory (or `_name_or_path` when present).
HfImport import_hf_config(const std::filesystem::path& path, const HfImportOptions& options = {});
/// Imports config.json text; `origin` names it in messages (a path).
HfImport import_hf_config_json(std::string_view json_text, std::string_view origin,
                               const HfImportOptions& options = {});

/// import_hf_config(path, options).model.
Transformer from_hf_config(const std::filesystem::path& path, const HfImportOptions& options = {});
/// import_hf_config_json(json_text, origin, options).model.
Transformer from_hf_config_json(std::string_view json_text, std::string_view origin,
                                const HfImportOptions& options = {});

/// One model_type of data/hf_model_types.toml.
struct HfModelType {
  std::string model_type;
  std::string source;     ///< the configuration class (or remote-code file) its keys and defaults come from
  std::string reader;     ///< "decoder", "mla", "jetmoe", "text_config", "unsupported", or a family name
  bool supported = true;  ///< false: refused with `missing`
  std::string missing;    ///< the piece not modelled (unsupported types)
};

/// Every row of the table, supported or not, in table order.
const std::vector<HfModelType>& hf_model_types();

/// The model_type values that import (sorted).
const std::vector<std::string>& supported_model_types();

}  // namespace llmcost
