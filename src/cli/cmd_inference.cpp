// `llmcost prices`, `llmcost prices show ID`, `llmcost prices ratio A B`, `llmcost prices profiles`
// and `llmcost estimate inference`.
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/inference_model.hpp"
#include "llmcost/estimate/serving_request.hpp"
#include "llmcost/estimate/serving_validation.hpp"
#include "llmcost/format.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/task_profile.hpp"

namespace llmcost::cli {
namespace {

struct PriceOptions {
  std::string file;
  Format format = Format::table;
};

PriceSheets active_sheets(const PriceOptions& o) {
  if (o.file.empty()) return PriceSheets::builtin();
  return PriceSheets::builtin().merged(PriceSheets::from_file(o.file));
}

std::string mtok(const Sourced<UsdPerToken>& p) { return fmt::format("{:g}", in_usd_per_mtok(p.value)); }

void list_prices(const PriceOptions& o) {
  const PriceSheets s = active_sheets(o);
  if (o.format == Format::json) {
    emit(to_json(s));
    return;
  }
  if (o.format == Format::csv) {  // raw numbers, the unit in the column name; sources in JSON
    ojson rows = ojson::parse(to_json(s))["prices"];
    for (auto& r : rows) r.erase("sources");
    emit(csv_of(rows));
    return;
  }
  Table t({"id", "provider", "api id", "from", "until", "in hit $/M", "in miss $/M", "out $/M", "grade"});
  t.align_right({5, 6, 7});
  for (const auto& p : s.all())
    t.add_row({p.id, p.provider, p.api_id, p.effective_from, p.effective_until.empty() ? "—" : p.effective_until,
               mtok(p.input_cache_hit), mtok(p.input_cache_miss), mtok(p.output),
               std::string(to_string(p.output.provenance.grade))});
  emit(o.format == Format::table
           ? t.to_text() + "\nUSD per 1M tokens; reasoning tokens of reasoning models are billed as output. "
                           "`llmcost prices show ID` for sources.\n"
           : t.render(o.format));
}

void show_price(const std::string& id, const PriceOptions& o) {
  const PriceSheets sheets = active_sheets(o);  // keep alive: find() returns a reference into it
  const ApiPrice& p = sheets.find(id);
  if (o.format == Format::json) {
    emit(to_json(p));
    return;
  }
  if (o.format == Format::csv) {
    ojson row = ojson::parse(to_json(p));
    row.erase("sources");
    emit(csv_of(row));
    return;
  }
  Table t({"price", "$/1M tokens", "grade", "source"});
  auto add = [&](const char* label, const Sourced<UsdPerToken>& s) {
    std::string src = s.provenance.citation;
    if (!s.provenance.note.empty()) src += " — " + s.provenance.note;
    t.add_row({label, mtok(s), std::string(to_string(s.provenance.grade)), src});
  };
  add("input, cache hit", p.input_cache_hit);
  add("input, cache miss", p.input_cache_miss);
  add("output", p.output);
  emit(fmt::format("{} — {} {} (api id {}), from {}{}\n{}\n\n", p.id, p.provider, p.model, p.api_id,
                   p.effective_from, p.effective_until.empty() ? "" : " until " + p.effective_until, p.notes) +
       t.render(o.format));
}

struct RatioOptions {
  std::string numerator, denominator, profile;
  double reasoning_multiplier = 1.0;
};

void show_ratio(const RatioOptions& r, const PriceOptions& o) {
  flag_positive(r.reasoning_multiplier, 1e3, "--reasoning-multiplier", "(times the denominator's reasoning tokens)");
  const PriceSheets s = active_sheets(o);
  const ApiPrice& a = s.find(r.numerator);
  const ApiPrice& b = s.find(r.denominator);
  const ListPriceRatios lr = list_price_ratios(a, b);
  std::vector<TaskProfile> profiles;
  for (const auto& p : TaskProfiles::builtin().all()) {
    if (!r.profile.empty() && p.id != TaskProfiles::builtin().find(r.profile).id) continue;
    profiles.push_back(with_reasoning_multiplier(p, b, r.reasoning_multiplier));
  }
  const RatioRange grid = price_ratio_grid(a, b, 21);
  ojson j{{"numerator", a.id},
          {"denominator", b.id},
          {"list_price_ratios",
           {{"input_cache_miss", detail::to_raw(lr.input_cache_miss)},
            {"input_cache_hit", detail::to_raw(lr.input_cache_hit)},
            {"output", detail::to_raw(lr.output)}}},
          {"grid", {{"low", detail::to_raw(grid.low)}, {"low_at", grid.low_at}, {"high", detail::to_raw(grid.high)},
                    {"high_at", grid.high_at}}},
          {"reasoning_multiplier", r.reasoning_multiplier}};
  ojson per = ojson::array();
  for (const auto& p : profiles)
    per.push_back({{"profile", p.id},
                   {"ratio", detail::to_raw(price_ratio(p, a, b))},
                   {"numerator_cost_usd", detail::to_raw(cost_per_task(p, a))},
                   {"denominator_cost_usd", detail::to_raw(cost_per_task(p, b))}});
  j["per_task"] = std::move(per);
  require_finite_json(j, "--reasoning-multiplier " + plain_number(r.reasoning_multiplier));
  if (o.format == Format::json) {
    emit(j.dump(2));
    return;
  }
  if (o.format == Format::csv) {  // one row per basis: the ratio and, per task, both costs
    ojson rows = ojson::array();
    auto row = [&](const std::string& basis, double times, const std::string& where, const ojson& num,
                   const ojson& den) {
      rows.push_back({{"basis", basis}, {"ratio", times}, {"detail", where}, {"numerator_cost_usd", num},
                      {"denominator_cost_usd", den}});
    };
    row("list: input_cache_miss", detail::to_raw(lr.input_cache_miss), "", nullptr, nullptr);
    row("list: output", detail::to_raw(lr.output), "", nullptr, nullptr);
    row("list: input_cache_hit", detail::to_raw(lr.input_cache_hit), "", nullptr, nullptr);
    row("all mixes: low", detail::to_raw(grid.low), grid.low_at, nullptr, nullptr);
    row("all mixes: high", detail::to_raw(grid.high), grid.high_at, nullptr, nullptr);
    for (const auto& x : j["per_task"])
      row("task: " + x["profile"].get<std::string>(), x["ratio"].get<double>(), "", x["numerator_cost_usd"],
          x["denominator_cost_usd"]);
    emit(csv_of(rows));
    return;
  }
  Table t({"basis", a.id + " ÷ " + b.id, "detail"});
  t.align_right({1});
  t.add_row({"list: cache-miss input", fmt::format("{:.1f}×", detail::to_raw(lr.input_cache_miss)), ""});
  t.add_row({"list: output", fmt::format("{:.1f}×", detail::to_raw(lr.output)), ""});
  t.add_row({"list: cached input", fmt::format("{:.1f}×", detail::to_raw(lr.input_cache_hit)), ""});
  t.add_row({"all mixes: low", fmt::format("{:.1f}×", detail::to_raw(grid.low)), grid.low_at});
  t.add_row({"all mixes: high", fmt::format("{:.1f}×", detail::to_raw(grid.high)), grid.high_at});
  for (const auto& p : profiles)
    t.add_row({"task: " + p.id, fmt::format("{:.1f}×", detail::to_raw(price_ratio(p, a, b))),
               fmt::format("${:.4g} vs ${:.4g} per task", detail::to_raw(cost_per_task(p, a)),
                           detail::to_raw(cost_per_task(p, b)))});
  std::string foot = "\nPer-task rows use data/task_profiles.toml (assumed token counts, weak).";
  if (r.reasoning_multiplier != 1.0)
    foot += fmt::format(" {}'s reasoning tokens scaled by {:g}.", b.id, r.reasoning_multiplier);
  emit(t.render(o.format) + foot + "\n");
}

void list_profiles(Format f) {
  if (f == Format::json || f == Format::csv) {
    ojson arr = ojson::array();
    for (const auto& p : TaskProfiles::builtin().all()) arr.push_back(ojson::parse(to_json(p)));
    if (f == Format::json) {
      emit(arr.dump(2));
      return;
    }
    for (auto& p : arr) p.erase("sources");  // in JSON
    emit(csv_of(arr));
    return;
  }
  Table t({"profile", "input", "cached", "output", "reasoning", "grade", "title"});
  t.align_right({1, 2, 3, 4});
  for (const auto& p : TaskProfiles::builtin().all())
    t.add_row({p.id, fmt::format("{:g}", detail::to_raw(p.mix.input)),
               fmt::format("{:g}%", 100 * detail::to_raw(p.mix.cached_fraction)),
               fmt::format("{:g}", detail::to_raw(p.mix.output)), fmt::format("{:g}", detail::to_raw(p.mix.reasoning)),
               std::string(to_string(p.grade)), p.title});
  emit(t.render(f));
}

struct InferenceOptions {
  // Defaults shown in --help are the library's (ServingConfig, kDefaultServingChip/Model); only
  // the flags the user gives reach the request, so the result names every other one as a default.
  // Counts are read as numbers and checked to be whole, so that "--tp 2.5" is a tagged error.
  static inline const ServingConfig d{};
  std::string chip = kDefaultServingChip;
  double gpus = detail::to_raw(d.gpus), batch_per_gpu = d.batch_per_gpu, context = detail::to_raw(d.context),
         prompt = detail::to_raw(d.prompt_length), prefill_tokens = detail::to_raw(d.prefill_tokens_per_gpu);
  double cached_fraction = detail::to_raw(d.cached_fraction);
  std::optional<double> price;  // default: the chip's lowest catalog quote, else no cost
  std::optional<double> tpot_target, ttft_target, kernel_scale;
  std::string kernel_tables;
  double redundant_experts = d.redundant_experts;
  bool balanced_routing = false;
  double tp = d.tensor_parallel, micro_batches = d.micro_batches, max_nodes = d.max_nodes_per_token,
         mtp = d.mtp_draft_tokens;
  std::string weights{to_string(d.weight_precision)}, kv{to_string(d.kv_precision)},
      compute{to_string(d.compute_precision)};
  std::string model = kDefaultServingModel, hf_config;
  bool verbose = false;
  Format format = Format::table;
};

// Every numeric flag is checked against its accepted range (docs/inference.md) before the model
// is read; the serving estimator checks their consistency (TP divides GPUs, ...). Only the flags
// given are set: the library resolves and names the rest.
ServingRequest serving_request(const InferenceOptions& o, const CLI::App* cmd) {
  auto given = [cmd](const char* flag) { return cmd->count(flag) > 0; };
  ServingRequest r;
  if (given("--hf-config")) r.hf_config = o.hf_config;
  if (given("--model")) r.model = o.model;
  if (given("--chip")) r.chip = o.chip;
  r.catalog = &active_catalog();
  if (given("--gpus")) r.gpus = gpu_count(cli_whole_gpus(o.gpus));
  if (given("--tp")) r.tensor_parallel = flag_int(o.tp, 1, 10000000, "--tp", "GPUs");
  if (given("--batch-per-gpu")) r.batch_per_gpu = flag_whole(o.batch_per_gpu, 1, 1e6, "--batch-per-gpu", "sequences");
  if (given("--context-tokens"))
    r.context = token_count(flag_in_range(o.context, 1, 1e8, "--context-tokens", "tokens"));
  if (given("--prompt-tokens"))
    r.prompt_length = token_count(flag_in_range(o.prompt, 1, 1e8, "--prompt-tokens", "tokens"));
  if (given("--prefill-tokens-per-gpu"))
    r.prefill_tokens_per_gpu =
        token_count(flag_whole(o.prefill_tokens, 1, 1e8, "--prefill-tokens-per-gpu", "tokens"));
  if (given("--cached-fraction")) {
    LLMCOST_REQUIRE(std::isfinite(o.cached_fraction) && o.cached_fraction >= 0 && o.cached_fraction < 1,
                    invalid_input, kInvalidTag, "--cached-fraction ", plain_number(o.cached_fraction),
                    " is invalid; expected a value in [0, 1) (at 1 nothing is computed)");
    r.cached_fraction = ratio(o.cached_fraction);
  }
  if (given("--micro-batches")) r.micro_batches = flag_int(o.micro_batches, 1, 2, "--micro-batches");
  if (given("--max-nodes-per-token"))
    r.max_nodes_per_token = flag_int(o.max_nodes, 0, 1000000, "--max-nodes-per-token", "nodes (0 = no limit)");
  if (given("--mtp")) r.mtp_draft_tokens = flag_int(o.mtp, 0, 8, "--mtp", "draft tokens");
  if (given("--redundant-experts"))
    r.redundant_experts = flag_int(o.redundant_experts, 0, 100000, "--redundant-experts", "expert slots");
  if (given("--balanced-routing")) r.balanced_routing = o.balanced_routing;
  if (!o.kernel_tables.empty()) {
    // Kept for the process: the request points at it.
    static std::optional<KernelTables> user_tables;
    user_tables = KernelTables::from_file(o.kernel_tables, active_catalog());
    r.kernels.tables = &*user_tables;
  }
  if (o.kernel_scale) r.kernels.scale = flag_positive(*o.kernel_scale, 10, "--kernel-scale", "(times every measured kernel fraction)");
  if (o.tpot_target) r.tpot_target = seconds(flag_positive(*o.tpot_target, 3600, "--tpot-target-s", "seconds"));
  if (o.ttft_target) r.ttft_target = seconds(flag_positive(*o.ttft_target, 3600, "--ttft-target-s", "seconds"));
  if (given("--weights")) r.weight_precision = flag_precision(o.weights, "--weights");
  if (given("--kv")) r.kv_precision = flag_precision(o.kv, "--kv");
  if (given("--compute")) r.compute_precision = flag_precision(o.compute, "--compute");
  if (o.price) r.price = usd_per_gpu_hour(flag_positive(*o.price, 1e4, "--price-usd-per-gpu-hour", "USD/GPU-hour"));
  return r;
}

void run_inference(const InferenceOptions& o, const CLI::App* cmd) {
  const ServingRequest req = serving_request(o, cmd);
  const ServingResult res = estimate_serving(req);
  const std::string doc = to_json(res);
  require_finite_json(ojson::parse(doc),
                      given_flags(cmd, {"--gpus", "--tp", "--batch-per-gpu", "--context-tokens", "--prompt-tokens",
                                        "--prefill-tokens-per-gpu", "--cached-fraction", "--price-usd-per-gpu-hour"}));
  if (o.format == Format::json) {
    emit(doc);
    return;
  }
  const PrefillEstimate& p = res.prefill;
  const DecodeEstimate& d = res.decode;
  const auto& sc = res.cost;
  Table t({"quantity", "value", "note"});
  t.align_right({1});
  auto range = [&](TokensPerSecond ServingResult::Interval::*lo, TokensPerSecond ServingResult::Interval::*hi) {
    return res.interval ? fmt::format("kernel tables ±{:.0f}%: {} – {}", 100 * res.interval->spread,
                                      format((*res.interval).*lo), format((*res.interval).*hi))
                        : std::string("flat efficiencies");
  };
  const ServingConfig& c = res.config;
  t.add_row({"prefill input rate / node", format(p.input_tokens_per_s_per_node), "incl. cache hits; " + p.breakdown.bound + "-bound"});
  t.add_row({"prefill computed rate / GPU", format(p.computed_tokens_per_s_per_gpu),
             range(&ServingResult::Interval::prefill_low, &ServingResult::Interval::prefill_high)});
  t.add_row({"prefill tokens per GPU per step", fmt::format("{:g}", detail::to_raw(c.prefill_tokens_per_gpu)),
             res.prefill_limit.empty() ? "" : "chosen for the TTFT target; limit: " + res.prefill_limit});
  t.add_row({"TTFT (no queueing)", format(p.ttft), ""});
  t.add_row({"decode output rate / node", format(d.tokens_per_s_per_node), d.breakdown.bound + "-bound"});
  t.add_row({"decode output rate / GPU", format(d.tokens_per_s_per_gpu),
             range(&ServingResult::Interval::decode_low, &ServingResult::Interval::decode_high)});
  t.add_row({"decode batch per GPU", fmt::format("{:g}", c.batch_per_gpu),
             res.decode_limit.empty() ? "" : "chosen for the TPOT target; limit: " + res.decode_limit});
  t.add_row({"time per output token", format(d.time_per_output_token), ""});
  t.add_row({"cost per input token", sc ? format(sc->input) : "—", ""});
  t.add_row({"cost per output token", sc ? format(sc->output) : "—", ""});
  const Accelerator& a = active_catalog().find(res.chip);
  std::string foot = "\n" + price_line(res.price, a, o.verbose) + res.model +
                     " steady state from measured kernels (docs/inference.md): full batches, no idle time.\n";
  for (const auto& w : d.warnings) foot += "warning: " + w + "\n";
  emit(t.render(o.format) + foot);
}


// `validate serving`: the serving model against the published non-DeepSeek measurements.
void run_validate_serving(Format f) {
  const ServingValidation v = validate_serving(active_catalog());
  const ojson j = ojson::parse(to_json(v));
  if (f == Format::json) {
    emit(j.dump(2));
    return;
  }
  if (f == Format::csv) {
    emit(csv_of(j["rows"]));
    return;
  }
  Table t({"source", "model", "chip", "setup", "quantity", "published", "predicted", "error"});
  t.align_right({5, 6, 7});
  for (const auto& r : v.rows)
    t.add_row({r.source, r.model, r.chip, r.setup, r.quantity, fmt::format("{:.0f}", r.published),
               fmt::format("{:.0f}", r.predicted), fmt::format("{:+.1f}%", 100 * r.error)});
  emit(t.render(f) + fmt::format("\n{} rows predicted, {} skipped (--format json lists why): median error {:+.1f}%, "
                                 "median |error| {:.1f}%, {:.0f}% within ±25% (docs/inference.md).\n",
                                 v.rows.size(), v.skipped.size(), 100 * v.median_error, 100 * v.median_abs_error,
                                 100 * v.share_within_25_percent));
}

}  // namespace

void register_inference(CLI::App& app) {
  auto po = std::make_shared<PriceOptions>();
  auto* prices = app.add_subcommand("prices", "API price sheets (USD per 1M tokens), ratios and task profiles");
  prices->add_option("--prices", po->file, "Extra or overriding price-sheet TOML file (schema: data/api_prices.toml)");
  add_format_option(prices, po->format, {Format::table, Format::json, Format::csv, Format::markdown});
  prices->fallthrough();  // `prices show ID --format json` reaches the group option
  prices->callback([prices, po] {
    if (prices->get_subcommands().empty()) list_prices(*po);
  });
  auto* show = prices->add_subcommand("show", "One price sheet with the source and grade of every price");
  auto id = std::make_shared<std::string>();
  show->add_option("id", *id, "Price-sheet id or alias, e.g. deepseek-reasoner, o1")->required();
  show->callback([id, po] { show_price(*id, *po); });
  auto ro = std::make_shared<RatioOptions>();
  auto* rat = prices->add_subcommand("ratio", "How many times dearer A is than B: list prices, all mixes, per task");
  rat->add_option("numerator", ro->numerator, "Price sheet A, e.g. o1")->required();
  rat->add_option("denominator", ro->denominator, "Price sheet B, e.g. deepseek-r1")->required();
  rat->add_option("--profile", ro->profile, "Only this task profile");
  rat->add_option("--reasoning-multiplier", ro->reasoning_multiplier,
                  "Scale B's reasoning tokens by this factor (B thinks k× as long), in (0, 1000]");
  rat->callback([ro, po] { show_ratio(*ro, *po); });
  auto pf = std::make_shared<Format>(Format::table);
  auto* prof = prices->add_subcommand("profiles", "Task profiles (token counts per task, with assumptions)");
  add_format_option(prof, *pf);
  prof->callback([pf] { list_profiles(*pf); });

  auto io = std::make_shared<InferenceOptions>();
  auto* inf = subcommand_group(app, "estimate", "First-principles estimates")->add_subcommand("inference", "Serving estimate from measured kernels (prefill, decode, $/Mtok)");
  auto* src = inf->add_option_group("model source");
  src->add_option("--model", io->model, "Model preset (llmcost model list)")->capture_default_str();
  src->add_option("--hf-config", io->hf_config, "Hugging Face config.json")->check(CLI::ExistingFile);
  src->require_option(0, 1);
  inf->add_option("--chip", io->chip, "Accelerator id or alias")->capture_default_str();
  inf->add_option("--gpus", io->gpus, "GPUs in the deployment unit (EP degree), whole, in [1, 1e7]")->type_name("INT")
      ->capture_default_str();
  inf->add_option("--tp,--tensor-parallel", io->tp, "Tensor-parallel degree of attention/dense layers, dividing --gpus")->type_name("INT")
      ->capture_default_str();
  inf->add_option("--batch-per-gpu", io->batch_per_gpu, "Decode sequences per GPU, whole, in [1, 1e6]")
      ->type_name("INT")
      ->capture_default_str();
  inf->add_option("--context-tokens,--context", io->context, "Average decode KV length [tokens], in [1, 1e8]")
      ->capture_default_str();
  inf->add_option("--prompt-tokens", io->prompt, "Average prompt length [tokens], in [1, 1e8]")->capture_default_str();
  inf->add_option("--prefill-tokens-per-gpu", io->prefill_tokens, "Prefill tokens per GPU per step, whole, in [1, 1e8]")
      ->type_name("INT")
      ->capture_default_str();
  inf->add_option("--cached-fraction", io->cached_fraction, "Prompt-cache hit share, in [0, 1)")
      ->capture_default_str();
  inf->add_option("--micro-batches", io->micro_batches, "1, or 2 for two-micro-batch overlap")
      ->type_name("INT")->capture_default_str();
  inf->add_option("--max-nodes-per-token", io->max_nodes, "Node-limited routing, whole, in [0, 1e6] (0 = none)")
      ->type_name("INT")
      ->capture_default_str();
  inf->add_option("--mtp,--mtp-draft-tokens", io->mtp, "MTP draft tokens per step, whole, in [0, 8]")
      ->type_name("INT")->capture_default_str();
  inf->add_option("--redundant-experts", io->redundant_experts, "Extra expert slots for busy experts, whole, in [0, 1e5]")
      ->type_name("INT")->capture_default_str();
  inf->add_flag("--balanced-routing", io->balanced_routing, "Perfectly balanced expert routing (as profiled)");
  inf->add_option("--tpot-target-s", io->tpot_target,
                  "Choose the decode batch for the best throughput at this time per output token, in (0, 3600]");
  inf->add_option("--ttft-target-s", io->ttft_target,
                  "Choose the prefill chunk for the best throughput at this time to first token, in (0, 3600]");
  inf->add_option("--kernel-tables", io->kernel_tables,
                  "Kernel-table TOML (schema: data/kernel_tables.toml) replacing the built-in measured tables")
      ->check(CLI::ExistingFile);
  inf->add_option("--kernel-scale", io->kernel_scale, "Every measured kernel fraction times this, in (0, 10] (default 1)");
  inf->add_option("--weights,--weight-precision", io->weights, "Weight precision (any case)")->capture_default_str();
  inf->add_option("--kv,--kv-precision", io->kv, "KV-cache precision (any case)")->capture_default_str();
  inf->add_option("--compute,--compute-precision", io->compute, "GEMM precision (any case)")->capture_default_str();
  inf->add_option("--price-usd-per-gpu-hour", io->price,
                  "Rental price, in (0, 1e4]; default: the chip's lowest catalog quote, else no cost");
  inf->add_flag("--verbose", io->verbose, "Also print the full source of the default price");
  add_format_option(inf, io->format, {Format::table, Format::json});
  inf->callback([io, inf] { run_inference(*io, inf); });

  auto vformat = std::make_shared<Format>(Format::table);
  auto* val = subcommand_group(app, "validate", "Validate the estimators against published runs")
                  ->add_subcommand("serving", "The serving model against published non-DeepSeek serving measurements");
  add_format_option(val, *vformat, {Format::table, Format::json, Format::csv, Format::markdown});
  val->callback([vformat] { run_validate_serving(*vformat); });
}

}  // namespace llmcost::cli
