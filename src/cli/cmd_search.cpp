// `llmcost search training`: the fastest parallel layout and the Pareto set (step time
// against memory headroom) from the step-time model (llmcost/estimate/layout_search.hpp).
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/layout_search.hpp"
#include "llmcost/format.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/presets.hpp"

namespace llmcost::cli {
namespace {

struct SearchArgs {
  std::string model, hf_config, chip;
  std::optional<std::string> precision;  // default: BF16, FP16 on a chip without BF16 (training_precision)
  double gpus = 0, global_batch_tokens = 0, seq_len = 4096;
  std::optional<double> scale_out_gb_per_s;
  double threads = 0;
  double max_nodes_per_token = 0;
  double max_layouts = 1e8, time_limit_s = 300;
  StepTimeSwitches switches;  // flash attention, dropout, sequence parallelism
  Format format = Format::table;
};

void run_search(const SearchArgs& a, const CLI::App* cmd) {
  // Every flag is checked before the model is read.
  const double gpus = cli_whole_gpus(a.gpus);
  flag_whole(a.seq_len, 1, 1e8, "--seq-len", "tokens");
  flag_positive(a.global_batch_tokens, 1e15, "--global-batch-tokens", "tokens");
  flag_int(a.max_nodes_per_token, 0, 1000000, "--max-nodes-per-token", "nodes (0 = no limit)");
  const auto scale_out = cli_scale_out(a.scale_out_gb_per_s);
  const int threads = flag_int(a.threads, 0, 4096, "--threads", "(0 = all cores)");
  const double max_layouts = flag_whole(a.max_layouts, 1, 1e12, "--max-layouts", "layouts");
  const double time_limit_s = flag_in_range(a.time_limit_s, 1e-3, 86400, "--time-limit-s", "s");
  // The step-time model's GEMMs run at the BF16 or the FP8 peak.
  const std::vector<Precision> choices{Precision::bf16, Precision::fp16, Precision::fp8};
  if (a.precision) (void)flag_precision(*a.precision, "--precision", choices);
  TrainingWorkload w = cli_workload(a.hf_config.empty() ? model_preset(a.model) : from_hf_config(a.hf_config),
                                          a.seq_len, a.global_batch_tokens, a.max_nodes_per_token);
  w.flash_attention = a.switches.flash_attention.value_or(w.flash_attention);
  w.dropout = a.switches.dropout.value_or(w.dropout);
  const double seq = detail::to_raw(w.seq_len);
  const Accelerator& chip = active_catalog().find(a.chip);
  const StepCluster c = step_cluster(chip, gpu_count(gpus), scale_out);
  const Precision precision =
      a.precision ? flag_precision(*a.precision, "--precision", choices) : training_precision(chip);
  if (!a.precision && precision != Precision::bf16)
    warn(fmt::format("{} has no BF16 peak: GEMMs and attention run at {}", chip.id, to_string(precision)));
  LayoutSearchOptions o;
  o.precision.gemm = precision;
  o.precision.attention = training_precision(chip);
  o.sequence_parallel = a.switches.sequence_parallel;
  o.threads = threads;
  o.max_candidates = static_cast<long long>(max_layouts);
  o.time_limit = seconds(time_limit_s);
  for (const auto& d : c.defaults)  // figures the catalog lacks for this chip
    warn(fmt::format("{} lacks {}: using {} ({})", chip.id, d.input, d.value, d.source));
  const auto t0 = std::chrono::steady_clock::now();
  const LayoutSearchResult r = search_layouts(w, c, o);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const ojson j = ojson::parse(to_json(r));
  require_finite_json(j, given_flags(cmd, {"--gpus", "--global-batch-tokens", "--seq-len", "--scale-out-gb-per-s"}));
  if (a.format == Format::json || a.format == Format::csv) {
    // Elapsed time is left out so that the output is deterministic; it goes to stderr.
    emit(a.format == Format::json ? to_json(r) + "\n" : csv_of(j["pareto"]));
    fmt::print(stderr, "searched {} layouts in {:.3f} s\n", r.evaluated, elapsed_s);
    return;
  }
  std::string text = fmt::format("{} on {} × {}, {} sequences of {} tokens per step\n", w.model.name, gpus, chip.id,
                                 w.global_batch, seq);
  text += fmt::format("evaluated {} layouts in {:.3f} s: {} feasible, {} rejected\n", r.evaluated, elapsed_s,
                      r.feasible, r.rejected);
  for (const auto& x : r.rejections) text += fmt::format("  rejected {:>9}  {}\n", x.count, x.tag);

  if (!r.fastest) {
    emit(text + "no layout fits\n");
    return;
  }
  Table t({"layout", "step time", "MFU", "memory/GPU", "headroom", "bottleneck"});
  t.align_right({1, 2, 3, 4});
  for (const auto& e : r.pareto) {
    t.add_row({describe(e.layout), fmt::format("{:.3f} s", detail::to_raw(e.step_time)),
               fmt::format("{:.1f}%", 100 * detail::to_raw(e.mfu)), format(e.memory.total()),
               format(e.memory.capacity - e.memory.total()), e.bottleneck});
  }
  text += fmt::format("fastest: {}\nPareto set (step time vs memory headroom):\n", describe(r.fastest->layout));
  emit(text + t.render(a.format));
}

}  // namespace

void register_search(CLI::App& app) {
  auto args = std::make_shared<SearchArgs>();
  auto* grp = app.add_subcommand("search", "Search parallel layouts with the step-time model");
  grp->require_subcommand(1);
  auto* cmd = grp->add_subcommand("training", "Fastest training layout and the time/memory Pareto set");
  auto* src = cmd->add_option_group("model source");
  src->add_option("--model", args->model, "Model preset (llmcost model list)");
  src->add_option("--hf-config", args->hf_config, "Hugging Face config.json")->check(CLI::ExistingFile);
  src->require_option(1);
  cmd->add_option("--chip", args->chip, "Accelerator (llmcost chips)")->required();
  cmd->add_option("--gpus", args->gpus, "Number of GPUs, a whole number in [1, 1e7]")->type_name("INT")->required();
  cmd->add_option("--global-batch-tokens", args->global_batch_tokens,
                  "Tokens per optimizer step, in (0, 1e15], 1 to 1e9 sequences")
      ->required();
  cmd->add_option("--seq-len", args->seq_len, "Sequence length [tokens], whole, in [1, 1e8] (default 4096)")
      ->type_name("INT");
  cmd->add_option("--precision", args->precision, "GEMM precision: bf16, fp16 or fp8 (any case); default bf16, fp16 on a chip without a BF16 peak");
  cmd->add_option("--scale-out-gb-per-s", args->scale_out_gb_per_s,
                  "NIC bandwidth per GPU per direction [GB/s], in (0, 1e6]; default: the catalog's");
  cmd->add_option("--max-nodes-per-token", args->max_nodes_per_token,
                  "Node-limited MoE routing (DeepSeek-V3: 4), whole, in [0, 1e6]; 0 = unlimited (default)")
                      ->type_name("INT");
  cmd->add_option("--threads", args->threads, "Worker threads, whole, in [0, 4096] (default 0: all cores)")
      ->type_name("INT");
  cmd->add_option("--max-layouts", args->max_layouts,
                  "Most layouts to enumerate before giving up, whole, in [1, 1e12] (default 1e8)")
      ->type_name("INT");
  cmd->add_option("--time-limit-s", args->time_limit_s,
                  "Longest the search may run [s], in [0.001, 86400] (default 300)");
  add_step_time_switches(cmd, args->switches, "on where TP > 1; stated, it holds for every layout");
  add_format_option(cmd, args->format, {Format::table, Format::json, Format::csv, Format::markdown});
  cmd->callback([args, cmd] { run_search(*args, cmd); });
}

}  // namespace llmcost::cli
