#pragma once
// File: llmcost/estimate/step_time.hpp
//
// Time of one training step (one optimizer update over the global batch) of a
// Transformer under a parallel layout (layout.hpp), from first principles plus a few
// documented global constants (StepTimeConstants; docs/step-time.md):
//
//  * GEMMs: FLOPs / (peak at the GEMM precision × η(F)), with the kernel-efficiency curve
//    η(F) = η_max / (1 + η_max·peak·t0 / F) in the FLOPs F of one GEMM call (a call takes
//    F/(η_max·peak) + t0); η_max is the chip's measured maximum achievable matmul efficiency
//    (catalog fields matmul_efficiency_bf16 / _fp8; else 0.838 BF16, the GH200's 828.6 of 989
//    TFLOPS in S. Bekman's MAMF table, and 0.682 FP8, DeepGEMM's 1350 of 1979 on H800).
//    Backward = 2 × forward; an MoE layer runs one call per local expert.
//  * Attention core: FlashAttention-style (no s² traffic, causal skip, backward 2.5 × forward
//    FLOPs) at η_flash, or the 2022 Megatron path (batched GEMMs over the full s² plus the
//    softmax/mask/dropout traffic of 13 B per score element forward).
//  * Memory-bound ops (norms, residual/dropout, activations, MoE permutation, FP8 casts,
//    optimizer step) at HBM bandwidth × η_mem.
//  * TP/SP: 2 all-gathers + 2 reduce-scatters (or 2 all-reduces) of b·s·h per layer and pass
//    over the scale-up link (scale-out when TP spans nodes), ring volume (t−1)/t.
//    EP: dispatch (FP8 or BF16) + combine (BF16) all-to-all, the remote-node share over
//    scale-out with node-limited routing, the rest over scale-up. CP: ring K/V exchange.
//    PP: point-to-point activations per micro-batch; bubble (p−1)/m (1F1B), (p−1)/(v·m)
//    (interleaved), (p/2−1)(F&B + B − 3W) (DualPipe, DeepSeek-V3 report Table 2).
//    DP/ZeRO: gradient reduce-scatter + parameter all-gather (all-reduce for ZeRO-0) over
//    scale-out. Links run at
//    bandwidth-per-direction × η_link (DeepSeek-V3 §3.2.2: ~160 of 200 GB/s NVLink).
//  * Overlap: one compute budget hides communication once (TP, then EP, then CP inside a layer;
//    pipeline sends and DP collectives from what the layers leave free); hidden traffic costs
//    f/(1 − f) of its time in compute (f = collective_sm_fraction, DeepSeek-V3: 20 of 132 SMs)
//    unless SMs are reserved for communication, which slow GEMMs and attention by 1/(1 − f_sm).
//    ZeRO-2/3 reduce gradients every micro-batch; ZeRO-3 gathers weights for every forward,
//    backward and recomputed forward.
//  * Memory per GPU: weights, gradients and optimizer states under ZeRO; activations per
//    Korthikanti et al. 2022 (arXiv:2205.05198, §4, eqs. 1–6) generalised to GQA/MLA,
//    gated and MoE FFNs, times the micro-batches in flight.
//
//   TrainingWorkload w{model_preset("gpt-3-175b"), token_count(2048), 64};
//   StepCluster c = step_cluster(chip("A100-SXM-80GB"), gpu_count(64));
//   StepTimeEstimate e = estimate_step_time(w, c, Layout{.tp = 8, .pp = 8, ...});
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/layout.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The hardware a step runs on: a chip, a GPU count and the links (per direction).
struct StepCluster {
  Accelerator accelerator;  ///< the catalog's chip, with stated defaults filled in where it lacks HBM figures
  Gpus gpus = gpu_count(0);
  int gpus_per_node = 8;
  BytesPerSecond scale_up_per_direction = bytes_per_s(0);   ///< NVLink-class, one direction, per GPU
  BytesPerSecond scale_out_per_direction = bytes_per_s(0);  ///< NIC, one direction, per GPU
  /// The stated defaults that stood in for figures the catalog lacks (gpus_per_node, links, HBM),
  /// each with its value and source; empty when the catalog (or the caller) gave every figure.
  std::vector<DefaultUsed> defaults;
};

/// The figures step_cluster() takes when the catalog lacks one and the caller gives none
/// (docs/step-time.md, "Chips with missing figures"). None is an H100 figure.
struct StepClusterFallbacks {
  /// One 200 Gb/s HDR InfiniBand NIC per GPU, the DGX A100 design (Korthikanti et al. 2022,
  /// arXiv:2205.05198: Selene, 8 × 200 Gb/s HDR per 8-GPU node): 25e9 B/s each way.
  static constexpr double scale_out_per_direction_bytes_per_s = 200e9 / 8;
  /// PCIe 4.0 ×16 (PCI-SIG PCIe 4.0 base specification: 16 GT/s per lane, 128b/130b encoding):
  /// 16e9 × 16 × 128/130 / 8 ≈ 31.5e9 B/s each way, the link of a GPU without NVLink.
  static constexpr double scale_up_per_direction_bytes_per_s = 16e9 * 16 * 128.0 / 130.0 / 8;
  /// GPUs per scale-up domain: the 8-GPU DGX/HGX node.
  static constexpr int gpus_per_node = 8;
  /// HBM of the A100 40GB (NVIDIA A100 datasheet: 40 GB at 1,555 GB/s), the smallest HBM2-class
  /// figures of the catalog's training GPUs.
  static constexpr double hbm_bandwidth_bytes_per_s = 1555e9;
  static constexpr double hbm_capacity_bytes = 40e9;
};

/// A cluster of `gpus` × `chip` with the catalog's links (half the bidirectional figures)
/// unless overridden. Where the catalog lacks a figure the step-time model needs (gpus per node,
/// scale-up or scale-out bandwidth, HBM bandwidth or capacity) and no override is given, the
/// StepClusterFallbacks value stands in and is listed in `defaults` with its source. Throws
/// invalid_input [llmcost.step_time.invalid] for a bad GPU count or non-positive bandwidths.
StepCluster step_cluster(const Accelerator& chip, Gpus gpus,
                         std::optional<BytesPerSecond> scale_out_per_direction = std::nullopt,
                         std::optional<BytesPerSecond> scale_up_per_direction = std::nullopt);

/// The 16-bit precision of mixed-precision training on `chip`, the default of GEMMs and attention:
/// BF16, or FP16 on a chip without a BF16 peak (V100, Ascend).
[[nodiscard]] inline Precision training_precision(const Accelerator& chip) noexcept {
  return chip.supports(Precision::bf16) || !chip.supports(Precision::fp16) ? Precision::bf16 : Precision::fp16;
}

/// The global constants of the model (one set for every prediction; docs/step-time.md).
struct StepTimeConstants {
  Ratio gemm_max_efficiency_bf16 = ratio(0.838);  ///< MAMF: 828.6 / 989 TFLOPS (Bekman, ML Engineering)
  Ratio gemm_max_efficiency_fp8 = ratio(0.682);   ///< DeepGEMM 1350 / 1979 TFLOPS (open-infra-index)
  Seconds gemm_call_overhead = seconds(0);        ///< t0 of η(F) per GEMM call (default 20 µs, calibrated)
  Ratio flash_attention_efficiency = ratio(0);    ///< η_flash of the attention peak (default 0.35: FA2 on H100, FA3 paper)
  Ratio memory_bandwidth_efficiency = ratio(0);   ///< η_mem of HBM bandwidth (default 0.55, calibrated)
  Ratio scale_up_efficiency = ratio(0.8);         ///< DeepSeek-V3 §3.2.2: 160 of 200 GB/s per direction
  Ratio scale_out_efficiency = ratio(1.0);        ///< DeepSeek-V3 §3.2.2: ~50 of 50 GB/s (400 Gb/s IB)
  /// SM share a collective takes from concurrent compute (DeepSeek-V3 §3.2.2: 20 of 132 H800 SMs
  /// saturate IB and NVLink): hidden communication costs f/(1 − f) of its time in compute.
  Ratio collective_sm_fraction = ratio(20.0 / 132.0);
};
/// The documented defaults (docs/step-time.md has the sources and the calibration).
const StepTimeConstants& default_step_time_constants();
/// The constants for `chip`: the defaults with the chip's measured matmul efficiencies
/// (Accelerator::matmul_efficiency_bf16 / _fp8) where the catalog has them. `defaults`, when given, receives one entry
/// per generic constant that stands in for a missing measurement.
StepTimeConstants step_time_constants_for(const Accelerator& chip, std::vector<DefaultUsed>* defaults = nullptr);

/// Where a step's time goes [s per step]; the fields add up to `step_time`.
struct StepTimeBreakdown {
  Seconds gemm = seconds(0);          ///< linear layers incl. LM head (and recompute of them)
  Seconds attention = seconds(0);     ///< attention core (incl. recompute)
  Seconds memory_bound = seconds(0);  ///< norms, activations, permutations, casts (incl. recompute)
  Seconds tp_comm = seconds(0);       ///< exposed TP/SP collectives
  Seconds cp_comm = seconds(0);       ///< exposed ring-attention exchange
  Seconds ep_comm = seconds(0);       ///< exposed MoE all-to-all
  Seconds pp_p2p = seconds(0);        ///< exposed pipeline sends
  Seconds pp_bubble = seconds(0);     ///< pipeline fill and drain
  Seconds dp_comm = seconds(0);       ///< exposed gradient/parameter collectives
  Seconds optimizer = seconds(0);     ///< optimizer step
  [[nodiscard]] Seconds total() const {
    return gemm + attention + memory_bound + tp_comm + cp_comm + ep_comm + pp_p2p + pp_bubble + dp_comm +
           optimizer;
  }
};

/// Memory per GPU of the most loaded pipeline stage [B].
struct MemoryPerGpu {
  Bytes weights = bytes(0);
  Bytes gradients = bytes(0);
  Bytes optimizer_states = bytes(0);  ///< master weights + optimizer moments
  Bytes activations = bytes(0);       ///< Korthikanti et al. 2022, × micro-batches in flight
  Bytes capacity = bytes(0);          ///< HBM of the chip
  [[nodiscard]] Bytes total() const { return weights + gradients + optimizer_states + activations; }
  [[nodiscard]] bool fits() const { return total() <= capacity; }
};

/// The estimate of one step.
struct StepTimeEstimate {
  Layout layout;
  Seconds step_time = seconds(0);
  Flops model_flops = flop(0);            ///< per step: training_flops_per_token (causal, no recompute,
                                          ///< main model without MTP) × tokens
  Ratio mfu = ratio(0);                   ///< model FLOPs / (GPUs × step time × dense peak of mfu_basis)
  Precision mfu_basis = Precision::bf16;  ///< BF16 (FP16 on chips without a BF16 peak)
  FlopsPerSecond model_flops_per_gpu = flop_per_s(0);
  Tokens tokens_per_step = token_count(0);
  TokensPerSecond tokens_per_s = llmcost::tokens_per_s(0);
  int micro_batches = 0;                  ///< per pipeline per step
  Ratio bubble_fraction = ratio(0);       ///< bubble / (step time − bubble − DP − optimizer)
  StepTimeBreakdown breakdown;
  MemoryPerGpu memory;
  std::string bottleneck;                 ///< the largest breakdown component's name
};

/// A model prepared for many evaluations (the layout search): derived shapes computed once.
class StepTimeModel {
 public:
  /// Validates the workload and cluster. Throws invalid_input [llmcost.step_time.invalid].
  /// Without constants: step_time_constants_for(cluster.accelerator).
  StepTimeModel(TrainingWorkload workload, StepCluster cluster, StepTimeConstants constants);
  StepTimeModel(TrainingWorkload workload, StepCluster cluster);
  /// The estimate of `l`. Throws invalid_input with the layout's tag(s) (check_layout) and
  /// [llmcost.hardware.unsupported_precision] when the chip lacks a precision.
  [[nodiscard]] StepTimeEstimate evaluate(const Layout& l) const;
  /// Like evaluate() without the layout check (the caller has checked it): the search's hot path.
  [[nodiscard]] StepTimeEstimate evaluate_unchecked(const Layout& l) const;
  [[nodiscard]] const TrainingWorkload& workload() const noexcept { return workload_; }
  [[nodiscard]] const StepCluster& cluster() const noexcept { return cluster_; }

  struct Shape;  // derived per-layer sizes, defined in src/estimate/step_time.cpp

 private:
  TrainingWorkload workload_;
  StepCluster cluster_;
  StepTimeConstants constants_;
  std::shared_ptr<const Shape> shape_;
};

/// One-shot estimate. Throws as StepTimeModel and evaluate().
StepTimeEstimate estimate_step_time(const TrainingWorkload& w, const StepCluster& c, const Layout& l);

/// The estimate's MFU (against the dense BF16 peak), for use as a TrainingRun efficiency.
inline Ratio predicted_mfu(const StepTimeEstimate& e) { return e.mfu; }

/// DeepSeek-V3's pre-training workload: the main model + 1 MTP module, 4K sequences, batch
/// 15,360 (V3 report §4.2), each token routed to at most 4 nodes (§3.2.2).
TrainingWorkload deepseek_v3_workload();

/// DeepSeek-V3's published layout on 2,048 GPUs (V3 report §3.2: PP16 DualPipe, EP64 over 8
/// nodes, ZeRO-1 DP128, no TP; FP8 GEMMs, BF16 attention; 20 of 132 SMs for communication;
/// BF16 weights, FP32 master and gradients, BF16 moments; micro-batch 1, which is not published).
Layout deepseek_v3_layout();

/// 2,048 × `chip` with the catalog's links; a chip without a catalog scale-out figure gets the
/// DeepSeek cluster's 400 Gb/s InfiniBand per GPU (ISCA '25 §5), so that H800 vs H100 differ
/// only by the chip.
StepCluster deepseek_v3_cluster(const Accelerator& chip);

/// estimate_step_time(deepseek_v3_workload(), deepseek_v3_cluster(chip), deepseek_v3_layout()).
StepTimeEstimate deepseek_v3_published_layout(const Accelerator& chip);

/// The estimate as JSON (units in the key names, SI values).
std::string to_json(const StepTimeEstimate& e, int indent = 2);

}  // namespace llmcost
