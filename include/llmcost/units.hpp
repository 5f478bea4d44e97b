#pragma once
// File: llmcost/units.hpp
//
// The dimension-safe quantity types used in every public llmcost signature.
//
// A Boost.Units system with four dimensions of our own — compute (FLOP), currency
// (USD), token and device (GPU count) — plus information (bytes) and the SI
// length, mass and time, so that power (W) and energy (J) are ordinary derived
// dimensions. Because the device count is a dimension, GPU-hours (device·time)
// and hours (time) are different types: `GpuHours / Gpus` is `Seconds`, and a
// `Seconds` passed where `GpuHours` is expected does not compile.
//
// Every quantity stores its value in the base units of this system: FLOP, USD,
// token, GPU, byte, second, watt, joule. The named constructors and readers below
// convert at the boundary (`hours(54.2)`, `in_gpu_hours(q)`).
//
// A TYPE NAME GIVES THE DIMENSION, NOT THE STORAGE UNIT. A few aliases are named after
// the unit people quote them in, yet hold base-unit values like every other quantity:
//
//   alias                               holds                  build with             read with
//   Hours        (= Seconds)            seconds                hours(1361)            in_hours(t)
//   GpuHours     (= GpuSeconds)         GPU·seconds            gpu_hours(2.788e6)     in_gpu_hours(w)
//   UsdPerGpuHour                       USD per GPU·second     usd_per_gpu_hour(2)    in_usd_per_gpu_hour(p)
//   UsdPerMillionTokens (= UsdPerToken) USD per token          usd_per_mtok(2.19)     in_usd_per_mtok(p)
//   UsdPerKilowattHour                  USD per joule          usd_per_kwh(0.0806)    in_usd_per_kwh(p)
//   KilowattHours (= Joules)            joules                 kwh(1)                 in_kwh(e)
//   UsdPerKilowattMonth                 USD per joule          usd_per_kw_month(150)  in_usd_per_kw_month(p)
//
// So `detail::to_raw(gpu_hours(1))` is 3600, not 1, and `.value()` of a GpuHours is GPU·s.
// Never read a raw value where hours (or $/GPU-hour, $/Mtok, kWh) are meant: use the
// in_* reader. Arithmetic between quantities needs no conversion at all.
//
//   using namespace llmcost;
//   GpuHours work = gpu_hours(2.788e6);
//   Usd cost = work * usd_per_gpu_hour(2.0);   // $5.576M
//   Seconds wall = work / gpu_count(2048);     // 1361 h
#include <type_traits>

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/base_units/si/kilogram.hpp>
#include <boost/units/base_units/si/meter.hpp>
#include <boost/units/base_units/si/second.hpp>
#include <boost/units/derived_dimension.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/physical_dimensions/energy.hpp>
#include <boost/units/physical_dimensions/power.hpp>
#include <boost/units/physical_dimensions/time.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include "llmcost/detail/unit_cast.hpp"

namespace llmcost {

namespace units {
namespace bu = boost::units;

// Ordinals 2101..2105 are unique among Boost's own base dimensions/units.
struct compute_base_dimension : bu::base_dimension<compute_base_dimension, 2101> {};
struct currency_base_dimension : bu::base_dimension<currency_base_dimension, 2102> {};
struct token_base_dimension : bu::base_dimension<token_base_dimension, 2103> {};
struct device_base_dimension : bu::base_dimension<device_base_dimension, 2104> {};
struct information_base_dimension : bu::base_dimension<information_base_dimension, 2105> {};
struct parameter_base_dimension : bu::base_dimension<parameter_base_dimension, 2106> {};

using compute_dimension = compute_base_dimension::dimension_type;
using currency_dimension = currency_base_dimension::dimension_type;
using token_dimension = token_base_dimension::dimension_type;
using device_dimension = device_base_dimension::dimension_type;
using information_dimension = information_base_dimension::dimension_type;
using parameter_dimension = parameter_base_dimension::dimension_type;

struct flop_base_unit : bu::base_unit<flop_base_unit, compute_dimension, 2101> {
  static constexpr const char* name() { return "floating-point operation"; }
  static constexpr const char* symbol() { return "FLOP"; }
};
struct usd_base_unit : bu::base_unit<usd_base_unit, currency_dimension, 2102> {
  static constexpr const char* name() { return "US dollar"; }
  static constexpr const char* symbol() { return "USD"; }
};
struct token_base_unit : bu::base_unit<token_base_unit, token_dimension, 2103> {
  static constexpr const char* name() { return "token"; }
  static constexpr const char* symbol() { return "tok"; }
};
struct gpu_base_unit : bu::base_unit<gpu_base_unit, device_dimension, 2104> {
  static constexpr const char* name() { return "accelerator"; }
  static constexpr const char* symbol() { return "GPU"; }
};
struct byte_base_unit : bu::base_unit<byte_base_unit, information_dimension, 2105> {
  static constexpr const char* name() { return "byte"; }
  static constexpr const char* symbol() { return "B"; }
};

struct param_base_unit : bu::base_unit<param_base_unit, parameter_dimension, 2106> {
  static constexpr const char* name() { return "model parameter"; }
  static constexpr const char* symbol() { return "param"; }
};

using system = bu::make_system<flop_base_unit, usd_base_unit, token_base_unit, gpu_base_unit,
                               byte_base_unit, param_base_unit, bu::si::meter_base_unit, bu::si::kilogram_base_unit,
                               bu::si::second_base_unit>::type;

using dimensionless = bu::unit<bu::dimensionless_type, system>;
using flop = bu::unit<compute_dimension, system>;
using usd = bu::unit<currency_dimension, system>;
using token = bu::unit<token_dimension, system>;
using gpu = bu::unit<device_dimension, system>;
using byte = bu::unit<information_dimension, system>;
using param = bu::unit<parameter_dimension, system>;
using second = bu::unit<bu::time_dimension, system>;
using watt = bu::unit<bu::power_dimension, system>;
using joule = bu::unit<bu::energy_dimension, system>;

template <class A, class B>
using multiply = typename bu::multiply_typeof_helper<A, B>::type;
template <class A, class B>
using divide = typename bu::divide_typeof_helper<A, B>::type;

using flop_per_second = divide<flop, second>;
using gpu_second = multiply<gpu, second>;
using usd_per_gpu_second = divide<usd, gpu_second>;
using usd_per_joule = divide<usd, joule>;
using usd_per_gpu = divide<usd, gpu>;
using usd_per_token = divide<usd, token>;
using token_per_second = divide<token, second>;
using byte_per_second = divide<byte, second>;
using flop_per_token = divide<flop, token>;
using byte_per_token = divide<byte, token>;
using flop_per_byte = divide<flop, byte>;
using watt_per_gpu = divide<watt, gpu>;
using param_token = multiply<param, token>;
using flop_per_param_token = divide<flop, param_token>;
using byte_per_param = divide<byte, param>;
using usd_per_watt = divide<usd, watt>;
}  // namespace units

/// A quantity in `Unit`, stored as a double in the llmcost base units.
template <class Unit>
using Quantity = boost::units::quantity<Unit, double>;

// ---- aliases used in public signatures ---------------------------------------
using Ratio = Quantity<units::dimensionless>;          ///< a pure number (MFU, fractions)
using Flops = Quantity<units::flop>;                   ///< FLOP (a count of operations)
using FlopsPerSecond = Quantity<units::flop_per_second>;  ///< FLOP/s
using Seconds = Quantity<units::second>;               ///< time [s]
/// Time under the name it is usually quoted in. HOLDS SECONDS (it is Seconds): build with
/// hours(), read with in_hours(); to_raw() / value() give seconds.
using Hours = Seconds;
using Gpus = Quantity<units::gpu>;                     ///< number of accelerators [GPU]
using GpuSeconds = Quantity<units::gpu_second>;        ///< accelerator time [GPU·s]
/// Accelerator time under the name it is usually quoted in. HOLDS GPU·SECONDS (it is
/// GpuSeconds): build with gpu_hours(), read with in_gpu_hours(); to_raw() / value() give GPU·s.
using GpuHours = GpuSeconds;
using Usd = Quantity<units::usd>;                      ///< money [USD]
using UsdPerGpuHour = Quantity<units::usd_per_gpu_second>;  ///< rental price; HOLDS USD per GPU·s (in_usd_per_gpu_hour)
using UsdPerGpu = Quantity<units::usd_per_gpu>;        ///< purchase price per accelerator
using UsdPerKilowattHour = Quantity<units::usd_per_joule>;  ///< electricity price; HOLDS USD per J (in_usd_per_kwh)
using Tokens = Quantity<units::token>;                 ///< number of tokens [tok]
using TokensPerSecond = Quantity<units::token_per_second>;  ///< throughput [tok/s]
using UsdPerToken = Quantity<units::usd_per_token>;    ///< price per token (see usd_per_mtok)
using UsdPerMillionTokens = UsdPerToken;               ///< HOLDS USD per token (it is UsdPerToken; in_usd_per_mtok)
using FlopsPerToken = Quantity<units::flop_per_token>;  ///< FLOP/tok
using Bytes = Quantity<units::byte>;                   ///< memory or traffic [B]
using BytesPerSecond = Quantity<units::byte_per_second>;  ///< bandwidth [B/s]
using BytesPerToken = Quantity<units::byte_per_token>;  ///< e.g. KV cache [B/tok]
using Params = Quantity<units::param>;                ///< number of model parameters [param]
using FlopsPerParamToken = Quantity<units::flop_per_param_token>;  ///< e.g. 6 FLOP/(param·tok)
using BytesPerParam = Quantity<units::byte_per_param>;  ///< storage per parameter (dtype)
using Watts = Quantity<units::watt>;                   ///< power [W]
using Joules = Quantity<units::joule>;                 ///< energy [J]
using KilowattHours = Joules;                          ///< energy; HOLDS joules (it is Joules; in_kwh)
using UsdPerWatt = Quantity<units::usd_per_watt>;     ///< capex per unit of power capacity (e.g. $/MW)
using UsdPerKilowattMonth = UsdPerKilowattHour;        ///< capacity rent ($/kW-month): same dimension as $/kWh, stored per J

// ---- exact conversion factors -------------------------------------------------
inline constexpr double seconds_per_hour = 3600.0;
inline constexpr double seconds_per_day = 86400.0;
inline constexpr double seconds_per_year = 365.25 * 86400.0;  ///< Julian year
inline constexpr double joules_per_kilowatt_hour = 3.6e6;

// ---- named constructors (the unit is in the name) ------------------------------
inline Ratio ratio(double x) { return detail::from_raw<Ratio>(x); }
inline Flops flop(double x) { return detail::from_raw<Flops>(x); }
inline FlopsPerSecond flop_per_s(double x) { return detail::from_raw<FlopsPerSecond>(x); }
inline Seconds seconds(double x) { return detail::from_raw<Seconds>(x); }
inline Seconds hours(double x) { return detail::from_raw<Seconds>(x * seconds_per_hour); }  ///< x h, stored as s
inline Seconds days(double x) { return detail::from_raw<Seconds>(x * seconds_per_day); }
inline Seconds years(double x) { return detail::from_raw<Seconds>(x * seconds_per_year); }
inline Gpus gpu_count(double x) { return detail::from_raw<Gpus>(x); }
inline GpuSeconds gpu_hours(double x) { return detail::from_raw<GpuSeconds>(x * seconds_per_hour); }  ///< x GPU-h, as GPU·s
inline Usd usd(double x) { return detail::from_raw<Usd>(x); }
inline UsdPerGpuHour usd_per_gpu_hour(double x) {
  return detail::from_raw<UsdPerGpuHour>(x / seconds_per_hour);
}
inline UsdPerGpu usd_per_gpu(double x) { return detail::from_raw<UsdPerGpu>(x); }
inline UsdPerKilowattHour usd_per_kwh(double x) {
  return detail::from_raw<UsdPerKilowattHour>(x / joules_per_kilowatt_hour);
}
inline Tokens token_count(double x) { return detail::from_raw<Tokens>(x); }
inline TokensPerSecond tokens_per_s(double x) { return detail::from_raw<TokensPerSecond>(x); }
inline UsdPerToken usd_per_mtok(double x) { return detail::from_raw<UsdPerToken>(x / 1e6); }
inline FlopsPerToken flop_per_token(double x) { return detail::from_raw<FlopsPerToken>(x); }
inline Bytes bytes(double x) { return detail::from_raw<Bytes>(x); }
inline BytesPerSecond bytes_per_s(double x) { return detail::from_raw<BytesPerSecond>(x); }
inline BytesPerToken bytes_per_token(double x) { return detail::from_raw<BytesPerToken>(x); }
inline Params param_count(double x) { return detail::from_raw<Params>(x); }
inline FlopsPerParamToken flop_per_param_token(double x) { return detail::from_raw<FlopsPerParamToken>(x); }
inline BytesPerParam bytes_per_param(double x) { return detail::from_raw<BytesPerParam>(x); }
inline Watts watts(double x) { return detail::from_raw<Watts>(x); }
inline Joules joules(double x) { return detail::from_raw<Joules>(x); }
inline KilowattHours kwh(double x) { return detail::from_raw<Joules>(x * joules_per_kilowatt_hour); }
inline UsdPerWatt usd_per_watt(double x) { return detail::from_raw<UsdPerWatt>(x); }
inline UsdPerWatt usd_per_mw(double x) { return detail::from_raw<UsdPerWatt>(x / 1e6); }
/// $/kW-month of capacity (a month is 1/12 of a Julian year): x / (1000 W · seconds_per_year/12).
inline UsdPerKilowattMonth usd_per_kw_month(double x) {
  return detail::from_raw<UsdPerKilowattMonth>(x / (1000.0 * seconds_per_year / 12.0));
}

// ---- named readers ---------------------------------------------------------------
inline double in_hours(Seconds t) { return detail::to_raw(t) / seconds_per_hour; }
inline double in_days(Seconds t) { return detail::to_raw(t) / seconds_per_day; }
inline double in_gpu_hours(GpuSeconds t) { return detail::to_raw(t) / seconds_per_hour; }
inline double in_usd_per_gpu_hour(UsdPerGpuHour p) { return detail::to_raw(p) * seconds_per_hour; }
inline double in_usd_per_kwh(UsdPerKilowattHour p) {
  return detail::to_raw(p) * joules_per_kilowatt_hour;
}
inline double in_usd_per_mtok(UsdPerToken p) { return detail::to_raw(p) * 1e6; }
inline double in_kwh(Joules e) { return detail::to_raw(e) / joules_per_kilowatt_hour; }
inline double in_usd_per_mw(UsdPerWatt p) { return detail::to_raw(p) * 1e6; }
inline double in_usd_per_kw_month(UsdPerKilowattMonth p) {
  return detail::to_raw(p) * 1000.0 * seconds_per_year / 12.0;
}
inline double in_years(Seconds t) { return detail::to_raw(t) / seconds_per_year; }

namespace literals {
// clang-format off
inline Flops operator""_flop(long double x) { return flop(static_cast<double>(x)); }
inline Usd operator""_usd(long double x) { return usd(static_cast<double>(x)); }
inline Usd operator""_usd(unsigned long long x) { return usd(static_cast<double>(x)); }
inline GpuHours operator""_gpu_h(long double x) { return gpu_hours(static_cast<double>(x)); }
inline GpuHours operator""_gpu_h(unsigned long long x) { return gpu_hours(static_cast<double>(x)); }
inline Gpus operator""_gpus(unsigned long long x) { return gpu_count(static_cast<double>(x)); }
inline Tokens operator""_tok(long double x) { return token_count(static_cast<double>(x)); }
inline Tokens operator""_tok(unsigned long long x) { return token_count(static_cast<double>(x)); }
inline Seconds operator""_s(long double x) { return seconds(static_cast<double>(x)); }
inline Seconds operator""_s(unsigned long long x) { return seconds(static_cast<double>(x)); }
inline Seconds operator""_h(long double x) { return hours(static_cast<double>(x)); }
inline Seconds operator""_h(unsigned long long x) { return hours(static_cast<double>(x)); }
// clang-format on
}  // namespace literals

/// True when `Q` is one of llmcost's quantity types (for static_asserts in templates).
template <class Q>
inline constexpr bool is_quantity_v = false;
template <class U>
inline constexpr bool is_quantity_v<boost::units::quantity<U, double>> = true;

}  // namespace llmcost
