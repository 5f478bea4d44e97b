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
};

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
  TrainingPhase phase = training_phase(m, "training", token_count(args.tokens), seq, precision);
  // Efficiency: the given MFU (BF16-peak basis, as published runs quote it), or the default
  // efficiency model. The default model is calibrated on 6·N·D FLOPs, so its MFU is rescaled to
  // this model's architecture FLOP count to keep the GPU-hours it implies.
  Mfu eff;
  std::string eff_source;
  if (args.mfu) {
    eff = Mfu{ratio(*args.mfu), Precision::bf16};
    eff_source = "given (--mfu, BF16-peak basis)";
  } else {
    const MfuPrediction p = predict_mfu(m, a, gpu_count(args.gpus));
    const double six_n = 6.0 * detail::to_raw(active_params(m));
    const double rescale = detail::to_raw(phase.training_flops_per_token) / six_n;
    eff = Mfu{ratio(std::min(1.0, detail::to_raw(p.mfu) * rescale)), p.basis};
    eff_source = fmt::format("default efficiency model: {:.1f}% on a 6·N·D basis{}", detail::to_raw(p.mfu) * 100,
                             p.extrapolated ? " (extrapolated beyond its calibration range)" : "");
  }
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
            {"implied_mfu_bf16", t.implied_mfu_bf16 ? ojson(detail::to_raw(*t.implied_mfu_bf16)) : ojson(nullptr)},
            {"implied_mfu_fp8", t.implied_mfu_fp8 ? ojson(detail::to_raw(*t.implied_mfu_fp8)) : ojson(nullptr)},
            {"tokens_per_s_per_gpu", detail::to_raw(t.tokens_per_s_per_gpu)},
            {"price_usd_per_gpu_hour", in_usd_per_gpu_hour(pricing.price)},
            {"price_source", pricing.source.citation},
            {"cost_usd", detail::to_raw(t.cost.total())}};
    emit(j.dump(2));
    return;
  }
  Table tab({"quantity", "value", "note"});
  tab.add_row({"model", m.name, ""});
  tab.add_row({"cluster", format(run.cluster.count) + " × " + a.id, ""});
  tab.add_row({"training FLOPs per token", format(flop(detail::to_raw(phase.training_flops_per_token))) + "/tok",
               fmt::format("seq {:g}, causal attention, logits", args.seq_len)});
  tab.add_row({"training FLOPs", format(t.flops), ""});
  tab.add_row({"MFU", format(eff.value), eff_source});
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
  est->add_option("--mfu", args->mfu, "MFU against the BF16 dense peak, in (0, 1]; default: the efficiency model");
  est->add_option("--goodput", args->goodput, "Fraction of wall-clock doing useful work, in (0, 1] (default 1)");
  est->add_option("--price-usd-per-gpu-hour", args->price_usd_per_gpu_hour,
                  "Rental price; default: the chip's lowest catalog quote");
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
