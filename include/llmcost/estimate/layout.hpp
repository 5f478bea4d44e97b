#pragma once
// File: llmcost/estimate/layout.hpp
//
// A parallel layout for training one Transformer on a homogeneous cluster: tensor (TP),
// pipeline (PP, with its schedule), data (DP), expert (EP) and context (CP) parallelism,
// sequence parallelism, micro-batching, activation recomputation, ZeRO sharding,
// precision per op class and communication/computation overlap.
//
// Rank order follows Megatron-LM: TP innermost, then CP, then DP (EP is carved out of
// DP×CP), PP outermost, so GPUs = TP × CP × DP × PP and a TP group sits inside a node
// when TP ≤ GPUs per node. The number of micro-batches per step is derived from the
// global batch: m = global_batch / (DP × micro_batch_size).
//
// Constraints (each violation has its own stable tag, see check_layout):
//   TP divides attention heads (and KV heads for GQA)     llmcost.layout.tp_heads
//   PP × virtual stages ≤ layers                           llmcost.layout.pp_layers
//   EP divides routed experts and DP × CP; EP = 1 if dense llmcost.layout.ep_experts
//   TP × CP × DP × PP = GPUs                               llmcost.layout.gpu_product
//   CP divides the sequence length                         llmcost.layout.cp_seq
//   DP × micro-batch divides the global batch              llmcost.layout.batch
//   interleaved: v ≥ 2 and m a multiple of PP (Megatron); DualPipe: PP and m even
//                                                          llmcost.layout.schedule
//   ZeRO stage in 0..3, sizes ≥ 1                          llmcost.layout.invalid
//
//   Layout l{.tp = 8, .pp = 8, .dp = 1, .schedule = PipelineSchedule::interleaved,
//            .virtual_stages = 3, .recompute = Recompute::selective};
//   auto problems = check_layout(workload, gpu_count(64), l);   // empty when valid
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// Pipeline schedule.
enum class PipelineSchedule {
  one_f_one_b,  ///< PipeDream-Flush 1F1B: bubble (p−1)/m of the ideal time
  interleaved,  ///< Megatron interleaved 1F1B with v model chunks per GPU: bubble (p−1)/(v·m)
  dualpipe,     ///< DeepSeek-V3 DualPipe: bidirectional, overlaps forward/backward chunks
};
/// "1f1b", "interleaved", "dualpipe".
std::string_view to_string(PipelineSchedule s) noexcept;
/// Parses "1f1b" | "interleaved" | "dualpipe". Throws invalid_input [llmcost.layout.schedule].
PipelineSchedule parse_pipeline_schedule(std::string_view name);
/// Parses "none" | "selective" | "full". Throws invalid_input [llmcost.layout.recompute].
Recompute parse_recompute(std::string_view name);

/// Precision per op class.
struct PrecisionPolicy {
  Precision gemm = Precision::bf16;       ///< linear layers (DeepSeek-V3: fp8)
  Precision attention = Precision::bf16;  ///< attention core, LM head, router (DeepSeek-V3: bf16)
  /// Bytes per parameter of training state: Megatron-LM mixed precision keeps fp16/bf16
  /// weights, fp32 main gradients, fp32 master weights and fp32 Adam moments (2+4+4+8 = 18 B).
  OptimizerStateLayout state{bytes_per_param(2), bytes_per_param(4), bytes_per_param(4), bytes_per_param(8)};
};

/// Fraction of each communication that can hide behind concurrent computation, in [0, 1].
struct CommOverlap {
  Ratio tp = ratio(0);  ///< TP/SP collectives (Megatron-LM 2022: not overlapped)
  Ratio ep = ratio(0);  ///< MoE all-to-all (DualPipe overlaps it with another micro-batch)
  Ratio cp = ratio(1);  ///< ring-attention K/V exchange (overlapped with the attention blocks)
  Ratio pp = ratio(0);  ///< pipeline point-to-point sends
  Ratio dp = ratio(1);  ///< gradient reduce-scatter / parameter all-gather (bucketed, with the
                        ///< backward of the last / forward of the first micro-batch)
};

/// One parallel layout.
struct Layout {
  int tp = 1;                      ///< tensor-parallel size
  int pp = 1;                      ///< pipeline stages
  int dp = 1;                      ///< data-parallel replicas
  int ep = 1;                      ///< expert-parallel size (within DP × CP)
  int cp = 1;                      ///< context-parallel size (sequence split for attention)
  bool sequence_parallel = true;   ///< Megatron SP on the TP group (Korthikanti et al. 2022)
  PipelineSchedule schedule = PipelineSchedule::one_f_one_b;
  int virtual_stages = 1;          ///< v model chunks per GPU (interleaved only)
  int micro_batch_size = 1;        ///< sequences per micro-batch
  Recompute recompute = Recompute::none;
  int zero_stage = 0;              ///< 0: none; 1: optimizer states; 2: + gradients; 3: + weights
  bool distributed_optimizer = false;  ///< Megatron distributed optimizer (= ZeRO-1 sharding)
  PrecisionPolicy precision{};
  CommOverlap overlap{};
  Ratio comm_sm_fraction = ratio(0);  ///< SMs reserved for communication (DeepSeek-V3: 20/132)

  /// TP × CP × DP × PP.
  [[nodiscard]] long long gpus() const noexcept {
    return static_cast<long long>(tp) * cp * dp * pp;
  }
};

/// A compact name, e.g. "tp8-pp16(interleaved v4)-dp64-ep1-cp1-mb1-sp-sel-zero1".
std::string describe(const Layout& l);

/// What is trained: the model, the sequence length and the global batch.
struct TrainingWorkload {
  Transformer model;
  Tokens seq_len = token_count(4096);    ///< [tok]
  int global_batch = 1;                  ///< sequences per optimizer step
  bool flash_attention = true;           ///< fused attention (no s² activations, causal skip)
  bool dropout = false;                  ///< dropout masks are stored (GPT-3-style Megatron runs)
  int max_nodes_per_token = 0;           ///< node-limited MoE routing (DeepSeek-V3: 4); 0 = none
};

/// One violated constraint.
struct LayoutViolation {
  std::string tag;      ///< e.g. "llmcost.layout.tp_heads"
  std::string message;  ///< names the bad value and the constraint
};

/// DeepSeek-V3's DualPipe communication budget: 20 of the H800's 132 SMs drive the all-to-all
/// and pipeline sends (DeepSeek-V3 report §3.2.2).
inline constexpr double kDualPipeCommSmFraction = 20.0 / 132.0;

/// `l` with the overlap its pipeline schedule implies. DualPipe hides the EP all-to-all and the
/// pipeline sends behind another chunk's computation (DeepSeek-V3 report §3.2.1: "fully
/// overlapped"), so overlap.ep = overlap.pp = 1, and it pays with SMs reserved for communication
/// (comm_sm_fraction = kDualPipeCommSmFraction when it is 0). Other schedules are unchanged.
[[nodiscard]] inline Layout with_schedule_overlap(Layout l) {
  if (l.schedule == PipelineSchedule::dualpipe) {
    l.overlap.ep = ratio(1);
    l.overlap.pp = ratio(1);
    if (detail::to_raw(l.comm_sm_fraction) == 0) l.comm_sm_fraction = ratio(kDualPipeCommSmFraction);
  }
  return l;
}

/// Every violated constraint of `l` for `w` on `gpus` GPUs (empty when valid).
std::vector<LayoutViolation> check_layout(const TrainingWorkload& w, Gpus gpus, const Layout& l);

/// Throws invalid_input with the first violation's tag and a message listing all of them.
void validate_layout(const TrainingWorkload& w, Gpus gpus, const Layout& l);

}  // namespace llmcost
