#pragma once
// File: llmcost/estimate/kernel_tables.hpp
//
// Measured kernel performance by shape, as the kernel authors publish it (data/kernel_tables.toml,
// docs/kernel-tables.md): DeepGEMM's FP8 GEMM and grouped-GEMM tables, FlashMLA's decode
// attention, flash attention in prefill, and DeepEP's all-to-all dispatch and combine in normal
// and low-latency modes. Every row has a source, a commit and a grade.
//
// The rule that carries a measurement to another shape and another chip:
//   * a row becomes the FRACTION OF ITS CHIP'S ROOFLINE it reached,
//       f = roofline time on the measured chip / measured time
//         = max(achieved TFLOP/s ÷ peak, achieved bytes/s ÷ HBM bandwidth)
//     (bytes from the shape: weights + inputs + BF16 outputs), keyed by the kernel's arithmetic
//     intensity (FLOP per byte) for GEMMs, the sequence length for prefill attention and the
//     expert-parallel degree for all-to-all (achieved ÷ the link's nominal per-direction rate in
//     the catalog; DeepEP's logical bandwidth is first scaled to the physical bytes the serving
//     model counts: × (1 − 1/nodes) for normal-mode RDMA, × (1 − 1/ranks) in low-latency mode);
//   * between rows, f is interpolated linearly in the log of the key; beyond the table it is
//     held at the nearest row's value (no extrapolation);
//   * a kernel on another chip takes that chip's roofline ÷ f: it keeps the fraction of peak the
//     measured chip reached at the same intensity. That is an assumption (stated in every
//     result's defaults): a chip with more SMs per byte of bandwidth may do better or worse.
// The spread of each table is its leave-one-row-out interpolation error (the median relative
// error of predicting each interior row from its neighbours); serving intervals scale every
// fraction by (1 ± spread).
//
//   const KernelTables& t = KernelTables::builtin();
//   double f = t.gemm_fraction(GemmLayout::grouped_masked, Precision::fp8, 120.0);
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"

namespace llmcost {

class Catalog;

/// How a GEMM's operands are laid out (DeepGEMM's three kernels).
enum class GemmLayout {
  dense,               ///< one matrix (attention projections, dense FFN, shared expert, LM head)
  grouped_contiguous,  ///< experts' tokens concatenated (prefill MoE)
  grouped_masked       ///< fixed slots per expert, masked (decode MoE, CUDA-graph friendly)
};
/// DeepEP's two all-to-all modes.
enum class AllToAllMode {
  normal,      ///< high throughput, NVLink forwarding + RDMA, uses SMs (prefill)
  low_latency  ///< pure RDMA, hook-based, no SMs held (decode)
};
enum class AllToAllOp { dispatch, combine };

std::string_view to_string(GemmLayout l) noexcept;
std::string_view to_string(AllToAllMode m) noexcept;
std::string_view to_string(AllToAllOp o) noexcept;

/// One interpolated curve: fraction of the roofline (or link) against ln(key).
class KernelCurve {
 public:
  KernelCurve() = default;
  /// Points (key > 0, fraction in (0, 1.5]); keys equal after rounding are averaged.
  KernelCurve(std::string name, std::vector<std::pair<double, double>> key_fraction);
  /// f at `key`: linear in ln(key) between points, held at the ends. Empty curve: 0.
  [[nodiscard]] double at(double key) const noexcept;
  /// Median relative error of predicting each interior point from the others (0 with < 3 points).
  [[nodiscard]] double spread() const noexcept { return spread_; }
  [[nodiscard]] bool empty() const noexcept { return x_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return x_.size(); }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  std::vector<double> x_, y_;  // ln(key), fraction; sorted by x
  double spread_ = 0;
};

/// The measured tables, as fractions of their chips' rooflines.
class KernelTables {
 public:
  /// The built-in tables (data/kernel_tables.toml; rooflines from the built-in catalog).
  static const KernelTables& builtin();
  /// Tables from TOML text (same schema). Every problem is reported at once, as
  /// invalid_input [llmcost.kernels.invalid_file] with origin:line:col; a row's chip must be in
  /// `catalog` with the needed peak and bandwidth.
  static KernelTables parse(std::string_view text, std::string_view origin, const Catalog& catalog);
  /// The same from a file (io_error [llmcost.io.*] when it cannot be read).
  static KernelTables from_file(const std::filesystem::path& path, const Catalog& catalog);

  /// GEMM fraction of the roofline at `flop_per_byte`. BF16 without its own rows uses the FP8
  /// curve of the same layout; a grouped layout without rows uses the dense curve.
  [[nodiscard]] const KernelCurve& gemm(GemmLayout layout, Precision p) const noexcept;
  /// Decode attention (FlashMLA): fractions of the BF16 peak and of the HBM bandwidth reached in
  /// its compute-bound and memory-bound configurations (latest published row of each).
  [[nodiscard]] double decode_attention_compute() const noexcept { return decode_compute_; }
  [[nodiscard]] double decode_attention_memory() const noexcept { return decode_memory_; }
  /// Prefill attention against the sequence length (fraction of the BF16 peak); empty when no
  /// shape rows are published (callers then use decode_attention_compute, named in defaults).
  [[nodiscard]] const KernelCurve& prefill_attention() const noexcept { return prefill_; }
  /// All-to-all against the expert-parallel degree (achieved ÷ nominal per-direction link).
  [[nodiscard]] const KernelCurve& all_to_all(AllToAllMode m, AllToAllOp o, bool rdma) const noexcept;
  /// The largest spread of any non-empty curve (the interval half-width used by serving).
  [[nodiscard]] double spread() const noexcept;
  /// Every curve (for docs and tests).
  [[nodiscard]] std::vector<const KernelCurve*> curves() const;
  [[nodiscard]] const std::vector<Provenance>& sources() const noexcept { return sources_; }
  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }

 private:
  KernelCurve gemm_[3][2];       // layout × {fp8, bf16}
  KernelCurve a2a_[2][2][2];     // mode × op × {nvlink, rdma}
  KernelCurve prefill_;
  double decode_compute_ = 0, decode_memory_ = 0;
  std::vector<Provenance> sources_;
  std::size_t rows_ = 0;
};

}  // namespace llmcost
