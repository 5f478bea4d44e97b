#pragma once
// Private: shared pieces of the llmcost command line tool.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "llmcost/estimate/layout.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost::cli {

/// Output format of a command.
enum class Format { table, json, csv, markdown };

/// "table", "json", "csv" or "markdown".
std::string format_name(Format f);

/// Adds `--format` with the given choices (case-insensitive) to `cmd`, bound to `out`; help
/// shows "table|json|csv (default: table)".
/// The subcommand group `name` of `app` (`estimate`, `validate`, ...), created with `help` by the
/// first command file that registers under it.
CLI::App* subcommand_group(CLI::App& app, const std::string& name, const std::string& help);

void add_format_option(CLI::App* cmd, Format& out,
                       const std::vector<Format>& choices = {Format::table, Format::json, Format::csv});

/// A plain-text table with aligned columns (by terminal width: wide and combining characters
/// counted), also printable as CSV or Markdown. Control characters in cells and headers are
/// escaped (llmcost::escape_control), so a name read from a file cannot drive the terminal.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  /// Right-align these columns (numbers).
  void align_right(std::vector<std::size_t> columns) { right_ = std::move(columns); }
  [[nodiscard]] std::string to_text() const;
  [[nodiscard]] std::string to_csv() const;
  [[nodiscard]] std::string to_markdown() const;
  [[nodiscard]] std::string render(Format f) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> right_;
};

/// Writes `text` (control characters other than newline and tab escaped, a final newline
/// added) to stdout, or to `path` when non-empty and not "-": see cli/output_file.hpp for
/// what happens to regular files, symlinks, hard links, devices and FIFOs. Refuses to write
/// over any of `inputs`. A failed write (a full disk, /dev/full, a closed pipe) throws
/// io_error [llmcost.io.write]; success is never reported for output that was not written.
void emit(const std::string& text, const std::string& path = {},
          const std::vector<std::string>& inputs = {});

/// Prints "llmcost: warning: MESSAGE" on stderr, control characters escaped (a message may
/// quote a name from a file). Use it for every warning a command prints.
void warn(const std::string& message);

/// Adds the global `--catalog FILE` option (extra or overriding accelerator entries).
void add_catalog_option(CLI::App& app);
/// The built-in catalog merged with the `--catalog` file, if one was given.
const Catalog& active_catalog();

/// A training workload from command-line values (`search training`, `estimate training` with a
/// layout): `global_batch_tokens` / `seq_len` whole sequences. Throws invalid_input
/// [llmcost.cli.invalid] naming the flag: --seq-len not a whole number in [1, 1e8],
/// --global-batch-tokens outside (0, 1e15] or not holding 1..1e9 sequences,
/// --max-nodes-per-token not a whole number in [0, 1e6].
TrainingWorkload cli_workload(Transformer model, double seq_len, double global_batch_tokens,
                              double max_nodes_per_token);
/// `--gpus` checked to be a whole number in [1, 1e7]; throws invalid_input [llmcost.cli.invalid].
double cli_whole_gpus(double gpus);
/// The `--scale-out-gb-per-s` override in B/s per direction, checked to lie in (0, 1e6] GB/s.
std::optional<BytesPerSecond> cli_scale_out(const std::optional<double>& gb_per_s);

/// Replaces CLI11's help layout with one that speaks to users: plain choices and defaults
/// ("--format table|json|csv (default: table)", "whole number 1..256"), required options
/// first and in the usage line. Applies to `app` and every subcommand added afterwards.
void install_help_formatter(CLI::App& app);
/// When parsing failed because a word where a subcommand belongs is not one, the message
/// naming it and listing the valid subcommands; empty otherwise.
std::string unknown_subcommand_message(const CLI::App& app, int argc, const char* const* argv);

// Command groups; each adds its subcommands to `app`.
void register_chips(CLI::App& app);
void register_reproduce(CLI::App& app);
void register_training(CLI::App& app);
void register_inference(CLI::App& app);
void register_model(CLI::App& app);
void register_run(CLI::App& app);
void register_search(CLI::App& app);

}  // namespace llmcost::cli
