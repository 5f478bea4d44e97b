#pragma once
// File: llmcost/llmcost.hpp
//
// The header-only estimators in one include. Everything declared by the headers below
// that is used with values built in code links against `llmcost::headers` alone: no
// libllmcost.a, and no fmt, toml++ or nlohmann-json (Boost.Units and Eigen only).
//
//   quantities, errors, sources        units.hpp, error.hpp, provenance.hpp
//   an accelerator built in code       hardware/accelerator.hpp   Accelerator, Precision, require_peak
//   a model built in code              model/transformer.hpp      Transformer, validate
//   parameters                         model/params.hpp           param_breakdown, total/active_params
//   FLOPs per token                    model/flops.hpp            training_flops_per_token, flops_breakdown
//   KV cache, weights, training state  model/memory.hpp           kv_cache_bytes_per_token, weight_bytes
//   rental price                       pricing/rental.hpp         RentalPricing, rental_pricing
//   ownership TCO                      pricing/tco.hpp            OwnershipTco, tco_per_gpu_hour, total_capex
//   whole-programme and fleet cost     pricing/program.hpp, pricing/fleet.hpp   program_cost, fleet_cost
//   cost of one API task               pricing/task_profile.hpp   TokenMix, cost_per_task, price_ratio
//   roofline terms                     estimate/roofline.hpp      roofline, transfer_time
//   training cost                      estimate/training.hpp      TrainingRun, estimate_training
//
//   llmcost::Transformer m = ...;  llmcost::Accelerator h800 = ...;   // sizes and peaks in code
//   auto fpt = llmcost::training_flops_per_token(m, llmcost::token_count(4096));
//   auto e = llmcost::estimate_training(run, llmcost::rental_pricing(llmcost::usd_per_gpu_hour(2)));
//
// LEFT OUT, because they read data, parse text, format or are heavy; each needs the compiled
// library (link llmcost::llmcost) and is included on its own:
//   * catalog data: named chips `chip("H800")`            llmcost/hardware/catalog.hpp
//                   named models `model_preset(...)`      llmcost/model/presets.hpp
//                   API price sheets `api_price(...)`     llmcost/pricing/api.hpp (ApiPrice itself is here)
//                   task profiles `task_profile("chat")`  llmcost/pricing/task_profile.hpp (declared here,
//                                                         defined in the library: the shipped TOML)
//                   TCO / fleet / programme presets       tco_preset, semianalysis_deepseek_fleet,
//                                                         default_program_assumptions (declared here)
//   * Hugging Face config.json parsing                    llmcost/model/hf_config.hpp
//   * the efficiency model (predicted MFU)                llmcost/estimate/efficiency.hpp, training_model.hpp
//                   (predict_mfu with an EfficiencyModel given in code is inline; the fitted one is data)
//   * requests that resolve every default (a preset or   llmcost/estimate/training_request.hpp,
//     config by name, catalog prices, the step-time model) serving_request.hpp; the price rule alone is
//                                                         header-only: llmcost/pricing/price_choice.hpp
//   * the step-time model, layouts and layout search      llmcost/estimate/step_time.hpp, layout.hpp,
//                                                         layout_search.hpp, step_time_training.hpp
//   * inference (prefill, decode, serving cost)           llmcost/estimate/inference.hpp, inference_model.hpp
//     measured kernel tables, expert routing,             kernel_tables.hpp, expert_routing.hpp,
//     latency-bounded batching, 24-hour load, validation  latency_batching.hpp, serving_load.hpp,
//                                                         serving_validation.hpp
//   * scenario files and their distributions              llmcost/scenario/scenario.hpp, distribution.hpp
//   * Monte Carlo sampling and Sobol indices (Eigen)      llmcost/sweep/monte_carlo.hpp, sobol_indices.hpp
//   * published claims and reports                        llmcost/claims/*.hpp
//   * JSON and text: every `to_json(...)`, `describe(...)` and model summaries
//                    (to_json(TrainingEstimate) and describe(Efficiency) are declared in training.hpp)
//                                                         llmcost/model/summary.hpp, llmcost/format.hpp
#include "llmcost/error.hpp"
#include "llmcost/estimate/roofline.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/accelerator.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/transformer.hpp"
#include "llmcost/pricing/fleet.hpp"
#include "llmcost/pricing/program.hpp"
#include "llmcost/pricing/rental.hpp"
#include "llmcost/pricing/task_profile.hpp"
#include "llmcost/pricing/tco.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"
