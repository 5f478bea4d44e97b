#include "common/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost::detail {

std::string read_text_file(const std::filesystem::path& path, std::string_view what, std::size_t max_bytes) {
  const std::string shown = quoted(path.string(), 4096);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw io_error("llmcost.io.not_a_file",
                   concat("cannot read ", what, " ", shown, ": it is a directory; pass the file itself"));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw io_error("llmcost.io.read", concat("cannot read ", what, " ", shown,
                                             err ? concat(": ", std::strerror(err)) : std::string()));
  }
  std::string text;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (text.size() + got > max_bytes)
      throw io_error("llmcost.io.too_large", concat("cannot read ", what, " ", shown, ": it is larger than ",
                                                    max_bytes >> 20, " MiB, the most an input file may be"));
    text.append(buf, got);
  }
  if (in.bad()) throw io_error("llmcost.io.read", concat("cannot read ", what, " ", shown, ": read error"));
  return text;
}

}  // namespace llmcost::detail
