// `llmcost reproduce [ID] [--format table|json]`: published claims reproduced exactly,
// re-derived from first principles, and challenged. Without an id, lists every report
// with its one-line verdict.
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "llmcost/claims/reproduce.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::cli {

void register_reproduce(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "Reproduce a published claim: exact arithmetic, re-derivation, challenges");
  auto id = std::make_shared<std::string>();
  auto format = std::make_shared<Format>(Format::table);
  cmd->add_option("id", *id, "Report id (omit to list them), e.g. deepseek-v3");
  add_format_option(cmd, *format, {Format::table, Format::json});
  cmd->callback([id, format] {
    if (!id->empty()) {
      const Report r = reproduce(*id, active_catalog());
      emit(*format == Format::json ? to_json(r) : to_text(r));
      return;
    }
    if (*format == Format::json) {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& rid : reproducible_ids()) {
        const Report r = reproduce(rid, active_catalog());
        arr.push_back({{"id", r.id}, {"title", r.title}, {"verdict", r.verdict}});
      }
      emit(arr.dump(2));
      return;
    }
    Table t({"id", "claim", "verdict"});
    for (const auto& rid : reproducible_ids()) {
      const Report r = reproduce(rid, active_catalog());
      t.add_row({r.id, r.title, r.verdict});
    }
    emit(t.to_text() + "\nRun `llmcost reproduce ID` for the full report.\n");
  });
}

}  // namespace llmcost::cli
