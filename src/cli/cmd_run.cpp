// `llmcost run FILE.toml`: a scenario file's base point, sweep, Monte Carlo summary and
// sensitivity. Output goes to stdout or atomically to --output (never over an input file).
#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/cli.hpp"
#include "llmcost/scenario/scenario.hpp"

namespace llmcost::cli {
namespace {

struct RunArgs {
  std::string file;
  std::uint64_t samples = 0;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> metrics;
  unsigned threads = 1;
  std::string method;
  Format format = Format::table;
  std::string output;
};

std::string num(double x) { return fmt::format("{:.6g}", x); }

// Samples in chunks so that a progress bar can be drawn once the run passes ~1 s.
McResult run_with_progress(const Scenario& s, const RunOptions& o) {
  const RunOptions full = s.resolved(o);
  const std::uint64_t n = full.samples;
  const std::uint64_t step = std::max<std::uint64_t>(65536, n / 50);
  const bool tty = isatty(fileno(stderr)) != 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<McSamples> chunks;
  bool drawn = false;
  for (std::uint64_t b = 0; b < n; b += step) {
    chunks.push_back(s.sample_range(full, b, std::min(n, b + step)));
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (tty && elapsed > 1.0) {
      const double frac = static_cast<double>(std::min(n, b + step)) / static_cast<double>(n);
      const int width = 40, filled = static_cast<int>(frac * width);
      std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << static_cast<int>(frac * 100)
                << "% " << fmt::format("{:.1f} s", elapsed) << std::flush;
      drawn = true;
    }
  }
  if (drawn) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
  return s.summarise(merge(std::move(chunks)), o);
}

void run_scenario(const RunArgs& a) {
  const Scenario s = Scenario::load(a.file);
  RunOptions o;
  o.samples = a.samples;
  o.seed = a.seed;
  o.metrics = a.metrics;
  o.threads = a.threads;
  if (a.method == "sobol") o.method = SamplingMethod::sobol;
  if (a.method == "random") o.method = SamplingMethod::random;
  const bool uncertain = s.has_uncertainty();
  std::optional<McResult> mc;
  if (uncertain) mc = run_with_progress(s, o);
  const auto base = s.base_point();
  const auto sweep = s.sweep(o, false);
  const auto req = s.sensitivity_request();
  std::vector<Tornado> tornados;
  std::vector<SobolResult> sobols;
  std::vector<std::string> sens_metrics = req.metrics.empty() ? a.metrics : req.metrics;
  if (sens_metrics.empty() && (req.tornado || req.sobol) && mc && !mc->metrics.empty())
    sens_metrics = {mc->metrics.front().metric};
  for (const auto& m : sens_metrics) {
    if (req.tornado) tornados.push_back(s.tornado(m));
    if (req.sobol) sobols.push_back(s.sobol(m, req.base_samples, req.bootstrap, o.seed.value_or(0)));
  }

  if (a.format == Format::json) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name();
    j["description"] = s.description();
    j["base"] = s.base();
    j["kind"] = s.kind();
    j["base_point"] = nlohmann::ordered_json::object();
    for (const auto& [k, v] : base) j["base_point"][k] = v;
    j["correlations"] = nlohmann::ordered_json::array();
    for (const auto& [x, y, rho] : s.correlations())
      j["correlations"].push_back({{"between", {x, y}}, {"rank_correlation", rho}});
    if (!sweep.rows.empty()) j["sweep"] = nlohmann::ordered_json::parse(to_json(sweep));
    if (mc) j["monte_carlo"] = nlohmann::ordered_json::parse(to_json(*mc));
    j["tornado"] = nlohmann::ordered_json::array();
    for (const auto& t : tornados) j["tornado"].push_back(nlohmann::ordered_json::parse(to_json(t)));
    j["sobol"] = nlohmann::ordered_json::array();
    for (const auto& t : sobols) j["sobol"].push_back(nlohmann::ordered_json::parse(to_json(t)));
    emit(j.dump(2) + "\n", a.output, s.files());
    return;
  }
  std::string out;
  const bool text = a.format == Format::table || a.format == Format::markdown;
  auto section = [&](const std::string& title, const Table& t) {
    if (text) out += (a.format == Format::markdown ? "### " : "") + title + "\n\n";
    out += t.render(a.format);
    out += "\n";
  };
  if (text) {
    out += (a.format == Format::markdown ? "## " : "") + fmt::format("Scenario: {} (base {}, {} model)\n", s.name(), s.base(), s.kind());
    if (!s.description().empty()) out += s.description() + "\n";
    out += "\n";
  }
  {
    Table t({"metric", "base point"});
    t.align_right({1});
    for (const auto& [k, v] : base) t.add_row({k, num(v)});
    if (text || (!mc && sweep.rows.empty())) section("Base point (every input at its point value)", t);
  }
  if (!sweep.rows.empty()) {
    std::vector<std::string> h = sweep.inputs;
    h.insert(h.end(), sweep.metrics.begin(), sweep.metrics.end());
    Table t(h);
    for (const auto& r : sweep.rows) {
      std::vector<std::string> row = r.inputs;
      for (double v : r.metrics) row.push_back(num(v));
      t.add_row(row);
    }
    section(fmt::format("Sweep ({})", sweep.mode), t);
  }
  if (mc) {
    std::vector<std::string> h{"metric", "unit", "base", "mean", "sd"};
    for (const auto& [p, v] : mc->metrics.front().percentiles) h.push_back(fmt::format("P{:g}", p));
    Table t(h);
    for (const auto& m : mc->metrics) {
      std::vector<std::string> row{m.metric, m.unit, num(m.base), num(m.mean), num(m.sd)};
      for (const auto& [p, v] : m.percentiles) row.push_back(num(v));
      t.add_row(row);
    }
    section(fmt::format("Monte Carlo ({} samples, {}, seed {})", mc->samples,
                        mc->method == SamplingMethod::sobol ? "Sobol QMC" : "random", mc->seed), t);
    if (!s.correlations().empty()) {
      Table c({"input", "input", "Spearman rank correlation"});
      c.align_right({2});
      for (const auto& [x, y, rho] : s.correlations()) c.add_row({x, y, fmt::format("{:+.2f}", rho)});
      section("Correlated inputs (Gaussian copula; marginals unchanged)", c);
    }
    Table mk({"metric", "point", "value", "P(X <= value)"});
    Table iv({"metric", "interval", "probability"});
    bool any_mk = false, any_iv = false;
    for (const auto& m : mc->metrics) {
      for (const auto& x : m.markers) { mk.add_row({m.metric, x.label, num(x.value), fmt::format("{:.3f}", x.cdf)}); any_mk = true; }
      for (const auto& x : m.intervals) {
        iv.add_row({m.metric, fmt::format("[{}, {}]", num(x.low), num(x.high)), fmt::format("{:.3f}", x.probability)});
        any_iv = true;
      }
    }
    if (any_mk) section("Marked points", mk);
    if (any_iv) section("Interval probabilities", iv);
  }
  for (const auto& tor : tornados) {
    Table t({"input", "low", "high", "metric at low", "metric at high", "swing"});
    for (const auto& b : tor.bars)
      t.add_row({b.input, num(b.input_low), num(b.input_high), num(b.metric_low), num(b.metric_high), num(b.swing())});
    section(fmt::format("Tornado: {} (base {}; inputs at P{:g}/P{:g})", tor.metric, num(tor.base), tor.q_low * 100, tor.q_high * 100), t);
  }
  for (const auto& so : sobols) {
    Table t({"input", "S_i", "S_i CI", "S_Ti", "S_Ti CI"});
    for (const auto& i : so.indices)
      t.add_row({i.input, fmt::format("{:.3f}", i.first), fmt::format("[{:.3f}, {:.3f}]", i.first_low, i.first_high),
                 fmt::format("{:.3f}", i.total), fmt::format("[{:.3f}, {:.3f}]", i.total_low, i.total_high)});
    section(fmt::format("Sobol indices: {} (N = {}, {:g}% bootstrap CI)", so.metric, so.base_samples, so.confidence * 100), t);
  }
  emit(out, a.output, s.files());
}

}  // namespace

void register_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario file: base point, sweep, Monte Carlo, sensitivity");
  cmd->add_option("file", args->file, "scenario file (.toml or .json)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--samples", args->samples, "Monte Carlo samples (default: the file's, else 10000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  cmd->add_option("--seed", args->seed, "random seed (default: the file's, else 0)");
  cmd->add_option("--metric", args->metrics, "metric(s) to report (default: the file's, else all)");
  cmd->add_option("--threads", args->threads, "worker threads (results do not depend on it)")->check(CLI::Range(1u, 256u));
  cmd->add_option("--method", args->method, "sampling: random or sobol (default: the file's)")
      ->check(CLI::IsMember({"random", "sobol"}));
  add_format_option(cmd, args->format, {Format::table, Format::json, Format::csv, Format::markdown});
  cmd->add_option("--output,-o", args->output, "write to this file (atomically) instead of stdout");
  cmd->callback([args] { run_scenario(*args); });
}

}  // namespace llmcost::cli
