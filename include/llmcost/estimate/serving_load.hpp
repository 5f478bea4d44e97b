#pragma once
// File: llmcost/estimate/serving_load.hpp
//
// From steady-state serving rates to 24-hour averages. A fleet that follows a daily load does
// not run every node at its steady-state rate: at the daily peak it serves at `peak_utilisation`
// of the steady state (headroom for bursts and latency targets), and off-peak the load falls
// faster than the fleet shrinks. With the load a cosine between its trough and its peak,
//   L(t) = L_peak · (1 − (1 − ρ)·(1 − cos 2πt/24 h)/2),   mean L / L_peak = (1 + ρ)/2,
// and the fleet scaled between its peak and its 24-hour average node count (DeepSeek Day 6:
// 278 peak, 226.75 average; nodes move to research and training at night), each node serves
// on average
//   r_24h / r_steady = u_peak · (mean L / L_peak) / (mean nodes / peak nodes)
// (capped at u_peak: a fleet never serves more than its peak utilisation). ρ and u_peak are
// assumptions unless the user states them; the result lists each with its source or the word
// "assumption".
//
//   LoadAverage a = daily_load_average({.trough_to_peak = ratio(0.5)}, {.peak_nodes = 278, .average_nodes = 226.75});
//   a.served_fraction;   // per-node 24 h average ÷ steady-state rate
#include <algorithm>
#include <string>
#include <vector>

#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The shape of a day's load.
struct DiurnalLoad {
  Ratio trough_to_peak = ratio(0.5);  ///< ρ: load at the daily trough ÷ at the peak, in (0, 1]
  std::string source = "assumption";  ///< where ρ comes from
};

/// How the fleet follows it.
struct FleetPolicy {
  double peak_nodes = 0;             ///< nodes serving at the daily peak
  double average_nodes = 0;          ///< 24-hour average of nodes serving (≤ peak)
  Ratio peak_utilisation = ratio(1); ///< u_peak: rate at the peak ÷ steady-state rate, in (0, 1]
  std::string nodes_source = "assumption";
  std::string utilisation_source = "assumption";
};

/// The 24-hour average a node serves, relative to its steady-state rate.
struct LoadAverage {
  Ratio load_mean_over_peak;   ///< (1 + ρ)/2
  Ratio nodes_mean_over_peak;  ///< average ÷ peak nodes
  Ratio served_fraction;       ///< per-node 24 h average ÷ steady-state rate
  std::vector<std::string> assumptions;  ///< each input with its source or "assumption"
};

/// Throws invalid_input [llmcost.inference.load] for ρ or u_peak outside (0, 1], or node counts
/// not with 0 < average ≤ peak ≤ 1e7.
inline LoadAverage daily_load_average(const DiurnalLoad& load, const FleetPolicy& fleet) {
  constexpr std::string_view tag = "llmcost.inference.load";
  const double rho = detail::to_raw(load.trough_to_peak);
  const double u = detail::to_raw(fleet.peak_utilisation);
  detail::require_positive_up_to(rho, 1, "trough_to_peak", tag);
  detail::require_positive_up_to(u, 1, "peak_utilisation", tag);
  detail::require_positive_up_to(fleet.peak_nodes, 1e7, "peak_nodes", tag);
  LLMCOST_REQUIRE(std::isfinite(fleet.average_nodes) && fleet.average_nodes > 0 &&
                      fleet.average_nodes <= fleet.peak_nodes,
                  invalid_input, std::string(tag), "average_nodes = ", fleet.average_nodes,
                  " must lie in (0, peak_nodes = ", fleet.peak_nodes, "]");
  LoadAverage a;
  const double load_ratio = (1 + rho) / 2;
  const double node_ratio = fleet.average_nodes / fleet.peak_nodes;
  a.load_mean_over_peak = ratio(load_ratio);
  a.nodes_mean_over_peak = ratio(node_ratio);
  a.served_fraction = ratio(u * std::min(1.0, load_ratio / node_ratio));
  a.assumptions = {
      detail::concat("daily load: a cosine between trough and peak, trough/peak = ", rho, " (", load.source, ")"),
      detail::concat("nodes: ", fleet.peak_nodes, " at the peak, ", fleet.average_nodes, " on average (",
                     fleet.nodes_source, ")"),
      detail::concat("utilisation at the daily peak: ", u, " of the steady-state rate (", fleet.utilisation_source, ")")};
  return a;
}

}  // namespace llmcost
