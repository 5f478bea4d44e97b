#pragma once
// File: llmcost/estimate/training_request.hpp
//
// One training estimate from what a user states, with every default resolved in one place (the
// CLI's `estimate training`, Python's `estimate_training` and scripts all build a request and
// print the result). A request names the model (a preset, a Hugging Face config.json, a
// Transformer built in code, or only FLOPs per token), the chip, GPUs and tokens, and optionally
// the efficiency, the price (or an ownership TCO) and a parallel layout.
//
// Resolution, in order (docs/training.md):
//   FLOPs per token  a stated layout: the step-time model's convention (causal attention, main
//                    model, no recomputation); else the architecture at seq_len (causal
//                    attention, logits, MTP); else the stated value;
//   efficiency       a stated efficiency (MFU, measured tokens/s per GPU or GPU-hours) as given;
//                    else the PREDICTION (estimate/training_prediction.hpp): the steady state of
//                    the stated layout, or of the fastest layout the search finds, divided by the
//                    realisation (its median; its 80% interval gives the p10/p90 figures); with
//                    only FLOPs per token and active parameters, the efficiency model
//                    (estimate/efficiency.hpp, a 6·N·D regression rescaled to those FLOPs);
//   price            a stated price or TCO; else the chip's lowest catalog quote; else none: the
//                    FLOPs, GPU-hours and time are still given, and the cost is absent;
//   layout           dp = GPUs / (TP·PP·CP) when not stated; the schedule's overlap
//                    (with_schedule_overlap: DualPipe hides the EP all-to-all).
// Every default that stands in for an input the user did not give is listed in
// `TrainingResult::defaults` with its source.
//
//   TrainingRequest r;
//   r.model = "deepseek-v3"; r.chip = "H800"; r.gpus = gpu_count(2048); r.tokens = token_count(14.8e12);
//   TrainingResult e = estimate_training(r);
//   in_gpu_hours(e.estimate.total.gpu_hours); e.cost();  // cost is nullopt without a price
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/layout.hpp"
#include "llmcost/estimate/step_time.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/estimate/training_prediction.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/pricing/price_choice.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// A parallel layout as stated: what is absent takes the layout's default (1, 1F1B, no
/// recompute, ZeRO 0; dp = GPUs / (TP·PP·CP)). A request with none of the parallel fields (tp, pp,
/// dp, ep, cp, schedule, virtual stages, micro-batch size, recompute, ZeRO stage) states no layout:
/// its workload fields (batch, routing limit, NIC, attention switches) go to the layout search.
struct LayoutRequest {
  std::optional<int> tp, pp, dp, ep, cp, virtual_stages, micro_batch_size, zero_stage;
  std::optional<PipelineSchedule> schedule;
  std::optional<Recompute> recompute;
  std::optional<Tokens> global_batch_tokens;  ///< tokens per optimizer step (required with a layout)
  int max_nodes_per_token = 0;                ///< node-limited MoE routing (DeepSeek-V3: 4); 0 = none
  std::optional<BytesPerSecond> scale_out_per_direction;  ///< per-GPU NIC bandwidth; default: the catalog's
  std::optional<bool> flash_attention;    ///< fused attention; default on (TrainingWorkload)
  std::optional<bool> dropout;            ///< dropout masks stored; default off (TrainingWorkload)
  std::optional<bool> sequence_parallel;  ///< Megatron SP on the TP group; default on (Layout)
};

/// What the user states about a training run. Exactly one model source: `model` (a preset
/// name), `hf_config` (a config.json path), `transformer` (built in code) or
/// `training_flop_per_token` (FLOPs only; the default efficiency model then needs `active_params`).
struct TrainingRequest {
  std::string model;                                     ///< preset name (llmcost model list)
  std::string hf_config;                                 ///< path of a Hugging Face config.json
  std::optional<Transformer> transformer;                ///< a model built in code
  std::optional<FlopsPerToken> training_flop_per_token;  ///< stated FLOPs per token (fwd + bwd)
  std::optional<Params> active_params;                   ///< with stated FLOPs: for the default efficiency model
  std::string chip;                                      ///< catalog name
  Gpus gpus = gpu_count(0);
  Tokens tokens = token_count(0);
  std::optional<Tokens> seq_len;         ///< default 4096
  std::optional<Precision> precision;    ///< GEMM precision; default bf16
  std::optional<Efficiency> efficiency;  ///< default: the step-time model (with a layout) or the efficiency model
  std::optional<Ratio> goodput;          ///< default 1
  std::optional<UsdPerGpuHour> price;    ///< rental price; default: the chip's lowest catalog quote
  std::optional<OwnershipTco> tco;       ///< price GPU-hours by ownership instead of rental
  std::optional<LayoutRequest> layout;   ///< a stated layout: the step-time model predicts the MFU
};

/// Whether `r` states a layout (any parallel field), rather than only the workload to search.
[[nodiscard]] bool states_layout(const LayoutRequest& r) noexcept;

/// The request that states layout `l` (every parallel and memory field of it), keeping the
/// workload fields of `workload` (NIC, switches, routing limit); the global batch is
/// `workload`'s, else default_global_batch_tokens() (the batch a default search uses). Evaluating
/// it gives the numbers of the request whose search found `l`.
[[nodiscard]] LayoutRequest stated_layout(const Layout& l, LayoutRequest workload = {});

/// How a predicted efficiency came about, and the whole-run figures at the ends of its interval.
struct TrainingPredictionSummary {
  bool searched = false;              ///< the layout came from the search (else it was stated)
  long long layouts_evaluated = 0;    ///< by the search
  Ratio ceiling_mfu = ratio(0);       ///< the steady-state MFU of the layout
  GpuHours steady_gpu_hours = gpu_hours(0);
  Realisation realisation;            ///< the fit used (data/realisation.toml)
  PhaseEstimate p10, p90;             ///< whole-run GPU-hours, time and cost at the interval's ends
};

/// The estimate of a request: what was resolved and the estimate itself.
struct TrainingResult {
  std::string model;        ///< model name; empty when only FLOPs per token were stated
  std::string chip;         ///< catalog id
  Gpus gpus = gpu_count(0);
  Tokens tokens = token_count(0);
  Tokens seq_len = token_count(0);
  Precision precision = Precision::bf16;
  FlopsPerToken training_flop_per_token = flop_per_token(0);
  std::string flop_basis;   ///< "architecture", "step-time model" or "stated"
  Ratio goodput = ratio(1);
  Efficiency efficiency = Mfu{};
  std::optional<StepTimeEstimate> step_time;  ///< the stated or searched layout's estimate
  std::optional<TrainingPredictionSummary> prediction;  ///< when the efficiency was predicted
  TrainingEstimate estimate;                  ///< costs are meaningful only when has_cost()
  std::string pricing;                        ///< "rental", "ownership" or "none"
  PriceChoice price;                          ///< the rental price rule (rental and none)
  std::vector<DefaultUsed> defaults;
  /// Whether a price or TCO was available.
  [[nodiscard]] bool has_cost() const noexcept { return pricing != "none"; }
  /// The total cost, or nullopt without a price.
  [[nodiscard]] std::optional<Usd> cost() const {
    return has_cost() ? std::optional<Usd>(estimate.total.cost.total()) : std::nullopt;
  }
};

/// The training workload for the step-time model: the global batch in tokens becomes
/// floor(tokens / seq_len) sequences. Throws invalid_input [llmcost.training.invalid] when that
/// is outside [1, 1e9] sequences, or seq_len outside [1, 1e8] (whole), or max_nodes_per_token
/// outside [0, 1e6].
TrainingWorkload training_workload(Transformer model, Tokens seq_len, Tokens global_batch_tokens,
                                   int max_nodes_per_token = 0);

/// A stated layout completed with its defaults for `gpus` (dp = GPUs / (TP·PP·CP) when absent;
/// the schedule's overlap) at GEMM precision `gemm`.
Layout complete_layout(const LayoutRequest& r, Gpus gpus, Precision gemm);

/// The model a request names (preset, HF config or the one built in code); nullopt when only
/// FLOPs per token were stated. Throws invalid_input [llmcost.training.model] unless exactly one
/// source is given.
std::optional<Transformer> requested_model(const TrainingRequest& r);

/// Resolves every default of `r` (see the file comment) and estimates the run; chips are looked
/// up in `catalog`. Throws what estimate_training(TrainingRun, PricingModel), the catalog, the
/// model readers and the step-time model throw, plus invalid_input [llmcost.training.model]
/// (not exactly one model source), [llmcost.training.efficiency] (no efficiency and nothing to
/// predict it from; an efficiency and a layout together), [llmcost.training.pricing] (a price and
/// a TCO together), [llmcost.training.missing_batch] (a layout without global_batch_tokens), and
/// out_of_domain [llmcost.prediction.no_layout] when no layout of the model fits the GPUs.
TrainingResult estimate_training(const TrainingRequest& r, const Catalog& catalog = Catalog::builtin());

/// The result as JSON: the document `llmcost estimate training --format json` prints and Python's
/// `TrainingResult.to_dict()` returns (snake_case keys with units in the names, SI values;
/// null for what is absent).
std::string to_json(const TrainingResult& r, int indent = 2);

}  // namespace llmcost
