#pragma once
// Private: reading a user's input file (config.json, catalog TOML, price sheets) whole,
// with the errors a user can act on instead of a misleading parse error.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace llmcost::detail {

/// Largest input file read whole [B]: llmcost's inputs are a few kB; the bound keeps memory sane
/// for /dev/zero or a mistaken multi-GB file.
inline constexpr std::size_t kMaxInputFileBytes = 64u << 20;  // 64 MiB

/// The content of `path`. `what` names the file's role in messages ("config file", "catalog file").
/// Throws io_error [llmcost.io.not_a_file] when `path` is a directory, [llmcost.io.read] when it
/// cannot be opened or read, [llmcost.io.too_large] when it exceeds `max_bytes`.
std::string read_text_file(const std::filesystem::path& path, std::string_view what,
                           std::size_t max_bytes = kMaxInputFileBytes);

}  // namespace llmcost::detail
