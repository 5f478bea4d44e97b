#include "llmcost/estimate/serving_validation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/embedded.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/estimate/latency_batching.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost {
namespace {

constexpr const char* kFile = "serving_measurements.toml";
constexpr const char* kTag = "llmcost.validation.invalid_file";

// The preset for a published model name ("meta-llama/Llama-3.1-70B-Instruct" → "llama-3.1-70b"),
// or empty. DeepSeek-R1 checkpoints share DeepSeek-V3's architecture (DSV3-CFG).
std::string preset_for(std::string name) {
  if (const auto slash = name.find('/'); slash != std::string::npos) name = name.substr(slash + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const std::string suffix : {"-instruct", "-v0.1"})
    if (name.size() > suffix.size() && name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  if (name.starts_with("deepseek-r1") || name == "deepseek-v3") return "deepseek-v3";
  if (name.starts_with("llama-4-scout")) return "llama-4-scout";
  if (name.starts_with("llama-4-maverick")) return "llama-4-maverick";
  for (const std::string& id : model_preset_names())
    if (id == name) return id;
  return {};
}

std::optional<Precision> precision_of(const std::string& s) {
  for (Precision p : all_precisions)
    if (to_string(p) == s) return p;
  return std::nullopt;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

ServingValidation validate_serving() { return validate_serving(Catalog::builtin()); }

ServingValidation validate_serving(const Catalog& catalog) {
  detail::Problems problems{std::string("data/") + kFile};
  auto root = detail::parse_toml(detail::embedded_file(kFile), problems);
  problems.throw_if_any(kTag);
  const toml::array* rows = root->get("measurement") ? root->get("measurement")->as_array() : nullptr;
  LLMCOST_REQUIRE(rows, invalid_input, kTag, "data/", kFile, " has no [[measurement]] rows");
  ServingValidation out;
  for (const toml::node& node : *rows) {
    const toml::table* t = node.as_table();
    if (!t) continue;
    auto str = [&](const char* key) { return std::string(t->get(key) ? t->get(key)->value_or(std::string_view{}) : ""); };
    auto num = [&](const char* key) { return t->get(key) ? detail::as_number(*t->get(key)).value_or(0.0) : 0.0; };
    const std::string source = str("source"), scenario = str("scenario"), quantity = str("quantity");
    const std::string label = fmt::format("{} {} on {} ({}, {})", source, str("model"), str("chip"), scenario, quantity);
    auto skip = [&](const std::string& why) { out.skipped.push_back(label + ": " + why); };
    const std::string preset = preset_for(str("model"));
    if (preset.empty()) {
      skip("no llmcost preset for this model");
      continue;
    }
    const Accelerator* chip = catalog.try_find(str("chip"));
    if (!chip) {
      skip("chip not in the catalog");
      continue;
    }
    const bool deepseek_own = str("engine").starts_with("DeepSeek");
    if (deepseek_own) {
      skip("DeepSeek's own figure (validated in `reproduce deepseek-inference`)");
      continue;
    }
    const ServingModel model = serving_model(model_preset(preset));
    ServingValidationRow r;
    r.source = source;
    r.engine = str("engine");
    r.model = preset;
    r.chip = chip->id;
    try {
      if (scenario == "offline_max_throughput") {
        if (num("pipeline_parallel") > 1) {
          skip("pipeline parallelism is not modelled in serving");
          continue;
        }
        const double gpus = num("gpus"), tp = std::max(1.0, num("tensor_parallel"));
        const double in = num("input_tokens"), outl = num("output_tokens");
        const auto wp = precision_of(str("weight_precision"));
        if (!wp || !chip->supports(*wp)) {
          skip("weight precision " + str("weight_precision") + " not supported on this chip in the catalog");
          continue;
        }
        ServingConfig c;
        c.gpus = gpu_count(gpus);
        c.tensor_parallel = static_cast<int>(tp);
        c.weight_precision = c.compute_precision = *wp;
        if (const auto kv = precision_of(str("kv_precision"))) c.kv_precision = *kv;
        c.context = token_count(in + outl / 2);
        c.prompt_length = token_count(in);
        const DecodeBatchChoice d = choose_decode_batch(model, *chip, c, seconds(3600));
        const PrefillChunkChoice p = choose_prefill_chunk(model, *chip, c, seconds(3600));
        const double dec = detail::to_raw(d.estimate.tokens_per_s_per_gpu);
        const double pre = detail::to_raw(p.estimate.computed_tokens_per_s_per_gpu);
        r.predicted = 1 / (1 / dec + (in / outl) / pre);
        r.published = quantity == "output_tokens_per_s_total" ? num("value") / gpus : num("value");
        r.quantity = "generated tokens/s per GPU";
        r.setup = fmt::format("TP{:g}, {:g} in / {:g} out, {}", tp, in, outl, str("weight_precision"));
      } else if (scenario == "disaggregated_large_ep" && num("expert_parallel") > 0 &&
                 (quantity == "input_tokens_per_s_per_node" ||
                  (quantity == "output_tokens_per_s_per_node" && num("kv_cache_tokens") > 0))) {
        ServingConfig c;
        c.gpus = gpu_count(num("expert_parallel"));
        c.micro_batches = 2;
        c.max_nodes_per_token = 4;
        if (quantity == "input_tokens_per_s_per_node") {
          c.prompt_length = token_count(num("input_tokens"));
          c.prefill_tokens_per_gpu = token_count(num("tokens_per_gpu") > 0 ? num("tokens_per_gpu") : 16384);
          r.predicted = detail::to_raw(estimate_prefill(model, *chip, c).input_tokens_per_s_per_node);
          r.quantity = "input tokens/s per node";
          r.setup = fmt::format("EP{:g} prefill, {:g}-token prompts", num("expert_parallel"), num("input_tokens"));
        } else {
          c.batch_per_gpu = num("batch_per_gpu");
          c.context = token_count(num("kv_cache_tokens"));
          r.predicted = detail::to_raw(estimate_decode(model, *chip, c).tokens_per_s_per_node);
          r.quantity = "output tokens/s per node";
          r.setup = fmt::format("EP{:g} decode, {:g} per GPU, KV {:g}", num("expert_parallel"), num("batch_per_gpu"),
                                num("kv_cache_tokens"));
        }
        r.published = num("value");
      } else {
        skip("scenario not predicted (online sweep, simulated MTP or a headline without its setup)");
        continue;
      }
    } catch (const std::exception& e) {  // every llmcost error is also a std:: exception
      skip(std::string("the estimate failed: ") + e.what());
      continue;
    }
    r.error = r.predicted / r.published - 1;
    out.rows.push_back(std::move(r));
  }
  std::vector<double> abs_err, err;
  for (const auto& r : out.rows) {
    abs_err.push_back(std::abs(r.error));
    err.push_back(r.error);
  }
  out.median_abs_error = median(abs_err);
  out.median_error = median(err);
  out.share_within_25_percent =
      out.rows.empty() ? 0
                       : static_cast<double>(std::count_if(abs_err.begin(), abs_err.end(), [](double e) { return e <= 0.25; })) /
                             static_cast<double>(out.rows.size());
  return out;
}

std::string to_json(const ServingValidation& v, int indent) {
  using ojson = nlohmann::ordered_json;
  ojson rows = ojson::array();
  for (const auto& r : v.rows)
    rows.push_back({{"source", r.source}, {"engine", r.engine}, {"model", r.model}, {"chip", r.chip},
                    {"setup", r.setup}, {"quantity", r.quantity}, {"published", r.published},
                    {"predicted", r.predicted}, {"error", r.error}});
  const ojson j{{"rows", rows},
                {"median_abs_error", v.median_abs_error},
                {"median_error", v.median_error},
                {"share_within_25_percent", v.share_within_25_percent},
                {"skipped", v.skipped}};
  return j.dump(indent);
}

}  // namespace llmcost
