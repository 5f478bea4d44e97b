#pragma once
// File: llmcost/pricing/task_profile.hpp
//
// Task profiles: how many tokens one task bills, so that API prices can be compared
// per task rather than per token. A task has input tokens (a fraction of them served
// from the prompt cache), visible output tokens and, for reasoning models, hidden
// reasoning tokens billed as output. Counts can differ per model (a reasoning model
// thinks for a different number of tokens on each task), so a profile has a default
// mix and per-model overrides keyed by `ApiPrice::model`.
//
//   cost = input × (f × p_hit + (1 − f) × p_miss) + (output + reasoning) × p_out
//
// Shipped profiles (data/task_profiles.toml) state their assumptions; most are graded
// weak: per-task token counts for R1 vs o1 on the same benchmark were not collected
// publicly, so by default both reasoning models get the same counts
// and `with_tokens_for` builds the "R1 thinks k× longer" variants.
//
//   const TaskProfile& chat = llmcost::task_profile("chat");
//   Ratio r = price_ratio(chat, api_price("o1"), api_price("deepseek-r1"));   // ≈ 28×
//   RatioRange g = price_ratio_grid(api_price("o1"), api_price("deepseek-r1"));  // 27.3× … 53.6×
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llmcost/detail/names.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/units.hpp"

namespace llmcost {

/// The tokens one task bills on one model.
struct TokenMix {
  Tokens input;           ///< prompt tokens incl. system prompt and history [tok]
  Ratio cached_fraction;  ///< share of `input` served from the prompt cache, in [0, 1]
  Tokens output;          ///< visible output tokens [tok]
  Tokens reasoning;       ///< hidden reasoning tokens (reasoning models only) [tok]
};

namespace detail {
inline constexpr double kMaxTaskTokens = 1e12;     ///< tokens of one task (a long agent run: ~1e7)
inline constexpr double kMaxApiUsdPerMtok = 1e4;   ///< an API price (o1 output: $60/Mtok)

/// A hand-built price sheet must hold prices a file could: finite, in [0, 1e4] USD per million
/// tokens. Throws invalid_input [llmcost.pricing.invalid_price].
inline void validate_api_prices(const ApiPrice& p) {
  constexpr std::string_view tag = "llmcost.pricing.invalid_price";
  for (const auto& [name, v] : {std::pair{"input_cache_hit_usd_per_mtok", p.input_cache_hit.value},
                                std::pair{"input_cache_miss_usd_per_mtok", p.input_cache_miss.value},
                                std::pair{"output_usd_per_mtok", p.output.value}})
    require_in_range(in_usd_per_mtok(v), 0, kMaxApiUsdPerMtok, name, tag);
}
}  // namespace detail

/// Checks a mix: token counts in [0, 1e12] (invalid_input [llmcost.pricing.tokens]),
/// cached fraction in [0, 1] (out_of_domain [llmcost.pricing.cached_fraction]).
inline void validate(const TokenMix& mix) {
  constexpr std::string_view tag = "llmcost.pricing.tokens";
  detail::require_in_range(detail::to_raw(mix.input), 0, detail::kMaxTaskTokens, "input_tokens", tag);
  detail::require_in_range(detail::to_raw(mix.output), 0, detail::kMaxTaskTokens, "output_tokens", tag);
  detail::require_in_range(detail::to_raw(mix.reasoning), 0, detail::kMaxTaskTokens, "reasoning_tokens", tag);
  detail::require_fraction(detail::to_raw(mix.cached_fraction), "cached_fraction",
                           "llmcost.pricing.cached_fraction");
}

/// A named task with its token mix and assumptions.
struct TaskProfile {
  std::string id;                        ///< e.g. "chat"
  std::string title;                     ///< e.g. "Multi-turn chat"
  std::vector<std::string> assumptions;  ///< each stated in words
  Grade grade = Grade::weak;             ///< weakest grade of its numbers
  std::vector<Provenance> sources;       ///< sources of its numbers
  TokenMix mix;                          ///< default mix (reasoning applies to reasoning models)
  std::vector<std::pair<std::string, TokenMix>> per_model;  ///< ApiPrice::model -> mix

  /// The mix billed on `price`: the per-model override for `price.model` if any, else
  /// the default mix with reasoning tokens dropped for non-reasoning models.
  [[nodiscard]] TokenMix mix_for(const ApiPrice& price) const {
    const std::string family = detail::normalize_name(price.model);
    for (const auto& [model, m] : per_model)
      if (detail::normalize_name(model) == family) return m;
    TokenMix m = mix;
    if (!price.reasoning_model) m.reasoning = token_count(0);
    return m;
  }
};

/// A copy of `profile` where model family `model` bills `mix` (replacing any override).
/// Throws like validate().
TaskProfile with_tokens_for(const TaskProfile& profile, const std::string& model, const TokenMix& mix);

/// USD for one task with `mix` under `price` (formula in the file comment). Reasoning tokens
/// are billed at the output price when `price.reasoning_billed_as_output`, otherwise not
/// billed. Validates `mix` (validate()) and the prices (invalid_input
/// [llmcost.pricing.invalid_price] outside [0, 1e4] USD/Mtok); out_of_domain
/// [llmcost.pricing.overflow] when the cost is not finite.
inline Usd cost_per_task(const TokenMix& mix, const ApiPrice& price) {
  validate(mix);
  detail::validate_api_prices(price);
  const double f = detail::to_raw(mix.cached_fraction);
  const UsdPerToken input_price = f * price.input_cache_hit.value + (1.0 - f) * price.input_cache_miss.value;
  Tokens billed_output = mix.output;
  if (price.reasoning_billed_as_output) billed_output += mix.reasoning;
  const Usd cost = mix.input * input_price + billed_output * price.output.value;
  detail::require_finite_result(detail::to_raw(cost), "the cost per task", "the token counts and the API prices",
                                "llmcost.pricing.overflow");
  return cost;
}
/// USD for one task of `profile` under `price` (uses `profile.mix_for(price)`).
inline Usd cost_per_task(const TaskProfile& profile, const ApiPrice& price) {
  return cost_per_task(profile.mix_for(price), price);
}

/// How many times dearer `numerator` is than `denominator` for one task of `profile`.
/// Throws invalid_input [llmcost.pricing.zero_cost] when the task costs $0 under `denominator`.
inline Ratio price_ratio(const TaskProfile& profile, const ApiPrice& numerator, const ApiPrice& denominator) {
  const Usd den = cost_per_task(profile, denominator);
  LLMCOST_REQUIRE(detail::to_raw(den) > 0, invalid_input, "llmcost.pricing.zero_cost", "task ",
                  detail::quoted(profile.id), " costs $0 under ", detail::quoted(denominator.id),
                  "; the ratio is undefined (no billed tokens)");
  const Ratio r = cost_per_task(profile, numerator) / den;
  detail::require_finite_result(detail::to_raw(r), "the price ratio",
                                "the numerator's prices and the inverse of the denominator's cost per task",
                                "llmcost.pricing.overflow");
  return r;
}

/// A range of price ratios with where each end is reached.
struct RatioRange {
  Ratio low;
  Ratio high;
  std::string low_at;   ///< profile id or grid point of the minimum
  std::string high_at;  ///< profile id or grid point of the maximum
};

/// Min and max of price_ratio over `profiles`. Throws invalid_input [llmcost.pricing.no_profiles]
/// when empty.
inline RatioRange price_ratio_range(const std::vector<TaskProfile>& profiles, const ApiPrice& numerator,
                                    const ApiPrice& denominator) {
  LLMCOST_REQUIRE(!profiles.empty(), invalid_input, "llmcost.pricing.no_profiles",
                  "price_ratio_range needs at least one task profile");
  RatioRange r{ratio(INFINITY), ratio(-INFINITY), {}, {}};
  for (const auto& p : profiles) {
    const Ratio x = price_ratio(p, numerator, denominator);
    if (x < r.low) {
      r.low = x;
      r.low_at = p.id;
    }
    if (x > r.high) {
      r.high = x;
      r.high_at = p.id;
    }
  }
  return r;
}

/// Min and max of the ratio over a grid of token mixes billed identically on both sides:
/// output share of billed tokens s ∈ [0, 1] and cached fraction f ∈ [0, 1], `steps` points
/// each (>= 2). The extremes lie at the grid corners, i.e. the three list-price ratios.
RatioRange price_ratio_grid(const ApiPrice& numerator, const ApiPrice& denominator, int steps = 11);

/// An immutable set of task profiles with name lookup.
class TaskProfiles {
 public:
  TaskProfiles() = default;
  explicit TaskProfiles(std::vector<TaskProfile> entries);
  /// The built-in profiles (embedded data/task_profiles.toml).
  static const TaskProfiles& builtin();
  /// Parses profile TOML; throws invalid_input [llmcost.pricing.invalid_profile_file]
  /// listing every problem as origin:line:col (a cached fraction outside [0, 1] included).
  static TaskProfiles from_toml(std::string_view text, std::string_view origin);
  /// Reads a file; io_error [llmcost.io.read] when unreadable.
  static TaskProfiles from_file(const std::filesystem::path& path);
  /// Throws not_found [llmcost.pricing.unknown_task_profile] with the closest ids.
  [[nodiscard]] const TaskProfile& find(std::string_view id) const;
  [[nodiscard]] const std::vector<TaskProfile>& all() const noexcept { return entries_; }

 private:
  std::vector<TaskProfile> entries_;
};

/// Looks `id` up in the built-in profiles. Throws not_found.
const TaskProfile& task_profile(std::string_view id);

/// The profile as JSON (token counts in tokens, cached_fraction as a ratio, assumptions).
std::string to_json(const TaskProfile& p, int indent = 2);

// ---- Task cost kernels ------------------------------------------------------------------
// The arithmetic of a task's bill and of a model that thinks k× as long, written once for the
// checked entry points, the numpy batch (python/src/register_pricing.cpp), the scenario
// price-ratio model (T = Eigen::ArrayXd) and the margins of pricing/margin.hpp. Unchecked: the
// callers validate their inputs (validate(TokenMix), the scenario ranges) before calling.

/// USD billed for `input_tokens` (a share `cached_fraction` served from the prompt cache),
/// `output_tokens` and `reasoning_tokens` (billed as output only when `reasoning_billed_as_output`):
///   input × (f × p_hit + (1 − f) × p_miss) + (output + reasoning) × p_out.
/// T is double or an Eigen array (element-wise); prices in USD per token.
template <class T>
inline T task_cost_usd(const T& input_tokens, const T& cached_fraction, const T& output_tokens,
                       const T& reasoning_tokens, bool reasoning_billed_as_output, const T& hit_usd_per_token,
                       const T& miss_usd_per_token, const T& output_usd_per_token) {
  return input_tokens * (cached_fraction * hit_usd_per_token + (1.0 - cached_fraction) * miss_usd_per_token) +
         (output_tokens + reasoning_tokens * (reasoning_billed_as_output ? 1.0 : 0.0)) * output_usd_per_token;
}

/// task_cost_usd of `mix` under `price`, unchecked [USD].
inline Usd task_cost_unchecked(const TokenMix& mix, const ApiPrice& price) noexcept {
  return usd(task_cost_usd(detail::to_raw(mix.input), detail::to_raw(mix.cached_fraction), detail::to_raw(mix.output),
                           detail::to_raw(mix.reasoning), price.reasoning_billed_as_output,
                           detail::to_raw(price.input_cache_hit.value), detail::to_raw(price.input_cache_miss.value),
                           detail::to_raw(price.output.value)));
}

/// Reasoning tokens of a model that thinks `k`× as long (T: double or an Eigen array).
template <class T>
inline T scaled_reasoning_tokens(const T& reasoning_tokens, const T& k) {
  return reasoning_tokens * k;
}

/// `mix` with its reasoning tokens scaled by `k` (the model thinks k× as long).
inline TokenMix with_reasoning_multiplier(const TokenMix& mix, double k) noexcept {
  TokenMix m = mix;
  m.reasoning = token_count(scaled_reasoning_tokens(detail::to_raw(mix.reasoning), k));
  return m;
}

/// `profile` where the model family of `thinker` bills its mix with the reasoning tokens scaled by
/// `k` (when both sides of a ratio are that family, both change); `profile` itself when k = 1.
/// Throws like with_tokens_for.
inline TaskProfile with_reasoning_multiplier(const TaskProfile& profile, const ApiPrice& thinker, double k) {
  if (k == 1.0) return profile;
  return with_tokens_for(profile, thinker.model, with_reasoning_multiplier(profile.mix_for(thinker), k));
}

}  // namespace llmcost
