#pragma once
// A library result bound as a Python class whose document is the library's to_json: `to_dict()` is
// exactly what the CLI prints with --format json, and the class reads like that document
// (`r["key"]`, `"key" in r`, `r.keys()`, `r.get(key, default)`, `r == r.to_dict()`).
#include "pybind11_prelude.hpp"

#include <string>

namespace llmcost::python {

/// json.loads(text).
inline py::object json_loads(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

/// Adds the document protocol to `cls`; T must have a library `to_json(const T&, int)`.
template <class T, class... Options>
void bind_document(py::class_<T, Options...>& cls) {
  cls.def("to_dict", [](const T& r) { return json_loads(to_json(r, 2)); },
          "The result as the CLI's --format json document (a dict; SI values, units in the keys).")
      .def("__getitem__", [](const T& r, const std::string& key) {
        const py::object d = json_loads(to_json(r, 2));
        return py::object(d[py::str(key)]);  // a new reference, not an accessor into a temporary
      })
      .def("__contains__", [](const T& r, const std::string& key) {
        return json_loads(to_json(r, 2)).contains(py::str(key));
      })
      .def("keys", [](const T& r) { return json_loads(to_json(r, 2)).attr("keys")(); })
      .def(
          "get",
          [](const T& r, const std::string& key, py::object fallback) {
            return json_loads(to_json(r, 2)).attr("get")(py::str(key), fallback);
          },
          py::arg("key"), py::arg("default") = py::none())
      .def("__eq__", [](const T& a, const py::object& b) {
        if (py::isinstance<T>(b)) return to_json(a, 2) == to_json(b.cast<const T&>(), 2);
        return py::isinstance<py::dict>(b) && json_loads(to_json(a, 2)).equal(b);
      });
  cls.attr("__hash__") = py::none();  // equal by value, so not hashable
}

}  // namespace llmcost::python
