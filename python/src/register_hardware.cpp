// Bindings for llmcost/hardware: Accelerator, chips(), chip(name), load_catalog(path).
#include "pybind11_prelude.hpp"

#include "llmcost/hardware/catalog.hpp"

namespace llmcost::python {
namespace {

py::object json_loads(const std::string& s) { return py::module_::import("json").attr("loads")(s); }

// One key of the accelerator's JSON dict (materialised: an accessor would dangle).
py::object json_field(const Accelerator& a, const char* key) {
  py::object d = json_loads(to_json(a));
  return py::object(d[key]);
}

template <class Q>
py::object opt_value(const std::optional<Sourced<Q>>& f) {
  if (!f) return py::none();
  return py::float_(detail::to_raw(f->value));
}

}  // namespace

void register_hardware(py::module_& m) {
  py::class_<Accelerator>(m, "Accelerator", R"doc(
An accelerator from the llmcost catalog. Numbers are floats in SI base units, named
with their unit (peak_bf16_flop_per_s, hbm_bandwidth_bytes_per_s, tdp_w); None means
unsupported or unknown. Peaks are dense; bandwidths bidirectional per GPU.
`sources` maps each field to its citation, url, grade and note.
)doc")
      .def_readonly("id", &Accelerator::id)
      .def_readonly("full_name", &Accelerator::full_name)
      .def_readonly("vendor", &Accelerator::vendor)
      .def_readonly("aliases", &Accelerator::aliases)
      .def_property_readonly("launch_year",
                             [](const Accelerator& a) -> py::object {
                               return a.launch_year ? py::object(py::int_(a.launch_year->value)) : py::none();
                             })
      .def_property_readonly("gpus_per_node",
                             [](const Accelerator& a) -> py::object {
                               return a.gpus_per_node ? py::object(py::int_(a.gpus_per_node->value)) : py::none();
                             })
      .def_property_readonly("peak_fp64_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[0]); })
      .def_property_readonly("peak_tf32_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[1]); })
      .def_property_readonly("peak_bf16_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[2]); })
      .def_property_readonly("peak_fp16_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[3]); })
      .def_property_readonly("peak_fp8_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[4]); })
      .def_property_readonly("peak_int8_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[5]); })
      .def_property_readonly("peak_fp4_flop_per_s", [](const Accelerator& a) { return opt_value(a.peak[6]); })
      .def_property_readonly("hbm_capacity_bytes", [](const Accelerator& a) { return opt_value(a.hbm_capacity); })
      .def_property_readonly("hbm_bandwidth_bytes_per_s",
                             [](const Accelerator& a) { return opt_value(a.hbm_bandwidth); })
      .def_property_readonly("scale_up_bandwidth_bytes_per_s",
                             [](const Accelerator& a) { return opt_value(a.scale_up_bandwidth); })
      .def_property_readonly("scale_out_bandwidth_bytes_per_s",
                             [](const Accelerator& a) { return opt_value(a.scale_out_bandwidth); })
      .def_property_readonly("tdp_w", [](const Accelerator& a) { return opt_value(a.tdp); })
      .def_property_readonly("rental_usd_per_gpu_hour",
                             [](const Accelerator& a) { return json_field(a, "rental_usd_per_gpu_hour"); })
      .def_property_readonly("purchase_usd_per_gpu",
                             [](const Accelerator& a) { return json_field(a, "purchase_usd_per_gpu"); })
      .def_property_readonly("sources", [](const Accelerator& a) { return json_field(a, "sources"); })
      .def("peak_flop_per_s", [](const Accelerator& a, const std::string& precision) {
             return detail::to_raw(a.require_peak(parse_precision(precision)));
           }, py::arg("precision"),
           "Dense peak [FLOP/s] at `precision` (fp64, tf32, bf16, fp16, fp8, int8, fp4); ValueError if absent.")
      .def("supports", [](const Accelerator& a, const std::string& precision) {
             return a.supports(parse_precision(precision));
           }, py::arg("precision"))
      .def("to_dict", [](const Accelerator& a) { return json_loads(to_json(a)); },
           "The same dict as `llmcost chips show NAME --format json`.")
      .def("__repr__", [](const Accelerator& a) { return "<llmcost.Accelerator " + a.id + ">"; });

  m.def("chips", [] { return Catalog::builtin().all(); },
        "Every accelerator in the built-in catalog (data/accelerators.toml).");
  m.def("chip", [](const std::string& name) { return Catalog::builtin().find(name); }, py::arg("name"),
        "The accelerator called `name` (id or alias, case-insensitive). KeyError [llmcost.catalog.unknown_chip] "
        "with the closest matches when unknown.");
  m.def("load_catalog", [](const std::string& path) {
          return Catalog::builtin().merged(Catalog::from_file(path)).all();
        }, py::arg("path"),
        "The built-in catalog merged with the TOML file at `path`; ValueError listing every problem.");
}

}  // namespace llmcost::python
