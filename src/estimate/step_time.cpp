// The step-time model (llmcost/estimate/step_time.hpp). Raw doubles in SI base units
// inside; quantities at the boundary. Formulas and constants: docs/step-time.md.
#include "llmcost/estimate/step_time.hpp"

#include "llmcost/estimate/expert_routing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost {

namespace {
constexpr const char* kTag = "llmcost.step_time.invalid";
constexpr double kActBytes = 2.0;  // BF16/FP16 activations
// Accepted ranges of the workload and cluster (the rest: model_limits and detail/ranges.hpp).
constexpr double kMaxGlobalBatch = 1e9;        // sequences per optimizer step
constexpr double kMaxGpusPerNode = 1e4;        // GPUs per scale-up domain (NVL72: 72)
constexpr double kMinLinkBytesPerS = 1e3;      // per direction, per GPU
constexpr double kMaxLinkBytesPerS = 1e15;     // (H100 NVLink: 4.5e11)
constexpr double kMaxNodesPerToken = 1e4;
constexpr const char* kWorkloadInputs = "seq_len, global_batch, gpus and the model's sizes";
}  // namespace

const StepTimeConstants& default_step_time_constants() {
  static const StepTimeConstants c = [] {
    StepTimeConstants k;
    // t0 and η_mem calibrated on the published points only (docs/step-time.md, "Calibration"; rerun
    // with the DISABLED_Calibration test); t0 sits on its physical bound (≤ 20 µs per call).
    // η_flash is sourced: FlashAttention-2 reaches ~35% of H100 peak (Shah et al. 2024, FlashAttention-3).
    k.gemm_call_overhead = seconds(20e-6);
    k.flash_attention_efficiency = ratio(0.35);
    k.memory_bandwidth_efficiency = ratio(0.55);
    return k;
  }();
  return c;
}

StepTimeConstants step_time_constants_for(const Accelerator& chip, std::vector<DefaultUsed>* defaults) {
  StepTimeConstants k = default_step_time_constants();
  auto take = [&](const std::optional<Sourced<Ratio>>& measured, Ratio& field, const char* name, const char* generic) {
    if (measured) {
      field = measured->value;
    } else if (defaults) {
      defaults->push_back({name, fmt::format("{:.3f}", detail::to_raw(field)),
                           fmt::format("the catalog has no matmul measurement for {}; the step-time model's generic "
                                       "constant ({})",
                                       chip.id, generic)});
    }
  };
  if (chip.supports(Precision::bf16) || chip.supports(Precision::fp16))
    take(chip.matmul_efficiency_bf16, k.gemm_max_efficiency_bf16, "gemm_max_efficiency_bf16",
         "GH200 828.6 of 989 TFLOPS, S. Bekman's MAMF table");
  if (chip.supports(Precision::fp8))
    take(chip.matmul_efficiency_fp8, k.gemm_max_efficiency_fp8, "gemm_max_efficiency_fp8",
         "DeepGEMM 1350 of 1979 TFLOPS on H800");
  return k;
}

namespace {
// The provenance of the HBM figures step_cluster() takes for a chip without them.
Provenance a100_hbm() {
  return make_provenance("nv-a100-datasheet", "NVIDIA, A100 Tensor Core GPU datasheet (A100 40GB: 40 GB HBM2 at 1,555 GB/s)",
                         "https://www.nvidia.com/en-us/data-center/a100/", "2020-06", Grade::primary,
                         "stated default of the step-time model for a chip whose catalog entry lacks HBM figures");
}
}  // namespace

StepCluster step_cluster(const Accelerator& chip, Gpus gpus, std::optional<BytesPerSecond> scale_out_per_direction,
                         std::optional<BytesPerSecond> scale_up_per_direction) {
  using F = StepClusterFallbacks;
  detail::require_whole(detail::to_raw(gpus), 1, detail::kMaxGpus, "gpus", kTag);
  StepCluster c;
  c.accelerator = chip;
  c.gpus = gpus;
  const std::string lacks = "the catalog lists none for " + chip.id;
  if (chip.gpus_per_node) {
    c.gpus_per_node = chip.gpus_per_node->value;
  } else {
    c.gpus_per_node = F::gpus_per_node;
    c.defaults.push_back({"gpus_per_node", std::to_string(F::gpus_per_node),
                          "the 8-GPU DGX/HGX node; " + lacks});
  }
  auto up = scale_up_per_direction ? scale_up_per_direction : chip.scale_up_per_direction();
  if (!up) {
    up = bytes_per_s(F::scale_up_per_direction_bytes_per_s);
    c.defaults.push_back({"scale_up_per_direction_bytes_per_s", fmt::format("{:.4g}", F::scale_up_per_direction_bytes_per_s),
                          "PCIe 4.0 x16, 16 GT/s x 16 lanes x 128/130 / 8 each way (PCI-SIG PCIe 4.0 base "
                          "specification), a GPU without NVLink; " + lacks});
  }
  auto out = scale_out_per_direction ? scale_out_per_direction : chip.scale_out_per_direction();
  if (!out) {
    out = bytes_per_s(F::scale_out_per_direction_bytes_per_s);
    c.defaults.push_back({"scale_out_per_direction_bytes_per_s", fmt::format("{:.4g}", F::scale_out_per_direction_bytes_per_s),
                          "one 200 Gb/s HDR InfiniBand NIC per GPU, the DGX A100 design (Korthikanti et al. 2022, "
                          "arXiv:2205.05198: 8 x 200 Gb/s HDR per 8-GPU node); " + lacks});
  }
  if (!chip.hbm_bandwidth) {
    c.accelerator.hbm_bandwidth = Sourced<BytesPerSecond>{bytes_per_s(F::hbm_bandwidth_bytes_per_s), a100_hbm()};
    c.defaults.push_back({"hbm_bandwidth_bytes_per_s", fmt::format("{:.4g}", F::hbm_bandwidth_bytes_per_s),
                          "the A100 40GB's HBM2, 1,555 GB/s (NVIDIA A100 datasheet); " + lacks});
  }
  if (!chip.hbm_capacity) {
    c.accelerator.hbm_capacity = Sourced<Bytes>{bytes(F::hbm_capacity_bytes), a100_hbm()};
    c.defaults.push_back({"hbm_capacity_bytes", fmt::format("{:.4g}", F::hbm_capacity_bytes),
                          "the A100 40GB's 40 GB (NVIDIA A100 datasheet); " + lacks});
  }
  detail::require_in_range(detail::to_raw(*up), kMinLinkBytesPerS, kMaxLinkBytesPerS, "scale_up_per_direction_bytes_per_s",
                           kTag);
  detail::require_in_range(detail::to_raw(*out), kMinLinkBytesPerS, kMaxLinkBytesPerS,
                           "scale_out_per_direction_bytes_per_s", kTag);
  c.scale_up_per_direction = *up;
  c.scale_out_per_direction = *out;
  return c;
}

/// Derived sizes of the workload, computed once per model.
struct StepTimeModel::Shape {
  double L = 0, h = 0, V = 0, a = 0, kv = 0, dqk = 0, dv = 0, s = 0;
  double norms = 2;
  double p_att = 0, att_calls = 2;                     // attention projections per layer
  double n_dense = 0, p_dense = 0, i_dense = 0;        // dense FFN layers
  double n_moe = 0, experts = 0, top_k = 0, p_exp = 0, i_exp = 0, p_shared = 0, i_shared = 0;
  double ffn_mats = 2;                                 // 3 for gated
  double act_factor = 4;                               // activation traffic per I element: 4 plain, 6 gated
  double p_embedding = 0, p_head = 0, p_norms_final = 0;
  double p_layer_nonexpert = 0, p_layer_expert = 0;    // averages over all layers
  double mtp = 0, p_mtp_nonexpert = 0, p_mtp_expert = 0;
  double model_flops_per_token = 0;                    // causal, no recompute, no MTP
  double peak_bf16 = 0, peak_gemm_cache[7] = {}, hbm_bw = 0, hbm_capacity = 0;
  bool mfu_basis_fp16 = false;  // the chip has no BF16 peak
  bool mla = false;
  double mla_latent = 0;    // q_lora_rank + kv_lora_rank + qk_rope_head_dim (stored instead of Q, K, V)
  double mla_up_params = 0; // q_b + kv_b up-projection weights (recomputed under selective recompute)
};

StepTimeModel::StepTimeModel(TrainingWorkload workload, StepCluster cluster)
    : StepTimeModel(std::move(workload), cluster, step_time_constants_for(cluster.accelerator)) {}

StepTimeModel::StepTimeModel(TrainingWorkload workload, StepCluster cluster, StepTimeConstants constants)
    : workload_(std::move(workload)), cluster_(std::move(cluster)), constants_(constants) {
  using detail::to_raw;
  const Transformer& m = workload_.model;
  m.validate();
  detail::require_whole(to_raw(workload_.seq_len), 1, detail::kMaxSeqLen, "seq_len", kTag);
  detail::require_whole(workload_.global_batch, 1, kMaxGlobalBatch, "global_batch", kTag);
  detail::require_whole(workload_.max_nodes_per_token, 0, kMaxNodesPerToken, "max_nodes_per_token (0 = unlimited)",
                        kTag);
  detail::require_whole(to_raw(cluster_.gpus), 1, detail::kMaxGpus, "gpus", kTag);
  detail::require_whole(cluster_.gpus_per_node, 1, kMaxGpusPerNode, "gpus_per_node", kTag);
  detail::require_in_range(to_raw(cluster_.scale_up_per_direction), kMinLinkBytesPerS, kMaxLinkBytesPerS,
                           "scale_up_per_direction_bytes_per_s", kTag);
  detail::require_in_range(to_raw(cluster_.scale_out_per_direction), kMinLinkBytesPerS, kMaxLinkBytesPerS,
                           "scale_out_per_direction_bytes_per_s", kTag);
  LLMCOST_REQUIRE(cluster_.accelerator.hbm_bandwidth && cluster_.accelerator.hbm_capacity, invalid_input,
                  "llmcost.step_time.missing_memory", "chip ", detail::quoted(cluster_.accelerator.id),
                  " lacks HBM bandwidth or capacity in the catalog");
  detail::require_efficiency(to_raw(constants_.gemm_max_efficiency_bf16), "gemm_max_efficiency_bf16", kTag);
  detail::require_efficiency(to_raw(constants_.gemm_max_efficiency_fp8), "gemm_max_efficiency_fp8", kTag);
  detail::require_non_negative(to_raw(constants_.gemm_call_overhead), "gemm_call_overhead_s", kTag);
  detail::require_efficiency(to_raw(constants_.flash_attention_efficiency), "flash_attention_efficiency", kTag);
  detail::require_efficiency(to_raw(constants_.memory_bandwidth_efficiency), "memory_bandwidth_efficiency", kTag);
  detail::require_efficiency(to_raw(constants_.scale_up_efficiency), "scale_up_efficiency", kTag);
  detail::require_efficiency(to_raw(constants_.scale_out_efficiency), "scale_out_efficiency", kTag);
  detail::require_in_range(to_raw(constants_.collective_sm_fraction), 0.0, 0.9, "collective_sm_fraction", kTag);

  auto sh = std::make_shared<Shape>();
  Shape& S = *sh;
  S.L = m.num_layers;
  S.h = m.hidden_size;
  S.V = m.vocab_size;
  S.a = m.attention.num_heads;
  S.kv = m.attention.kind == AttentionKind::gqa ? m.attention.num_kv_heads : m.attention.num_heads;
  S.dqk = static_cast<double>(m.attention.qk_head_dim());
  S.dv = m.attention.value_head_dim();
  S.s = to_raw(workload_.seq_len);
  S.norms = m.norms_per_layer;
  S.p_att = to_raw(attention_params_per_layer(m));
  S.att_calls = m.attention.kind == AttentionKind::mla ? 5 : 2;
  if (m.attention.kind == AttentionKind::mla) {
    const Attention& at = m.attention;
    const double q_rank = at.q_lora_rank ? *at.q_lora_rank : 0.0;
    S.mla = true;
    S.mla_latent = q_rank + at.kv_lora_rank + at.qk_rope_head_dim;
    S.mla_up_params = (at.q_lora_rank ? q_rank * S.a * S.dqk : 0.0) +
                      at.kv_lora_rank * S.a * (at.qk_nope_head_dim + at.v_head_dim);
  }  // fused QKV + output; MLA: q_a q_b kv_a kv_b o
  const bool gated = m.ffn.kind == FfnKind::gated;
  S.ffn_mats = gated ? 3 : 2;
  S.act_factor = gated ? 6 : 4;  // read gate+up, write act (6 B/elem) vs bias-GeLU read+write (4 B/elem)
  S.n_moe = m.num_moe_layers();
  S.n_dense = S.L - S.n_moe;
  S.p_dense = to_raw(ffn_params(m.ffn, m.hidden_size));
  S.i_dense = m.ffn.intermediate_size;
  if (m.moe) {
    const Moe& e = *m.moe;
    S.experts = e.num_routed_experts;
    S.top_k = e.top_k;
    S.i_exp = e.expert_intermediate_size;
    S.p_exp = to_raw(ffn_params(Ffn{m.ffn.kind, e.expert_intermediate_size, m.ffn.bias}, m.hidden_size));
    S.i_shared = static_cast<double>(e.num_shared_experts) * e.shared_intermediate();
    S.p_shared = e.num_shared_experts > 0
                     ? e.num_shared_experts *
                           to_raw(ffn_params(Ffn{m.ffn.kind, e.shared_intermediate(), m.ffn.bias}, m.hidden_size))
                     : 0.0;
  }
  const ParamBreakdown pb = param_breakdown(m);
  S.p_embedding = to_raw(pb.embedding);
  S.p_head = to_raw(pb.output_head) > 0 ? to_raw(pb.output_head) : S.h * S.V;  // tied: a copy on the last stage
  S.p_layer_expert = to_raw(pb.routed_experts) / S.L;
  S.p_layer_nonexpert = (to_raw(pb.attention) + to_raw(pb.dense_ffn) + to_raw(pb.shared_experts) +
                         to_raw(pb.router) + to_raw(pb.norms)) / S.L;
  S.mtp = m.mtp_depth;
  if (m.mtp_depth > 0 && m.moe) {
    S.p_mtp_expert = m.mtp_depth * S.experts * S.p_exp;
    S.p_mtp_nonexpert = std::max(0.0, to_raw(pb.mtp) - S.p_mtp_expert);
  } else {
    S.p_mtp_nonexpert = to_raw(pb.mtp);
  }
  TrainingFlopsOptions fo;
  fo.include_mtp = false;
  S.model_flops_per_token = to_raw(training_flops_per_token(m, workload_.seq_len, fo));
  const Accelerator& acc = cluster_.accelerator;
  const auto* bf = acc.peak_at(Precision::bf16);
  if (!bf) {
    bf = acc.peak_at(Precision::fp16);
    S.mfu_basis_fp16 = true;
  }
  LLMCOST_REQUIRE(bf != nullptr, invalid_input, "llmcost.hardware.unsupported_precision", "chip ", detail::quoted(acc.id),
                  " has neither a BF16 nor an FP16 peak; the MFU basis is undefined");
  S.peak_bf16 = to_raw(bf->value);
  for (Precision p : all_precisions) {
    const auto* pk = acc.peak_at(p);
    S.peak_gemm_cache[static_cast<std::size_t>(p)] = pk ? to_raw(pk->value) : 0.0;
  }
  S.hbm_bw = to_raw(acc.hbm_bandwidth->value);
  S.hbm_capacity = to_raw(acc.hbm_capacity->value);
  shape_ = std::move(sh);
}

namespace {

/// Time split of one piece of work [s].
struct Parts {
  double gemm = 0, attn = 0, mem = 0, tp = 0, cp = 0, ep = 0;
  [[nodiscard]] double compute() const { return gemm + attn + mem; }
  [[nodiscard]] double total() const { return compute() + tp + cp + ep; }
  Parts& operator+=(const Parts& o) {
    gemm += o.gemm, attn += o.attn, mem += o.mem, tp += o.tp, cp += o.cp, ep += o.ep;
    return *this;
  }
  [[nodiscard]] Parts scaled(double k) const { return {gemm * k, attn * k, mem * k, tp * k, cp * k, ep * k}; }
};

/// η(F) = η_max / (1 + η_max · peak · t0 / F): a GEMM call of F FLOPs takes F / (η_max · peak) + t0
/// (launch, wave-quantisation tail and pipeline ramp, as a fixed time per call).
double gemm_efficiency(double flops_per_call, double max_eff, double peak, double t0) {
  return max_eff / (1.0 + max_eff * peak * t0 / flops_per_call);
}

}  // namespace

StepTimeEstimate StepTimeModel::evaluate(const Layout& l) const {
  validate_layout(workload_, cluster_.gpus, l);
  (void)cluster_.accelerator.require_peak(l.precision.gemm);
  (void)cluster_.accelerator.require_peak(l.precision.attention);
  return evaluate_unchecked(l);
}

StepTimeEstimate StepTimeModel::evaluate_unchecked(const Layout& l) const {
  using detail::to_raw;
  const Shape& S = *shape_;
  const StepTimeConstants& K = constants_;
  const double tp = l.tp, cp = l.cp, ep = l.ep, pp = l.pp, dp = l.dp;
  const double b = l.micro_batch_size;
  const double T = b * S.s / cp;  // tokens per micro-batch on this GPU
  const bool sp = l.sequence_parallel && l.tp > 1;
  const double sp_div = sp ? tp : 1.0;
  const double gpn = cluster_.gpus_per_node;
  const double f_sm = to_raw(l.comm_sm_fraction);
  const double sm_slow = 1.0 / (1.0 - f_sm);
  const double mem_bw = S.hbm_bw * to_raw(K.memory_bandwidth_efficiency);
  const double up_bw = to_raw(cluster_.scale_up_per_direction) * to_raw(K.scale_up_efficiency);
  const double out_bw = to_raw(cluster_.scale_out_per_direction) * to_raw(K.scale_out_efficiency);
  const double t0 = to_raw(K.gemm_call_overhead);
  auto peak_of = [&S](Precision p) { return S.peak_gemm_cache[static_cast<std::size_t>(p)]; };
  auto max_eff_of = [&K](Precision p) {
    return to_raw(p == Precision::fp8 || p == Precision::fp4 || p == Precision::int8 ? K.gemm_max_efficiency_fp8
                                                                                     : K.gemm_max_efficiency_bf16);
  };
  const double peak_g = peak_of(l.precision.gemm), eff_g = max_eff_of(l.precision.gemm);
  const double peak_a = peak_of(l.precision.attention), eff_a = max_eff_of(l.precision.attention);
  auto t_gemm = [&](double flops, double calls) {
    return flops / (peak_g * gemm_efficiency(flops / calls, eff_g, peak_g, t0)) * sm_slow;
  };
  auto t_gemm_a = [&](double flops, double calls) {
    return flops / (peak_a * gemm_efficiency(flops / calls, eff_a, peak_a, t0)) * sm_slow;
  };
  const bool fp8 = l.precision.gemm == Precision::fp8 || l.precision.gemm == Precision::fp4;
  const double w_moe = S.n_moe / S.L, w_dense = S.n_dense / S.L;

  // ---- one average layer, one micro-batch, forward --------------------------------------
  Parts fwd;
  fwd.gemm = t_gemm(2 * T * S.p_att / tp, S.att_calls);
  if (S.n_dense > 0) fwd.gemm += w_dense * t_gemm(2 * T * S.p_dense / tp, S.ffn_mats);
  if (S.n_moe > 0) {
    // Each local expert (experts / EP of them) runs its own GEMMs on the tokens routed to it, so a
    // fine-grained MoE with few experts-parallel ranks runs many small GEMMs.
    double moe = t_gemm(2 * T * S.top_k * S.p_exp / tp, S.ffn_mats * S.experts / ep);
    if (S.p_shared > 0) moe += t_gemm(2 * T * S.p_shared / tp, S.ffn_mats);
    moe += t_gemm_a(2 * T * S.h * S.experts, 1);  // router (BF16)
    fwd.gemm += w_moe * moe;
  }
  const double heads_local = S.a / tp;
  double attn_core_fwd = 0, attn_core_mem_fwd = 0;  // the part selective recompute redoes
  if (workload_.flash_attention) {
    const double f = 2 * T * heads_local * (S.dqk + S.dv) * S.s * 0.5;  // causal skip
    // One fused kernel per ring step (cp steps under context parallelism), each with the per-call
    // time t0: short local sequences split over many CP ranks pay it cp times per layer.
    attn_core_fwd = f / (peak_a * to_raw(K.flash_attention_efficiency)) * sm_slow + cp * t0;
  } else {
    const double f = 2 * T * heads_local * (S.dqk + S.dv) * S.s;  // full s² (masked, not skipped)
    attn_core_fwd = t_gemm_a(f, 2);
    // scores written, fused scale-mask-softmax read+write, dropout read+write+mask, probs read by the
    // context GEMM: 13 B per score element (Megatron-LM 2022 path).
    const double per_elem = workload_.dropout ? 13.0 : 8.0;
    attn_core_mem_fwd = b * heads_local * (S.s / cp) * S.s * per_elem / mem_bw;
  }
  fwd.attn = attn_core_fwd;
  {
    const double drop = workload_.dropout ? 1.0 : 0.0;
    double bytes_per_tok = S.norms * 2 * kActBytes * S.h / sp_div          // norms: read + write
                           + 2 * (3 * kActBytes + drop) * S.h / sp_div;     // residual (+dropout) adds
    double dense_b = S.act_factor * S.i_dense / tp;
    double moe_b = S.top_k * S.act_factor * S.i_exp / tp + S.act_factor * S.i_shared / tp +
                   2 * S.top_k * S.h * 2 * kActBytes / tp;  // permute + unpermute copies
    if (fp8) {  // cast each GEMM input: read BF16, write FP8 (3 B/elem)
      bytes_per_tok += 3 * (S.h + S.a * S.dv / tp);
      dense_b += 3 * (S.h + S.i_dense / tp);
      moe_b += 3 * (S.top_k * (S.h + S.i_exp / tp) + (S.p_shared > 0 ? S.h + S.i_shared / tp : 0));
    }
    bytes_per_tok += w_dense * dense_b + w_moe * moe_b;
    fwd.mem = T * bytes_per_tok / mem_bw + attn_core_mem_fwd;
  }
  // TP/SP collectives: 2 AG + 2 RS (SP) or 2 AR (no SP), each moving (t−1)/t of b·s·h.
  const double tp_bw = tp <= gpn ? up_bw : out_bw;
  if (l.tp > 1) fwd.tp = 4 * (tp - 1) / tp * T * S.h * kActBytes / tp_bw;
  // CP: ring exchange of K and V (materialised per head) with the cp−1 other ranks.
  if (l.cp > 1) {
    const double kv_bytes = T * S.kv * (S.dqk + S.dv) * kActBytes / tp;
    fwd.cp = (cp - 1) * kv_bytes / (tp * cp <= gpn ? up_bw : out_bw);
  }
  // EP all-to-all: dispatch (FP8 with FP8 GEMMs) + combine (BF16) of top_k copies per token.
  if (l.ep > 1 && S.n_moe > 0) {
    const double tok = T / tp;
    const double per_copy = S.h * ((fp8 ? 1.0 : kActBytes) + kActBytes);
    // Copies per token over each link: one formula with serving (llmcost/estimate/expert_routing.hpp).
    const ExpertCopies copies =
        expert_copies_per_token(ep, std::max(1.0, gpn / tp), S.top_k, workload_.max_nodes_per_token);
    const double t_ep = std::max(tok * copies.scale_out * per_copy / out_bw, tok * copies.scale_up * per_copy / up_bw);
    fwd.ep = w_moe * t_ep;
  }

  // ---- forward + backward (+ recompute) of one layer ---------------------------------------
  Parts layer;
  layer.gemm = 3 * fwd.gemm;
  layer.attn = fwd.attn * (workload_.flash_attention ? 3.5 : 3.0);  // flash backward = 2.5 × forward
  layer.mem = 3 * fwd.mem;
  double comm_passes = 2;  // forward and backward
  if (l.recompute == Recompute::full) {
    layer.gemm += fwd.gemm;
    layer.attn += fwd.attn;
    layer.mem += fwd.mem;
    comm_passes = 3;
  } else if (l.recompute == Recompute::selective) {
    if (!workload_.flash_attention) {  // Megatron: recompute the s² attention core
      layer.attn += attn_core_fwd;
      layer.mem += attn_core_mem_fwd;
    }
    // MLA: recompute the up-projections instead of storing Q, K, V (DeepSeek-V3 report §3.4.2).
    if (S.mla) layer.gemm += t_gemm(2 * T * S.mla_up_params / tp, 2);
  }
  const double compute = layer.compute();
  // Overlap. One compute budget hides communication once: each class hides behind what the
  // classes before it left of the layer's compute (TP, then EP, then CP behind the attention
  // core), and the data-parallel collectives below only behind what the layer left free. While a
  // collective runs beside compute its kernels take SMs (and HBM bandwidth) from the GEMMs: each
  // hidden second costs f/(1 − f) seconds of compute, f = the SM share a collective needs
  // (StepTimeConstants::collective_sm_fraction), unless SMs are already reserved for communication
  // (comm_sm_fraction > 0, paid above as 1/(1 − f_sm) on all compute).
  const double contention = f_sm > 0 ? 0.0
                                     : to_raw(K.collective_sm_fraction) / (1.0 - to_raw(K.collective_sm_fraction));
  double budget = compute;
  auto exposed = [contention](double comm, double overlap, double hide_behind, double& free_compute) {
    const double hidden = overlap * std::min({comm, hide_behind, free_compute});
    free_compute -= hidden;
    return comm - hidden + contention * hidden;
  };
  // SP stores each linear layer's input sharded, so the backward all-gathers it again for the
  // weight gradients: 2 extra all-gathers = half a forward's TP volume (Korthikanti et al. §4.2.2).
  const double tp_passes = comm_passes + (sp ? 0.5 : 0.0);
  layer.tp = exposed(tp_passes * fwd.tp, to_raw(l.overlap.tp), compute, budget);
  layer.ep = exposed(comm_passes * fwd.ep, to_raw(l.overlap.ep), compute, budget);
  layer.cp = exposed((comm_passes + 1) * fwd.cp, to_raw(l.overlap.cp), layer.attn, budget);
  const double free_fraction = compute > 0 ? budget / compute : 0.0;  // of a layer's compute, left to hide DP

  // ---- LM head (+ MTP modules) on the last stage ----------------------------------------
  Parts extra;
  extra.gemm = 3 * t_gemm_a(2 * T * S.h * S.V / tp, 1);
  extra.mem = 3 * T * S.V / tp * 8 / mem_bw;  // logits and their gradient in FP32
  if (S.mtp > 0) {
    Parts mtp = layer;
    mtp.gemm += 3 * t_gemm(2 * T * 2 * S.h * S.h / tp, 1) + extra.gemm;
    mtp.mem += extra.mem;
    extra += mtp.scaled(S.mtp);
  }

  // ---- balanced stage partition: k layers on the last stage -----------------------------
  const double t_layer = layer.total(), t_extra = extra.total();
  const int L = static_cast<int>(S.L);
  double n_last = S.L, n_other = 0, t_stage = S.L * t_layer + t_extra;
  bool last_is_bottleneck = true;
  if (l.pp > 1) {
    // The first k in [0, kmax] minimising max(t_last(k), t_others(k)), where t_last = k·t_layer + t_extra
    // rises with k and t_others = ceil((L − k)/(pp − 1))·t_layer falls: found by bisection in
    // O(log L) instead of trying every k (the same k a scan would pick).
    const int kmax = (L + l.pp - 1) / l.pp;
    const auto t_last_of = [&](int k) { return k * t_layer + t_extra; };
    const auto others_of = [&](int k) { return std::ceil(static_cast<double>(L - k) / (pp - 1)); };
    const auto t_others_of = [&](int k) { return others_of(k) * t_layer; };
    // k0: the first k with t_last >= t_others (kmax + 1 when none).
    int lo = 0, hi = kmax + 1;
    while (lo < hi) {
      const int mid = lo + (hi - lo) / 2;
      if (t_last_of(mid) >= t_others_of(mid)) hi = mid;
      else lo = mid + 1;
    }
    const int k0 = lo;
    std::array<int, 2> candidates{-1, k0 <= kmax ? k0 : -1};
    if (k0 > 0) {
      // Below k0 the maximum is t_others, which falls in steps: its minimum over [0, k0) is at k0 − 1,
      // first reached at the first k of the same step.
      const double plateau = t_others_of(k0 - 1);
      int first = 0, last = k0 - 1;
      while (first < last) {
        const int mid = first + (last - first) / 2;
        if (t_others_of(mid) == plateau) last = mid;
        else first = mid + 1;
      }
      candidates[0] = first;
    }
    t_stage = 1e300;
    for (const int k : candidates) {
      if (k < 0) continue;
      const double others = others_of(k);
      const double t_last = t_last_of(k), t_oth = others * t_layer;
      const double t = std::max(t_last, t_oth);
      if (t < t_stage) {
        t_stage = t, n_last = k, n_other = others;
        last_is_bottleneck = t_last >= t_oth;
      }
    }
  }
  Parts stage = last_is_bottleneck ? layer.scaled(n_last) : layer.scaled(n_other);
  if (last_is_bottleneck) stage += extra;
  const double n_max_layers = std::max(n_last, n_other);

  // ---- pipeline --------------------------------------------------------------------------
  const double m = workload_.global_batch / (dp * b);
  const double v = l.schedule == PipelineSchedule::interleaved ? l.virtual_stages : 1;
  double p2p = 0;
  double free_mb = stage.compute() * free_fraction;  // compute per micro-batch not yet hiding traffic
  if (l.pp > 1) {
    const double send = T * S.h * kActBytes / sp_div;  // scatter-gather over the TP group
    const double bw = tp * cp * dp >= gpn ? out_bw : up_bw;
    p2p = exposed(2 * v * send / bw, to_raw(l.overlap.pp), free_mb, free_mb);
  }
  const double t_mb = stage.total() + p2p;
  double bubble = 0;
  if (l.pp > 1) {
    switch (l.schedule) {
      case PipelineSchedule::one_f_one_b: bubble = (pp - 1) * t_mb; break;
      case PipelineSchedule::interleaved: bubble = (pp - 1) / v * t_mb; break;
      case PipelineSchedule::dualpipe: {
        // DeepSeek-V3 report Table 2: (PP/2 − 1)(F&B + B − 3W), with F&B the overlapped
        // forward+backward pair (= t_mb), B the backward and W = B/2 its weight-gradient half.
        const double B = t_mb * 2.0 / 3.0;
        bubble = (pp / 2 - 1) * (t_mb + B - 1.5 * B);
        break;
      }
    }
  }
  const double pipeline = m * t_mb + bubble;

  // ---- parameters of the most loaded stage ------------------------------------------------
  double stage_ne = 0, stage_e = 0;
  {
    const double first_ne = n_other * S.p_layer_nonexpert + S.p_embedding;
    const double last_ne = n_last * S.p_layer_nonexpert + S.p_head + S.p_mtp_nonexpert;
    const double first_e = n_other * S.p_layer_expert, last_e = n_last * S.p_layer_expert + S.p_mtp_expert;
    if (l.pp == 1) {
      stage_ne = S.L * S.p_layer_nonexpert + S.p_embedding + S.p_head + S.p_mtp_nonexpert;
      stage_e = S.L * S.p_layer_expert + S.p_mtp_expert;
    } else if (first_ne + first_e / ep >= last_ne + last_e / ep) {
      stage_ne = first_ne, stage_e = first_e;
    } else {
      stage_ne = last_ne, stage_e = last_e;
    }
  }
  const double p_ne = stage_ne / tp, p_e = stage_e / (tp * ep);
  const double n_dp = dp * cp, n_dpe = dp * cp / ep;
  const auto& st = l.precision.state;
  const double wb = to_raw(st.weights), gb = to_raw(st.gradients), mb_ = to_raw(st.master_weights),
               ob = to_raw(st.optimizer_states);
  const bool shard_opt = l.zero_stage >= 1 || l.distributed_optimizer;

  // ---- data parallel ------------------------------------------------------------------------
  double dp_exposed = 0;
  {
    const double bw = tp * cp * dp <= gpn ? up_bw : out_bw;
    auto ring = [](double n) { return n > 1 ? (n - 1) / n : 0.0; };
    const double grad_bytes = ring(n_dp) * p_ne * gb + ring(n_dpe) * p_e * gb;
    const double param_bytes = ring(n_dp) * p_ne * wb + ring(n_dpe) * p_e * wb;
    // free_mb: what each micro-batch's stage compute leaves after hiding its own TP/EP/CP traffic
    // and pipeline sends.
    double bwd_free = free_mb * 2.0 / 3.0, fwd_free = free_mb / 3.0;
    const double o = to_raw(l.overlap.dp);
    if (l.zero_stage >= 2) {
      // Sharded gradients are reduce-scattered after every micro-batch's backward (no full-size
      // accumulation buffer); ZeRO-3 also gathers the stage's weights before every forward and
      // backward, and once more for the forward that full recompute repeats.
      const double gathers = l.zero_stage >= 3 ? (l.recompute == Recompute::full ? 3.0 : 2.0) : 0.0;
      double free_step = m * free_mb;
      dp_exposed = exposed(m * (grad_bytes + gathers * param_bytes) / bw, o, free_step, free_step);
      if (l.zero_stage == 2) dp_exposed += exposed(param_bytes / bw, o, fwd_free, fwd_free);
    } else if (!shard_opt) {
      dp_exposed = exposed(2 * grad_bytes / bw, o, bwd_free, bwd_free);  // all-reduce after the last backward
    } else {
      dp_exposed = exposed(grad_bytes / bw, o, bwd_free, bwd_free) + exposed(param_bytes / bw, o, fwd_free, fwd_free);
    }
  }
  // ---- optimizer step: read/write master weights and moments, read gradients, write weights --
  const double shard_ne = shard_opt ? n_dp : 1.0, shard_e = shard_opt ? n_dpe : 1.0;
  const double opt_params = p_ne / shard_ne + p_e / shard_e;
  const double t_opt = opt_params * (2 * (mb_ + ob) + gb + wb) / mem_bw;

  const double step = pipeline + dp_exposed + t_opt;

  // ---- memory -----------------------------------------------------------------------------------
  MemoryPerGpu mem;
  {
    const double z_w = l.zero_stage >= 3 ? 1.0 : 0.0, z_g = l.zero_stage >= 2 ? 1.0 : 0.0;
    auto sharded = [&](double bytes_per, double on) {
      return p_ne * bytes_per / (on > 0 ? n_dp : 1.0) + p_e * bytes_per / (on > 0 ? n_dpe : 1.0);
    };
    const double copies = l.schedule == PipelineSchedule::dualpipe ? 2.0 : 1.0;  // DualPipe: 2 parameter copies
    mem.weights = bytes(copies * sharded(wb, z_w));
    mem.gradients = bytes(sharded(gb, z_g));
    mem.optimizer_states = bytes(sharded(mb_ + ob, shard_opt ? 1.0 : 0.0));
    // Korthikanti et al. 2022 §4: bytes per layer per micro-batch (generalised to GQA/MLA, gated, MoE).
    // With FP8 GEMMs, GEMM inputs are cached in FP8 (1 B) and a gated FFN keeps only its SwiGLU
    // inputs in FP8, recomputing the output (DeepSeek-V3 report §3.3.3).
    const double drop = workload_.dropout ? 1.0 : 0.0;
    const double c = fp8 ? 1.0 : kActBytes;
    const bool gated = S.ffn_mats == 3;
    auto ffn_store = [&](double inter) {  // bytes per token of one FFN's intermediate activations
      if (fp8) return gated ? 2 * inter : (kActBytes + c) * inter;
      return gated ? 6 * inter : 4 * inter;  // gated: gate + up (4 B) + act (2 B); plain: GeLU in + out
    };
    const double replicated = (S.norms * 2 + 2 * c + 2 * drop) * S.h;  // norm inputs, block inputs, masks
    double split = c * S.a * S.dv;                                     // context (output-projection input)
    if (S.mla && l.recompute != Recompute::none) {
      split += kActBytes * S.mla_latent;  // latents only; Q, K, V recomputed
    } else {
      split += kActBytes * (S.a * S.dqk + S.kv * S.dqk + S.kv * S.dv);  // Q, K, V
    }
    split += w_dense * ffn_store(S.i_dense);
    split += w_moe * (S.top_k * (c * S.h + ffn_store(S.i_exp)) + ffn_store(S.i_shared));
    double per_layer = T * (sp ? (replicated + split) / tp : replicated + split / tp);
    const double s2 = workload_.flash_attention ? 0.0 : b * heads_local * (S.s / cp) * S.s * (2 + 3 * drop);
    double stored = 0;
    switch (l.recompute) {
      case Recompute::none: stored = per_layer + s2; break;
      case Recompute::selective: stored = per_layer; break;
      case Recompute::full: stored = T * S.h * kActBytes / sp_div; break;
    }
    double in_flight = 1;
    if (l.pp > 1) {
      const double mp = std::min(m, pp);
      switch (l.schedule) {
        case PipelineSchedule::one_f_one_b: in_flight = mp; break;
        case PipelineSchedule::interleaved: in_flight = mp * (1 + (pp - 1) / (pp * v)); break;
        case PipelineSchedule::dualpipe: in_flight = std::min(m, pp + 1); break;
      }
    }
    double act = stored * n_max_layers * in_flight;
    if (l.recompute == Recompute::full) act += per_layer + s2;  // one layer's working set during recompute
    mem.activations = bytes(act);
    mem.capacity = bytes(S.hbm_capacity);
  }

  // ---- assemble -----------------------------------------------------------------------------------
  StepTimeEstimate e;
  e.layout = l;
  e.step_time = seconds(step);
  e.micro_batches = static_cast<int>(std::llround(m));
  const double tokens = workload_.global_batch * S.s;
  e.tokens_per_step = token_count(tokens);
  e.tokens_per_s = tokens_per_s(tokens / step);
  e.model_flops = flop(S.model_flops_per_token * tokens);
  const double gpus = to_raw(cluster_.gpus);
  e.model_flops_per_gpu = flop_per_s(S.model_flops_per_token * tokens / (gpus * step));
  e.mfu = ratio(S.model_flops_per_token * tokens / (gpus * step * S.peak_bf16));
  e.mfu_basis = S.mfu_basis_fp16 ? Precision::fp16 : Precision::bf16;
  e.bubble_fraction = ratio(m * t_mb > 0 ? bubble / (m * t_mb) : 0.0);
  auto& br = e.breakdown;
  br.gemm = seconds(m * stage.gemm);
  br.attention = seconds(m * stage.attn);
  br.memory_bound = seconds(m * stage.mem);
  br.tp_comm = seconds(m * stage.tp);
  br.cp_comm = seconds(m * stage.cp);
  br.ep_comm = seconds(m * stage.ep);
  br.pp_p2p = seconds(m * p2p);
  br.pp_bubble = seconds(bubble);
  br.dp_comm = seconds(dp_exposed);
  br.optimizer = seconds(t_opt);
  const std::array<std::pair<const char*, double>, 10> parts{{{"gemm", to_raw(br.gemm)},
                                                               {"attention", to_raw(br.attention)},
                                                               {"memory_bound", to_raw(br.memory_bound)},
                                                               {"tp_comm", to_raw(br.tp_comm)},
                                                               {"cp_comm", to_raw(br.cp_comm)},
                                                               {"ep_comm", to_raw(br.ep_comm)},
                                                               {"pp_p2p", to_raw(br.pp_p2p)},
                                                               {"pp_bubble", to_raw(br.pp_bubble)},
                                                               {"dp_comm", to_raw(br.dp_comm)},
                                                               {"optimizer", to_raw(br.optimizer)}}};
  const auto* top = &parts[0];
  for (const auto& p : parts) {
    if (p.second > top->second) top = &p;
  }
  e.bottleneck = top->first;
  e.memory = mem;
  for (const double x : {step, to_raw(e.mfu), to_raw(e.tokens_per_s), to_raw(e.model_flops), to_raw(mem.total())})
    detail::require_finite_result(x, "the step-time estimate", kWorkloadInputs, "llmcost.step_time.overflow");
  return e;
}

StepTimeEstimate estimate_step_time(const TrainingWorkload& w, const StepCluster& c, const Layout& l) {
  return StepTimeModel(w, c).evaluate(l);
}

TrainingWorkload deepseek_v3_workload() {
  TrainingWorkload w;
  w.model = model_preset("deepseek-v3");
  w.seq_len = token_count(4096);     // V3 report §4.2: 4K pre-training sequences
  w.global_batch = 15360;            // V3 report §4.2: batch 15,360 after the ramp
  w.flash_attention = true;
  w.max_nodes_per_token = 4;         // V3 report §3.2.2: each token to at most 4 nodes
  return w;
}

Layout deepseek_v3_layout() {
  Layout l;
  l.tp = 1;                          // V3 report §3.2: no tensor parallelism
  l.pp = 16;                         // 16-way PP with DualPipe
  l.schedule = PipelineSchedule::dualpipe;
  l.dp = 128;                        // 2048 / 16, ZeRO-1
  l.ep = 64;                         // 64-way EP over 8 nodes
  l.zero_stage = 1;
  l.micro_batch_size = 1;            // not published; 120 micro-batches per pipeline
  l.recompute = Recompute::selective;  // RMSNorm and MLA up-projections recomputed (§3.4.2)
  l.precision.gemm = Precision::fp8;   // §3.3: FP8 GEMMs; BF16 attention, embedding, head
  l.precision.attention = Precision::bf16;
  l.precision.state = OptimizerStateLayout::deepseek_v3();
  // DualPipe overlaps all-to-all and PP sends with another chunk's compute, using 20 of 132 SMs.
  return with_schedule_overlap(l);
}

StepCluster deepseek_v3_cluster(const Accelerator& chip) {
  // The DeepSeek cluster's network (8 × 400 Gb/s InfiniBand per 8-GPU node = 50e9 B/s per GPU per
  // direction, ISCA '25 §5) is kept when the chip's catalog entry has no scale-out figure, so that
  // H800 vs H100 differ only by the chip (NVLink 400 vs 900 GB/s).
  const auto out = chip.scale_out_per_direction() ? chip.scale_out_per_direction() : bytes_per_s(50e9);
  return step_cluster(chip, gpu_count(2048), out);
}

StepTimeEstimate deepseek_v3_published_layout(const Accelerator& chip) {
  return estimate_step_time(deepseek_v3_workload(), deepseek_v3_cluster(chip), deepseek_v3_layout());
}

std::string to_json(const StepTimeEstimate& e, int indent) {
  using nlohmann::ordered_json;
  using detail::to_raw;
  const auto& b = e.breakdown;
  const auto& l = e.layout;
  ordered_json j{
      {"layout",
       {{"name", describe(l)},
        {"tp", l.tp},
        {"pp", l.pp},
        {"dp", l.dp},
        {"ep", l.ep},
        {"cp", l.cp},
        {"sequence_parallel", l.sequence_parallel},
        {"schedule", std::string(to_string(l.schedule))},
        {"virtual_stages", l.virtual_stages},
        {"micro_batch_size", l.micro_batch_size},
        {"recompute", std::string(to_string(l.recompute))},
        {"zero_stage", l.zero_stage},
        {"distributed_optimizer", l.distributed_optimizer},
        {"gemm_precision", std::string(to_string(l.precision.gemm))},
        {"attention_precision", std::string(to_string(l.precision.attention))}}},
      {"step_time_s", to_raw(e.step_time)},
      {"mfu", to_raw(e.mfu)},
      {"model_flop_per_step", to_raw(e.model_flops)},
      {"model_flop_per_s_per_gpu", to_raw(e.model_flops_per_gpu)},
      {"tokens_per_step", to_raw(e.tokens_per_step)},
      {"tokens_per_s", to_raw(e.tokens_per_s)},
      {"micro_batches", e.micro_batches},
      {"bubble_fraction", to_raw(e.bubble_fraction)},
      {"bottleneck", e.bottleneck},
      {"breakdown_s",
       {{"gemm", to_raw(b.gemm)},
        {"attention", to_raw(b.attention)},
        {"memory_bound", to_raw(b.memory_bound)},
        {"tp_comm", to_raw(b.tp_comm)},
        {"cp_comm", to_raw(b.cp_comm)},
        {"ep_comm", to_raw(b.ep_comm)},
        {"pp_p2p", to_raw(b.pp_p2p)},
        {"pp_bubble", to_raw(b.pp_bubble)},
        {"dp_comm", to_raw(b.dp_comm)},
        {"optimizer", to_raw(b.optimizer)}}},
      {"memory_per_gpu",
       {{"weights_bytes", to_raw(e.memory.weights)},
        {"gradients_bytes", to_raw(e.memory.gradients)},
        {"optimizer_states_bytes", to_raw(e.memory.optimizer_states)},
        {"activations_bytes", to_raw(e.memory.activations)},
        {"total_bytes", to_raw(e.memory.total())},
        {"capacity_bytes", to_raw(e.memory.capacity)},
        {"fits", e.memory.fits()}}}};
  return j.dump(indent);
}

}  // namespace llmcost
