#pragma once
// JSON pieces shared by the training serializers (TrainingEstimate and TrainingResult): one
// writer per piece, so both documents spell an efficiency and a cost breakdown the same way.
#include <nlohmann/json.hpp>

#include "llmcost/estimate/training.hpp"

namespace llmcost::detail {

/// {"kind", "mfu" | "tokens_per_s_per_gpu" | "gpu_hours", ..., "source", "description"}.
nlohmann::ordered_json efficiency_json(const Efficiency& e);
/// {"total_usd", "rental_usd", "hardware_usd", "capital_usd", "power_usd", "facility_usd", "maintenance_usd"}.
nlohmann::ordered_json cost_json(const CostBreakdown& c);

}  // namespace llmcost::detail
