// Bindings for llmcost/model: Model (a Transformer at a sequence length), model(name),
// model_names(), Model.from_hf_config(path, generic=False), model_types().
#include "pybind11_prelude.hpp"
#include "py_model.hpp"

#include <memory>

#include <pybind11/stl/filesystem.h>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"
#include "llmcost/model/summary.hpp"

namespace llmcost::python {
namespace {

constexpr const char* kOverflowTag = "llmcost.model.overflow";

/// A model at `seq_len_tokens`. The per-token attributes are computed here once, so that a
/// sequence length (or an imported config) too large for finite FLOPs fails at construction,
/// naming `inputs`, instead of returning inf from an attribute later.
/// The library's sequence-length range, stated for the Python argument (seq_len_tokens).
double checked_seq_len(double seq_len_tokens) {
  return detail::require_in_range(seq_len_tokens, 1, detail::kMaxSeqLen, "seq_len_tokens", "llmcost.model.seq_len");
}

PyModel make(Transformer m, double seq_len_tokens, std::string_view inputs = "seq_len_tokens") {
  checked_seq_len(seq_len_tokens);
  const Tokens seq = token_count(seq_len_tokens);
  detail::require_finite_result(detail::to_raw(total_params(m)), "params_total", inputs, kOverflowTag);
  detail::require_finite_result(detail::to_raw(param_breakdown(m).total_with_mtp()), "params_total_with_mtp", inputs,
                                kOverflowTag);
  detail::require_finite_result(detail::to_raw(forward_flops_per_token(m, seq)), "forward_flop_per_token", inputs,
                                kOverflowTag);
  detail::require_finite_result(detail::to_raw(training_flops_per_token(m, seq)), "training_flop_per_token", inputs,
                                kOverflowTag);
  detail::require_finite_result(detail::to_raw(kv_cache_bytes_per_token(m, Precision::bf16)),
                                "kv_cache_bytes_per_token_bf16", inputs, kOverflowTag);
  return PyModel{std::move(m), seq_len_tokens, nullptr};
}

/// `x` if finite, else out_of_domain [llmcost.model.overflow] naming `inputs`.
double finite(double x, std::string_view result, std::string_view inputs) {
  return detail::require_finite_result(x, result, inputs, kOverflowTag);
}

Recompute parse_recompute(const std::string& s) {
  if (s == "none") return Recompute::none;
  if (s == "selective") return Recompute::selective;
  if (s == "full") return Recompute::full;
  throw invalid_input("llmcost.model.recompute",
                      "recompute = \"" + s + "\" is invalid; choices: none, selective, full");
}

OptimizerStateLayout parse_layout(const std::string& s) {
  if (s == "mixed_precision_adam") return OptimizerStateLayout::mixed_precision_adam();
  if (s == "deepseek_v3") return OptimizerStateLayout::deepseek_v3();
  throw invalid_input("llmcost.model.optimizer_layout",
                      "layout = \"" + s + "\" is invalid; choices: mixed_precision_adam, deepseek_v3");
}

double raw(const auto& q) { return detail::to_raw(q); }

}  // namespace

void register_model(py::module_& m) {
  py::class_<PyModel>(m, "Model", R"doc(
A Transformer architecture (llmcost.model(name) or Model.from_hf_config(path)) with its
exact parameter counts, FLOPs per token and KV-cache size. Floats are SI base units named
with their unit; per-token FLOP attributes use `seq_len_tokens` (default 4096) and the
default conventions of docs/model.md (causal attention, logits, training = 3 × forward,
MTP modules included when present).
)doc")
      .def_static("from_hf_config",
                  [](const std::filesystem::path& path, Real<"seq_len_tokens"> seq_len_tokens, bool generic) {
                    HfImportOptions options;
                    options.generic = generic;
                    auto imported = std::make_shared<HfImport>(import_hf_config(path, options));
                    PyModel p = make(imported->model, seq_len_tokens, "seq_len_tokens and the config's sizes");
                    p.imported = std::move(imported);
                    return p;
                  },
                  py::arg("path"), py::arg("seq_len_tokens") = 4096.0, py::kw_only(), py::arg("generic") = false,
                  "Imports a Hugging Face config.json (model types: llmcost.model_types()). ValueError with "
                  "[llmcost.model.*] tags naming the key and line:column; an unknown model_type is refused unless "
                  "generic=True, which reads it as a Llama-like decoder and lists each assumption in `assumptions`.")
      .def_property_readonly("ignored_keys",
                             [](const PyModel& p) {
                               return p.imported ? p.imported->ignored_keys : std::vector<std::string>{};
                             },
                             "Top-level config keys the import did not read; [] for presets.")
      .def_property_readonly("defaults_used",
                             [](const PyModel& p) {
                               return p.imported ? p.imported->defaults_used : std::vector<std::string>{};
                             },
                             "Absent keys given their configuration-class default, as \"key = value (source)\".")
      .def_property_readonly("assumptions",
                             [](const PyModel& p) {
                               return p.imported ? p.imported->assumptions : std::vector<std::string>{};
                             },
                             "Assumptions of the generic reader (generic=True on an unknown model_type); else [].")
      .def_property_readonly("import_source",
                             [](const PyModel& p) -> py::object {
                               if (!p.imported) return py::none();
                               return py::str(p.imported->source);
                             },
                             "The configuration class the keys and defaults were read by; None for presets.")
      .def_property_readonly("name", [](const PyModel& p) { return p.model.name; })
      .def_property_readonly("model_type", [](const PyModel& p) { return p.model.model_type; })
      .def_readonly("seq_len_tokens", &PyModel::seq_len_tokens)
      .def_property_readonly("num_layers", [](const PyModel& p) { return p.model.num_layers; })
      .def_property_readonly("hidden_size", [](const PyModel& p) { return p.model.hidden_size; })
      .def_property_readonly("vocab_size", [](const PyModel& p) { return p.model.vocab_size; })
      .def_property_readonly("num_heads", [](const PyModel& p) { return p.model.attention.num_heads; })
      .def_property_readonly("num_kv_heads", [](const PyModel& p) { return p.model.attention.num_kv_heads; })
      .def_property_readonly("attention_kind",
                             [](const PyModel& p) { return std::string(to_string(p.model.attention.kind)); })
      .def_property_readonly("is_moe", [](const PyModel& p) { return p.model.moe.has_value(); })
      .def_property_readonly("mtp_depth", [](const PyModel& p) { return p.model.mtp_depth; })
      .def_property_readonly("max_position_embeddings",
                             [](const PyModel& p) -> py::object {
                               if (!p.model.max_position_embeddings) return py::none();
                               return py::int_(*p.model.max_position_embeddings);
                             })
      .def_property_readonly("warnings", [](const PyModel& p) { return p.model.warnings; })
      .def_property_readonly("params_total", [](const PyModel& p) { return raw(total_params(p.model)); })
      .def_property_readonly("params_active", [](const PyModel& p) { return raw(active_params(p.model)); })
      .def_property_readonly("params_total_with_mtp",
                             [](const PyModel& p) { return raw(param_breakdown(p.model).total_with_mtp()); })
      .def_property_readonly("params_breakdown",
                             [](const PyModel& p) {
                               py::object d = py::module_::import("json").attr("loads")(
                                   to_json(p.model, token_count(p.seq_len_tokens)));
                               return py::object(d["params_breakdown"]);
                             })
      .def_property_readonly("forward_flop_per_token",
                             [](const PyModel& p) {
                               return raw(forward_flops_per_token(p.model, token_count(p.seq_len_tokens)));
                             })
      .def_property_readonly("training_flop_per_token",
                             [](const PyModel& p) {
                               return raw(training_flops_per_token(p.model, token_count(p.seq_len_tokens)));
                             })
      .def_property_readonly("kv_cache_bytes_per_token_bf16",
                             [](const PyModel& p) { return raw(kv_cache_bytes_per_token(p.model, Precision::bf16)); })
      .def_property_readonly("kv_cache_bytes_per_token_fp8",
                             [](const PyModel& p) { return raw(kv_cache_bytes_per_token(p.model, Precision::fp8)); })
      .def("at_seq_len",
           [](const PyModel& p, Real<"seq_len_tokens"> seq_len_tokens) {
             PyModel q = make(p.model, seq_len_tokens);
             q.imported = p.imported;
             return q;
           },
           py::arg("seq_len_tokens"), "The same model with per-token FLOP attributes at another sequence length.")
      .def("forward_flops_per_token",
           [](const PyModel& p, Real<"seq_len_tokens"> seq_len_tokens, bool causal, bool include_attention,
              bool include_logits) {
             AttentionOptions o{causal, include_attention, include_logits};
             return finite(raw(forward_flops_per_token(p.model, token_count(checked_seq_len(seq_len_tokens)), o)),
                           "forward_flop_per_token", "seq_len_tokens");
           },
           py::arg("seq_len_tokens") = 4096.0, py::arg("causal") = true, py::arg("include_attention") = true,
           py::arg("include_logits") = true, "Forward FLOP per token of the main model [FLOP/tok].")
      .def("training_flops_per_token",
           [](const PyModel& p, Real<"seq_len_tokens"> seq_len_tokens, bool causal, bool include_attention,
              bool include_logits, const std::string& recompute, bool include_mtp) {
             TrainingFlopsOptions o;
             o.attention = AttentionOptions{causal, include_attention, include_logits};
             o.recompute = parse_recompute(recompute);
             o.include_mtp = include_mtp;
             return finite(raw(training_flops_per_token(p.model, token_count(checked_seq_len(seq_len_tokens)), o)),
                           "training_flop_per_token", "seq_len_tokens");
           },
           py::arg("seq_len_tokens") = 4096.0, py::arg("causal") = true, py::arg("include_attention") = true,
           py::arg("include_logits") = true, py::arg("recompute") = "none", py::arg("include_mtp") = true,
           "Training FLOP per token [FLOP/tok]; recompute: none | selective | full.")
      .def("kv_cache_bytes_per_token",
           [](const PyModel& p, const std::string& dtype) {
             return raw(kv_cache_bytes_per_token(p.model, parse_precision(dtype)));
           },
           py::arg("dtype") = "bf16", "KV-cache bytes per token of context, all layers [B/tok].")
      .def("weight_bytes",
           [](const PyModel& p, const std::string& dtype) { return raw(weight_bytes(p.model, parse_precision(dtype))); },
           py::arg("dtype") = "bf16", "Main-model weight bytes at `dtype` [B].")
      .def("training_state_bytes",
           [](const PyModel& p, const std::string& layout) {
             return raw(training_state_bytes(p.model, parse_layout(layout)));
           },
           py::arg("layout") = "mixed_precision_adam",
           "Weights + gradients + optimizer state, all parameters incl. MTP [B]; layout: mixed_precision_adam (16 "
           "B/param) | deepseek_v3 (14 B/param).")
      .def("to_dict",
           [](const PyModel& p) {
             return py::module_::import("json").attr("loads")(to_json(p.model, token_count(p.seq_len_tokens)));
           },
           "The same dict as `llmcost model show NAME --format json`.")
      .def("__repr__", [](const PyModel& p) { return "<llmcost.Model " + p.model.name + ">"; });

  m.def("model",
        [](const std::string& name, Real<"seq_len_tokens"> seq_len_tokens) {
          return make(model_preset(name), seq_len_tokens);
        },
        py::arg("name"), py::arg("seq_len_tokens") = 4096.0,
        "The built-in preset `name` (or alias, case-insensitive). KeyError [llmcost.model.unknown_preset] with the "
        "closest matches when unknown.");
  m.def("model_names", [] { return model_preset_names(); }, "Names of the built-in model presets.");
  m.def("model_types",
        [] {
          py::list out;
          for (const auto& t : hf_model_types()) {
            py::dict d;
            d["model_type"] = t.model_type;
            d["supported"] = t.supported;
            d["reader"] = t.reader;
            d["source"] = t.source;
            d["missing"] = t.missing;
            out.append(d);
          }
          return out;
        },
        "The Hugging Face model_types of data/hf_model_types.toml (as `llmcost model types --format json`): "
        "model_type, supported, reader, source, missing (the piece not modelled, for refused types).");
}

}  // namespace llmcost::python
