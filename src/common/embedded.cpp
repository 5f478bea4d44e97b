#include "common/embedded.hpp"

#include <string>
#include <vector>

#include "common/suggest.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost::detail {

std::string_view embedded_file(std::string_view path) {
  std::vector<std::string> known;
  for (const auto& f : embedded_files()) {
    if (f.path == path) return f.content;
    known.emplace_back(f.path);
  }
  throw not_found("llmcost.data.missing",
                  concat("embedded data file ", quoted(path), " not found; embedded: ", join(known)));
}

}  // namespace llmcost::detail
