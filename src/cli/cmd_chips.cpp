// `llmcost chips` and `llmcost chips show NAME`.
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/format.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::cli {
namespace {

template <class T>
std::string cell(const std::optional<Sourced<T>>& f) {
  return f ? format(f->value) : "—";
}

std::string peak_cell(const Accelerator& a, Precision p) {
  const auto* s = a.peak_at(p);
  return s ? format(s->value) : "—";
}

std::string price_cell(const std::optional<SourcedRange<UsdPerGpuHour>>& r) {
  if (!r) return "—";
  if (r->low == r->high) return format(r->low);
  return fmt::format("${:g}–{:g}/GPU·h", in_usd_per_gpu_hour(r->low), in_usd_per_gpu_hour(r->high));
}

void list_chips(Format f) {
  const Catalog& cat = active_catalog();
  if (f == Format::json) {
    emit(to_json(cat));
    return;
  }
  if (f == Format::csv) {
    // Machine-readable: raw SI values, unit-suffixed headers, one row per chip.
    Table t({"id", "vendor", "launch_year", "peak_bf16_flop_per_s", "peak_fp8_flop_per_s",
             "hbm_capacity_bytes", "hbm_bandwidth_bytes_per_s", "scale_up_bandwidth_bytes_per_s",
             "scale_out_bandwidth_bytes_per_s", "tdp_w"});
    auto raw = [](const auto& opt) {
      return opt ? fmt::format("{}", detail::to_raw(opt->value)) : std::string();
    };
    for (const auto& a : cat.all()) {
      t.add_row({a.id, a.vendor, a.launch_year ? std::to_string(a.launch_year->value) : "",
                 raw(a.peak[static_cast<std::size_t>(Precision::bf16)]),
                 raw(a.peak[static_cast<std::size_t>(Precision::fp8)]), raw(a.hbm_capacity),
                 raw(a.hbm_bandwidth), raw(a.scale_up_bandwidth), raw(a.scale_out_bandwidth), raw(a.tdp)});
    }
    emit(t.to_csv());
    return;
  }
  Table t({"chip", "vendor", "year", "BF16 dense", "FP8 dense", "HBM", "HBM BW", "scale-up (bidir)", "TDP",
           "rental"});
  t.align_right({2, 3, 4, 5, 6, 7, 8});
  for (const auto& a : cat.all()) {
    t.add_row({a.id, a.vendor, a.launch_year ? std::to_string(a.launch_year->value) : "—",
               peak_cell(a, Precision::bf16), peak_cell(a, Precision::fp8), cell(a.hbm_capacity),
               cell(a.hbm_bandwidth), cell(a.scale_up_bandwidth), cell(a.tdp), price_cell(a.rental_price)});
  }
  emit(t.to_text() +
       "\nPeaks are dense (no sparsity); bandwidths bidirectional per GPU. `llmcost chips show NAME` for sources.\n");
}

void show_chip(const std::string& name, Format f) {
  const Accelerator& a = active_catalog().find(name);
  if (f == Format::json) {
    emit(to_json(a));
    return;
  }
  if (f == Format::csv) {  // one row per field: the raw SI value (unit in the field name) and its source
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(to_json(a));
    const nlohmann::ordered_json none = nlohmann::ordered_json::object();
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    rows.push_back({{"field", "id"}, {"value", a.id}, {"grade", ""}, {"source", ""}});
    for (const auto& [key, v] : j.items()) {
      if (key == "sources" || !(v.is_number() || v.is_object())) continue;
      const auto& src = j["sources"].contains(key) ? j["sources"][key] : none;
      auto add = [&](const std::string& field, const nlohmann::ordered_json& x) {
        rows.push_back({{"field", field}, {"value", x}, {"grade", src.value("grade", "")},
                        {"source", src.value("source", "")}});
      };
      if (v.is_number()) add(key, v);
      for (const auto& [sub, x] : v.items())
        if (v.is_object() && x.is_number()) add(key + "." + sub, x);
    }
    emit(csv_of(rows));
    return;
  }
  Table t({"field", "value", "grade", "source"});
  auto add = [&](const std::string& field, const std::string& value, const Provenance& p) {
    std::string src = p.citation;
    if (!p.note.empty()) src += " — " + p.note;
    if (!p.as_of.empty()) src += " (as of " + p.as_of + ")";
    t.add_row({field, value, std::string(to_string(p.grade)), src});
  };
  if (a.launch_year) add("launch year", std::to_string(a.launch_year->value), a.launch_year->provenance);
  if (a.gpus_per_node) add("GPUs per node", std::to_string(a.gpus_per_node->value), a.gpus_per_node->provenance);
  for (Precision p : all_precisions)
    if (const auto* s = a.peak_at(p))
      add(fmt::format("peak {} (dense)", to_string(p)), format(s->value), s->provenance);
  auto opt = [&](const char* label, const auto& field) {
    if (field) add(label, format(field->value), field->provenance);
  };
  opt("HBM capacity", a.hbm_capacity);
  opt("HBM bandwidth", a.hbm_bandwidth);
  opt("scale-up bandwidth (bidir)", a.scale_up_bandwidth);
  opt("scale-out bandwidth (bidir)", a.scale_out_bandwidth);
  opt("TDP", a.tdp);
  if (a.rental_price) add("rental price", price_cell(a.rental_price), a.rental_price->provenance);
  if (a.purchase_price) {
    const auto& r = *a.purchase_price;
    add("purchase price", r.low == r.high ? format(r.low * gpu_count(1)) + "/GPU"
                                          : fmt::format("${:g}–{:g}/GPU", detail::to_raw(r.low), detail::to_raw(r.high)),
        r.provenance);
  }
  std::string head = a.id + " — " + a.full_name + " (" + a.vendor + ")\n";
  if (!a.aliases.empty()) {
    head += "aliases: ";
    for (std::size_t i = 0; i < a.aliases.size(); ++i) head += (i ? ", " : "") + a.aliases[i];
    head += "\n";
  }
  if (!a.notes.empty()) head += a.notes + "\n";
  emit(head + "\n" + t.render(f));
}

}  // namespace

void register_chips(CLI::App& app) {
  auto* chips = app.add_subcommand("chips", "List the accelerator catalog (dense peaks, memory, links, prices)");
  auto format = std::make_shared<Format>(Format::table);
  add_format_option(chips, *format);
  auto* show = chips->add_subcommand("show", "Show one accelerator with the source and grade of every number");
  auto name = std::make_shared<std::string>();
  auto show_format = std::make_shared<Format>(Format::table);
  show->add_option("name", *name, "Chip id or alias, e.g. H800, h100-sxm, MI300X")->required();
  add_format_option(show, *show_format);
  show->callback([name, show_format] { show_chip(*name, *show_format); });
  chips->callback([chips, format] {
    if (chips->get_subcommands().empty()) list_chips(*format);
  });
}

}  // namespace llmcost::cli
