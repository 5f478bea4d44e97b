// Scenario: the public API over a loaded scenario — loading, overrides, Monte Carlo runs,
// sweeps and sensitivity (tornado, Sobol indices) (see scenario/scenario.hpp).
#include "llmcost/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "common/suggest.hpp"
#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"
#include "llmcost/sweep/sobol_indices.hpp"
#include "scenario/scenario_internal.hpp"

namespace llmcost {

namespace detail {
namespace {
// The scenario's own reference to `c`: the built-in catalog is shared, any other copied.
std::shared_ptr<const Catalog> share(const Catalog& c) {
  if (&c == &Catalog::builtin()) return {std::shared_ptr<const Catalog>(), &c};  // static: no owner needed
  return std::make_shared<const Catalog>(c);
}
}  // namespace
}  // namespace detail

Scenario Scenario::load(const std::filesystem::path& path, const Catalog& catalog) {
  auto d = std::make_shared<detail::ScenarioData>();
  d->catalog = detail::share(catalog);
  detail::load_into(*d, path, {}, true);
  return detail::ScenarioData::make(std::move(d));
}
Scenario Scenario::from_toml(std::string_view text, std::string origin, const std::filesystem::path& base_dir,
                             const Catalog& catalog) {
  auto d = std::make_shared<detail::ScenarioData>();
  d->catalog = detail::share(catalog);
  detail::parse_into(*d, text, origin, base_dir, false, {}, true);
  return detail::ScenarioData::make(std::move(d));
}
Scenario Scenario::from_json(std::string_view text, std::string origin, const std::filesystem::path& base_dir,
                             const Catalog& catalog) {
  auto d = std::make_shared<detail::ScenarioData>();
  d->catalog = detail::share(catalog);
  detail::parse_into(*d, text, origin, base_dir, true, {}, true);
  return detail::ScenarioData::make(std::move(d));
}

const std::string& Scenario::name() const { return d_->name; }
const std::string& Scenario::description() const { return d_->description; }
const std::string& Scenario::base() const { return d_->base; }
const std::string& Scenario::kind() const { return d_->spec().kind; }
std::vector<std::string> Scenario::metric_names() const {
  std::vector<std::string> v;
  for (const auto& m : d_->spec().metrics) v.push_back(m.name);
  return v;
}
std::vector<std::string> Scenario::uncertain_inputs() const {
  std::vector<std::string> v;
  for (auto i : detail::uncertain_indices(*d_, detail::base_point_of(*d_))) v.push_back(d_->spec().inputs[i].path);
  return v;
}
std::vector<std::string> Scenario::notes() const {
  std::vector<std::string> v;
  for (const auto& s : d_->model->stand_ins(d_->base, d_->text, d_->cat())) {
    const auto i = d_->input_index(s.path);
    if (i && d_->num_over.count(*i) == 0) v.push_back(s.note);  // the file set it: nothing stands in
  }
  return v;
}
std::vector<std::tuple<std::string, std::string, double>> Scenario::correlations() const {
  std::vector<std::tuple<std::string, std::string, double>> v;
  for (const auto& c : d_->correlations)
    v.emplace_back(d_->spec().inputs[c.a].path, d_->spec().inputs[c.b].path, c.spearman);
  return v;
}
Distribution Scenario::input(std::string_view path) const {
  const auto i = d_->input_index(path);
  LLMCOST_REQUIRE(i && !d_->spec().inputs[*i].is_text, not_found, "llmcost.scenario.unknown_input", "\"", detail::printable(path),
                  "\" is not a numeric input of a ", d_->spec().kind, " scenario");
  return d_->dist[*i];
}
std::vector<std::pair<std::string, double>> Scenario::base_point() const {
  const auto v = detail::point_metrics(*d_, detail::base_point_of(*d_), "at the base point");
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.emplace_back(d_->spec().metrics[i].name, v[i]);
  return out;
}
Scenario Scenario::with(std::string_view path, const Distribution& value) const {
  const auto i = d_->input_index(path);
  LLMCOST_REQUIRE(i && !d_->spec().inputs[*i].is_text, not_found, "llmcost.scenario.unknown_input", "\"", detail::printable(path),
                  "\" is not a numeric input of a ", d_->spec().kind, " scenario");
  auto d = std::make_shared<detail::ScenarioData>(*d_);
  d->num_over[*i] = value;
  detail::resolve(*d, d->num_over, d->text_over, d->text, d->dist);
  return detail::ScenarioData::make(std::move(d));
}
Scenario Scenario::with(std::string_view path, std::string text) const {
  const auto i = d_->input_index(path);
  LLMCOST_REQUIRE(i && d_->spec().inputs[*i].is_text, not_found, "llmcost.scenario.unknown_input", "\"", detail::printable(path),
                  "\" is not a text input of a ", d_->spec().kind, " scenario");
  LLMCOST_REQUIRE(detail::control_at(text, false) == std::string_view::npos, invalid_input,
                  "llmcost.scenario.control_character", path, " = \"", detail::printable(text),
                  "\" contains a control character; names must be printable");
  const auto& choices = d_->spec().inputs[*i].choices;
  LLMCOST_REQUIRE(choices.empty() || std::find(choices.begin(), choices.end(), text) != choices.end(), invalid_input,
                  "llmcost.scenario.out_of_range", path, " = \"", text, "\" is not one of ", detail::join(choices));
  auto d = std::make_shared<detail::ScenarioData>(*d_);
  d->text_over[*i] = std::move(text);
  detail::resolve(*d, d->num_over, d->text_over, d->text, d->dist);
  return detail::ScenarioData::make(std::move(d));
}

RunOptions Scenario::resolved(const RunOptions& options) const {
  const auto r = detail::resolve_options(*d_, options);
  RunOptions o;
  o.samples = r.samples;
  o.seed = r.seed;
  o.threads = r.threads;
  o.method = r.method;
  o.metrics = r.metrics;
  o.percentiles = r.percentiles;
  o.histogram_bins = r.bins;
  return o;
}

McSamples Scenario::sample_range(const RunOptions& options, std::uint64_t begin, std::uint64_t end) const {
  const auto r = detail::resolve_options(*d_, options);
  return detail::sample_point(*d_, detail::base_point_of(*d_), r, begin, end);
}
McResult Scenario::summarise(const McSamples& samples, const RunOptions& options) const {
  auto r = detail::resolve_options(*d_, options);
  return detail::summarise_point(*d_, detail::base_point_of(*d_), samples, r);
}
McResult Scenario::run(const RunOptions& options) const {
  const auto r = detail::resolve_options(*d_, options);
  const auto p = detail::base_point_of(*d_);
  return detail::summarise_point(*d_, p, detail::sample_point(*d_, p, r, 0, r.samples), r);
}
RunSummariser Scenario::summariser(const RunOptions& options) const {
  auto s = detail::start_summary(*d_, detail::base_point_of(*d_), detail::resolve_options(*d_, options), "at the base point");
  s->keep = d_;
  return RunSummariser(std::move(s));
}

bool RunSummariser::done() const { return detail::summary_done(*s_); }
std::vector<std::string> RunSummariser::metrics() const { return s_->r.metrics; }
std::vector<SummaryRequest> RunSummariser::requests() const {
  std::vector<SummaryRequest> q;
  for (const auto& b : s_->builders) q.push_back(b.request());
  return q;
}
void RunSummariser::add(const std::vector<SummaryPart>& parts) {
  LLMCOST_REQUIRE(parts.size() == s_->builders.size(), invalid_input, "llmcost.summary.part", "a partition gave ",
                  parts.size(), " parts for ", s_->builders.size(), " metrics");
  for (std::size_t m = 0; m < parts.size(); ++m) s_->builders[m].add(parts[m]);
}
void RunSummariser::advance() { detail::advance_summary(*s_); }
McResult RunSummariser::result() const {
  LLMCOST_REQUIRE(done(), invalid_input, "llmcost.summary.part", "the summary is asked for before its last stage");
  return detail::finish_summary(*s_);
}

std::vector<SummaryPart> summary_parts(const McSamples& chunk, const std::vector<SummaryRequest>& requests) {
  LLMCOST_REQUIRE(chunk.values.size() == requests.size(), invalid_input, "llmcost.summary.part", "the chunk holds ",
                  chunk.values.size(), " metrics for ", requests.size(), " requests");
  std::vector<SummaryPart> parts;
  for (std::size_t m = 0; m < requests.size(); ++m)
    parts.push_back(summary_part(chunk.values[m].data(), chunk.values[m].size(), requests[m]));
  return parts;
}

McSamples merge(std::vector<McSamples> chunks) {
  std::sort(chunks.begin(), chunks.end(), [](const McSamples& a, const McSamples& b) { return a.begin < b.begin; });
  McSamples out;
  if (chunks.empty()) return out;
  out.begin = chunks.front().begin;
  out.end = out.begin;
  out.metrics = chunks.front().metrics;
  out.values.resize(out.metrics.size());
  for (const auto& c : chunks) {
    LLMCOST_REQUIRE(c.begin == out.end, invalid_input, "llmcost.scenario.chunks", "chunk [", c.begin, ", ", c.end,
                    ") does not start where the previous ended (", out.end, "): chunks overlap or leave a gap");
    LLMCOST_REQUIRE(c.metrics == out.metrics && c.values.size() == out.metrics.size(), invalid_input,
                    "llmcost.scenario.chunks", "chunks name different metrics");
    for (std::size_t m = 0; m < c.values.size(); ++m) {
      LLMCOST_REQUIRE(c.values[m].size() == c.end - c.begin, invalid_input, "llmcost.scenario.chunks",
                      "chunk [", c.begin, ", ", c.end, ") holds ", c.values[m].size(), " values");
      out.values[m].insert(out.values[m].end(), c.values[m].begin(), c.values[m].end());
    }
    out.end = c.end;
  }
  return out;
}

std::size_t Scenario::sweep_rows() const {
  const auto& d = *d_;
  if (d.sweep.empty()) return 0;
  if (d.sweep_mode == "zip") return d.sweep[0].size();
  std::size_t rows = 1;
  for (const auto& a : d.sweep) rows *= a.size();
  return rows;
}

SweepTable Scenario::sweep(const RunOptions& options, bool with_uncertainty) const {
  return sweep_range(options, with_uncertainty, 0, sweep_rows());
}

SweepTable Scenario::sweep_range(const RunOptions& options, bool with_uncertainty, std::size_t begin,
                                 std::size_t end) const {
  const auto& d = *d_;
  SweepTable t;
  t.mode = d.sweep_mode;
  const std::size_t rows = sweep_rows();
  LLMCOST_REQUIRE(begin <= end && end <= rows, invalid_input, "llmcost.scenario.range", "sweep rows [", begin, ", ",
                  end, ") are not inside the table's [0, ", rows, ")");
  if (d.sweep.empty()) return t;
  const auto r = detail::resolve_options(d, options);
  for (const auto& a : d.sweep) t.inputs.push_back(d.spec().inputs[a.input].path);
  for (const auto& m : r.metrics) {
    t.metrics.push_back(m);
    if (with_uncertainty) {
      t.metrics.push_back(m + "_mean");
      t.metrics.push_back(m + "_p5");
      t.metrics.push_back(m + "_p95");
    }
  }
  auto fmt_num = [](double x) { return fmt::format("{:.6g}", x); };
  for (std::size_t row = begin; row < end; ++row) {
    auto num = d.num_over;
    auto txt = d.text_over;
    SweepRow sr;
    std::size_t rem = row;
    for (std::size_t k = d.sweep.size(); k-- > 0;) {  // last axis varies fastest
      const auto& a = d.sweep[k];
      const std::size_t j = d.sweep_mode == "zip" ? row : rem % a.size();
      if (d.sweep_mode != "zip") rem /= a.size();
      if (a.texts.empty()) num[a.input] = Distribution::fixed_value(a.numbers[j]);
      else txt[a.input] = a.texts[j];
    }
    for (const auto& a : d.sweep) {
      sr.inputs.push_back(a.texts.empty() ? fmt_num(num[a.input].value) : txt[a.input]);
    }
    detail::Point p;
    detail::resolve(d, num, txt, p.text, p.dist);
    std::string where = fmt::format("at sweep row {} (", row + 1);
    for (std::size_t k = 0; k < d.sweep.size(); ++k)
      where += fmt::format("{}{} = {}", k ? ", " : "", d.spec().inputs[d.sweep[k].input].path, sr.inputs[k]);
    where += ")";
    const auto base = detail::point_metrics(d, p, where);
    std::optional<McResult> mc;
    if (with_uncertainty) {
      auto r2 = r;
      r2.percentiles = {5, 95};
      mc = detail::summarise_point(d, p, detail::sample_point(d, p, r2, 0, r2.samples, " " + where), r2, where);
    }
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      sr.metrics.push_back(base[*d.metric_index(r.metrics[m])]);
      if (mc) {
        sr.metrics.push_back(mc->metrics[m].mean);
        sr.metrics.push_back(mc->metrics[m].percentiles[0].second);
        sr.metrics.push_back(mc->metrics[m].percentiles[1].second);
      }
    }
    t.rows.push_back(std::move(sr));
  }
  return t;
}

Tornado Scenario::tornado(std::string_view metric, double q_low, double q_high) const {
  const auto& d = *d_;
  const auto mi = d.metric_index(metric);
  LLMCOST_REQUIRE(mi.has_value(), not_found, "llmcost.scenario.unknown_metric", "metric \"", detail::printable(metric),
                  "\" is not an output of a ", d.spec().kind, " scenario; metrics: ", detail::join(metric_names()));
  LLMCOST_REQUIRE(q_low >= 0 && q_low < q_high && q_high <= 1, invalid_input, "llmcost.scenario.tornado",
                  "tornado quantiles (", q_low, ", ", q_high, ") must satisfy 0 <= low < high <= 1");
  const auto p = detail::base_point_of(d);
  const auto unc = detail::uncertain_indices(d, p);
  LLMCOST_REQUIRE(!unc.empty(), invalid_input, "llmcost.sensitivity.no_uncertain_inputs",
                  "a tornado needs at least one input given as a distribution; every input of this scenario is fixed");
  const auto rows = static_cast<Eigen::Index>(1 + 2 * unc.size());
  auto cols = detail::point_columns(d, p, rows);
  Tornado t;
  t.metric = std::string(metric);
  t.q_low = q_low;
  t.q_high = q_high;
  for (std::size_t k = 0; k < unc.size(); ++k) {
    const auto& dist = p.dist[unc[k]];
    cols[unc[k]][static_cast<Eigen::Index>(1 + 2 * k)] = dist.quantile(q_low);
    cols[unc[k]][static_cast<Eigen::Index>(2 + 2 * k)] = dist.quantile(q_high);
  }
  std::vector<Eigen::ArrayXd> out;
  detail::evaluate_rows(d, p, cols, out, {*mi},
                        fmt::format("in the tornado (each uncertain input at its P{:g} and P{:g})", 100 * q_low, 100 * q_high));
  const Eigen::ArrayXd& y = out[*mi];
  t.base = y[0];
  for (std::size_t k = 0; k < unc.size(); ++k) {
    TornadoBar b;
    b.input = d.spec().inputs[unc[k]].path;
    b.input_low = cols[unc[k]][static_cast<Eigen::Index>(1 + 2 * k)];
    b.input_high = cols[unc[k]][static_cast<Eigen::Index>(2 + 2 * k)];
    b.metric_low = y[static_cast<Eigen::Index>(1 + 2 * k)];
    b.metric_high = y[static_cast<Eigen::Index>(2 + 2 * k)];
    t.bars.push_back(b);
  }
  std::stable_sort(t.bars.begin(), t.bars.end(), [](const TornadoBar& a, const TornadoBar& b) { return a.swing() > b.swing(); });
  return t;
}

SobolResult Scenario::sobol(std::string_view metric, std::uint64_t base_samples, int bootstrap, std::uint64_t seed,
                            double confidence, SamplingMethod method) const {
  const auto& d = *d_;
  const auto mi = d.metric_index(metric);
  LLMCOST_REQUIRE(mi.has_value(), not_found, "llmcost.scenario.unknown_metric", "metric \"", detail::printable(metric),
                  "\" is not an output of a ", d.spec().kind, " scenario; metrics: ", detail::join(metric_names()));
  const auto p = detail::base_point_of(d);
  const auto unc = detail::uncertain_indices(d, p);
  LLMCOST_REQUIRE(!unc.empty(), invalid_input, "llmcost.sensitivity.no_uncertain_inputs",
                  "Sobol indices need at least one input given as a distribution");
  LLMCOST_REQUIRE(d.correlations.empty(), invalid_input, "llmcost.sensitivity.correlated_inputs",
                  "Sobol indices assume independent inputs, and this scenario correlates ", d.correlations.size(),
                  " pair(s) of inputs ([[correlation]])");
  BatchModel f = [&](const Eigen::ArrayXXd& u) -> Eigen::ArrayXd {
    auto cols = detail::point_columns(d, p, u.rows());
    for (std::size_t k = 0; k < unc.size(); ++k) cols[unc[k]] = apply_quantile(p.dist[unc[k]], u.col(static_cast<Eigen::Index>(k)));
    std::vector<Eigen::ArrayXd> out;
    detail::evaluate_rows(d, p, cols, out, {*mi}, "in the Sobol-index runs");
    return out[*mi];
  };
  const auto raw = sobol_indices(static_cast<int>(unc.size()), f, base_samples, bootstrap, seed, confidence, method);
  if (!std::isfinite(raw.variance)) {
    std::string names;
    for (std::size_t i : unc) names += detail::concat(names.empty() ? "" : ", ", d.spec().inputs[i].path);
    throw out_of_domain("llmcost.scenario.overflow",
                        detail::concat("the variance of ", metric, " is not a finite number: the uncertain inputs ", names,
                               " spread it too widely; narrow their distributions"));
  }
  SobolResult s;
  s.metric = std::string(metric);
  s.base_samples = base_samples;
  s.variance = raw.variance;
  s.confidence = confidence;
  for (std::size_t k = 0; k < unc.size(); ++k)
    s.indices.push_back({d.spec().inputs[unc[k]].path, raw.first[k], raw.first_low[k], raw.first_high[k], raw.total[k],
                         raw.total_low[k], raw.total_high[k]});
  return s;
}

Scenario::SensitivityRequest Scenario::sensitivity_request() const { return d_->sens; }
bool Scenario::has_uncertainty() const {
  return d_->has_mc_section || !detail::uncertain_indices(*d_, detail::base_point_of(*d_)).empty();
}
std::vector<std::string> Scenario::files() const { return d_->files; }

}  // namespace llmcost
