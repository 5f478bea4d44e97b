#pragma once
// File: llmcost/claims/claim.hpp
//
// Published figures as data. Every claim in data/claims/<name>.toml (files with
// [[claim]] entries; embedded in the library) records its id, value, unit, the rounding
// of the published figure, its inputs and formula, and its source with a grade. A claim
// whose op is "published" is an input; the others are recomputed ONE step from the
// published values of their inputs:
//   product: scale × Π inputs     sum: scale × Σ inputs     quotient: scale × in[0] / in[1]
//
//   const Claim& c = claim("deepseek-v3.total_cost");    // 5.576e6 USD, formula, source
//   double x = recompute(c);                              // 2,788,000 × 2 = 5,576,000
//
// The reports that use these figures (claims/report.hpp: reproduce_claims) build on this
// header; it depends on no report.
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/provenance.hpp"

namespace llmcost {

/// How a claim is recomputed from its inputs.
enum class ClaimOp { published, product, sum, quotient };

/// One published figure.
struct Claim {
  std::string id;           ///< "<report>.<name>", e.g. "deepseek-v3.total_cost"
  std::string description;  ///< e.g. "Total training cost at $2/GPU-hour"
  double value = 0;         ///< as published, in `unit`
  std::string unit;         ///< "USD", "GPU-hours", "days", "ratio", "FLOP/s", ...
  double rounding = 0;      ///< half-width of the published figure's rounding, in `unit`
  ClaimOp op = ClaimOp::published;
  std::vector<std::string> inputs;  ///< ids of the input claims
  double scale = 1;         ///< constant factor of the formula (e.g. 1/24 h per day)
  std::string formula;      ///< in words, e.g. "2,788K GPU-h × $2/GPU-h"
  Provenance source;        ///< where the figure is published (with grade)
};

/// Every claim, in file order (files sorted by name).
const std::vector<Claim>& claims();

/// The claim `id`. Throws not_found [llmcost.claims.unknown_claim] with the closest ids.
const Claim& claim(std::string_view id);

/// The claim's value recomputed from its inputs' published values (its own value for
/// op = published).
double recompute(const Claim& c);

}  // namespace llmcost
