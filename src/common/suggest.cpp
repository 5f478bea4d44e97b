#include "common/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <utility>

namespace llmcost::detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> closest(std::string_view wanted, const std::vector<std::string>& choices,
                                 std::size_t max) {
  // Scoring a very long name against every choice would cost its length times theirs; 256 bytes
  // are plenty to find a near match.
  const std::string w = normalize_name(wanted.substr(0, 256));
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const auto& c : choices) {
    const std::string n = normalize_name(c);
    std::size_t d = edit_distance(w, n);
    if (!w.empty() && (n.find(w) != std::string::npos || w.find(n) != std::string::npos)) d = 0;
    scored.emplace_back(d, &c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.append(sep);
    out.append(items[i]);
  }
  return out;
}

}  // namespace llmcost::detail
