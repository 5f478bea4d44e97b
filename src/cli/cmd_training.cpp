// `llmcost estimate training`, `llmcost compare`, `llmcost validate training`.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "llmcost/claims/claim.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/step_time_training.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/estimate/training_model.hpp"
#include "llmcost/format.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct TrainingArgs {
  std::string model, hf_config, chip, precision = "bf16";
  double tokens = 0, gpus = 0, seq_len = 4096;
  std::optional<double> mfu, price_usd_per_gpu_hour;
  double goodput = 1.0;
  Format format = Format::table;
  // A stated parallel layout: the step-time model predicts the MFU (llmcost/estimate/step_time.hpp).
  std::optional<int> tp, pp, dp, ep, cp, virtual_stages, micro_batch_size, zero_stage;
  std::optional<std::string> schedule, recompute;
  std::optional<double> global_batch_tokens, scale_out_gb_per_s;
  int max_nodes_per_token = 0;
  [[nodiscard]] bool has_layout() const {
    return tp || pp || dp || ep || cp || virtual_stages || micro_batch_size || zero_stage || schedule || recompute;
  }
};

// The step-time estimate of the stated layout (dp defaults to GPUs / (TP·PP·CP)).
StepTimeEstimate layout_estimate(const TrainingArgs& a, const Transformer& m, const Accelerator& chip,
                                 Precision precision, double seq) {
  LLMCOST_REQUIRE(a.global_batch_tokens.has_value(), invalid_input, "llmcost.cli.missing_batch",
                  "a stated layout needs --global-batch-tokens (tokens per optimizer step)");
  const TrainingWorkload w = cli_workload(m, seq, *a.global_batch_tokens, a.max_nodes_per_token);
  const double gpus = cli_whole_gpus(a.gpus);
  Layout l;
  l.tp = a.tp.value_or(1);
  l.pp = a.pp.value_or(1);
  l.cp = a.cp.value_or(1);
  l.ep = a.ep.value_or(1);
  const double denom = static_cast<double>(l.tp) * l.pp * l.cp;
  l.dp = a.dp ? *a.dp : (denom >= 1 ? static_cast<int>(std::llround(gpus / denom)) : 0);
  if (a.schedule) l.schedule = parse_pipeline_schedule(*a.schedule);
  if (a.virtual_stages) l.virtual_stages = *a.virtual_stages;
  if (a.micro_batch_size) l.micro_batch_size = *a.micro_batch_size;
  if (a.recompute) l.recompute = parse_recompute(*a.recompute);
  if (a.zero_stage) l.zero_stage = *a.zero_stage;
  l.precision.gemm = precision;
  l = with_schedule_overlap(l);
  return estimate_step_time(w, step_cluster(chip, gpu_count(gpus), cli_scale_out(a.scale_out_gb_per_s)), l);
}

Transformer load_model(const std::string& name, const std::string& hf_config) {
  if (!hf_config.empty()) return from_hf_config(hf_config);
  return model_preset(name);
}

// The rental price: the flag, else the chip's catalog quote (low end, with its source).
RentalPricing rental_for(const Accelerator& a, const std::optional<double>& flag) {
  if (flag) {
    Provenance p;
    p.citation = "--price-usd-per-gpu-hour";
    p.grade = Grade::weak;
    p.note = "user assumption";
    return rental_pricing(usd_per_gpu_hour(*flag), p);
  }
  LLMCOST_REQUIRE(a.rental_price.has_value(), invalid_input, "llmcost.cli.missing_price", a.id,
                  " has no rental price in the catalog; pass --price-usd-per-gpu-hour");
  return rental_pricing(a.rental_price->low, a.rental_price->provenance);
}

void run_estimate(const TrainingArgs& args) {
  const Transformer m = load_model(args.model, args.hf_config);
  const Accelerator& a = active_catalog().find(args.chip);
  const Precision precision = parse_precision(args.precision);
  (void)a.require_peak(precision);  // FP8 on an A100 is an input error before anything else
  const Tokens seq = token_count(detail::require_positive(args.seq_len, "seq_len", "llmcost.cli.invalid"));
  // Efficiency, in order: a stated layout (the step-time model predicts the MFU, and the phase's
  // FLOPs per token follow that model's convention); a given MFU (BF16-peak basis, as published
  // runs quote it); else the default efficiency model. The default model is calibrated on 6·N·D
  // FLOPs, so its MFU is rescaled to this model's architecture FLOP count to keep the GPU-hours
  // it implies.
  std::optional<StepTimeEstimate> st;
  TrainingPhase phase;
  Mfu eff;
  if (args.has_layout()) {
    st = layout_estimate(args, m, a, precision, detail::to_raw(seq));
    phase = step_time_phase("training", token_count(args.tokens), *st, seq);
    eff = step_time_efficiency(*st);
  } else {
    phase = training_phase(m, "training", token_count(args.tokens), seq, precision);
    if (args.mfu) {
      eff = Mfu{ratio(*args.mfu), Precision::bf16, "given: --mfu"};
    } else {
      const MfuPrediction p = predict_mfu(m, a, gpu_count(args.gpus));
      const double six_n = 6.0 * detail::to_raw(active_params(m));
      const double rescale = detail::to_raw(phase.training_flops_per_token) / six_n;
      eff = Mfu{ratio(std::min(1.0, detail::to_raw(p.mfu) * rescale)), p.basis,
                fmt::format("default efficiency model: {:.1f}% on a 6·N·D basis{}", detail::to_raw(p.mfu) * 100,
                            p.extrapolated ? " (extrapolated beyond its calibration range)" : "")};
    }
  }
  const std::string eff_source = eff.source;
  TrainingRun run{{phase}, Cluster{a, gpu_count(args.gpus)}, eff, ratio(args.goodput)};
  const RentalPricing pricing = rental_for(a, args.price_usd_per_gpu_hour);
  const TrainingEstimate e = estimate_training(run, pricing);
  const auto& t = e.total;
  if (args.format == Format::json) {
    ojson j{{"model", m.name},
            {"chip", a.id},
            {"gpus", args.gpus},
            {"tokens", args.tokens},
            {"seq_len_tokens", args.seq_len},
            {"precision", args.precision},
            {"training_flop_per_token", detail::to_raw(phase.training_flops_per_token)},
            {"flops", detail::to_raw(t.flops)},
            {"gpu_hours", in_gpu_hours(t.gpu_hours)},
            {"wall_clock_days", in_days(t.wall_clock)},
            {"mfu", detail::to_raw(eff.value)},
            {"mfu_basis", std::string(to_string(eff.basis))},
            {"mfu_source", eff_source},
            {"efficiency", describe(Efficiency{eff})},
            {"implied_mfu_bf16", t.implied_mfu_bf16 ? ojson(detail::to_raw(*t.implied_mfu_bf16)) : ojson(nullptr)},
            {"implied_mfu_fp8", t.implied_mfu_fp8 ? ojson(detail::to_raw(*t.implied_mfu_fp8)) : ojson(nullptr)},
            {"tokens_per_s_per_gpu", detail::to_raw(t.tokens_per_s_per_gpu)},
            {"price_usd_per_gpu_hour", in_usd_per_gpu_hour(pricing.price)},
            {"price_source", pricing.source.citation},
            {"cost_usd", detail::to_raw(t.cost.total())}};
    if (st) j["step_time"] = ojson::parse(to_json(*st));
    emit(j.dump(2));
    return;
  }
  Table tab({"quantity", "value", "note"});
  tab.add_row({"model", m.name, ""});
  tab.add_row({"cluster", format(run.cluster.count) + " × " + a.id, ""});
  tab.add_row({"training FLOPs per token", format(flop(detail::to_raw(phase.training_flops_per_token))) + "/tok",
               st ? std::string("step-time model FLOPs: causal attention, no recompute, no MTP")
                  : fmt::format("seq {:g}, causal attention, logits", args.seq_len)});
  tab.add_row({"training FLOPs", format(t.flops), ""});
  tab.add_row({"MFU", format(eff.value), eff_source});
  if (st) {
    tab.add_row({"step time", fmt::format("{:.3f} s", detail::to_raw(st->step_time)),
                 fmt::format("{} micro-batches, bubble {:.1f}%", st->micro_batches,
                             detail::to_raw(st->bubble_fraction) * 100)});
    tab.add_row({"memory per GPU", format(st->memory.total()),
                 st->memory.fits() ? "fits in " + format(st->memory.capacity)
                                   : "DOES NOT FIT in " + format(st->memory.capacity) + " of HBM"});
  }
  tab.add_row({"GPU-hours", format(t.gpu_hours), fmt::format("goodput {:g}", args.goodput)});
  tab.add_row({"wall clock", format(t.wall_clock), ""});
  tab.add_row({"tokens/s per GPU", format(t.tokens_per_s_per_gpu), ""});
  tab.add_row({"price", format(pricing.price), pricing.source.citation});
  tab.add_row({"cost", format(t.cost.total()), ""});
  emit(tab.render(args.format));
}

struct CompareArgs {
  double price_usd_per_gpu_hour = 2.0;
  double mfu = 0.40;
  Format format = Format::table;
};

void run_compare(const CompareArgs& args) {
  const double price = detail::require_positive(args.price_usd_per_gpu_hour, "price_usd_per_gpu_hour", "llmcost.cli.invalid");
  const double mfu = detail::require_efficiency(args.mfu, "mfu", "llmcost.cli.invalid");
  const double h100_bf16 = detail::to_raw(active_catalog().find("H100").require_peak(Precision::bf16));
  struct Row {
    std::string run, chip, flops_basis;
    std::optional<double> gpu_hours;
    double flops;
    std::string source;
  };
  std::vector<Row> rows;
  {
    const Transformer& v3 = model_preset("deepseek-v3");
    TrainingFlopsOptions main_only;
    main_only.include_mtp = false;
    const double f = detail::to_raw(training_flops_per_token(v3, token_count(4096), main_only)) *
                     claim("deepseek-v3.pretrain_tokens").value;
    rows.push_back({"DeepSeek-V3 (final run)", "H800", "architecture × 14.8T tokens (pre-training)",
                    claim("deepseek-v3.total_gpu_hours").value, f, claim("deepseek-v3.total_gpu_hours").source.citation});
  }
  rows.push_back({"Llama 3.1 405B", "H100", "published", claim("llama-3.1-405b.gpu_hours").value,
                  claim("llama-3.1-405b.training_flops").value, claim("llama-3.1-405b.gpu_hours").source.citation});
  rows.push_back({"GPT-4 (estimate)", "unknown", "published estimate", std::nullopt, claim("gpt-4.training_flops").value,
                  claim("gpt-4.training_flops").source.citation});
  Table t({"run", "chip", "published GPU-h", "FLOPs", "cost: published GPU-h × price",
           "cost: FLOPs on H100 at one MFU"});
  t.align_right({2, 3, 4, 5});
  ojson arr = ojson::array();
  for (const auto& r : rows) {
    const double h100_gpu_h = r.flops / (mfu * h100_bf16) / seconds_per_hour;
    t.add_row({r.run, r.chip, r.gpu_hours ? format(gpu_hours(*r.gpu_hours)) : "—", format(flop(r.flops)),
               r.gpu_hours ? format(usd(*r.gpu_hours * price)) : "—", format(usd(h100_gpu_h * price))});
    arr.push_back({{"run", r.run},
                   {"chip", r.chip},
                   {"published_gpu_hours", r.gpu_hours ? ojson(*r.gpu_hours) : ojson(nullptr)},
                   {"flops", r.flops},
                   {"flops_basis", r.flops_basis},
                   {"cost_usd_published_gpu_hours", r.gpu_hours ? ojson(*r.gpu_hours * price) : ojson(nullptr)},
                   {"h100_gpu_hours_at_mfu", h100_gpu_h},
                   {"cost_usd_h100_at_mfu", h100_gpu_h * price},
                   {"source", r.source}});
  }
  if (args.format == Format::json) {
    emit(ojson{{"price_usd_per_gpu_hour", price}, {"mfu", mfu}, {"runs", arr}}.dump(2));
    return;
  }
  emit(t.render(args.format) +
       fmt::format("\nOne footing: ${:g}/GPU-hour for everyone; the last column puts every run's FLOPs on H100 "
                   "(989 TFLOP/s BF16) at {:.0f}% MFU. GPT-4's FLOPs are Epoch AI's estimate (~5× uncertainty); "
                   "AI Index 2024 puts its cost at $78.4M by the cloud-rental method.\n",
                   price, mfu * 100));
}

void run_validate(Format f) {
  const auto rows = validate_training();
  Table t({"run", "chip", "published GPU-h", "predicted GPU-h", "predicted MFU", "error"});
  t.align_right({2, 3, 4, 5});
  ojson arr = ojson::array();
  std::vector<double> abs_err;
  for (const auto& r : rows) {
    const double err = detail::to_raw(r.error);
    abs_err.push_back(std::fabs(err));
    t.add_row({r.model, r.chip, format(r.published), format(r.predicted), format(r.predicted_mfu),
               fmt::format("{:+.1f}%", err * 100)});
    arr.push_back({{"id", r.id}, {"model", r.model}, {"chip", r.chip}, {"published_gpu_hours", in_gpu_hours(r.published)},
                   {"predicted_gpu_hours", in_gpu_hours(r.predicted)}, {"predicted_mfu", detail::to_raw(r.predicted_mfu)},
                   {"error", err}, {"source", r.source.citation}});
  }
  std::sort(abs_err.begin(), abs_err.end());
  const std::size_t n = abs_err.size();
  const double median = n == 0 ? 0 : (n % 2 ? abs_err[n / 2] : (abs_err[n / 2 - 1] + abs_err[n / 2]) / 2);
  const double max = n == 0 ? 0 : abs_err.back();
  if (f == Format::json) {
    emit(ojson{{"runs", arr}, {"median_abs_error", median}, {"max_abs_error", max}}.dump(2));
    return;
  }
  emit(t.render(f) + fmt::format("\n{} public runs: median |error| {:.1f}%, max |error| {:.1f}% "
                                 "(predicted GPU-hours = 6·N·D / (predicted MFU × BF16 peak); docs/training.md)\n",
                                 n, median * 100, max * 100));
}

CLI::App* group(CLI::App& app, const std::string& name, const std::string& help) {
  auto found = app.get_subcommands([&](CLI::App* s) { return s->get_name() == name; });
  if (!found.empty()) return found.front();
  auto* g = app.add_subcommand(name, help);
  g->require_subcommand(1);
  return g;
}

}  // namespace

void register_training(CLI::App& app) {
  auto args = std::make_shared<TrainingArgs>();
  auto* est = group(app, "estimate", "First-principles estimates")
                  ->add_subcommand("training", "Training FLOPs, GPU-hours, wall clock and cost of a run");
  auto* src = est->add_option_group("model source");
  src->add_option("--model", args->model, "Model preset (llmcost model list)");
  src->add_option("--hf-config", args->hf_config, "Hugging Face config.json")->check(CLI::ExistingFile);
  src->require_option(1);
  est->add_option("--tokens", args->tokens, "Training tokens")->required();
  est->add_option("--chip", args->chip, "Accelerator (llmcost chips)")->required();
  est->add_option("--gpus", args->gpus, "Number of GPUs")->required();
  est->add_option("--seq-len", args->seq_len, "Sequence length [tokens] (default 4096)");
  est->add_option("--precision", args->precision, "Matmul precision: bf16 (default), fp8, ...");
  auto* mfu_opt =
      est->add_option("--mfu", args->mfu, "MFU against the BF16 dense peak, in (0, 1]; default: the efficiency model");
  est->add_option("--goodput", args->goodput, "Fraction of wall-clock doing useful work, in (0, 1] (default 1)");
  est->add_option("--price-usd-per-gpu-hour", args->price_usd_per_gpu_hour,
                  "Rental price; default: the chip's lowest catalog quote");
  // A stated layout: the step-time model predicts the MFU (excludes --mfu).
  const std::string lg = "parallel layout (the step-time model predicts the MFU)";
  std::vector<CLI::Option*> layout_opts{
      est->add_option("--tp", args->tp, "Tensor-parallel size (default 1)")->group(lg),
      est->add_option("--pp", args->pp, "Pipeline stages (default 1)")->group(lg),
      est->add_option("--dp", args->dp, "Data-parallel replicas (default GPUs / (TP·PP·CP))")->group(lg),
      est->add_option("--ep", args->ep, "Expert-parallel size (default 1)")->group(lg),
      est->add_option("--cp", args->cp, "Context-parallel size (default 1)")->group(lg),
      est->add_option("--schedule", args->schedule, "Pipeline schedule: 1f1b (default), interleaved, dualpipe")->group(lg),
      est->add_option("--virtual-stages", args->virtual_stages, "Model chunks per GPU (interleaved)")->group(lg),
      est->add_option("--micro-batch-size", args->micro_batch_size, "Sequences per micro-batch (default 1)")->group(lg),
      est->add_option("--recompute", args->recompute, "Activation recompute: none (default), selective, full")->group(lg),
      est->add_option("--zero-stage", args->zero_stage, "ZeRO stage 0-3 (default 0)")->group(lg)};
  for (auto* o : layout_opts) o->excludes(mfu_opt);
  est->add_option("--global-batch-tokens", args->global_batch_tokens, "Tokens per optimizer step (with a layout)")
      ->group(lg);
  est->add_option("--max-nodes-per-token", args->max_nodes_per_token,
                  "Node-limited MoE routing (DeepSeek-V3: 4); 0 = none (with a layout)")
      ->group(lg);
  est->add_option("--scale-out-gb-per-s", args->scale_out_gb_per_s,
                  "Per-GPU NIC bandwidth per direction [GB/s] (default: the catalog's)")
      ->group(lg);
  add_format_option(est, args->format, {Format::table, Format::json, Format::csv, Format::markdown});
  est->callback([args] { run_estimate(*args); });

  auto cargs = std::make_shared<CompareArgs>();
  auto* cmp = app.add_subcommand("compare", "DeepSeek-V3 vs Llama 3.1 405B vs GPT-4 on one footing (one price, one method)");
  cmp->add_option("--price-usd-per-gpu-hour", cargs->price_usd_per_gpu_hour, "Common price (default 2, DeepSeek's)");
  cmp->add_option("--mfu", cargs->mfu, "Common MFU for the FLOPs-on-H100 method (default 0.40)");
  add_format_option(cmp, cargs->format, {Format::table, Format::json, Format::csv, Format::markdown});
  cmp->callback([cargs] { run_compare(*cargs); });

  auto vformat = std::make_shared<Format>(Format::table);
  auto* val = group(app, "validate", "Validate the estimators against published runs")
                  ->add_subcommand("training", "Default efficiency model against every public run with GPU-hours");
  add_format_option(val, *vformat, {Format::table, Format::json, Format::csv, Format::markdown});
  val->callback([vformat] { run_validate(*vformat); });
}

}  // namespace llmcost::cli
