// Static tests of the unit algebra (mp-units test/static style): if this file
// compiles, the identities hold. Built by the CTest `static.units_algebra`.
#include <type_traits>

#include "llmcost/units.hpp"

using namespace llmcost;

template <class A, class B>
inline constexpr bool same = std::is_same_v<A, B>;

// GPU-hours / GPUs = hours (time), not GPU-hours.
static_assert(same<decltype(GpuHours{} / Gpus{}), Seconds>);
static_assert(!same<GpuHours, Hours>);
// GPUs × time = GPU-time.
static_assert(same<decltype(Gpus{} * Seconds{}), GpuHours>);
// FLOP / (FLOP/s) = s.
static_assert(same<decltype(Flops{} / FlopsPerSecond{}), Seconds>);
// FLOP/s × s = FLOP.
static_assert(same<decltype(FlopsPerSecond{} * Seconds{}), Flops>);
// GPU-hours × $/GPU-hour = $.
static_assert(same<decltype(GpuHours{} * UsdPerGpuHour{}), Usd>);
// $ / tokens = $/token; × tokens = $.
static_assert(same<decltype(Usd{} / Tokens{}), UsdPerToken>);
static_assert(same<decltype(UsdPerToken{} * Tokens{}), Usd>);
// W × s = J; J × $/kWh = $.
static_assert(same<decltype(Watts{} * Seconds{}), Joules>);
static_assert(same<decltype(Joules{} * UsdPerKilowattHour{}), Usd>);
// bytes / (bytes/s) = s; tokens / (tokens/s) = s.
static_assert(same<decltype(Bytes{} / BytesPerSecond{}), Seconds>);
static_assert(same<decltype(Tokens{} / TokensPerSecond{}), Seconds>);
// FLOP/token × tokens = FLOP.
static_assert(same<decltype(FlopsPerToken{} * Tokens{}), Flops>);
// (FLOP/s) / (FLOP/s) is a pure number (MFU).
static_assert(same<decltype(FlopsPerSecond{} / FlopsPerSecond{}), Ratio>);
// $/GPU × GPUs = $ (fleet capex).
static_assert(same<decltype(UsdPerGpu{} * Gpus{}), Usd>);
// 6 FLOP/(param·token) × params × tokens = FLOP (Kaplan et al. 2020, C ≈ 6·N·D).
static_assert(same<decltype(FlopsPerParamToken{} * Params{} * Tokens{}), Flops>);
// params × bytes/param = bytes.
static_assert(same<decltype(Params{} * BytesPerParam{}), Bytes>);
// Named constructors agree on the scale.
static_assert(is_quantity_v<Usd> && !is_quantity_v<double>);
