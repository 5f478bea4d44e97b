#include "llmcost/estimate/serving_request.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "estimate/defaults_json.hpp"

#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/estimate/latency_batching.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/presets.hpp"
#include "pricing/price_choice_json.hpp"

namespace llmcost {
namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kConfigDefault = "ServingConfig default (llmcost/estimate/inference.hpp)";

std::string number_text(double x) { return fmt::format("{}", x); }

// `field` of the request, or the ServingConfig default named in `defaults`.
template <class T, class Text>
T knob(const std::optional<T>& given, T fallback, const char* input, Text text, std::vector<DefaultUsed>* defaults) {
  if (given) return *given;
  if (defaults) defaults->push_back({input, text(fallback), kConfigDefault});
  return fallback;
}

}  // namespace

ServingConfig serving_config(const ServingRequest& r, std::vector<DefaultUsed>* defaults) {
  const ServingConfig d;
  auto num = [](double x) { return number_text(x); };
  auto raw = [](auto q) { return number_text(detail::to_raw(q)); };
  auto integer = [](int x) { return std::to_string(x); };
  auto prec = [](Precision p) { return std::string(to_string(p)); };
  ServingConfig c;
  c.gpus = knob(r.gpus, d.gpus, "gpus", raw, defaults);
  c.tensor_parallel = knob(r.tensor_parallel, d.tensor_parallel, "tensor_parallel", integer, defaults);
  // A latency target CHOOSES the batch (chunk): it is then neither given nor a default, and
  // giving both is a contradiction.
  LLMCOST_REQUIRE(!(r.tpot_target && r.batch_per_gpu), invalid_input, "llmcost.inference.batch_and_target",
                  "give batch_per_gpu or tpot_target_s, not both: the target chooses the batch");
  LLMCOST_REQUIRE(!(r.ttft_target && r.prefill_tokens_per_gpu), invalid_input, "llmcost.inference.batch_and_target",
                  "give prefill_tokens_per_gpu or ttft_target_s, not both: the target chooses the chunk");
  c.batch_per_gpu = r.tpot_target ? d.batch_per_gpu : knob(r.batch_per_gpu, d.batch_per_gpu, "batch_per_gpu", num, defaults);
  c.context = knob(r.context, d.context, "context_tokens", raw, defaults);
  c.prompt_length = knob(r.prompt_length, d.prompt_length, "prompt_tokens", raw, defaults);
  c.prefill_tokens_per_gpu =
      r.ttft_target ? d.prefill_tokens_per_gpu
                    : knob(r.prefill_tokens_per_gpu, d.prefill_tokens_per_gpu, "prefill_tokens_per_gpu", raw, defaults);
  c.cached_fraction = knob(r.cached_fraction, d.cached_fraction, "cached_fraction", raw, defaults);
  c.micro_batches = knob(r.micro_batches, d.micro_batches, "micro_batches", integer, defaults);
  c.max_nodes_per_token = knob(r.max_nodes_per_token, d.max_nodes_per_token, "max_nodes_per_token", integer, defaults);
  c.mtp_draft_tokens = knob(r.mtp_draft_tokens, d.mtp_draft_tokens, "mtp_draft_tokens", integer, defaults);
  c.weight_precision = knob(r.weight_precision, d.weight_precision, "weight_precision", prec, defaults);
  c.kv_precision = knob(r.kv_precision, d.kv_precision, "kv_precision", prec, defaults);
  c.compute_precision = knob(r.compute_precision, d.compute_precision, "compute_precision", prec, defaults);
  c.redundant_experts = knob(r.redundant_experts, d.redundant_experts, "redundant_experts", integer, defaults);
  c.balanced_routing = knob(r.balanced_routing, d.balanced_routing, "balanced_routing",
                            [](bool b) { return std::string(b ? "true" : "false"); }, defaults);
  return c;
}

ServingModel resolve_serving_model(const ServingRequest& r) {
  const int sources = !r.model.empty() + !r.hf_config.empty() + r.transformer.has_value() + r.serving_model.has_value();
  LLMCOST_REQUIRE(sources <= 1, invalid_input, "llmcost.inference.model_source",
                  "a serving request takes at most one model source (model, hf_config, transformer or "
                  "serving_model); got ",
                  sources);
  if (r.serving_model) return *r.serving_model;
  if (r.transformer) return serving_model(*r.transformer);
  if (!r.hf_config.empty()) return serving_model(from_hf_config(r.hf_config));
  return serving_model(model_preset(r.model.empty() ? kDefaultServingModel : r.model));
}

ServingResult estimate_serving(const ServingRequest& r) {
  ServingResult out;
  const bool no_model = r.model.empty() && r.hf_config.empty() && !r.transformer && !r.serving_model;
  const ServingModel m = resolve_serving_model(r);
  if (no_model) out.defaults.push_back({"model", kDefaultServingModel, "default model preset (kDefaultServingModel)"});
  const Catalog& catalog = r.catalog ? *r.catalog : Catalog::builtin();
  const Accelerator& a = catalog.find(r.chip.empty() ? kDefaultServingChip : r.chip);
  if (r.chip.empty()) out.defaults.push_back({"chip", a.id, "default chip (kDefaultServingChip)"});
  out.config = serving_config(r, &out.defaults);
  out.kernels = r.kernels;
  if (!r.kernels.flat && !r.kernels.tables)
    out.defaults.push_back({"kernels", "measured kernel tables",
                            "DeepGEMM, FlashMLA, DeepEP and flash-attention published measurements "
                            "(data/kernel_tables.toml, docs/kernel-tables.md), carried to other chips as a "
                            "fraction of their roofline"});
  out.model = m.name;
  out.chip = a.id;
  out.tpot_target = r.tpot_target;
  out.ttft_target = r.ttft_target;
  if (r.tpot_target) {
    const DecodeBatchChoice b = choose_decode_batch(m, a, out.config, *r.tpot_target, r.kernels);
    out.config.batch_per_gpu = b.batch_per_gpu;
    out.decode_limit = b.limit;
  }
  if (r.ttft_target) {
    const PrefillChunkChoice b = choose_prefill_chunk(m, a, out.config, *r.ttft_target, r.kernels);
    out.config.prefill_tokens_per_gpu = b.tokens_per_gpu;
    out.prefill_limit = b.limit;
  }
  out.prefill = estimate_prefill(m, a, out.config, r.kernels);
  out.decode = estimate_decode(m, a, out.config, r.kernels);
  if (!r.kernels.flat) {
    const KernelTables& t = r.kernels.tables ? *r.kernels.tables : KernelTables::builtin();
    out.kernel_spread = t.spread();
    out.kernel_rows = t.rows();
    for (const Provenance& p : t.sources()) out.kernel_sources.push_back(p.source_id);
    ServingResult::Interval iv;
    iv.spread = t.spread();
    const ServingKernels lo = r.kernels.interval_end(false), hi = r.kernels.interval_end(true);
    iv.prefill_low = estimate_prefill(m, a, out.config, lo).computed_tokens_per_s_per_gpu;
    iv.prefill_high = estimate_prefill(m, a, out.config, hi).computed_tokens_per_s_per_gpu;
    iv.decode_low = estimate_decode(m, a, out.config, lo).tokens_per_s_per_gpu;
    iv.decode_high = estimate_decode(m, a, out.config, hi).tokens_per_s_per_gpu;
    out.interval = iv;
  }
  out.kernels.tables = nullptr;  // the result must not point into the request's tables
  out.price = choose_price(a, r.price);
  switch (out.price.rule) {
    case PriceChoice::Rule::stated: break;
    case PriceChoice::Rule::catalog_lowest_quote:
      out.defaults.push_back({"price_usd_per_gpu_hour", number_text(in_usd_per_gpu_hour(*out.price.price)),
                              detail::concat("lowest catalog rental quote for ", a.id, " (",
                                             out.price.source.citation, ", grade ", to_string(out.price.source.grade),
                                             ")")});
      break;
    case PriceChoice::Rule::none:
      out.notes.push_back(detail::concat("no price given and ", a.id,
                                         " has no rental quote in the catalog: the cost per token is null; give "
                                         "price_usd_per_gpu_hour to get one"));
      break;
  }
  if (out.price.price) {
    out.cost = serving_cost(out.prefill, out.decode, *out.price.price);
    for (const UsdPerToken& c : {out.cost->input, out.cost->output})  // as reported, per million tokens
      detail::require_finite_result(detail::to_raw(c) * 1e6, "the serving cost per million tokens",
                                    "price_usd_per_gpu_hour and 1/(tokens per second per GPU)",
                                    "llmcost.inference.overflow");
  }
  return out;
}

namespace {

ojson breakdown_json(const StepBreakdown& b) {
  return {{"dense_s", detail::to_raw(b.dense)},
          {"attention_s", detail::to_raw(b.attention)},
          {"experts_s", detail::to_raw(b.experts)},
          {"communication_s", detail::to_raw(b.communication)},
          {"contention_s", detail::to_raw(b.contention)},
          {"imbalance", b.imbalance}};
}

ojson kernels_json(const ServingResult& r) {
  if (r.kernels.flat) {
    const ServingEfficiency& e = *r.kernels.flat;
    return {{"model", "flat"},
            {"gemm", detail::to_raw(e.gemm)},
            {"attention_compute", detail::to_raw(e.attention_compute)},
            {"memory", detail::to_raw(e.memory)},
            {"scale_up", detail::to_raw(e.scale_up)},
            {"scale_out", detail::to_raw(e.scale_out)}};
  }
  return {{"model", "measured"}, {"scale", r.kernels.scale}, {"spread", r.kernel_spread}, {"rows", r.kernel_rows},
          {"sources", r.kernel_sources}};
}

}  // namespace

std::string to_json(const ServingResult& r, int indent) {
  const PrefillEstimate& p = r.prefill;
  const DecodeEstimate& d = r.decode;
  auto cost = [&](UsdPerToken ServingCost::*field, double scale) {
    return r.cost ? ojson(detail::to_raw((*r.cost).*field) * scale) : ojson(nullptr);
  };
  const ServingConfig& c = r.config;
  ojson j{
      {"model", r.model},
      {"chip", r.chip},
      {"prefill_tokens_per_s_per_gpu", detail::to_raw(p.computed_tokens_per_s_per_gpu)},
      {"decode_tokens_per_s_per_gpu", detail::to_raw(d.tokens_per_s_per_gpu)},
      {"usd_per_million_input_tokens", cost(&ServingCost::input, 1e6)},
      {"usd_per_million_output_tokens", cost(&ServingCost::output, 1e6)},
      {"prefill",
       {{"computed_tokens_per_s_per_gpu", detail::to_raw(p.computed_tokens_per_s_per_gpu)},
        {"input_tokens_per_s_per_gpu", detail::to_raw(p.input_tokens_per_s_per_gpu)},
        {"input_tokens_per_s_per_node", detail::to_raw(p.input_tokens_per_s_per_node)},
        {"ttft_s", detail::to_raw(p.ttft)},
        {"step_s", detail::to_raw(p.breakdown.step)},
        {"breakdown", breakdown_json(p.breakdown)},
        {"bound", p.breakdown.bound},
        {"tokens_per_gpu", detail::to_raw(c.prefill_tokens_per_gpu)}}},
      {"decode",
       {{"tokens_per_s_per_gpu", detail::to_raw(d.tokens_per_s_per_gpu)},
        {"tokens_per_s_per_node", detail::to_raw(d.tokens_per_s_per_node)},
        {"time_per_output_token_s", detail::to_raw(d.time_per_output_token)},
        {"step_s", detail::to_raw(d.breakdown.step)},
        {"breakdown", breakdown_json(d.breakdown)},
        {"bound", d.breakdown.bound},
        {"batch_per_gpu", c.batch_per_gpu},
        {"weight_bytes_per_gpu", detail::to_raw(d.weight_bytes_per_gpu)},
        {"kv_bytes_per_gpu", detail::to_raw(d.kv_bytes_per_gpu)},
        {"fits_in_memory", d.fits_in_memory},
        {"warnings", d.warnings}}},
      {"input_usd_per_token", cost(&ServingCost::input, 1)},
      {"output_usd_per_token", cost(&ServingCost::output, 1)},
      {"price_usd_per_gpu_hour", r.price.price ? ojson(in_usd_per_gpu_hour(*r.price.price)) : ojson(nullptr)},
      {"price_source", price_source_json(r.price)},
      {"config",
       {{"gpus", detail::to_raw(c.gpus)},
        {"tensor_parallel", c.tensor_parallel},
        {"batch_per_gpu", c.batch_per_gpu},
        {"context_tokens", detail::to_raw(c.context)},
        {"prompt_tokens", detail::to_raw(c.prompt_length)},
        {"prefill_tokens_per_gpu", detail::to_raw(c.prefill_tokens_per_gpu)},
        {"cached_fraction", detail::to_raw(c.cached_fraction)},
        {"micro_batches", c.micro_batches},
        {"max_nodes_per_token", c.max_nodes_per_token},
        {"mtp_draft_tokens", c.mtp_draft_tokens},
        {"weight_precision", std::string(to_string(c.weight_precision))},
        {"kv_precision", std::string(to_string(c.kv_precision))},
        {"compute_precision", std::string(to_string(c.compute_precision))},
        {"redundant_experts", c.redundant_experts},
        {"balanced_routing", c.balanced_routing},
        {"prefill_all_to_all", std::string(to_string(c.prefill_all_to_all))},
        {"decode_all_to_all", std::string(to_string(c.decode_all_to_all))}}},
      {"kernels", kernels_json(r)},

      {"defaults", detail::defaults_json(r.defaults)},
      {"notes", r.notes}};
  // Keys that exist only for some requests are left out rather than null (null is reserved for
  // a cost without a price).
  if (r.interval) {
    j["prefill_tokens_per_s_per_gpu_low"] = detail::to_raw(r.interval->prefill_low);
    j["prefill_tokens_per_s_per_gpu_high"] = detail::to_raw(r.interval->prefill_high);
    j["decode_tokens_per_s_per_gpu_low"] = detail::to_raw(r.interval->decode_low);
    j["decode_tokens_per_s_per_gpu_high"] = detail::to_raw(r.interval->decode_high);
    j["kernel_spread"] = r.interval->spread;
  }
  if (r.tpot_target) {
    j["tpot_target_s"] = detail::to_raw(*r.tpot_target);
    j["decode"]["limit"] = r.decode_limit;
  }
  if (r.ttft_target) {
    j["ttft_target_s"] = detail::to_raw(*r.ttft_target);
    j["prefill"]["limit"] = r.prefill_limit;
  }
  return j.dump(indent);
}

}  // namespace llmcost
