#pragma once
// File: llmcost/detail/quote.hpp
//
// A name or value echoed in an error message, in double quotes and escaped, so that a
// control character in user input (NUL, ESC, a newline) neither truncates the message
// (what() is a C string) nor reaches a terminal raw:
//   quoted("H800")          -> "H800"
//   quoted("a\0b\x1b[31m")  -> "a\x00b\x1b[31m"
// Printable bytes, including UTF-8 sequences, are kept; `"` and `\` are backslash-escaped.
// Names longer than `max_bytes` are cut (at a UTF-8 boundary) and end in "...". A path that
// prefixes "path:line:col:" is escaped the same way without the quotes (escaped()).
#include <cstddef>
#include <string>
#include <string_view>

namespace llmcost::detail {

/// `s` escaped as by quoted(), without the surrounding quotes (for a path that prefixes
/// "path:line:col:").
inline std::string escaped(std::string_view s, std::size_t max_bytes = 4096) {
  static constexpr char hex[] = "0123456789abcdef";
  bool cut = false;
  if (s.size() > max_bytes) {
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
    s = s.substr(0, n);
    cut = true;
  }
  std::string out;
  out.reserve(s.size() + 8);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\x";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  if (cut) out += "...";
  return out;
}

inline std::string quoted(std::string_view s, std::size_t max_bytes = 200) {
  return '"' + escaped(s, max_bytes) + '"';
}

}  // namespace llmcost::detail
