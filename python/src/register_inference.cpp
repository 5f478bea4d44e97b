// Bindings for llmcost/estimate/serving_request (the roofline serving estimate): a ServingResult
// whose to_dict() is the CLI's JSON document.
#include "pybind11_prelude.hpp"

#include "llmcost/hardware/catalog.hpp"
#include "serving_arguments.hpp"

namespace llmcost::python {
namespace {

py::object json_loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

/// The numeric inputs of estimate_inference that size its outputs.
constexpr const char* kInferenceInputs =
    "gpus, batch_per_gpu, context_tokens, prompt_tokens, prefill_tokens_per_gpu, price_usd_per_gpu_hour";

}  // namespace

void register_inference(py::module_& m) {
  py::class_<ServingResult>(m, "ServingResult", R"doc(
Result of `estimate_inference`: the headline numbers as attributes (units in the names; costs are
None without a price) and the whole document via `to_dict()`, which is the JSON of the CLI's
`llmcost estimate inference --format json` (the C++ `to_json(ServingResult)`). `r[key]` reads a
key of that document. `defaults` lists every input left unset with the value used and its source.
)doc")
      .def_property_readonly("model", [](const ServingResult& r) { return r.model; })
      .def_property_readonly("chip", [](const ServingResult& r) { return r.chip; })
      .def_property_readonly("prefill_tokens_per_s_per_gpu",
                             [](const ServingResult& r) { return detail::to_raw(r.prefill.computed_tokens_per_s_per_gpu); })
      .def_property_readonly("decode_tokens_per_s_per_gpu",
                             [](const ServingResult& r) { return detail::to_raw(r.decode.tokens_per_s_per_gpu); })
      .def_property_readonly("ttft_s", [](const ServingResult& r) { return detail::to_raw(r.prefill.ttft); })
      .def_property_readonly("time_per_output_token_s",
                             [](const ServingResult& r) { return detail::to_raw(r.decode.time_per_output_token); })
      .def_property_readonly("fits_in_memory", [](const ServingResult& r) { return r.decode.fits_in_memory; })
      .def_property_readonly("input_usd_per_token", [](const ServingResult& r) -> py::object {
        return r.cost ? py::object(py::float_(detail::to_raw(r.cost->input))) : py::none();
      })
      .def_property_readonly("output_usd_per_token", [](const ServingResult& r) -> py::object {
        return r.cost ? py::object(py::float_(detail::to_raw(r.cost->output))) : py::none();
      })
      .def_property_readonly("price_usd_per_gpu_hour", [](const ServingResult& r) -> py::object {
        return r.price.price ? py::object(py::float_(in_usd_per_gpu_hour(*r.price.price))) : py::none();
      })
      .def_property_readonly("warnings", [](const ServingResult& r) { return r.decode.warnings; })
      .def_property_readonly("notes", [](const ServingResult& r) { return r.notes; })
      .def_property_readonly("defaults", [](const ServingResult& r) { return py::object(json_loads(to_json(r))["defaults"]); })
      .def("to_dict", [](const ServingResult& r) { return json_loads(to_json(r)); })
      .def("__getitem__", [](const ServingResult& r, const std::string& key) {
        return py::object(json_loads(to_json(r))[py::str(key)]);
      })
      .def("__eq__", [](const ServingResult& a, const ServingResult& b) { return to_json(a) == to_json(b); })
      .def("__repr__", [](const ServingResult& r) {
        return "<llmcost.ServingResult " + r.model + " on " + r.chip + ": decode " +
               std::to_string(detail::to_raw(r.decode.tokens_per_s_per_gpu)) + " tok/s/GPU>";
      });

  m.def("estimate_inference",
        [](std::optional<std::string> chip,
           std::optional<Real<"gpus">> gpus, std::optional<Int<"tensor_parallel">> tensor_parallel,
           std::optional<Real<"batch_per_gpu">> batch_per_gpu, std::optional<Real<"context_tokens">> context_tokens,
           std::optional<Real<"prompt_tokens">> prompt_tokens,
           std::optional<Real<"prefill_tokens_per_gpu">> prefill_tokens_per_gpu,
           std::optional<Real<"cached_fraction">> cached_fraction, std::optional<Int<"micro_batches">> micro_batches,
           std::optional<Int<"max_nodes_per_token">> max_nodes_per_token,
           std::optional<Int<"mtp_draft_tokens">> mtp_draft_tokens, std::optional<std::string> weight_precision,
           std::optional<std::string> kv_precision, std::optional<std::string> compute_precision,
           std::optional<Real<"price_usd_per_gpu_hour">> price_usd_per_gpu_hour, const CatalogArg& catalog,
           std::optional<std::string> model, std::optional<std::string> hf_config) {
          ServingRequest r = serving_request_base(model, hf_config, chip, weight_precision, kv_precision,
                                                  compute_precision, catalog);
          if (gpus) r.gpus = gpu_count(*gpus);
          if (tensor_parallel) r.tensor_parallel = *tensor_parallel;
          if (batch_per_gpu) r.batch_per_gpu = *batch_per_gpu;
          if (context_tokens) r.context = token_count(*context_tokens);
          if (prompt_tokens) r.prompt_length = token_count(*prompt_tokens);
          if (prefill_tokens_per_gpu) r.prefill_tokens_per_gpu = token_count(*prefill_tokens_per_gpu);
          if (cached_fraction) r.cached_fraction = ratio(*cached_fraction);
          if (micro_batches) r.micro_batches = *micro_batches;
          if (max_nodes_per_token) r.max_nodes_per_token = *max_nodes_per_token;
          if (mtp_draft_tokens) r.mtp_draft_tokens = *mtp_draft_tokens;
          if (price_usd_per_gpu_hour) r.price = usd_per_gpu_hour(*price_usd_per_gpu_hour);
          ServingResult res;
          {
            py::gil_scoped_release release;  // pure C++ on values copied above; no Python objects touched
            res = estimate_serving(r);
          }
          require_finite_values(json_loads(to_json(res)), kInferenceInputs, "llmcost.inference.overflow");
          return res;
        },
        py::arg("chip") = py::none(),
        py::arg("gpus") = py::none(), py::arg("tensor_parallel") = py::none(), py::arg("batch_per_gpu") = py::none(),
        py::arg("context_tokens") = py::none(), py::arg("prompt_tokens") = py::none(),
        py::arg("prefill_tokens_per_gpu") = py::none(), py::arg("cached_fraction") = py::none(),
        py::arg("micro_batches") = py::none(), py::arg("max_nodes_per_token") = py::none(),
        py::arg("mtp_draft_tokens") = py::none(), py::arg("weight_precision") = py::none(),
        py::arg("kv_precision") = py::none(), py::arg("compute_precision") = py::none(),
        py::arg("price_usd_per_gpu_hour") = py::none(), py::arg("catalog") = py::none(), py::kw_only(),
        py::arg("model") = py::none(), py::arg("hf_config") = py::none(),
        R"doc(Roofline serving estimate (prefill, decode, cost per token) of `model` (a preset name) or
`hf_config` (a config.json path) on `gpus` GPUs of `chip` (EP over all of them), with the same inputs
and defaults as `llmcost estimate inference`: model deepseek-v3, chip H800, gpus 8, tensor_parallel 1,
batch_per_gpu 64, context_tokens 4096, prompt_tokens 4096, prefill_tokens_per_gpu 16384,
cached_fraction 0, micro_batches 1, max_nodes_per_token 0, mtp_draft_tokens 0, precisions
fp8/bf16/fp8, price_usd_per_gpu_hour: the chip's lowest catalog quote, else no cost (None).
Every input left None is named with its value and source in the result's `defaults`. `chip` is
looked up in `catalog` (llmcost.load_catalog(path), a path, or None for the built-in one).
Returns a ServingResult; `to_dict()` equals the CLI's JSON. ValueError with a [llmcost.inference.*]
tag for batch_per_gpu <= 0, cached_fraction outside [0, 1), a precision the chip lacks, ...)doc");
}

}  // namespace llmcost::python
