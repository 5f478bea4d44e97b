#pragma once
// File: llmcost/scenario/scenario.hpp
//
// What-if analysis as files. A scenario names a base (a built-in claim such as
// "deepseek-v3", or another file via `extends`) and overrides inputs by path; any
// numeric input may be a distribution (sweep/distribution.hpp). From one scenario:
//   * the base point: every metric at the inputs' point values;
//   * a sweep: a grid (cartesian product) or zip (paired) table over [sweep] inputs;
//   * Monte Carlo / quasi-Monte Carlo (Sobol): per metric mean, sd, percentiles, histogram,
//     marked points (P(X ≤ published figure)) and interval probabilities;
//   * sensitivity: a one-at-a-time tornado and Sobol first-order/total indices
//     (Saltelli 2010 first-order, Jansen 1999 total) with bootstrap confidence intervals.
// The file format is documented in docs/scenarios.md (checked against `input_schema()`).
//
// Determinism: sample i uses only (seed, i) — each input draws from its own stream
// (seeded by seed, a stable hash of the input path and the block i / block_size), and
// Sobol point i is the i-th point of the sequence — so `sample_range(opts, b, e)` gives the
// same values whatever the thread count or partitioning, and `merge` + `summarise` of
// chunks equals `run` (used by the Python/Dask layer).
//
//   Scenario s = Scenario::load("examples/scenarios/deepseek-v3-true-cost.toml");
//   McResult r = s.run(RunOptions{.samples = 100000, .seed = 1});
//   r.metrics[0].percentiles;  s.tornado("program_cost_usd");  s.sobol("program_cost_usd");
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "llmcost/hardware/catalog.hpp"
#include "llmcost/provenance.hpp"
#include "llmcost/sweep/distribution.hpp"
#include "llmcost/sweep/mergeable_summary.hpp"
#include "llmcost/sweep/summary.hpp"

namespace llmcost {

namespace detail {
struct ScenarioData;
struct RunSummary;
}

/// One input a base model accepts (the schema; also what docs/scenarios.md documents).
struct InputSpec {
  std::string path;         ///< dotted path with the unit in the last part, e.g. "pricing.rental_usd_per_gpu_hour"
  std::string unit;         ///< human unit, e.g. "USD/GPU-h", "ratio", "tokens"
  std::string description;  ///< one line
  bool is_text = false;     ///< a name (chip, API, preset) rather than a number
  double min = 0;           ///< numeric domain [min, max] (inclusive unless min_exclusive)
  double max = Distribution::inf;
  bool min_exclusive = false;  ///< (min, max] instead of [min, max]
  std::vector<std::string> choices;  ///< text inputs: the accepted names (empty = any catalog name)
};

/// One output a base model computes.
struct MetricSpec {
  std::string name;         ///< with the unit in the name, e.g. "total_cost_usd"
  std::string unit;         ///< "USD", "GPU-h", "ratio", ...
  std::string description;
};

/// A base model (its kind) and the built-in bases (claims) that use it.
struct BaseModelSpec {
  std::string kind;                 ///< "training", "fleet", "price-ratio"
  std::string description;
  std::vector<std::string> bases;   ///< built-in base names, e.g. "deepseek-v3"
  std::vector<InputSpec> inputs;
  std::vector<MetricSpec> metrics;
};

/// Every base model with its inputs and metrics (the schema table).
const std::vector<BaseModelSpec>& input_schema();
/// Names of the built-in bases (`base = "..."`).
std::vector<std::string> builtin_bases();

/// Options of a Monte Carlo run. Zero / empty means "as the file says, else the default".
struct RunOptions {
  std::uint64_t samples = 0;          ///< in [1, 2^32]; default: [monte_carlo] samples, else 10,000
  /// Any value in [0, 2^64 − 1] (a file's [monte_carlo] seed is an integer in [0, 2^53]);
  /// default: [monte_carlo] seed, else 0. A front end must refuse negative text ("-1") rather
  /// than let it wrap to 2^64 − 1.
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;               ///< 0 = hardware concurrency; results do not depend on it
  std::optional<SamplingMethod> method;  ///< default: [monte_carlo] method, else random
  std::vector<std::string> metrics;   ///< each at most once; default: [monte_carlo] metrics, else all
  std::vector<double> percentiles;    ///< in [0, 100]; default: file, else 5, 50, 95
  int histogram_bins = 0;             ///< default: file, else 20
};

/// Raw samples of some metrics for sample indices [begin, end) (one chunk of a run).
struct McSamples {
  std::uint64_t begin = 0, end = 0;
  std::vector<std::string> metrics;          ///< metric names
  std::vector<std::vector<double>> values;   ///< values[m][i - begin], in the metric's unit
};

/// Concatenates chunks in index order (any input order); throws invalid_input
/// [llmcost.scenario.chunks] when they overlap, leave gaps or name different metrics.
McSamples merge(std::vector<McSamples> chunks);

/// Summary of a run: one entry per chosen metric.
struct McResult {
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  SamplingMethod method = SamplingMethod::random;
  std::vector<MetricSummary> metrics;
};

/// One bar of a tornado: the metric with one input at its low and its high.
struct TornadoBar {
  std::string input;
  double input_low = 0, input_high = 0;    ///< the input's P(q_low) and P(q_high) [input unit]
  double metric_low = 0, metric_high = 0;  ///< metric with the input there, others at point values
  [[nodiscard]] double swing() const { return metric_high > metric_low ? metric_high - metric_low : metric_low - metric_high; }
};
struct Tornado {
  std::string metric;
  double base = 0;
  double q_low = 0.05, q_high = 0.95;
  std::vector<TornadoBar> bars;  ///< sorted by swing, largest first
};

/// Sobol indices of one input with bootstrap confidence intervals.
struct SobolIndex {
  std::string input;
  double first = 0, first_low = 0, first_high = 0;  ///< S_i and its CI
  double total = 0, total_low = 0, total_high = 0;  ///< S_Ti and its CI
};
struct SobolResult {
  std::string metric;
  std::uint64_t base_samples = 0;   ///< N (the model is evaluated N·(k + 2) times)
  double variance = 0;
  double confidence = 0.95;
  std::vector<SobolIndex> indices;  ///< in input order
};

/// One row of a sweep: the swept inputs' values and every metric (base point, plus
/// Monte Carlo mean/P5/P95 per metric when `with_uncertainty`).
struct SweepRow {
  std::vector<std::string> inputs;  ///< formatted values of the swept inputs (numbers or names)
  std::vector<double> metrics;      ///< in `SweepTable::metrics` order
};
struct SweepTable {
  std::string mode;                 ///< "grid" or "zip"
  std::vector<std::string> inputs;  ///< swept input paths
  std::vector<std::string> metrics; ///< metric names (with "_mean"/"_p5"/"_p95" columns when uncertain)
  std::vector<SweepRow> rows;
};

/// The staged, mergeable summary of one run (sweep/mergeable_summary.hpp): how `run`,
/// `summarise`, sweeps with uncertainty and llmcost.dask summarise samples, one stage at a time
/// over any number of partitions (chunks of McSamples), with the same result bit for bit.
///
///   RunSummariser s = scenario.summariser(options);
///   while (!s.done()) {
///     for (const McSamples& chunk : chunks) s.add(summary_parts(chunk, s.requests()));
///     s.advance();
///   }
///   McResult r = s.result();
class RunSummariser {
 public:
  explicit RunSummariser(std::shared_ptr<detail::RunSummary> s) : s_(std::move(s)) {}
  [[nodiscard]] bool done() const;
  [[nodiscard]] std::vector<std::string> metrics() const;     ///< the run's metrics, in order
  [[nodiscard]] std::vector<SummaryRequest> requests() const; ///< one per metric
  /// Merges one partition's parts (one per metric) of the current stage.
  void add(const std::vector<SummaryPart>& parts);
  /// Closes the stage. @throws out_of_domain [llmcost.scenario.overflow] when a metric is NaN or
  /// infinite on some samples, or its summary is not finite.
  void advance();
  /// The summary; only once done(). `samples` counts the samples merged.
  [[nodiscard]] McResult result() const;

 private:
  std::shared_ptr<detail::RunSummary> s_;
};
/// The parts of one chunk of samples for `requests` (one per metric, in the chunk's metric order).
std::vector<SummaryPart> summary_parts(const McSamples& chunk, const std::vector<SummaryRequest>& requests);

/// A loaded, validated scenario (immutable; cheap to copy).
///
/// Every chip name (`cluster.chip`, sweeps over it) and every chip-derived default is looked
/// up in the catalog given at load (default: the built-in one), e.g.
/// `Scenario::load(path, Catalog::builtin().merged(Catalog::from_file("my_chips.toml")))`.
/// The scenario keeps its own copy of the catalog.
class Scenario {
 public:
  /// Loads a TOML (or .json) file, following `extends` (the extended files use the same catalog).
  /// @throws invalid_input [llmcost.scenario.invalid] listing every problem as file:line:col;
  ///         io_error [llmcost.scenario.io] when a file cannot be read (missing, a directory,
  ///         a symbolic-link loop, not a regular file, unreadable).
  static Scenario load(const std::filesystem::path& path, const Catalog& catalog = Catalog::builtin());
  /// Parses TOML text; `extends` is resolved against `base_dir`.
  static Scenario from_toml(std::string_view text, std::string origin = "<string>",
                            const std::filesystem::path& base_dir = {},
                            const Catalog& catalog = Catalog::builtin());
  /// Parses JSON text with the same schema (problems carry JSON-pointer paths; a key given
  /// twice in one object is an error).
  static Scenario from_json(std::string_view text, std::string origin = "<json>",
                            const std::filesystem::path& base_dir = {},
                            const Catalog& catalog = Catalog::builtin());

  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] const std::string& description() const;
  [[nodiscard]] const std::string& base() const;   ///< built-in base name
  [[nodiscard]] const std::string& kind() const;   ///< base model kind
  [[nodiscard]] std::vector<std::string> metric_names() const;
  /// Numeric inputs that are distributions, in schema order.
  [[nodiscard]] std::vector<std::string> uncertain_inputs() const;
  /// Defaults that stand in for data the catalog lacks and that the file did not override, one
  /// sentence each naming the input, the stand-in and its source (e.g. a chip without a purchase
  /// price priced at the H100's under ownership). Empty when none.
  [[nodiscard]] std::vector<std::string> notes() const;
  /// Rank-correlated input pairs ([[correlation]] entries, after extends): (path, path, Spearman ρ).
  /// Monte Carlo samples them with a Gaussian copula; Sobol indices refuse them.
  [[nodiscard]] std::vector<std::tuple<std::string, std::string, double>> correlations() const;
  /// The distribution (or fixed value) of a numeric input after overrides.
  /// @throws not_found [llmcost.scenario.unknown_input].
  [[nodiscard]] Distribution input(std::string_view path) const;
  /// Every metric at the inputs' point values.
  /// @throws out_of_domain [llmcost.scenario.overflow] naming the inputs when a metric is not a
  ///         finite number (finite inputs that are too extreme together); so do every run,
  ///         sweep, tornado and Sobol evaluation below.
  [[nodiscard]] std::vector<std::pair<std::string, double>> base_point() const;
  /// A copy with `path` set to `value` (numeric) — the programmatic form of an override.
  [[nodiscard]] Scenario with(std::string_view path, const Distribution& value) const;
  [[nodiscard]] Scenario with(std::string_view path, std::string text) const;

  /// `options` with every default filled from the file (samples, seed, method, metrics,
  /// percentiles, bins; threads = hardware concurrency when 0). Throws for an unknown metric.
  [[nodiscard]] RunOptions resolved(const RunOptions& options = {}) const;
  /// Monte Carlo summary.
  [[nodiscard]] McResult run(const RunOptions& options = {}) const;
  /// Raw samples for indices [begin, end) — identical to the same indices of any other run
  /// with the same seed/method (the unit of work of a partitioned run).
  [[nodiscard]] McSamples sample_range(const RunOptions& options, std::uint64_t begin, std::uint64_t end) const;
  /// Summarises merged samples as `run` would (deterministic: depends only on the values).
  [[nodiscard]] McResult summarise(const McSamples& samples, const RunOptions& options = {}) const;
  /// The mergeable summary of a run with `options` at the base point (RunSummariser).
  [[nodiscard]] RunSummariser summariser(const RunOptions& options = {}) const;
  /// Rows [begin, end) of the sweep table (grid order; `sweep_rows()` rows in all): the unit of
  /// work of a distributed sweep. sweep() = sweep_range(…, 0, sweep_rows()).
  [[nodiscard]] SweepTable sweep_range(const RunOptions& options, bool with_uncertainty, std::size_t begin,
                                       std::size_t end) const;
  [[nodiscard]] std::size_t sweep_rows() const;

  /// The sweep table ([sweep] section; empty `rows` when the file has none).
  [[nodiscard]] SweepTable sweep(const RunOptions& options = {}, bool with_uncertainty = false) const;
  /// One-at-a-time tornado over the uncertain inputs (each at its q_low/q_high quantile).
  /// @throws invalid_input [llmcost.sensitivity.no_uncertain_inputs] when no input is uncertain.
  [[nodiscard]] Tornado tornado(std::string_view metric, double q_low = 0.05, double q_high = 0.95) const;
  /// Sobol first-order and total indices of the uncertain inputs for `metric`, from
  /// N·(k + 2) model runs, with `bootstrap` resamples for the CIs. `seed`: any 64-bit value.
  [[nodiscard]] SobolResult sobol(std::string_view metric, std::uint64_t base_samples = 4096,
                                  int bootstrap = 200, std::uint64_t seed = 0, double confidence = 0.95,
                                  SamplingMethod method = SamplingMethod::sobol) const;

  /// What the file asks for under [sensitivity] (defaults when absent).
  struct SensitivityRequest {
    bool tornado = false, sobol = false;
    std::vector<std::string> metrics;
    std::uint64_t base_samples = 4096;
    int bootstrap = 200;
  };
  [[nodiscard]] SensitivityRequest sensitivity_request() const;
  /// Whether the file has [monte_carlo] or any distribution.
  [[nodiscard]] bool has_uncertainty() const;
  /// The files read (this one and every `extends`), for "never overwrite an input".
  [[nodiscard]] std::vector<std::string> files() const;

 private:
  explicit Scenario(std::shared_ptr<const detail::ScenarioData> d) : d_(std::move(d)) {}
  std::shared_ptr<const detail::ScenarioData> d_;
  friend struct detail::ScenarioData;
};

/// Renderings used by `llmcost run` (and Python's `to_json`). `format` is "table", "json",
/// "csv" or "markdown". JSON keys carry units in their names.
std::string to_json(const McResult& r, int indent = 2);
std::string to_json(const Tornado& t, int indent = 2);
std::string to_json(const SobolResult& s, int indent = 2);
std::string to_json(const SweepTable& t, int indent = 2);
/// The documents of `to_json` read back (what `llmcost run --scheduler` receives from llmcost.dask).
/// @throws invalid_input [llmcost.scenario.result_json] for any other text.
McResult mc_result_from_json(std::string_view json);
SweepTable sweep_table_from_json(std::string_view json);

}  // namespace llmcost
