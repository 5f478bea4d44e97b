#pragma once
// What every fuzz target (and the regression replay in the g++ build) does with one input:
// load it, then derive every number llmcost builds from it. The expected failure is a tagged
// llmcost::error; anything else — another exception type, a crash, a sanitizer report, a
// non-finite or non-positive count — is a finding.
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "llmcost/error.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/estimate/step_time.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/summary.hpp"
#include "llmcost/pricing/rental.hpp"

namespace llmcost::fuzz {

/// Aborts (the fuzzer's finding) unless `x` is finite and > 0.
inline void expect_positive(double x) {
  if (!(std::isfinite(x) && x > 0)) std::abort();
}

/// A config.json: import, then counts, summary, serving roofline and one step-time estimate.
inline void hf_config(std::string_view text) {
  Transformer m;
  try {
    HfImportOptions generic;  // unknown model_types too, through the generic reader
    generic.generic = true;
    m = from_hf_config_json(text, "<fuzz>", generic);
  } catch (const llmcost::error&) {
    return;  // a tagged input error: the expected outcome for most inputs
  }
  // An imported model is valid: every count is finite and positive.
  expect_positive(detail::to_raw(total_params(m)));
  expect_positive(detail::to_raw(active_params(m)));
  expect_positive(detail::to_raw(training_flops_per_token(m, token_count(4096))));
  expect_positive(detail::to_raw(forward_flops_per_token(m, token_count(1e8))));
  expect_positive(detail::to_raw(kv_cache_bytes_per_token(m, Precision::bf16)));
  expect_positive(detail::to_raw(training_state_bytes(m)));
  (void)to_json(m, token_count(4096));
  try {  // the estimators may reject the model's size with a tagged error, never anything else
    const ServingModel sm = serving_model(m);
    ServingConfig c;
    c.gpus = gpu_count(16);
    const DecodeEstimate d = estimate_decode(sm, chip("H800"), c);
    expect_positive(detail::to_raw(d.tokens_per_s_per_gpu));
    const PrefillEstimate p = estimate_prefill(sm, chip("H800"), c);
    expect_positive(detail::to_raw(p.input_tokens_per_s_per_gpu));
  } catch (const llmcost::error&) {
  }
  try {
    TrainingWorkload w;
    w.model = m;
    w.seq_len = token_count(4096);
    w.global_batch = 16;
    Layout l;
    l.pp = m.num_layers >= 4 ? 4 : 1;
    l.dp = 8 / l.pp;
    l.ep = m.moe && m.moe->num_routed_experts % 2 == 0 && l.dp % 2 == 0 ? 2 : 1;
    const StepTimeEstimate e = estimate_step_time(w, step_cluster(chip("H800"), gpu_count(8), bytes_per_s(50e9)), l);
    expect_positive(detail::to_raw(e.step_time));
  } catch (const llmcost::error&) {
  }
}

/// A catalog file: parse, merge over the built-in catalog, print, and cost a run on every chip.
inline void catalog(std::string_view text) {
  Catalog user;
  try {
    user = Catalog::from_toml(text, "<fuzz>");
  } catch (const llmcost::error&) {
    return;
  }
  for (const auto& a : user.all()) {
    (void)to_json(a);
    if (user.try_find(a.id) == nullptr) std::abort();  // every id finds its entry
  }
  (void)to_json(user);
  Catalog merged;
  try {
    merged = Catalog::builtin().merged(user);
  } catch (const llmcost::error&) {
    return;
  }
  for (const auto& a : user.all()) {
    try {
      const auto& chip = merged.find(a.id);
      const Precision basis = chip.supports(Precision::bf16) ? Precision::bf16 : Precision::fp16;
      TrainingPhase ph;
      ph.name = "pre-training";
      ph.tokens = token_count(1e12);
      ph.seq_len = token_count(4096);
      ph.precision = basis;
      ph.training_flops_per_token = flop_per_token(6 * 7e9);
      TrainingRun run{{ph}, Cluster{chip, gpu_count(1024)}, Mfu{ratio(0.4), basis}};
      const UsdPerGpuHour price = chip.rental_price ? chip.rental_price->low : usd_per_gpu_hour(2);
      const TrainingEstimate e = estimate_training(run, rental_pricing(price));
      expect_positive(detail::to_raw(e.total.cost.total()));
      const DecodeEstimate d = estimate_decode(deepseek_v3_serving_model(), chip, ServingConfig{});
      expect_positive(detail::to_raw(d.tokens_per_s_per_gpu));
    } catch (const llmcost::error&) {
    }
  }
}

}  // namespace llmcost::fuzz
