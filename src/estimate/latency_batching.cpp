#include "llmcost/estimate/latency_batching.hpp"

#include <cmath>
#include <tuple>
#include <vector>

#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

constexpr const char* kTag = "llmcost.inference.latency_target";
constexpr double kMaxTargetS = 3600;

double require_target(Seconds target, const char* name) {
  return detail::require_positive_up_to(detail::to_raw(target), kMaxTargetS, name, kTag);
}

// The candidate with the best rate among those that fit in HBM and meet the target, over
// `candidates` in ascending order. `evaluate(x)` returns {rate, latency, fits}; once a candidate
// does not fit, no larger one does. Sets `limit` and `evaluations` of `best`.
template <class Choice, class Evaluate>
bool pick(const std::vector<double>& candidates, double target, Choice& best, double& chosen, double& fastest,
          Evaluate evaluate) {
  double best_rate = -1;
  bool larger_missed = false;
  fastest = INFINITY;
  for (const double x : candidates) {
    const auto [rate, latency, fits] = evaluate(x);
    ++best.evaluations;
    if (!fits) {
      if (best_rate >= 0 && !larger_missed) best.limit = "hbm_capacity";
      break;
    }
    fastest = std::min(fastest, latency);
    if (latency > target) {
      larger_missed = true;
      continue;
    }
    if (rate > best_rate) {
      best_rate = rate;
      chosen = x;
      larger_missed = false;
      best.limit = "batch_cap";
    }
  }
  if (larger_missed) best.limit = "latency_target";
  return best_rate >= 0;
}

}  // namespace

DecodeBatchChoice choose_decode_batch(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                      Seconds tpot_target, const ServingKernels& kernels, double max_batch) {
  const double target = require_target(tpot_target, "tpot_target_s");
  detail::require_whole(max_batch, 1, 1e6, "max_batch", kTag);
  std::vector<double> batches;
  for (double b = 1; b <= max_batch; b += b < 256 ? 1 : 8) batches.push_back(b);
  DecodeBatchChoice best;
  ServingConfig c = base;
  double fastest = INFINITY;
  const bool found = pick(batches, target, best, best.batch_per_gpu, fastest, [&](double b) {
    c.batch_per_gpu = b;
    const DecodeEstimate d = estimate_decode(model, chip, c, kernels);
    return std::tuple{detail::to_raw(d.tokens_per_s_per_gpu), detail::to_raw(d.time_per_output_token),
                      d.fits_in_memory};
  });
  LLMCOST_REQUIRE(found, out_of_domain, kTag, "no decode batch meets tpot_target_s = ", target, " on ",
                  detail::quoted(chip.id), ": the fastest time per output token reached is ",
                  std::isfinite(fastest) ? detail::concat(fastest, " s") : std::string("none (nothing fits in HBM)"));
  c.batch_per_gpu = best.batch_per_gpu;
  best.estimate = estimate_decode(model, chip, c, kernels);
  return best;
}

PrefillChunkChoice choose_prefill_chunk(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                        Seconds ttft_target, const ServingKernels& kernels, double max_tokens) {
  const double target = require_target(ttft_target, "ttft_target_s");
  detail::require_whole(max_tokens, 256, 1e8, "max_tokens", kTag);
  std::vector<double> chunks;
  for (double p2 = 256; p2 <= max_tokens; p2 *= 2)
    for (const double n : {p2, 1.5 * p2})
      if (n <= max_tokens) chunks.push_back(n);
  PrefillChunkChoice best;
  ServingConfig c = base;
  double fastest = INFINITY, chosen = 0;
  const bool found = pick(chunks, target, best, chosen, fastest, [&](double n) {
    c.prefill_tokens_per_gpu = token_count(n);
    const PrefillEstimate p = estimate_prefill(model, chip, c, kernels);
    return std::tuple{detail::to_raw(p.computed_tokens_per_s_per_gpu), detail::to_raw(p.ttft), true};
  });
  LLMCOST_REQUIRE(found, out_of_domain, kTag, "no prefill chunk meets ttft_target_s = ", target, " on ",
                  detail::quoted(chip.id), ": the fastest time to first token reached is ", fastest, " s");
  best.tokens_per_gpu = token_count(chosen);
  c.prefill_tokens_per_gpu = best.tokens_per_gpu;
  best.estimate = estimate_prefill(model, chip, c, kernels);
  return best;
}

}  // namespace llmcost
