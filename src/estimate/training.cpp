// JSON form of a TrainingEstimate (shared by the CLI and Python's to_dict()).
#include "llmcost/estimate/training.hpp"

#include <nlohmann/json.hpp>

namespace llmcost {
namespace {

using ojson = nlohmann::ordered_json;

ojson cost_json(const CostBreakdown& c) {
  return {{"total_usd", detail::to_raw(c.total())},      {"rental_usd", detail::to_raw(c.rental)},
          {"hardware_usd", detail::to_raw(c.hardware)},  {"capital_usd", detail::to_raw(c.capital)},
          {"power_usd", detail::to_raw(c.power)},        {"facility_usd", detail::to_raw(c.facility)},
          {"maintenance_usd", detail::to_raw(c.maintenance)}};
}

ojson opt(const std::optional<Ratio>& r) { return r ? ojson(detail::to_raw(*r)) : ojson(nullptr); }

ojson phase_json(const PhaseEstimate& p) {
  return {{"name", p.name},
          {"tokens", detail::to_raw(p.tokens)},
          {"flop", detail::to_raw(p.flops)},
          {"gpu_hours", in_gpu_hours(p.gpu_hours)},
          {"wall_clock_s", detail::to_raw(p.wall_clock)},
          {"wall_clock_days", in_days(p.wall_clock)},
          {"implied_mfu_bf16", opt(p.implied_mfu_bf16)},
          {"implied_mfu_fp8", opt(p.implied_mfu_fp8)},
          {"tokens_per_s_per_gpu", detail::to_raw(p.tokens_per_s_per_gpu)},
          {"cost", cost_json(p.cost)}};
}

}  // namespace

std::string to_json(const TrainingEstimate& e, int indent) {
  ojson phases = ojson::array();
  for (const auto& p : e.phases) phases.push_back(phase_json(p));
  ojson j{{"gpus", detail::to_raw(e.gpus)},
          {"price_usd_per_gpu_hour", in_usd_per_gpu_hour(e.price)},
          {"phases", std::move(phases)},
          {"total", phase_json(e.total)}};
  return j.dump(indent);
}

}  // namespace llmcost
