#pragma once
// File: llmcost/hardware/catalog.hpp
//
// The accelerator catalog. The built-in entries come from data/accelerators.toml,
// compiled into the library (no file is read at run time). Users can load extra or
// overriding entries from a TOML file with the same schema (docs/catalog.md).
//
// Lookup is case-insensitive, ignores '-', '_' and spaces, and accepts aliases:
// "h800", "H800-SXM" and "H800 SXM5" all find the same entry. An unknown name throws
// not_found [llmcost.catalog.unknown_chip] with the closest matches.
//
//   const Accelerator& a = llmcost::chip("h800");
//   Catalog mine = Catalog::builtin().merged(Catalog::from_file("my_chips.toml"));
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/hardware/accelerator.hpp"

namespace llmcost {

/// An immutable set of accelerators with name lookup.
class Catalog {
 public:
  Catalog() = default;
  explicit Catalog(std::vector<Accelerator> entries);

  /// The built-in catalog (parsed once from the embedded data/accelerators.toml).
  static const Catalog& builtin();
  /// Parses catalog TOML text. `origin` names the text in error messages (a path).
  /// Throws invalid_input [llmcost.catalog.invalid_file] listing every problem as
  /// `origin:line:col: message`.
  static Catalog from_toml(std::string_view text, std::string_view origin);
  /// Reads and parses a catalog file. Throws io_error [llmcost.io.read] when unreadable,
  /// [llmcost.io.not_a_file] for a directory, [llmcost.io.too_large] above 16 MiB.
  /// Every entry needs an id (with a letter or digit); ids and aliases are unique in a file;
  /// numbers lie in physical ranges: peaks [1e6, 1e18] FLOP/s, HBM capacity [1e6, 1e15] B,
  /// bandwidths [1e6, 1e15] B/s, TDP [1, 1e5] W, GPUs per node [1, 1e4], launch year
  /// [1950, 2100], rental price [1e-6, 1e4] USD/GPU-h, purchase price [1e-6, 1e8] USD.
  static Catalog from_file(const std::filesystem::path& path);

  /// This catalog with `overrides` applied: an entry with the same id replaces ours,
  /// a new id is appended. Throws invalid_input [llmcost.catalog.name_clash] when an
  /// override's id or alias is a name of another of our entries (naming both): overriding
  /// a chip means giving its id.
  [[nodiscard]] Catalog merged(const Catalog& overrides) const;

  /// The accelerator called `name` (id or alias). Throws not_found.
  [[nodiscard]] const Accelerator& find(std::string_view name) const;
  /// The accelerator called `name`, or nullptr.
  [[nodiscard]] const Accelerator* try_find(std::string_view name) const noexcept;
  /// All entries, in file order.
  [[nodiscard]] const std::vector<Accelerator>& all() const noexcept { return entries_; }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::vector<Accelerator> entries_;
  // Normalised id/alias -> index into entries_ (ids first, then aliases), built once.
  std::vector<std::pair<std::string, std::size_t>> index_;
};

/// Looks `name` up in the built-in catalog. Throws not_found.
const Accelerator& chip(std::string_view name);

/// The accelerator as JSON: snake_case keys with the unit in the name, SI values,
/// null for absent fields, and a sibling "sources" object giving each field's
/// citation, url, grade and note. The same shape is used by the CLI and Python.
std::string to_json(const Accelerator& a, int indent = 2);
/// The whole catalog as JSON: {"conventions": {...}, "accelerators": [...]}.
std::string to_json(const Catalog& c, int indent = 2);

}  // namespace llmcost
