// Bindings for llmcost/estimate/step_time.hpp and layout_search.hpp: dict results (the JSON of
// the C++ to_json), keyword arguments with units in their names.
#include "document.hpp"
#include "py_model.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "llmcost/error.hpp"
#include "llmcost/estimate/layout_search.hpp"
#include "llmcost/estimate/training_request.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost::python {
namespace {


/// The workload of `model` (a preset name or a llmcost.Model) or `hf_config` (a config.json
/// path): exactly one; the global batch in tokens, as the CLI and TrainingRequest take it
/// (training_workload).
TrainingWorkload workload(const py::object& model, const py::object& hf_config, double seq_len,
                          double global_batch_tokens, bool flash, bool dropout, int max_nodes_per_token) {
  const ModelArg m = model_arg(model, hf_config);
  TrainingRequest r;
  r.model = m.preset;
  r.hf_config = m.hf_config;
  r.transformer = m.transformer;
  LLMCOST_REQUIRE(!r.model.empty() || !r.hf_config.empty() || r.transformer, invalid_input, "llmcost.training.model",
                  "give exactly one of model= (a preset name or a llmcost.Model) or hf_config= (a config.json path)");
  TrainingWorkload w = training_workload(*requested_model(r), token_count(seq_len), token_count(global_batch_tokens),
                                         max_nodes_per_token);
  w.flash_attention = flash;
  w.dropout = dropout;
  return w;
}

StepCluster cluster(const Accelerator& chip, double gpus, std::optional<double> out, std::optional<double> up) {
  std::optional<BytesPerSecond> o, u;
  if (out) o = bytes_per_s(*out);
  if (up) u = bytes_per_s(*up);
  return step_cluster(chip, gpu_count(gpus), o, u);
}

std::optional<double> raw_opt(const auto& x) { return x ? std::optional<double>(x->value) : std::nullopt; }

/// The result check at the Python boundary: every number of the estimate is finite, else the
/// inputs named in `inputs` are too large together (out_of_domain [llmcost.step_time.overflow]).
void require_finite_step(const StepTimeEstimate& e, std::string_view inputs) {
  const std::string tag = "llmcost.step_time.overflow";
  auto check = [&](double x, const char* what) { detail::require_finite_result(x, what, inputs, tag); };
  check(detail::to_raw(e.step_time), "step_time_s");
  check(detail::to_raw(e.model_flops), "model_flop");
  check(detail::to_raw(e.mfu), "mfu");
  check(detail::to_raw(e.model_flops_per_gpu), "model_flop_per_s_per_gpu");
  check(detail::to_raw(e.tokens_per_step), "tokens_per_step");
  check(detail::to_raw(e.tokens_per_s), "tokens_per_s");
  check(detail::to_raw(e.bubble_fraction), "bubble_fraction");
  check(detail::to_raw(e.breakdown.total()), "breakdown");
  check(detail::to_raw(e.memory.total()), "memory_bytes");
}

}  // namespace

void register_step_time(py::module_& m) {
  py::class_<StepTimeEstimate> step_time(m, "StepTimeEstimate", R"doc(
One training step of a layout from the step-time model: step time, MFU, breakdown [s] and memory per
GPU [B]. `to_dict()` is the document `llmcost estimate training --format json` prints under
"step_time"; r["key"] reads it.
)doc");
  step_time.def_property_readonly("step_time_s", [](const StepTimeEstimate& e) { return detail::to_raw(e.step_time); })
      .def_property_readonly("mfu", [](const StepTimeEstimate& e) { return detail::to_raw(e.mfu); })
      .def_property_readonly("layout", [](const StepTimeEstimate& e) { return describe(e.layout); })
      .def_property_readonly("bottleneck", [](const StepTimeEstimate& e) { return e.bottleneck; })
      .def_property_readonly("fits_in_memory", [](const StepTimeEstimate& e) { return e.memory.fits(); })
      .def("__repr__", [](const StepTimeEstimate& e) {
        return "<llmcost.StepTimeEstimate " + describe(e.layout) + ": " + std::to_string(detail::to_raw(e.step_time)) +
               " s, MFU " + std::to_string(detail::to_raw(e.mfu)) + ">";
      });
  bind_document(step_time);

  py::class_<LayoutSearchResult> search(m, "LayoutSearchResult", R"doc(
Result of `search_layouts`: counts, rejections by tag, the fastest layout and the Pareto set (step time
vs memory headroom) as StepTimeEstimate objects. `to_dict()` is `llmcost search training --format json`.
)doc");
  search
      .def_property_readonly("fastest", [](const LayoutSearchResult& r) -> py::object {
        return r.fastest ? py::cast(*r.fastest) : py::none();
      })
      .def_property_readonly("pareto", [](const LayoutSearchResult& r) { return r.pareto; })
      .def_property_readonly("evaluated", [](const LayoutSearchResult& r) { return r.evaluated; })
      .def_property_readonly("feasible", [](const LayoutSearchResult& r) { return r.feasible; })
      .def("__repr__", [](const LayoutSearchResult& r) {
        return "<llmcost.LayoutSearchResult " + std::to_string(r.evaluated) + " evaluated, " +
               std::to_string(r.feasible) + " feasible" +
               (r.fastest ? ", fastest " + describe(r.fastest->layout) : std::string(", nothing fits")) + ">";
      });
  bind_document(search);

  m.def(
      "estimate_step_time",
      [](const py::object& model, const py::object& hf_config,
         const std::string& chip_name, Real<"gpus"> gpus, Real<"seq_len"> seq_len,
         Real<"global_batch_tokens"> global_batch_tokens, Int<"tp"> tp, Int<"pp"> pp, std::optional<Int<"dp">> dp,
         Int<"ep"> ep,
         Int<"cp"> cp, bool sequence_parallel, const std::string& schedule, Int<"virtual_stages"> virtual_stages,
         Int<"micro_batch_size"> micro_batch_size, const std::string& recompute, Int<"zero_stage"> zero_stage,
         bool distributed_optimizer, const std::optional<std::string>& gemm_precision,
         const std::optional<std::string>& attention_precision,
         bool flash_attention, bool dropout, Int<"max_nodes_per_token"> max_nodes_per_token,
         std::optional<Real<"scale_out_per_direction_bytes_per_s">> scale_out_per_direction_bytes_per_s,
         std::optional<Real<"scale_up_per_direction_bytes_per_s">> scale_up_per_direction_bytes_per_s,
         std::optional<Real<"comm_sm_fraction">> comm_sm_fraction, const CatalogArg& catalog) {
        const TrainingWorkload w = workload(model, hf_config, seq_len, global_batch_tokens, flash_attention, dropout,
                                            max_nodes_per_token);
        const Accelerator& chip = catalog.find(chip_name);
        const StepCluster c = cluster(chip, gpus, raw_opt(scale_out_per_direction_bytes_per_s),
                                      raw_opt(scale_up_per_direction_bytes_per_s));
        const Precision sixteen = training_precision(chip);  // BF16, FP16 on a chip without BF16
        // The layout completed by the library's one rule (dp = GPUs / (TP·PP·CP); the schedule's
        // overlap: DualPipe hides the EP all-to-all and pipeline sends behind 20/132 SMs).
        LayoutRequest lr;
        lr.tp = tp, lr.pp = pp, lr.ep = ep, lr.cp = cp;
        if (dp) lr.dp = dp->value;
        lr.schedule = parse_pipeline_schedule(schedule);
        lr.virtual_stages = virtual_stages;
        lr.micro_batch_size = micro_batch_size;
        lr.recompute = parse_recompute(recompute);
        lr.zero_stage = zero_stage;
        Layout l = complete_layout(lr, gpu_count(gpus), gemm_precision ? parse_precision(*gemm_precision) : sixteen);
        l.sequence_parallel = sequence_parallel;
        l.distributed_optimizer = distributed_optimizer;
        l.precision.attention = attention_precision ? parse_precision(*attention_precision) : sixteen;
        if (comm_sm_fraction) l.comm_sm_fraction = ratio(*comm_sm_fraction);
        const StepTimeEstimate e = estimate_step_time(w, c, l);
        require_finite_step(e, "gpus, seq_len, global_batch_tokens and the link bandwidths");
        return e;
      },
      py::kw_only(), py::arg("model") = py::none(), py::arg("hf_config") = py::none(), py::arg("chip"),
      py::arg("gpus"), py::arg("seq_len"), py::arg("global_batch_tokens"), py::arg("tp") = 1, py::arg("pp") = 1, py::arg("dp") = py::none(), py::arg("ep") = 1, py::arg("cp") = 1,
      py::arg("sequence_parallel") = true, py::arg("schedule") = "1f1b", py::arg("virtual_stages") = 1,
      py::arg("micro_batch_size") = 1, py::arg("recompute") = "none", py::arg("zero_stage") = 0,
      py::arg("distributed_optimizer") = false, py::arg("gemm_precision") = py::none(),
      py::arg("attention_precision") = py::none(), py::arg("flash_attention") = true, py::arg("dropout") = false,
      py::arg("max_nodes_per_token") = 0, py::arg("scale_out_per_direction_bytes_per_s") = py::none(),
      py::arg("scale_up_per_direction_bytes_per_s") = py::none(), py::arg("comm_sm_fraction") = py::none(),
      py::arg("catalog") = py::none(),
      R"doc(Step time, MFU, breakdown [s] and memory per GPU [B] of one training step (dict; the JSON of
the C++ to_json). `model` is a preset name or a llmcost.Model, or `hf_config` a config.json path; `seq_len` and
`global_batch_tokens` (tokens per optimizer step, as the CLI's --global-batch-tokens) in tokens; dp
defaults to gpus / (tp·pp·cp); `gemm_precision` and `attention_precision` default to BF16 (FP16 on a
chip without a BF16 peak). DualPipe overlaps the EP all-to-all and pipeline sends and reserves
`comm_sm_fraction` of the SMs for them (default 20/132, DeepSeek-V3 report §3.2.2). ValueError with the
layout's tag ([llmcost.layout.tp_heads], ...) for a bad layout; KeyError for unknown names.)doc");

  m.def(
      "search_layouts",
      [](const py::object& model, const py::object& hf_config, const std::string& chip_name, Real<"gpus"> gpus,
         Real<"seq_len"> seq_len, Real<"global_batch_tokens"> global_batch_tokens,
         const std::optional<std::string>& gemm_precision,
         Int<"max_nodes_per_token"> max_nodes_per_token,
         std::optional<Real<"scale_out_per_direction_bytes_per_s">> scale_out_per_direction_bytes_per_s,
         bool flash_attention, bool dropout, std::optional<bool> sequence_parallel, Int<"threads"> threads,
         const CatalogArg& catalog) {
        const TrainingWorkload w = workload(model, hf_config, seq_len, global_batch_tokens, flash_attention, dropout,
                                            max_nodes_per_token);
        const Accelerator& chip = catalog.find(chip_name);
        const StepCluster c = cluster(chip, gpus, raw_opt(scale_out_per_direction_bytes_per_s), std::nullopt);
        LayoutSearchOptions o;
        o.precision.gemm = gemm_precision ? parse_precision(*gemm_precision) : training_precision(chip);
        o.precision.attention = training_precision(chip);
        o.sequence_parallel = sequence_parallel;
        o.threads = threads;
        LayoutSearchResult r;
        {
          py::gil_scoped_release release;  // pure C++ below; no Python objects are touched
          r = search_layouts(w, c, o);
        }
        const char* inputs = "gpus, seq_len, global_batch_tokens and scale_out_per_direction_bytes_per_s";
        if (r.fastest) require_finite_step(*r.fastest, inputs);
        for (const auto& e : r.pareto) require_finite_step(e, inputs);
        return r;
      },
      py::kw_only(), py::arg("model") = py::none(), py::arg("hf_config") = py::none(), py::arg("chip"),
      py::arg("gpus"), py::arg("seq_len"), py::arg("global_batch_tokens"), py::arg("gemm_precision") = py::none(),
      py::arg("max_nodes_per_token") = 0,
      py::arg("scale_out_per_direction_bytes_per_s") = py::none(), py::arg("flash_attention") = true,
      py::arg("dropout") = false, py::arg("sequence_parallel") = py::none(), py::arg("threads") = 0,
      py::arg("catalog") = py::none(),
      R"doc(Exhaustive layout search: {"evaluated", "feasible", "rejected", "rejections" (by tag),
"fastest", "pareto" (step time vs memory headroom), "defaults" (figures the catalog lacks for the chip,
each with the stated value and source)}. `model` is a preset name or a llmcost.Model, or `hf_config`
a config.json path; `flash_attention` (default on) and `dropout` (default off) describe the workload;
`sequence_parallel` None lets it follow TP (on where TP > 1), True/False holds it for every layout.
Deterministic for any `threads`.)doc");

  m.def(
      "deepseek_v3_published_layout",
      [](const std::string& chip_name, const CatalogArg& catalog) {
        return deepseek_v3_published_layout(catalog.find(chip_name));
      },
      py::arg("chip") = "H800", py::arg("catalog") = py::none(),
      R"doc(DeepSeek-V3 on 2,048 `chip` with its published layout (PP16 DualPipe, EP64, ZeRO-1 DP128,
FP8 GEMMs, 20/132 SMs for communication): the step-time estimate as a dict.)doc");
}

}  // namespace llmcost::python
