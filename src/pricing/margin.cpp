#include "llmcost/pricing/margin.hpp"

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/pricing/task_profile.hpp"

namespace llmcost {

Margin margin_against(const ApiPrice& price, Tokens input_per_day, Ratio cached_fraction, Tokens output_per_day,
                      Usd cost_per_day) {
  constexpr std::string_view tag = "llmcost.inference.traffic";
  detail::require_in_range(detail::to_raw(input_per_day), 0, detail::kMaxTokensPerDay, "input_tokens_per_day", tag);
  detail::require_in_range(detail::to_raw(output_per_day), 0, detail::kMaxTokensPerDay, "output_tokens_per_day", tag);
  detail::require_fraction(detail::to_raw(cached_fraction), "cached_fraction", "llmcost.pricing.cached_fraction");
  detail::require_positive(detail::to_raw(cost_per_day), "cost_per_day_usd", tag);
  // A day's traffic bills like one large task without reasoning tokens.
  const Usd revenue = task_cost_unchecked(TokenMix{input_per_day, cached_fraction, output_per_day, token_count(0)}, price);
  const Margin m{revenue, cost_per_day, (revenue - cost_per_day) / cost_per_day};
  for (const double v : {detail::to_raw(m.revenue), detail::to_raw(m.margin)})
    detail::require_finite_result(v, "the margin", "the tokens per day, the API prices and 1/cost_per_day_usd",
                                  "llmcost.inference.overflow");
  return m;
}

}  // namespace llmcost
