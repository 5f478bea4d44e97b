#pragma once
// File: llmcost/detail/unit_cast.hpp
//
// The single place where units are stripped from and re-attached to raw doubles
// (boost-histogram's `t / unit_type()` pattern). Raw values are in llmcost's base
// units (FLOP, USD, token, GPU, byte, s, W, J). Review rule: `from_value` appears
// nowhere else in the code base.
#include <boost/units/quantity.hpp>

namespace llmcost::detail {

/// The raw value of `q` in llmcost base units.
template <class Unit>
constexpr double to_raw(const boost::units::quantity<Unit, double>& q) noexcept {
  return q.value();
}

/// A quantity of type `Q` whose value in llmcost base units is `x`.
template <class Q>
constexpr Q from_raw(double x) noexcept {
  return Q::from_value(x);
}

}  // namespace llmcost::detail
