// Distributions of uncertain inputs: validation and inverse CDFs (see distribution.hpp).
#include "llmcost/sweep/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include "llmcost/error.hpp"

namespace llmcost {

namespace {
constexpr const char* kTag = "llmcost.scenario.distribution";

double clamp_u(double u) {
  constexpr double eps = 1e-12;
  return std::clamp(u, eps, 1.0 - eps);
}
double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double phi_inv(double p) {
  static const boost::math::normal_distribution<double> std_normal(0.0, 1.0);
  return boost::math::quantile(std_normal, p);
}
// Standard-normal quantile restricted to [za, zb] (either may be infinite).
double truncated_std_normal(double u, double za, double zb) {
  const double pa = std::isfinite(za) ? phi(za) : 0.0;
  const double pb = std::isfinite(zb) ? phi(zb) : 1.0;
  const double p = std::clamp(pa + u * (pb - pa), 1e-300, 1.0 - 1e-16);
  return std::clamp(phi_inv(p), za, zb);
}
double pdf_std(double z) { return std::isfinite(z) ? std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI) : 0.0; }
// P(za ≤ Z ≤ zb) for a standard normal Z, accurate in either tail (Φ(−x) for the upper one).
double std_normal_mass(double za, double zb) {
  if (!(za < zb)) return 0.0;
  if (za >= 0) return phi(-za) - phi(-zb);
  if (zb <= 0) return phi(zb) - phi(za);
  return 1.0 - phi(za) - phi(-zb);
}
// ln(x / median) / sigma_log for a lognormal truncation bound (−inf for x ≤ 0, +inf for x = inf).
double log_z(double x, double median, double sigma_log) {
  if (x <= 0) return -Distribution::inf;
  if (!std::isfinite(x)) return Distribution::inf;
  return (std::log(x) - std::log(median)) / sigma_log;
}
}  // namespace

std::string_view to_string(DistributionKind k) noexcept {
  switch (k) {
    case DistributionKind::fixed: return "fixed";
    case DistributionKind::uniform: return "uniform";
    case DistributionKind::triangular: return "triangular";
    case DistributionKind::pert: return "pert";
    case DistributionKind::normal: return "normal";
    case DistributionKind::lognormal: return "lognormal";
    case DistributionKind::discrete: return "discrete";
  }
  return "?";
}

Distribution Distribution::fixed_value(double x) {
  Distribution d;
  d.kind = DistributionKind::fixed;
  d.value = x;
  return d;
}
Distribution Distribution::uniform(double lo, double hi) {
  Distribution d;
  d.kind = DistributionKind::uniform;
  d.low = lo;
  d.high = hi;
  return d;
}
Distribution Distribution::triangular(double lo, double m, double hi) {
  Distribution d = uniform(lo, hi);
  d.kind = DistributionKind::triangular;
  d.mode = m;
  return d;
}
Distribution Distribution::pert(double lo, double m, double hi) {
  Distribution d = triangular(lo, m, hi);
  d.kind = DistributionKind::pert;
  return d;
}
Distribution Distribution::normal(double mu, double s, double lo, double hi) {
  Distribution d;
  d.kind = DistributionKind::normal;
  d.mean = mu;
  d.sd = s;
  d.low = lo;
  d.high = hi;
  return d;
}
Distribution Distribution::lognormal(double med, double s, double lo, double hi) {
  Distribution d;
  d.kind = DistributionKind::lognormal;
  d.median = med;
  d.sigma_log = s;
  d.low = lo;
  d.high = hi;
  return d;
}
Distribution Distribution::discrete(std::vector<double> v, std::vector<double> w) {
  Distribution d;
  d.kind = DistributionKind::discrete;
  d.values = std::move(v);
  d.weights = std::move(w);
  return d;
}

double Distribution::quantile(double u) const {
  u = clamp_u(u);
  switch (kind) {
    case DistributionKind::fixed: return value;
    case DistributionKind::uniform: return low + u * (high - low);
    case DistributionKind::triangular: {
      const double w = high - low;
      if (w <= 0) return low;
      const double fc = (mode - low) / w;
      return u < fc ? low + std::sqrt(u * w * (mode - low)) : high - std::sqrt((1 - u) * w * (high - mode));
    }
    case DistributionKind::pert: {
      const double w = high - low;
      if (w <= 0) return low;
      const double a = 1 + 4 * (mode - low) / w, b = 1 + 4 * (high - mode) / w;
      return low + w * boost::math::ibeta_inv(a, b, u);
    }
    case DistributionKind::normal:
      return mean + sd * truncated_std_normal(u, (low - mean) / sd, (high - mean) / sd);
    case DistributionKind::lognormal: {
      const double za = low > 0 ? std::log(low / median) / sigma_log : -inf;
      const double zb = std::isfinite(high) ? std::log(high / median) / sigma_log : inf;
      return median * std::exp(sigma_log * truncated_std_normal(u, za, zb));
    }
    case DistributionKind::discrete: {
      const std::size_t n = values.size();
      double total = 0;
      for (std::size_t i = 0; i < n; ++i) total += weights.empty() ? 1.0 : weights[i];
      const double target = u * total;
      double acc = 0;
      for (std::size_t i = 0; i < n; ++i) {
        acc += weights.empty() ? 1.0 : weights[i];
        if (target < acc) return values[i];
      }
      return values.back();
    }
  }
  return value;
}

double Distribution::point() const {
  if (!std::isnan(base)) return base;
  switch (kind) {
    case DistributionKind::fixed: return value;
    case DistributionKind::triangular:
    case DistributionKind::pert: return mode;
    case DistributionKind::discrete: {
      std::size_t best = 0;
      for (std::size_t i = 1; i < values.size() && !weights.empty(); ++i)
        if (weights[i] > weights[best]) best = i;
      return values[best];
    }
    default: return quantile(0.5);
  }
}

double Distribution::exact_mean() const {
  switch (kind) {
    case DistributionKind::fixed: return value;
    case DistributionKind::uniform: return 0.5 * (low + high);
    case DistributionKind::triangular: return (low + mode + high) / 3;
    case DistributionKind::pert: return (low + 4 * mode + high) / 6;
    case DistributionKind::normal: {
      const double za = (low - mean) / sd, zb = (high - mean) / sd;
      const double z = (std::isfinite(zb) ? phi(zb) : 1.0) - (std::isfinite(za) ? phi(za) : 0.0);
      return mean + sd * (pdf_std(za) - pdf_std(zb)) / z;
    }
    case DistributionKind::lognormal: {
      // E[m·e^{σZ} | za ≤ Z ≤ zb] = m·e^{σ²/2}·(Φ(zb − σ) − Φ(za − σ)) / (Φ(zb) − Φ(za))
      const double s = sigma_log;
      const double za = low > 0 ? std::log(low / median) / s : -inf;
      const double zb = std::isfinite(high) ? std::log(high / median) / s : inf;
      auto cdf = [](double z) { return std::isfinite(z) ? phi(z) : (z > 0 ? 1.0 : 0.0); };
      return median * std::exp(0.5 * s * s) * (cdf(zb - s) - cdf(za - s)) / (cdf(zb) - cdf(za));
    }
    case DistributionKind::discrete: {
      double sw = 0, sx = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        sw += w;
        sx += w * values[i];
      }
      return sx / sw;
    }
  }
  return value;
}

Distribution Distribution::truncated_to(double lo, double hi) const {
  Distribution d = *this;
  if (kind == DistributionKind::normal || kind == DistributionKind::lognormal) {
    d.low = std::max(low, lo);
    d.high = std::min(high, hi);
  }
  return d;
}

void Distribution::validate(std::string_view path, double dmin, double dmax, bool dmin_exclusive) const {
  auto finite = [&](double x, const char* what) {
    LLMCOST_REQUIRE(std::isfinite(x), invalid_input, kTag, path, ": ", what, " = ", x, " must be a finite number");
  };
  auto in_domain = [&](double x, const char* what) {
    LLMCOST_REQUIRE((dmin_exclusive ? x > dmin : x >= dmin) && x <= dmax, invalid_input, kTag, path, ": ", what,
                    " = ", x, " is outside the input's domain ", dmin_exclusive ? "(" : "[", dmin, ", ", dmax, "]");
  };
  switch (kind) {
    case DistributionKind::fixed: finite(value, "value"); in_domain(value, "value"); break;
    case DistributionKind::uniform:
    case DistributionKind::triangular:
    case DistributionKind::pert:
      finite(low, "low");
      finite(high, "high");
      LLMCOST_REQUIRE(low < high, invalid_input, kTag, path, ": low = ", low, " must be < high = ", high);
      if (kind != DistributionKind::uniform) {
        finite(mode, "mode");
        LLMCOST_REQUIRE(mode >= low && mode <= high, invalid_input, kTag, path, ": mode = ", mode,
                        " must lie in [low, high] = [", low, ", ", high, "]");
      }
      in_domain(low, "low");
      in_domain(high, "high");
      break;
    case DistributionKind::normal: {
      finite(mean, "mean");
      finite(sd, "sd");
      LLMCOST_REQUIRE(sd > 0, invalid_input, kTag, path, ": sd = ", sd, " must be a finite number > 0");
      LLMCOST_REQUIRE(!std::isnan(low) && !std::isnan(high) && low < high, invalid_input, kTag, path,
                      ": truncation [", low, ", ", high, "] is empty");
      const double mass = std_normal_mass((low - mean) / sd, (high - mean) / sd);
      LLMCOST_REQUIRE(mass >= min_truncated_mass, invalid_input, kTag, path, ": normal(mean = ", mean, ", sd = ", sd,
                      ") keeps probability ", mass, " on its truncation [", low, ", ", high, "] (the input's domain ",
                      "and low/high); at least ", min_truncated_mass, " is needed: move the mean into [", low, ", ",
                      high, "] or change sd");
      break;
    }
    case DistributionKind::lognormal: {
      finite(median, "median");
      finite(sigma_log, "sigma_log");
      LLMCOST_REQUIRE(median > 0, invalid_input, kTag, path, ": median = ", median, " must be > 0");
      LLMCOST_REQUIRE(sigma_log > 0 && sigma_log <= max_sigma_log, invalid_input, kTag, path, ": sigma_log = ",
                      sigma_log, " is outside the accepted range (0, ", max_sigma_log, "]");
      LLMCOST_REQUIRE(!std::isnan(low) && !std::isnan(high) && low < high, invalid_input, kTag, path,
                      ": truncation [", low, ", ", high, "] is empty");
      const double mass = std_normal_mass(log_z(low, median, sigma_log), log_z(high, median, sigma_log));
      LLMCOST_REQUIRE(mass >= min_truncated_mass, invalid_input, kTag, path, ": lognormal(median = ", median,
                      ", sigma_log = ", sigma_log, ") keeps probability ", mass, " on its truncation [", low, ", ",
                      high, "] (the input's domain and low/high); at least ", min_truncated_mass,
                      " is needed: move the median into [", low, ", ", high, "] or change sigma_log");
      break;
    }
    case DistributionKind::discrete: {
      LLMCOST_REQUIRE(!values.empty(), invalid_input, kTag, path, ": a discrete distribution needs at least one value");
      LLMCOST_REQUIRE(weights.empty() || weights.size() == values.size(), invalid_input, kTag, path, ": ",
                      weights.size(), " weights for ", values.size(), " values");
      double total = 0;
      for (double w : weights) {
        finite(w, "weight");
        LLMCOST_REQUIRE(w >= 0, invalid_input, kTag, path, ": weight ", w, " must be >= 0");
        total += w;
      }
      LLMCOST_REQUIRE(weights.empty() || total > 0, invalid_input, kTag, path, ": the weights sum to 0");
      LLMCOST_REQUIRE(std::isfinite(total), invalid_input, kTag, path, ": the weights sum to ", total,
                      ", not a finite number; scale them down (only their ratios matter)");
      for (double v : values) {
        finite(v, "value");
        in_domain(v, "value");
      }
      break;
    }
  }
  // Numerically degenerate: quantiles that overflow, or a spread the inverse CDF cannot resolve.
  if (kind != DistributionKind::fixed && kind != DistributionKind::discrete) {
    const double lo = quantile(0.0), q1 = quantile(0.001), q999 = quantile(0.999), hi = quantile(1.0);
    LLMCOST_REQUIRE(std::isfinite(lo) && std::isfinite(hi) && std::isfinite(quantile(0.5)), invalid_input, kTag, path,
                    ": this ", to_string(kind), " distribution reaches values that are not finite numbers (",
                    lo, " to ", hi, "); narrow it");
    LLMCOST_REQUIRE(q1 < q999, invalid_input, kTag, path, ": this ", to_string(kind), " distribution collapses to ",
                    "one value (its 0.1% and 99.9% quantiles are both ", q1, "); give a fixed value instead, or ",
                    "widen it");
  }
  if (!std::isnan(base)) {
    finite(base, "base");
    in_domain(base, "base");
  }
}

}  // namespace llmcost
