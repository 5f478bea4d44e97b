#pragma once
// File: llmcost/sweep/distribution.hpp
//
// An uncertain input (of a scenario or any sampled model): a fixed value or a distribution,
// sampled by inverse CDF from a uniform u ∈ (0, 1) so that pseudo-random (Monte Carlo) and
// Sobol (quasi-Monte Carlo) points are handled alike and a sample depends only on its u.
//
//   uniform(low, high)           x = low + u·(high − low)
//   triangular(low, mode, high)  closed-form inverse CDF
//   pert(low, mode, high)        Beta(α, β), α = 1 + 4(mode − low)/(high − low), β = 1 + 4(high − mode)/(high − low)
//                                (Vose, Risk Analysis, 3rd ed., §9.1.5; λ = 4)
//   normal(mean, sd)             truncated to [low, high] (and to the input's domain) when bounded:
//                                x = Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a)))
//   lognormal(median, sigma_log) x = median · exp(sigma_log · Φ⁻¹(u)), truncated like the normal
//   discrete(values, weights)    the first value whose cumulative weight exceeds u·Σw
//
// Values are in the unit of the input they replace (named by its key, e.g. `_usd_per_gpu_hour`).
//
//   Distribution d = Distribution::triangular(0.30, 0.3894, 0.45);
//   double x = d.quantile(0.5);        // median of the triangle
//   d.validate("efficiency.mfu", 0, 1);
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace llmcost {

/// The shape of an input's uncertainty.
enum class DistributionKind { fixed, uniform, triangular, pert, normal, lognormal, discrete };

/// "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "discrete".
std::string_view to_string(DistributionKind k) noexcept;

/// A fixed value or a distribution over one input (raw double in the input's unit).
struct Distribution {
  static constexpr double inf = std::numeric_limits<double>::infinity();
  /// Largest accepted lognormal `sigma_log`: beyond it P95/P5 exceeds e^33 ≈ 2e14 and the
  /// samples pile up at the truncation bounds (a price of $0 at every percentile).
  static constexpr double max_sigma_log = 10;
  /// Smallest probability a truncated normal/lognormal may keep on [low, high] ∩ the domain:
  /// below it the inverse CDF cannot resolve the interval in double precision.
  static constexpr double min_truncated_mass = 1e-9;

  DistributionKind kind = DistributionKind::fixed;
  double value = 0;       ///< fixed: the value
  double low = -inf;      ///< uniform/triangular/pert: minimum; normal/lognormal: truncation (−inf: none)
  double mode = 0;        ///< triangular/pert: most likely value
  double high = inf;      ///< uniform/triangular/pert: maximum; normal/lognormal: truncation (+inf: none)
  double mean = 0;        ///< normal: mean before truncation
  double sd = 0;          ///< normal: standard deviation before truncation (> 0)
  double median = 0;      ///< lognormal: median (> 0)
  double sigma_log = 0;   ///< lognormal: standard deviation of ln x (> 0)
  std::vector<double> values;   ///< discrete: the choices
  std::vector<double> weights;  ///< discrete: their weights (≥ 0, Σ > 0); empty = equal
  double base = std::numeric_limits<double>::quiet_NaN();  ///< point value for deterministic runs; NaN = default_base()

  static Distribution fixed_value(double x);
  static Distribution uniform(double low, double high);
  static Distribution triangular(double low, double mode, double high);
  static Distribution pert(double low, double mode, double high);
  static Distribution normal(double mean, double sd, double low = -inf, double high = inf);
  static Distribution lognormal(double median, double sigma_log, double low = -inf, double high = inf);
  static Distribution discrete(std::vector<double> values, std::vector<double> weights = {});

  [[nodiscard]] bool is_fixed() const noexcept { return kind == DistributionKind::fixed; }
  /// The value at cumulative probability u ∈ (0, 1) (u is clamped into the open interval).
  [[nodiscard]] double quantile(double u) const;
  /// The point value used for base/deterministic runs: `base` if set, else the fixed value,
  /// the mode (triangular, PERT), the median (uniform, normal, lognormal) or the most
  /// likely discrete value (first on ties).
  [[nodiscard]] double point() const;
  /// Exact mean (for tests and reports; truncated normals use the closed form).
  [[nodiscard]] double exact_mean() const;
  /// Checks the parameters and that the whole support lies in [domain_min, domain_max], or in
  /// (domain_min, domain_max] when `domain_min_exclusive` (normal/lognormal are truncated to the
  /// domain instead; see `truncated_to`). Also refuses numerically degenerate distributions:
  /// every parameter finite; 0 < sigma_log ≤ max_sigma_log; a normal/lognormal keeping less than
  /// min_truncated_mass of its probability on its truncation; discrete weights whose sum is not
  /// finite; and any distribution whose quantiles are not finite or whose 0.1% and 99.9%
  /// quantiles coincide (a point in disguise: give a fixed value).
  /// @throws invalid_input [llmcost.scenario.distribution] naming `path`, the parameter and the rule.
  void validate(std::string_view path, double domain_min = -inf, double domain_max = inf,
                bool domain_min_exclusive = false) const;
  /// A copy of a normal/lognormal truncated to [lo, hi] ∩ its own bounds; others unchanged.
  [[nodiscard]] Distribution truncated_to(double lo, double hi) const;
};

}  // namespace llmcost
