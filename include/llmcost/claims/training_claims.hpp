#pragma once
// File: llmcost/claims/training_claims.hpp
//
// The DeepSeek-V3 training-cost report (`llmcost reproduce deepseek-v3`, what `make demo`
// shows first):
//  (1) Reproduction — every DeepSeek-V3 Technical Report Table 1 figure (and R1's RL stage)
//      recomputed from its published inputs (data/claims/*.toml), with delta;
//  (2) Re-derivation — architecture FLOPs (ISCA '25 Table 2 convention) × tokens on 2,048
//      H800, the implied MFU on BF16 and FP8 peaks against the measured 38.94%, then a
//      prediction with the default efficiency model against the published GPU-hours;
//  (3) Challenges — A100 (High-Flyer's 10,000) and H100 counterfactuals, owning the cluster,
//      the full-program cost, R1's RL stage on top, and the reported fleets as annual TCO.
//
//   Report r = deepseek_v3_report();
//   std::cout << to_text(r);
#include "llmcost/claims/report.hpp"

namespace llmcost {

class Catalog;

/// The DeepSeek-V3 "$5.576M" report. Deterministic; every input is sourced.
Report deepseek_v3_report();
/// The same with the chips (H800, H100, A100 PCIe 40GB) read from `catalog`; the reported fleets
/// keep the built-in figures.
Report deepseek_v3_report(const Catalog& catalog);

}  // namespace llmcost
