// Bindings for llmcost/estimate/training.hpp, training_request.hpp and efficiency.hpp: the scalar calls
// and the numpy batches of estimate_training.
#include "columns.hpp"  // the prelude, numpy columns and the batch helpers

#include <pybind11/numpy.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <string>

#include "document.hpp"
#include "py_model.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/estimate/training_request.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::python {
namespace {


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

/// The keyword arguments of estimate_training as given (numbers by name), shared by the scalar
/// call and the array loop so that one element is the scalar call by construction.
struct TrainingArgs {
  std::string model, hf_config, chip, mfu_precision = "bf16";
  std::optional<std::string> precision, schedule, recompute;
  std::map<std::string, double> num;  ///< the numeric arguments that were given
  std::optional<OwnershipTco> tco;
  std::optional<Transformer> transformer;                        ///< model= a llmcost.Model
  std::optional<bool> flash_attention, dropout, sequence_parallel;  ///< layout switches
  [[nodiscard]] std::optional<double> get(const std::string& k) const {
    auto it = num.find(k);
    return it == num.end() ? std::nullopt : std::optional<double>(it->second);
  }
};

// The numeric keywords: the layout's counts are whole numbers.
constexpr const char* kLayoutCounts[] = {"tp", "pp", "dp", "ep", "cp", "virtual_stages", "micro_batch_size",
                                         "zero_stage"};

/// The library request the arguments state (the library resolves every default).
TrainingRequest request_of(const TrainingArgs& a) {
  TrainingRequest r;
  r.model = a.model;
  r.hf_config = a.hf_config;
  r.transformer = a.transformer;
  r.chip = a.chip;
  r.gpus = gpu_count(*a.get("gpus"));
  r.tokens = token_count(*a.get("tokens"));
  if (auto v = a.get("training_flop_per_token")) r.training_flop_per_token = flop_per_token(*v);
  if (auto v = a.get("active_params")) r.active_params = param_count(*v);
  if (auto v = a.get("seq_len")) r.seq_len = token_count(*v);
  if (a.precision) r.precision = parse_precision(*a.precision);
  const auto mfu = a.get("mfu"), tps = a.get("tokens_per_s_per_gpu"), gh = a.get("gpu_hours");
  const int given = (mfu ? 1 : 0) + (tps ? 1 : 0) + (gh ? 1 : 0);
  LLMCOST_REQUIRE(given <= 1, invalid_input, "llmcost.training.efficiency",
                  "give at most one of mfu=, tokens_per_s_per_gpu=, gpu_hours= (got ", given, ")");
  if (mfu) r.efficiency = Mfu{ratio(*mfu), parse_precision(a.mfu_precision)};
  if (tps) r.efficiency = MeasuredThroughput{tokens_per_s(*tps)};
  if (gh) r.efficiency = GivenGpuHours{gpu_hours(*gh)};
  if (auto v = a.get("goodput")) r.goodput = ratio(*v);
  if (auto v = a.get("price_usd_per_gpu_hour")) r.price = usd_per_gpu_hour(*v);
  r.tco = a.tco;
  bool layout = a.schedule || a.recompute;
  for (const char* k : kLayoutCounts) layout = layout || a.get(k);
  // The workload keywords feed the prediction (the search, or a stated layout); a stated efficiency
  // leaves nothing to predict.
  bool workload = a.flash_attention || a.dropout || a.sequence_parallel;
  for (const char* k : {"global_batch_tokens", "max_nodes_per_token", "scale_out_per_direction_bytes_per_s"})
    workload = workload || a.get(k);
  const bool stated_efficiency = r.efficiency.has_value();
  if (layout || (workload && !stated_efficiency)) {
    LayoutRequest l;
    auto count = [&](const char* k, double lo, double hi) -> std::optional<int> {
      const auto v = a.get(k);
      if (!v) return std::nullopt;
      return static_cast<int>(detail::require_whole(*v, lo, hi, k, "llmcost.training.invalid"));
    };
    l.tp = count("tp", 1, detail::kMaxGpus);
    l.pp = count("pp", 1, detail::kMaxGpus);
    l.dp = count("dp", 1, detail::kMaxGpus);
    l.ep = count("ep", 1, detail::kMaxGpus);
    l.cp = count("cp", 1, detail::kMaxGpus);
    l.virtual_stages = count("virtual_stages", 1, 1e4);
    l.micro_batch_size = count("micro_batch_size", 1, 1e6);
    l.zero_stage = count("zero_stage", 0, 3);
    if (a.schedule) l.schedule = parse_pipeline_schedule(*a.schedule);
    if (a.recompute) l.recompute = parse_recompute(*a.recompute);
    if (auto v = a.get("global_batch_tokens")) l.global_batch_tokens = token_count(*v);
    if (auto v = a.get("max_nodes_per_token"))
      l.max_nodes_per_token = static_cast<int>(detail::require_whole(*v, 0, 1e6, "max_nodes_per_token",
                                                                     "llmcost.training.invalid"));
    if (auto v = a.get("scale_out_per_direction_bytes_per_s")) l.scale_out_per_direction = bytes_per_s(*v);
    l.flash_attention = a.flash_attention;
    l.dropout = a.dropout;
    l.sequence_parallel = a.sequence_parallel;
    r.layout = l;
  } else {
    std::string unused;
    for (const char* k : {"global_batch_tokens", "max_nodes_per_token", "scale_out_per_direction_bytes_per_s"})
      if (a.get(k)) unused += (unused.empty() ? "" : ", ") + std::string(k) + "=";
    for (const auto& [v, k] : {std::pair{a.flash_attention, "flash_attention"}, {a.dropout, "dropout"},
                               {a.sequence_parallel, "sequence_parallel"}})
      if (v) unused += (unused.empty() ? "" : ", ") + std::string(k) + "=";
    LLMCOST_REQUIRE(unused.empty(), invalid_input, "llmcost.training.layout", unused,
                    " only apply to the step-time prediction, which a stated efficiency (mfu=, "
                    "tokens_per_s_per_gpu=, gpu_hours=) replaces");
  }
  return r;
}

/// The numeric keyword arguments that were given, by name.
void put(TrainingArgs& a, std::initializer_list<std::pair<const char*, std::optional<double>>> named) {
  for (const auto& [k, v] : named)
    if (v) a.num[k] = *v;
}

py::object optional_float(const std::optional<Ratio>& r) {
  return r ? py::object(py::float_(detail::to_raw(*r))) : py::none();
}

/// The arrays a training batch can compute, in the order of the cost breakdown.
constexpr const char* kTrainingOutputs[] = {"flop", "gpu_hours", "wall_clock_s", "wall_clock_days",
                                            "tokens_per_s_per_gpu", "implied_mfu_bf16", "implied_mfu_fp8",
                                            "cost_usd", "rental_usd", "hardware_usd", "capital_usd", "power_usd",
                                            "facility_usd", "maintenance_usd"};

/// Each requested output is one of kTrainingOutputs or "all", and at least one is requested.
void check_training_outputs(const std::vector<std::string>& outputs) {
  for (const auto& want : outputs) {
    LLMCOST_REQUIRE(want == "all" || std::find(std::begin(kTrainingOutputs), std::end(kTrainingOutputs), want) !=
                                         std::end(kTrainingOutputs),
                    invalid_input, "llmcost.python.outputs", "unknown output \"", want,
                    "\"; choose from flop, gpu_hours, wall_clock_s, wall_clock_days, tokens_per_s_per_gpu, "
                    "implied_mfu_bf16, implied_mfu_fp8, cost_usd, rental_usd, hardware_usd, capital_usd, power_usd, "
                    "facility_usd, maintenance_usd, all");
  }
  LLMCOST_REQUIRE(!outputs.empty(), invalid_input, "llmcost.python.outputs",
                  "outputs is empty; choose from flop, gpu_hours, wall_clock_s, wall_clock_days, tokens_per_s_per_gpu, "
                  "implied_mfu_bf16, implied_mfu_fp8, cost_usd, rental_usd, hardware_usd, capital_usd, power_usd, "
                  "facility_usd, maintenance_usd, all");
}

py::dict estimate_training_batch(const std::string& chip_name, const std::string& precision,
                                 const std::string& mfu_precision, const std::string& efficiency_kind,
                                 const py::dict& inputs, std::size_t n, const std::optional<OwnershipTco>& tco,
                                 const std::vector<std::string>& outputs, const py::dict& out_buffers,
                                 const CatalogArg& catalog) {
  const Accelerator& a = catalog.find(chip_name);
  (void)a.require_peak(parse_precision(precision));  // the chip must support the phase's precision
  LLMCOST_REQUIRE(efficiency_kind == "mfu" || efficiency_kind == "tokens_per_s_per_gpu" ||
                      efficiency_kind == "gpu_hours",
                  invalid_input, "llmcost.training.efficiency", "unknown efficiency kind ", efficiency_kind);
  const Columns c(inputs, n);
  const std::string tag = detail::kTrainingTag;
  whole(c, "gpus", 1, detail::kMaxGpus, tag);
  c.validate("goodput", is_efficiency,
             [](double x, const std::string& w) { detail::require_efficiency(x, w, "llmcost.training.goodput"); });
  in_range(c, "tokens", 1, detail::kMaxRunTokens, tag);
  whole(c, "seq_len", 1, detail::kMaxSeqLen, tag);
  in_range(c, "training_flop_per_token", 1, detail::kMaxFlopsPerToken, tag);
  double peak_flop_per_s = 0;
  if (efficiency_kind == "mfu") {
    c.validate("mfu", is_efficiency,
               [](double x, const std::string& w) { detail::require_efficiency(x, w, "llmcost.training.mfu"); });
    peak_flop_per_s = detail::to_raw(a.require_peak(parse_precision(mfu_precision)));
  } else if (efficiency_kind == "tokens_per_s_per_gpu") {
    in_range(c, "tokens_per_s_per_gpu", kMinThroughput, detail::kMaxTokensPerSecondPerGpu,
             "llmcost.training.throughput");
  } else {
    in_range(c, "gpu_hours", kMinGpuHours, detail::kMaxGpuHours, "llmcost.training.gpu_hours");
  }
  std::optional<TcoBreakdown> tco_rates;
  if (tco) {
    tco_rates = tco_per_gpu_hour(*tco);
  } else {
    positive_up_to(c, "price_usd_per_gpu_hour", detail::kMaxPriceUsdPerGpuHour, "llmcost.pricing.invalid_price");
  }
  const auto* bf16 = a.peak_at(Precision::bf16);
  const auto* fp8 = a.peak_at(Precision::fp8);
  const double bf16_flop_per_s = bf16 ? detail::to_raw(bf16->value) : 0.0;
  const double fp8_flop_per_s = fp8 ? detail::to_raw(fp8->value) : 0.0;

  const Col tokens = c.col("tokens"), fpt = c.col("training_flop_per_token"), gpus = c.col("gpus"),
            goodput = c.col("goodput"), eff = c.col(efficiency_kind);
  const Col price = tco ? Col{} : c.col("price_usd_per_gpu_hour");
  const auto& names = kTrainingOutputs;
  constexpr std::size_t kOut = std::size(kTrainingOutputs);
  // Only the requested outputs are allocated: on large calls, first-touching fresh output pages
  // costs more than the arithmetic. Unrequested outputs go to a scratch value (o[k] with stride 0).
  std::vector<py::array_t<double>> outs(kOut);
  double scratch = 0;
  std::vector<double*> o(kOut, &scratch);
  std::vector<std::size_t> os(kOut, 0);
  const bool all = std::find(outputs.begin(), outputs.end(), "all") != outputs.end();
  check_training_outputs(outputs);
  for (std::size_t k = 0; k < kOut; ++k) {
    const bool requested = all || std::find(outputs.begin(), outputs.end(), names[k]) != outputs.end();
    if ((k == 5 && !bf16) || (k == 6 && !fp8)) {  // the chip has no such peak
      LLMCOST_REQUIRE(all || !requested, invalid_input, "llmcost.python.outputs", "output ", names[k],
                      " does not exist for ", a.id, ": it has no ", k == 5 ? "BF16" : "FP8", " peak");
      continue;
    }
    if (requested) {
      if (out_buffers.contains(names[k])) {
        // A caller's buffer (python/llmcost/_vectorised.py checked shape, dtype, contiguity and
        // aliasing): writing into reused memory avoids first-touch page faults, which serialise
        // concurrent calls in the kernel's memory manager.
        const py::object buf = out_buffers[names[k]];
        using OutArray = py::array_t<double, py::array::c_style>;
        LLMCOST_REQUIRE(py::isinstance<OutArray>(buf), invalid_input, "llmcost.python.out",
                        "out[\"", names[k], "\"] must be a C-contiguous float64 array");
        outs[k] = py::reinterpret_borrow<py::array_t<double>>(buf);  // the same object, no copy
        LLMCOST_REQUIRE(static_cast<std::size_t>(outs[k].size()) == n && outs[k].writeable(), invalid_input,
                        "llmcost.python.out", "out[\"", names[k], "\"] must be writeable with ", n, " elements");
      } else {
        outs[k] = out_array(n);
      }
      o[k] = outs[k].mutable_data();
      os[k] = 1;
    }
  }
  // The first element with a non-finite output (n when none) and that output's name.
  std::size_t bad = n;
  const char* bad_output = "";
  {
    // Safe without the GIL: only the raw double buffers converted/allocated above (kept alive
    // by `c` and `outs`) and C++ values are touched; no Python object is read or written.
    py::gil_scoped_release release;
    const int kind = efficiency_kind == "mfu" ? 0 : efficiency_kind == "gpu_hours" ? 2 : 1;
    for (std::size_t i = 0; i < n; ++i) {
      // The training chain's kernels (llmcost/estimate/training.hpp), as estimate_training() for one phase.
      const double tok = tokens[i];
      const double flops = kernels::training_flop(tok, fpt[i]);
      double gpu_s = 0;
      if (kind == 0) {
        gpu_s = kernels::gpu_seconds_at_mfu(flops, eff[i], peak_flop_per_s, goodput[i]);
      } else if (kind == 1) {
        gpu_s = kernels::gpu_seconds_at_throughput(tok, eff[i], goodput[i]);
      } else {
        gpu_s = detail::to_raw(gpu_hours(eff[i]));
      }
      const GpuHours h = detail::from_raw<GpuHours>(gpu_s);
      const double gpu_h = in_gpu_hours(h);
      const Seconds wall = seconds(kernels::wall_clock_seconds(gpu_s, gpus[i]));
      const double tokens_per_gpu_s = tok / gpu_s;
      const double mfu_bf16 = bf16 ? kernels::implied_mfu(flops, gpu_s, bf16_flop_per_s) : 0.0;
      const double mfu_fp8 = fp8 ? kernels::implied_mfu(flops, gpu_s, fp8_flop_per_s) : 0.0;
      o[0][i * os[0]] = flops;
      o[1][i * os[1]] = gpu_h;
      o[2][i * os[2]] = detail::to_raw(wall);
      o[3][i * os[3]] = in_days(wall);
      o[4][i * os[4]] = tokens_per_gpu_s;
      o[5][i * os[5]] = bf16 ? mfu_bf16 : std::nan("");
      o[6][i * os[6]] = fp8 ? mfu_fp8 : std::nan("");
      CostBreakdown cost;
      if (tco_rates) {
        cost.hardware = h * tco_rates->hardware;
        cost.capital = h * tco_rates->capital;
        cost.power = h * tco_rates->power;
        cost.facility = h * tco_rates->facility;
        cost.maintenance = h * tco_rates->maintenance;
      } else {
        cost.rental = h * usd_per_gpu_hour(price[i]);
      }
      const double total = detail::to_raw(cost.total());
      o[7][i * os[7]] = total;
      o[8][i * os[8]] = detail::to_raw(cost.rental);
      o[9][i * os[9]] = detail::to_raw(cost.hardware);
      o[10][i * os[10]] = detail::to_raw(cost.capital);
      o[11][i * os[11]] = detail::to_raw(cost.power);
      o[12][i * os[12]] = detail::to_raw(cost.facility);
      o[13][i * os[13]] = detail::to_raw(cost.maintenance);
      // The output check (as the scalar estimator's): every value of the element, requested or
      // not. All are >= 0 (the inputs are positive), so one finite sum clears the element.
      const double values[] = {flops, gpu_h, detail::to_raw(wall), tokens_per_gpu_s, mfu_bf16, mfu_fp8, total};
      if (!std::isfinite(flops + gpu_h + detail::to_raw(wall) + tokens_per_gpu_s + mfu_bf16 + mfu_fp8 + total)) {
        const char* value_names[] = {"flop", "gpu_hours", "wall_clock_s", "tokens_per_s_per_gpu", "implied_mfu_bf16",
                                     "implied_mfu_fp8", "cost_usd"};
        for (std::size_t v = 0; v < std::size(values) && bad == n; ++v) {
          if (!std::isfinite(values[v])) {
            bad = i;
            bad_output = value_names[v];
          }
        }
      }
      if (bad != n) break;
    }
  }
  if (bad != n) {
    const std::string goodput_name = efficiency_kind == "gpu_hours" ? "" : "goodput";  // not applied to GPU-hours
    const std::string named = c.elements(
        {"tokens", "training_flop_per_token", "gpus", efficiency_kind, goodput_name, "price_usd_per_gpu_hour"}, bad);
    detail::require_finite_result(std::nan(""), bad_output, named + (tco ? ", tco" : ""), "llmcost.training.overflow");
  }
  py::dict d;
  for (std::size_t k = 0; k < kOut; ++k) {
    if (os[k] != 0) d[names[k]] = outs[k];
  }
  return d;
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

  py::class_<TrainingResult> training_result(m, "TrainingResult", R"doc(
Result of `estimate_training`: what was resolved (model, FLOP basis, efficiency, price, the defaults
that stood in for what was not given) and the totals as float attributes with units in the names.
`to_dict()` is the document `llmcost estimate training --format json` prints.
)doc");
  training_result
      .def_property_readonly("model", [](const TrainingResult& r) -> py::object {
        return r.model.empty() ? py::none() : py::object(py::str(r.model));
      })
      .def_property_readonly("chip", [](const TrainingResult& r) { return r.chip; })
      .def_property_readonly("flop", [](const TrainingResult& r) { return detail::to_raw(r.estimate.total.flops); })
      .def_property_readonly("training_flop_per_token",
                             [](const TrainingResult& r) { return detail::to_raw(r.training_flop_per_token); })
      .def_property_readonly("gpu_hours", [](const TrainingResult& r) { return in_gpu_hours(r.estimate.total.gpu_hours); })
      .def_property_readonly("gpu_hours_p10", [](const TrainingResult& r) {
        return in_gpu_hours(r.prediction ? r.prediction->p10.gpu_hours : r.estimate.total.gpu_hours);
      })
      .def_property_readonly("gpu_hours_p90", [](const TrainingResult& r) {
        return in_gpu_hours(r.prediction ? r.prediction->p90.gpu_hours : r.estimate.total.gpu_hours);
      })
      .def_property_readonly("prediction", [](const TrainingResult& r) {
        const py::object d = json_loads(to_json(r));
        return py::object(d["prediction"]);  // None unless the efficiency was predicted
      })
      .def_property_readonly("wall_clock_s",
                             [](const TrainingResult& r) { return detail::to_raw(r.estimate.total.wall_clock); })
      .def_property_readonly("wall_clock_days", [](const TrainingResult& r) { return in_days(r.estimate.total.wall_clock); })
      .def_property_readonly("tokens_per_s_per_gpu",
                             [](const TrainingResult& r) { return detail::to_raw(r.estimate.total.tokens_per_s_per_gpu); })
      .def_property_readonly("implied_mfu_bf16",
                             [](const TrainingResult& r) { return optional_float(r.estimate.total.implied_mfu_bf16); })
      .def_property_readonly("implied_mfu_fp8",
                             [](const TrainingResult& r) { return optional_float(r.estimate.total.implied_mfu_fp8); })
      .def_property_readonly("mfu", [](const TrainingResult& r) -> py::object {
        const auto* m = std::get_if<Mfu>(&r.efficiency);
        return m ? py::object(py::float_(detail::to_raw(m->value))) : py::none();
      })
      .def_property_readonly("cost_usd", [](const TrainingResult& r) -> py::object {
        return r.cost() ? py::object(py::float_(detail::to_raw(*r.cost()))) : py::none();
      })
      .def_property_readonly("price_usd_per_gpu_hour", [](const TrainingResult& r) -> py::object {
        return r.has_cost() ? py::object(py::float_(in_usd_per_gpu_hour(r.estimate.price))) : py::none();
      })
      .def_property_readonly("defaults", [](const TrainingResult& r) {
        const py::object d = json_loads(to_json(r));
        return py::object(d["defaults"]);  // a new reference, not an accessor into a temporary
      })
      .def("__repr__", [](const TrainingResult& r) {
        const auto cost = r.cost();
        return "<llmcost.TrainingResult " + (r.model.empty() ? std::string() : r.model + " on ") + r.chip + ": " +
               std::to_string(in_gpu_hours(r.estimate.total.gpu_hours)) + " GPU-h, " +
               (cost ? "$" + std::to_string(detail::to_raw(*cost)) : std::string("no price")) + ">";
      });
  bind_document(training_result);

  m.def(
      "estimate_training",
      [](Real<"tokens"> tokens, Real<"gpus"> gpus, const std::string& chip, const py::object& model,
         const py::object& hf_config, std::optional<Real<"training_flop_per_token">> fpt,
         std::optional<Real<"active_params">> active, std::optional<Real<"seq_len">> seq_len,
         const std::optional<std::string>& precision, std::optional<Real<"mfu">> mfu, const std::string& mfu_precision,
         std::optional<Real<"tokens_per_s_per_gpu">> tps, std::optional<Real<"gpu_hours">> gh,
         std::optional<Real<"goodput">> goodput, std::optional<Real<"price_usd_per_gpu_hour">> price,
         std::optional<OwnershipTco> tco, std::optional<Real<"tp">> tp, std::optional<Real<"pp">> pp,
         std::optional<Real<"dp">> dp, std::optional<Real<"ep">> ep, std::optional<Real<"cp">> cp,
         const std::optional<std::string>& schedule, std::optional<Real<"virtual_stages">> vs,
         std::optional<Real<"micro_batch_size">> mbs, const std::optional<std::string>& recompute,
         std::optional<Real<"zero_stage">> zero, std::optional<Real<"global_batch_tokens">> gbt,
         std::optional<Real<"max_nodes_per_token">> nodes,
         std::optional<Real<"scale_out_per_direction_bytes_per_s">> scale_out, std::optional<bool> flash_attention,
         std::optional<bool> dropout, std::optional<bool> sequence_parallel, const CatalogArg& catalog) {
        TrainingArgs a;
        const ModelArg m = model_arg(model, hf_config);
        a.model = m.preset;
        a.hf_config = m.hf_config;
        a.transformer = m.transformer;
        a.flash_attention = flash_attention;
        a.dropout = dropout;
        a.sequence_parallel = sequence_parallel;
        a.chip = chip;
        a.precision = precision;
        a.mfu_precision = mfu_precision;
        a.schedule = schedule;
        a.recompute = recompute;
        a.tco = tco;
        auto v = [](const auto& x) { return x ? std::optional<double>(x->value) : std::nullopt; };
        put(a, {{"tokens", tokens.value}, {"gpus", gpus.value}, {"training_flop_per_token", v(fpt)},
            {"active_params", v(active)}, {"seq_len", v(seq_len)}, {"mfu", v(mfu)}, {"tokens_per_s_per_gpu", v(tps)},
            {"gpu_hours", v(gh)}, {"goodput", v(goodput)}, {"price_usd_per_gpu_hour", v(price)}, {"tp", v(tp)},
            {"pp", v(pp)}, {"dp", v(dp)}, {"ep", v(ep)}, {"cp", v(cp)}, {"virtual_stages", v(vs)},
            {"micro_batch_size", v(mbs)}, {"zero_stage", v(zero)}, {"global_batch_tokens", v(gbt)},
            {"max_nodes_per_token", v(nodes)}, {"scale_out_per_direction_bytes_per_s", v(scale_out)}});
        return estimate_training(request_of(a), catalog.get());
      },
      py::kw_only(), py::arg("tokens"), py::arg("gpus"), py::arg("chip"), py::arg("model") = py::none(),
      py::arg("hf_config") = py::none(), py::arg("training_flop_per_token") = py::none(),
      py::arg("active_params") = py::none(), py::arg("seq_len") = py::none(), py::arg("precision") = py::none(),
      py::arg("mfu") = py::none(), py::arg("mfu_precision") = "bf16", py::arg("tokens_per_s_per_gpu") = py::none(),
      py::arg("gpu_hours") = py::none(), py::arg("goodput") = py::none(),
      py::arg("price_usd_per_gpu_hour") = py::none(), py::arg("tco") = py::none(), py::arg("tp") = py::none(),
      py::arg("pp") = py::none(), py::arg("dp") = py::none(), py::arg("ep") = py::none(), py::arg("cp") = py::none(),
      py::arg("schedule") = py::none(), py::arg("virtual_stages") = py::none(),
      py::arg("micro_batch_size") = py::none(), py::arg("recompute") = py::none(), py::arg("zero_stage") = py::none(),
      py::arg("global_batch_tokens") = py::none(), py::arg("max_nodes_per_token") = py::none(),
      py::arg("scale_out_per_direction_bytes_per_s") = py::none(), py::arg("flash_attention") = py::none(),
      py::arg("dropout") = py::none(), py::arg("sequence_parallel") = py::none(), py::arg("catalog") = py::none(),
      R"doc(Training estimate of one run (llmcost/estimate/training_request.hpp); the same request and
defaults as `llmcost estimate training`. See llmcost.estimate_training for the arguments.)doc");

  m.def(
      "_estimate_training_request_batch",
      [](const py::dict& text, std::optional<OwnershipTco> tco, const py::dict& inputs, std::size_t n,
         const std::vector<std::string>& outputs, const CatalogArg& catalog) {
        // Every element is the scalar call on its arguments (one request each); the model is read once.
        TrainingArgs base;
        auto str = [&](const char* k) -> std::optional<std::string> {
          if (!text.contains(k) || text[k].is_none()) return std::nullopt;
          return py::cast<std::string>(text[k]);
        };
        const ModelArg m = model_arg(text.contains("model") ? py::object(text["model"]) : py::object(py::none()),
                                     text.contains("hf_config") ? py::object(text["hf_config"]) : py::object(py::none()));
        base.model = m.preset;
        base.hf_config = m.hf_config;
        base.transformer = m.transformer;
        auto flag = [&](const char* k) -> std::optional<bool> {
          if (!text.contains(k) || text[k].is_none()) return std::nullopt;
          return py::cast<bool>(text[k]);
        };
        base.flash_attention = flag("flash_attention");
        base.dropout = flag("dropout");
        base.sequence_parallel = flag("sequence_parallel");
        base.chip = str("chip").value_or("");
        base.precision = str("precision");
        base.mfu_precision = str("mfu_precision").value_or("bf16");
        base.schedule = str("schedule");
        base.recompute = str("recompute");
        base.tco = tco;
        std::vector<std::pair<std::string, py::array_t<double, py::array::c_style | py::array::forcecast>>> cols;
        for (const auto& [k, v] : inputs)
          cols.emplace_back(py::cast<std::string>(k),
                            py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(v));
        // "all": every output that exists for this chip and pricing.
        check_training_outputs(outputs);
        std::vector<std::string> names = outputs;
        if (std::find(outputs.begin(), outputs.end(), "all") != outputs.end()) {
          const Accelerator& a = catalog.find(base.chip);
          const bool priced = base.tco || inputs.contains("price_usd_per_gpu_hour") || a.rental_price.has_value();
          names.clear();
          for (const std::string k : kTrainingOutputs) {
            const bool peak = k == "implied_mfu_bf16"  ? a.peak_at(Precision::bf16) != nullptr
                              : k == "implied_mfu_fp8" ? a.peak_at(Precision::fp8) != nullptr
                                                       : true;
            const bool cost = k.size() > 4 && k.compare(k.size() - 4, 4, "_usd") == 0;
            if (peak && (priced || !cost)) names.push_back(k);
          }
        }
        std::map<std::string, py::array_t<double>> out;
        for (const auto& name : names) out[name] = py::array_t<double>(static_cast<py::ssize_t>(n));
        std::optional<Transformer> model;
        // The layout search depends only on these inputs: elements that share them share the
        // searched layout, which is then evaluated as a stated layout (the same step estimate, so
        // the same numbers) instead of searched again.
        auto search_key = [](const TrainingArgs& a) {
          std::vector<double> k;
          for (const char* name : {"gpus", "seq_len", "global_batch_tokens", "max_nodes_per_token",
                                   "scale_out_per_direction_bytes_per_s"})
            k.push_back(a.get(name).value_or(-1.0));
          return k;
        };
        std::optional<std::pair<std::vector<double>, Layout>> searched;
        for (std::size_t i = 0; i < n; ++i) {
          TrainingArgs a = base;
          for (const auto& [k, arr] : cols) {
            const auto size = static_cast<std::size_t>(arr.size());
            LLMCOST_REQUIRE(size == n || size == 1, invalid_input, "llmcost.python.broadcast", k, " has ", size,
                            " elements; expected ", n, " or 1");
            a.num[k] = arr.data()[size == 1 ? 0 : i];
          }
          TrainingRequest r = request_of(a);
          if (!model) model = requested_model(r);  // read the preset or config.json once
          if (model) {
            r.model.clear();
            r.hf_config.clear();
            r.transformer = model;
          }
          const bool searches = model && !r.efficiency && !(r.layout && states_layout(*r.layout));
          if (searches && searched && searched->first == search_key(a))
            r.layout = stated_layout(searched->second, r.layout.value_or(LayoutRequest{}));
          TrainingResult e;
          try {
            e = estimate_training(r, catalog.get());
          } catch (...) {
            rethrow_at(std::current_exception(), i);  // the message names the element
          }
          if (searches && e.prediction && e.prediction->searched) searched = std::pair{search_key(a), e.step_time->layout};
          const PhaseEstimate& t = e.estimate.total;
          for (auto& [name, arr] : out) {
            double x = 0;
            if (name == "flop") x = detail::to_raw(t.flops);
            else if (name == "gpu_hours") x = in_gpu_hours(t.gpu_hours);
            else if (name == "wall_clock_s") x = detail::to_raw(t.wall_clock);
            else if (name == "wall_clock_days") x = in_days(t.wall_clock);
            else if (name == "tokens_per_s_per_gpu") x = detail::to_raw(t.tokens_per_s_per_gpu);
            else if (name == "training_flop_per_token") x = detail::to_raw(e.training_flop_per_token);
            else if (name == "mfu") {
              const auto* mf = std::get_if<Mfu>(&e.efficiency);
              LLMCOST_REQUIRE(mf, invalid_input, "llmcost.python.outputs", "output mfu needs an MFU efficiency");
              x = detail::to_raw(mf->value);
            } else if (name == "implied_mfu_bf16" || name == "implied_mfu_fp8") {
              const auto& r2 = name == "implied_mfu_bf16" ? t.implied_mfu_bf16 : t.implied_mfu_fp8;
              LLMCOST_REQUIRE(r2.has_value(), invalid_input, "llmcost.python.outputs", "output ", name,
                              " does not exist for ", e.chip, ": it has no such peak");
              x = detail::to_raw(*r2);
            } else {
              LLMCOST_REQUIRE(e.has_cost(), invalid_input, "llmcost.training.pricing", "output ", name, " needs a price: ",
                              e.chip, " has no rental quote in the catalog; give price_usd_per_gpu_hour= or tco=");
              const CostBreakdown& c = t.cost;
              if (name == "cost_usd") x = detail::to_raw(c.total());
              else if (name == "rental_usd") x = detail::to_raw(c.rental);
              else if (name == "hardware_usd") x = detail::to_raw(c.hardware);
              else if (name == "capital_usd") x = detail::to_raw(c.capital);
              else if (name == "power_usd") x = detail::to_raw(c.power);
              else if (name == "facility_usd") x = detail::to_raw(c.facility);
              else x = detail::to_raw(c.maintenance);
            }
            arr.mutable_data()[i] = x;
          }
        }
        py::dict d;
        for (auto& [name, arr] : out) d[py::str(name)] = std::move(arr);
        return d;
      },
      py::arg("text"), py::arg("tco"), py::arg("inputs"), py::arg("n"), py::arg("outputs"), py::arg("catalog"));

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
  m.def("_estimate_training_batch", &estimate_training_batch, py::arg("chip"), py::arg("precision"),
        py::arg("mfu_precision"), py::arg("efficiency"), py::arg("inputs"), py::arg("n"), py::arg("tco") = py::none(),
        py::arg("outputs") = std::vector<std::string>{"all"}, py::arg("out") = py::dict(),
        py::arg("catalog") = py::none(),
        "Internal: array kernel of estimate_training (use llmcost.estimate_training with numpy arrays).");
}

}  // namespace llmcost::python
