#pragma once
// Strict Python arguments, and the finite-result check for dict results.
//
// pybind11's float and int casters accept anything with __float__ or __index__: True becomes
// 1.0, a numpy complex loses its imaginary part. Numeric parameters of the bindings are therefore
// typed Real<"name"> / Int<"name"> (the type carries the keyword, so a rejected value is reported
// by name) and converted by strict_real / strict_int:
//
//   accepted : int, float, numpy integer and floating scalars and 0-d arrays, numbers.Real
//   TypeError [llmcost.python.type] naming the argument: bool (also numpy.bool_), str, bytes,
//              complex, None, masked arrays, arrays with more than one element, anything else
//   ValueError [llmcost.python.invalid]: an int too large for a float; an Int that is not a
//              whole number or lies outside its C++ type
//
// Ranges are the library's business (it names the accepted range); these checks only make sure
// that what reaches it is a number the caller meant as one. python/llmcost/_checks.py applies the
// same rules in the pure-Python front ends.
//
// CatalogArg is the `catalog=` keyword of every entry point that takes a chip name: None (the
// built-in catalog), an llmcost.Catalog (llmcost.load_catalog(path)) or the path of a catalog
// TOML file (read and merged over the built-in catalog on each call).
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "llmcost/hardware/catalog.hpp"

namespace llmcost::python {

/// A keyword as a template argument: Real<"tokens">.
template <std::size_t N>
struct ArgName {
  char text[N]{};
  constexpr ArgName(const char (&s)[N]) { std::copy_n(s, N, text); }  // NOLINT: implicit by design
  [[nodiscard]] constexpr std::string_view view() const { return {text, N - 1}; }
};

/// A float parameter named `Name`.
template <ArgName Name>
struct Real {
  double value = 0;
  operator double() const noexcept { return value; }  // NOLINT: used as a double
};

/// An integer parameter named `Name` of C++ type T.
template <ArgName Name, class T = int>
struct Int {
  T value{};
  operator T() const noexcept { return value; }  // NOLINT: used as a T
};

/// `v` as a double, or TypeError [llmcost.python.type] naming `name` and the type given.
double strict_real(pybind11::handle v, std::string_view name);
/// `v` as a whole number in [lo, hi]; TypeError as strict_real, ValueError [llmcost.python.integer].
long long strict_int(pybind11::handle v, std::string_view name, long long lo, long long hi);
std::uint64_t strict_uint64(pybind11::handle v, std::string_view name);

/// llmcost.Catalog: the built-in catalog merged with a user's file, and that file's path (a
/// pickled Catalog loads the file again, as a pickled Scenario reads its `extends` files again).
struct UserCatalog {
  Catalog catalog;
  std::string path;
};

/// The catalog a call looks chip names up in.
class CatalogArg {
 public:
  CatalogArg();  ///< the built-in catalog
  CatalogArg(std::shared_ptr<const Catalog> owned, std::string path);
  explicit CatalogArg(const UserCatalog* borrowed);  ///< a Catalog held by a Python argument
  [[nodiscard]] const Catalog& get() const noexcept { return *ptr_; }
  [[nodiscard]] const Accelerator& find(std::string_view name) const { return ptr_->find(name); }
  /// What rebuilds this catalog elsewhere (a pickled Scenario): None for the built-in one, else the path.
  [[nodiscard]] pybind11::object spec() const;

 private:
  std::shared_ptr<const Catalog> owned_;
  const Catalog* ptr_;
  std::string path_;  ///< the user file, empty for the built-in catalog
};

/// None / Catalog / str / os.PathLike -> CatalogArg; TypeError [llmcost.python.type] otherwise.
CatalogArg catalog_arg(pybind11::handle v);

/// The result check at the Python boundary for results built as dicts and lists: every float in
/// `result` (nested dicts and lists included) must be finite; otherwise out_of_domain `tag` says
/// that `inputs` are too large together and names the offending key (detail::require_finite_result).
void require_finite_values(pybind11::handle result, std::string_view inputs, const std::string& tag);

}  // namespace llmcost::python

namespace pybind11::detail {

template <llmcost::python::ArgName Name>
struct type_caster<llmcost::python::Real<Name>> {
  using Self = llmcost::python::Real<Name>;
  PYBIND11_TYPE_CASTER(Self, const_name("float"));
  bool load(handle src, bool /*convert*/) {
    value.value = llmcost::python::strict_real(src, Name.view());
    return true;
  }
  static handle cast(const Self& v, return_value_policy, handle) {
    return PyFloat_FromDouble(v.value);
  }
};

template <llmcost::python::ArgName Name, class T>
struct type_caster<llmcost::python::Int<Name, T>> {
  using Self = llmcost::python::Int<Name, T>;
  PYBIND11_TYPE_CASTER(Self, const_name("int"));
  bool load(handle src, bool /*convert*/) {
    if constexpr (std::is_same_v<T, std::uint64_t>) {
      value.value = llmcost::python::strict_uint64(src, Name.view());
    } else {
      static_assert(sizeof(T) <= sizeof(long long), "Int<> holds at most a long long");
      value.value = static_cast<T>(llmcost::python::strict_int(src, Name.view(), std::numeric_limits<T>::min(),
                                                               std::numeric_limits<T>::max()));
    }
    return true;
  }
  static handle cast(const Self& v, return_value_policy, handle) {
    return pybind11::int_(v.value).release();
  }
};

template <>
struct type_caster<llmcost::python::CatalogArg> {
  PYBIND11_TYPE_CASTER(llmcost::python::CatalogArg, const_name("Catalog | str | os.PathLike | None"));
  bool load(handle src, bool /*convert*/) {
    value = llmcost::python::catalog_arg(src);
    return true;
  }
  static handle cast(const llmcost::python::CatalogArg&, return_value_policy, handle) { return none().release(); }
};

}  // namespace pybind11::detail
