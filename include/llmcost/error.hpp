#pragma once
// File: llmcost/error.hpp
//
// The llmcost exception family. Each exception derives from the std type that
// matches its meaning, so `catch (const std::invalid_argument&)` works and
// pybind11 maps it to the right Python exception with no code:
//
//   invalid_input  : std::invalid_argument  -> ValueError   (bad value, bad file)
//   out_of_domain  : std::domain_error      -> ValueError   (MFU outside (0, 1])
//   not_found      : std::out_of_range      -> KeyError     (unknown chip, model, claim)
//   io_error       : std::runtime_error     -> OSError      (cannot read or write a file)
//
// Every message starts with a stable tag in brackets, then names the bad value
// and the valid range or choices:
//   [llmcost.catalog.unknown_chip] "H900" is not in the catalog; closest: H800-SXM, H200-SXM
// All of them also derive from `llmcost::error`, which carries the tag.
//
//   LLMCOST_REQUIRE(gpus > 0, invalid_input, "llmcost.training.gpus", "gpus = ", gpus, " must be > 0");
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace llmcost {

/// Common base of every llmcost exception: the stable tag without brackets.
class error {
 public:
  explicit error(std::string tag) : tag_(std::move(tag)) {}
  virtual ~error() = default;
  error(const error&) = default;
  error& operator=(const error&) = default;
  /// The stable tag, e.g. "llmcost.catalog.unknown_chip".
  [[nodiscard]] const std::string& tag() const noexcept { return tag_; }

 private:
  std::string tag_;
};

namespace detail {
inline std::string tagged(std::string_view tag, std::string_view message) {
  std::string s;
  s.reserve(tag.size() + message.size() + 3);
  s.append("[").append(tag).append("] ").append(message);
  return s;
}

/// Concatenates values into a message; doubles are printed with 10 significant digits.
template <class... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  os.precision(10);
  (os << ... << args);
  return os.str();
}
}  // namespace detail

#define LLMCOST_DEFINE_ERROR(name, base)                                               \
  class name : public base, public ::llmcost::error {                                  \
   public:                                                                             \
    name(const std::string& tag, std::string_view message)                            \
        : base(::llmcost::detail::tagged(tag, message)), ::llmcost::error(tag) {}      \
  }

/// A value or file content that is not acceptable input (ValueError in Python).
LLMCOST_DEFINE_ERROR(invalid_input, std::invalid_argument);
/// A value outside the mathematical domain of a formula, e.g. MFU > 1 (ValueError).
LLMCOST_DEFINE_ERROR(out_of_domain, std::domain_error);
/// A name that is not in a catalog: chip, model, claim, price sheet (KeyError).
LLMCOST_DEFINE_ERROR(not_found, std::out_of_range);
/// A file that cannot be read or written (OSError).
LLMCOST_DEFINE_ERROR(io_error, std::runtime_error);

#undef LLMCOST_DEFINE_ERROR

/// Throws `exception(tag, concat(message...))` unless `cond` holds. For preconditions at
/// public entry points (QuantLib's QL_REQUIRE). The message is built only on failure.
#define LLMCOST_REQUIRE(cond, exception, tag, ...)                                     \
  do {                                                                                 \
    if (!(cond)) throw ::llmcost::exception((tag), ::llmcost::detail::concat(__VA_ARGS__)); \
  } while (false)

namespace detail {

/// `x` must be finite and > 0. Throws invalid_input naming `what` and the range.
inline double require_positive(double x, std::string_view what, std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x > 0, invalid_input, std::string(tag), what, " = ", x,
                  " is invalid; expected a finite value > 0");
  return x;
}

/// `x` must be finite and >= 0.
inline double require_non_negative(double x, std::string_view what, std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x >= 0, invalid_input, std::string(tag), what, " = ", x,
                  " is invalid; expected a finite value >= 0");
  return x;
}

/// An efficiency: `x` must lie in (0, 1]. Throws out_of_domain.
inline double require_efficiency(double x, std::string_view what, std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x > 0 && x <= 1, out_of_domain, std::string(tag), what, " = ", x,
                  " is outside (0, 1]");
  return x;
}

/// A fraction: `x` must lie in [0, 1]. Throws out_of_domain.
inline double require_fraction(double x, std::string_view what, std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x >= 0 && x <= 1, out_of_domain, std::string(tag), what, " = ", x,
                  " is outside [0, 1]");
  return x;
}

/// `x` must be finite and lie in [lo, hi]. Throws invalid_input naming `what` and the range.
inline double require_in_range(double x, double lo, double hi, std::string_view what,
                               std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x >= lo && x <= hi, invalid_input, std::string(tag), what, " = ", x,
                  " is outside the accepted range [", lo, ", ", hi, "]");
  return x;
}

/// `x` must be a whole number in [lo, hi] (a count: GPUs, layers, sequences).
inline double require_whole(double x, double lo, double hi, std::string_view what,
                            std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x) && x >= lo && x <= hi && x == std::floor(x), invalid_input, std::string(tag), what,
                  " = ", x, " is invalid; expected a whole number in [", lo, ", ", hi, "]");
  return x;
}

/// An output check at the place a result is built: `x` must be finite. When it is not, the
/// inputs were finite but too large together; the message names `inputs`, the inputs that
/// can be lowered, never the derived quantity alone. Throws out_of_domain
/// [llmcost.<area>.overflow].
inline double require_finite_result(double x, std::string_view result, std::string_view inputs,
                                    std::string_view tag) {
  LLMCOST_REQUIRE(std::isfinite(x), out_of_domain, std::string(tag), "the inputs ", inputs,
                  " are too large together: ", result, " is not a finite number; lower one of them");
  return x;
}

}  // namespace detail
}  // namespace llmcost
