// `llmcost reproduce [ID] [--format table|json]`: published claims reproduced exactly,
// re-derived from first principles, and challenged. Without an id, lists every report
// with its one-line verdict.
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/claims/reproduce.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::cli {
namespace {

// The report's numbers, checked finite before anything is printed: with a --catalog entry the
// re-derivation divides by the user's peaks and bandwidths.
Report checked(const Report& r) {
  ojson numbers = ojson::object();
  for (const auto& c : r.claims) numbers["claims." + c.id] = {c.published, c.reproduced};
  for (const auto& v : r.derivation) numbers["derivation." + v.id] = v.value;
  for (const auto& c : r.challenges) {
    if (c.cost_usd) numbers["challenges." + c.id + ".cost_usd"] = *c.cost_usd;
    for (const auto& v : c.values) numbers["challenges." + c.id + "." + v.id] = v.value;
  }
  require_finite_json(numbers, "--catalog (the chips' peaks, bandwidths and prices)");
  return r;
}

}  // namespace

void register_reproduce(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "Reproduce a published claim: exact arithmetic, re-derivation, challenges");
  auto id = std::make_shared<std::string>();
  auto format = std::make_shared<Format>(Format::table);
  cmd->add_option("id", *id, "Report id (omit to list them), e.g. deepseek-v3");
  add_format_option(cmd, *format, {Format::table, Format::json});
  cmd->callback([id, format] {
    if (!id->empty()) {
      const Report r = checked(reproduce(*id, active_catalog()));
      emit(*format == Format::json ? to_json(r) : to_text(r));
      return;
    }
    if (*format == Format::json) {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& rid : reproducible_ids()) {
        const Report r = checked(reproduce(rid, active_catalog()));
        arr.push_back({{"id", r.id}, {"title", r.title}, {"verdict", r.verdict}});
      }
      emit(arr.dump(2));
      return;
    }
    Table t({"id", "claim", "verdict"});
    for (const auto& rid : reproducible_ids()) {
      const Report r = checked(reproduce(rid, active_catalog()));
      t.add_row({r.id, r.title, r.verdict});
    }
    emit(t.to_text() + "\nRun `llmcost reproduce ID` for the full report.\n");
  });
}

}  // namespace llmcost::cli
