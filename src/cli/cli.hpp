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

/// Adds `--format` with the given choices to `cmd`, bound to `out`.
void add_format_option(CLI::App* cmd, Format& out,
                       const std::vector<Format>& choices = {Format::table, Format::json, Format::csv});

/// A plain-text table with aligned columns (UTF-8 aware), also printable as CSV or Markdown.
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

/// Writes `text` to stdout, or atomically to `path` (temp file + rename) when non-empty.
/// Refuses to overwrite any of `inputs`.
void emit(const std::string& text, const std::string& path = {},
          const std::vector<std::string>& inputs = {});

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

// Command groups; each adds its subcommands to `app`.
void register_chips(CLI::App& app);
void register_reproduce(CLI::App& app);
void register_training(CLI::App& app);
void register_inference(CLI::App& app);
void register_model(CLI::App& app);
void register_run(CLI::App& app);
void register_search(CLI::App& app);

}  // namespace llmcost::cli
