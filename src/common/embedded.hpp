#pragma once
// Private: access to the data/*.toml files compiled into the library.
#include <span>
#include <string_view>

namespace llmcost::detail {

struct EmbeddedFile {
  std::string_view path;     // relative to data/, e.g. "accelerators.toml"
  std::string_view content;  // the file, verbatim
};

/// Every embedded data file, sorted by path. Defined in the generated embedded_data.cpp.
std::span<const EmbeddedFile> embedded_files();

/// The embedded file at `path` (relative to data/); throws not_found when absent.
std::string_view embedded_file(std::string_view path);

}  // namespace llmcost::detail
