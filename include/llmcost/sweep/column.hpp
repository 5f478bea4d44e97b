#pragma once
// File: llmcost/sweep/column.hpp
//
// A unit-carrying column of raw doubles for batch kernels (CONVENTIONS "Units" point 2):
// the unit lives in the TYPE around a whole Eigen::ArrayXd, so `work / rate * price`
// compiles to plain array arithmetic while `cost + seconds` does not compile.
// Values are in llmcost base units (detail/unit_cast.hpp). Stores evaluated arrays only.
//
//   Column<FlopsPerSecond::unit_type> rate{Eigen::ArrayXd::Constant(n, 989e12)};
//   auto t = work / rate;                  // Column<seconds>
//   Column<Usd::unit_type> c = t * price;  // compile error if the unit is wrong
#include <type_traits>
#include <utility>

#include <Eigen/Core>
#include <boost/units/operators.hpp>
#include <boost/units/quantity.hpp>

namespace llmcost {

template <class Unit>
struct Column {
  using unit_type = Unit;
  Eigen::ArrayXd v;  ///< raw values in base units

  Column() = default;
  explicit Column(Eigen::ArrayXd values) : v(std::move(values)) {}
  [[nodiscard]] Eigen::Index size() const { return v.size(); }
};

template <class U1, class U2>
Column<typename boost::units::multiply_typeof_helper<U1, U2>::type> operator*(const Column<U1>& a, const Column<U2>& b) {
  return Column<typename boost::units::multiply_typeof_helper<U1, U2>::type>{(a.v * b.v).eval()};
}
template <class U1, class U2>
Column<typename boost::units::divide_typeof_helper<U1, U2>::type> operator/(const Column<U1>& a, const Column<U2>& b) {
  return Column<typename boost::units::divide_typeof_helper<U1, U2>::type>{(a.v / b.v).eval()};
}
template <class U1, class U2>
Column<U1> operator+(const Column<U1>& a, const Column<U2>& b) {
  static_assert(std::is_same_v<U1, U2>, "llmcost::Column: only columns of the same unit can be added");
  return Column<U1>{(a.v + b.v).eval()};
}
template <class U1, class U2>
Column<U1> operator-(const Column<U1>& a, const Column<U2>& b) {
  static_assert(std::is_same_v<U1, U2>, "llmcost::Column: only columns of the same unit can be subtracted");
  return Column<U1>{(a.v - b.v).eval()};
}
/// Scaling by a dimensionless factor.
template <class U>
Column<U> operator*(const Column<U>& a, double k) {
  return Column<U>{(a.v * k).eval()};
}
/// A column times a scalar quantity: the unit multiplies.
template <class U1, class U2>
Column<typename boost::units::multiply_typeof_helper<U1, U2>::type> operator*(
    const Column<U1>& a, const boost::units::quantity<U2, double>& q) {
  return Column<typename boost::units::multiply_typeof_helper<U1, U2>::type>{(a.v * q.value()).eval()};
}

}  // namespace llmcost
