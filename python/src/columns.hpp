#pragma once
// Array columns for the numpy entry points behind llmcost.estimate_training / estimate_inference /
// price_ratio when an argument is an array (python/llmcost/_vectorised.py broadcasts and calls them;
// each register_<area>.cpp holds its area's batch function).
//
// Protocol: every numeric input arrives as a 1-D C-contiguous float64 array of length n or 1
// (length 1 = broadcast scalar, read with stride 0). Inputs are validated element by element
// with the GIL held (the error names the flat index, e.g. "mfu[3] = 1.5 is outside (0, 1]"),
// then the per-element kernel runs with the GIL released and fills the output arrays. The
// kernels are the library's (llmcost/estimate/training.hpp kernels, pricing/task_profile.hpp
// task_cost_usd, serving_config), so an element equals the scalar call bit for bit
// (python/tests/test_vectorised.py checks this). Every output is checked for finiteness: a
// non-finite output stops the call with out_of_domain [llmcost.<area>.overflow] naming the input
// arrays and the first offending index.
#include "pybind11_prelude.hpp"

#include <pybind11/numpy.h>

#include <cctype>
#include <cmath>
#include <cstddef>
#include <exception>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"

namespace llmcost::python {


using InArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// An input column must be a plain numeric array (the Python front end converts and checks the
/// caller's arguments; this guards the internal entry points against bools, strings, complex
/// numbers and masked arrays all the same).
inline void require_numeric_array(py::handle v, const std::string& name) {
  const py::object np = py::module_::import("numpy");
  if (py::isinstance(v, np.attr("ma").attr("MaskedArray"))) {
    throw py::type_error("[llmcost.python.type] " + name +
                         ": a masked array is not accepted (its mask would be ignored); pass " + name +
                         ".filled(value) or " + name + ".compressed()");
  }
  if (!py::isinstance<py::array>(v)) {
    throw py::type_error("[llmcost.python.type] " + name + ": expected a numpy array, got " +
                         std::string(Py_TYPE(v.ptr())->tp_name));
  }
  const char kind = py::reinterpret_borrow<py::array>(v).dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw py::type_error("[llmcost.python.type] " + name + ": an array of dtype " +
                         py::str(v.attr("dtype")).cast<std::string>() + " is not an array of real numbers");
  }
}

/// A read-only column: n values, or one value broadcast (stride 0).
struct Col {
  const double* data = nullptr;
  std::size_t stride = 0;
  [[nodiscard]] double operator[](std::size_t i) const { return data[i * stride]; }
};

/// Holds the converted arrays alive and hands out columns.
class Columns {
 public:
  Columns(const py::dict& d, std::size_t n) : n_(n) {
    for (const auto& [k, v] : d) {
      const std::string name = py::cast<std::string>(k);
      require_numeric_array(v, name);
      InArray a = InArray::ensure(v);
      LLMCOST_REQUIRE(a && a.ndim() == 1 && (static_cast<std::size_t>(a.size()) == n || a.size() == 1),
                      invalid_input, "llmcost.python.broadcast", name, " has ", (a ? a.size() : 0),
                      " elements; expected ", n, " or 1 (broadcast the inputs first)");
      arrays_.emplace(name, std::move(a));
    }
  }
  [[nodiscard]] bool has(const std::string& name) const { return arrays_.count(name) != 0; }
  [[nodiscard]] Col col(const std::string& name) const {
    auto it = arrays_.find(name);
    LLMCOST_REQUIRE(it != arrays_.end(), invalid_input, "llmcost.python.missing_column", "missing column ", name);
    return Col{it->second.data(), it->second.size() == 1 ? 0U : 1U};
  }
  /// Applies `check(x, "name[i]")` to each element that fails `ok(x)` (the check throws).
  template <class Ok, class Check>
  void validate(const std::string& name, Ok ok, Check check) const {
    const Col c = col(name);
    const std::size_t count = c.stride == 0 ? 1 : n_;
    for (std::size_t i = 0; i < count; ++i) {
      if (!ok(c[i])) check(c[i], c.stride == 0 ? name : name + "[" + std::to_string(i) + "]");
    }
  }
  [[nodiscard]] std::size_t size() const { return n_; }
  /// `name[i]` when `name` is an array, `name` when it is a broadcast scalar.
  [[nodiscard]] std::string element(const std::string& name, std::size_t i) const {
    return col(name).stride == 0 ? name : name + "[" + std::to_string(i) + "]";
  }
  /// "a[i], b, c[i]": the inputs of element i, for a message about that element.
  [[nodiscard]] std::string elements(std::initializer_list<std::string> names, std::size_t i) const {
    std::string out;
    for (const auto& name : names) {
      if (!has(name)) continue;
      out += (out.empty() ? "" : ", ") + element(name, i);
    }
    return out;
  }

 private:
  std::size_t n_;
  std::map<std::string, InArray> arrays_;
};

/// As the library's name matching (src/common/suggest.cpp): case, '-', '_', ' ' and '.' ignored.
inline std::string normalized(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '-' || ch == '_' || ch == ' ' || ch == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out;
}

inline bool is_efficiency(double x) { return std::isfinite(x) && x > 0 && x <= 1; }
inline bool is_fraction(double x) { return std::isfinite(x) && x >= 0 && x <= 1; }

/// Every element of `name` must lie in [lo, hi] (detail::require_in_range's message and tag).
inline void in_range(const Columns& c, const std::string& name, double lo, double hi, const std::string& tag) {
  c.validate(name, [lo, hi](double x) { return std::isfinite(x) && x >= lo && x <= hi; },
             [&](double x, const std::string& what) { detail::require_in_range(x, lo, hi, what, tag); });
}

/// Every element of `name` must lie in (0, hi].
inline void positive_up_to(const Columns& c, const std::string& name, double hi, const std::string& tag) {
  c.validate(name, [hi](double x) { return std::isfinite(x) && x > 0 && x <= hi; },
             [&](double x, const std::string& what) { detail::require_positive_up_to(x, hi, what, tag); });
}

/// Every element of `name` must be a whole number in [lo, hi].
inline void whole(const Columns& c, const std::string& name, double lo, double hi, const std::string& tag) {
  c.validate(name, [lo, hi](double x) { return std::isfinite(x) && x >= lo && x <= hi && x == std::floor(x); },
             [&](double x, const std::string& what) { detail::require_whole(x, lo, hi, what, tag); });
}

// Accepted ranges of the array inputs: the scalar entry points' (llmcost/detail/ranges.hpp,
// estimate/training.hpp, pricing/task_profile.cpp), so that an element is accepted exactly when
// the scalar call accepts it.
inline constexpr double kMinThroughput = 1e-6;      // tokens/s per GPU (phase_gpu_seconds)
inline constexpr double kMinGpuHours = 1e-6;        // GPU-hours given (phase_gpu_seconds)
inline constexpr double kMaxTaskTokens = 1e12;      // tokens of one API task (validate(TokenMix))
inline constexpr double kMaxReasoningMultiplier = 1e3;  // × the denominator's reasoning tokens (CLI, scenarios)

inline py::array_t<double> out_array(std::size_t n) { return py::array_t<double>(static_cast<py::ssize_t>(n)); }

/// Rethrows the library error `e` of element `i` with the element's index in its message.
[[noreturn]] inline void rethrow_at(const std::exception_ptr& e, std::size_t i) {
  const std::string where = " (at index " + std::to_string(i) + " of the arrays)";
  auto message = [&](const char* what, const std::string& tag) {
    std::string m(what);
    const std::string prefix = "[" + tag + "] ";
    if (m.rfind(prefix, 0) == 0) m.erase(0, prefix.size());
    return m + where;
  };
  try {
    std::rethrow_exception(e);
  } catch (const invalid_input& x) {
    throw invalid_input(x.tag(), message(x.what(), x.tag()));
  } catch (const out_of_domain& x) {
    throw out_of_domain(x.tag(), message(x.what(), x.tag()));
  } catch (const not_found& x) {
    throw not_found(x.tag(), message(x.what(), x.tag()));
  }
}

}  // namespace llmcost::python
