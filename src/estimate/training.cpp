// JSON form of a TrainingEstimate (shared by the CLI and Python's to_dict()).
#include "llmcost/estimate/training.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llmcost/format.hpp"
#include "estimate/training_json.hpp"

namespace llmcost {
namespace {

using ojson = nlohmann::ordered_json;

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
          {"cost", detail::cost_json(p.cost)},
          {"efficiency", detail::efficiency_json(p.efficiency)}};
}

}  // namespace

ojson detail::cost_json(const CostBreakdown& c) {
  return {{"total_usd", detail::to_raw(c.total())},      {"rental_usd", detail::to_raw(c.rental)},
          {"hardware_usd", detail::to_raw(c.hardware)},  {"capital_usd", detail::to_raw(c.capital)},
          {"power_usd", detail::to_raw(c.power)},        {"facility_usd", detail::to_raw(c.facility)},
          {"maintenance_usd", detail::to_raw(c.maintenance)}};
}

ojson detail::efficiency_json(const Efficiency& eff) {
  ojson j;
  if (const auto* m = std::get_if<Mfu>(&eff)) {
    j = {{"kind", "mfu"}, {"mfu", detail::to_raw(m->value)}, {"mfu_basis", std::string(to_string(m->basis))},
         {"source", m->source}};
  } else if (const auto* t = std::get_if<MeasuredThroughput>(&eff)) {
    j = {{"kind", "tokens_per_s_per_gpu"}, {"tokens_per_s_per_gpu", detail::to_raw(t->per_gpu)}, {"source", t->source}};
  } else {
    const auto& g = std::get<GivenGpuHours>(eff);
    j = {{"kind", "gpu_hours"}, {"gpu_hours", in_gpu_hours(g.value)}, {"source", g.source}};
  }
  j["description"] = describe(eff);
  return j;
}

std::string describe(const Efficiency& eff) {
  auto with_source = [](std::string text, const std::string& source) {
    return source.empty() ? text + " (stated)" : text + " (" + source + ")";
  };
  if (const auto* m = std::get_if<Mfu>(&eff)) {
    return with_source(fmt::format("MFU {:.2f}% of the {} peak", detail::to_raw(m->value) * 100, to_string(m->basis)),
                       m->source);
  }
  if (const auto* t = std::get_if<MeasuredThroughput>(&eff)) {
    return with_source(fmt::format("{:.6g} tokens/s per GPU", detail::to_raw(t->per_gpu)), t->source);
  }
  const auto& g = std::get<GivenGpuHours>(eff);
  return with_source(fmt::format("{:.6g} GPU-hours given", in_gpu_hours(g.value)), g.source);
}

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
