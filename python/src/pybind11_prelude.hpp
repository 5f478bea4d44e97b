#pragma once
// Included first by every binding file: pybind11, `namespace py`, and the caster
// that maps llmcost quantities to Python floats in llmcost base units (FLOP, USD,
// token, GPU, byte, s, W, J). Python keyword arguments carry the unit in their
// name (price_usd_per_gpu_hour), so the float is never ambiguous.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>

#include "arguments.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/units.hpp"

namespace py = pybind11;

namespace pybind11::detail {

template <class Unit>
struct type_caster<boost::units::quantity<Unit, double>> {
  using Q = boost::units::quantity<Unit, double>;
  PYBIND11_TYPE_CASTER(Q, const_name("float"));

  bool load(handle src, bool convert) {
    make_caster<double> d;
    if (!d.load(src, convert)) return false;
    value = llmcost::detail::from_raw<Q>(cast_op<double>(d));
    return true;
  }
  static handle cast(const Q& q, return_value_policy, handle) {
    return PyFloat_FromDouble(llmcost::detail::to_raw(q));
  }
};

}  // namespace pybind11::detail

namespace llmcost::python {
void register_errors(py::module_& m);
void register_hardware(py::module_& m);
void register_inference(py::module_& m);
void register_model(py::module_& m);
void register_pricing(py::module_& m);
void register_training(py::module_& m);
void register_claims(py::module_& m);
void register_scenario(py::module_& m);
void register_step_time(py::module_& m);
}  // namespace llmcost::python
