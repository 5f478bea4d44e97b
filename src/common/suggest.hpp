#pragma once
// Private: "did you mean" suggestions and name normalisation.
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/detail/names.hpp"  // normalize_name

namespace llmcost::detail {

/// Levenshtein edit distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Up to `max` of `choices` closest to `wanted` (by normalised edit distance, with
/// prefix/substring matches first), best first.
std::vector<std::string> closest(std::string_view wanted, const std::vector<std::string>& choices,
                                 std::size_t max = 3);

/// "a, b, c".
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace llmcost::detail
