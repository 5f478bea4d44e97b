#pragma once
// File: llmcost/estimate/expert_routing.hpp
//
// Where a mixture-of-experts layer's tokens go, for training and serving alike (one formula,
// used by estimate/step_time.cpp and estimate/inference.cpp):
//
//   * copies per token over each link of expert parallelism across `ranks` GPUs,
//     `ranks_per_node` of them in one scale-up domain:
//       one node:   k·(1 − 1/ranks) copies over the scale-up link;
//       n nodes:    one copy per REMOTE target node over the scale-out NIC, then forwarded in
//                   the node: m·(1 − 1/n) over scale-out and k·(1 − 1/ranks_per_node) over
//                   scale-up, where m = min(node limit, n, k) with node-limited routing
//                   (DeepSeek-V3: ≤ 4 nodes per token) and otherwise the expected number of
//                   distinct nodes among k uniform picks, n·(1 − (1 − 1/n)^k). A 4-node unit with
//                   a 4-node limit therefore sends 3 remote copies, not 4: the token's own node
//                   is reached over NVLink;
//   * experts a batch touches: E·(1 − (1 − k/E)^T) for T tokens routed uniformly;
//   * load imbalance: the expected maximum over G GPUs of the routed tokens each GPU receives,
//     ÷ their mean. Each GPU's count is binomial with mean μ = T·k/G and variance
//     μ·(1 − e/E)·s (e experts per GPU); the expected maximum of G such counts is taken as
//     μ + σ·Φ⁻¹((G − 0.375)/(G + 0.25)) (Blom's approximation to normal order statistics,
//     Blom 1958). Redundant experts (DeepSeek's EPLB: each of r extra slots holds a second copy
//     of a busy expert, and its tokens split between the two copies) scale the variance by
//     s = 1 − r/(2E). Uniform routing is the OPTIMISTIC case: real routers are skewed, which
//     redundant experts exist to correct; the factor is ≥ 1 by construction.
//
//   ExpertCopies c = expert_copies_per_token(32, 8, 8, 4);   // c.scale_out = 3, c.scale_up = 7
//   double f = expert_load_imbalance(64 * 144, 8, 256, 144, 32);
#include <algorithm>
#include <cmath>

namespace llmcost {

/// Copies of one token's hidden state that cross each link in an expert-parallel all-to-all.
struct ExpertCopies {
  double scale_up = 0;   ///< over the scale-up link (NVLink): in-node copies and forwarding
  double scale_out = 0;  ///< over the scale-out NIC: one per remote target node
};

/// Copies per token for expert parallelism over `ranks` GPUs, `ranks_per_node` per scale-up
/// domain, `top_k` experts per token, at most `max_nodes_per_token` target nodes (0 = no limit).
/// Inputs are validated by the callers (ranks, ranks_per_node, top_k ≥ 1).
inline ExpertCopies expert_copies_per_token(double ranks, double ranks_per_node, double top_k,
                                            int max_nodes_per_token) noexcept {
  ExpertCopies c;
  if (ranks <= 1) return c;
  const double per_node = std::min(ranks_per_node, ranks);
  const double nodes = std::ceil(ranks / per_node);
  if (nodes <= 1) {
    c.scale_up = top_k * (1 - 1 / ranks);
    return c;
  }
  const double distinct = nodes * (1 - std::pow(1 - 1 / nodes, top_k));
  const double targets = max_nodes_per_token > 0
                             ? std::min({static_cast<double>(max_nodes_per_token), nodes, top_k})
                             : distinct;
  c.scale_out = targets * (1 - 1 / nodes);
  c.scale_up = top_k * (1 - 1 / per_node);
  return c;
}

/// Expected number of distinct experts (of `experts`) that `tokens` tokens touch when each
/// picks `top_k` uniformly: E·(1 − (1 − k/E)^T).
inline double expected_touched_experts(double tokens, double top_k, double experts) noexcept {
  if (experts <= 0 || tokens <= 0) return 0;
  return experts * (1 - std::pow(1 - std::min(top_k, experts) / experts, tokens));
}

/// Expected maximum over `gpus` of the routed tokens per GPU ÷ their mean, for `tokens`
/// tokens (the whole expert-parallel group's batch) each sent to `top_k` of `experts`
/// experts spread evenly over the GPUs, with `redundant` extra expert slots. The result is ≥ 1
/// (exactly 1 with one GPU); Φ⁻¹ is Boost.Math's normal quantile.
double expert_load_imbalance(double tokens, double top_k, double experts, double gpus, double redundant = 0) noexcept;

}  // namespace llmcost
