#include "llmcost/estimate/inference.hpp"

#include <algorithm>
#include <cmath>

#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/expert_routing.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/estimate/roofline.hpp"
#include "llmcost/estimate/step_time.hpp"
#include "llmcost/model/presets.hpp"
#include "llmcost/model/transformer.hpp"

namespace llmcost {

ServingModel deepseek_v3_serving_model() {
  // The preset is DSV3-CFG (config_671B.json) itself; serving_model counts it (one formula for
  // every model, llmcost/estimate/inference_model.hpp).
  static const ServingModel m = serving_model(model_preset("deepseek-v3"));
  return m;
}

double ServingKernels::spread() const {
  if (flat) return 0;
  return (tables ? *tables : KernelTables::builtin()).spread();
}

ServingKernels ServingKernels::interval_end(bool high) const {
  ServingKernels k = *this;
  k.scale *= high ? 1 + spread() : 1 - spread();
  return k;
}

namespace {

constexpr const char* kTag = "llmcost.inference.invalid";
constexpr double kMaxBatchPerGpu = 1e6;    // decode sequences in flight per GPU
constexpr double kMaxTokensPerStep = 1e8;  // prefill tokens per GPU per step

double bytes_of(Precision p) {
  switch (p) {
    case Precision::fp64: return 8;
    case Precision::tf32: return 4;
    case Precision::bf16:
    case Precision::fp16: return 2;
    case Precision::fp8:
    case Precision::int8: return 1;
    case Precision::fp4: return 0.5;
  }
  return 2;
}

// Accepted ranges of a serving model's sizes (a ServingModel from serving_model() of a valid
// Transformer always lies inside them).
constexpr double kMaxParams = 1e18;              // parameters [param]
constexpr double kMaxFlopsPerContextToken = 1e18;  // attention FLOP per cached token
constexpr double kMaxKvElements = 1e15;          // KV elements per token

void validate(const ServingModel& m, const Accelerator& chip, const ServingConfig& c, const ServingKernels& k) {
  detail::require_positive_up_to(detail::to_raw(m.always_active_params), kMaxParams, "always_active_params", kTag);
  detail::require_in_range(detail::to_raw(m.routed_expert_params), 0, kMaxParams, "routed_expert_params", kTag);
  detail::require_in_range(detail::to_raw(m.attention_decode_flops_per_context_token), 0, kMaxFlopsPerContextToken,
                           "attention_decode_flops_per_context_token", kTag);
  detail::require_in_range(detail::to_raw(m.attention_prefill_flops_per_context_token), 0, kMaxFlopsPerContextToken,
                           "attention_prefill_flops_per_context_token", kTag);
  detail::require_in_range(m.kv_elements_per_token, 0, kMaxKvElements, "kv_elements_per_token", kTag);
  detail::require_in_range(detail::to_raw(m.mtp_module_params), 0, kMaxParams, "mtp_module_params", kTag);
  LLMCOST_REQUIRE(detail::to_raw(m.attention_params) >= 0 && detail::to_raw(m.output_head_params) >= 0 &&
                      detail::to_raw(m.attention_params + m.output_head_params) <= detail::to_raw(m.always_active_params),
                  invalid_input, kTag, "model ", detail::quoted(m.name), ": attention_params = ",
                  detail::to_raw(m.attention_params), " + output_head_params = ", detail::to_raw(m.output_head_params),
                  " must be >= 0 and at most always_active_params = ", detail::to_raw(m.always_active_params));
  LLMCOST_REQUIRE(m.layers > 0 && m.layers <= model_limits::max_layers && m.hidden_size > 0 &&
                      m.hidden_size <= model_limits::max_hidden_size,
                  invalid_input, kTag, "model ", detail::quoted(m.name), ": layers = ", m.layers,
                  " and hidden_size = ", m.hidden_size, " must lie in [1, ", model_limits::max_layers, "] and [1, ",
                  model_limits::max_hidden_size, "]");
  const bool moe = detail::to_raw(m.routed_expert_params) > 0;
  LLMCOST_REQUIRE(!moe || (m.moe_layers > 0 && m.routed_experts > 0 && m.experts_per_token > 0 &&
                           m.experts_per_token <= m.routed_experts && m.moe_layers <= m.layers &&
                           m.routed_experts <= model_limits::max_experts),
                  invalid_input, kTag, "model ", detail::quoted(m.name), ": MoE sizes are inconsistent (moe_layers = ",
                  m.moe_layers, ", routed_experts = ", m.routed_experts, ", experts_per_token = ",
                  m.experts_per_token, "; routed_experts at most ", model_limits::max_experts, ")");
  const double g = detail::to_raw(c.gpus);
  detail::require_whole(g, 1, detail::kMaxGpus, "gpus", "llmcost.inference.gpus");
  LLMCOST_REQUIRE(c.tensor_parallel >= 1 && std::fmod(g, c.tensor_parallel) == 0, invalid_input,
                  "llmcost.inference.tensor_parallel", "tensor_parallel = ", c.tensor_parallel,
                  " must be >= 1 and divide gpus = ", g);
  LLMCOST_REQUIRE(c.micro_batches == 1 || c.micro_batches == 2, invalid_input, "llmcost.inference.micro_batches",
                  "micro_batches = ", c.micro_batches, " must be 1 (no overlap) or 2 (two-micro-batch overlap)");
  LLMCOST_REQUIRE(c.max_nodes_per_token >= 0, invalid_input, kTag, "max_nodes_per_token = ",
                  c.max_nodes_per_token, " must be >= 0 (0 = unlimited)");
  LLMCOST_REQUIRE(c.mtp_draft_tokens >= 0 && c.mtp_draft_tokens <= 8, invalid_input, kTag,
                  "mtp_draft_tokens = ", c.mtp_draft_tokens, " must be in 0 … 8");
  detail::require_fraction(detail::to_raw(c.mtp_acceptance), "mtp_acceptance", "llmcost.inference.mtp_acceptance");
  detail::require_positive_up_to(c.dispatch_bytes_per_element, 16, "dispatch_bytes_per_element", kTag);
  detail::require_positive_up_to(c.combine_bytes_per_element, 16, "combine_bytes_per_element", kTag);
  constexpr std::string_view et = "llmcost.inference.efficiency";
  if (k.flat) {
    const ServingEfficiency& e = *k.flat;
    detail::require_efficiency(detail::to_raw(e.gemm), "efficiency.gemm", et);
    detail::require_efficiency(detail::to_raw(e.attention_compute), "efficiency.attention_compute", et);
    detail::require_efficiency(detail::to_raw(e.memory), "efficiency.memory", et);
    detail::require_efficiency(detail::to_raw(e.scale_up), "efficiency.scale_up", et);
    detail::require_efficiency(detail::to_raw(e.scale_out), "efficiency.scale_out", et);
  } else {
    detail::require_positive_up_to(k.scale, 10, "kernel_scale", et);
  }
  LLMCOST_REQUIRE(c.redundant_experts >= 0 && c.redundant_experts <= model_limits::max_experts, invalid_input, kTag,
                  "redundant_experts = ", c.redundant_experts, " must be in [0, ", model_limits::max_experts, "]");
  LLMCOST_REQUIRE(chip.hbm_bandwidth.has_value(), invalid_input, "llmcost.inference.missing_spec",
                  detail::quoted(chip.id), " has no HBM bandwidth in the catalog; the decode roofline needs it");
}

// The inputs a serving result grows with, for require_finite_result messages.
constexpr const char* kServingInputs =
    "the model's sizes, batch_per_gpu, context, prompt_length, prefill_tokens_per_gpu and gpus";

void require_finite_step(const StepBreakdown& b) {
  for (const Seconds& t : {b.dense, b.attention, b.experts, b.communication, b.dispatch, b.combine, b.contention, b.step})
    detail::require_finite_result(detail::to_raw(t), "the step time", kServingInputs, "llmcost.inference.overflow");
}

struct Ctx {
  double gemm_peak, attn_peak, hbm, up_dir, out_dir, gpn;
  bool has_up, has_out;
};

Ctx context_of(const Accelerator& chip, const ServingConfig& c) {
  Ctx x{};
  x.gemm_peak = detail::to_raw(chip.require_peak(c.compute_precision));
  x.attn_peak = detail::to_raw(chip.require_peak(chip.supports(Precision::bf16) ? Precision::bf16 : Precision::fp16));
  x.hbm = detail::to_raw(chip.hbm_bandwidth->value);
  const auto up = chip.scale_up_per_direction();
  const auto out = chip.scale_out_per_direction();
  x.has_up = up.has_value();
  x.has_out = out.has_value();
  x.up_dir = up ? detail::to_raw(*up) : 0;
  x.out_dir = out ? detail::to_raw(*out) : 0;
  // A chip without a node size in the catalog is taken as an 8-GPU node (HGX convention).
  x.gpn = chip.gpus_per_node ? chip.gpus_per_node->value : 8;
  return x;
}

enum class Phase { prefill, decode };

// The fractions of the roofline each kernel reaches: from the measured tables, or flat.
class Fractions {
 public:
  Fractions(const ServingKernels& k, Precision gemm_precision)
      : k_(k), t_(k.flat ? nullptr : (k.tables ? k.tables : &KernelTables::builtin())), p_(gemm_precision) {}
  double gemm(GemmLayout layout, double flop_per_byte) const {
    return t_ ? k_.scale * t_->gemm(layout, p_).at(flop_per_byte) : detail::to_raw(k_.flat->gemm);
  }
  double attention_compute(Phase phase, double seq_len) const {
    if (!t_) return detail::to_raw(k_.flat->attention_compute);
    if (phase == Phase::prefill && !t_->prefill_attention().empty()) return k_.scale * t_->prefill_attention().at(seq_len);
    return k_.scale * t_->decode_attention_compute();
  }
  double memory() const { return t_ ? k_.scale * t_->decode_attention_memory() : detail::to_raw(k_.flat->memory); }
  double link(AllToAllMode mode, AllToAllOp op, bool rdma, double ranks) const {
    if (!t_) return detail::to_raw(rdma ? k_.flat->scale_out : k_.flat->scale_up);
    return k_.scale * t_->all_to_all(mode, op, rdma).at(ranks);
  }

 private:
  const ServingKernels& k_;
  const KernelTables* t_;
  Precision p_;
};

// Time of one GEMM group: its roofline on this chip ÷ the measured fraction at its intensity.
// Activations are counted for square-ish matrices of the model width: inputs + BF16 outputs of
// 2·params/width elements per row.
double gemm_s(double params, double rows, double width, double weight_bytes, double operand_bytes, GemmLayout layout,
              const Fractions& f, const Ctx& x, double& compute_bound_s, double& memory_bound_s) {
  if (params <= 0 || rows <= 0) return 0;
  const double flop = 2 * params * rows;
  const double bytes = params * weight_bytes + rows * (operand_bytes + 2.0) * 2 * params / width;
  const double c = flop / x.gemm_peak, m = bytes / x.hbm;
  const double s = std::max(c, m) / f.gemm(layout, flop / bytes);
  (c >= m ? compute_bound_s : memory_bound_s) += s;
  return s;
}

// Seconds to move `bytes_` over a link of `per_direction` bytes/s at fraction `eff`.
double link_s(double bytes_, double per_direction, double eff) {
  return detail::to_raw(transfer_time(bytes(bytes_), bytes_per_s(per_direction), ratio(eff)));
}

// One forward step of `tokens` tokens per GPU (prefill or decode), per GPU, composed per
// micro-batch. `head_rows` of them run the LM head (one per sequence in prefill); `mtp_tokens` run
// the MTP module as well.
StepBreakdown step(const ServingModel& m, const Accelerator& chip, const ServingConfig& c, const ServingKernels& kernels,
                   const Ctx& x, Phase phase, double tokens, double head_rows, double mtp_tokens, double attn_flops,
                   double kv_bytes, double seq_len) {
  const double g = detail::to_raw(c.gpus);
  const double tp = c.tensor_parallel;
  const double mb = c.micro_batches;
  const double t = tokens / mb;  // tokens per GPU per micro-batch
  const double wb = bytes_of(c.weight_precision);
  const double ob = bytes_of(c.compute_precision);
  const double A = detail::to_raw(m.always_active_params);
  const double Pe = detail::to_raw(m.routed_expert_params);
  const double k = m.experts_per_token, E = m.routed_experts, L = m.moe_layers;
  const double h = m.hidden_size;
  const Fractions f(kernels, c.compute_precision);
  double cb = 0, mbnd = 0;
  StepBreakdown b;
  // Always-active GEMMs: each TP rank holds 1/tp of the weights and runs every token of its group.
  // The LM head runs on `head_rows` rows (one per sequence in prefill).
  const double attn_params = detail::to_raw(m.attention_params), head_params = detail::to_raw(m.output_head_params);
  const double attn_gemm = gemm_s(attn_params / tp, t * tp, h, wb, ob, GemmLayout::dense, f, x, cb, mbnd);
  double mlp_gemm = gemm_s((A - attn_params - head_params) / tp, t * tp, h, wb, ob, GemmLayout::dense, f, x, cb, mbnd);
  mlp_gemm += gemm_s(head_params / tp, head_rows / mb * tp, h, wb, ob, GemmLayout::dense, f, x, cb, mbnd);
  mlp_gemm += gemm_s(detail::to_raw(m.mtp_module_params) / tp, mtp_tokens / mb * tp, h, wb, ob, GemmLayout::dense, f,
                     x, cb, mbnd);
  const double dense = attn_gemm + mlp_gemm;
  // Attention core: compute at the attention kernel's fraction of the BF16 peak, KV at HBM's.
  double attention = 0;
  {
    const double cs = attn_flops / mb / (x.attn_peak * f.attention_compute(phase, seq_len));
    const double ms = kv_bytes / mb / (x.hbm * f.memory());
    attention = std::max(cs, ms);
    (cs >= ms ? cb : mbnd) += attention;
  }
  double experts = 0, dispatch = 0, combine = 0;
  const AllToAllMode mode = phase == Phase::prefill ? c.prefill_all_to_all : c.decode_all_to_all;
  if (Pe > 0) {
    const double slots = E + c.redundant_experts;
    // Routed tokens on the most loaded GPU: the unit's micro-batch, k copies each.
    b.imbalance = c.balanced_routing ? 1.0 : expert_load_imbalance(t * g / tp, k, E, g, c.redundant_experts);
    const double routed = t * k * b.imbalance;
    const double local = std::max(1.0, slots / g);  // expert slots per GPU
    const double touched = local * expected_touched_experts(t * g / tp, k, E) / E;  // expert slots read here
    const double rows_per_expert = routed / local;
    const GemmLayout layout = phase == Phase::prefill ? GemmLayout::grouped_contiguous : GemmLayout::grouped_masked;
    // FLOPs of `routed` rows through one expert's matrices; weights of the experts touched.
    const double flop = 2 * Pe * routed * L;
    const double bytes = (touched * Pe * wb + routed * (ob + 2.0) * 2 * Pe / h) * L;
    const double cs = flop / x.gemm_peak, ms = bytes / x.hbm;
    const double intensity = 2 * Pe * rows_per_expert / (Pe * wb + rows_per_expert * (ob + 2.0) * 2 * Pe / h);
    experts = std::max(cs, ms) / f.gemm(layout, intensity);
    (cs >= ms ? cb : mbnd) += experts;
    if (g > 1) {
      LLMCOST_REQUIRE(x.has_up, invalid_input, "llmcost.inference.missing_spec", detail::quoted(chip.id),
                      " has no scale-up bandwidth in the catalog; expert parallelism needs it");
      const ExpertCopies copies = expert_copies_per_token(g, std::max(1.0, x.gpn / tp), k, c.max_nodes_per_token);
      const bool multi_node = copies.scale_out > 0;
      LLMCOST_REQUIRE(!multi_node || x.has_out, invalid_input, "llmcost.inference.missing_spec", detail::quoted(chip.id),
                      " has no scale-out bandwidth in the catalog, but the unit spans ", g, " GPUs > ", x.gpn,
                      " per node");
      const double tok = t / tp;  // with TP, each rank sends its share of the group's tokens
      for (const AllToAllOp op : {AllToAllOp::dispatch, AllToAllOp::combine}) {
        const double per_copy = h * (op == AllToAllOp::dispatch ? c.dispatch_bytes_per_element
                                                                : c.combine_bytes_per_element);
        double s = 0;
        if (mode == AllToAllMode::low_latency) {
          // Pure RDMA across nodes (every remote expert directly), NVLink inside one node.
          const double copies_sent = k * (1 - 1 / g);
          s = multi_node ? link_s(tok * copies_sent * per_copy * L, x.out_dir, f.link(mode, op, true, g))
                         : link_s(tok * copies_sent * per_copy * L, x.up_dir, f.link(mode, op, false, g));
        } else {
          const double up = link_s(tok * copies.scale_up * per_copy * L, x.up_dir, f.link(mode, op, false, g));
          const double out =
              multi_node ? link_s(tok * copies.scale_out * per_copy * L, x.out_dir, f.link(mode, op, true, g)) : 0;
          s = std::max(up, out);
        }
        (op == AllToAllOp::dispatch ? dispatch : combine) += s;
      }
    }
  }
  if (tp > 1) {
    LLMCOST_REQUIRE(x.has_up, invalid_input, "llmcost.inference.missing_spec", detail::quoted(chip.id),
                    " has no scale-up bandwidth in the catalog; tensor parallelism needs it");
    // Ring all-reduce of BF16 activations, two per layer (attention, FFN), at the measured NVLink
    // all-to-all fraction for tp ranks; counted with the combine (it closes each block).
    const double bytes_ar = 2 * (tp - 1) / tp * t * tp * h * 2.0;
    combine += link_s(2 * m.layers * bytes_ar, x.up_dir, f.link(AllToAllMode::normal, AllToAllOp::combine, false, tp));
  }
  // The ATTN and MLP stages of one micro-batch, and the step (see the header).
  const double attn_stage = attn_gemm + attention, mlp_stage = mlp_gemm + experts;
  const double comm = dispatch + combine;
  double step_s = 0, contention = 0;
  if (mb > 1) {
    // Compute beside a normal-mode all-to-all runs on the SMs it leaves free.
    const double sm = mode == AllToAllMode::normal && comm > 0
                          ? detail::to_raw(default_step_time_constants().collective_sm_fraction)
                          : 0.0;
    auto slot = [&](double compute_s, double comm_s) {
      const double slowed = comm_s > 0 ? compute_s / (1 - sm) : compute_s;
      const double busy = std::min(slowed, compute_s + comm_s * sm);  // SMs are held only while comm runs
      contention += busy - compute_s;
      return std::max(busy, comm_s);
    };
    step_s = slot(attn_stage, combine) + slot(attn_stage, dispatch) + slot(mlp_stage, dispatch) +
             slot(mlp_stage, combine);
  } else {
    step_s = attn_stage + mlp_stage + comm;
  }
  const double compute = attn_stage + mlp_stage;
  b.dense = seconds(dense * mb);
  b.attention = seconds(attention * mb);
  b.experts = seconds(experts * mb);
  b.communication = seconds(comm * mb);
  b.dispatch = seconds(dispatch * mb);
  b.combine = seconds(combine * mb);
  b.contention = seconds(mb > 1 ? contention * mb / 2 : 0.0);
  b.step = seconds(step_s);
  b.bound = comm > compute ? "network" : (cb >= mbnd ? "compute" : "memory");
  return b;
}

}  // namespace

PrefillEstimate estimate_prefill(const ServingModel& m, const Accelerator& chip, const ServingConfig& c,
                                 const ServingKernels& e) {
  validate(m, chip, c, e);
  const double n = detail::require_positive_up_to(detail::to_raw(c.prefill_tokens_per_gpu), kMaxTokensPerStep,
                                                  "prefill_tokens_per_gpu", "llmcost.inference.batch");
  const double p = detail::require_positive_up_to(detail::to_raw(c.prompt_length), detail::kMaxSeqLen,
                                                  "prompt_length", "llmcost.inference.context");
  const double cf = detail::to_raw(c.cached_fraction);
  LLMCOST_REQUIRE(std::isfinite(cf) && cf >= 0 && cf < 1, out_of_domain, "llmcost.inference.cached_fraction",
                  "cached_fraction = ", cf, " is outside [0, 1) (at 1 nothing is computed)");
  const Ctx x = context_of(chip, c);
  const double tp = c.tensor_parallel;
  const double kv_tok = m.kv_elements_per_token * bytes_of(c.kv_precision) * (m.kv_shardable_by_tp ? 1 : tp);
  // New tokens sit at positions cf·p … p: mean causal context (1 + cf)·p/2.
  const double attn = detail::to_raw(m.attention_prefill_flops_per_context_token) * n * (1 + cf) * p / 2;
  const double sequences = n / ((1 - cf) * p);
  const double kv_bytes = n * kv_tok + sequences * cf * p * kv_tok;  // write new KV, read cached prefix
  PrefillEstimate out;
  out.breakdown = step(m, chip, c, e, x, Phase::prefill, n, sequences, 0, attn, kv_bytes, p);
  const double s = detail::to_raw(out.breakdown.step);
  out.computed_tokens_per_s_per_gpu = tokens_per_s(n / s);
  out.input_tokens_per_s_per_gpu = tokens_per_s(n / s / (1 - cf));
  out.input_tokens_per_s_per_node = out.input_tokens_per_s_per_gpu * x.gpn;
  out.ttft = seconds(std::ceil((1 - cf) * p / n) * s);
  require_finite_step(out.breakdown);
  for (const double v : {detail::to_raw(out.computed_tokens_per_s_per_gpu), detail::to_raw(out.input_tokens_per_s_per_gpu),
                         detail::to_raw(out.input_tokens_per_s_per_node), detail::to_raw(out.ttft)})
    detail::require_finite_result(v, "the prefill estimate", kServingInputs, "llmcost.inference.overflow");
  return out;
}

DecodeEstimate estimate_decode(const ServingModel& m, const Accelerator& chip, const ServingConfig& c,
                               const ServingKernels& e) {
  validate(m, chip, c, e);
  const double b = c.batch_per_gpu;
  LLMCOST_REQUIRE(std::isfinite(b) && b > 0 && b <= kMaxBatchPerGpu, invalid_input, "llmcost.inference.batch",
                  "batch_per_gpu = ", b, " is outside the accepted range (0, ", kMaxBatchPerGpu, "] sequences per GPU");
  const double l = detail::require_positive_up_to(detail::to_raw(c.context), detail::kMaxSeqLen, "context",
                                                  "llmcost.inference.context");
  const Ctx x = context_of(chip, c);
  const double tp = c.tensor_parallel;
  const double drafts = c.mtp_draft_tokens;
  const double tokens = b * (1 + drafts);  // verified per step per GPU
  const double emitted = b * (1 + drafts * detail::to_raw(c.mtp_acceptance));
  const double kv_tok = m.kv_elements_per_token * bytes_of(c.kv_precision) * (m.kv_shardable_by_tp ? 1 : tp);
  const double attn = detail::to_raw(m.attention_decode_flops_per_context_token) * l * tokens;
  const double kv_bytes = kv_tok * l * b;
  DecodeEstimate out;
  out.breakdown = step(m, chip, c, e, x, Phase::decode, tokens, tokens, b * drafts, attn, kv_bytes, l);
  const double s = detail::to_raw(out.breakdown.step);
  out.tokens_per_s_per_gpu = tokens_per_s(emitted / s);
  out.tokens_per_s_per_node = out.tokens_per_s_per_gpu * x.gpn;
  out.time_per_output_token = seconds(s / (1 + drafts * detail::to_raw(c.mtp_acceptance)));
  const double bw = bytes_of(c.weight_precision);
  out.weight_bytes_per_gpu =
      bytes(detail::to_raw(m.always_active_params) * bw / tp +
            detail::to_raw(m.routed_expert_params) * (m.routed_experts + (m.routed_experts > 0 ? c.redundant_experts : 0)) *
                m.moe_layers * bw / detail::to_raw(c.gpus));
  out.kv_bytes_per_gpu = bytes(kv_bytes);
  if (chip.hbm_capacity)
    out.fits_in_memory = out.weight_bytes_per_gpu + out.kv_bytes_per_gpu <= chip.hbm_capacity->value;
  require_finite_step(out.breakdown);
  for (const double v : {detail::to_raw(out.tokens_per_s_per_gpu), detail::to_raw(out.tokens_per_s_per_node),
                         detail::to_raw(out.time_per_output_token), detail::to_raw(out.weight_bytes_per_gpu),
                         detail::to_raw(out.kv_bytes_per_gpu)})
    detail::require_finite_result(v, "the decode estimate", kServingInputs, "llmcost.inference.overflow");
  if (l > detail::to_raw(m.max_context))
    out.warnings.push_back(detail::concat("context ", l, " tokens exceeds ", detail::quoted(m.name), "'s maximum of ",
                                          detail::to_raw(m.max_context),
                                          " tokens; the roofline is extrapolated [llmcost.inference.context]"));
  if (!out.fits_in_memory)
    out.warnings.push_back(detail::concat("weights + KV cache (", detail::to_raw(out.weight_bytes_per_gpu + out.kv_bytes_per_gpu),
                                          " B) exceed ", detail::quoted(chip.id), "'s HBM capacity [llmcost.inference.memory]"));
  return out;
}

ServingCost serving_cost(const PrefillEstimate& prefill, const DecodeEstimate& decode, UsdPerGpuHour price) {
  detail::require_positive_up_to(in_usd_per_gpu_hour(price), detail::kMaxPriceUsdPerGpuHour, "price_usd_per_gpu_hour",
                                 "llmcost.inference.price");
  const Gpus one = gpu_count(1);
  const ServingCost c{price * one / prefill.input_tokens_per_s_per_gpu, price * one / decode.tokens_per_s_per_gpu};
  for (const UsdPerToken& v : {c.input, c.output})
    detail::require_finite_result(detail::to_raw(v), "the serving cost per token",
                                  "price_usd_per_gpu_hour and 1/(tokens per second per GPU)", "llmcost.inference.overflow");
  return c;
}

FleetSize fleet_for_traffic(const PrefillEstimate& prefill, const DecodeEstimate& decode, Tokens input_per_day,
                            Tokens output_per_day, Ratio utilisation, UsdPerGpuHour price) {
  constexpr std::string_view tag = "llmcost.inference.traffic";
  detail::require_in_range(detail::to_raw(input_per_day), 0, detail::kMaxTokensPerDay, "input_tokens_per_day", tag);
  detail::require_in_range(detail::to_raw(output_per_day), 0, detail::kMaxTokensPerDay, "output_tokens_per_day", tag);
  detail::require_efficiency(detail::to_raw(utilisation), "utilisation", "llmcost.inference.utilisation");
  detail::require_positive_up_to(in_usd_per_gpu_hour(price), detail::kMaxPriceUsdPerGpuHour, "price_usd_per_gpu_hour",
                                 "llmcost.inference.price");
  const double u = detail::to_raw(utilisation);
  FleetSize f;
  f.prefill = gpu_count(detail::to_raw(input_per_day / (days(1) * prefill.input_tokens_per_s_per_gpu)) / u);
  f.decode = gpu_count(detail::to_raw(output_per_day / (days(1) * decode.tokens_per_s_per_gpu)) / u);
  f.total = f.prefill + f.decode;
  f.cost_per_day = f.total * days(1) * price;
  for (const double v : {detail::to_raw(f.total), detail::to_raw(f.cost_per_day)})
    detail::require_finite_result(v, "the fleet size", "the tokens per day, 1/utilisation and 1/(tokens per second per GPU)",
                                  "llmcost.inference.overflow");
  return f;
}

}  // namespace llmcost
