#pragma once
// File: llmcost/claims/reproduce.hpp
//
// The registry of reproduction reports: `llmcost reproduce <id>` and
// `llmcost.reproduce(id)` look reports up here.
//
//   for (const auto& id : reproducible_ids()) std::cout << id << ": " << reproduce(id).verdict;
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/claims/report.hpp"

namespace llmcost {

class Catalog;

/// Ids of every reproduction report, in presentation order.
std::vector<std::string> reproducible_ids();

/// Builds the report `id` with the built-in accelerator catalog. Throws not_found
/// [llmcost.claims.unknown_report] listing the ids.
Report reproduce(std::string_view id);
/// The same with `catalog` (e.g. the built-in one merged with a user file): the published
/// arithmetic (the Reproduction part) does not depend on it; the re-derivation and the challenges
/// read their chips' peaks, bandwidths and prices from it. Throws invalid_input
/// [llmcost.claims.missing_spec] when a chip the report needs lacks a field it reads.
Report reproduce(std::string_view id, const Catalog& catalog);

}  // namespace llmcost
