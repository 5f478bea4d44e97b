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

/// Ids of every reproduction report, in presentation order.
std::vector<std::string> reproducible_ids();

/// Builds the report `id`. Throws not_found [llmcost.claims.unknown_report] listing the ids.
Report reproduce(std::string_view id);

}  // namespace llmcost
