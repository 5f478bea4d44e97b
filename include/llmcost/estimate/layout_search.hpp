#pragma once
// File: llmcost/estimate/layout_search.hpp
//
// Exhaustive search over parallel layouts (layout.hpp) with the step-time model
// (step_time.hpp): every TP (divisor of the GPUs, ≤ GPUs per node), CP (1, 2, 4, 8, 16),
// PP (≤ layers), EP (divisors of the experts within DP × CP), micro-batch size (every divisor of
// the sequences per replica), schedule
// (1F1B, interleaved v = 2/4, DualPipe), recompute mode and ZeRO stage, within a bound on the
// number of layouts and on the time (LayoutSearchOptions::max_candidates, time_limit). A layout is
// rejected when it breaks a constraint (the check_layout tag) or does not fit in HBM
// (llmcost.layout.out_of_memory). Returns the fastest layout, the Pareto set of step time
// against memory headroom, and counts. Runs on std::threads; the output does not depend on
// the thread count (results are merged in enumeration order; ties broken by layout name).
//
//   auto r = search_layouts(workload, step_cluster(chip("H800"), gpu_count(2048)));
//   r.fastest->step_time; r.pareto.size(); r.evaluated; r.rejected;
#include <optional>
#include <string>
#include <vector>

#include "llmcost/estimate/step_time.hpp"

namespace llmcost {

/// What the search may vary and the fixed parts of every layout.
struct LayoutSearchOptions {
  /// Micro-batch sizes to try; empty (the default): every divisor of the sequences per
  /// data-parallel replica (global batch / DP), so a batch of 3 × DP finds micro-batch 3.
  std::vector<int> micro_batch_sizes{};
  std::vector<int> context_parallel{1, 2, 4, 8, 16};
  std::vector<int> virtual_stages{2, 4};          ///< tried with the interleaved schedule
  bool allow_dualpipe = true;
  /// Megatron sequence parallelism: stated, it holds for every layout; absent, on where TP > 1.
  std::optional<bool> sequence_parallel;
  PrecisionPolicy precision{};
  Ratio dualpipe_comm_sm_fraction = ratio(kDualPipeCommSmFraction);  ///< DeepSeek-V3 §3.2.2
  int threads = 0;                                ///< 0: std::thread::hardware_concurrency()
  std::size_t max_pareto = 64;                    ///< cap on the returned Pareto set
  /// Most layouts the search may enumerate (DeepSeek-V3 on 2,048 GPUs: about 1e5). Counted before
  /// any is evaluated; above it the search throws [llmcost.search.limit] at once.
  long long max_candidates = 100'000'000;
  /// Longest the search may run (DeepSeek-V3 on 2,048 GPUs: about 0.1 s); past it the search stops
  /// and throws [llmcost.search.limit].
  Seconds time_limit = seconds(300);
};

/// Rejections with one reason (a stable tag).
struct RejectionCount {
  std::string tag;  ///< e.g. "llmcost.layout.out_of_memory"
  long long count = 0;
};

/// The search result.
struct LayoutSearchResult {
  std::optional<StepTimeEstimate> fastest;  ///< absent when nothing fits
  std::vector<StepTimeEstimate> pareto;     ///< by step time ascending; headroom strictly rising
  long long evaluated = 0;                  ///< layouts enumerated
  long long feasible = 0;                   ///< valid and fitting in HBM
  long long rejected = 0;                   ///< evaluated − feasible
  std::vector<RejectionCount> rejections;   ///< by tag, sorted by tag
  std::vector<DefaultUsed> defaults;        ///< the cluster's stated defaults (StepCluster::defaults)
};

/// Searches every layout of `w` on `c`. Throws invalid_input [llmcost.step_time.invalid] for a
/// bad workload/cluster or [llmcost.search.invalid] for bad options, and out_of_domain
/// [llmcost.search.limit] when the search would exceed `max_candidates` layouts or ran past
/// `time_limit`: the message names the limit and how to raise it. A search never returns a
/// partial result: its fastest layout and Pareto set are claims about the whole space, and a
/// cut-off one would depend on the machine's speed and the thread count.
LayoutSearchResult search_layouts(const TrainingWorkload& w, const StepCluster& c,
                                  const LayoutSearchOptions& options = {});

/// The result as JSON (counts, rejections, fastest, pareto, defaults).
std::string to_json(const LayoutSearchResult& r, int indent = 2);

}  // namespace llmcost
