#pragma once
// Private to src/scenario/: the loaded scenario (ScenarioData) and what the reader
// (scenario_reader.cpp), the evaluation (scenario_eval.cpp) and the public API (scenario.cpp)
// share. Everything else stays in an anonymous namespace of its file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "llmcost/scenario/scenario.hpp"
#include "llmcost/sweep/mergeable_summary.hpp"
#include "scenario/models.hpp"

namespace llmcost::detail {

inline constexpr std::uint64_t kMaxSamples = 1ULL << 32;  // samples of a run (file or options)

struct Marker { std::string metric, label; double value = 0; };
struct IntervalSpec { std::string metric; double low = 0, high = 0; };
struct SweepAxis {
  std::size_t input = 0;
  std::vector<double> numbers;
  std::vector<std::string> texts;
  [[nodiscard]] std::size_t size() const { return texts.empty() ? numbers.size() : texts.size(); }
};

struct CorrelationSpec {
  std::size_t a = 0, b = 0;  // input indices, a < b
  double spearman = 0;       // Spearman rank correlation in (-1, 1)
};

// The Spearman matrix over `inputs` (unit diagonal; pairs not in `cs` are uncorrelated).
Eigen::MatrixXd spearman_matrix(const std::vector<CorrelationSpec>& cs, const std::vector<std::size_t>& inputs);

struct ScenarioData {
  std::string name, description, base;
  const BaseModel* model = nullptr;
  std::shared_ptr<const Catalog> catalog;  // chip lookups (the built-in one unless given at load)
  std::map<std::size_t, Distribution> num_over;
  std::map<std::size_t, std::string> text_over;
  // resolved point (after overrides)
  std::vector<std::string> text;
  std::vector<Distribution> dist;
  std::string sweep_mode = "grid";
  std::vector<SweepAxis> sweep;
  std::vector<CorrelationSpec> correlations;  // Gaussian copula with these rank correlations
  std::uint64_t samples = 10000, seed = 0;
  SamplingMethod method = SamplingMethod::random;
  std::vector<std::string> metrics;
  std::vector<double> percentiles{5, 50, 95};
  int bins = 20;
  std::vector<Marker> markers;
  std::vector<IntervalSpec> intervals;
  bool has_mc_section = false;
  Scenario::SensitivityRequest sens;
  std::vector<std::string> files;

  static Scenario make(std::shared_ptr<const ScenarioData> d) { return Scenario(std::move(d)); }
  [[nodiscard]] const Catalog& cat() const { return catalog ? *catalog : Catalog::builtin(); }
  [[nodiscard]] const BaseModelSpec& spec() const { return model->spec(); }
  [[nodiscard]] std::optional<std::size_t> input_index(std::string_view path) const {
    const auto& in = spec().inputs;
    for (std::size_t i = 0; i < in.size(); ++i)
      if (in[i].path == path) return i;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::size_t> metric_index(std::string_view metric) const {
    const auto& m = spec().metrics;
    for (std::size_t i = 0; i < m.size(); ++i)
      if (m[i].name == metric) return i;
    return std::nullopt;
  }
};
// ---- reading (scenario_reader.cpp) ------------------------------------------------------------
// The byte offset of the first control character of `s` (C0, DEL, or C1 as UTF-8 C2 80..9F),
// npos when none; `free_text` allows tab and line feed.
std::size_t control_at(std::string_view s, bool free_text);
// `s` safe to print: control characters as \xNN / \u00NN escapes, at most 80 bytes kept.
std::string printable(std::string_view s);
// Resolves text and numeric inputs with the given overrides (throws on bad text/values).
void resolve(const ScenarioData& d, const std::map<std::size_t, Distribution>& num_over,
             const std::map<std::size_t, std::string>& text_over, std::vector<std::string>& text,
             std::vector<Distribution>& dist);
// Parses one scenario text into `d` (TOML, or JSON when `json`); `extends` resolves against `dir`.
// `top`: the file (or text) being loaded, not one it extends; whole-scenario rules apply to it only.
void parse_into(ScenarioData& d, std::string_view text, const std::string& origin, const std::filesystem::path& dir,
                bool json, std::vector<std::string> chain, bool top);
// Reads the file at `path` and parses it into `d` (`chain`: the files extending it, for loops).
void load_into(ScenarioData& d, const std::filesystem::path& path, std::vector<std::string> chain, bool top);

// ---- evaluation (scenario_eval.cpp) -----------------------------------------------------------
// The inputs at one point of a scenario (the base point, or a sweep row).
struct Point {
  std::vector<std::string> text;
  std::vector<Distribution> dist;
};
// Run options with every default filled from the file.
struct Resolved {
  std::uint64_t samples, seed;
  SamplingMethod method;
  std::vector<std::string> metrics;
  std::vector<double> percentiles;
  int bins;
  unsigned threads;
};

// Numeric inputs that are distributions at `p`.
std::vector<std::size_t> uncertain_indices(const ScenarioData& d, const Point& p);
Point base_point_of(const ScenarioData& d);
// Every numeric input at its point value, `rows` times.
std::vector<Eigen::ArrayXd> point_columns(const ScenarioData& d, const Point& p, Eigen::Index rows);
// Evaluates explicit rows: values[i] is a column per input (text from p); the metrics `check`
// must be finite (`where` names the evaluation).
void evaluate_rows(const ScenarioData& d, const Point& p, const std::vector<Eigen::ArrayXd>& numeric,
                   std::vector<Eigen::ArrayXd>& out, const std::vector<std::size_t>& check, const std::string& where);
// Every metric at the point values of `p`.
std::vector<double> point_metrics(const ScenarioData& d, const Point& p, const std::string& where = "at the base point");
Resolved resolve_options(const ScenarioData& d, const RunOptions& o);
// Raw samples [begin, end) at `p` (threads as `r` says; results do not depend on them).
McSamples sample_point(const ScenarioData& d, const Point& p, const Resolved& r, std::uint64_t begin, std::uint64_t end,
                       const std::string& where = "");
// The mergeable summary of a run at `p` (RunSummariser's state): one builder per metric of `r`.
struct RunSummary {
  std::shared_ptr<const ScenarioData> keep;  // keeps `d` alive for a public RunSummariser
  const ScenarioData* d = nullptr;
  Point p;
  Resolved r;
  std::string where;
  std::vector<SummaryBuilder> builders;
};
std::shared_ptr<RunSummary> start_summary(const ScenarioData& d, const Point& p, const Resolved& r, std::string where);
// Closes a stage of every builder (throws out_of_domain [llmcost.scenario.overflow] for non-finite
// samples or summaries).
void advance_summary(RunSummary& s);
bool summary_done(const RunSummary& s);
McResult finish_summary(const RunSummary& s);
// The summary of samples at `p` as `run` gives it (the mergeable path with one partition).
McResult summarise_point(const ScenarioData& d, const Point& p, const McSamples& s, const Resolved& r,
                         const std::string& where = "at the base point");

}  // namespace llmcost::detail
