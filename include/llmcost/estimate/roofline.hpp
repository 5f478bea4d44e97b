#pragma once
// File: llmcost/estimate/roofline.hpp
//
// The roofline time of one kernel (Williams, Waterman & Patterson, CACM 2009): work runs
// no faster than the compute peak and its traffic no faster than the memory bandwidth,
// each derated by a named, sourced efficiency, so
//   t = max(FLOPs / (peak × η_compute), bytes / (bandwidth × η_memory)).
// A transfer over a link takes bytes / (per-direction bandwidth × η_link).
//
//   RooflineTerm t = roofline(flop(2e12), flop_per_s(1979e12), ratio(0.68), bytes(16e9),
//                             bytes_per_s(3.35e12), ratio(0.9));
//   Seconds s = t.time();   // memory-bound here: 16 GB / 3.0 TB/s
#include <algorithm>

#include "llmcost/units.hpp"

namespace llmcost {

/// The two sides of a roofline and which one binds.
struct RooflineTerm {
  Seconds compute;  ///< FLOPs / effective peak [s]
  Seconds memory;   ///< bytes / effective bandwidth [s]
  /// max(compute, memory) [s]
  [[nodiscard]] Seconds time() const { return compute > memory ? compute : memory; }
  [[nodiscard]] bool compute_bound() const { return compute >= memory; }
  RooflineTerm& operator+=(const RooflineTerm& o) {
    compute += o.compute;
    memory += o.memory;
    return *this;
  }
};

/// Roofline of one kernel. Efficiencies are fractions of the peak in (0, 1] (not checked
/// here: the estimators validate them once at their entry point, so this stays noexcept).
inline RooflineTerm roofline(Flops work, FlopsPerSecond peak, Ratio compute_efficiency, Bytes traffic,
                             BytesPerSecond bandwidth, Ratio memory_efficiency) noexcept {
  return {work / (peak * compute_efficiency), traffic / (bandwidth * memory_efficiency)};
}

/// Time to move `traffic` over a link of `per_direction` bandwidth at `efficiency` [s].
inline Seconds transfer_time(Bytes traffic, BytesPerSecond per_direction, Ratio efficiency) noexcept {
  return traffic / (per_direction * efficiency);
}

}  // namespace llmcost
