// Bindings for llmcost/pricing (API price sheets, task profiles, price ratios) and
// llmcost/estimate/inference (roofline serving estimate). Results are plain dicts with the
// unit in every key, the same shape as the CLI's JSON.
#include "pybind11_prelude.hpp"

#include <pybind11/stl/filesystem.h>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/task_profile.hpp"

namespace llmcost::python {
namespace {

py::object json_loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

py::dict ratios_dict(const ListPriceRatios& r) {
  py::dict d;
  d["input_cache_miss"] = detail::to_raw(r.input_cache_miss);
  d["input_cache_hit"] = detail::to_raw(r.input_cache_hit);
  d["output"] = detail::to_raw(r.output);
  return d;
}

py::dict range_dict(const RatioRange& r) {
  py::dict d;
  d["low"] = detail::to_raw(r.low);
  d["low_at"] = r.low_at;
  d["high"] = detail::to_raw(r.high);
  d["high_at"] = r.high_at;
  return d;
}

/// The numeric inputs of estimate_inference that size its outputs.
constexpr const char* kInferenceInputs =
    "gpus, batch_per_gpu, context_tokens, prompt_tokens, prefill_tokens_per_gpu, price_usd_per_gpu_hour";

}  // namespace

void register_inference(py::module_& m) {
  m.def("api_price", [](const std::string& id) { return json_loads(to_json(api_price(id))); }, py::arg("id"),
        R"doc(The API price sheet `id` (llmcost id, provider model id or alias, e.g. "deepseek-reasoner", "o1")
as a dict: input_cache_hit_usd_per_mtok, input_cache_miss_usd_per_mtok, output_usd_per_mtok (and the
same in USD per token, *_usd_per_token), effective dates, and "sources" with each price's citation and
grade. KeyError [llmcost.pricing.unknown_price_sheet] with the closest ids when unknown.)doc");
  m.def("api_prices", [] { return py::object(json_loads(to_json(PriceSheets::builtin()))["prices"]); },
        "Every built-in price sheet (data/api_prices.toml), as dicts.");
  m.def("load_api_prices", [](const std::filesystem::path& path) {
          return py::object(json_loads(to_json(PriceSheets::builtin().merged(PriceSheets::from_file(path))))["prices"]);
        }, py::arg("path"),
        "Built-in sheets merged with the TOML file at `path`; ValueError [llmcost.pricing.invalid_file] "
        "listing every problem as path:line:col (e.g. a negative price).");
  m.def("list_price_ratios", [](const std::string& numerator, const std::string& denominator) {
          return ratios_dict(list_price_ratios(api_price(numerator), api_price(denominator)));
        }, py::arg("numerator"), py::arg("denominator"),
        "How many times dearer `numerator` is than `denominator`, per price: input_cache_miss, "
        "input_cache_hit, output (o1 / R1: 27.3, 53.6, 27.4).");
  m.def("price_ratio", [](const std::string& numerator, const std::string& denominator, const std::string& profile,
                          Real<"reasoning_multiplier"> reasoning_multiplier) {
          // (0, 1e3], as the CLI's --reasoning-multiplier and a scenario's task.denominator_reasoning_multiplier.
          detail::require_positive_up_to(reasoning_multiplier, 1e3, "reasoning_multiplier",
                                         "llmcost.pricing.reasoning_multiplier");
          const ApiPrice& a = api_price(numerator);
          const ApiPrice& b = api_price(denominator);
          TaskProfile p = task_profile(profile);
          if (reasoning_multiplier != 1.0) {
            TokenMix mix = p.mix_for(b);
            mix.reasoning = mix.reasoning * reasoning_multiplier.value;
            p = with_tokens_for(p, b.model, mix);
          }
          return detail::require_finite_result(detail::to_raw(price_ratio(p, a, b)), "price_ratio",
                                               "reasoning_multiplier", "llmcost.pricing.overflow");
        }, py::arg("numerator"), py::arg("denominator"), py::arg("profile") = "chat",
        py::arg("reasoning_multiplier") = 1.0,
        R"doc(Cost of one task of `profile` (see task_profiles()) under `numerator` divided by its cost
under `denominator`. `reasoning_multiplier` scales the denominator's hidden reasoning tokens (the
denominator's model thinks k× as long), to show how unequal reasoning lengths move the ratio.)doc");
  m.def("price_ratio_grid", [](const std::string& numerator, const std::string& denominator, Int<"steps"> steps) {
          return range_dict(price_ratio_grid(api_price(numerator), api_price(denominator), steps));
        }, py::arg("numerator"), py::arg("denominator"), py::arg("steps") = 21,
        "Min and max of the ratio over a grid of output shares and cached fractions in [0, 1].");
  m.def("price_ratio_range", [](const std::string& numerator, const std::string& denominator) {
          return range_dict(price_ratio_range(TaskProfiles::builtin().all(), api_price(numerator), api_price(denominator)));
        }, py::arg("numerator"), py::arg("denominator"), "Min and max of price_ratio over the built-in task profiles.");
  m.def("cost_per_task", [](const std::string& price, Real<"input_tokens"> input_tokens,
                            Real<"cached_fraction"> cached_fraction, Real<"output_tokens"> output_tokens,
                            Real<"reasoning_tokens"> reasoning_tokens) {
          const TokenMix mix{token_count(input_tokens), ratio(cached_fraction), token_count(output_tokens),
                             token_count(reasoning_tokens)};
          return detail::require_finite_result(detail::to_raw(cost_per_task(mix, api_price(price))), "cost_usd",
                                               "input_tokens, output_tokens, reasoning_tokens",
                                               "llmcost.pricing.overflow");
        }, py::arg("price"), py::arg("input_tokens"), py::arg("cached_fraction"), py::arg("output_tokens"),
        py::arg("reasoning_tokens") = 0.0,
        "USD for one task under price sheet `price`. cached_fraction outside [0, 1] raises ValueError "
        "[llmcost.pricing.cached_fraction].");
  m.def("task_profiles", [] {
          py::list out;
          for (const auto& p : TaskProfiles::builtin().all()) out.append(json_loads(to_json(p)));
          return out;
        }, "The built-in task profiles (data/task_profiles.toml) with their token mixes and assumptions.");

  m.def("estimate_inference",
        [](const std::string& chip_name, Real<"gpus"> gpus, Int<"tensor_parallel"> tensor_parallel,
           Real<"batch_per_gpu"> batch_per_gpu, Real<"context_tokens"> context_tokens,
           Real<"prompt_tokens"> prompt_tokens, Real<"prefill_tokens_per_gpu"> prefill_tokens_per_gpu,
           Real<"cached_fraction"> cached_fraction, Int<"micro_batches"> micro_batches,
           Int<"max_nodes_per_token"> max_nodes_per_token, Int<"mtp_draft_tokens"> mtp_draft_tokens,
           const std::string& weight_precision, const std::string& kv_precision, const std::string& compute_precision,
           Real<"price_usd_per_gpu_hour"> price_usd_per_gpu_hour, const CatalogArg& catalog) {
          ServingConfig c;
          c.gpus = gpu_count(gpus);
          c.tensor_parallel = tensor_parallel;
          c.batch_per_gpu = batch_per_gpu;
          c.context = token_count(context_tokens);
          c.prompt_length = token_count(prompt_tokens);
          c.prefill_tokens_per_gpu = token_count(prefill_tokens_per_gpu);
          c.cached_fraction = ratio(cached_fraction);
          c.micro_batches = micro_batches;
          c.max_nodes_per_token = max_nodes_per_token;
          c.mtp_draft_tokens = mtp_draft_tokens;
          c.weight_precision = parse_precision(weight_precision);
          c.kv_precision = parse_precision(kv_precision);
          c.compute_precision = parse_precision(compute_precision);
          const Accelerator& a = catalog.find(chip_name);
          const ServingModel model = deepseek_v3_serving_model();
          PrefillEstimate p;
          DecodeEstimate d;
          ServingCost sc;
          {
            py::gil_scoped_release release;  // pure C++ on values copied above; no Python objects touched
            p = estimate_prefill(model, a, c);
            d = estimate_decode(model, a, c);
            sc = serving_cost(p, d, usd_per_gpu_hour(price_usd_per_gpu_hour));
          }
          py::dict out;
          out["model"] = model.name;
          out["chip"] = a.id;
          out["prefill_computed_tokens_per_s_per_gpu"] = detail::to_raw(p.computed_tokens_per_s_per_gpu);
          out["prefill_input_tokens_per_s_per_gpu"] = detail::to_raw(p.input_tokens_per_s_per_gpu);
          out["prefill_input_tokens_per_s_per_node"] = detail::to_raw(p.input_tokens_per_s_per_node);
          out["ttft_s"] = detail::to_raw(p.ttft);
          out["prefill_bound"] = p.breakdown.bound;
          out["decode_tokens_per_s_per_gpu"] = detail::to_raw(d.tokens_per_s_per_gpu);
          out["decode_tokens_per_s_per_node"] = detail::to_raw(d.tokens_per_s_per_node);
          out["time_per_output_token_s"] = detail::to_raw(d.time_per_output_token);
          out["decode_bound"] = d.breakdown.bound;
          out["decode_attention_s"] = detail::to_raw(d.breakdown.attention);
          out["decode_step_s"] = detail::to_raw(d.breakdown.step);
          out["fits_in_memory"] = d.fits_in_memory;
          out["warnings"] = d.warnings;
          out["input_usd_per_token"] = detail::to_raw(sc.input);
          out["output_usd_per_token"] = detail::to_raw(sc.output);
          require_finite_values(out, kInferenceInputs, "llmcost.inference.overflow");
          return out;
        },
        py::arg("chip") = "H800", py::arg("gpus") = 8.0, py::arg("tensor_parallel") = 1,
        py::arg("batch_per_gpu") = 64.0, py::arg("context_tokens") = 4096.0, py::arg("prompt_tokens") = 4096.0,
        py::arg("prefill_tokens_per_gpu") = 16384.0, py::arg("cached_fraction") = 0.0, py::arg("micro_batches") = 1,
        py::arg("max_nodes_per_token") = 0, py::arg("mtp_draft_tokens") = 0, py::arg("weight_precision") = "fp8",
        py::arg("kv_precision") = "bf16", py::arg("compute_precision") = "fp8",
        py::arg("price_usd_per_gpu_hour") = 2.0, py::arg("catalog") = py::none(),
        R"doc(Roofline serving estimate of DeepSeek-V3/R1 on `gpus` GPUs of `chip` (EP over all of them;
`chip` is looked up in `catalog`: llmcost.load_catalog(path), a path, or None for the built-in one).
Returns a dict: prefill/decode tokens per second per GPU and per node, ttft_s, time_per_output_token_s,
input/output cost in USD per token at price_usd_per_gpu_hour, the binding resource, and warnings (a
context beyond the model's maximum warns rather than fails). ValueError with a [llmcost.inference.*]
tag for batch_per_gpu <= 0, cached_fraction outside [0, 1), a precision the chip lacks, ...)doc");
}

}  // namespace llmcost::python
