// `llmcost run FILE.toml`: a scenario file's base point, sweep, Monte Carlo summary and
// sensitivity. With --scheduler (or $LLMCOST_DASK_SCHEDULER) the Monte Carlo summary and the
// sweep run on a Dask cluster through `python3 -m llmcost.dask` (the same numbers, bit for bit). Tables show every value with its unit ("$5.576M", "2.788M GPU·h") after a
// headline (P(metric ≤ each marked figure)); CSV and JSON carry raw numbers. Output goes to
// stdout or to --output (cli/output_file.hpp: never over an input file, never destroying a
// device, FIFO or symlink).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.hpp"
#include "llmcost/format.hpp"
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
  std::string scheduler;  // tcp://HOST:PORT of a Dask scheduler (--scheduler, else $LLMCOST_DASK_SCHEDULER)
  std::string catalog;    // the global --catalog file, passed on to llmcost.dask
};

// Units of a base model's metrics and inputs, from the schema ("USD", "GPU-h", "ratio", ...).
struct Units {
  std::map<std::string, std::string> metric, input;
  [[nodiscard]] std::string of_metric(std::string name) const {
    for (const char* suffix : {"_mean", "_p5", "_p95"}) {  // sweep columns with uncertainty
      const std::string sfx = suffix;
      if (name.size() > sfx.size() && name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0 &&
          !metric.contains(name))
        name.resize(name.size() - sfx.size());
    }
    const auto it = metric.find(name);
    return it == metric.end() ? std::string() : it->second;
  }
  [[nodiscard]] std::string of_input(const std::string& path) const {
    const auto it = input.find(path);
    return it == input.end() ? std::string() : it->second;
  }
};

Units units_of(const std::string& kind) {
  Units u;
  for (const auto& spec : input_schema()) {
    if (spec.kind != kind) continue;
    for (const auto& m : spec.metrics) u.metric[m.name] = m.unit;
    for (const auto& i : spec.inputs) u.input[i.path] = i.unit;
  }
  return u;
}

// A value in a schema unit, for people: "$5.576M", "2.788M GPU·h", "54.2 days", "0.3894".
std::string human(double v, const std::string& unit) {
  if (unit == "USD") return format(usd(v));
  if (unit == "GPU-h") return format(gpu_hours(v));
  if (unit == "days") return format(days(v));
  if (unit == "FLOP") return format(flop(v));
  if (unit == "FLOP/token") return format(flop(v)) + "/token";
  if (unit == "USD/GPU-h") return format(usd_per_gpu_hour(v));
  if (unit == "USD/Mtok") return format(usd_per_mtok(v));
  if (unit == "USD/kWh") return format(usd_per_kwh(v));
  if (unit == "USD/GPU") return format(usd(v)) + "/GPU";
  if (unit == "tokens") return format(token_count(v));
  if (unit == "GPUs") return format(gpu_count(v));
  if (unit == "W") return format(watts(v));
  if (unit == "years") return plain_number(v) + " years";
  if (unit == "1/year") return plain_number(v) + "/year";
  if (unit == "ratio" || unit.empty()) return plain_number(v);
  return plain_number(v) + " " + unit;
}

// Machine-readable: the shortest text that reads back as the same double.
std::string raw(double v) { return fmt::format("{}", v); }

// "final_run_cost_usd" -> "final run cost", "numerator_usd_per_task" -> "numerator cost per task".
std::string metric_title(std::string name) {
  const std::string usd_suffix = "_usd";
  if (name.size() > usd_suffix.size() && name.ends_with(usd_suffix)) name.resize(name.size() - usd_suffix.size());
  if (const std::size_t at = name.find("_usd_per_"); at != std::string::npos) name.replace(at, 9, "_cost_per_");
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// Display clean-ups that hold in every format: a standard deviation that is rounding noise
// around a constant prints as 0, and Sobol confidence bounds are clipped to [0, 1] (the
// indices are variance shares; a bootstrap bound outside is estimator noise).
void tidy(McResult& r) {
  for (auto& m : r.metrics)
    if (std::fabs(m.sd) < 1e-12 * std::fabs(m.mean)) m.sd = 0;
}
void tidy(SobolResult& r) {
  for (auto& i : r.indices)
    for (double* bound : {&i.first_low, &i.first_high, &i.total_low, &i.total_high}) *bound = std::clamp(*bound, 0.0, 1.0);
}

// Samples in chunks so that a progress bar can be drawn once the run passes ~1 s; the chunks are
// summarised as partitions (the same numbers as one block).
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
  // The chunks are the partitions of the mergeable summary: no merged copy of the samples.
  RunSummariser summary = s.summariser(o);
  while (!summary.done()) {
    for (const auto& c : chunks) summary.add(summary_parts(c, summary.requests()));
    summary.advance();
  }
  return summary.result();
}

// ---- the Dask engine (llmcost.dask) ---------------------------------------------------------------
// The interpreter that runs `-m llmcost.dask`: $LLMCOST_PYTHON, else /usr/bin/python3 when it
// exists, else python3 on PATH.
std::string python_interpreter() {
  if (const char* p = std::getenv("LLMCOST_PYTHON"); p && *p) return p;
  if (std::filesystem::exists("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

// Where the interpreter finds the llmcost package: $LLMCOST_PYTHONPATH, else the build tree's
// python/ next to this executable (build/bin/llmcost -> build/python/llmcost), else its own path.
std::string python_path() {
  if (const char* p = std::getenv("LLMCOST_PYTHONPATH"); p && *p) return p;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto dir = exe.parent_path().parent_path() / "python";
    if (std::filesystem::exists(dir / "llmcost" / "__init__.py", ec)) return dir.string();
  }
  return {};
}

// Runs `python -m llmcost.dask ARGS...` and returns its stdout (its stderr goes to ours).
std::string run_python_dask(const std::vector<std::string>& args) {
  const std::string python = python_interpreter();
  std::vector<std::string> argv_s{python, "-m", "llmcost.dask"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (const std::string path = python_path(); !path.empty()) {
    const char* old = std::getenv("PYTHONPATH");
    const std::string joined = old && *old ? path + ":" + old : path;
    ::setenv("PYTHONPATH", joined.c_str(), 1);
  }
  int fd[2];
  if (::pipe(fd) != 0) throw io_error("llmcost.dask.python", "cannot create a pipe to the Python interpreter");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fd[0]);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fd[1]);
  if (rc != 0) {
    ::close(fd[0]);
    throw io_error("llmcost.dask.python",
                   fmt::format("cannot run the Python interpreter \"{}\" ({}); --scheduler runs `{} -m llmcost.dask`: "
                               "set LLMCOST_PYTHON to a python3 that has llmcost, numpy and dask.distributed",
                               python, std::strerror(rc), python));
  }
  std::string out;
  char buf[65536];
  for (ssize_t got; (got = ::read(fd[0], buf, sizeof buf)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(buf, static_cast<std::size_t>(got));
  }
  ::close(fd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  if (code == 3)
    throw not_found("llmcost.dask.missing",
                    fmt::format("{} cannot import dask.distributed (its message is above): install it on this host "
                                "(apt install python3-distributed) or set LLMCOST_PYTHON", python));
  if (code == 4)
    throw io_error("llmcost.dask.scheduler", "the Dask scheduler cannot be reached (the message is above)");
  if (code != 0)
    throw io_error("llmcost.dask.failed", fmt::format("`{} -m llmcost.dask run ...` exited with status {} (its "
                                                      "message is above); PYTHONPATH={}",
                                                      python, code, python_path().empty() ? "(unchanged)" : python_path()));
  return out;
}

// The Monte Carlo summary and the sweep table from a Dask scheduler, as the local run gives them.
void run_on_dask(const RunArgs& a, bool monte_carlo, bool sweep, std::optional<McResult>& mc,
                 SweepTable& table) {
  std::vector<std::string> args{"run", std::filesystem::absolute(a.file).string(), "--scheduler", a.scheduler};
  if (!a.catalog.empty()) args.insert(args.end(), {"--catalog", std::filesystem::absolute(a.catalog).string()});
  if (a.samples) args.insert(args.end(), {"--samples", std::to_string(a.samples)});
  if (a.seed) args.insert(args.end(), {"--seed", std::to_string(*a.seed)});
  for (const auto& m : a.metrics) args.insert(args.end(), {"--metric", m});
  if (!a.method.empty()) args.insert(args.end(), {"--method", a.method});
  if (monte_carlo) args.emplace_back("--monte-carlo");
  if (sweep) args.emplace_back("--sweep");
  const std::string out = run_python_dask(args);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(out);
  } catch (const nlohmann::json::exception&) {
    throw io_error("llmcost.dask.failed", "llmcost.dask printed something other than its JSON document: " +
                                              escape_control(out.substr(0, 200)));
  }
  if (j.contains("monte_carlo")) mc = mc_result_from_json(j["monte_carlo"].dump());
  if (j.contains("sweep")) table = sweep_table_from_json(j["sweep"].dump());
}

void run_scenario(const RunArgs& a) {
  const Scenario s = Scenario::load(a.file, active_catalog());
  RunOptions o;
  o.samples = a.samples;
  o.seed = a.seed;
  o.metrics = a.metrics;
  o.threads = a.threads;
  if (a.method == "sobol") o.method = SamplingMethod::sobol;
  if (a.method == "random") o.method = SamplingMethod::random;
  const bool uncertain = s.has_uncertainty();
  std::optional<McResult> mc;
  SweepTable sweep;
  // With a scheduler, the Monte Carlo and the sweep go to Dask (when the file has either).
  const bool distribute = !a.scheduler.empty() && (uncertain || s.sweep_rows() > 0);
  if (distribute) run_on_dask(a, uncertain, s.sweep_rows() > 0, mc, sweep);
  else if (uncertain) mc = run_with_progress(s, o);
  if (!distribute || s.sweep_rows() == 0) sweep = s.sweep(o, false);
  if (mc) tidy(*mc);
  const auto base = s.base_point();
  const auto req = s.sensitivity_request();
  std::vector<Tornado> tornados;
  std::vector<SobolResult> sobols;
  std::vector<std::string> sens_metrics = req.metrics.empty() ? a.metrics : req.metrics;
  if (sens_metrics.empty() && (req.tornado || req.sobol) && mc && !mc->metrics.empty())
    sens_metrics = {mc->metrics.front().metric};
  for (const auto& m : sens_metrics) {
    if (req.tornado) tornados.push_back(s.tornado(m));
    if (req.sobol) {
      sobols.push_back(s.sobol(m, req.base_samples, req.bootstrap, o.seed.value_or(0)));
      tidy(sobols.back());
    }
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
    j["notes"] = s.notes();  // defaults that stand in for data the catalog lacks
    // A name that is not valid UTF-8 is printed with U+FFFD rather than failing the run.
    emit(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", a.output, s.files());
    return;
  }
  const Units units = units_of(s.kind());
  const bool csv = a.format == Format::csv;
  // A value in `unit`: raw in CSV (machine-readable), with its unit for people otherwise.
  auto cell = [&](double v, const std::string& unit) { return csv ? raw(v) : human(v, unit); };
  auto probability = [](double p) { return fmt::format("{:.3f}", p); };
  std::string out;
  const bool text = !csv;
  const bool md = a.format == Format::markdown;
  auto section = [&](const std::string& title, const Table& t) {
    if (text) out += (md ? "### " : "") + escape_control(title) + "\n\n";
    out += t.render(a.format);
    out += "\n";
  };
  if (text) {
    out += (md ? "## " : "") + fmt::format("Scenario: {} (base {}, {} model)\n", escape_control(s.name()),
                                           escape_control(s.base()), escape_control(s.kind()));
    if (!s.description().empty()) out += escape_control(s.description()) + "\n";
    // The headline first: how likely each marked figure (e.g. a published cost) and each
    // stated interval is.
    std::string headline;
    if (mc)
      for (const auto& m : mc->metrics)
        for (const auto& x : m.markers) {
          const std::string claim =
              fmt::format("P({} ≤ {}) = {}", metric_title(m.metric), human(x.value, m.unit), probability(x.cdf));
          headline += md ? fmt::format("**{}** ({})  \n", claim, escape_control(x.label))
                         : fmt::format("{}   ({})\n", claim, escape_control(x.label));
        }
    if (mc)
      for (const auto& m : mc->metrics)
        for (const auto& x : m.intervals) {
          const std::string claim = fmt::format("P({} ≤ {} ≤ {}) = {}", human(x.low, m.unit), metric_title(m.metric),
                                                human(x.high, m.unit), probability(x.probability));
          headline += md ? "**" + claim + "**  \n" : claim + "\n";
        }
    if (!headline.empty()) out += "\n" + headline;
    out += "\n";
  }
  {
    Table t(csv ? std::vector<std::string>{"metric", "unit", "base_point"}
                : std::vector<std::string>{"metric", "base point"});
    t.align_right({csv ? std::size_t{2} : std::size_t{1}});
    for (const auto& [k, v] : base) {
      const std::string unit = units.of_metric(k);
      t.add_row(csv ? std::vector<std::string>{k, unit, raw(v)} : std::vector<std::string>{k, human(v, unit)});
    }
    if (text || (!mc && sweep.rows.empty())) section("Base point (every input at its point value)", t);
  }
  if (!sweep.rows.empty()) {
    std::vector<std::string> h = sweep.inputs;
    h.insert(h.end(), sweep.metrics.begin(), sweep.metrics.end());
    Table t(h);
    std::vector<std::size_t> right;
    for (std::size_t i = sweep.inputs.size(); i < h.size(); ++i) right.push_back(i);
    t.align_right(right);
    for (const auto& r : sweep.rows) {
      std::vector<std::string> row;
      for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        // Swept numbers come as text ("0.3894"); show them in their unit, names as they are.
        const std::string& v = r.inputs[i];
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        const bool number = !v.empty() && end == v.c_str() + v.size();
        row.push_back(number && !csv ? human(x, units.of_input(sweep.inputs[i])) : v);
      }
      for (std::size_t i = 0; i < r.metrics.size(); ++i) row.push_back(cell(r.metrics[i], units.of_metric(sweep.metrics[i])));
      t.add_row(row);
    }
    section(fmt::format("Sweep ({})", sweep.mode), t);
  }
  if (mc) {
    std::vector<std::string> h{"metric"};
    if (csv) h.push_back("unit");
    for (const char* c : {"base", "mean", "sd"}) h.emplace_back(c);
    if (!mc->metrics.empty())
      for (const auto& [p, v] : mc->metrics.front().percentiles) h.push_back(fmt::format("P{:g}", p));
    Table t(h);
    std::vector<std::size_t> right;
    for (std::size_t i = csv ? 2 : 1; i < h.size(); ++i) right.push_back(i);
    t.align_right(right);
    for (const auto& m : mc->metrics) {
      std::vector<std::string> row{m.metric};
      if (csv) row.push_back(m.unit);
      for (double v : {m.base, m.mean, m.sd}) row.push_back(cell(v, m.unit));
      for (const auto& [p, v] : m.percentiles) row.push_back(cell(v, m.unit));
      t.add_row(row);
    }
    section(fmt::format("Monte Carlo ({} samples, {}, seed {})", mc->samples,
                        mc->method == SamplingMethod::sobol ? "Sobol QMC" : "random", mc->seed), t);
    if (!s.correlations().empty()) {
      Table c({"input", "input", "Spearman rank correlation"});
      c.align_right({2});
      for (const auto& [x, y, rho] : s.correlations()) c.add_row({x, y, csv ? raw(rho) : fmt::format("{:+.2f}", rho)});
      section("Correlated inputs (Gaussian copula; marginals unchanged)", c);
    }
    Table mk({"metric", "point", "value", "P(X <= value)"});
    mk.align_right({2, 3});
    Table iv(csv ? std::vector<std::string>{"metric", "low", "high", "probability"}
                 : std::vector<std::string>{"metric", "interval", "probability"});
    iv.align_right(csv ? std::vector<std::size_t>{1, 2, 3} : std::vector<std::size_t>{1, 2});
    bool any_mk = false, any_iv = false;
    for (const auto& m : mc->metrics) {
      for (const auto& x : m.markers) {
        mk.add_row({m.metric, x.label, cell(x.value, m.unit), csv ? raw(x.cdf) : probability(x.cdf)});
        any_mk = true;
      }
      for (const auto& x : m.intervals) {
        if (csv) iv.add_row({m.metric, raw(x.low), raw(x.high), raw(x.probability)});
        else iv.add_row({m.metric, fmt::format("[{}, {}]", human(x.low, m.unit), human(x.high, m.unit)), probability(x.probability)});
        any_iv = true;
      }
    }
    if (any_mk) section("Marked points", mk);
    if (any_iv) section("Interval probabilities", iv);
  }
  for (const auto& tor : tornados) {
    const std::string mu = units.of_metric(tor.metric);
    Table t({"input", "low", "high", "metric at low", "metric at high", "swing"});
    t.align_right({1, 2, 3, 4, 5});
    for (const auto& b : tor.bars) {
      const std::string iu = units.of_input(b.input);
      t.add_row({b.input, cell(b.input_low, iu), cell(b.input_high, iu), cell(b.metric_low, mu), cell(b.metric_high, mu),
                 cell(b.swing(), mu)});
    }
    section(fmt::format("Tornado: {} (base {}; inputs at P{:g}/P{:g})", tor.metric, human(tor.base, mu), tor.q_low * 100,
                        tor.q_high * 100),
            t);
  }
  for (const auto& so : sobols) {
    Table t(csv ? std::vector<std::string>{"input", "S_i", "S_i_low", "S_i_high", "S_Ti", "S_Ti_low", "S_Ti_high"}
                : std::vector<std::string>{"input", "S_i", "S_i CI", "S_Ti", "S_Ti CI"});
    for (const auto& i : so.indices) {
      if (csv)
        t.add_row({i.input, raw(i.first), raw(i.first_low), raw(i.first_high), raw(i.total), raw(i.total_low),
                   raw(i.total_high)});
      else
        t.add_row({i.input, fmt::format("{:.3f}", i.first), fmt::format("[{:.3f}, {:.3f}]", i.first_low, i.first_high),
                   fmt::format("{:.3f}", i.total), fmt::format("[{:.3f}, {:.3f}]", i.total_low, i.total_high)});
    }
    section(fmt::format("Sobol indices: {} (N = {}, {:g}% bootstrap CI)", so.metric, so.base_samples, so.confidence * 100), t);
  }
  // Defaults that stand in for data the catalog lacks are named on stderr (CSV and tables alike).
  for (const auto& note : s.notes()) warn(note);
  emit(out, a.output, s.files());
}

}  // namespace

void register_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario file: base point, sweep, Monte Carlo, sensitivity");
  cmd->add_option("file", args->file, "scenario file (.toml or .json)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--samples", args->samples, "Monte Carlo samples (default: the file's, else 10000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  // CLI11 reads an unsigned option with strtoull (base 0), which wraps "-1" to 2^64 - 1 and
  // reads "010" as octal: accept decimal digits only, leading zeros dropped.
  cmd->add_option("--seed", args->seed, "random seed, 0..18446744073709551615 (default: the file's, else 0)")
      ->transform(CLI::Validator(
          [](std::string& value) -> std::string {
            const std::string max = "18446744073709551615";
            std::string v = value;
            v.erase(0, std::min(v.find_first_not_of('0'), v.size() - 1));  // "007" -> "7", "0" stays
            const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            const bool fits = v.size() < max.size() || (v.size() == max.size() && v <= max);
            if (digits && fits) {
              value = v;
              return {};
            }
            return "must be a whole number in 0..18446744073709551615, not \"" + value + "\"";
          },
          ""));
  cmd->add_option("--metric", args->metrics, "metric(s) to report (default: the file's, else all)");
  cmd->add_option("--threads", args->threads, "worker threads (results do not depend on it)")->check(CLI::Range(1u, 256u));
  cmd->add_option("--method", args->method, "sampling: random or sobol (default: the file's)")
      ->check(CLI::IsMember({"random", "sobol"}));
  add_format_option(cmd, args->format, {Format::table, Format::json, Format::csv, Format::markdown});
  cmd->add_option("--output,-o", args->output, "write to this file instead of stdout: replaced atomically; a symlink's target is replaced; devices and "
                  "FIFOs are written in place (docs/output.md)");
  cmd->add_option("--scheduler", args->scheduler,
                  "run the Monte Carlo and the sweep on this Dask scheduler (tcp://HOST:PORT; default "
                  "$LLMCOST_DASK_SCHEDULER, else locally) through `python3 -m llmcost.dask` ($LLMCOST_PYTHON; "
                  "docs/python.md); the results are the same");
  cmd->callback([args, &app] {
    if (const CLI::Option* c = app.get_option_no_throw("--catalog"); c && c->count() > 0) args->catalog = c->as<std::string>();
    if (args->scheduler.empty())
      if (const char* env = std::getenv("LLMCOST_DASK_SCHEDULER"); env && *env) args->scheduler = env;
    run_scenario(*args);
  });
}

}  // namespace llmcost::cli
