// Exception mapping. Every exception that leaves the extension carries a tag in brackets:
//
//   invalid_input, out_of_domain       -> ValueError  (their messages are tagged by the library)
//   not_found                          -> KeyError    (an unknown chip is a failed key lookup;
//                                                      pybind11 would map std::out_of_range to IndexError)
//   io_error                           -> OSError
//   std::filesystem::filesystem_error  -> OSError     "[llmcost.internal] ..." (the library should
//   other std::system_error               have turned it into io_error; it is still an OS problem)
//   std::bad_alloc                     -> MemoryError "[llmcost.internal] out of memory ..."
//   any other std::exception           -> RuntimeError "[llmcost.internal] <what()>"
//
// pybind11's own exceptions (TypeError [llmcost.python.type] from the argument casters, a Python
// error raised inside a callback) pass through unchanged; a failed py::cast becomes TypeError
// [llmcost.python.type].
#include "pybind11_prelude.hpp"

#include <filesystem>
#include <new>
#include <string>
#include <system_error>

#include "llmcost/error.hpp"

namespace llmcost::python {
namespace {

/// `what` with the internal tag in front (unless it already carries a tag).
std::string internal(const char* what) {
  std::string s(what);
  if (s.rfind("[llmcost.", 0) == 0) return s;
  return "[llmcost.internal] " + s;
}

}  // namespace

void register_errors(py::module_& m) {
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::error_already_set&) {
      throw;  // a Python exception: pybind11 restores it
    } catch (const py::cast_error& e) {  // a Python value of a type the binding cannot take
      PyErr_SetString(PyExc_TypeError, (std::string("[llmcost.python.type] ") + e.what()).c_str());
    } catch (const py::builtin_exception&) {
      throw;  // py::type_error, py::value_error, ...: pybind11 sets the matching Python type
    } catch (const llmcost::not_found& e) {
      PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const llmcost::io_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const llmcost::invalid_input& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const llmcost::out_of_domain& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::system_error& e) {  // std::filesystem::filesystem_error among them
      PyErr_SetString(PyExc_OSError, internal(e.what()).c_str());
    } catch (const std::bad_alloc&) {
      PyErr_SetString(PyExc_MemoryError,
                      "[llmcost.internal] out of memory; lower the inputs that size the work "
                      "(samples, array lengths, GPUs, layers)");
    } catch (const std::exception& e) {
      PyErr_SetString(PyExc_RuntimeError, internal(e.what()).c_str());
    }
  });
}

}  // namespace llmcost::python
