#include "llmcost/estimate/latency_batching.hpp"

#include <cmath>

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

}  // namespace

DecodeBatchChoice choose_decode_batch(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                      Seconds tpot_target, const ServingKernels& kernels, double max_batch) {
  const double target = require_target(tpot_target, "tpot_target_s");
  detail::require_whole(max_batch, 1, 1e6, "max_batch", kTag);
  DecodeBatchChoice best;
  double best_rate = -1, fastest = INFINITY;
  bool larger_missed = false;
  ServingConfig c = base;
  for (double b = 1; b <= max_batch; b += b < 256 ? 1 : 8) {
    c.batch_per_gpu = b;
    const DecodeEstimate d = estimate_decode(model, chip, c, kernels);
    ++best.evaluations;
    // Weights + KV grow with the batch: once they exceed HBM, every larger batch does too.
    if (!d.fits_in_memory) {
      if (best_rate >= 0 && !larger_missed) best.limit = "hbm_capacity";
      break;
    }
    const double tpot = detail::to_raw(d.time_per_output_token);
    fastest = std::min(fastest, tpot);
    if (tpot > target) {
      larger_missed = true;
      continue;
    }
    const double rate = detail::to_raw(d.tokens_per_s_per_gpu);
    if (rate > best_rate) {
      best_rate = rate;
      best.batch_per_gpu = b;
      best.estimate = d;
      larger_missed = false;
      best.limit = "batch_cap";
    }
  }
  LLMCOST_REQUIRE(best_rate >= 0, out_of_domain, kTag, "no decode batch meets tpot_target_s = ", target,
                  " on ", detail::quoted(chip.id), ": the fastest time per output token reached is ",
                  std::isfinite(fastest) ? detail::concat(fastest, " s") : std::string("none (nothing fits in HBM)"));
  if (larger_missed) best.limit = "latency_target";
  return best;
}

PrefillChunkChoice choose_prefill_chunk(const ServingModel& model, const Accelerator& chip, const ServingConfig& base,
                                        Seconds ttft_target, const ServingKernels& kernels, double max_tokens) {
  const double target = require_target(ttft_target, "ttft_target_s");
  detail::require_whole(max_tokens, 256, 1e8, "max_tokens", kTag);
  PrefillChunkChoice best;
  double best_rate = -1, fastest = INFINITY;
  bool larger_missed = false;
  ServingConfig c = base;
  for (double p2 = 256; p2 <= max_tokens; p2 *= 2) {
    for (const double n : {p2, 1.5 * p2}) {
      if (n > max_tokens) continue;
      c.prefill_tokens_per_gpu = token_count(n);
      const PrefillEstimate p = estimate_prefill(model, chip, c, kernels);
      ++best.evaluations;
      const double ttft = detail::to_raw(p.ttft);
      fastest = std::min(fastest, ttft);
      if (ttft > target) {
        larger_missed = true;
        continue;
      }
      const double rate = detail::to_raw(p.computed_tokens_per_s_per_gpu);
      if (rate > best_rate) {
        best_rate = rate;
        best.tokens_per_gpu = token_count(n);
        best.estimate = p;
        larger_missed = false;
        best.limit = "batch_cap";
      }
    }
  }
  LLMCOST_REQUIRE(best_rate >= 0, out_of_domain, kTag, "no prefill chunk meets ttft_target_s = ", target, " on ",
                  detail::quoted(chip.id), ": the fastest time to first token reached is ", fastest, " s");
  if (larger_missed) best.limit = "latency_target";
  return best;
}

}  // namespace llmcost
