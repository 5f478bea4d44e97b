#pragma once
// Private: helpers for reading llmcost's data files with toml++, collecting every
// problem with its origin:line:col instead of stopping at the first one.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "llmcost/detail/quote.hpp"
#include "llmcost/provenance.hpp"

namespace llmcost::detail {

/// A list of problems found in one input, reported together.
class Problems {
 public:
  /// `origin` (a path) is shown with control characters escaped.
  explicit Problems(std::string_view origin) : origin_(escaped(origin)) {}
  /// Records `message` at the position of `node` (or of the file when null).
  void add(const toml::node* node, std::string message);
  void add(const toml::source_region& where, std::string message);
  [[nodiscard]] bool empty() const noexcept { return lines_.empty(); }
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  /// Throws invalid_input(tag, "N problem(s) in origin:\n  origin:l:c: ...") if any.
  void throw_if_any(const std::string& tag) const;

 private:
  std::string origin_;
  std::vector<std::string> lines_;
};

/// The names (ids and aliases, normalised) used so far by the entries of one [[array]] of a data
/// file, so that two entries never share a name.
class EntryNames {
 public:
  /// `array` is the TOML array's name, e.g. "accelerator".
  explicit EntryNames(std::string array) : array_(std::move(array)) {}
  /// Starts the next entry, whose id is `id`.
  void begin_entry(std::string id) { ids_.push_back(std::move(id)); }
  /// The current entry uses `name` (normalised). When another entry uses it already, adds a
  /// problem at `node`: the same id given twice, or a name taken by another entry.
  void claim(const std::string& name, const toml::node* node, Problems& problems);

 private:
  std::string array_;
  std::vector<std::string> ids_;                        // of the entries so far
  std::unordered_map<std::string, std::size_t> seen_;  // normalised name -> index into ids_
};

/// Parses TOML text; a syntax error is recorded in `problems` and nullopt returned.
std::optional<toml::table> parse_toml(std::string_view text, Problems& problems);

/// Reports every key of `table` that is not in `allowed`, with a "did you mean".
void check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                std::string_view context, Problems& problems);

/// The [sources] table of a data file: id -> Provenance (citation, url, date).
struct SourceTable {
  std::vector<std::pair<std::string, Provenance>> entries;
  [[nodiscard]] const Provenance* find(std::string_view id) const;
  [[nodiscard]] std::vector<std::string> ids() const;
};
/// Each source takes citation (required), url and date; `with_commit_and_grade` also accepts
/// `commit` (kept in the note as "commit <hash>"), `note` and `grade` (primary/derived/secondary/weak).
SourceTable read_sources(const toml::table& root, Problems& problems, bool with_commit_and_grade = false);

/// Reads `key` = { value = x, source = "id", grade = "...", note = "...", as_of = "..." }.
/// Returns nullopt when absent or invalid (problems recorded). The value must be a
/// finite number > 0 unless `allow_zero`.
std::optional<Sourced<double>> read_sourced_number(const toml::table& entry, std::string_view key,
                                                   const SourceTable& sources, Problems& problems,
                                                   bool allow_zero = false);

/// Reads `key` = { low = a, high = b, source, grade, note, as_of } (0 < low <= high).
struct RawRange {
  double low = 0, high = 0;
  Provenance provenance;
};
std::optional<RawRange> read_sourced_range(const toml::table& entry, std::string_view key,
                                           const SourceTable& sources, Problems& problems);

/// A plain number (integer or float) at `node`, or nullopt when it is neither.
std::optional<double> as_number(const toml::node& node) noexcept;

/// The number `key` of `entry` in [lo, hi]. Absent: nullopt, and a problem when `required`.
/// Present but not a number or outside [lo, hi]: nullopt and a problem naming the key and range.
std::optional<double> read_number(const toml::table& entry, std::string_view key, double lo, double hi,
                                  Problems& problems, bool required = false);

/// A required string `key`; records a problem when missing or not a string.
std::string read_string(const toml::table& entry, std::string_view key, Problems& problems,
                        bool required = true);

}  // namespace llmcost::detail
