// Bindings for llmcost/claims/claim.hpp: published figures as a `Claim` class.
#include "pybind11_prelude.hpp"

#include <string>

#include "llmcost/claims/claim.hpp"

namespace llmcost::python {
namespace {

/// The claim as a plain dict: the same keys as the class's attributes.
py::dict claim_dict(const Claim& c) {
  py::dict d;
  d["id"] = c.id;
  d["description"] = c.description;
  d["value"] = c.value;
  d["unit"] = c.unit;
  d["rounding"] = c.rounding;
  d["inputs"] = c.inputs;
  d["formula"] = c.formula;
  d["reproduced"] = recompute(c);
  d["source"] = c.source.citation;
  d["url"] = c.source.url;
  d["grade"] = std::string(to_string(c.source.grade));
  d["note"] = c.source.note;
  return d;
}

}  // namespace

void register_claims(py::module_& m) {
  py::class_<Claim>(m, "Claim", R"doc(
One published figure (data/claims/*.toml): its value as published in `unit`, the rounding of the
published figure, the ids of its input claims, the formula in words, the value recomputed one step
from the inputs' published values (`reproduced`), and its source (citation, url, grade, note).
`to_dict()` gives the same fields as a dict.)doc")
      .def_readonly("id", &Claim::id, "'<report>.<name>', e.g. 'deepseek-v3.total_cost'")
      .def_readonly("description", &Claim::description)
      .def_readonly("value", &Claim::value, "as published, in `unit`")
      .def_readonly("unit", &Claim::unit, "'USD', 'GPU-hours', 'days', 'ratio', 'FLOP/s', ...")
      .def_readonly("rounding", &Claim::rounding, "half-width of the published figure's rounding, in `unit`")
      .def_readonly("inputs", &Claim::inputs, "ids of the input claims")
      .def_readonly("formula", &Claim::formula, "in words, e.g. '2,788K GPU-h × $2/GPU-h'")
      .def_property_readonly("reproduced", [](const Claim& c) { return recompute(c); },
                             "the value recomputed from the inputs' published values (`value` for an input)")
      .def_property_readonly("source", [](const Claim& c) { return c.source.citation; }, "citation")
      .def_property_readonly("url", [](const Claim& c) { return c.source.url; })
      .def_property_readonly("grade", [](const Claim& c) { return std::string(to_string(c.source.grade)); },
                             "'primary', 'derived', 'secondary' or 'weak'")
      .def_property_readonly("note", [](const Claim& c) { return c.source.note; })
      .def("to_dict", &claim_dict, "The claim's fields as a dict (keys as the attributes).")
      .def("__repr__", [](const Claim& c) {
        return "Claim(" + std::string(py::repr(py::str(c.id))) + ", value=" +
               std::string(py::repr(py::float_(c.value))) + ", unit=" + std::string(py::repr(py::str(c.unit))) + ")";
      });
  m.def("claim", [](const std::string& id) { return claim(id); }, py::arg("id"),
        "A published figure by id (e.g. 'deepseek-v3.total_cost'), with inputs, formula, recomputed value and "
        "source. KeyError [llmcost.claims.unknown_claim] with the closest ids.");
  m.def("claims", [] { return claims(); }, "Every published figure in data/claims/*.toml, in file order.");
}

}  // namespace llmcost::python
