#include "cli/cli_values.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "llmcost/error.hpp"
#include "llmcost/format.hpp"

namespace llmcost::cli {
namespace {

std::string with_unit(std::string_view unit) { return unit.empty() ? std::string() : " " + std::string(unit); }

[[noreturn]] void reject(double x, std::string_view flag, const std::string& expected) {
  throw invalid_input(kInvalidTag, fmt::format("{} {} is invalid; expected {}", flag, plain_number(x), expected));
}

// The first non-finite number in `j`, as a dotted path; empty when all are finite.
std::string first_non_finite(const ojson& j, const std::string& path) {
  if (j.is_number_float()) return std::isfinite(j.get<double>()) ? std::string() : (path.empty() ? "value" : path);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      std::string p = first_non_finite(v, path.empty() ? k : path + "." + k);
      if (!p.empty()) return p;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string p = first_non_finite(j[i], fmt::format("{}[{}]", path, i));
      if (!p.empty()) return p;
    }
  }
  return {};
}

std::string scalar_text(const ojson& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  if (v.is_number_unsigned()) return fmt::format("{}", v.get<std::uint64_t>());
  if (v.is_number_integer()) return fmt::format("{}", v.get<std::int64_t>());
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : "; ") + (x.is_structured() ? x.dump() : scalar_text(x));
    return out;
  }
  return v.dump();
}

void flatten(const ojson& j, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) flatten(v, key, out);
    else out.emplace_back(key, scalar_text(v));
  }
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string plain_number(double x) {
  std::string s = fmt::format("{:g}", x);
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e), exp = s.substr(e + 1);
  const bool neg = !exp.empty() && exp[0] == '-';
  if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.erase(0, 1);
  exp.erase(0, std::min(exp.find_first_not_of('0'), exp.size() - 1));
  return mant + "e" + (neg ? "-" : "") + exp;
}

double flag_in_range(double x, double lo, double hi, std::string_view flag, std::string_view unit) {
  if (!(std::isfinite(x) && x >= lo && x <= hi))
    reject(x, flag, fmt::format("a value in [{}, {}]{}", plain_number(lo), plain_number(hi), with_unit(unit)));
  return x;
}

double flag_positive(double x, double hi, std::string_view flag, std::string_view unit) {
  if (!(std::isfinite(x) && x > 0 && x <= hi))
    reject(x, flag, fmt::format("a value in (0, {}]{}", plain_number(hi), with_unit(unit)));
  return x;
}

double flag_whole(double x, double lo, double hi, std::string_view flag, std::string_view unit) {
  if (!(std::isfinite(x) && x >= lo && x <= hi && x == std::floor(x)))
    reject(x, flag, fmt::format("a whole number in [{}, {}]{}", plain_number(lo), plain_number(hi), with_unit(unit)));
  return x;
}

int flag_int(double x, int lo, int hi, std::string_view flag, std::string_view unit) {
  return static_cast<int>(flag_whole(x, lo, hi, flag, unit));
}

Precision flag_precision(std::string_view name, std::string_view flag, const std::vector<Precision>& choices) {
  std::string key;
  for (char c : name)
    if (!std::isspace(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<Precision> allowed = choices;
  if (allowed.empty()) allowed.assign(all_precisions.begin(), all_precisions.end());
  std::string names;
  for (Precision p : allowed) {
    if (to_string(p) == key) return p;
    names += (names.empty() ? "" : ", ") + std::string(to_string(p));
  }
  throw invalid_input(kInvalidTag, fmt::format("{} \"{}\" is not accepted; choices: {} (any case)", flag, name, names));
}

std::string given_flags(const CLI::App* cmd, std::initializer_list<const char*> numeric) {
  std::string given, all;
  for (const char* f : numeric) {
    all += (all.empty() ? "" : ", ") + std::string(f);
    const CLI::Option* o = nullptr;
    try {
      o = cmd->get_option(f);
    } catch (const CLI::OptionNotFound&) {
      o = nullptr;
    }
    if (o && o->count() > 0 && !o->results().empty())
      given += (given.empty() ? "" : ", ") + std::string(f) + " " + o->results().back();
  }
  return given.empty() ? all : given;
}

void require_finite_json(const ojson& j, std::string_view inputs) {
  const std::string bad = first_non_finite(j, "");
  if (!bad.empty())
    throw out_of_domain(kOverflowTag, fmt::format("the inputs {} are too extreme together: {} is not a finite number; "
                                                  "bring one of them closer to a typical value",
                                                  inputs, bad));
}

std::string csv_of(const ojson& records) {
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  if (records.is_array()) {
    for (const auto& r : records) {
      rows.emplace_back();
      if (r.is_object()) flatten(r, "", rows.back());
      else rows.back().emplace_back("value", scalar_text(r));
    }
  } else {
    rows.emplace_back();
    flatten(records, "", rows.back());
  }
  std::vector<std::string> columns;  // union of keys, in first-seen order
  for (const auto& r : rows)
    for (const auto& kv : r)
      if (std::find(columns.begin(), columns.end(), kv.first) == columns.end()) columns.push_back(kv.first);
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_field(columns[i]);
  out += "\n";
  for (const auto& r : rows) {
    std::map<std::string, std::string> cell(r.begin(), r.end());
    for (std::size_t i = 0; i < columns.size(); ++i) {
      auto it = cell.find(columns[i]);
      out += (i ? "," : "") + (it == cell.end() ? std::string() : csv_field(it->second));
    }
    out += "\n";
  }
  return out;
}

PriceChoice choose_price(const Accelerator& chip, const std::optional<double>& flag) {
  if (!flag) return llmcost::choose_price(chip, std::nullopt);
  return llmcost::choose_price(chip, usd_per_gpu_hour(flag_positive(*flag, 1e4, "--price-usd-per-gpu-hour", "USD/GPU-hour")));
}

std::string price_line(const PriceChoice& p, const Accelerator& chip, bool verbose) {
  std::string line;
  switch (p.rule) {
    case PriceChoice::Rule::stated:
      line = fmt::format("price: {}, from --price-usd-per-gpu-hour", format(*p.price));
      break;
    case PriceChoice::Rule::catalog_lowest_quote:
      line = fmt::format("price: {}, default: lowest catalog quote for {} (grade {}{}); "
                         "--price-usd-per-gpu-hour to change",
                         format(*p.price), chip.id, to_string(p.source.grade),
                         p.source.as_of.empty() ? "" : ", as of " + p.source.as_of);
      break;
    case PriceChoice::Rule::none:
      line = fmt::format("price: none; {} has no rental quote in the catalog, so no cost is given; "
                         "--price-usd-per-gpu-hour to set one",
                         chip.id);
      break;
  }
  line += "\n";
  if (verbose && p.rule == PriceChoice::Rule::catalog_lowest_quote) {
    line += "price source: " + p.source.citation;
    if (!p.source.note.empty()) line += " — " + p.source.note;
    if (!p.source.url.empty()) line += " <" + p.source.url + ">";
    line += "\n";
  }
  return line;
}

void add_step_time_switches(CLI::App* cmd, StepTimeSwitches& s, const std::string& sp_default,
                            const std::string& group) {
  // Each switch is a pair of flags that exclude each other: --x sets it, --no-x clears it.
  auto pair = [&](const std::string& name, std::optional<bool>& v, const std::string& on_help,
                  const std::string& off_help) {
    auto* on = cmd->add_flag_callback("--" + name, [&v] { v = true; }, on_help);
    auto* off = cmd->add_flag_callback("--no-" + name, [&v] { v = false; }, off_help);
    off->excludes(on);
    if (!group.empty()) {
      on->group(group);
      off->group(group);
    }
  };
  pair("flash-attention", s.flash_attention, "Fused FlashAttention-style attention (the default)",
       "The 2022 Megatron attention path: s x s scores, fused softmax (default: flash attention)");
  pair("dropout", s.dropout, "Dropout masks stored for the backward pass, as in GPT-3-style Megatron runs",
       "No dropout (the default)");
  pair("sequence-parallel", s.sequence_parallel,
       "Megatron sequence parallelism on the tensor-parallel group (default: " + sp_default + ")",
       "No sequence parallelism");
}

}  // namespace llmcost::cli
