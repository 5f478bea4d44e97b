#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/cli_values.hpp"
#include "llmcost/error.hpp"

namespace llmcost::cli {
namespace {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // count UTF-8 code points
  return n;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string& catalog_path() {
  static std::string path;
  return path;
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

void add_format_option(CLI::App* cmd, Format& out, const std::vector<Format>& choices) {
  std::map<std::string, Format> map;
  for (Format f : choices) {
    switch (f) {
      case Format::table: map["table"] = f; break;
      case Format::json: map["json"] = f; break;
      case Format::csv: map["csv"] = f; break;
      case Format::markdown: map["markdown"] = f; break;
    }
  }
  cmd->add_option("--format", out, "Output format")
      ->transform(CLI::CheckedTransformer(map, CLI::ignore_case))
      ->default_str("table");
}

std::string Table::to_text() const {
  std::vector<std::size_t> w(headers_.size(), 0);
  for (std::size_t i = 0; i < headers_.size(); ++i) w[i] = display_width(headers_[i]);
  for (const auto& r : rows_)
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
  std::string out = line(headers_);
  std::string rule;
  for (std::size_t i = 0; i < w.size(); ++i) {
    rule += std::string(w[i], '-');
    if (i + 1 < w.size()) rule += "  ";
  }
  out += rule + "\n";
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string Table::to_csv() const {
  auto line = [](const std::vector<std::string>& r) {
    std::string out;
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + csv_field(r[i]);
    return out + "\n";
  };
  std::string out = line(headers_);
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string Table::to_markdown() const {
  auto line = [](const std::vector<std::string>& r) {
    std::string out = "|";
    for (const auto& c : r) out += " " + c + " |";
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
  if (path.empty() || path == "-") {
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << '\n';
    std::cout.flush();
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::absolute(path);
  for (const auto& in : inputs) {
    if (fs::exists(in, ec) && fs::exists(target, ec) && fs::equivalent(in, target, ec))
      throw invalid_input("llmcost.io.overwrite_input",
                          detail::concat("refusing to write output over the input file \"", path, "\""));
  }
  const fs::path tmp = target.parent_path() / (target.filename().string() + ".tmp-llmcost");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("llmcost.io.write", detail::concat("cannot write \"", tmp.string(), "\""));
    out << text;
    if (!text.empty() && text.back() != '\n') out << '\n';
    out.flush();
    if (!out) throw io_error("llmcost.io.write", detail::concat("cannot write \"", tmp.string(), "\""));
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw io_error("llmcost.io.write", detail::concat("cannot rename onto \"", path, "\""));
  }
}

TrainingWorkload cli_workload(Transformer model, double seq_len, double global_batch_tokens,
                              double max_nodes_per_token) {
  const double seq = flag_whole(seq_len, 1, 1e8, "--seq-len", "tokens");
  const double tokens = flag_positive(global_batch_tokens, 1e15, "--global-batch-tokens", "tokens");
  const int nodes = flag_int(max_nodes_per_token, 0, 1000000, "--max-nodes-per-token", "nodes (0 = no limit)");
  const double seqs = std::floor(tokens / seq);
  LLMCOST_REQUIRE(seqs >= 1 && seqs <= 1e9, invalid_input, kInvalidTag, "--global-batch-tokens ", plain_number(tokens),
                  " is invalid; expected between 1 and 1e9 sequences of --seq-len ", plain_number(seq), " tokens");
  TrainingWorkload w;
  w.model = std::move(model);
  w.seq_len = token_count(seq);
  w.global_batch = static_cast<int>(seqs);
  w.max_nodes_per_token = nodes;
  return w;
}

double cli_whole_gpus(double gpus) { return flag_whole(gpus, 1, 1e7, "--gpus", "GPUs"); }

std::optional<BytesPerSecond> cli_scale_out(const std::optional<double>& gb_per_s) {
  if (!gb_per_s) return std::nullopt;
  return bytes_per_s(flag_positive(*gb_per_s, 1e6, "--scale-out-gb-per-s", "GB/s per direction") * 1e9);
}

}  // namespace llmcost::cli
