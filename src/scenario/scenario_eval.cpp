// Scenario evaluation: the base model on blocks of inputs (every metric checked finite, naming
// the inputs behind a non-finite one), Monte Carlo sampling of a point (threads, copula) and
// its summary (see scenario/scenario.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "common/suggest.hpp"
#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"
#include "scenario/scenario_internal.hpp"

namespace llmcost::detail {

// The Spearman matrix over `inputs` (unit diagonal; pairs not in `cs` are uncorrelated).
Eigen::MatrixXd spearman_matrix(const std::vector<CorrelationSpec>& cs, const std::vector<std::size_t>& inputs) {
  const auto k = static_cast<Eigen::Index>(inputs.size());
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(k, k);
  auto pos = [&](std::size_t i) {
    return static_cast<Eigen::Index>(std::find(inputs.begin(), inputs.end(), i) - inputs.begin());
  };
  for (const auto& c : cs) {
    const Eigen::Index a = pos(c.a), b = pos(c.b);
    if (a < k && b < k) m(a, b) = m(b, a) = c.spearman;
  }
  return m;
}

std::vector<std::size_t> uncertain_indices(const ScenarioData& d, const Point& p) {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < p.dist.size(); ++i)
    if (!d.spec().inputs[i].is_text && !p.dist[i].is_fixed()) v.push_back(i);
  return v;
}

namespace {

// Names the inputs behind a metric that is not a finite number at `row` of `in` and throws
// out_of_domain [llmcost.scenario.overflow]. The inputs named are those set away from the
// base's defaults whose reset alone makes the metric finite (else every input so set).
[[noreturn]] void throw_non_finite(const ScenarioData& d, const InputBlock& in, std::size_t metric, Eigen::Index row,
                                   double value, const std::string& where) {
  const auto& spec = d.spec();
  const std::size_t k = spec.inputs.size();
  std::vector<double> defaults(k, std::numeric_limits<double>::quiet_NaN());
  try {
    defaults = d.model->numeric_defaults(d.base, in.text, d.cat());
  } catch (const error&) {  // keep NaN: every numeric input then counts as set
  }
  InputBlock one;
  one.n = 1;
  one.text = in.text;
  one.catalog = in.catalog;
  one.varies.assign(k, false);
  one.numeric.resize(k);
  std::vector<std::size_t> set;
  for (std::size_t i = 0; i < k; ++i) {
    if (spec.inputs[i].is_text) continue;
    const double x = in.numeric[i].size() > row ? in.numeric[i][row] : in.numeric[i][0];
    one.numeric[i] = Eigen::ArrayXd::Constant(1, x);
    if (!(x == defaults[i])) set.push_back(i);
  }
  std::vector<std::size_t> named;
  for (std::size_t i : set) {
    InputBlock probe = one;
    probe.numeric[i][0] = defaults[i];
    std::vector<Eigen::ArrayXd> out;
    try {
      d.model->evaluate(probe, out);
    } catch (const error&) {
      continue;
    }
    if (std::isfinite(out[metric][0])) named.push_back(i);
  }
  if (named.empty()) named = set;
  std::string list;
  for (std::size_t i : named)
    list += concat(list.empty() ? "" : ", ", spec.inputs[i].path, " = ", fmt::format("{:g}", one.numeric[i][0]));
  if (named.empty()) {  // every number at its default: the names chose it (a chip's catalog entry, a preset)
    const auto text_defaults = d.model->text_defaults(d.base);
    for (std::size_t i = 0; i < k; ++i)
      if (spec.inputs[i].is_text && in.text[i] != text_defaults[i])
        list += concat(list.empty() ? "" : ", ", spec.inputs[i].path, " = \"", in.text[i], "\"");
  }
  const bool one_input = named.size() == 1;
  throw out_of_domain(
      "llmcost.scenario.overflow",
      concat(spec.metrics[metric].name, " is not a finite number (", fmt::format("{:g}", value), ") ", where, ": ",
             list.empty() ? std::string("the inputs") : concat(one_input ? "the input " : "the inputs ", list),
             one_input ? " is" : " are", " too extreme", one_input ? "" : " together",
             " (too large, or too close to zero where the metric divides by ", one_input ? "it" : "them", "); change ",
             one_input ? "it" : "one of them", " (accepted ranges: docs/scenarios.md)"));
}

// Evaluates the model on `in`; every metric in `check` must come out finite on every row.
// `where(row)` says which evaluation it was (for the message).
template <class Where>
void evaluate_checked(const ScenarioData& d, const InputBlock& in, std::vector<Eigen::ArrayXd>& out,
                      const std::vector<std::size_t>& check, Where&& where) {
  d.model->evaluate(in, out);
  for (std::size_t m : check) {
    if (out[m].allFinite()) continue;
    Eigen::Index row = 0;
    while (std::isfinite(out[m][row])) ++row;
    throw_non_finite(d, in, m, row, out[m][row], where(row));
  }
}

std::vector<std::size_t> all_metrics(const ScenarioData& d) {
  std::vector<std::size_t> v(d.spec().metrics.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

// Metric columns for sample indices [begin, end) of point p; the metrics `check` must be finite.
void sample_block(const ScenarioData& d, const Point& p, std::uint64_t seed, SamplingMethod method,
                  std::uint64_t begin, std::uint64_t end, std::vector<Eigen::ArrayXd>& out,
                  const std::vector<std::size_t>& check, const std::string& where) {
  const auto& inputs = d.spec().inputs;
  InputBlock in;
  in.catalog = &d.cat();
  in.n = static_cast<Eigen::Index>(end - begin);
  in.text = p.text;
  in.numeric.resize(inputs.size());
  in.varies.assign(inputs.size(), false);
  const auto unc = uncertain_indices(d, p);
  // Correlations whose two inputs are uncertain at this point (a sweep may fix one of them).
  std::vector<std::size_t> corr;  // inputs under the copula, in input order
  for (const auto& c : d.correlations) {
    if (p.dist[c.a].is_fixed() || p.dist[c.b].is_fixed()) continue;
    for (std::size_t i : {c.a, c.b})
      if (std::find(corr.begin(), corr.end(), i) == corr.end()) corr.push_back(i);
  }
  std::sort(corr.begin(), corr.end());
  Eigen::ArrayXXd uc(in.n, static_cast<Eigen::Index>(corr.size()));
  Eigen::ArrayXd u(in.n);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].is_text) continue;
    if (p.dist[i].is_fixed()) {
      in.numeric[i] = Eigen::ArrayXd::Constant(in.n, p.dist[i].value);
      continue;
    }
    const auto dim = static_cast<unsigned>(std::find(unc.begin(), unc.end(), i) - unc.begin());
    fill_uniforms(u, seed, stream_id(inputs[i].path), begin, method, dim, static_cast<unsigned>(unc.size()));
    if (const auto at = std::find(corr.begin(), corr.end(), i); at != corr.end()) {
      uc.col(at - corr.begin()) = u;  // quantiles after the copula below
    } else {
      in.numeric[i] = apply_quantile(p.dist[i], u);
    }
    in.varies[i] = true;
  }
  if (!corr.empty()) {
    const auto k = static_cast<Eigen::Index>(corr.size());
    const Eigen::MatrixXd m = spearman_matrix(d.correlations, corr);
    // A principal submatrix of the positive definite matrix checked at load is positive definite.
    const auto l = copula_cholesky(m);
    LLMCOST_REQUIRE(l.has_value(), invalid_input, "llmcost.scenario.correlation",
                    "the rank correlations cannot hold together at this point");
    correlate_uniforms(uc, *l);
    for (Eigen::Index j = 0; j < k; ++j) {
      const std::size_t i = corr[static_cast<std::size_t>(j)];
      in.numeric[i] = apply_quantile(p.dist[i], uc.col(j));
    }
  }
  evaluate_checked(d, in, out, check, [&](Eigen::Index row) {
    return concat("in Monte Carlo sample ", begin + static_cast<std::uint64_t>(row), " (seed ", seed, ")", where);
  });
}

}  // namespace

// Evaluates explicit rows: values[i] is a column per input (text from p); the metrics `check`
// must be finite (`where` names the evaluation).
void evaluate_rows(const ScenarioData& d, const Point& p, const std::vector<Eigen::ArrayXd>& numeric,
                   std::vector<Eigen::ArrayXd>& out, const std::vector<std::size_t>& check, const std::string& where) {
  InputBlock in;
  in.catalog = &d.cat();
  in.n = 0;
  for (const auto& c : numeric)
    if (c.size() > 0) in.n = c.size();
  in.text = p.text;
  in.numeric = numeric;
  in.varies.assign(numeric.size(), true);
  evaluate_checked(d, in, out, check, [&](Eigen::Index) { return where; });
}

Point base_point_of(const ScenarioData& d) { return Point{d.text, d.dist}; }

std::vector<Eigen::ArrayXd> point_columns(const ScenarioData& d, const Point& p, Eigen::Index rows) {
  std::vector<Eigen::ArrayXd> c(p.dist.size());
  for (std::size_t i = 0; i < p.dist.size(); ++i)
    if (!d.spec().inputs[i].is_text) c[i] = Eigen::ArrayXd::Constant(rows, p.dist[i].point());
  return c;
}

std::vector<double> point_metrics(const ScenarioData& d, const Point& p, const std::string& where) {
  std::vector<Eigen::ArrayXd> out;
  evaluate_rows(d, p, point_columns(d, p, 1), out, all_metrics(d), where);
  std::vector<double> v;
  for (const auto& c : out) v.push_back(c[0]);
  return v;
}

Resolved resolve_options(const ScenarioData& d, const RunOptions& o) {
  Resolved r{o.samples ? o.samples : d.samples, o.seed.value_or(d.seed), o.method.value_or(d.method),
             o.metrics.empty() ? d.metrics : o.metrics, o.percentiles.empty() ? d.percentiles : o.percentiles,
             o.histogram_bins > 0 ? o.histogram_bins : d.bins, o.threads};
  if (r.metrics.empty())
    for (const auto& m : d.spec().metrics) r.metrics.push_back(m.name);
  std::vector<std::string> names;
  for (const auto& m : d.spec().metrics) names.push_back(m.name);
  LLMCOST_REQUIRE(o.histogram_bins >= 0, invalid_input, "llmcost.scenario.histogram", "histogram_bins = ",
                  o.histogram_bins, " must be in [1, 10000] (0: as the file says)");
  for (auto m = r.metrics.begin(); m != r.metrics.end(); ++m)
    LLMCOST_REQUIRE(std::find(r.metrics.begin(), m, *m) == m, invalid_input, "llmcost.scenario.duplicate_metric",
                    "metric \"", printable(*m), "\" is asked for twice; name each metric once");
  for (const auto& m : r.metrics)
    if (!d.metric_index(m)) {
      const auto near = closest(m, names, 1);
      throw not_found("llmcost.scenario.unknown_metric",
                      concat("metric \"", printable(m), "\" is not an output of a ", d.spec().kind, " scenario",
                             near.empty() ? "" : concat("; did you mean \"", near[0], "\"?"), " (metrics: ", join(names), ")"));
    }
  LLMCOST_REQUIRE(r.samples >= 1 && r.samples <= kMaxSamples, invalid_input, "llmcost.scenario.samples", "samples = ",
                  r.samples, " must be in [1, ", kMaxSamples, "]");
  for (double p : r.percentiles)
    LLMCOST_REQUIRE(p >= 0 && p <= 100, invalid_input, "llmcost.scenario.percentile", "percentile ", p,
                    " is outside [0, 100]");
  LLMCOST_REQUIRE(r.bins >= 1 && r.bins <= 10000, invalid_input, "llmcost.scenario.histogram", "histogram_bins = ",
                  r.bins, " must be in [1, 10000]");
  if (r.threads == 0) r.threads = std::max(1u, std::thread::hardware_concurrency());
  return r;
}

McSamples sample_point(const ScenarioData& d, const Point& p, const Resolved& r, std::uint64_t begin, std::uint64_t end,
                       const std::string& where) {
  LLMCOST_REQUIRE(begin <= end && end <= kMaxSamples, invalid_input, "llmcost.scenario.range", "sample range [", begin,
                  ", ", end, ") is invalid");
  McSamples s;
  s.begin = begin;
  s.end = end;
  s.metrics = r.metrics;
  std::vector<std::size_t> midx;
  for (const auto& m : r.metrics) midx.push_back(*d.metric_index(m));
  s.values.assign(midx.size(), std::vector<double>(end - begin));
  // chunks aligned to the random stream's blocks; each chunk is independent of the others
  std::vector<std::pair<std::uint64_t, std::uint64_t>> chunks;
  for (std::uint64_t b = begin; b < end;) {
    const std::uint64_t e = std::min(end, (b / mc_block_size + 1) * mc_block_size);
    chunks.emplace_back(b, e);
    b = e;
  }
  // The chunk each worker failed at: the first failing chunk is reported, whatever the thread count.
  std::vector<std::size_t> failed_at;
  auto work = [&](std::size_t first, std::size_t step, std::size_t& at) {
    std::vector<Eigen::ArrayXd> out;
    for (std::size_t c = first; c < chunks.size(); c += step) {
      at = c;
      sample_block(d, p, r.seed, r.method, chunks[c].first, chunks[c].second, out, midx, where);
      for (std::size_t m = 0; m < midx.size(); ++m)
        std::copy(out[midx[m]].data(), out[midx[m]].data() + out[midx[m]].size(),
                  s.values[m].begin() + static_cast<std::ptrdiff_t>(chunks[c].first - begin));
    }
  };
  const std::size_t nthreads = std::min<std::size_t>(r.threads, chunks.size());
  if (nthreads <= 1) {
    std::size_t at = 0;
    work(0, 1, at);
  } else {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(nthreads);
    failed_at.assign(nthreads, chunks.size());
    for (std::size_t t = 0; t < nthreads; ++t)
      pool.emplace_back([&, t] {
        std::size_t at = 0;
        try {
          work(t, nthreads, at);
        } catch (...) {
          errors[t] = std::current_exception();
          failed_at[t] = at;
        }
      });
    for (auto& th : pool) th.join();
    const auto first = std::min_element(failed_at.begin(), failed_at.end()) - failed_at.begin();
    if (errors[static_cast<std::size_t>(first)]) std::rethrow_exception(errors[static_cast<std::size_t>(first)]);
  }
  return s;
}

namespace {
std::string uncertain_list(const ScenarioData& d, const Point& p) {
  std::string uncertain;
  for (std::size_t i : uncertain_indices(d, p)) uncertain += concat(uncertain.empty() ? "" : ", ", d.spec().inputs[i].path);
  return uncertain;
}
}  // namespace

std::shared_ptr<RunSummary> start_summary(const ScenarioData& d, const Point& p, const Resolved& r, std::string where) {
  auto s = std::make_shared<RunSummary>();
  s->d = &d;
  s->p = p;
  s->r = r;
  s->where = std::move(where);
  for (const auto& m : r.metrics) {
    LLMCOST_REQUIRE(d.metric_index(m).has_value(), not_found, "llmcost.scenario.unknown_metric", "metric \"",
                    printable(m), "\" is not an output of a ", d.spec().kind, " scenario");
    SummarySpec spec{r.percentiles, r.bins, {}, {}};
    for (const auto& mk : d.markers)
      if (mk.metric == m) spec.markers.push_back(mk.value);
    for (const auto& iv : d.intervals)
      if (iv.metric == m) spec.intervals.emplace_back(iv.low, iv.high);
    s->builders.emplace_back(std::move(spec));
  }
  return s;
}

bool summary_done(const RunSummary& s) {
  return std::all_of(s.builders.begin(), s.builders.end(), [](const SummaryBuilder& b) { return b.done(); });
}

void advance_summary(RunSummary& s) {
  const ScenarioData& d = *s.d;
  for (std::size_t m = 0; m < s.builders.size(); ++m) {
    auto& b = s.builders[m];
    if (b.done()) continue;
    const bool moments = b.stage() == 0;
    b.advance();
    if (moments)
      LLMCOST_REQUIRE(b.non_finite() == 0, out_of_domain, "llmcost.scenario.overflow", "metric ", s.r.metrics[m],
                      " is NaN or infinite on some samples: the uncertain inputs ", uncertain_list(d, s.p),
                      " reach values too extreme together; narrow their distributions");
    if (!b.done() || b.count() == 0) continue;
    const MetricSummary ms = b.result();
    bool finite = std::isfinite(ms.mean) && std::isfinite(ms.sd);
    for (const auto& [q, v] : ms.percentiles) finite = finite && std::isfinite(v);
    for (double e : ms.histogram.edges) finite = finite && std::isfinite(e);
    LLMCOST_REQUIRE(finite, out_of_domain, "llmcost.scenario.overflow", "the summary of ", s.r.metrics[m],
                    " (mean, sd, percentiles, histogram) is not finite: the uncertain inputs ", uncertain_list(d, s.p),
                    " spread it too widely; narrow their distributions");
  }
}

McResult finish_summary(const RunSummary& s) {
  const ScenarioData& d = *s.d;
  McResult res;
  res.samples = s.builders.empty() ? 0 : s.builders.front().count();
  res.seed = s.r.seed;
  res.method = s.r.method;
  const auto base = point_metrics(d, s.p, s.where);
  for (std::size_t m = 0; m < s.builders.size(); ++m) {
    MetricSummary ms = s.builders[m].result();
    const std::size_t mi = *d.metric_index(s.r.metrics[m]);
    ms.metric = s.r.metrics[m];
    ms.unit = d.spec().metrics[mi].unit;
    ms.base = base[mi];
    std::size_t k = 0;
    for (const auto& mk : d.markers)
      if (mk.metric == ms.metric) ms.markers[k++].label = mk.label;
    res.metrics.push_back(std::move(ms));
  }
  return res;
}

McResult summarise_point(const ScenarioData& d, const Point& p, const McSamples& s, const Resolved& r,
                         const std::string& where) {
  LLMCOST_REQUIRE(s.values.size() == s.metrics.size() && s.begin <= s.end, invalid_input, "llmcost.scenario.chunks",
                  "the samples hold ", s.values.size(), " value columns for ", s.metrics.size(), " metrics");
  for (std::size_t m = 0; m < s.metrics.size(); ++m)
    LLMCOST_REQUIRE(s.values[m].size() == s.end - s.begin, invalid_input, "llmcost.scenario.chunks", "metric ",
                    s.metrics[m], " has ", s.values[m].size(), " values for ", s.end - s.begin, " samples");
  Resolved rs = r;
  rs.metrics = s.metrics;
  auto sum = start_summary(d, p, rs, where);
  // The threads' slices are the partitions: their parts merge exactly, so the thread count does
  // not change the summary.
  const std::size_t n = s.end - s.begin;
  const std::size_t slices = std::clamp<std::size_t>(std::min<std::size_t>(r.threads, n / mc_block_size), 1, 256);
  std::vector<std::vector<SummaryPart>> parts(slices);
  while (!summary_done(*sum)) {
    auto work = [&](std::size_t t) {
      const std::size_t b = n * t / slices, e = n * (t + 1) / slices;
      parts[t].clear();
      for (std::size_t m = 0; m < s.metrics.size(); ++m)
        parts[t].push_back(summary_part(s.values[m].data() + b, e - b, sum->builders[m].request()));
    };
    if (slices == 1) {
      work(0);
    } else {
      std::vector<std::thread> pool;
      for (std::size_t t = 0; t < slices; ++t) pool.emplace_back(work, t);
      for (auto& th : pool) th.join();
    }
    for (const auto& slice : parts)
      for (std::size_t m = 0; m < slice.size(); ++m) sum->builders[m].add(slice[m]);
    advance_summary(*sum);
  }
  McResult res = finish_summary(*sum);
  res.samples = s.end - s.begin;
  return res;
}

}  // namespace llmcost::detail
