// Resolution of a TrainingRequest into a TrainingResult, and its JSON document.
#include "llmcost/estimate/training_request.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/step_time_training.hpp"
#include "llmcost/estimate/training_prediction.hpp"
#include "llmcost/format.hpp"
#include "estimate/defaults_json.hpp"
#include "estimate/training_json.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"
#include "pricing/price_choice_json.hpp"

namespace llmcost {
namespace {

using ojson = nlohmann::ordered_json;
using detail::to_raw;

constexpr double kDefaultSeqLen = 4096;
constexpr const char* kLayoutDefaults = "llmcost/estimate/layout.hpp: Layout";

// The step-time workload of a request: its batch (or the prediction's default rule), routing limit
// and attention switches.
TrainingWorkload request_workload(const LayoutRequest& lr, const Transformer& m, Tokens seq) {
  TrainingWorkload w = training_workload(m, seq, lr.global_batch_tokens.value_or(default_global_batch_tokens()),
                                         lr.max_nodes_per_token);
  w.flash_attention = lr.flash_attention.value_or(w.flash_attention);
  w.dropout = lr.dropout.value_or(w.dropout);
  return w;
}

// The step-time estimate for a stated layout.
StepTimeEstimate layout_estimate(const LayoutRequest& lr, const TrainingWorkload& w, const StepCluster& cluster,
                                 Precision precision) {
  LLMCOST_REQUIRE(lr.global_batch_tokens.has_value(), invalid_input, "llmcost.training.missing_batch",
                  "a stated layout needs global_batch_tokens (tokens per optimizer step)");
  Layout l = complete_layout(lr, cluster.gpus, precision);
  l.precision.attention = training_precision(cluster.accelerator);  // BF16, FP16 on a chip without BF16
  return estimate_step_time(w, cluster, l);
}

// The default efficiency model's MFU for `active` parameters, rescaled from its 6·N·D basis to
// `fpt` FLOPs per token so that the GPU-hours it implies are kept.
Mfu default_efficiency(const Accelerator& chip, Params active, Gpus gpus, FlopsPerToken fpt) {
  const MfuPrediction p = predict_mfu(chip, active, gpus);
  const double six_n = 6.0 * to_raw(active);
  const double rescale = to_raw(fpt) / six_n;
  return Mfu{ratio(std::min(1.0, to_raw(p.mfu) * rescale)), p.basis,
             fmt::format("default efficiency model: {:.1f}% on a 6·N·D basis{}", to_raw(p.mfu) * 100,
                         p.extrapolated ? " (extrapolated beyond its calibration range)" : "")};
}

ojson price_json(const TrainingResult& r) {
  if (r.pricing == "ownership")
    return {{"rule", "ownership_tco"},
            {"usd_per_gpu_hour", r.has_cost() ? ojson(in_usd_per_gpu_hour(r.estimate.price)) : ojson(nullptr)}};
  return price_source_json(r.price);  // the rental rule, as in the serving document
}

ojson opt_ratio(const std::optional<Ratio>& r) { return r ? ojson(to_raw(*r)) : ojson(nullptr); }

ojson prediction_json(const TrainingPredictionSummary& p) {
  const Realisation& z = p.realisation;
  return {{"searched", p.searched},
          {"layouts_evaluated", p.layouts_evaluated},
          {"ceiling_mfu", to_raw(p.ceiling_mfu)},
          {"steady_state_gpu_hours", in_gpu_hours(p.steady_gpu_hours)},
          {"realisation",
           {{"median", to_raw(z.median())},
            {"p10", to_raw(z.p10())},
            {"p90", to_raw(z.p90())},
            {"log_mean", z.log_mean},
            {"log_sd", z.log_sd},
            {"runs", z.runs},
            {"fitted_on", z.fitted_on}}},
          {"interval", "80% prediction interval of a new run: GPU-hours p10/p90 at the realisation's p90/p10"}};
}

}  // namespace

TrainingWorkload training_workload(Transformer model, Tokens seq_len, Tokens global_batch_tokens,
                                   int max_nodes_per_token) {
  constexpr const char* kTag = detail::kTrainingTag;
  const double seq = detail::require_whole(to_raw(seq_len), 1, detail::kMaxSeqLen, "seq_len", kTag);
  const double tokens =
      detail::require_positive_up_to(to_raw(global_batch_tokens), 1e15, "global_batch_tokens", kTag);
  detail::require_in_range(max_nodes_per_token, 0, 1e6, "max_nodes_per_token", kTag);
  const double seqs = std::floor(tokens / seq);
  LLMCOST_REQUIRE(seqs >= 1 && seqs <= 1e9, invalid_input, kTag, "global_batch_tokens ", tokens,
                  " is invalid; expected between 1 and 1e9 sequences of seq_len ", seq, " tokens");
  TrainingWorkload w;
  w.model = std::move(model);
  w.seq_len = token_count(seq);
  w.global_batch = static_cast<int>(seqs);
  w.max_nodes_per_token = max_nodes_per_token;
  return w;
}

Layout complete_layout(const LayoutRequest& r, Gpus gpus, Precision gemm) {
  Layout l;
  l.tp = r.tp.value_or(1);
  l.pp = r.pp.value_or(1);
  l.cp = r.cp.value_or(1);
  l.ep = r.ep.value_or(1);
  if (r.dp) {
    l.dp = *r.dp;
  } else {
    // dp = GPUs / (TP·PP·CP), which must fit the layout's int.
    const double denom = static_cast<double>(l.tp) * l.pp * l.cp;
    const double q = denom >= 1 ? to_raw(gpus) / denom : 0;
    LLMCOST_REQUIRE(std::isfinite(q) && q < 2147483647.0, invalid_input, "llmcost.layout.invalid", "gpus = ",
                    to_raw(gpus), " gives a data-parallel degree GPUs / (TP·PP·CP) = ", q,
                    " outside an int; give fewer GPUs or dp");
    l.dp = static_cast<int>(std::llround(q));
  }
  if (r.schedule) l.schedule = *r.schedule;
  if (r.virtual_stages) l.virtual_stages = *r.virtual_stages;
  if (r.micro_batch_size) l.micro_batch_size = *r.micro_batch_size;
  if (r.recompute) l.recompute = *r.recompute;
  if (r.zero_stage) l.zero_stage = *r.zero_stage;
  if (r.sequence_parallel) l.sequence_parallel = *r.sequence_parallel;
  l.precision.gemm = gemm;
  return with_schedule_overlap(l);
}

bool states_layout(const LayoutRequest& r) noexcept {
  return r.tp || r.pp || r.dp || r.ep || r.cp || r.virtual_stages || r.micro_batch_size || r.zero_stage || r.schedule ||
         r.recompute;
}

LayoutRequest stated_layout(const Layout& l, LayoutRequest r) {
  r.tp = l.tp, r.pp = l.pp, r.dp = l.dp, r.ep = l.ep, r.cp = l.cp;
  r.schedule = l.schedule;
  r.virtual_stages = l.virtual_stages;
  r.micro_batch_size = l.micro_batch_size;
  r.recompute = l.recompute;
  r.zero_stage = l.zero_stage;
  r.sequence_parallel = l.sequence_parallel;
  if (!r.global_batch_tokens) r.global_batch_tokens = default_global_batch_tokens();
  return r;
}

std::optional<Transformer> requested_model(const TrainingRequest& r) {
  const int sources = (r.model.empty() ? 0 : 1) + (r.hf_config.empty() ? 0 : 1) + (r.transformer ? 1 : 0) +
                      (r.training_flop_per_token ? 1 : 0);
  LLMCOST_REQUIRE(sources == 1, invalid_input, "llmcost.training.model",
                  "give exactly one of model (a preset), hf_config (a config.json), a Transformer or "
                  "training_flop_per_token (got ",
                  sources, ")");
  if (!r.model.empty()) return model_preset(r.model);
  if (!r.hf_config.empty()) return from_hf_config(r.hf_config);
  if (r.transformer) return *r.transformer;
  return std::nullopt;
}

TrainingResult estimate_training(const TrainingRequest& r, const Catalog& catalog) {
  const std::optional<Transformer> m = requested_model(r);
  const Accelerator& a = catalog.find(r.chip);
  TrainingResult out;
  out.chip = a.id;
  out.gpus = r.gpus;
  out.tokens = r.tokens;
  out.precision = r.precision.value_or(training_precision(a));
  out.seq_len = r.seq_len.value_or(token_count(kDefaultSeqLen));
  out.goodput = r.goodput.value_or(ratio(1));
  if (m) out.model = m->name;
  detail::require_whole(to_raw(r.gpus), 1, detail::kMaxGpus, "gpus", detail::kTrainingTag);
  (void)a.require_peak(out.precision);  // FP8 on an A100 is an input error before anything else
  LLMCOST_REQUIRE(!(r.price && r.tco), invalid_input, "llmcost.training.pricing",
                  "give a rental price or an ownership TCO, not both");
  const bool stated_layout = r.layout && states_layout(*r.layout);
  LLMCOST_REQUIRE(!(stated_layout && r.efficiency), invalid_input, "llmcost.training.efficiency",
                  "a stated layout predicts the efficiency with the step-time model; give a layout or an "
                  "efficiency, not both");
  if (!r.seq_len) out.defaults.push_back({"seq_len", "4096 tokens", "llmcost default"});
  if (!r.precision)
    out.defaults.push_back({"precision", std::string(to_string(out.precision)),
                            out.precision == Precision::bf16 ? "llmcost default"
                                                             : "llmcost default: " + a.id + " has no BF16 peak"});
  if (!r.goodput)
    out.defaults.push_back({"goodput", "1", "llmcost default: a predicted or published whole-run efficiency already "
                                            "includes downtime"});

  // FLOPs per token and efficiency.
  TrainingPhase phase;
  std::optional<std::pair<TrainingRun, TrainingRun>> interval;  // the runs at GPU-hours p10 and p90
  if (!r.efficiency && m) {
    // The prediction: the stated or searched layout's steady state ÷ the realisation.
    const LayoutRequest lr = r.layout.value_or(LayoutRequest{});
    const TrainingWorkload w = request_workload(lr, *m, out.seq_len);
    const StepCluster cluster = step_cluster(a, r.gpus, lr.scale_out_per_direction);
    TrainingPredictionSummary pred;
    if (stated_layout) {
      out.step_time = layout_estimate(lr, w, cluster, out.precision);
      if (!lr.dp) out.defaults.push_back({"dp", std::to_string(out.step_time->layout.dp), "GPUs / (TP·PP·CP)"});
      for (const auto& [v, name] : {std::pair{lr.tp, "tp"}, {lr.pp, "pp"}, {lr.ep, "ep"}, {lr.cp, "cp"}})
        if (!v) out.defaults.push_back({name, "1", kLayoutDefaults});
      if (!lr.schedule) out.defaults.push_back({"schedule", "1f1b", kLayoutDefaults});
      if (!lr.micro_batch_size) out.defaults.push_back({"micro_batch_size", "1", kLayoutDefaults});
      if (!lr.recompute) out.defaults.push_back({"recompute", "none", kLayoutDefaults});
      if (!lr.zero_stage) out.defaults.push_back({"zero_stage", "0", kLayoutDefaults});
      if (!lr.sequence_parallel) out.defaults.push_back({"sequence_parallel", "on", kLayoutDefaults});
    } else {
      LayoutSearchOptions o;
      o.precision.gemm = out.precision;
      o.precision.attention = training_precision(a);
      o.sequence_parallel = lr.sequence_parallel;
      const SteadyState s = predict_steady_state(w, cluster, r.tokens, o);
      out.step_time = s.step;
      pred.searched = true;
      pred.layouts_evaluated = s.layouts_evaluated;
      if (!lr.global_batch_tokens)
        out.defaults.push_back({"global_batch_tokens", fmt::format("{:g}", to_raw(default_global_batch_tokens())),
                                "the prediction's default rule: 4M tokens, the batch of every Llama 2 size "
                                "(Touvron et al. 2023, Table 1)"});
    }
    if (!lr.flash_attention)
      out.defaults.push_back({"flash_attention", "on", "llmcost/estimate/layout.hpp: TrainingWorkload"});
    if (!lr.dropout) out.defaults.push_back({"dropout", "off", "llmcost/estimate/layout.hpp: TrainingWorkload"});
    if (!lr.scale_out_per_direction && a.scale_out_bandwidth)
      out.defaults.push_back({"scale_out_per_direction_bytes_per_s",
                              fmt::format("{:g}", to_raw(cluster.scale_out_per_direction)),
                              "catalog: " + a.id + " (half the bidirectional NIC figure)"});
    out.defaults.insert(out.defaults.end(), cluster.defaults.begin(), cluster.defaults.end());
    (void)step_time_constants_for(a, &out.defaults);  // generic matmul efficiencies standing in
    const StepTimeEstimate& st = *out.step_time;
    phase = step_time_phase("training", r.tokens, st, out.seq_len);
    out.flop_basis = "step-time model";
    pred.realisation = default_realisation();
    pred.ceiling_mfu = st.mfu;
    pred.steady_gpu_hours = steady_gpu_hours(st, r.tokens, r.gpus);
    const Mfu ceiling = step_time_efficiency(st);
    auto realised = [&](Ratio factor, const char* which) {
      return Mfu{ceiling.value * to_raw(factor), ceiling.basis,
                 fmt::format("predicted: {} layout {} at {:.1f}% steady-state MFU × realisation {:.3f} ({} of {}; "
                             "data/realisation.toml)",
                             pred.searched ? "searched" : "stated", describe(st.layout), 100 * to_raw(st.mfu),
                             to_raw(factor), which, pred.realisation.fitted_on)};
    };
    out.efficiency = realised(pred.realisation.median(), "median");
    // The interval: the whole run at the realisation's 90th and 10th percentiles.
    const TrainingRun hi{{phase}, Cluster{a, r.gpus}, realised(pred.realisation.p90(), "p90"), out.goodput};
    const TrainingRun lo{{phase}, Cluster{a, r.gpus}, realised(pred.realisation.p10(), "p10"), out.goodput};
    out.prediction = pred;
    interval = std::pair{hi, lo};
  } else {
    LLMCOST_REQUIRE(!r.layout || r.efficiency || m, invalid_input, "llmcost.training.model",
                    "a layout needs a model (preset, hf_config or Transformer), not only training_flop_per_token");
    phase.name = "training";
    phase.tokens = r.tokens;
    phase.seq_len = out.seq_len;
    phase.precision = out.precision;
    phase.training_flops_per_token =
        m ? training_flops_per_token(*m, out.seq_len) : *r.training_flop_per_token;
    out.flop_basis = m ? "architecture" : "stated";
    if (r.efficiency) {
      out.efficiency = *r.efficiency;
    } else {
      LLMCOST_REQUIRE(r.active_params, invalid_input, "llmcost.training.efficiency",
                      "no efficiency given: give mfu, tokens_per_s_per_gpu or gpu_hours, a model to predict it, or "
                      "active_params for the efficiency model");
      const Params active = *r.active_params;
      detail::require_in_range(to_raw(active), 1, 1e15, "active_params", "llmcost.efficiency.invalid");
      const Mfu eff = default_efficiency(a, active, r.gpus, phase.training_flops_per_token);
      out.defaults.push_back({"efficiency", fmt::format("MFU {:.2f}% of the {} peak", to_raw(eff.value) * 100,
                                                        to_string(eff.basis)),
                              eff.source + " (data/efficiency.toml: without an architecture there is no layout "
                                           "to predict from)"});
      out.efficiency = eff;
    }
  }
  out.training_flop_per_token = phase.training_flops_per_token;

  // Price.
  PricingModel pricing = RentalPricing{};
  if (r.tco) {
    out.pricing = "ownership";
    pricing = *r.tco;
  } else {
    out.price = choose_price(a, r.price);
    out.pricing = out.price.price ? "rental" : "none";
    // Without a price the GPU-hours are computed at a placeholder $1 and no cost is reported.
    pricing = rental_pricing(out.price.price.value_or(usd_per_gpu_hour(1)), out.price.source);
    if (out.price.rule == PriceChoice::Rule::catalog_lowest_quote)
      out.defaults.push_back({"price_usd_per_gpu_hour",
                              fmt::format("{:g} (lowest catalog quote; highest {:g})",
                                          in_usd_per_gpu_hour(*out.price.price), in_usd_per_gpu_hour(*out.price.high)),
                              out.price.source.citation});
    else if (out.price.rule == PriceChoice::Rule::none)
      out.defaults.push_back({"price_usd_per_gpu_hour", "none: no cost is given",
                              a.id + " has no rental quote in the catalog"});
  }
  const TrainingRun run{{phase}, Cluster{a, r.gpus}, out.efficiency, out.goodput};
  out.estimate = estimate_training(run, pricing);
  if (interval) {
    out.prediction->p10 = estimate_training(interval->first, pricing).total;
    out.prediction->p90 = estimate_training(interval->second, pricing).total;
  }
  return out;
}

std::string to_json(const TrainingResult& r, int indent) {
  const PhaseEstimate& t = r.estimate.total;
  // The 80% interval of a predicted run; a stated efficiency carries no uncertainty: both ends are the point.
  const PhaseEstimate& lo = r.prediction ? r.prediction->p10 : t;
  const PhaseEstimate& hi = r.prediction ? r.prediction->p90 : t;
  ojson j{{"model", r.model.empty() ? ojson(nullptr) : ojson(r.model)},
          {"chip", r.chip},
          {"gpus", to_raw(r.gpus)},
          {"tokens", to_raw(r.tokens)},
          {"seq_len_tokens", to_raw(r.seq_len)},
          {"precision", std::string(to_string(r.precision))},
          {"training_flop_per_token", to_raw(r.training_flop_per_token)},
          {"flop_basis", r.flop_basis},
          {"flop", to_raw(t.flops)},
          {"gpu_hours", in_gpu_hours(t.gpu_hours)},
          {"gpu_hours_p10", in_gpu_hours(lo.gpu_hours)},
          {"gpu_hours_p90", in_gpu_hours(hi.gpu_hours)},
          {"wall_clock_s", to_raw(t.wall_clock)},
          {"wall_clock_s_p10", to_raw(lo.wall_clock)},
          {"wall_clock_s_p90", to_raw(hi.wall_clock)},
          {"wall_clock_days", in_days(t.wall_clock)},
          {"tokens_per_s_per_gpu", to_raw(t.tokens_per_s_per_gpu)},
          {"implied_mfu_bf16", opt_ratio(t.implied_mfu_bf16)},
          {"implied_mfu_fp8", opt_ratio(t.implied_mfu_fp8)},
          {"goodput", to_raw(r.goodput)},
          {"efficiency", detail::efficiency_json(r.efficiency)},
          {"pricing", r.pricing},
          {"price_usd_per_gpu_hour", r.has_cost() ? ojson(in_usd_per_gpu_hour(r.estimate.price)) : ojson(nullptr)},
          {"price_source", price_json(r)},
          {"cost_usd", r.has_cost() ? ojson(to_raw(t.cost.total())) : ojson(nullptr)},
          {"cost_usd_p10", r.has_cost() ? ojson(to_raw(lo.cost.total())) : ojson(nullptr)},
          {"cost_usd_p90", r.has_cost() ? ojson(to_raw(hi.cost.total())) : ojson(nullptr)},
          {"cost", r.has_cost() ? detail::cost_json(t.cost) : ojson(nullptr)},
          {"defaults", detail::defaults_json(r.defaults)},
          {"prediction", r.prediction ? prediction_json(*r.prediction) : ojson(nullptr)},
          {"step_time", r.step_time ? ojson::parse(to_json(*r.step_time)) : ojson(nullptr)}};
  return j.dump(indent);
}

}  // namespace llmcost
