// PYBIND11_MODULE(_core): only registration calls; one register_<area>.cpp per header group.
#include "pybind11_prelude.hpp"

#include "llmcost/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "llmcost C++ core: sourced, unit-safe LLM training and inference cost estimates";
  m.attr("__version__") = llmcost::version_string;
  llmcost::python::register_errors(m);
  llmcost::python::register_hardware(m);
  llmcost::python::register_inference(m);
  llmcost::python::register_model(m);
  llmcost::python::register_pricing(m);
  llmcost::python::register_training(m);
  llmcost::python::register_claims(m);
  llmcost::python::register_scenario(m);
  llmcost::python::register_step_time(m);
}
