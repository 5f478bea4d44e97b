// `llmcost model list`, `llmcost model types` and `llmcost model show NAME | --hf-config FILE [--generic]`.
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/error.hpp"
#include "llmcost/format.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/hf_config.hpp"
#include "llmcost/model/memory.hpp"
#include "llmcost/model/params.hpp"
#include "llmcost/model/presets.hpp"
#include "llmcost/model/summary.hpp"

namespace llmcost::cli {
namespace {

std::string params_cell(Params p) { return short_scale(detail::to_raw(p)); }
std::string flop_cell(FlopsPerToken f) { return format(f * token_count(1)) + "/tok"; }
std::string bytes_cell(BytesPerToken b) {
  return fmt::format("{} ({:.0f} B/tok)", format(b * token_count(1)) + "/tok", detail::to_raw(b));
}

void list_models(Format f) {
  if (f == Format::json || f == Format::csv) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& p : model_presets())
      arr.push_back({{"name", p.model.name},
                     {"aliases", p.aliases},
                     {"description", p.description},
                     {"params_total", detail::to_raw(total_params(p.model))},
                     {"params_active", detail::to_raw(active_params(p.model))},
                     {"source", p.provenance.citation},
                     {"url", p.provenance.url},
                     {"grade", to_string(p.provenance.grade)}});
    emit(f == Format::json ? arr.dump(2) + "\n" : csv_of(arr));
    return;
  }
  Table t({"model", "total", "active", "attention", "layers", "context", "aliases"});
  t.align_right({1, 2, 4, 5});
  for (const auto& p : model_presets()) {
    const Transformer& m = p.model;
    std::string aliases;
    for (std::size_t i = 0; i < p.aliases.size(); ++i) aliases += (i ? ", " : "") + p.aliases[i];
    t.add_row({m.name, params_cell(total_params(m)), params_cell(active_params(m)),
               std::string(to_string(m.attention.kind)) + (m.moe ? " + MoE" : ""), std::to_string(m.num_layers),
               m.max_position_embeddings ? std::to_string(*m.max_position_embeddings) : "—", aliases});
  }
  emit(t.render(f) + (f == Format::table ? "\n`llmcost model show NAME` for the breakdown and sources.\n" : ""));
}

void list_types(Format f) {
  const auto& types = hf_model_types();
  if (f == Format::json || f == Format::csv) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& t : types)
      arr.push_back({{"model_type", t.model_type},
                     {"supported", t.supported},
                     {"reader", t.reader},
                     {"source", t.source},
                     {"missing", t.missing}});
    emit(f == Format::json ? arr.dump(2) + "\n" : csv_of(arr));
    return;
  }
  Table t({"model_type", "reader", "source"});
  for (const auto& ty : types)
    t.add_row({ty.model_type, ty.supported ? ty.reader : "refused", ty.supported ? ty.source : "not modelled: " + ty.missing});
  emit(t.render(f) + (f == Format::table
                          ? fmt::format("\n{} model types import (data/hf_model_types.toml); refused ones name the missing "
                                        "piece.\n",
                                        supported_model_types().size())
                          : ""));
}

void show_model(const Transformer& m, const ModelPreset* preset, double seq_len, Format f,
                const HfImport* imported = nullptr) {
  const Tokens seq = token_count(seq_len);
  for (const auto& w : m.warnings) warn(w);
  auto j = nlohmann::ordered_json::parse(to_json(m, seq));
  require_finite_json(j, "--seq-len " + plain_number(seq_len));
  if (f == Format::json) {
    if (preset)
      j["source"] = {{"citation", preset->provenance.citation},
                     {"url", preset->provenance.url},
                     {"grade", to_string(preset->provenance.grade)}};
    if (imported)
      j["import"] = {{"source", imported->source},
                     {"defaults_used", imported->defaults_used},
                     {"assumptions", imported->assumptions},
                     {"ignored_keys", imported->ignored_keys}};
    emit(j.dump(2) + "\n");
    return;
  }
  const ParamBreakdown b = param_breakdown(m);
  Table t({"quantity", "value"});
  t.align_right({1});
  auto row = [&](const std::string& k, const std::string& v) { t.add_row({k, v}); };
  row("params: embedding", params_cell(b.embedding));
  row("params: attention", params_cell(b.attention));
  row("params: dense FFN", params_cell(b.dense_ffn));
  if (m.moe) {
    row("params: routed experts", params_cell(b.routed_experts));
    row("params: routed experts (active)", params_cell(b.routed_experts_active));
    row("params: shared experts", params_cell(b.shared_experts));
    row("params: router", params_cell(b.router));
  }
  row("params: norms", params_cell(b.norms));
  row("params: output head", params_cell(b.output_head));
  if (m.mtp_depth > 0) row("params: MTP modules (unique)", params_cell(b.mtp));
  row("params total", params_cell(b.total()));
  row("params active per token", params_cell(b.active()));
  row(fmt::format("forward FLOP/token (seq {})", plain_number(seq_len)), flop_cell(forward_flops_per_token(m, seq)));
  row(fmt::format("training FLOP/token (seq {})", plain_number(seq_len)), flop_cell(training_flops_per_token(m, seq)));
  if (m.mtp_depth > 0) {
    TrainingFlopsOptions o;
    o.include_mtp = false;
    row("training FLOP/token without MTP", flop_cell(training_flops_per_token(m, seq, o)));
  }
  row("KV cache per token (bf16)", bytes_cell(kv_cache_bytes_per_token(m, Precision::bf16)));
  row("KV cache per token (fp8)", bytes_cell(kv_cache_bytes_per_token(m, Precision::fp8)));
  std::string head = fmt::format("{} ({}): {} layers, hidden {}, {} attention, {} heads", m.name, m.model_type,
                                 m.num_layers, m.hidden_size, to_string(m.attention.kind), m.attention.num_heads);
  if (m.moe) head += fmt::format(", MoE {} routed + {} shared, top-{}", m.moe->num_routed_experts,
                                 m.moe->num_shared_experts, m.moe->top_k);
  head += "\n";
  if (preset) head += fmt::format("source: {} [{}]\n", preset->provenance.citation, to_string(preset->provenance.grade));
  if (imported) {
    head += fmt::format("read as: {}\n", imported->source);
    for (const auto& a : imported->assumptions) head += fmt::format("assumed: {}\n", a);
    for (const auto& dflt : imported->defaults_used) head += fmt::format("default: {}\n", dflt);
    std::string ignored;
    for (const auto& k : imported->ignored_keys) ignored += (ignored.empty() ? "" : ", ") + k;
    head += fmt::format("ignored keys ({}): {}\n", imported->ignored_keys.size(),
                        ignored.empty() ? "none" : ignored);
  }
  emit(head + "\n" + t.render(f) +
       (f == Format::table ? "\nTraining FLOPs: 3 × forward, causal attention, logits included (docs/model.md).\n"
                           : ""));
}

}  // namespace

void register_model(CLI::App& app) {
  auto* model = app.add_subcommand("model", "Model architectures: parameters, FLOPs per token, KV cache");
  model->require_subcommand(1);
  auto* list = model->add_subcommand("list", "List the built-in model presets");
  auto list_format = std::make_shared<Format>(Format::table);
  add_format_option(list, *list_format);
  list->callback([list_format] { list_models(*list_format); });

  auto* types = model->add_subcommand("types", "List the Hugging Face model_types --hf-config reads, with their sources");
  auto types_format = std::make_shared<Format>(Format::table);
  add_format_option(types, *types_format);
  types->callback([types_format] { list_types(*types_format); });

  auto* show = model->add_subcommand("show", "Parameters, FLOPs and KV cache of a preset or a config.json");
  auto name = std::make_shared<std::string>();
  auto hf = std::make_shared<std::string>();
  auto seq = std::make_shared<double>(4096);
  auto format = std::make_shared<Format>(Format::table);
  auto* name_opt = show->add_option("name", *name, "Preset name or alias, e.g. deepseek-v3, llama-3.1-405b");
  auto* hf_opt = show->add_option("--hf-config", *hf, "A Hugging Face config.json to import instead");
  name_opt->excludes(hf_opt);
  auto generic = std::make_shared<bool>(false);
  show->add_flag("--generic", *generic,
                 "Read a model_type without a row as a Llama-like decoder; every assumption is printed")
      ->needs(hf_opt);
  show->add_option("--seq-len", *seq, "Sequence length for the attention FLOPs [tokens], whole, in [1, 1e8]")
      ->type_name("INT")
      ->capture_default_str();
  add_format_option(show, *format, {Format::table, Format::json});
  show->callback([name, hf, seq, format, generic] {
    flag_whole(*seq, 1, 1e8, "--seq-len", "tokens");
    if (name->empty() && hf->empty())
      throw invalid_input("llmcost.cli.model_show", "give a preset NAME or --hf-config FILE (see `llmcost model list`)");
    if (!hf->empty()) {
      HfImportOptions options;
      options.generic = *generic;
      const HfImport imported = import_hf_config(*hf, options);
      show_model(imported.model, nullptr, *seq, *format, &imported);
    } else {
      const ModelPreset& p = model_preset_info(*name);
      show_model(p.model, &p, *seq, *format);
    }
  });
}

}  // namespace llmcost::cli
