// Exception mapping. invalid_input / out_of_domain derive from std::invalid_argument /
// std::domain_error, which pybind11 already maps to ValueError; not_found derives from
// std::out_of_range, which pybind11 would map to IndexError, so it is translated to
// KeyError here (an unknown chip is a failed key lookup). io_error -> OSError.
#include "pybind11_prelude.hpp"

#include "llmcost/error.hpp"

namespace llmcost::python {

void register_errors(py::module_& m) {
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const llmcost::not_found& e) {
      PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const llmcost::io_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
}

}  // namespace llmcost::python
