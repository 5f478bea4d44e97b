// Bindings for llmcost/estimate/training.hpp, efficiency.hpp and claims/claim.hpp (scalar).
#include "pybind11_prelude.hpp"

#include <optional>
#include <string>

#include "llmcost/claims/claim.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::python {
namespace {

py::object json_loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

/// The result check at the Python boundary: every total is a finite number, else the inputs
/// named in `inputs` are too large together (out_of_domain [llmcost.training.overflow]).
void require_finite_totals(const TrainingEstimate& e, const std::string& inputs) {
  const PhaseEstimate& t = e.total;
  const std::string tag = "llmcost.training.overflow";
  auto check = [&](double x, const char* what) { detail::require_finite_result(x, what, inputs, tag); };
  check(detail::to_raw(t.flops), "flop");
  check(in_gpu_hours(t.gpu_hours), "gpu_hours");
  check(detail::to_raw(t.wall_clock), "wall_clock_s");
  check(detail::to_raw(t.tokens_per_s_per_gpu), "tokens_per_s_per_gpu");
  if (t.implied_mfu_bf16) check(detail::to_raw(*t.implied_mfu_bf16), "implied_mfu_bf16");
  if (t.implied_mfu_fp8) check(detail::to_raw(*t.implied_mfu_fp8), "implied_mfu_fp8");
  check(detail::to_raw(t.cost.rental), "rental_usd");
  check(detail::to_raw(t.cost.hardware), "hardware_usd");
  check(detail::to_raw(t.cost.capital), "capital_usd");
  check(detail::to_raw(t.cost.power), "power_usd");
  check(detail::to_raw(t.cost.facility), "facility_usd");
  check(detail::to_raw(t.cost.maintenance), "maintenance_usd");
  check(detail::to_raw(t.cost.total()), "cost_usd");
}

}  // namespace

void register_training(py::module_& m) {
  py::class_<TrainingEstimate>(m, "TrainingEstimate", R"doc(
Result of `estimate_training`: totals as float attributes (units in the names) and the full
per-phase breakdown via `to_dict()` (same JSON as the C++ `to_json`).
)doc")
      .def_property_readonly("gpu_hours", [](const TrainingEstimate& e) { return in_gpu_hours(e.total.gpu_hours); })
      .def_property_readonly("flop", [](const TrainingEstimate& e) { return detail::to_raw(e.total.flops); })
      .def_property_readonly("cost_usd", [](const TrainingEstimate& e) { return detail::to_raw(e.total.cost.total()); })
      .def_property_readonly("wall_clock_s", [](const TrainingEstimate& e) { return detail::to_raw(e.total.wall_clock); })
      .def_property_readonly("wall_clock_days", [](const TrainingEstimate& e) { return in_days(e.total.wall_clock); })
      .def_property_readonly("implied_mfu_bf16", [](const TrainingEstimate& e) -> py::object {
        return e.total.implied_mfu_bf16 ? py::object(py::float_(detail::to_raw(*e.total.implied_mfu_bf16))) : py::none();
      })
      .def_property_readonly("implied_mfu_fp8", [](const TrainingEstimate& e) -> py::object {
        return e.total.implied_mfu_fp8 ? py::object(py::float_(detail::to_raw(*e.total.implied_mfu_fp8))) : py::none();
      })
      .def_property_readonly("tokens_per_s_per_gpu",
                             [](const TrainingEstimate& e) { return detail::to_raw(e.total.tokens_per_s_per_gpu); })
      .def("to_dict", [](const TrainingEstimate& e) { return json_loads(to_json(e)); })
      .def("__repr__", [](const TrainingEstimate& e) {
        return "<llmcost.TrainingEstimate " + std::to_string(in_gpu_hours(e.total.gpu_hours)) + " GPU-h, $" +
               std::to_string(detail::to_raw(e.total.cost.total())) + ">";
      });

  m.def(
      "estimate_training",
      [](Real<"tokens"> tokens, Real<"training_flop_per_token"> training_flop_per_token, Real<"gpus"> gpus,
         const std::string& chip_name, Real<"seq_len"> seq_len, const std::string& precision,
         std::optional<Real<"mfu">> mfu, const std::string& mfu_precision,
         std::optional<Real<"tokens_per_s_per_gpu">> tokens_per_s_per_gpu,
         std::optional<Real<"gpu_hours">> gpu_hours_given, Real<"goodput"> goodput,
         std::optional<Real<"price_usd_per_gpu_hour">> price_usd_per_gpu_hour, std::optional<OwnershipTco> tco,
         const CatalogArg& catalog) {
        const int given = (mfu ? 1 : 0) + (tokens_per_s_per_gpu ? 1 : 0) + (gpu_hours_given ? 1 : 0);
        LLMCOST_REQUIRE(given == 1, invalid_input, "llmcost.training.efficiency",
                        "give exactly one of mfu=, tokens_per_s_per_gpu=, gpu_hours= (got ", given, ")");
        LLMCOST_REQUIRE((price_usd_per_gpu_hour ? 1 : 0) + (tco ? 1 : 0) == 1, invalid_input,
                        "llmcost.training.pricing", "give exactly one of price_usd_per_gpu_hour= or tco=");
        TrainingRun run;
        run.cluster = Cluster{catalog.find(chip_name), gpu_count(gpus)};
        run.phases = {{"training", token_count(tokens), token_count(seq_len), parse_precision(precision),
                       flop_per_token(training_flop_per_token), std::nullopt}};
        std::string inputs = "tokens, training_flop_per_token, gpus, ";
        if (mfu) {
          run.efficiency = Mfu{ratio(*mfu), parse_precision(mfu_precision)};
          inputs += "mfu, goodput";
        } else if (tokens_per_s_per_gpu) {
          run.efficiency = MeasuredThroughput{tokens_per_s(*tokens_per_s_per_gpu)};
          inputs += "tokens_per_s_per_gpu, goodput";
        } else {
          run.efficiency = GivenGpuHours{gpu_hours(*gpu_hours_given)};
          inputs += "gpu_hours";
        }
        run.goodput = ratio(goodput);
        inputs += tco ? ", tco" : ", price_usd_per_gpu_hour";
        const TrainingEstimate e = tco ? estimate_training(run, *tco)
                                       : estimate_training(run, rental_pricing(usd_per_gpu_hour(*price_usd_per_gpu_hour)));
        require_finite_totals(e, inputs);
        return e;
      },
      py::kw_only(), py::arg("tokens"), py::arg("training_flop_per_token"), py::arg("gpus"),
      py::arg("chip") = "H800", py::arg("seq_len") = 4096.0, py::arg("precision") = "bf16",
      py::arg("mfu") = py::none(), py::arg("mfu_precision") = "bf16", py::arg("tokens_per_s_per_gpu") = py::none(),
      py::arg("gpu_hours") = py::none(), py::arg("goodput") = 1.0, py::arg("price_usd_per_gpu_hour") = py::none(),
      py::arg("tco") = py::none(), py::arg("catalog") = py::none(),
      R"doc(Training cost of one phase: tokens [tok] × training_flop_per_token [FLOP/tok] on `gpus` × `chip`.
Efficiency: exactly one of mfu (against the dense peak of mfu_precision), tokens_per_s_per_gpu, gpu_hours
(billed, goodput not applied). Pricing: exactly one of price_usd_per_gpu_hour or tco (an OwnershipTco).
`chip` is looked up in `catalog` (llmcost.load_catalog(path), a path, or None for the built-in one).
ValueError with a [llmcost.training.*] tag on bad input; FP8 on an A100 → [llmcost.hardware.unsupported_precision];
TypeError [llmcost.python.type] for a bool, string or complex number.)doc");

  m.def("predict_mfu", [](const std::string& chip_name, Real<"active_params"> active_params,
                          std::optional<Real<"gpus">> gpus, const CatalogArg& catalog) {
          const MfuPrediction p = predict_mfu(catalog.find(chip_name), param_count(active_params),
                                              gpus ? std::optional<Gpus>(gpu_count(*gpus)) : std::nullopt);
          const std::string inputs = gpus ? "active_params, gpus" : "active_params";
          py::dict d;
          d["mfu"] = detail::require_finite_result(detail::to_raw(p.mfu), "mfu", inputs, "llmcost.efficiency.overflow");
          d["basis"] = std::string(to_string(p.basis));
          d["extrapolated"] = p.extrapolated;
          return d;
        }, py::arg("chip"), py::arg("active_params"), py::arg("gpus") = py::none(), py::arg("catalog") = py::none(),
        "Default efficiency model: whole-run MFU (dense BF16 basis) for a model with `active_params` on `chip`.");
  m.def("validate_training", [] {
          py::list out;
          for (const auto& r : validate_training()) {
            py::dict d;
            d["id"] = r.id;
            d["model"] = r.model;
            d["chip"] = r.chip;
            d["published_gpu_hours"] = in_gpu_hours(r.published);
            d["predicted_gpu_hours"] = in_gpu_hours(r.predicted);
            d["predicted_mfu"] = detail::to_raw(r.predicted_mfu);
            d["error"] = detail::to_raw(r.error);
            d["source"] = r.source.citation;
            d["grade"] = std::string(to_string(r.source.grade));
            out.append(d);
          }
          return out;
        }, "The efficiency model's calibration runs: published vs predicted GPU-hours (error = predicted/published − 1).");
}

}  // namespace llmcost::python
