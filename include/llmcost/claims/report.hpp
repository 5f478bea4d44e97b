#pragma once
// File: llmcost/claims/report.hpp
//
// A reproduction report: what `llmcost reproduce <id>` prints. It has three parts,
// the same for every published claim:
//   1. claims      — each published number recomputed from its published inputs, with delta;
//   2. derivation  — a first-principles re-derivation (named values with units and notes);
//   3. challenges  — named what-if scenarios, each with its assumptions, sources and verdict.
// JSON shape (stable; keys carry units where the value has one):
//   {"id", "title", "claims": [{"id","description","published","reproduced","unit","source","delta",
//    "relative_delta","formula"}...], "derivation": [{"id","label","value","unit","note"}...],
//    "challenges": [{"id","title","assumptions":[...],"sources":[...],"cost_usd", "values":[...],
//    "verdict"}...], "notes": [...]}
//
//   Report r{"deepseek-v3", "DeepSeek-V3 training cost"};
//   r.claims.push_back(check("total_cost", "Total", 5.576e6, 2.788e6 * 2.0, "USD", prov, "GPU-h × $/GPU-h"));
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/provenance.hpp"

namespace llmcost {

/// One published number and its recomputation from the published inputs.
struct ClaimCheck {
  std::string id;           ///< stable id within the report, e.g. "pretrain_cost"
  std::string description;  ///< e.g. "Pre-training cost at $2/GPU-hour"
  double published = 0;     ///< the number as published, in `unit`
  double reproduced = 0;    ///< recomputed from the published inputs, in `unit`
  std::string unit;         ///< e.g. "USD", "GPU-hours", "days", "ratio"
  std::string formula;      ///< how it was recomputed, e.g. "2,664K GPU-h × $2/GPU-h"
  Provenance source;        ///< where the published number appears
  /// Absolute tolerance due to the rounding of the published figure (e.g. 0.005e6 for "$5.58M").
  double rounding = 0;
  [[nodiscard]] double delta() const { return reproduced - published; }
  [[nodiscard]] double relative_delta() const { return published != 0 ? delta() / published : 0.0; }
  /// |delta| within the rounding of the published figure.
  [[nodiscard]] bool reproduced_exactly() const;
};

/// A named value in a derivation, e.g. implied MFU.
struct DerivedValue {
  std::string id;     ///< e.g. "implied_mfu_bf16"
  std::string label;  ///< e.g. "Implied MFU (BF16 peak)"
  double value = 0;   ///< in `unit`
  std::string unit;   ///< e.g. "ratio", "FLOP", "GPU-hours"
  std::string note;   ///< comparison or source, e.g. "measured 38.94% (ISCA '25 Table 4)"
};

/// A what-if scenario challenging the claim.
struct Challenge {
  std::string id;                        ///< e.g. "a100_counterfactual"
  std::string title;                     ///< e.g. "Same run on High-Flyer's 10,000 A100s"
  std::vector<std::string> assumptions;  ///< each stated in words with its value
  std::vector<Provenance> sources;       ///< sources of the assumptions
  std::optional<double> cost_usd;        ///< headline cost, when the challenge has one
  std::vector<DerivedValue> values;      ///< other outputs (days, GPU-hours, ...)
  std::string verdict;                   ///< one line
};

/// A whole reproduction report.
struct Report {
  std::string id;     ///< e.g. "deepseek-v3"
  std::string title;  ///< e.g. "DeepSeek-V3 training cost ($5.576M)"
  std::vector<ClaimCheck> claims;
  std::vector<DerivedValue> derivation;
  std::vector<Challenge> challenges;
  std::vector<std::string> notes;
  std::string verdict;  ///< one-line summary for `llmcost reproduce` (no id)
};

/// The Reproduction part of a report: one ClaimCheck per claim (claims/claim.hpp) whose id
/// starts with "<report_id>." and that has a formula (op ≠ published). Throws not_found
/// [llmcost.claims.unknown_claim] when no claim has that prefix.
std::vector<ClaimCheck> reproduce_claims(std::string_view report_id);

/// The report as JSON (shape in the file comment).
std::string to_json(const Report& r, int indent = 2);
/// The report as human-readable text (tables), for the terminal. Published figures print at
/// their published precision (format_published: "$562,027", "545%"), reproduced ones with
/// four significant digits; columns are as wide as their widest entry.
std::string to_text(const Report& r);

}  // namespace llmcost
