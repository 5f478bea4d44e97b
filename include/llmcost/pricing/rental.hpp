#pragma once
// File: llmcost/pricing/rental.hpp
//
// Rental pricing: a price per GPU-hour and where it comes from. The cost of a run is
//   cost [USD] = GPU-hours × price [USD/GPU-h].
// DeepSeek-V3's $5.576M is exactly this with 2,788K H800 GPU-hours × $2/GPU-hour
// (DeepSeek-V3 Technical Report, arXiv:2412.19437, Table 1) — an assumed rental price,
// not a market quote.
//
//   RentalPricing p = deepseek_rental_assumption();     // $2/GPU-h, primary
//   Usd c = p.cost(gpu_hours(2.788e6));                 // $5.576M
//   RentalPricing mine = rental_pricing(usd_per_gpu_hour(2.35));
#include <string>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// A rental price per GPU-hour with its provenance.
struct RentalPricing {
  UsdPerGpuHour price{};  ///< [USD/GPU-h], finite and > 0
  Provenance source;      ///< where the price comes from (grade weak when unsourced)

  /// Cost of `work` at this price [USD]. Throws invalid_input [llmcost.pricing.invalid_price]
  /// when the price is outside (0, 1e4] USD/GPU-hour, [llmcost.pricing.invalid_gpu_hours] when
  /// `work` < 0 or not finite, out_of_domain [llmcost.pricing.overflow] when the product is not finite.
  [[nodiscard]] Usd cost(GpuHours work) const {
    detail::require_positive_up_to(in_usd_per_gpu_hour(price), detail::kMaxPriceUsdPerGpuHour,
                                   "price_usd_per_gpu_hour", "llmcost.pricing.invalid_price");
    detail::require_non_negative(in_gpu_hours(work), "gpu_hours", "llmcost.pricing.invalid_gpu_hours");
    const Usd c = work * price;
    detail::require_finite_result(detail::to_raw(c), "the rental cost", "gpu_hours and price_usd_per_gpu_hour",
                                  "llmcost.pricing.overflow");
    return c;
  }
};

/// A rental price, validated. `source` defaults to an unsourced (weak) user input.
/// Throws invalid_input [llmcost.pricing.invalid_price] unless in (0, 1e4] USD/GPU-hour.
inline RentalPricing rental_pricing(UsdPerGpuHour price, Provenance source = {}) {
  detail::require_positive_up_to(in_usd_per_gpu_hour(price), detail::kMaxPriceUsdPerGpuHour,
                                 "price_usd_per_gpu_hour", "llmcost.pricing.invalid_price");
  if (source.citation.empty()) {
    source.source_id = "user";
    source.citation = "user-supplied rental price";
    source.grade = Grade::weak;
  }
  return RentalPricing{price, std::move(source)};
}

/// DeepSeek's $2/H800-hour assumption (V3 Technical Report Table 1; reused in the
/// 2025-03-01 inference-system disclosure). Graded primary as "what DeepSeek assumed".
inline RentalPricing deepseek_rental_assumption() {
  Provenance p;
  p.source_id = "dsv3-tr";
  p.citation = "DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv:2412.19437, Table 1";
  p.url = "https://arxiv.org/abs/2412.19437";
  p.source_date = "2024-12-27";
  p.grade = Grade::primary;
  p.note = "assumed rental price of an H800, not a market quote";
  p.as_of = "2024-12";
  return RentalPricing{usd_per_gpu_hour(2.0), std::move(p)};
}

}  // namespace llmcost
