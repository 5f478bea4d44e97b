#pragma once
// File: llmcost/model/presets.hpp
//
// Built-in model presets, each with the source of its architecture. They come from
// data/models.toml (compiled into the library), where each preset is written as the
// keys of its Hugging Face config.json and imported with from_hf_config_json, so
// presets and imports share one mapping.
//
// Presets: deepseek-v3 (= DeepSeek-R1's base), deepseek-v2, llama-2-7b/13b/70b,
// llama-3.1-8b/70b/405b, mixtral-8x7b, qwen2.5-72b, gpt-3-175b. Lookup ignores case,
// '-', '_', '.' and spaces and accepts aliases ("deepseek-r1", "llama3.1-405b").
//
//   const Transformer& m = llmcost::model_preset("DeepSeek-R1");
//   for (const auto& name : llmcost::model_preset_names()) { ... }
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/model/transformer.hpp"
#include "llmcost/provenance.hpp"

namespace llmcost {

/// One preset: the model, its other names and the source of its architecture.
struct ModelPreset {
  Transformer model;
  std::vector<std::string> aliases;
  std::string description;
  Provenance provenance;  ///< where the config was read; grade
};

/// Every built-in preset, in file order.
const std::vector<ModelPreset>& model_presets();
/// The preset called `name` (name or alias). Throws not_found
/// [llmcost.model.unknown_preset] with the closest matches.
const ModelPreset& model_preset_info(std::string_view name);
/// The model of the preset called `name`. Throws not_found [llmcost.model.unknown_preset].
const Transformer& model_preset(std::string_view name);
/// Canonical preset names, in file order.
std::vector<std::string> model_preset_names();

}  // namespace llmcost
