#pragma once
// File: llmcost/detail/names.hpp
//
// How llmcost matches a user-typed name against a catalog id, alias or model family:
// case-insensitively, ignoring '-', '_', ' ' and '.', so "H800-SXM", "h800_sxm" and
// "H800 SXM" are the same chip and "DeepSeek-R1" the same model family as "deepseek r1".
#include <cctype>
#include <string>
#include <string_view>

namespace llmcost::detail {

/// Lower case with '-', '_', ' ' and '.' removed: "H800-SXM" -> "h800sxm".
inline std::string normalize_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '-' || c == '_' || c == ' ' || c == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace llmcost::detail
