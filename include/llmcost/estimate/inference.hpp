#pragma once
// File: llmcost/estimate/inference.hpp
//
// The serving model of one deployment unit (a prefill or a decode pool; DeepSeek runs them
// on separate GPUs), per GPU, composed step by step from measured kernels:
//   * per micro-batch: the always-active GEMMs (attention projections, dense FFN, shared
//     experts, router, LM head, and the MTP module for draft tokens), the attention core
//     (FlashMLA-style decode over the KV cache; flash attention in prefill), the routed experts
//     as one grouped GEMM (contiguous in prefill, masked in decode) on the most loaded GPU
//     (expert_load_imbalance), and the expert-parallel dispatch (FP8) and combine (BF16);
//   * each kernel's time is its roofline on this chip ÷ the fraction of the roofline the
//     kernel authors measured at the same shape (llmcost/estimate/kernel_tables.hpp);
//   * copies per token over NVLink and InfiniBand come from expert_copies_per_token, the same
//     formula training uses (llmcost/estimate/expert_routing.hpp);
//   * two micro-batches overlap one's compute with the other's all-to-all as DeepSeek schedules
//     them (Day 6, profile-data): the compute stream runs ATTN(0) ATTN(1) MLP(0) MLP(1) while
//     the link carries DISPATCH(0) DISPATCH(1) COMBINE(0) COMBINE(1), so a layer takes
//     max(A, C) + max(A, D) + max(M, D) + max(M, C) for per-micro-batch times A (attention
//     projections + core), M (shared/dense FFN + routed experts), D, C (dispatch, combine);
//     normal-mode all-to-all holds SMs (f = 20 of 132, DeepSeek-V3 §3.2.2), so compute beside
//     it runs at 1 − f; low-latency mode holds none (DeepEP). One micro-batch runs A + D + M + C;
//   * multi-token prediction: d draft tokens per step, verified by the main model, accepted at
//     the published rate (DeepSeek-V3 §5.4.3: 85–90% for the second token).
// `ServingKernels::flat` replaces the tables by constant fractions (a roofline ceiling for
// what-if questions). docs/inference.md gives the validation against DeepSeek's profiles.
//
//   ServingConfig decode{.gpus = gpu_count(144), .batch_per_gpu = 128, .context = token_count(4989)};
//   DecodeEstimate d = estimate_decode(deepseek_v3_serving_model(), chip("H800"), decode);
//   double tok_s_node = detail::to_raw(d.tokens_per_s_per_node);
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/kernel_tables.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// What the serving model needs to know about a network (dense or MoE). All parameter
/// counts exclude the input embedding (a lookup, not a weight read per step).
struct ServingModel {
  std::string name;
  /// Parameters every token uses and every replica reads each step: attention, dense
  /// FFN layers, shared experts, routers, final norm, LM head [param].
  Params always_active_params;
  /// Of always_active_params: the attention projections (the ATTN stage of a layer) [param].
  Params attention_params = param_count(0);
  /// Of always_active_params: the LM head (run once per sequence in prefill) [param].
  Params output_head_params = param_count(0);
  /// Parameters of ONE routed expert in ONE layer [param] (0 for a dense model).
  Params routed_expert_params;
  int layers = 0;             ///< transformer layers (TP all-reduces two per layer)
  int moe_layers = 0;         ///< layers with routed experts
  int routed_experts = 0;     ///< routed experts per MoE layer (E)
  int experts_per_token = 0;  ///< routed experts each token activates (k)
  int hidden_size = 0;        ///< width of the activations sent in EP dispatch/combine
  /// Attention score+value FLOPs per new token per cached context token, all layers,
  /// in decode (for MLA: the weight-absorbed form over the 512+64 latent) [FLOP/tok].
  FlopsPerToken attention_decode_flops_per_context_token;
  /// Same in prefill (for MLA: the materialised 192/128-dim heads) [FLOP/tok].
  FlopsPerToken attention_prefill_flops_per_context_token;
  /// KV-cache elements per token, all layers (MLA: 61 × (512 + 64) = 35,136) [count].
  double kv_elements_per_token = 0;
  /// False when tensor parallelism replicates the KV cache on every rank (MLA's latent).
  bool kv_shardable_by_tp = true;
  Tokens max_context;  ///< longest context the model supports [tok]
  /// Parameters one multi-token-prediction module runs per draft token (0 without MTP) [param].
  Params mtp_module_params = param_count(0);

  /// Parameters active per token: always-active + k routed experts per MoE layer [param].
  [[nodiscard]] Params active_params() const {
    return always_active_params + routed_expert_params * (static_cast<double>(experts_per_token) * moe_layers);
  }
  /// All parameters except the input embedding [param].
  [[nodiscard]] Params total_params() const {
    return always_active_params + routed_expert_params * (static_cast<double>(routed_experts) * moe_layers);
  }
};

/// DeepSeek-V3/R1 (671B, 37B active): serving_model(model_preset("deepseek-v3")), the preset
/// being config_671B.json (DSV3-CFG): 61 layers (3 dense, 58 MoE), hidden 7168, MLA (q_lora
/// 1536, kv_lora 512, 128 heads, nope/rope/v 128/64/128), 256 routed experts of 3×7168×2048
/// plus 1 shared, top-8, vocab 129,280, max_position_embeddings 163,840. KV 35,136
/// elements/token (70,272 B in BF16, DS-ISCA Table 1).
ServingModel deepseek_v3_serving_model();

/// Constant kernel and link efficiencies, as fractions of the catalog peaks: the flat
/// alternative to the measured tables (1 = the ideal roofline).
struct ServingEfficiency {
  Ratio gemm = ratio(1);               ///< GEMMs, of the compute peak at the GEMM precision
  Ratio attention_compute = ratio(1);  ///< attention core, of the BF16 peak
  Ratio memory = ratio(1);             ///< HBM streaming
  Ratio scale_up = ratio(1);           ///< scale-up link, per direction
  Ratio scale_out = ratio(1);          ///< scale-out NIC, per direction
};

/// Which kernel performance the serving model uses.
struct ServingKernels {
  /// The measured tables; nullptr: KernelTables::builtin() (data/kernel_tables.toml).
  const KernelTables* tables = nullptr;
  /// Every measured fraction × scale (the interval uses 1 ± the tables' spread), in (0, 10].
  double scale = 1;
  /// Constant fractions instead of the tables (then `tables` and `scale` are unused).
  std::optional<ServingEfficiency> flat;

  /// The tables' spread (KernelTables::spread: their largest leave-one-row-out interpolation
  /// error); 0 with flat efficiencies.
  [[nodiscard]] double spread() const;
  /// An end of the kernel-table interval: every measured fraction × (1 − spread) (`high` false)
  /// or × (1 + spread); flat efficiencies are returned unchanged.
  [[nodiscard]] ServingKernels interval_end(bool high) const;

  /// The ideal roofline: every kernel and link at its catalog peak.
  static ServingKernels ideal() {
    ServingKernels k;
    k.flat = ServingEfficiency{};
    return k;
  }
};

/// One deployment unit (a prefill or a decode pool) and its workload.
struct ServingConfig {
  Gpus gpus = gpu_count(8);  ///< GPUs in the unit; experts are spread over all of them (EP = gpus)
  int tensor_parallel = 1;   ///< TP degree of attention/dense layers (1 = DP attention)
  Precision weight_precision = Precision::fp8;   ///< stored weights
  Precision compute_precision = Precision::fp8;  ///< GEMM precision (attention core runs in BF16)
  Precision kv_precision = Precision::bf16;      ///< KV cache
  /// Decode: sequences in flight per GPU (unit-wide sequences / gpus).
  double batch_per_gpu = 64;
  /// Decode: average KV length per generated token [tok].
  Tokens context = token_count(4096);
  /// Prefill: average prompt length [tok].
  Tokens prompt_length = token_count(4096);
  /// Prefill: tokens computed per GPU per forward step [tok].
  Tokens prefill_tokens_per_gpu = token_count(16384);
  /// Prefill: share of prompt tokens served from the prompt cache (no compute), in [0, 1).
  Ratio cached_fraction = ratio(0);
  /// Two micro-batches overlapping compute with all-to-all (DeepSeek); 1 = no overlap.
  int micro_batches = 1;
  /// Node-limited routing: at most this many nodes receive a token (DeepSeek: 4); 0 = no limit.
  int max_nodes_per_token = 0;
  /// Multi-token prediction: draft tokens per step (DeepSeek-V3: 1) and their acceptance.
  int mtp_draft_tokens = 0;
  Ratio mtp_acceptance = ratio(0.85);
  /// Bytes per element of EP dispatch (FP8 = 1) and combine (BF16 = 2), per DS-DAY6.
  double dispatch_bytes_per_element = 1.0;
  double combine_bytes_per_element = 2.0;
  /// Extra expert slots holding copies of busy experts (DeepSeek Day 6: 32 in both units).
  int redundant_experts = 0;
  /// Routing forced to be perfectly balanced (DeepSeek's profiled prefill simulates it): no
  /// load imbalance. Off: the expected maximum load of uniform routing (expert_load_imbalance).
  bool balanced_routing = false;
  /// DeepEP's modes: normal (throughput, NVLink forwarding) in prefill, low latency (pure
  /// RDMA, no SMs held) in decode, as DeepSeek serves.
  AllToAllMode prefill_all_to_all = AllToAllMode::normal;
  AllToAllMode decode_all_to_all = AllToAllMode::low_latency;
};

/// Where a phase's step time goes, per GPU [s].
struct StepBreakdown {
  Seconds dense;      ///< always-active GEMMs (roofline)
  Seconds attention;  ///< attention core incl. KV reads (roofline)
  Seconds experts;    ///< routed-expert GEMMs (roofline)
  Seconds communication;  ///< EP dispatch+combine and TP all-reduce
  Seconds dispatch;       ///< of communication: EP dispatch
  Seconds combine;        ///< of communication: EP combine (and TP all-reduce)
  Seconds contention;     ///< compute lost to SMs held by overlapped all-to-all
  Seconds step;       ///< overlapped: micro-batches × max(compute, comm); else compute + comm
  double imbalance = 1;  ///< most loaded GPU's routed tokens ÷ the mean (≥ 1)
  std::string bound;  ///< "compute", "memory" or "network" (the largest term)
};

/// Prefill of one unit.
struct PrefillEstimate {
  StepBreakdown breakdown;
  TokensPerSecond computed_tokens_per_s_per_gpu;  ///< cache misses actually computed
  TokensPerSecond input_tokens_per_s_per_gpu;     ///< incl. cache hits (DS-DAY6 convention)
  TokensPerSecond input_tokens_per_s_per_node;
  Seconds ttft;  ///< steps needed for one prompt's uncached tokens × step time (no queueing)
};

/// Decode of one unit.
struct DecodeEstimate {
  StepBreakdown breakdown;
  TokensPerSecond tokens_per_s_per_gpu;   ///< output tokens
  TokensPerSecond tokens_per_s_per_node;
  Seconds time_per_output_token;          ///< per sequence
  Bytes kv_bytes_per_gpu;                 ///< KV cache resident per GPU
  Bytes weight_bytes_per_gpu;             ///< weights resident per GPU
  bool fits_in_memory = true;             ///< weights + KV <= HBM capacity (when known)
  std::vector<std::string> warnings;      ///< e.g. context beyond the model's maximum
};

/// Prefill of one unit. Throws invalid_input / out_of_domain (tags llmcost.inference.*) for
/// zero/negative/NaN sizes, efficiencies outside (0, 1], a cached fraction outside [0, 1),
/// a precision the chip lacks, or a multi-node unit on a chip without scale-out bandwidth.
PrefillEstimate estimate_prefill(const ServingModel& model, const Accelerator& chip, const ServingConfig& config,
                                 const ServingKernels& kernels = {});

/// Decode of one unit. batch_per_gpu must be > 0 ([llmcost.inference.batch]). A context beyond
/// `model.max_context` is allowed but adds a warning, as does a KV cache beyond HBM.
DecodeEstimate estimate_decode(const ServingModel& model, const Accelerator& chip, const ServingConfig& config,
                               const ServingKernels& kernels = {});

/// Cost of serving at a rental price.
struct ServingCost {
  UsdPerToken input;   ///< per input token incl. cache hits (prefill GPUs only)
  UsdPerToken output;  ///< per output token (decode GPUs only)
};
/// $/token = price per GPU-hour / tokens per GPU-hour, for each phase. Price must be > 0.
ServingCost serving_cost(const PrefillEstimate& prefill, const DecodeEstimate& decode, UsdPerGpuHour price);

/// GPUs needed to serve `input_per_day` and `output_per_day` tokens when the fleet runs at
/// `utilisation` of the roofline rate on average (diurnal load), in (0, 1].
struct FleetSize {
  Gpus prefill;
  Gpus decode;
  Gpus total;
  Usd cost_per_day;
};
FleetSize fleet_for_traffic(const PrefillEstimate& prefill, const DecodeEstimate& decode, Tokens input_per_day,
                            Tokens output_per_day, Ratio utilisation, UsdPerGpuHour price);

}  // namespace llmcost
