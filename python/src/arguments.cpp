// Strict conversion of Python arguments and the finite-result check (see arguments.hpp).
#include "pybind11_prelude.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "llmcost/error.hpp"

namespace llmcost::python {
namespace {

constexpr const char* kTypeTag = "[llmcost.python.type] ";
constexpr const char* kValueTag = "[llmcost.python.invalid] ";

/// repr(v), cut to 60 characters (a long list or string stays readable).
std::string short_repr(py::handle v) {
  std::string r;
  try {
    r = py::repr(v).cast<std::string>();
  } catch (const py::error_already_set&) {
    r = std::string("<") + Py_TYPE(v.ptr())->tp_name + ">";
  }
  if (r.size() > 60) r = r.substr(0, 57) + "...";
  return r;
}

[[noreturn]] void reject(std::string_view name, py::handle v, std::string_view why) {
  throw py::type_error(detail::concat(kTypeTag, name, " = ", short_repr(v), ": ", why));
}

/// An already imported module, or a null object (nothing of its types can exist yet).
py::object loaded_module(const char* name) {
  PyObject* m = PyImport_GetModule(py::str(name).ptr());
  if (m == nullptr) {
    PyErr_Clear();
    return py::object();
  }
  return py::reinterpret_steal<py::object>(m);
}

bool is_instance_of(py::handle v, const py::object& module, const char* type) {
  return module && PyObject_IsInstance(v.ptr(), module.attr(type).ptr()) == 1;
}

/// numpy.bool_, numpy scalars and arrays: rejects what is not one real number; returns true when
/// `v` is a numpy integer or floating value that float() / int() may convert.
bool numpy_number(py::handle v, std::string_view name) {
  const py::object ma = loaded_module("numpy.ma");
  if (is_instance_of(v, ma, "MaskedArray")) {
    reject(name, v,
           detail::concat("a masked array is not accepted (its mask would be ignored); pass ", name,
                          ".filled(value) to fill the masked elements or ", name, ".compressed() to drop them"));
  }
  const py::object np = loaded_module("numpy");
  if (!np) return false;
  const bool scalar = is_instance_of(v, np, "generic");
  const bool array = is_instance_of(v, np, "ndarray");
  if (!scalar && !array) return false;
  if (array && v.attr("ndim").cast<int>() != 0) {
    reject(name, v, "expected one number, got an array of shape " + py::str(v.attr("shape")).cast<std::string>());
  }
  const std::string kind = v.attr("dtype").attr("kind").cast<std::string>();
  if (kind == "b") reject(name, v, "a bool is not a number");
  if (kind == "c") reject(name, v, "a complex number is not accepted; pass a real number");
  if (kind != "i" && kind != "u" && kind != "f") {
    reject(name, v, "numpy dtype " + py::str(v.attr("dtype")).cast<std::string>() + " is not a number");
  }
  return true;
}

[[noreturn]] void not_whole(std::string_view name, py::handle v) {
  throw py::value_error(detail::concat(kValueTag, name, " = ", short_repr(v), " is invalid; expected a whole number"));
}

/// The C++ range of an integer parameter, for a value outside it.
[[noreturn]] void outside(std::string_view name, py::handle v, long double lo, long double hi) {
  const auto text = [](long double x) {
    return x < 0 ? std::to_string(static_cast<long long>(x)) : std::to_string(static_cast<unsigned long long>(x));
  };
  throw py::value_error(detail::concat(kValueTag, name, " = ", short_repr(v),
                                       " is invalid; expected a whole number in [", text(lo), ", ", text(hi), "]"));
}

/// A Python int (not bool) as a long double (exact up to 2^64), or nullopt when it is not an int.
std::optional<long double> as_integer(py::handle v, std::string_view name) {
  PyObject* o = v.ptr();
  py::object index;
  if (PyLong_Check(o) && !PyBool_Check(o)) {
    index = py::reinterpret_borrow<py::object>(o);
  } else if (numpy_number(v, name) && v.attr("dtype").attr("kind").cast<std::string>() != "f") {
    index = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!index) throw py::error_already_set();
  } else {
    return std::nullopt;
  }
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (overflow == 0) return static_cast<long double>(x);
  if (overflow < 0) return -1e30L;  // below every range
  const unsigned long long u = PyLong_AsUnsignedLongLong(index.ptr());
  if (u == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    PyErr_Clear();
    return 1e30L;  // above every range
  }
  return static_cast<long double>(u);
}

/// `v` as a whole number in [lo, hi] (as a long double: exact for every 64-bit integer).
long double whole(py::handle v, std::string_view name, long double lo, long double hi) {
  if (PyBool_Check(v.ptr())) reject(name, v, "a bool is not a number");
  long double x = 0;
  if (const auto i = as_integer(v, name)) {
    x = *i;
  } else {
    const double d = strict_real(v, name);  // rejects what is not a number
    if (!std::isfinite(d) || d != std::floor(d)) not_whole(name, v);
    x = d;
  }
  if (x < lo || x > hi) outside(name, v, lo, hi);
  return x;
}

}  // namespace

double strict_real(py::handle v, std::string_view name) {
  PyObject* o = v.ptr();
  if (PyFloat_Check(o)) return PyFloat_AS_DOUBLE(o);  // float and numpy.float64
  if (PyBool_Check(o)) reject(name, v, "a bool is not a number");
  if (PyLong_Check(o)) {
    const double d = PyLong_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw py::value_error(detail::concat(kValueTag, name, " = ", short_repr(v),
                                           " is invalid; it is too large for a float (|x| <= 1.8e308)"));
    }
    return d;
  }
  if (v.is_none()) reject(name, v, "expected a number");
  if (PyUnicode_Check(o) || PyBytes_Check(o)) reject(name, v, "a string is not a number; pass a float");
  if (PyComplex_Check(o)) reject(name, v, "a complex number is not accepted; pass a real number");
  bool real = numpy_number(v, name);
  if (!real) real = is_instance_of(v, py::module_::import("numbers"), "Real");  // Fraction, ...
  if (!real) reject(name, v, std::string("a ") + Py_TYPE(o)->tp_name + " is not a number");
  py::object f = py::reinterpret_steal<py::object>(PyNumber_Float(o));
  if (!f) {
    PyErr_Clear();
    throw py::value_error(detail::concat(kValueTag, name, " = ", short_repr(v), " is invalid; it is not a float"));
  }
  return PyFloat_AS_DOUBLE(f.ptr());
}

long long strict_int(py::handle v, std::string_view name, long long lo, long long hi) {
  return static_cast<long long>(whole(v, name, static_cast<long double>(lo), static_cast<long double>(hi)));
}

std::uint64_t strict_uint64(py::handle v, std::string_view name) {
  return static_cast<std::uint64_t>(
      whole(v, name, 0.0L, static_cast<long double>(std::numeric_limits<std::uint64_t>::max())));
}

CatalogArg::CatalogArg() : ptr_(&Catalog::builtin()) {}
CatalogArg::CatalogArg(std::shared_ptr<const Catalog> owned, std::string path)
    : owned_(std::move(owned)), ptr_(owned_.get()), path_(std::move(path)) {}
CatalogArg::CatalogArg(const UserCatalog* borrowed) : ptr_(&borrowed->catalog), path_(borrowed->path) {}

py::object CatalogArg::spec() const { return path_.empty() ? py::object(py::none()) : py::object(py::str(path_)); }

CatalogArg catalog_arg(py::handle v) {
  if (v.is_none()) return CatalogArg();
  if (py::isinstance<UserCatalog>(v)) return CatalogArg(v.cast<const UserCatalog*>());
  const py::object os = py::module_::import("os");
  if (PyUnicode_Check(v.ptr()) || is_instance_of(v, os, "PathLike")) {
    const py::object path = os.attr("fspath")(v);
    if (PyUnicode_Check(path.ptr())) {
      std::string p = os.attr("path").attr("abspath")(path).cast<std::string>();  // pickles survive a chdir
      auto merged = std::make_shared<const Catalog>(Catalog::builtin().merged(Catalog::from_file(p)));
      return CatalogArg(std::move(merged), std::move(p));
    }
  }
  reject("catalog", v,
         "expected an llmcost.Catalog (llmcost.load_catalog(path)), the path of a catalog TOML file, or None");
}

namespace {

void check_finite(py::handle v, const std::string& path, std::string_view inputs, const std::string& tag) {
  if (PyFloat_Check(v.ptr())) {
    detail::require_finite_result(PyFloat_AS_DOUBLE(v.ptr()), path, inputs, tag);
  } else if (PyDict_Check(v.ptr())) {
    for (const auto& [k, x] : py::reinterpret_borrow<py::dict>(v)) {
      const std::string key = py::str(k).cast<std::string>();
      check_finite(x, path.empty() ? key : path + "." + key, inputs, tag);
    }
  } else if (PyList_Check(v.ptr()) || PyTuple_Check(v.ptr())) {
    std::size_t i = 0;
    for (const auto& x : v) check_finite(x, path + "[" + std::to_string(i++) + "]", inputs, tag);
  }
}

}  // namespace

void require_finite_values(py::handle result, std::string_view inputs, const std::string& tag) {
  check_finite(result, "", inputs, tag);
}

}  // namespace llmcost::python
