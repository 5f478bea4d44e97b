#pragma once
// File: llmcost/claims/inference_claims.hpp
//
// Reports for DeepSeek's inference claims:
//   * "deepseek-inference": the Day-6 disclosure (DS-DAY6, 2025-03-01) — $87,072/day =
//     226.75 nodes × 8 × 24 h × $2; $562,027 theoretical revenue at R1 prices; 545%
//     cost-profit margin — plus a first-principles roofline prediction of the per-node
//     prefill/decode throughput (estimate/inference.hpp) with its error;
//   * "deepseek-r1-pricing": "R1 is 20–50× cheaper than o1" — the list-price ratios
//     27.3× / 27.4× / 53.6× (OpenAI and DeepSeek list prices), per-task ratios and their sensitivity
//     to reasoning-token counts, and a serving-cost ratio under a stated hypothesis for
//     o1's size (o1's architecture is not public).
//
//   Report r = deepseek_inference_report();
//   std::cout << to_text(r);
//   Report p = deepseek_r1_pricing_report(param_count(300e9));   // o1 hypothesis: 300B dense
#include <string_view>

#include "llmcost/claims/report.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/serving_load.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

class Catalog;

/// A figure of data/claims/deepseek_inference.toml by key, with its source. Throws
/// not_found [llmcost.claims.unknown_figure].
const Sourced<double>& deepseek_inference_figure(std::string_view key);

/// DS-DAY6 prefill unit: 32 GPUs (EP32, DP attention), two micro-batches, node-limited
/// routing (4 nodes), 16K tokens per GPU per step and 4K prompts (profile-data), and the
/// disclosed 56.25% cache-hit share.
ServingConfig deepseek_day6_prefill_config();
/// DS-DAY6 decode unit: 144 GPUs (EP144), 128 sequences per GPU in two micro-batches
/// (profile-data), average KV length 4,989 (DS-DAY6), no MTP (Day 6 does not state it).
ServingConfig deepseek_day6_decode_config();

/// Prediction of the Day-6 per-node 24-hour averages on `chip`: the steady-state prefill rate of
/// the Day-6 prefill unit, the decode rate at the batch that meets the published output speed
/// (20 tok/s per request: time per output token ≤ 50 ms; choose_decode_batch), both carried to
/// 24-hour averages by the load model (daily_load_average: the published 278 peak and 226.75
/// average nodes; the load's trough/peak ratio 0.5 and full utilisation at the peak are
/// assumptions, listed in `load.assumptions`).
struct Day6Prediction {
  PrefillEstimate prefill;
  DecodeEstimate decode;
  double decode_batch_per_gpu = 0;  ///< chosen for the TPOT target
  std::string decode_limit;         ///< what bounds it ("hbm_capacity", "latency_target", ...)
  LoadAverage load;
  TokensPerSecond prefill_per_node_24h;  ///< input (incl. cache hits) per node, 24-hour average
  TokensPerSecond decode_per_node_24h;   ///< output per node, 24-hour average
  Ratio prefill_error;  ///< predicted / published − 1 (published: 73.7k input tok/s per node)
  Ratio decode_error;   ///< predicted / published − 1 (published: 14.8k output tok/s per node)
};
Day6Prediction predict_deepseek_day6(const Accelerator& chip, const ServingKernels& kernels = {});

/// DeepSeek's profiled setups (github.com/deepseek-ai/profile-data): prefill EP32, 4K prompts,
/// 16K tokens per GPU, two micro-batches, routing perfectly balanced (as the profile simulates);
/// decode EP128, 128 requests per GPU at 4K, two micro-batches. Other knobs as the Day-6 units.
ServingConfig deepseek_profile_prefill_config();
ServingConfig deepseek_profile_decode_config();

/// The "deepseek-inference" report.
Report deepseek_inference_report();
/// The same with the chips (H800, H20) read from `catalog`.
Report deepseek_inference_report(const Catalog& catalog);

/// The "deepseek-r1-pricing" report. `o1_active_params` is the HYPOTHESIS used for the
/// serving-cost challenge (o1 taken as a dense transformer of that many parameters,
/// served on H100 at the same $2/GPU-hour); o1's architecture and size are not public.
Report deepseek_r1_pricing_report(Params o1_active_params = param_count(200e9));
/// The same with the chips (H100, H800) of the serving-cost challenge read from `catalog`.
Report deepseek_r1_pricing_report(Params o1_active_params, const Catalog& catalog);

}  // namespace llmcost
