#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iostream>
#include <utility>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "llmcost/estimate/training_request.hpp"
#include "cli/cli_values.hpp"
#include "cli/output_file.hpp"
#include "llmcost/error.hpp"
#include "llmcost/format.hpp"

namespace llmcost::cli {
namespace {

std::string& catalog_path() {
  static std::string path;
  return path;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Every cell and header with its control characters escaped (a cell is one line).
std::vector<std::string> printable_row(const std::vector<std::string>& r) {
  std::vector<std::string> out;
  out.reserve(r.size());
  for (const auto& c : r) out.push_back(escape_control(c));
  return out;
}

}  // namespace

void add_catalog_option(CLI::App& app) {
  app.add_option("--catalog", catalog_path(),
                 "TOML file with extra or overriding accelerator entries (schema: docs/catalog.md)")
      ->check(CLI::ExistingFile);
  // Load the file before any command runs, so that a malformed catalog is an error for every
  // command, including those that name no chip.
  app.parse_complete_callback([] {
    if (!catalog_path().empty()) (void)active_catalog();
  });
}

const Catalog& active_catalog() {
  static const Catalog merged = catalog_path().empty()
                                    ? Catalog::builtin()
                                    : Catalog::builtin().merged(Catalog::from_file(catalog_path()));
  return merged;
}

std::string format_name(Format f) {
  switch (f) {
    case Format::table: return "table";
    case Format::json: return "json";
    case Format::csv: return "csv";
    case Format::markdown: return "markdown";
  }
  return "table";
}

CLI::App* subcommand_group(CLI::App& app, const std::string& name, const std::string& help) {
  auto found = app.get_subcommands([&](CLI::App* s) { return s->get_name() == name; });
  if (!found.empty()) return found.front();
  auto* g = app.add_subcommand(name, help);
  g->require_subcommand(1);
  return g;
}

void add_format_option(CLI::App* cmd, Format& out, const std::vector<Format>& choices) {
  std::vector<std::pair<std::string, Format>> named;
  std::string names;
  for (Format f : choices) {
    named.emplace_back(format_name(f), f);
    names += (names.empty() ? "" : "|") + format_name(f);
  }
  // A plain validator (no description, so help shows only the choices) that maps a
  // case-insensitive name to the enum's value and names the choices when it fails.
  CLI::Validator choice(
      [named, names](std::string& value) -> std::string {
        for (const auto& [name, f] : named) {
          if (lower(value) == name) {
            value = std::to_string(static_cast<int>(f));
            return {};
          }
        }
        return "must be one of " + names + ", not \"" + value + "\"";
      },
      "");
  cmd->add_option("--format", out, "Output format")
      ->transform(choice)
      ->option_text(names + " (default: table)");
}

std::string Table::to_text() const {
  const std::vector<std::string> head = printable_row(headers_);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(rows_.size());
  for (const auto& r : rows_) rows.push_back(printable_row(r));
  std::vector<std::size_t> w(head.size(), 0);
  for (std::size_t i = 0; i < head.size(); ++i) w[i] = display_width(head[i]);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], display_width(r[i]));
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const std::string cell = i < r.size() ? r[i] : "";
      const std::string pad(w[i] - display_width(cell), ' ');
      const bool right = std::find(right_.begin(), right_.end(), i) != right_.end();
      out += right ? pad + cell : cell + pad;
      if (i + 1 < w.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(head);
  std::string rule;
  for (std::size_t i = 0; i < w.size(); ++i) {
    rule += std::string(w[i], '-');
    if (i + 1 < w.size()) rule += "  ";
  }
  out += rule + "\n";
  for (const auto& r : rows) out += line(r);
  return out;
}

std::string Table::to_csv() const {
  auto line = [](const std::vector<std::string>& r) {
    std::string out;
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + csv_field(escape_control(r[i]));
    return out + "\n";
  };
  std::string out = line(headers_);
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string Table::to_markdown() const {
  auto line = [](const std::vector<std::string>& r) {
    std::string out = "|";
    for (const auto& c : r) {
      std::string cell;
      for (char ch : escape_control(c)) {
        if (ch == '|') cell += '\\';
        cell += ch;
      }
      out += " " + cell + " |";
    }
    return out + "\n";
  };
  std::string out = line(headers_) + "|";
  for (std::size_t i = 0; i < headers_.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string Table::render(Format f) const {
  switch (f) {
    case Format::csv: return to_csv();
    case Format::markdown: return to_markdown();
    default: return to_text();
  }
}

void emit(const std::string& text, const std::string& path, const std::vector<std::string>& inputs) {
  // The last line of defence against terminal escapes: whatever a command built (names and
  // labels from files included), no control character but newline and tab is printed raw.
  std::string out = escape_control(text, /*keep_newlines=*/true);
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (path.empty() || path == "-") {
    errno = 0;
    std::cout << out;
    std::cout.flush();
    if (!std::cout) {
      const int err = errno;
      std::cout.clear();
      throw io_error("llmcost.io.write",
                     detail::concat("cannot write to standard output: ", err != 0 ? std::strerror(err) : "write failed"));
    }
    return;
  }
  write_output_file(path, out, inputs);
}

void warn(const std::string& message) {
  std::cerr << "llmcost: warning: " << escape_control(message, /*keep_newlines=*/true) << "\n";
}

TrainingWorkload cli_workload(Transformer model, double seq_len, double global_batch_tokens,
                              double max_nodes_per_token) {
  // The flags are checked here so that an error names them; the library's rule does the rest.
  const double seq = flag_whole(seq_len, 1, 1e8, "--seq-len", "tokens");
  const double tokens = flag_positive(global_batch_tokens, 1e15, "--global-batch-tokens", "tokens");
  const int nodes = flag_int(max_nodes_per_token, 0, 1000000, "--max-nodes-per-token", "nodes (0 = no limit)");
  const double seqs = std::floor(tokens / seq);
  LLMCOST_REQUIRE(seqs >= 1 && seqs <= 1e9, invalid_input, kInvalidTag, "--global-batch-tokens ", plain_number(tokens),
                  " is invalid; expected between 1 and 1e9 sequences of --seq-len ", plain_number(seq), " tokens");
  return training_workload(std::move(model), token_count(seq), token_count(tokens), nodes);
}

double cli_whole_gpus(double gpus) { return flag_whole(gpus, 1, 1e7, "--gpus", "GPUs"); }

std::optional<BytesPerSecond> cli_scale_out(const std::optional<double>& gb_per_s) {
  if (!gb_per_s) return std::nullopt;
  return bytes_per_s(flag_positive(*gb_per_s, 1e6, "--scale-out-gb-per-s", "GB/s per direction") * 1e9);
}

}  // namespace llmcost::cli
