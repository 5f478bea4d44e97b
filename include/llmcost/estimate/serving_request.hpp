#pragma once
// File: llmcost/estimate/serving_request.hpp
//
// One serving estimate from what a user gives: a model (a preset name, a Hugging Face
// config.json, or a ServingModel / Transformer built in code), a chip, the serving knobs
// and an optional rental price. `estimate_serving` resolves every knob left unset in one
// place and names each default it used (which input, the value, its source) in the
// result; the CLI (`llmcost estimate inference`) and Python (`llmcost.estimate_inference`)
// only build a request and print `to_json(result)`.
//
//   ServingRequest r;
//   r.model = "llama-3.1-70b";
//   r.chip = "H100";
//   r.gpus = gpu_count(8);
//   r.tensor_parallel = 8;
//   ServingResult s = estimate_serving(r);      // price: H100's lowest catalog quote (named in s.defaults)
//   double usd_per_out_tok = detail::to_raw(s.cost->output);
//
// Price rule (choose_price, the same as `estimate training`): the stated price; else the chip's
// lowest catalog rental quote; else no price, in which case throughput is still computed and the
// cost is absent (with a note).
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/inference.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/pricing/price_choice.hpp"
#include "llmcost/provenance.hpp"

namespace llmcost {

class Catalog;

/// The model preset a serving request uses when it names no model.
inline constexpr const char* kDefaultServingModel = "deepseek-v3";
/// The chip a serving request uses when it names none.
inline constexpr const char* kDefaultServingChip = "H800";

/// What to estimate. Every knob left empty takes the ServingConfig default, named in the result.
struct ServingRequest {
  // The model: at most one of these; none means the preset kDefaultServingModel.
  std::string model;                         ///< preset name (`llmcost model list`)
  std::string hf_config;                     ///< path of a Hugging Face config.json
  std::optional<Transformer> transformer;    ///< a model built in code
  std::optional<ServingModel> serving_model; ///< a serving view built in code

  std::string chip;                 ///< accelerator id or alias; empty: kDefaultServingChip
  const Catalog* catalog = nullptr; ///< where `chip` is looked up; nullptr: Catalog::builtin()

  std::optional<Gpus> gpus;                       ///< GPUs in the unit (EP degree)
  std::optional<int> tensor_parallel;             ///< TP of attention/dense layers
  std::optional<double> batch_per_gpu;            ///< decode sequences per GPU
  std::optional<Tokens> context;                  ///< average decode KV length [tok]
  std::optional<Tokens> prompt_length;            ///< average prompt length [tok]
  std::optional<Tokens> prefill_tokens_per_gpu;   ///< prefill tokens per GPU per step [tok]
  std::optional<Ratio> cached_fraction;           ///< prompt-cache hit share, [0, 1)
  std::optional<int> micro_batches;               ///< 1, or 2 for two-micro-batch overlap
  std::optional<int> max_nodes_per_token;         ///< node-limited routing (0 = none)
  std::optional<int> mtp_draft_tokens;            ///< MTP draft tokens per step
  std::optional<Precision> weight_precision;
  std::optional<Precision> kv_precision;
  std::optional<Precision> compute_precision;
  std::optional<UsdPerGpuHour> price;             ///< rental price; empty: the default-price rule

  std::optional<int> redundant_experts;           ///< extra expert slots (EPLB)
  std::optional<bool> balanced_routing;           ///< perfectly balanced routing (profiling)
  /// Latency targets: the decode batch / prefill chunk are then CHOSEN for the best throughput
  /// that meets them (llmcost/estimate/latency_batching.hpp); giving both a target and the
  /// batch (or chunk) it would choose is invalid_input [llmcost.inference.batch_and_target].
  std::optional<Seconds> tpot_target;             ///< time per output token
  std::optional<Seconds> ttft_target;             ///< time to first token
  /// Kernel performance: the measured tables (default) or flat efficiencies.
  ServingKernels kernels;
};

/// A serving estimate with everything it assumed.
struct ServingResult {
  std::string model;  ///< the model's name
  std::string chip;   ///< the catalog id of the chip
  ServingConfig config;      ///< the resolved deployment (defaults filled in)
  /// The kernels used: flat efficiencies, or the tables' scale (the pointer to the tables is
  /// not kept: a result outlives the request) with the tables' spread, rows and sources.
  ServingKernels kernels;
  double kernel_spread = 0;
  std::size_t kernel_rows = 0;
  std::vector<std::string> kernel_sources;
  PrefillEstimate prefill;
  DecodeEstimate decode;
  PriceChoice price;  ///< the price rule of llmcost/pricing/price_choice.hpp
  std::optional<ServingCost> cost;    ///< absent without a price
  /// Per-GPU rates with every measured kernel fraction × (1 − spread) (low) and × (1 + spread)
  /// (high), spread = the tables' leave-one-row-out interpolation error (KernelTables::spread):
  /// the interval the tables themselves support. Absent with flat efficiencies.
  struct Interval {
    double spread = 0;
    TokensPerSecond prefill_low, prefill_high, decode_low, decode_high;
  };
  std::optional<Interval> interval;
  /// What bounds a chosen batch or chunk ("latency_target", "hbm_capacity", "batch_cap"); empty
  /// when the batch (chunk) was given or defaulted.
  std::string decode_limit, prefill_limit;
  std::optional<Seconds> tpot_target, ttft_target;  ///< as requested
  std::vector<DefaultUsed> defaults;  ///< every input the request left unset, in request order
  std::vector<std::string> notes;     ///< e.g. why the cost is absent
};

/// The deployment of `r`: its knobs, each unset one from `ServingConfig{}` and appended to
/// `defaults` (when given), except the decode batch / prefill chunk a latency target will choose
/// (invalid_input [llmcost.inference.batch_and_target] when the request also gives them). Does not look up the model or the chip (the numpy path calls it per
/// element); the estimators validate the values.
ServingConfig serving_config(const ServingRequest& r, std::vector<DefaultUsed>* defaults = nullptr);

/// The serving view of the request's model: `serving_model`, `transformer`, `hf_config` or the
/// preset `model` (default kDefaultServingModel). Throws invalid_input
/// [llmcost.inference.model_source] when more than one is given; not_found / io_error from the
/// preset and file readers.
ServingModel resolve_serving_model(const ServingRequest& r);

/// The prefill and decode rooflines of `r`, and the cost per token when a price is known.
/// Throws like estimate_prefill / estimate_decode / serving_cost, and not_found for an unknown chip.
ServingResult estimate_serving(const ServingRequest& r);

/// The result as JSON: model, chip, headline rates and costs per million tokens, "prefill" and
/// "decode" objects (rates, step times and their breakdown, memory), the cost per token (null
/// without a price), the price and its source, the resolved "config", "defaults" and "notes".
/// Keys carry their unit. The CLI's `--format json` and Python's `to_dict()` are this document.
std::string to_json(const ServingResult& r, int indent = 2);

}  // namespace llmcost
