// `llmcost estimate training`, `llmcost compare`, `llmcost validate training`.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/claims/claim.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/efficiency.hpp"
#include "llmcost/estimate/step_time_training.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/estimate/training_model.hpp"
#include "llmcost/estimate/training_prediction.hpp"
#include "llmcost/estimate/training_request.hpp"
#include "llmcost/format.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost::cli {
namespace {

struct TrainingArgs {
  std::string model, hf_config, chip;
  std::optional<std::string> precision;  // default bf16
  double tokens = 0, gpus = 0, seq_len = 4096;
  std::optional<double> mfu, price_usd_per_gpu_hour, training_flop_per_token, active_params;
  double goodput = 1.0;
  bool seq_len_given = false, goodput_given = false;  // else the library's defaults, named in the result
  bool verbose = false;
  Format format = Format::table;
  // A stated parallel layout: the step-time model predicts the MFU (llmcost/estimate/step_time.hpp).
  // Counts are read as numbers and checked to be whole, so that "--tp 2.5" is a tagged error.
  std::optional<double> tp, pp, dp, ep, cp, virtual_stages, micro_batch_size, zero_stage;
  std::optional<std::string> schedule, recompute;
  std::optional<double> global_batch_tokens, scale_out_gb_per_s, max_nodes_per_token;
  StepTimeSwitches switches;  // flash attention, dropout, sequence parallelism (with a layout)
  [[nodiscard]] bool has_layout() const {
    return tp || pp || dp || ep || cp || virtual_stages || micro_batch_size || zero_stage || schedule || recompute;
  }
};

// Accepted ranges of the layout counts (the step-time model checks their consistency).
constexpr double kMaxParallel = 1e7;  // as many as --gpus allows

// Every numeric flag that was given is checked, whether or not this run uses it; returns the
// GEMM precision.
Precision check_flags(const TrainingArgs& a) {
  flag_in_range(a.tokens, 1, 1e18, "--tokens", "tokens");
  if (a.training_flop_per_token)
    flag_in_range(*a.training_flop_per_token, 1, 1e25, "--training-flop-per-token", "FLOP/token");
  if (a.active_params) flag_in_range(*a.active_params, 1, 1e15, "--active-params", "parameters");
  cli_whole_gpus(a.gpus);
  flag_whole(a.seq_len, 1, 1e8, "--seq-len", "tokens");
  if (a.mfu) flag_in_range(*a.mfu, 1e-6, 1, "--mfu", "(fraction of the BF16 dense peak)");
  flag_in_range(a.goodput, 1e-6, 1, "--goodput", "(fraction of wall clock)");
  if (a.price_usd_per_gpu_hour)
    flag_positive(*a.price_usd_per_gpu_hour, 1e4, "--price-usd-per-gpu-hour", "USD/GPU-hour");
  if (a.global_batch_tokens) flag_positive(*a.global_batch_tokens, 1e15, "--global-batch-tokens", "tokens");
  if (a.max_nodes_per_token)
    flag_int(*a.max_nodes_per_token, 0, 1000000, "--max-nodes-per-token", "nodes (0 = no limit)");
  (void)cli_scale_out(a.scale_out_gb_per_s);
  for (const auto& [v, flag] :
       {std::pair{a.tp, "--tp"}, {a.pp, "--pp"}, {a.dp, "--dp"}, {a.ep, "--ep"}, {a.cp, "--cp"}})
    if (v) flag_whole(*v, 1, kMaxParallel, flag, "GPUs");
  if (a.virtual_stages) flag_int(*a.virtual_stages, 1, 10000, "--virtual-stages", "model chunks per GPU");
  if (a.micro_batch_size) flag_int(*a.micro_batch_size, 1, 1000000, "--micro-batch-size", "sequences");
  if (a.zero_stage) flag_int(*a.zero_stage, 0, 3, "--zero-stage");
  return a.precision ? flag_precision(*a.precision, "--precision") : Precision::bf16;
}

// Flags the request cannot use: the workload and layout flags feed the step-time prediction, which
// a stated --mfu (or only --training-flop-per-token) replaces. Accepted (they are valid) but they
// change nothing, which the user should know.
void warn_unused_layout_flags(const TrainingArgs& a, Precision precision) {
  const bool predicted = !a.mfu && (!a.model.empty() || !a.hf_config.empty());
  if (predicted) return;
  std::string unused;
  if (a.has_layout()) unused += "the layout flags ";
  if (a.global_batch_tokens) unused += "--global-batch-tokens ";
  if (a.max_nodes_per_token) unused += "--max-nodes-per-token ";
  if (a.scale_out_gb_per_s) unused += "--scale-out-gb-per-s ";
  if (a.switches.flash_attention) unused += "--[no-]flash-attention ";
  if (a.switches.dropout) unused += "--[no-]dropout ";
  if (a.switches.sequence_parallel) unused += "--[no-]sequence-parallel ";
  const char* why = a.mfu ? "--mfu is given" : "only FLOPs per token are given (no architecture to predict from)";
  if (!unused.empty() && !a.has_layout()) {
    unused.pop_back();
    warn(fmt::format("{} only apply to the step-time prediction; ignored here: {}", unused, why));
  }
  // A stated MFU is read against the BF16 dense peak (published runs quote it so); the GEMM precision
  // changes nothing then.
  if (a.precision && precision != Precision::bf16)
    warn(fmt::format("--precision {} has no effect when {}: the MFU is read against the BF16 dense peak",
                     to_string(precision), why));
}

// The request the flags state (checked by check_flags first, so that errors name the flags).
TrainingRequest training_request(const TrainingArgs& args, Precision precision) {
  TrainingRequest r;
  r.model = args.model;
  r.hf_config = args.hf_config;
  if (args.training_flop_per_token) r.training_flop_per_token = flop_per_token(*args.training_flop_per_token);
  if (args.active_params) r.active_params = param_count(*args.active_params);
  r.chip = args.chip;
  r.gpus = gpu_count(args.gpus);
  r.tokens = token_count(args.tokens);
  if (args.seq_len_given) r.seq_len = token_count(args.seq_len);
  if (args.precision) r.precision = precision;
  if (args.mfu) r.efficiency = Mfu{ratio(*args.mfu), Precision::bf16};
  if (args.goodput_given) r.goodput = ratio(args.goodput);
  if (args.price_usd_per_gpu_hour) r.price = usd_per_gpu_hour(*args.price_usd_per_gpu_hour);
  const bool workload = args.global_batch_tokens || args.max_nodes_per_token || args.scale_out_gb_per_s ||
                        args.switches.flash_attention || args.switches.dropout || args.switches.sequence_parallel;
  if (args.has_layout() || (workload && !args.mfu)) {
    // A stated layout, or only the workload the search predicts from.
    LLMCOST_REQUIRE(!args.has_layout() || args.global_batch_tokens.has_value(), invalid_input,
                    "llmcost.cli.missing_batch", "a stated layout needs --global-batch-tokens (tokens per optimizer step)");
    LayoutRequest l;
    auto count = [](const std::optional<double>& v) {
      return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    };
    l.tp = count(args.tp);
    l.pp = count(args.pp);
    l.dp = count(args.dp);
    l.ep = count(args.ep);
    l.cp = count(args.cp);
    l.virtual_stages = count(args.virtual_stages);
    l.micro_batch_size = count(args.micro_batch_size);
    l.zero_stage = count(args.zero_stage);
    if (args.schedule) l.schedule = parse_pipeline_schedule(*args.schedule);
    if (args.recompute) l.recompute = parse_recompute(*args.recompute);
    if (args.global_batch_tokens) l.global_batch_tokens = token_count(*args.global_batch_tokens);
    l.max_nodes_per_token = static_cast<int>(args.max_nodes_per_token.value_or(0));
    l.scale_out_per_direction = cli_scale_out(args.scale_out_gb_per_s);
    l.flash_attention = args.switches.flash_attention;
    l.dropout = args.switches.dropout;
    l.sequence_parallel = args.switches.sequence_parallel;
    r.layout = l;
  }
  return r;
}

void run_estimate(const TrainingArgs& args, const CLI::App* cmd) {
  const Precision precision = check_flags(args);
  warn_unused_layout_flags(args, precision);
  const TrainingResult e = estimate_training(training_request(args, precision), active_catalog());
  if (e.step_time)  // figures the catalog lacks for this chip, which the step-time model took by default
    for (const auto& d : step_cluster(active_catalog().find(e.chip), e.gpus, cli_scale_out(args.scale_out_gb_per_s)).defaults)
      warn(fmt::format("{} lacks {}: using {} ({})", e.chip, d.input, d.value, d.source));
  const std::string doc = to_json(e);
  const ojson j = ojson::parse(doc);
  require_finite_json(j, given_flags(cmd, {"--tokens", "--gpus", "--seq-len", "--mfu", "--goodput",
                                           "--price-usd-per-gpu-hour", "--global-batch-tokens",
                                           "--scale-out-gb-per-s"}));
  if (args.format == Format::json) {
    emit(doc + "\n");
    return;
  }
  if (args.format == Format::csv) {
    emit(csv_of(j));
    return;
  }
  const auto& t = e.estimate.total;
  const Accelerator& a = active_catalog().find(e.chip);
  Table tab({"quantity", "value", "note"});
  tab.add_row({"model", e.model.empty() ? "—" : e.model, ""});
  tab.add_row({"cluster", format(e.gpus) + " × " + e.chip, ""});
  tab.add_row({"training FLOPs per token", format(flop(detail::to_raw(e.training_flop_per_token))) + "/tok",
               e.step_time ? std::string("step-time model FLOPs: causal attention, no recompute, no MTP")
                           : fmt::format("seq {}, causal attention, logits", plain_number(detail::to_raw(e.seq_len)))});
  tab.add_row({"training FLOPs", format(t.flops), ""});
  const TrainingPredictionSummary* pred = e.prediction ? &*e.prediction : nullptr;
  if (pred) {
    tab.add_row({"layout", describe(e.step_time->layout),
                 pred->searched ? fmt::format("searched: the fastest of {} layouts", pred->layouts_evaluated)
                                : std::string("stated")});
    tab.add_row({"steady-state MFU", format(pred->ceiling_mfu), "the step-time model at that layout (the ceiling)"});
    tab.add_row({"realisation", format(pred->realisation.median()),
                 fmt::format("median; 80% {}-{}; {} (data/realisation.toml)", format(pred->realisation.p10()),
                             format(pred->realisation.p90()), pred->realisation.fitted_on)});
  }
  if (const auto* m = std::get_if<Mfu>(&e.efficiency))
    tab.add_row({"MFU", format(m->value),
                 pred ? std::string("steady-state MFU × realisation")
                      : (m->source.empty() ? std::string("given: --mfu") : m->source)});
  if (e.step_time) {
    const StepTimeEstimate& st = *e.step_time;
    tab.add_row({"step time", fmt::format("{:.3f} s", detail::to_raw(st.step_time)),
                 fmt::format("{} micro-batches, bubble {:.1f}%", st.micro_batches,
                             detail::to_raw(st.bubble_fraction) * 100)});
    tab.add_row({"memory per GPU", format(st.memory.total()),
                 st.memory.fits() ? "fits in " + format(st.memory.capacity)
                                  : "DOES NOT FIT in " + format(st.memory.capacity) + " of HBM"});
  }
  auto interval = [&](auto point_of) {
    return pred ? fmt::format("80%: {} to {}", format(point_of(pred->p10)), format(point_of(pred->p90))) : std::string();
  };
  tab.add_row({"GPU-hours", format(t.gpu_hours),
               pred ? interval([](const PhaseEstimate& p) { return p.gpu_hours; })
                    : fmt::format("goodput {}", plain_number(detail::to_raw(e.goodput)))});
  tab.add_row({"wall clock", format(t.wall_clock), interval([](const PhaseEstimate& p) { return p.wall_clock; })});
  tab.add_row({"tokens/s per GPU", format(t.tokens_per_s_per_gpu), ""});
  const PriceChoice& price = e.price;
  tab.add_row({"price", price.price ? format(*price.price) : "—",
               price.rule == PriceChoice::Rule::stated                 ? "--price-usd-per-gpu-hour"
               : price.rule == PriceChoice::Rule::catalog_lowest_quote ? "default: lowest catalog quote"
                                                                       : "no catalog quote"});
  tab.add_row({"cost", e.cost() ? format(*e.cost()) : "—",
               e.cost() ? interval([](const PhaseEstimate& p) { return p.cost.total(); }) : std::string()});
  emit(tab.render(args.format) + "\n" + price_line(price, a, args.verbose));
}

struct CompareArgs {
  double price_usd_per_gpu_hour = 2.0;
  double mfu = 0.40;
  std::string chip = "H100";
  Format format = Format::table;
};

void run_compare(const CompareArgs& args, const CLI::App* cmd) {
  const double price = flag_positive(args.price_usd_per_gpu_hour, 1e4, "--price-usd-per-gpu-hour", "USD/GPU-hour");
  const double mfu = flag_in_range(args.mfu, 1e-6, 1, "--mfu", "(fraction of the BF16 dense peak)");
  const Accelerator& chip = active_catalog().find(args.chip);
  const double peak_bf16 = detail::to_raw(chip.require_peak(Precision::bf16));
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
  ojson arr = ojson::array();
  for (const auto& r : rows) {
    const double at_mfu_gpu_h = r.flops / (mfu * peak_bf16) / seconds_per_hour;
    arr.push_back({{"run", r.run},
                   {"chip", r.chip},
                   {"published_gpu_hours", r.gpu_hours ? ojson(*r.gpu_hours) : ojson(nullptr)},
                   {"flops", r.flops},
                   {"flops_basis", r.flops_basis},
                   {"cost_usd_published_gpu_hours", r.gpu_hours ? ojson(*r.gpu_hours * price) : ojson(nullptr)},
                   {"gpu_hours_at_mfu", at_mfu_gpu_h},
                   {"cost_usd_at_mfu", at_mfu_gpu_h * price},
                   {"source", r.source}});
  }
  const ojson j{{"price_usd_per_gpu_hour", price},
                {"mfu", mfu},
                {"flops_chip", chip.id},
                {"flops_chip_peak_bf16_flop_per_s", peak_bf16},
                {"runs", arr}};
  require_finite_json(j, given_flags(cmd, {"--price-usd-per-gpu-hour", "--mfu"}));
  if (args.format == Format::json) {
    emit(j.dump(2));
    return;
  }
  if (args.format == Format::csv) {
    ojson records = ojson::array();
    for (const auto& r : arr) {
      ojson x = r;
      x["price_usd_per_gpu_hour"] = price;
      x["mfu"] = mfu;
      x["flops_chip"] = chip.id;
      records.push_back(std::move(x));
    }
    emit(csv_of(records));
    return;
  }
  Table t({"run", "chip", "published GPU-h", "FLOPs", "cost: published GPU-h × price",
           "cost: FLOPs on " + chip.id + " at one MFU"});
  t.align_right({2, 3, 4, 5});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    t.add_row({r.run, r.chip, r.gpu_hours ? format(gpu_hours(*r.gpu_hours)) : "—", format(flop(r.flops)),
               r.gpu_hours ? format(usd(*r.gpu_hours * price)) : "—",
               format(usd(arr[i]["cost_usd_at_mfu"].get<double>()))});
  }
  emit(t.render(args.format) +
       fmt::format("\nOne footing: {} for everyone; the last column puts every run's FLOPs on {} "
                   "({} BF16) at {} MFU. GPT-4's FLOPs are Epoch AI's estimate (~5× uncertainty); "
                   "AI Index 2024 puts its cost at $78.4M by the cloud-rental method.\n",
                   format(usd_per_gpu_hour(price)), chip.id, format(chip.require_peak(Precision::bf16)),
                   format(ratio(mfu))));
}

// `validate training`: the training prediction (searched ceiling ÷ realisation) on every published
// run, leave-one-family-out first; the document is the library's.
void run_validate(Format f, bool calibration_toml) {
  const TrainingValidation v = validate_training_prediction(active_catalog());
  if (calibration_toml) {
    emit(to_toml(v.fitted));
    return;
  }
  const ojson j = ojson::parse(to_json(v));
  if (f == Format::json) {
    emit(j.dump(2));
    return;
  }
  if (f == Format::csv) {
    emit(csv_of(j["runs"]));
    return;
  }
  Table t({"run", "family", "use", "chip", "searched layout", "ceiling MFU", "published GPU-h",
           "held-out p50 (p10-p90)", "held-out error"});
  t.align_right({5, 6, 7, 8});
  for (const auto& r : v.runs) {
    t.add_row({r.run.id, r.run.family, r.run.use, r.run.chip, describe(r.steady.layout), format(r.steady.mfu),
               format(r.run.published.value),
               fmt::format("{} ({}-{})", format(r.held_out.p50), format(r.held_out.p10), format(r.held_out.p90)),
               r.run.use == "bound"
                   ? fmt::format("{:+.1f}% ({} the bound)", 100 * r.held_out_error,
                                 r.held_out_error <= 0 ? "within" : "ABOVE")
                   : fmt::format("{:+.1f}%{}", 100 * r.held_out_error, r.held_out_covered ? "" : " *")});
  }
  std::string families;
  for (const auto& fam : v.families) families += (families.empty() ? "" : ", ") + fam;
  emit(t.render(f) +
       fmt::format("\nLeave-one-family-out ({} runs marked fit; families {}): median |error| {:.1f}%, max {:.1f}%, "
                   "80% intervals cover {:.0f}% of runs (* = outside).\nIn-sample: median |error| {:.1f}%. "
                   "Realisation: median {:.3f}, sd(ln r) {:.3f} (docs/training.md).\n",
                   v.fit_runs, families, 100 * v.held_out_median_abs_error, 100 * v.held_out_max_abs_error,
                   100 * v.held_out_coverage, 100 * v.in_sample_median_abs_error,
                   detail::to_raw(v.fitted.median()), v.fitted.log_sd));
}


}  // namespace

void register_training(CLI::App& app) {
  auto args = std::make_shared<TrainingArgs>();
  auto* est = subcommand_group(app, "estimate", "First-principles estimates")
                  ->add_subcommand("training", "Training FLOPs, GPU-hours, wall clock and cost of a run");
  auto* src = est->add_option_group("model source");
  src->add_option("--model", args->model, "Model preset (llmcost model list)");
  src->add_option("--hf-config", args->hf_config, "Hugging Face config.json")->check(CLI::ExistingFile);
  src->add_option("--training-flop-per-token", args->training_flop_per_token,
                  "Training FLOPs per token (fwd + bwd), in [1, 1e25], instead of a model");
  src->require_option(1);
  est->add_option("--active-params", args->active_params,
                  "Active parameters, in [1, 1e15]: with --training-flop-per-token, for the default efficiency model");
  est->add_option("--tokens", args->tokens, "Training tokens, in [1, 1e18]")->required();
  est->add_option("--chip", args->chip, "Accelerator (llmcost chips)")->required();
  est->add_option("--gpus", args->gpus, "Number of GPUs, a whole number in [1, 1e7]")->type_name("INT")->required();
  est->add_option("--seq-len", args->seq_len, "Sequence length [tokens], whole, in [1, 1e8] (default 4096)")
      ->type_name("INT");
  est->add_option("--precision", args->precision,
                  "GEMM precision of a stated layout: bf16 (default), fp8, ... (any case)");
  auto* mfu_opt =
      est->add_option("--mfu", args->mfu, "MFU against the BF16 dense peak, in [1e-6, 1]; default: the efficiency model");
  est->add_option("--goodput", args->goodput, "Fraction of wall-clock doing useful work, in [1e-6, 1] (default 1)");
  est->add_option("--price-usd-per-gpu-hour", args->price_usd_per_gpu_hour,
                  "Rental price, in (0, 1e4]; default: the chip's lowest catalog quote, else no cost");
  est->add_flag("--verbose", args->verbose, "Also print the full source of the default price");
  // A stated layout: the step-time model predicts the MFU (excludes --mfu).
  const std::string lg = "parallel layout (the step-time model predicts the MFU)";
  std::vector<CLI::Option*> layout_opts{
      est->add_option("--tp", args->tp, "Tensor-parallel size (default 1)")->type_name("INT")->group(lg),
      est->add_option("--pp", args->pp, "Pipeline stages (default 1)")->type_name("INT")->group(lg),
      est->add_option("--dp", args->dp, "Data-parallel replicas (default GPUs / (TP·PP·CP))")
          ->type_name("INT")->group(lg),
      est->add_option("--ep", args->ep, "Expert-parallel size (default 1)")->type_name("INT")->group(lg),
      est->add_option("--cp", args->cp, "Context-parallel size (default 1)")->type_name("INT")->group(lg),
      est->add_option("--schedule", args->schedule, "Pipeline schedule: 1f1b (default), interleaved, dualpipe")->group(lg),
      est->add_option("--virtual-stages", args->virtual_stages, "Model chunks per GPU (interleaved)")
          ->type_name("INT")->group(lg),
      est->add_option("--micro-batch-size", args->micro_batch_size, "Sequences per micro-batch (default 1)")
          ->type_name("INT")->group(lg),
      est->add_option("--recompute", args->recompute, "Activation recompute: none (default), selective, full")->group(lg),
      est->add_option("--zero-stage", args->zero_stage, "ZeRO stage 0-3 (default 0)")->type_name("INT")->group(lg)};
  for (auto* o : layout_opts) o->excludes(mfu_opt);
  est->add_option("--global-batch-tokens", args->global_batch_tokens,
                  "Tokens per optimizer step, in (0, 1e15] (with a layout)")
      ->group(lg);
  est->add_option("--max-nodes-per-token", args->max_nodes_per_token,
                  "Node-limited MoE routing (DeepSeek-V3: 4); 0 = none (with a layout)")->type_name("INT")
      ->group(lg);
  est->add_option("--scale-out-gb-per-s", args->scale_out_gb_per_s,
                  "Per-GPU NIC bandwidth per direction [GB/s], in (0, 1e6] (default: the catalog's)")
      ->group(lg);
  add_step_time_switches(est, args->switches, "on", lg);
  add_format_option(est, args->format, {Format::table, Format::json, Format::csv, Format::markdown});
  est->callback([args, est] {
    args->seq_len_given = est->count("--seq-len") > 0;
    args->goodput_given = est->count("--goodput") > 0;
    run_estimate(*args, est);
  });

  auto cargs = std::make_shared<CompareArgs>();
  auto* cmp = app.add_subcommand("compare", "DeepSeek-V3 vs Llama 3.1 405B vs GPT-4 on one footing (one price, one method)");
  cmp->add_option("--price-usd-per-gpu-hour", cargs->price_usd_per_gpu_hour,
                  "Common price, in (0, 1e4] (default 2, DeepSeek's)");
  cmp->add_option("--mfu", cargs->mfu, "Common MFU for the FLOPs-at-one-MFU method, in [1e-6, 1] (default 0.40)");
  cmp->add_option("--chip", cargs->chip, "Chip for the FLOPs-at-one-MFU method (default H100)");
  add_format_option(cmp, cargs->format, {Format::table, Format::json, Format::csv, Format::markdown});
  cmp->callback([cargs, cmp] { run_compare(*cargs, cmp); });

  auto vformat = std::make_shared<Format>(Format::table);
  auto vtoml = std::make_shared<bool>(false);
  auto* val = subcommand_group(app, "validate", "Validate the estimators against published runs")
                  ->add_subcommand("training",
                                   "The training prediction (searched layout ÷ realisation) against every published "
                                   "run, leave-one-family-out first");
  add_format_option(val, *vformat, {Format::table, Format::json, Format::csv, Format::markdown});
  val->add_flag("--calibration-toml", *vtoml,
                "Print the realisation fitted on the runs, as data/realisation.toml (to regenerate that file)");
  val->callback([vformat, vtoml] { run_validate(*vformat, *vtoml); });
}

}  // namespace llmcost::cli
