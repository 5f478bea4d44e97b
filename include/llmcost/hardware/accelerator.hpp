#pragma once
// File: llmcost/hardware/accelerator.hpp
//
// An accelerator (GPU/TPU/NPU) as market data: dense peak throughput per precision,
// memory, interconnect, power and price anchors, each number with its source and
// grade (see provenance.hpp).
//
// Conventions:
//  * Peaks are DENSE (no 2:4 sparsity). NVIDIA prints sparse figures for TF32 and
//    below; the catalog halves them. INT8 is counted in OP/s.
//  * `scale_up_bandwidth` (NVLink-class) and `scale_out_bandwidth` (NIC) are
//    BIDIRECTIONAL per GPU (NVIDIA's convention: H100 NVLink 900 GB/s = 450 GB/s
//    each way). Use `*_per_direction()` for one direction.
//  * An absent optional means unsupported or unknown; nothing is invented.
//
//   const auto& h800 = llmcost::chip("H800");
//   FlopsPerSecond p = h800.require_peak(Precision::bf16);   // 989 TFLOP/s
//   auto nvlink = h800.scale_up_bandwidth->value;            // 400 GB/s
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Numeric precision of a matrix unit.
enum class Precision { fp64, tf32, bf16, fp16, fp8, int8, fp4 };

inline constexpr std::array<Precision, 7> all_precisions{
    Precision::fp64, Precision::tf32, Precision::bf16, Precision::fp16,
    Precision::fp8,  Precision::int8, Precision::fp4};

/// "fp64", "tf32", "bf16", "fp16", "fp8", "int8", "fp4".
constexpr std::string_view to_string(Precision p) noexcept {
  switch (p) {
    case Precision::fp64: return "fp64";
    case Precision::tf32: return "tf32";
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
    case Precision::fp8: return "fp8";
    case Precision::int8: return "int8";
    case Precision::fp4: return "fp4";
  }
  return "bf16";
}

namespace detail {
/// "a, b, c" of the precisions for which `keep(p)` holds, in all_precisions order.
template <class Keep>
std::string precision_list(Keep keep) {
  std::string out;
  for (Precision p : all_precisions) {
    if (!keep(p)) continue;
    if (!out.empty()) out += ", ";
    out += to_string(p);
  }
  return out;
}
}  // namespace detail

/// Parses a precision name (case-sensitive, lower case). Throws invalid_input
/// [llmcost.precision.unknown] listing the valid names.
inline Precision parse_precision(std::string_view name) {
  for (Precision p : all_precisions)
    if (to_string(p) == name) return p;
  throw invalid_input("llmcost.precision.unknown",
                      detail::concat("precision ", detail::quoted(name), " is unknown; choices: ",
                                     detail::precision_list([](Precision) { return true; })));
}

/// One accelerator model, per device.
struct Accelerator {
  std::string id;                    ///< canonical id, e.g. "H800-SXM"
  std::string full_name;             ///< e.g. "NVIDIA H800 SXM5 80GB"
  std::string vendor;                ///< e.g. "NVIDIA"
  std::vector<std::string> aliases;  ///< other names accepted by lookup
  std::string notes;

  std::optional<Sourced<int>> launch_year;
  std::optional<Sourced<int>> gpus_per_node;
  /// Dense peak per precision, indexed by `static_cast<size_t>(Precision)`.
  std::array<std::optional<Sourced<FlopsPerSecond>>, 7> peak{};
  std::optional<Sourced<Bytes>> hbm_capacity;
  std::optional<Sourced<BytesPerSecond>> hbm_bandwidth;
  std::optional<Sourced<BytesPerSecond>> scale_up_bandwidth;   ///< bidirectional, per GPU
  std::optional<Sourced<BytesPerSecond>> scale_out_bandwidth;  ///< bidirectional, per GPU
  std::optional<Sourced<Watts>> tdp;
  /// Measured maximum achievable matmul efficiency: the best TFLOP/s a large GEMM reaches over the
  /// dense peak, for BF16/FP16 GEMMs and for FP8 (and narrower) GEMMs. The step-time model runs large
  /// GEMMs at it; without it, at the model's generic constants (named in its result).
  std::optional<Sourced<Ratio>> matmul_efficiency_bf16, matmul_efficiency_fp8;
  std::optional<SourcedRange<UsdPerGpuHour>> rental_price;   ///< per GPU-hour
  std::optional<SourcedRange<UsdPerGpu>> purchase_price;     ///< per GPU

  /// The sourced dense peak at `p`, or nullptr when the chip lacks it.
  [[nodiscard]] const Sourced<FlopsPerSecond>* peak_at(Precision p) const noexcept {
    const auto& slot = peak[static_cast<std::size_t>(p)];
    return slot ? &*slot : nullptr;
  }
  /// True when the catalog lists a peak at `p`.
  [[nodiscard]] bool supports(Precision p) const noexcept { return peak_at(p) != nullptr; }
  /// Dense peak at `p`. Throws invalid_input [llmcost.hardware.unsupported_precision]
  /// naming the precisions the chip does have (e.g. FP8 on an A100).
  [[nodiscard]] FlopsPerSecond require_peak(Precision p) const {
    if (const auto* s = peak_at(p)) return s->value;
    const std::string have = detail::precision_list([this](Precision q) { return supports(q); });
    throw invalid_input("llmcost.hardware.unsupported_precision",
                        detail::concat(detail::quoted(id), " has no ", to_string(p),
                                       " peak in the catalog; it supports: ", have.empty() ? "none listed" : have));
  }
  /// One direction of the scale-up link (half the bidirectional figure).
  [[nodiscard]] std::optional<BytesPerSecond> scale_up_per_direction() const {
    if (!scale_up_bandwidth) return std::nullopt;
    return scale_up_bandwidth->value / 2.0;
  }
  /// One direction of the scale-out NIC bandwidth (half the bidirectional figure).
  [[nodiscard]] std::optional<BytesPerSecond> scale_out_per_direction() const {
    if (!scale_out_bandwidth) return std::nullopt;
    return scale_out_bandwidth->value / 2.0;
  }
};

}  // namespace llmcost
