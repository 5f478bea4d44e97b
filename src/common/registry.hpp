#pragma once
// Private: the sourced-TOML registry shared by the accelerator catalog, the API price sheets and
// the task profiles. A registry file holds `schema_version = 1`, a [sources] table and an array of
// [[<entry>]] tables; each entry has an `id` (and, for some kinds, `aliases`) and sourced numbers.
// What differs between registries is only how one entry reads and how its names are checked;
// reading the file, collecting its problems, lookup by id/alias and "closest" suggestions are here.
//
//   constexpr RegistryFile kFile{"accelerator", "the catalog file", "llmcost.catalog.invalid_file",
//                                "catalog file", "accelerators.toml"};
//   std::vector<Accelerator> v = read_registry<Accelerator>(
//       text, origin, kFile, read_entry, unique_names<Accelerator>(kFile.entry, on_empty_name));
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/embedded.hpp"
#include "common/suggest.hpp"
#include "common/text_file.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost::detail {

/// What names one kind of registry file in its messages.
struct RegistryFile {
  std::string_view entry;        ///< the array of entries, e.g. "accelerator" for [[accelerator]]
  std::string_view file;         ///< the file in key problems, e.g. "the catalog file"
  const char* invalid_tag;       ///< the tag of a file with problems, e.g. "llmcost.catalog.invalid_file"
  std::string_view file_kind;    ///< for read errors, e.g. "catalog file"
  std::string_view builtin;      ///< the embedded data file, e.g. "accelerators.toml"
};

/// Calls `f` with the entry's id, then with each of its aliases (when the entry has them).
template <class Entry, class F>
void for_each_name(const Entry& e, F&& f) {
  f(e.id);
  if constexpr (requires { e.aliases; })
    for (const auto& a : e.aliases) f(a);
}

/// Reads a registry file. `read_entry(table, sources, problems)` reads one [[entry]];
/// `check_names(entry, table, problems)` checks its names against the entries before it (called
/// once per entry, in file order). Throws invalid_input [file.invalid_tag] listing every problem
/// as origin:line:col.
template <class Entry, class ReadEntry, class CheckNames>
std::vector<Entry> read_registry(std::string_view text, std::string_view origin, const RegistryFile& file,
                                 ReadEntry&& read_entry, CheckNames&& check_names) {
  Problems problems{std::string(origin)};
  auto root = parse_toml(text, problems);
  if (!root) problems.throw_if_any(file.invalid_tag);
  check_keys(*root, {"schema_version", "sources", std::string(file.entry)}, file.file, problems);
  if (const toml::node* v = root->get("schema_version")) {
    if (!v->as_integer() || v->as_integer()->get() != 1) problems.add(v, "schema_version must be 1");
  }
  const SourceTable sources = read_sources(*root, problems);
  std::vector<Entry> entries;
  if (const toml::node* list = root->get(file.entry)) {
    const toml::array* arr = list->as_array();
    if (!arr) {
      problems.add(list, concat("\"", file.entry, "\" must be an array of tables ([[", file.entry, "]])"));
    } else {
      for (const auto& item : *arr) {
        const toml::table* t = item.as_table();
        if (!t) {
          problems.add(&item, concat("each [[", file.entry, "]] entry must be a table"));
          continue;
        }
        Entry e = read_entry(*t, sources, problems);
        check_names(e, *t, problems);
        entries.push_back(std::move(e));
      }
    }
  }
  problems.throw_if_any(file.invalid_tag);
  return entries;
}

/// Reads the registry file at `path` (io_error [llmcost.io.*] when unreadable) with `from_toml`.
template <class Registry>
Registry read_registry_file(const std::filesystem::path& path, const RegistryFile& file) {
  return Registry::from_toml(read_text_file(path, file.file_kind), path.string());
}

/// The built-in registry, parsed once from its embedded data file (instantiate once per type).
template <class Registry>
const Registry& builtin_registry(const RegistryFile& file) {
  static const Registry r = Registry::from_toml(embedded_file(file.builtin), "data/" + std::string(file.builtin));
  return r;
}

/// A name check for read_registry: ids and aliases are unique in a file (EntryNames). A name that
/// normalises to nothing is passed to `on_empty(entry, table, problems)` instead.
template <class Entry, class OnEmpty>
class UniqueNames {
 public:
  UniqueNames(std::string_view entry, OnEmpty on_empty) : names_(std::string(entry)), on_empty_(std::move(on_empty)) {}
  void operator()(const Entry& e, const toml::table& t, Problems& problems) {
    names_.begin_entry(e.id);
    for_each_name(e, [&](const std::string& name) {
      const std::string n = normalize_name(name);
      if (n.empty())
        on_empty_(e, t, problems);
      else
        names_.claim(n, &t, problems);
    });
  }

 private:
  EntryNames names_;
  OnEmpty on_empty_;
};

/// UniqueNames for `Entry` with `on_empty` (the template arguments deduced).
template <class Entry, class OnEmpty>
UniqueNames<Entry, OnEmpty> unique_names(std::string_view entry, OnEmpty on_empty) {
  return UniqueNames<Entry, OnEmpty>(entry, std::move(on_empty));
}

/// Normalised id/alias -> position in `entries`: every id first, then every alias.
template <class Entry>
std::vector<std::pair<std::string, std::size_t>> name_index(const std::vector<Entry>& entries) {
  std::vector<std::pair<std::string, std::size_t>> index;
  for (std::size_t i = 0; i < entries.size(); ++i) index.emplace_back(normalize_name(entries[i].id), i);
  if constexpr (requires { entries[0].aliases; })
    for (std::size_t i = 0; i < entries.size(); ++i)
      for (const auto& al : entries[i].aliases) index.emplace_back(normalize_name(al), i);
  return index;
}

/// The entry called `name` (normalised) in a name_index, or nullptr.
template <class Entry>
const Entry* find_in_index(const std::vector<Entry>& entries,
                           const std::vector<std::pair<std::string, std::size_t>>& index,
                           std::string_view name) noexcept {
  const std::string n = normalize_name(name);
  for (const auto& [key, i] : index)
    if (key == n) return &entries[i];
  return nullptr;
}

/// The entry called `name` (an id first, then an alias; case-insensitive, ignoring - _ . and
/// spaces), or nullptr. The same order as find_in_index, without an index.
template <class Entry>
const Entry* find_by_name(const std::vector<Entry>& entries, std::string_view name) noexcept {
  const std::string n = normalize_name(name);
  for (const auto& e : entries)
    if (normalize_name(e.id) == n) return &e;
  if constexpr (requires { entries[0].aliases; })
    for (const auto& e : entries)
      for (const auto& al : e.aliases)
        if (normalize_name(al) == n) return &e;
  return nullptr;
}

/// Throws not_found [tag]: "<name><unknown>; closest: <up to 3 ids>; known: <every id>". The closest
/// ids are those of the names (ids and aliases) nearest to `name`, each id once.
template <class Entry>
[[noreturn]] void throw_unknown_entry(const std::vector<Entry>& entries, std::string_view name, const char* tag,
                                      std::string_view unknown) {
  std::vector<std::string> ids, all;
  for (const auto& e : entries) {
    ids.push_back(e.id);
    for_each_name(e, [&](const std::string& n) { all.push_back(n); });
  }
  std::vector<std::string> near;
  for (const auto& n : closest(name, all, 8)) {
    const Entry* e = find_by_name(entries, n);
    if (e && std::find(near.begin(), near.end(), e->id) == near.end()) near.push_back(e->id);
    if (near.size() == 3) break;
  }
  throw not_found(tag, concat(quoted(name), unknown, "; closest: ", join(near), "; known: ", join(ids)));
}

}  // namespace llmcost::detail
