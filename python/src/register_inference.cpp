// Bindings for llmcost/estimate/serving_request (the roofline serving estimate): a ServingResult
// whose to_dict() is the CLI's JSON document.
#include "columns.hpp"  // the prelude, numpy columns and the batch helpers

#include "document.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "serving_arguments.hpp"

namespace llmcost::python {
namespace {


/// The numeric inputs of estimate_inference that size its outputs.
constexpr const char* kInferenceInputs =
    "gpus, batch_per_gpu, context_tokens, prompt_tokens, prefill_tokens_per_gpu, price_usd_per_gpu_hour";

py::dict estimate_inference_batch(const ServingRequest& base, const py::dict& inputs, std::size_t n) {
  // The model, the chip and (without a price column) the price are resolved once, as the scalar call
  // resolves them; each element then sets only the knobs given and builds its ServingConfig with the
  // library's serving_config (the one place that fills in the defaults).
  const ServingModel model = resolve_serving_model(base);
  const Catalog& catalog = base.catalog ? *base.catalog : Catalog::builtin();
  const Accelerator& a = catalog.find(base.chip.empty() ? kDefaultServingChip : base.chip);
  const Columns c(inputs, n);
  // Integer arguments arrive as doubles; they must be whole numbers.
  for (const char* name : {"tensor_parallel", "micro_batches", "max_nodes_per_token", "mtp_draft_tokens",
                           "redundant_experts"}) {
    if (!inputs.contains(name)) continue;
    c.validate(name, [](double x) { return std::isfinite(x) && x >= 0 && x == std::floor(x) && x < 1e9; },
               [](double x, const std::string& w) {
                 throw invalid_input("llmcost.inference.integer",
                                     w + " = " + std::to_string(x) + " is invalid; expected a whole number >= 0");
               });
  }
  const bool price_given = inputs.contains("price_usd_per_gpu_hour");
  if (price_given)
    positive_up_to(c, "price_usd_per_gpu_hour", detail::kMaxPriceUsdPerGpuHour, "llmcost.pricing.invalid_price");
  const PriceChoice default_price = choose_price(a, std::nullopt);
  const bool costed = price_given || default_price.price.has_value();
  auto col = [&](const char* name) { return inputs.contains(name) ? std::optional<Col>(c.col(name)) : std::nullopt; };
  const auto gpus = col("gpus"), tp = col("tensor_parallel"), batch = col("batch_per_gpu"),
             ctx = col("context_tokens"), prompt = col("prompt_tokens"), pre = col("prefill_tokens_per_gpu"),
             cf = col("cached_fraction"), mb = col("micro_batches"), nodes = col("max_nodes_per_token"),
             mtp = col("mtp_draft_tokens"), price = col("price_usd_per_gpu_hour"), redundant = col("redundant_experts");
  const char* names[] = {"prefill_computed_tokens_per_s_per_gpu", "prefill_input_tokens_per_s_per_gpu",
                         "ttft_s", "decode_tokens_per_s_per_gpu", "decode_tokens_per_s_per_node",
                         "time_per_output_token_s", "input_usd_per_token", "output_usd_per_token"};
  // Without a price (none given, no catalog quote) the cost arrays are absent, as the scalar cost is None.
  const std::size_t kOut = costed ? std::size(names) : std::size(names) - 2;
  std::vector<py::array_t<double>> outs;
  std::vector<double*> o(kOut);
  for (std::size_t k = 0; k < kOut; ++k) {
    outs.push_back(out_array(n));
    o[k] = outs.back().mutable_data();
  }
  py::array_t<bool> fits(static_cast<py::ssize_t>(n));
  bool* f = fits.mutable_data();
  std::size_t bad = n;  // the first element whose estimate failed or has a non-finite output
  const char* bad_output = "";
  std::exception_ptr failure;
  {
    // Safe without the GIL: C++ values and raw buffers only. The estimators validate their
    // inputs and may throw; the exception is kept and rethrown below with the GIL held.
    py::gil_scoped_release release;
    ServingRequest knobs;  // only the serving knobs: serving_config reads nothing else
    knobs.weight_precision = base.weight_precision;
    knobs.kv_precision = base.kv_precision;
    knobs.compute_precision = base.compute_precision;
    for (std::size_t i = 0; i < n && bad == n; ++i) {
      if (gpus) knobs.gpus = gpu_count((*gpus)[i]);
      if (tp) knobs.tensor_parallel = static_cast<int>((*tp)[i]);
      if (batch) knobs.batch_per_gpu = (*batch)[i];
      if (ctx) knobs.context = token_count((*ctx)[i]);
      if (prompt) knobs.prompt_length = token_count((*prompt)[i]);
      if (pre) knobs.prefill_tokens_per_gpu = token_count((*pre)[i]);
      if (cf) knobs.cached_fraction = ratio((*cf)[i]);
      if (mb) knobs.micro_batches = static_cast<int>((*mb)[i]);
      if (nodes) knobs.max_nodes_per_token = static_cast<int>((*nodes)[i]);
      if (mtp) knobs.mtp_draft_tokens = static_cast<int>((*mtp)[i]);
      if (redundant) knobs.redundant_experts = static_cast<int>((*redundant)[i]);
      const ServingConfig s = serving_config(knobs);
      PrefillEstimate p;
      DecodeEstimate d;
      ServingCost sc{};
      try {
        p = estimate_prefill(model, a, s, base.kernels);
        d = estimate_decode(model, a, s, base.kernels);
        if (costed) sc = serving_cost(p, d, price ? usd_per_gpu_hour((*price)[i]) : *default_price.price);
      } catch (const llmcost::error&) {
        failure = std::current_exception();
        bad = i;
        break;
      }
      const double values[] = {detail::to_raw(p.computed_tokens_per_s_per_gpu),
                               detail::to_raw(p.input_tokens_per_s_per_gpu),
                               detail::to_raw(p.ttft),
                               detail::to_raw(d.tokens_per_s_per_gpu),
                               detail::to_raw(d.tokens_per_s_per_node),
                               detail::to_raw(d.time_per_output_token),
                               detail::to_raw(sc.input),
                               detail::to_raw(sc.output)};
      for (std::size_t k = 0; k < kOut; ++k) o[k][i] = values[k];
      f[i] = d.fits_in_memory;
      for (std::size_t k = 0; k < kOut; ++k) {  // the output check
        if (!std::isfinite(o[k][i])) {
          bad = i;
          bad_output = names[k];
          break;
        }
      }
    }
  }
  if (failure) rethrow_at(failure, bad);
  if (bad != n) {
    detail::require_finite_result(std::nan(""), bad_output,
                                  c.elements({"gpus", "batch_per_gpu", "context_tokens", "prompt_tokens",
                                              "prefill_tokens_per_gpu", "price_usd_per_gpu_hour"},
                                             bad),
                                  "llmcost.inference.overflow");
  }
  py::dict d;
  for (std::size_t k = 0; k < kOut; ++k) d[names[k]] = outs[k];
  d["fits_in_memory"] = fits;
  return d;
}

}  // namespace

void register_inference(py::module_& m) {
  py::class_<ServingResult> serving_result(m, "ServingResult", R"doc(
Result of `estimate_inference`: the headline numbers as attributes (units in the names; costs are
None without a price) and the whole document via `to_dict()`, which is the JSON of the CLI's
`llmcost estimate inference --format json` (the C++ `to_json(ServingResult)`). `r[key]` reads a
key of that document. `defaults` lists every input left unset with the value used and its source.
)doc");
  serving_result
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
      .def("__repr__", [](const ServingResult& r) {
        return "<llmcost.ServingResult " + r.model + " on " + r.chip + ": decode " +
               std::to_string(detail::to_raw(r.decode.tokens_per_s_per_gpu)) + " tok/s/GPU>";
      });
  bind_document(serving_result);

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
           std::optional<std::string> model, std::optional<std::string> hf_config,
           std::optional<Int<"redundant_experts">> redundant_experts, std::optional<bool> balanced_routing,
           std::optional<Real<"tpot_target_s">> tpot_target_s, std::optional<Real<"ttft_target_s">> ttft_target_s,
           std::optional<Real<"kernel_scale">> kernel_scale, std::optional<std::string> kernel_tables) {
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
          if (redundant_experts) r.redundant_experts = *redundant_experts;
          if (balanced_routing) r.balanced_routing = *balanced_routing;
          if (tpot_target_s) r.tpot_target = seconds(*tpot_target_s);
          if (ttft_target_s) r.ttft_target = seconds(*ttft_target_s);
          if (kernel_scale) r.kernels.scale = *kernel_scale;
          std::optional<KernelTables> tables;  // lives through estimate_serving; the result keeps no pointer
          if (kernel_tables) {
            tables = KernelTables::from_file(*kernel_tables, r.catalog ? *r.catalog : Catalog::builtin());
            r.kernels.tables = &*tables;
          }
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
        py::arg("model") = py::none(), py::arg("hf_config") = py::none(), py::arg("redundant_experts") = py::none(),
        py::arg("balanced_routing") = py::none(), py::arg("tpot_target_s") = py::none(),
        py::arg("ttft_target_s") = py::none(), py::arg("kernel_scale") = py::none(),
        py::arg("kernel_tables") = py::none(),
        R"doc(Serving estimate (prefill, decode, cost per token) of `model` (a preset name) or
`hf_config` (a config.json path) on `gpus` GPUs of `chip` (EP over all of them), with the same inputs
and defaults as `llmcost estimate inference`: model deepseek-v3, chip H800, gpus 8, tensor_parallel 1,
batch_per_gpu 64, context_tokens 4096, prompt_tokens 4096, prefill_tokens_per_gpu 16384,
cached_fraction 0, micro_batches 1, max_nodes_per_token 0, mtp_draft_tokens 0, precisions
fp8/bf16/fp8, redundant_experts 0, balanced_routing False, price_usd_per_gpu_hour: the chip's lowest
catalog quote, else no cost (None). Kernels run at the measured tables' fraction of this chip's
roofline (docs/kernel-tables.md). tpot_target_s / ttft_target_s [s] choose the decode batch / prefill
chunk with the best throughput meeting the target (instead of batch_per_gpu / prefill_tokens_per_gpu).
kernel_scale multiplies every measured kernel fraction (0, 10]; kernel_tables is a TOML path with the
schema of data/kernel_tables.toml that replaces the built-in tables.
Every input left None is named with its value and source in the result's `defaults`. `chip` is
looked up in `catalog` (llmcost.load_catalog(path), a path, or None for the built-in one).
Returns a ServingResult; `to_dict()` equals the CLI's JSON. ValueError with a [llmcost.inference.*]
tag for batch_per_gpu <= 0, cached_fraction outside [0, 1), a precision the chip lacks, ...)doc");
  m.def("_estimate_inference_batch",
        [](const std::optional<std::string>& model, const std::optional<std::string>& hf_config,
           const std::optional<std::string>& chip, const std::optional<std::string>& weight_precision,
           const std::optional<std::string>& kv_precision, const std::optional<std::string>& compute_precision,
           const py::dict& inputs, std::size_t n, const CatalogArg& catalog) {
          return estimate_inference_batch(serving_request_base(model, hf_config, chip, weight_precision,
                                                               kv_precision, compute_precision, catalog),
                                          inputs, n);
        },
        py::arg("model"), py::arg("hf_config"), py::arg("chip"), py::arg("weight_precision"),
        py::arg("kv_precision"), py::arg("compute_precision"), py::arg("inputs"), py::arg("n"),
        py::arg("catalog") = py::none(),
        "Internal: array kernel of estimate_inference (use llmcost.estimate_inference with numpy arrays).");
}

}  // namespace llmcost::python
