// Bindings for llmcost/hardware: Accelerator, Catalog, chips(), chip(name), load_catalog(path).
#include "document.hpp"

#include <pybind11/stl/filesystem.h>

#include <string>
#include <vector>

#include "llmcost/hardware/catalog.hpp"

namespace llmcost::python {
namespace {


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

/// The built-in catalog merged with the file at `path`, which it remembers (absolute).
UserCatalog load_user_catalog(const std::filesystem::path& path) {
  return UserCatalog{Catalog::builtin().merged(Catalog::from_file(path)), std::filesystem::absolute(path).string()};
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
      .def_property_readonly("matmul_efficiency_bf16",
                             [](const Accelerator& a) { return opt_value(a.matmul_efficiency_bf16); })
      .def_property_readonly("matmul_efficiency_fp8",
                             [](const Accelerator& a) { return opt_value(a.matmul_efficiency_fp8); })
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

  py::class_<UserCatalog>(m, "Catalog", R"doc(
An accelerator catalog: the built-in entries merged with a user's TOML file
(llmcost.load_catalog(path)). A sequence of Accelerators (len, iteration, indexing) with name
lookup (`find`, `in`). Pass it as `catalog=` to every function that takes a chip name and to
Scenario.load / from_toml / from_dict and reproduce. It pickles as its file's path: a copy
(on a Dask worker, say) reads the file again, which must exist at that path.
)doc")
      .def("find", [](const UserCatalog& c, const std::string& name) { return c.catalog.find(name); }, py::arg("name"),
           "The accelerator called `name` (id or alias, case-insensitive). KeyError [llmcost.catalog.unknown_chip] "
           "with the closest matches when unknown.")
      .def("__contains__",
           [](const UserCatalog& c, const std::string& name) { return c.catalog.try_find(name) != nullptr; })
      .def("__len__", [](const UserCatalog& c) { return c.catalog.size(); })
      .def("__getitem__",
           [](const UserCatalog& c, Int<"index", long long> i) {
             const auto n = static_cast<long long>(c.catalog.size());
             const long long k = i < 0 ? i + n : i;
             if (k < 0 || k >= n) {
               throw py::index_error("[llmcost.python.index] index " + std::to_string(i.value) +
                                     " is outside a catalog of " + std::to_string(n) + " accelerators");
             }
             return c.catalog.all()[static_cast<std::size_t>(k)];
           },
           py::arg("index"))
      .def("__iter__",
           [](const UserCatalog& c) { return py::make_iterator(c.catalog.all().begin(), c.catalog.all().end()); },
           py::keep_alive<0, 1>())
      .def_property_readonly("ids", [](const UserCatalog& c) {
        std::vector<std::string> ids;
        for (const auto& a : c.catalog.all()) ids.push_back(a.id);
        return ids;
      })
      .def_readonly("path", &UserCatalog::path, "The user file merged over the built-in catalog (absolute).")
      .def("to_dict", [](const UserCatalog& c) { return json_loads(to_json(c.catalog)); },
           "The catalog as a dict: {\"conventions\": ..., \"accelerators\": [...]}.")
      .def(py::pickle([](const UserCatalog& c) { return py::make_tuple(c.path); },
                      [](const py::tuple& t) { return load_user_catalog(t[0].cast<std::string>()); }))
      .def("__repr__", [](const UserCatalog& c) {
        return "<llmcost.Catalog of " + std::to_string(c.catalog.size()) + " accelerators from " + c.path + ">";
      });

  m.def("chips", [](const CatalogArg& catalog) { return catalog.get().all(); }, py::arg("catalog") = py::none(),
        "Every accelerator in the catalog (default: the built-in one, data/accelerators.toml).");
  m.def("chip", [](const std::string& name, const CatalogArg& catalog) { return catalog.find(name); },
        py::arg("name"), py::arg("catalog") = py::none(),
        "The accelerator called `name` (id or alias, case-insensitive) in `catalog` (an llmcost.Catalog, a "
        "catalog file's path, or None for the built-in one). KeyError [llmcost.catalog.unknown_chip] with the "
        "closest matches when unknown.");
  m.def("load_catalog", [](const std::filesystem::path& path) { return load_user_catalog(path); }, py::arg("path"),
        "The built-in catalog merged with the TOML file at `path` (str or os.PathLike), as an llmcost.Catalog "
        "to pass as `catalog=`. ValueError [llmcost.catalog.invalid_file] listing every problem; OSError "
        "[llmcost.io.*] when the file cannot be read.");
}

}  // namespace llmcost::python
