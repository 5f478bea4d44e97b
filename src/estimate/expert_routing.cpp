#include "llmcost/estimate/expert_routing.hpp"

#include <boost/math/distributions/normal.hpp>

namespace llmcost {

double expert_load_imbalance(double tokens, double top_k, double experts, double gpus, double redundant) noexcept {
  if (!(gpus > 1) || !(tokens > 0) || !(experts > 0) || !std::isfinite(tokens * top_k * gpus)) return 1;
  const double mean = tokens * top_k / gpus;
  const double experts_per_gpu = std::min(experts, (experts + std::max(0.0, redundant)) / gpus);
  const double share = std::clamp(experts_per_gpu / experts, 0.0, 1.0);
  const double spread = std::clamp(1 - std::max(0.0, redundant) / (2 * experts), 0.5, 1.0);
  const double sd = std::sqrt(mean * (1 - share) * spread);
  static const boost::math::normal_distribution<double> standard(0.0, 1.0);
  const double z = boost::math::quantile(standard, (gpus - 0.375) / (gpus + 0.25));
  return 1 + std::max(0.0, z) * sd / mean;
}

}  // namespace llmcost
