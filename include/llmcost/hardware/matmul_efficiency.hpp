#pragma once
// File: llmcost/hardware/matmul_efficiency.hpp
//
// Measured maximum achievable matmul efficiency of a chip: the best TFLOPS a large GEMM
// reaches over the catalog's dense peak, per precision class (BF16/FP16, and FP8). The step-time
// model (estimate/step_time.hpp) runs large GEMMs at this fraction; a chip without a measurement
// falls back to the model's generic constants, and the result names that default.
// Data: data/matmul_efficiency.toml (embedded), sourced per row (S. Bekman's MAMF table; DeepGEMM).
//
//   if (auto e = measured_matmul_efficiency("H100-SXM", Precision::bf16)) e->value;  // 0.803
#include <optional>
#include <string_view>

#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The measured efficiency of the catalog chip `chip_id` for GEMMs at `p`: the BF16 row for
/// BF16/FP16/TF32/FP64, the FP8 row for FP8/FP4/INT8; nullopt when the chip has no measurement
/// for that class. Matches the catalog id exactly (not aliases: pass Accelerator::id).
std::optional<Sourced<Ratio>> measured_matmul_efficiency(std::string_view chip_id, Precision p);

}  // namespace llmcost
