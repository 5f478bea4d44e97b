// Scenario files: loading (TOML/JSON, extends, overrides, every problem with file:line:col),
// Monte Carlo, sweeps and sensitivity (see scenario/scenario.hpp).
#include "llmcost/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/error.hpp"
#include "llmcost/sweep/monte_carlo.hpp"
#include "llmcost/sweep/sobol_indices.hpp"
#include "scenario/models.hpp"

namespace llmcost {

namespace detail {

inline constexpr std::size_t kMaxArray = 100000;       // elements in any array
inline constexpr std::size_t kMaxSweepRows = 1000000;  // rows of a sweep
inline constexpr int kMaxExtendsDepth = 16;
inline constexpr std::uint64_t kMaxSamples = 1ULL << 32;

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

// The scenario's own reference to `c`: the built-in catalog is shared, any other copied.
std::shared_ptr<const Catalog> share(const Catalog& c) {
  if (&c == &Catalog::builtin()) return {std::shared_ptr<const Catalog>(), &c};  // static: no owner needed
  return std::make_shared<const Catalog>(c);
}

namespace {

constexpr const char* kInvalid = "llmcost.scenario.invalid";

// The byte offset of the first control character of `s` (C0, DEL, or C1 as UTF-8 C2 80..9F),
// npos when none; `free_text` allows tab and line feed.
std::size_t control_at(std::string_view s, bool free_text) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && !(free_text && (c == '\t' || c == '\n'))) return i;
    if (c == 0x7f) return i;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f)
      return i;
  }
  return std::string_view::npos;
}

// `s` safe to print: control characters as \xNN / \u00NN escapes, at most 80 bytes kept.
std::string printable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < 80; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[i + 1]));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > 80) out += "...";
  return out;
}

double domain_low(const InputSpec& s) {
  return s.min_exclusive ? std::nextafter(s.min, Distribution::inf) : s.min;
}

// Resolves text and numeric inputs with the given overrides (throws on bad text/values).
void resolve(const ScenarioData& d, const std::map<std::size_t, Distribution>& num_over,
             const std::map<std::size_t, std::string>& text_over, std::vector<std::string>& text,
             std::vector<Distribution>& dist) {
  const auto& spec = d.spec();
  text = d.model->text_defaults(d.base);
  for (const auto& [i, t] : text_over) text[i] = t;
  const std::vector<double> defaults = d.model->numeric_defaults(d.base, text, d.cat());
  dist.assign(spec.inputs.size(), Distribution{});
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    if (spec.inputs[i].is_text) continue;
    const auto it = num_over.find(i);
    const InputSpec& s = spec.inputs[i];
    dist[i] = it != num_over.end() ? it->second.truncated_to(domain_low(s), s.max)
                                   : Distribution::fixed_value(defaults[i]);
    dist[i].validate(s.path, s.min, s.max, s.min_exclusive);
  }
}

// ---- reading one file -----------------------------------------------------------------
class Reader {
 public:
  Reader(ScenarioData& d, Problems& pr, std::filesystem::path dir, std::vector<std::string> chain)
      : d_(d), pr_(pr), dir_(std::move(dir)), chain_(std::move(chain)) {}

  void read(const toml::table& root);

 private:
  std::optional<double> number(const toml::node& n, const std::string& what) {
    if (!n.is_number()) {
      pr_.add(&n, concat("[llmcost.scenario.type] ", what, " must be a number, not ", type_name(n)));
      return std::nullopt;
    }
    const double x = n.value<double>().value_or(0.0);
    if (!std::isfinite(x)) {
      pr_.add(&n, concat("[llmcost.scenario.non_finite] ", what, " = ", x, " is not a finite number"));
      return std::nullopt;
    }
    return x;
  }
  static std::string type_name(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string: return "a string";
      case toml::node_type::integer:
      case toml::node_type::floating_point: return "a number";
      case toml::node_type::boolean: return "a boolean";
      case toml::node_type::array: return "an array";
      case toml::node_type::table: return "a table";
      default: return "a date/time";
    }
  }
  std::optional<std::string> string(const toml::node& n, const std::string& what) {
    if (!n.is_string()) {
      pr_.add(&n, concat("[llmcost.scenario.type] ", what, " must be a string, not ", type_name(n)));
      return std::nullopt;
    }
    return std::string(*n.value<std::string_view>());
  }
  std::optional<std::vector<double>> numbers(const toml::node& n, const std::string& what) {
    const toml::array* a = n.as_array();
    if (!a) {
      pr_.add(&n, concat("[llmcost.scenario.type] ", what, " must be an array of numbers, not ", type_name(n)));
      return std::nullopt;
    }
    if (a->size() > kMaxArray) {
      pr_.add(&n, concat("[llmcost.scenario.too_large] ", what, " has ", a->size(), " elements; at most ", kMaxArray));
      return std::nullopt;
    }
    std::vector<double> out;
    bool ok = true;
    for (const auto& e : *a) {
      auto x = number(e, what + " element");
      if (x) out.push_back(*x); else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }
  void unknown(const toml::node& n, const std::string& path, const std::vector<std::string>& known,
               const std::string& what) {
    const auto near = closest(path, known, 1);
    std::string msg = concat("[llmcost.scenario.unknown_key] unknown ", what, " \"", path, "\"");
    if (!near.empty() && edit_distance(normalize_name(path), normalize_name(near[0])) <= 4)
      msg += concat("; did you mean \"", near[0], "\"?");
    else
      msg += concat("; valid: ", join(known));
    pr_.add(&n, msg);
  }
  std::vector<std::string> input_paths() const {
    std::vector<std::string> v;
    for (const auto& s : d_.spec().inputs) v.push_back(s.path);
    return v;
  }
  std::vector<std::string> metric_names() const {
    std::vector<std::string> v;
    for (const auto& s : d_.spec().metrics) v.push_back(s.name);
    return v;
  }
  bool reserved(std::string_view k) const {
    return k == "name" || k == "description" || k == "base" || k == "extends" || k == "sweep" ||
           k == "monte_carlo" || k == "sensitivity" || k == "correlation";
  }

  void extends(const toml::node& n);
  void inputs(const toml::table& t, const std::string& prefix);
  void leaf(const toml::node& n, const std::string& path);
  std::optional<Distribution> distribution(const toml::table& t, const std::string& path);
  void sweep(const toml::table& t);
  void correlation(const toml::node& n);
  void sweep_axes(const toml::table& t, const std::string& prefix);
  void monte_carlo(const toml::table& t);
  void sensitivity(const toml::table& t);
  std::vector<std::string> metric_list(const toml::node& n, const std::string& what);

  ScenarioData& d_;
  Problems& pr_;
  std::filesystem::path dir_;
  std::vector<std::string> chain_;
};

void load_into(ScenarioData& d, const std::filesystem::path& path, std::vector<std::string> chain, bool top);

// What a path is, without throwing: a symbolic-link loop, a missing file, a directory, ...
// Empty when `p` is a regular file that can be opened.
std::string file_problem(const std::filesystem::path& p) {
  std::error_code ec;
  const auto st = std::filesystem::status(p, ec);  // follows symbolic links
  if (ec == std::errc::too_many_symbolic_link_levels)
    return "is a loop of symbolic links (too many levels of symbolic links)";
  if (st.type() == std::filesystem::file_type::not_found || ec == std::errc::no_such_file_or_directory ||
      ec == std::errc::not_a_directory)
    return "does not exist";
  if (ec) return concat("cannot be accessed: ", ec.message());
  if (std::filesystem::is_directory(st)) return "is a directory, not a scenario file";
  if (!std::filesystem::is_regular_file(st)) return "is not a regular file (a device, FIFO or socket)";
  if (!std::ifstream(p, std::ios::binary).good()) return "cannot be read (permission denied?)";
  return {};
}

void Reader::extends(const toml::node& n) {
  auto rel = string(n, "extends");
  if (!rel) return;
  if (rel->empty()) {
    pr_.add(&n, "[llmcost.scenario.extends_missing] extends is empty; name another scenario file");
    return;
  }
  const std::filesystem::path p = dir_ / *rel;
  if (const std::string why = file_problem(p); !why.empty()) {
    const bool missing = why == "does not exist";
    const bool loop = why.rfind("is a loop", 0) == 0;
    pr_.add(&n, concat("[llmcost.scenario.", missing ? "extends_missing" : loop ? "extends_cycle" : "extends_unreadable",
                       "] extends \"", *rel, "\": ", p.string(), " ", why));
    return;
  }
  // A cycle is the same file reached again, whatever the spelling or the symbolic links on the way.
  std::error_code ec;
  const auto canon = std::filesystem::canonical(p, ec).string();
  if (ec) {
    pr_.add(&n, concat("[llmcost.scenario.extends_unreadable] extends \"", *rel, "\": ", p.string(),
                       " cannot be resolved: ", ec.message()));
    return;
  }
  if (std::find(chain_.begin(), chain_.end(), canon) != chain_.end()) {
    std::string cycle;
    for (const auto& c : chain_) cycle += c + " -> ";
    pr_.add(&n, concat("[llmcost.scenario.extends_cycle] extends cycle: ", cycle, canon));
    return;
  }
  if (static_cast<int>(chain_.size()) >= kMaxExtendsDepth) {
    pr_.add(&n, concat("[llmcost.scenario.extends_depth] extends chain deeper than ", kMaxExtendsDepth, " files"));
    return;
  }
  try {
    load_into(d_, p, chain_, false);
  } catch (const invalid_input& e) {
    pr_.add(&n, concat("in extended file \"", *rel, "\": ", e.what()));
  } catch (const error& e) {  // io_error and the like: already tagged
    pr_.add(&n, dynamic_cast<const std::exception&>(e).what());
  } catch (const std::filesystem::filesystem_error& e) {  // a file that changed under us
    pr_.add(&n, concat("[llmcost.scenario.extends_unreadable] extends \"", *rel, "\": ", e.what()));
  }
}

void Reader::read(const toml::table& root) {
  if (const auto* n = root.get("extends")) extends(*n);
  if (const auto* both = root.get("base"); both && root.get("extends")) {
    // One of them would silently win: a file names a built-in base or a file to extend.
    const auto line = root.get("extends")->source().begin.line;
    pr_.add(both, concat("[llmcost.scenario.base_and_extends] \"base\" and \"extends\"",
                      line ? concat(" (line ", line, ")") : std::string(), " are both given; keep one: \"base\" "
                      "names a built-in base, \"extends\" another scenario file (whose base is then used)"));
  } else if (const auto* n = root.get("base")) {
    if (auto b = string(*n, "base")) {
      const BaseModel* m = model_for_base(*b);
      if (!m) {
        unknown(*n, *b, builtin_bases(), "base");
      } else if (d_.model && d_.model != m) {
        pr_.add(n, concat("[llmcost.scenario.base] base \"", *b, "\" is a ", m->spec().kind,
                          " model but the extended file's base \"", d_.base, "\" is a ", d_.model->spec().kind));
      } else {
        d_.model = m;
        d_.base = *b;
      }
    }
  }
  if (!d_.model) {
    if (!root.get("base") && !root.get("extends"))
      pr_.add(static_cast<const toml::node*>(nullptr),
              concat("[llmcost.scenario.missing] missing required key \"base\" (one of ", join(builtin_bases()),
                     ") or \"extends\" (another scenario file)"));
    return;  // nothing below can be checked without a model
  }
  if (const auto* n = root.get("name")) {
    if (auto s = string(*n, "name")) d_.name = *s;
  }
  if (const auto* n = root.get("description")) {
    if (auto s = string(*n, "description")) d_.description = *s;
  }
  inputs(root, "");
  if (const auto* n = root.get("correlation")) correlation(*n);
  if (const auto* n = root.get("sweep")) {
    if (const auto* t = n->as_table()) sweep(*t);
    else pr_.add(n, "[llmcost.scenario.type] sweep must be a table");
  }
  if (const auto* n = root.get("monte_carlo")) {
    if (const auto* t = n->as_table()) monte_carlo(*t);
    else pr_.add(n, "[llmcost.scenario.type] monte_carlo must be a table");
  }
  if (const auto* n = root.get("sensitivity")) {
    if (const auto* t = n->as_table()) sensitivity(*t);
    else pr_.add(n, "[llmcost.scenario.type] sensitivity must be a table");
  }
  if (d_.sens.sobol && !d_.correlations.empty()) {
    const toml::node* at = root.get("sensitivity") ? root.get("sensitivity") : root.get("correlation");
    pr_.add(at, "[llmcost.scenario.correlation] Sobol indices assume independent inputs; drop sensitivity.sobol "
                "or the [[correlation]] entries (the tornado is fine: it moves one input at a time)");
  }
}

void Reader::correlation(const toml::node& n) {
  const toml::array* arr = n.as_array();
  if (!arr) {
    pr_.add(&n, "[llmcost.scenario.type] correlation must be an array of tables ([[correlation]])");
    return;
  }
  const std::size_t inherited = d_.correlations.size();  // entries from extended files come first
  for (const auto& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) {
      pr_.add(&e, "[llmcost.scenario.type] each [[correlation]] entry must be a table");
      continue;
    }
    check_keys(*t, {"between", "rank_correlation", "source", "note"}, "[[correlation]]", pr_);
    const toml::node* between = t->get("between");
    const toml::node* rho_node = t->get("rank_correlation");
    if (!between || !rho_node) {
      pr_.add(&e, "[llmcost.scenario.missing] [[correlation]] needs \"between\" (two input paths) and "
                  "\"rank_correlation\" (Spearman, in (-1, 1))");
      continue;
    }
    const toml::array* pair = between->as_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
      pr_.add(between, "[llmcost.scenario.type] correlation.between must be an array of two input paths");
      continue;
    }
    std::size_t idx[2] = {0, 0};
    bool ok = true;
    for (std::size_t j = 0; j < 2; ++j) {
      const toml::node& pn = (*pair)[j];
      const std::string path(*pn.value<std::string_view>());
      const auto i = d_.input_index(path);
      if (!i) {
        unknown(pn, path, input_paths(), "input");
        ok = false;
        continue;
      }
      const auto it = d_.num_over.find(*i);
      if (d_.spec().inputs[*i].is_text || it == d_.num_over.end() || it->second.is_fixed()) {
        pr_.add(&pn, concat("[llmcost.scenario.correlation] ", path,
                            " is not uncertain: give it a distribution before correlating it"));
        ok = false;
        continue;
      }
      idx[j] = *i;
    }
    auto rho = number(*rho_node, "correlation.rank_correlation");
    if (rho && !(*rho > -1 && *rho < 1)) {
      pr_.add(rho_node, concat("[llmcost.scenario.out_of_range] correlation.rank_correlation = ", *rho,
                               " must be in (-1, 1)"));
      rho.reset();
    }
    if (!ok || !rho) continue;
    if (idx[0] == idx[1]) {
      pr_.add(between, "[llmcost.scenario.correlation] an input cannot be correlated with itself");
      continue;
    }
    const CorrelationSpec c{std::min(idx[0], idx[1]), std::max(idx[0], idx[1]), *rho};
    auto same = [&](const CorrelationSpec& x) { return x.a == c.a && x.b == c.b; };
    const auto found = std::find_if(d_.correlations.begin(), d_.correlations.end(), same);
    if (found == d_.correlations.end()) {
      d_.correlations.push_back(c);
    } else if (static_cast<std::size_t>(found - d_.correlations.begin()) < inherited) {
      *found = c;  // this file overrides an extended file's value, as for inputs
    } else {
      pr_.add(between, "[llmcost.scenario.correlation] this pair is already correlated above");
    }
  }
  // The rank correlations must be able to hold together (a positive definite copula matrix).
  std::vector<std::size_t> involved;
  for (const auto& c : d_.correlations)
    for (std::size_t i : {c.a, c.b})
      if (std::find(involved.begin(), involved.end(), i) == involved.end()) involved.push_back(i);
  std::sort(involved.begin(), involved.end());  // the order sample_block factorises in
  const Eigen::MatrixXd m = spearman_matrix(d_.correlations, involved);
  if (!involved.empty() && !copula_cholesky(m)) {
    std::string pairs;
    for (const auto& c : d_.correlations)
      pairs += concat(pairs.empty() ? "" : ", ", d_.spec().inputs[c.a].path, " ~ ", d_.spec().inputs[c.b].path, " ",
                      c.spearman);
    pr_.add(&n, concat("[llmcost.scenario.correlation] these rank correlations cannot hold together (their copula "
                       "matrix is not positive definite): ", pairs));
  }
}

void Reader::inputs(const toml::table& t, const std::string& prefix) {
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (prefix.empty() && reserved(key)) continue;
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (const auto* sub = n.as_table(); sub && !sub->contains("dist")) {
      inputs(*sub, path);
      continue;
    }
    leaf(n, path);
  }
}

void Reader::leaf(const toml::node& n, const std::string& path) {
  const auto idx = d_.input_index(path);
  if (!idx) {
    unknown(n, path, input_paths(), "input");
    return;
  }
  const InputSpec& s = d_.spec().inputs[*idx];
  if (s.is_text) {
    auto v = string(n, path);
    if (!v) return;
    if (!s.choices.empty() && std::find(s.choices.begin(), s.choices.end(), *v) == s.choices.end()) {
      unknown(n, *v, s.choices, concat("value of ", path));
      return;
    }
    auto text_now = d_.model->text_defaults(d_.base);
    for (const auto& [i, tv] : d_.text_over) text_now[i] = tv;
    text_now[*idx] = *v;
    try {
      (void)d_.model->numeric_defaults(d_.base, text_now, d_.cat());  // unknown chip / API / preset
    } catch (const error& e) {
      pr_.add(&n, concat("[", e.tag(), "] ", path, ": ", dynamic_cast<const std::exception&>(e).what()));
      return;
    }
    d_.text_over[*idx] = *v;
    return;
  }
  std::optional<Distribution> dist;
  if (const auto* t = n.as_table()) {
    dist = distribution(*t, path);
  } else if (n.is_array()) {
    pr_.add(&n, concat("[llmcost.scenario.type] ", path, " is an array; a list of values belongs in [sweep] "
                       "(or use { dist = \"discrete\", values = [...] })"));
    return;
  } else if (auto x = number(n, path)) {
    dist = Distribution::fixed_value(*x);
  }
  if (!dist) return;
  try {
    dist->truncated_to(domain_low(s), s.max).validate(path, s.min, s.max, s.min_exclusive);
    d_.num_over[*idx] = *dist;
  } catch (const invalid_input& e) {
    std::string_view what = e.what();  // "[llmcost.scenario.distribution] ...": one tag per problem
    if (const auto end = what.find("] "); !what.empty() && what.front() == '[' && end != std::string_view::npos)
      what.remove_prefix(end + 2);
    pr_.add(&n, concat("[llmcost.scenario.out_of_range] ", what, " (", s.description, ", ", s.unit, ")"));
  }
}

std::optional<Distribution> Reader::distribution(const toml::table& t, const std::string& path) {
  const auto kind_s = string(*t.get("dist"), path + ".dist");
  if (!kind_s) return std::nullopt;
  static const std::vector<std::string> kinds{"fixed", "uniform", "triangular", "pert", "normal", "lognormal", "discrete"};
  const auto it = std::find(kinds.begin(), kinds.end(), *kind_s);
  if (it == kinds.end()) {
    unknown(*t.get("dist"), *kind_s, kinds, "distribution");
    return std::nullopt;
  }
  const auto kind = static_cast<DistributionKind>(it - kinds.begin());
  std::vector<std::string> allowed{"dist", "base", "source", "note"};
  std::vector<std::string> required;
  switch (kind) {
    case DistributionKind::fixed: required = {"value"}; break;
    case DistributionKind::uniform: required = {"low", "high"}; break;
    case DistributionKind::triangular:
    case DistributionKind::pert: required = {"low", "mode", "high"}; break;
    case DistributionKind::normal: required = {"mean", "sd"}; allowed.insert(allowed.end(), {"low", "high"}); break;
    case DistributionKind::lognormal: required = {"median", "sigma_log"}; allowed.insert(allowed.end(), {"low", "high"}); break;
    case DistributionKind::discrete: required = {"values"}; allowed.emplace_back("weights"); break;
  }
  allowed.insert(allowed.end(), required.begin(), required.end());
  check_keys(t, allowed, concat(path, " (", *kind_s, " distribution)"), pr_);
  Distribution d;
  d.kind = kind;
  bool ok = true;
  for (const auto& [k, v] : t)
    if (std::find(allowed.begin(), allowed.end(), std::string(k.str())) == allowed.end()) ok = false;
  for (const auto& r : required)
    if (!t.get(r)) {
      pr_.add(&t, concat("[llmcost.scenario.missing] ", path, ": a ", *kind_s, " distribution needs \"", r, "\""));
      ok = false;
    }
  auto get = [&](const char* key, double& out) {
    if (const auto* n = t.get(key)) {
      if (auto x = number(*n, concat(path, ".", key))) out = *x; else ok = false;
    }
  };
  get("value", d.value);
  get("low", d.low);
  get("mode", d.mode);
  get("high", d.high);
  get("mean", d.mean);
  get("sd", d.sd);
  get("median", d.median);
  get("sigma_log", d.sigma_log);
  get("base", d.base);
  if (const auto* n = t.get("values")) {
    if (auto v = numbers(*n, path + ".values")) d.values = *v; else ok = false;
  }
  if (const auto* n = t.get("weights")) {
    if (auto v = numbers(*n, path + ".weights")) d.weights = *v; else ok = false;
  }
  if (!ok) return std::nullopt;
  return d;
}

void Reader::sweep(const toml::table& t) {
  if (const auto* n = t.get("mode")) {
    if (auto m = string(*n, "sweep.mode")) {
      if (*m == "grid" || *m == "zip") d_.sweep_mode = *m;
      else unknown(*n, *m, {"grid", "zip"}, "sweep mode");
    }
  }
  d_.sweep.clear();  // a file's sweep replaces the extended file's
  sweep_axes(t, "");
  std::size_t rows = d_.sweep.empty() ? 0 : 1;
  for (const auto& a : d_.sweep) {
    if (d_.sweep_mode == "zip") {
      if (a.size() != d_.sweep[0].size())
        pr_.add(&t, concat("[llmcost.scenario.sweep] zip sweep: ", d_.spec().inputs[a.input].path, " has ", a.size(),
                           " values but ", d_.spec().inputs[d_.sweep[0].input].path, " has ", d_.sweep[0].size()));
      rows = a.size();
    } else {
      rows = rows * a.size();
      if (rows > kMaxSweepRows) {
        pr_.add(&t, concat("[llmcost.scenario.too_large] the sweep grid has more than ", kMaxSweepRows, " rows"));
        return;
      }
    }
  }
}

void Reader::sweep_axes(const toml::table& t, const std::string& prefix) {
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (prefix.empty() && key == "mode") continue;
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    const toml::table* sub = n.as_table();
    if (sub && !sub->contains("start")) {
      sweep_axes(*sub, path);
      continue;
    }
    const auto idx = d_.input_index(path);
    if (!idx) {
      unknown(n, path, input_paths(), "sweep input");
      continue;
    }
    const InputSpec& s = d_.spec().inputs[*idx];
    SweepAxis axis;
    axis.input = *idx;
    if (sub) {  // { start, stop, steps, scale = "linear" | "log" }
      check_keys(*sub, {"start", "stop", "steps", "scale"}, "sweep range " + path, pr_);
      double start = 0, stop = 0, steps = 0;
      bool ok = true;
      for (auto [key2, out] : {std::pair{"start", &start}, std::pair{"stop", &stop}, std::pair{"steps", &steps}}) {
        if (const auto* e = sub->get(key2)) {
          if (auto x = number(*e, path + "." + key2)) *out = *x; else ok = false;
        } else {
          pr_.add(sub, concat("[llmcost.scenario.missing] sweep range ", path, " needs \"", key2, "\""));
          ok = false;
        }
      }
      std::string scale = "linear";
      if (const auto* e = sub->get("scale")) {
        if (auto v = string(*e, path + ".scale")) scale = *v;
        if (scale != "linear" && scale != "log") {
          unknown(*e, scale, {"linear", "log"}, "sweep scale");
          ok = false;
        }
      }
      if (!ok) continue;
      if (steps < 2 || steps > static_cast<double>(kMaxArray) || steps != std::floor(steps)) {
        pr_.add(sub, concat("[llmcost.scenario.out_of_range] ", path, ".steps = ", steps, " must be an integer in [2, ",
                            kMaxArray, "]"));
        continue;
      }
      if (scale == "log" && (start <= 0 || stop <= 0)) {
        pr_.add(sub, concat("[llmcost.scenario.out_of_range] ", path, ": a log sweep needs start, stop > 0"));
        continue;
      }
      const auto m = static_cast<int>(steps);
      for (int i = 0; i < m; ++i) {
        const double f = i / (steps - 1);
        axis.numbers.push_back(scale == "log" ? start * std::pow(stop / start, f) : start + f * (stop - start));
      }
    } else if (const auto* a = n.as_array(); a && s.is_text) {
      for (const auto& e : *a) {
        if (auto v = string(e, path + " element")) axis.texts.push_back(*v);
      }
    } else if (auto v = numbers(n, "sweep " + path)) {
      axis.numbers = *v;
    } else {
      continue;
    }
    if (axis.size() == 0) {
      pr_.add(&n, concat("[llmcost.scenario.sweep] sweep ", path, " has no values"));
      continue;
    }
    for (double x : axis.numbers)
      if (x < domain_low(s) || x > s.max) {
        pr_.add(&n, concat("[llmcost.scenario.out_of_range] sweep ", path, " value ", x, " is outside ",
                           s.min_exclusive ? "(" : "[", s.min, ", ", s.max, "] (", s.unit, ")"));
        break;
      }
    d_.sweep.push_back(std::move(axis));
  }
}

std::vector<std::string> Reader::metric_list(const toml::node& n, const std::string& what) {
  std::vector<std::string> out;
  const toml::array* a = n.as_array();
  if (!a) {
    pr_.add(&n, concat("[llmcost.scenario.type] ", what, " must be an array of metric names"));
    return out;
  }
  for (const auto& e : *a) {
    auto s = string(e, what + " element");
    if (!s) continue;
    if (!d_.metric_index(*s))
      unknown(e, *s, metric_names(), "metric");
    else if (std::find(out.begin(), out.end(), *s) != out.end())
      pr_.add(&e, concat("[llmcost.scenario.duplicate] ", what, " names metric \"", *s, "\" twice; list each once"));
    else
      out.push_back(*s);
  }
  return out;
}

void Reader::monte_carlo(const toml::table& t) {
  d_.has_mc_section = true;
  check_keys(t, {"samples", "seed", "method", "metrics", "percentiles", "histogram_bins", "marker", "interval"},
             "[monte_carlo]", pr_);
  auto integer = [&](const char* key, double lo, double hi) -> std::optional<double> {
    const auto* n = t.get(key);
    if (!n) return std::nullopt;
    auto x = number(*n, concat("monte_carlo.", key));
    if (!x) return std::nullopt;
    if (*x < lo || *x > hi || *x != std::floor(*x)) {
      pr_.add(n, concat("[llmcost.scenario.out_of_range] monte_carlo.", key, " = ", *x, " must be an integer in [", lo,
                        ", ", hi, "]"));
      return std::nullopt;
    }
    return x;
  };
  if (auto x = integer("samples", 1, static_cast<double>(kMaxSamples))) d_.samples = static_cast<std::uint64_t>(*x);
  if (auto x = integer("seed", 0, 9007199254740992.0)) d_.seed = static_cast<std::uint64_t>(*x);
  if (auto x = integer("histogram_bins", 1, 10000)) d_.bins = static_cast<int>(*x);
  if (const auto* n = t.get("method")) {
    if (auto m = string(*n, "monte_carlo.method")) {
      if (*m == "random") d_.method = SamplingMethod::random;
      else if (*m == "sobol") d_.method = SamplingMethod::sobol;
      else unknown(*n, *m, {"random", "sobol"}, "sampling method");
    }
  }
  if (const auto* n = t.get("metrics")) d_.metrics = metric_list(*n, "monte_carlo.metrics");
  if (const auto* n = t.get("percentiles")) {
    if (auto v = numbers(*n, "monte_carlo.percentiles")) {
      bool ok = true;
      for (double p : *v)
        if (p < 0 || p > 100) {
          pr_.add(n, concat("[llmcost.scenario.out_of_range] percentile ", p, " is outside [0, 100]"));
          ok = false;
        }
      if (ok) d_.percentiles = *v;
    }
  }
  auto entries = [&](const char* key, auto&& each) {
    const auto* n = t.get(key);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (!a || !a->is_array_of_tables()) {
      pr_.add(n, concat("[llmcost.scenario.type] monte_carlo.", key, " must be an array of tables ([[monte_carlo.",
                        key, "]])"));
      return;
    }
    for (const auto& e : *a) each(*e.as_table());
  };
  entries("marker", [&](const toml::table& m) {
    check_keys(m, {"metric", "value", "label"}, "[[monte_carlo.marker]]", pr_);
    Marker mk;
    const auto* metric = m.get("metric");
    const auto* value = m.get("value");
    if (!metric || !value) {
      pr_.add(&m, "[llmcost.scenario.missing] a marker needs \"metric\" and \"value\"");
      return;
    }
    auto s = string(*metric, "marker.metric");
    auto v = number(*value, "marker.value");
    if (!s || !v) return;
    if (!d_.metric_index(*s)) {
      unknown(*metric, *s, metric_names(), "metric");
      return;
    }
    mk.metric = *s;
    mk.value = *v;
    if (const auto* l = m.get("label")) mk.label = string(*l, "marker.label").value_or("");
    d_.markers.push_back(mk);
  });
  entries("interval", [&](const toml::table& m) {
    check_keys(m, {"metric", "low", "high"}, "[[monte_carlo.interval]]", pr_);
    const auto* metric = m.get("metric");
    const auto* lo = m.get("low");
    const auto* hi = m.get("high");
    if (!metric || !lo || !hi) {
      pr_.add(&m, "[llmcost.scenario.missing] an interval needs \"metric\", \"low\" and \"high\"");
      return;
    }
    auto s = string(*metric, "interval.metric");
    auto a = number(*lo, "interval.low");
    auto b = number(*hi, "interval.high");
    if (!s || !a || !b) return;
    if (!d_.metric_index(*s)) {
      unknown(*metric, *s, metric_names(), "metric");
      return;
    }
    if (*a > *b) {
      pr_.add(&m, concat("[llmcost.scenario.out_of_range] interval low = ", *a, " > high = ", *b));
      return;
    }
    d_.intervals.push_back({*s, *a, *b});
  });
}

void Reader::sensitivity(const toml::table& t) {
  check_keys(t, {"tornado", "sobol", "metrics", "base_samples", "bootstrap"}, "[sensitivity]", pr_);
  auto boolean = [&](const char* key, bool& out) {
    if (const auto* n = t.get(key)) {
      if (n->is_boolean()) out = *n->value<bool>();
      else pr_.add(n, concat("[llmcost.scenario.type] sensitivity.", key, " must be true or false"));
    }
  };
  boolean("tornado", d_.sens.tornado);
  boolean("sobol", d_.sens.sobol);
  if (const auto* n = t.get("metrics")) d_.sens.metrics = metric_list(*n, "sensitivity.metrics");
  if (const auto* n = t.get("base_samples")) {
    if (auto x = number(*n, "sensitivity.base_samples")) {
      if (*x < 16 || *x > 1048576 || *x != std::floor(*x))
        pr_.add(n, concat("[llmcost.scenario.out_of_range] sensitivity.base_samples = ", *x, " must be an integer in [16, 1048576]"));
      else d_.sens.base_samples = static_cast<std::uint64_t>(*x);
    }
  }
  if (const auto* n = t.get("bootstrap")) {
    if (auto x = number(*n, "sensitivity.bootstrap")) {
      if (*x < 0 || *x > 10000 || *x != std::floor(*x))
        pr_.add(n, concat("[llmcost.scenario.out_of_range] sensitivity.bootstrap = ", *x, " must be an integer in [0, 10000]"));
      else d_.sens.bootstrap = static_cast<int>(*x);
    }
  }
}

// JSON → TOML table (no source positions; problems then name the JSON path).
toml::table json_to_toml(const nlohmann::json& j, Problems& pr, const std::string& path, int depth = 0);
std::unique_ptr<toml::node> json_node(const nlohmann::json& j, Problems& pr, const std::string& path, int depth) {
  if (depth > 64) {
    pr.add(static_cast<const toml::node*>(nullptr), concat("[llmcost.scenario.too_large] ", path, ": nested deeper than 64"));
    return nullptr;
  }
  if (j.is_object()) return std::make_unique<toml::table>(json_to_toml(j, pr, path, depth + 1));
  if (j.is_array()) {
    auto a = std::make_unique<toml::array>();
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto n = json_node(j[i], pr, concat(path, "/", i), depth + 1)) a->push_back(std::move(*n));
    return a;
  }
  if (j.is_boolean()) return std::make_unique<toml::value<bool>>(j.get<bool>());
  if (j.is_number_integer()) return std::make_unique<toml::value<std::int64_t>>(j.get<std::int64_t>());
  if (j.is_number()) return std::make_unique<toml::value<double>>(j.get<double>());
  if (j.is_string()) return std::make_unique<toml::value<std::string>>(j.get<std::string>());
  pr.add(static_cast<const toml::node*>(nullptr), concat("[llmcost.scenario.type] ", path, ": null is not a value"));
  return nullptr;
}
toml::table json_to_toml(const nlohmann::json& j, Problems& pr, const std::string& path, int depth) {
  toml::table t;
  for (const auto& [k, v] : j.items())
    if (auto n = json_node(v, pr, path + "/" + k, depth)) t.insert(k, std::move(*n));
  return t;
}

// Parses JSON, recording every key given twice in one object: nlohmann keeps one of them
// silently, and a scenario must not drop an override unseen. Problems name the JSON pointer.
std::optional<nlohmann::json> parse_json_strict(std::string_view text, Problems& pr) {
  struct Frame {
    bool object = true;
    std::set<std::string> keys;
    std::string key;        // object: the key being read
    std::size_t index = 0;  // array: the element being read
  };
  std::vector<Frame> stack;
  auto escape = [](const std::string& k) {  // RFC 6901
    std::string e;
    for (char c : k) e += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return e;
  };
  auto pointer = [&] {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack.size(); ++i)
      p += "/" + (stack[i].object ? escape(stack[i].key) : std::to_string(stack[i].index));
    return p;
  };
  auto element_done = [&] {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  };
  using event = nlohmann::json::parse_event_t;
  const nlohmann::json::parser_callback_t cb = [&](int, event ev, nlohmann::json& parsed) {
    switch (ev) {
      case event::object_start: stack.push_back({true, {}, {}, 0}); break;
      case event::array_start: stack.push_back({false, {}, {}, 0}); break;
      case event::key: {
        Frame& f = stack.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second)
          pr.add(static_cast<const toml::node*>(nullptr),
                 concat("[llmcost.scenario.duplicate_key] key \"", printable(f.key), "\" is given twice in the object ",
                        pointer().empty() ? "at the top level" : "at " + printable(pointer()), " (",
                        printable(pointer() + "/" + escape(f.key)), "); give each key once"));
        break;
      }
      case event::object_end:
      case event::array_end:
        stack.pop_back();
        element_done();
        break;
      case event::value: element_done(); break;
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, cb);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e999
    pr.add(static_cast<const toml::node*>(nullptr), concat("[llmcost.scenario.syntax] malformed JSON: ", e.what()));
    return std::nullopt;
  }
}

// Scenario text reaches terminals (names, descriptions, labels, and the names echoed in error
// messages), so control characters are refused at load: an escape sequence in a name could
// repaint the screen. Tab and line feed are allowed in free text (description, note, source).
constexpr std::string_view kFreeTextKeys[] = {"description", "note", "source"};

void check_text(const toml::node& n, const std::string& path, bool free_text, Problems& pr) {
  auto check = [&](std::string_view s, const toml::source_region& where, const std::string& what, bool free) {
    const std::size_t at = control_at(s, free);
    if (at == std::string_view::npos) return;
    const auto c = static_cast<unsigned char>(s[at]);
    const unsigned code = c == 0xc2 ? static_cast<unsigned char>(s[at + 1]) : c;
    pr.add(where, concat("[llmcost.scenario.control_character] ", what, " contains the control character ",
                         fmt::format("U+{:04X}", code), " (\"", printable(s),
                         "\"); scenario text must be printable (tab and line feed only in description, note and source)"));
  };
  if (const auto* t = n.as_table()) {
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      const std::string sub = path.empty() ? key : path + "." + key;
      check(key, k.source(), concat("the key \"", printable(sub), "\""), false);
      const bool free = std::find(std::begin(kFreeTextKeys), std::end(kFreeTextKeys), key) != std::end(kFreeTextKeys);
      check_text(v, sub, free, pr);
    }
  } else if (const auto* a = n.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) check_text((*a)[i], concat(path, "[", i, "]"), free_text, pr);
  } else if (const auto* v = n.as_string()) {
    check(v->get(), n.source(), printable(path), free_text);
  }
}

// Scenario files are small; refuse devices, FIFOs and anything huge rather than read forever.
constexpr std::uintmax_t kMaxScenarioFileBytes = 16u << 20;

std::string read_file(const std::filesystem::path& p) {
  if (const std::string why = file_problem(p); !why.empty())
    throw io_error("llmcost.scenario.io", concat("scenario file ", p.string(), " ", why));
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(p, ec);
  LLMCOST_REQUIRE(!ec && size <= kMaxScenarioFileBytes, invalid_input, "llmcost.scenario.too_large", "scenario file ",
                  p.string(), " has ", size, " bytes; the limit is ", kMaxScenarioFileBytes);
  std::ifstream in(p, std::ios::binary);
  LLMCOST_REQUIRE(in.good(), io_error, "llmcost.scenario.io", "cannot read scenario file ", p.string());
  std::ostringstream os;
  os << in.rdbuf();
  LLMCOST_REQUIRE(!in.bad(), io_error, "llmcost.scenario.io", "error while reading scenario file ", p.string());
  return os.str();
}

bool any_uncertain(const ScenarioData& d) {
  for (std::size_t i = 0; i < d.dist.size(); ++i)
    if (!d.spec().inputs[i].is_text && !d.dist[i].is_fixed()) return true;
  return false;
}

// `top`: the file (or text) being loaded, not one it extends; whole-scenario rules apply to it only.
void parse_into(ScenarioData& d, std::string_view text, const std::string& origin, const std::filesystem::path& dir,
                bool json, std::vector<std::string> chain, bool top) {
  Problems pr(origin);
  std::optional<toml::table> root;
  if (json) {
    if (const auto j = parse_json_strict(text, pr)) {
      if (!j->is_object()) pr.add(static_cast<const toml::node*>(nullptr), "[llmcost.scenario.syntax] the JSON document must be an object");
      else root = json_to_toml(*j, pr, "");
    }
  } else {
    root = parse_toml(text, pr);
    if (!root) pr.throw_if_any("llmcost.scenario.syntax");  // "malformed TOML: ..." at line:col
  }
  if (root) {
    check_text(*root, "", false, pr);
    if (!pr.empty()) pr.throw_if_any(kInvalid);  // nothing below may echo such text
    Reader r(d, pr, dir, chain);
    r.read(*root);
    if (d.model && pr.empty()) {
      try {
        resolve(d, d.num_over, d.text_over, d.text, d.dist);
      } catch (const error& e) {
        pr.add(static_cast<const toml::node*>(nullptr), dynamic_cast<const std::exception&>(e).what());
      }
    }
    if (top && d.model && pr.empty() && (d.sens.tornado || d.sens.sobol) && !any_uncertain(d)) {
      const toml::node* at = nullptr;
      if (const auto* t = root->get_as<toml::table>("sensitivity"))
        at = t->get(d.sens.tornado ? "tornado" : "sobol") ? t->get(d.sens.tornado ? "tornado" : "sobol") : t;
      pr.add(at, concat("[llmcost.scenario.sensitivity] sensitivity.", d.sens.tornado ? "tornado" : "sobol",
                        " = true, but no input is uncertain: give at least one input a distribution "
                        "({ dist = ... }), or drop the [sensitivity] request"));
    }
  }
  pr.throw_if_any(kInvalid);
}

void load_into(ScenarioData& d, const std::filesystem::path& path, std::vector<std::string> chain, bool top) {
  const std::string text = read_file(path);
  std::error_code ec;
  auto canon = std::filesystem::canonical(path, ec);
  if (ec) canon = std::filesystem::weakly_canonical(path, ec);
  chain.push_back(canon.string());
  d.files.push_back(path.string());
  const bool json = path.extension() == ".json";
  parse_into(d, text, path.string(), path.parent_path(), json, std::move(chain), top);
}

}  // namespace
}  // namespace detail

// ---- evaluation --------------------------------------------------------------------------
namespace detail {
namespace {

struct Point {
  std::vector<std::string> text;
  std::vector<Distribution> dist;
};

std::vector<std::size_t> uncertain_indices(const ScenarioData& d, const Point& p) {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < p.dist.size(); ++i)
    if (!d.spec().inputs[i].is_text && !p.dist[i].is_fixed()) v.push_back(i);
  return v;
}

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

std::vector<double> point_metrics(const ScenarioData& d, const Point& p, const std::string& where = "at the base point") {
  std::vector<Eigen::ArrayXd> out;
  evaluate_rows(d, p, point_columns(d, p, 1), out, all_metrics(d), where);
  std::vector<double> v;
  for (const auto& c : out) v.push_back(c[0]);
  return v;
}

struct Resolved {
  std::uint64_t samples, seed;
  SamplingMethod method;
  std::vector<std::string> metrics;
  std::vector<double> percentiles;
  int bins;
  unsigned threads;
};

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
                       const std::string& where = "") {
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

McResult summarise_point(const ScenarioData& d, const Point& p, const McSamples& s, const Resolved& r,
                         const std::string& where = "at the base point") {
  McResult res;
  res.samples = s.end - s.begin;
  res.seed = r.seed;
  res.method = r.method;
  LLMCOST_REQUIRE(s.values.size() == s.metrics.size() && s.begin <= s.end, invalid_input, "llmcost.scenario.chunks",
                  "the samples hold ", s.values.size(), " value columns for ", s.metrics.size(), " metrics");
  const auto base = point_metrics(d, p, where);
  std::string uncertain;
  for (std::size_t i : uncertain_indices(d, p)) uncertain += concat(uncertain.empty() ? "" : ", ", d.spec().inputs[i].path);
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    const auto found = d.metric_index(s.metrics[m]);
    LLMCOST_REQUIRE(found.has_value(), not_found, "llmcost.scenario.unknown_metric", "metric \"", printable(s.metrics[m]),
                    "\" is not an output of a ", d.spec().kind, " scenario");
    const std::size_t mi = *found;
    LLMCOST_REQUIRE(s.values[m].size() == s.end - s.begin, invalid_input,
                    "llmcost.scenario.chunks", "metric ", s.metrics[m], " has ", s.values[m].size(), " values for ",
                    s.end - s.begin, " samples");
    Eigen::ArrayXd x = Eigen::Map<const Eigen::ArrayXd>(s.values[m].data(), static_cast<Eigen::Index>(s.values[m].size()));
    LLMCOST_REQUIRE(x.allFinite(), out_of_domain, "llmcost.scenario.overflow", "metric ", s.metrics[m],
                    " is NaN or infinite on some samples: the uncertain inputs ", uncertain,
                    " reach values too extreme together; narrow their distributions");
    MetricSummary ms = summarise_samples(x, r.percentiles, r.bins);  // x is sorted now
    bool finite = std::isfinite(ms.mean) && std::isfinite(ms.sd);
    for (const auto& [q, v] : ms.percentiles) finite = finite && std::isfinite(v);
    for (double e : ms.histogram.edges) finite = finite && std::isfinite(e);
    LLMCOST_REQUIRE(finite, out_of_domain, "llmcost.scenario.overflow", "the summary of ", s.metrics[m],
                    " (mean, sd, percentiles, histogram) is not finite: the uncertain inputs ", uncertain,
                    " spread it too widely; narrow their distributions");
    ms.metric = s.metrics[m];
    ms.unit = d.spec().metrics[mi].unit;
    ms.base = base[mi];
    const auto n = static_cast<double>(x.size());
    for (const auto& mk : d.markers)
      if (mk.metric == ms.metric) {
        const auto cnt = std::upper_bound(x.data(), x.data() + x.size(), mk.value) - x.data();
        ms.markers.push_back({mk.label, mk.value, static_cast<double>(cnt) / n});
      }
    for (const auto& iv : d.intervals)
      if (iv.metric == ms.metric) {
        const auto lo = std::lower_bound(x.data(), x.data() + x.size(), iv.low) - x.data();
        const auto hi = std::upper_bound(x.data(), x.data() + x.size(), iv.high) - x.data();
        ms.intervals.push_back({iv.low, iv.high, static_cast<double>(hi - lo) / n});
      }
    res.metrics.push_back(std::move(ms));
  }
  return res;
}

}  // namespace
}  // namespace detail

// ---- Scenario ------------------------------------------------------------------------------
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

SweepTable Scenario::sweep(const RunOptions& options, bool with_uncertainty) const {
  const auto& d = *d_;
  SweepTable t;
  t.mode = d.sweep_mode;
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
  std::size_t rows = d.sweep_mode == "zip" ? d.sweep[0].size() : 1;
  if (d.sweep_mode != "zip")
    for (const auto& a : d.sweep) rows *= a.size();
  auto fmt_num = [](double x) { return fmt::format("{:.6g}", x); };
  for (std::size_t row = 0; row < rows; ++row) {
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

// ---- JSON ----------------------------------------------------------------------------------
std::string to_json(const McResult& r, int indent) {
  nlohmann::ordered_json j;
  j["samples"] = r.samples;
  j["seed"] = r.seed;
  j["method"] = r.method == SamplingMethod::sobol ? "sobol" : "random";
  j["metrics"] = nlohmann::ordered_json::array();
  for (const auto& m : r.metrics) {
    nlohmann::ordered_json e;
    e["metric"] = m.metric;
    e["unit"] = m.unit;
    e["base"] = m.base;
    e["mean"] = m.mean;
    e["sd"] = m.sd;
    e["min"] = m.min;
    e["max"] = m.max;
    e["percentiles"] = nlohmann::ordered_json::object();
    for (const auto& [p, v] : m.percentiles) e["percentiles"][fmt::format("p{:g}", p)] = v;
    e["histogram"] = {{"edges", m.histogram.edges}, {"counts", m.histogram.counts}};
    e["markers"] = nlohmann::ordered_json::array();
    for (const auto& mk : m.markers) e["markers"].push_back({{"label", mk.label}, {"value", mk.value}, {"cdf", mk.cdf}});
    e["intervals"] = nlohmann::ordered_json::array();
    for (const auto& iv : m.intervals)
      e["intervals"].push_back({{"low", iv.low}, {"high", iv.high}, {"probability", iv.probability}});
    j["metrics"].push_back(std::move(e));
  }
  return j.dump(indent);
}
std::string to_json(const Tornado& t, int indent) {
  nlohmann::ordered_json j;
  j["metric"] = t.metric;
  j["base"] = t.base;
  j["q_low"] = t.q_low;
  j["q_high"] = t.q_high;
  j["bars"] = nlohmann::ordered_json::array();
  for (const auto& b : t.bars)
    j["bars"].push_back({{"input", b.input}, {"input_low", b.input_low}, {"input_high", b.input_high},
                         {"metric_low", b.metric_low}, {"metric_high", b.metric_high}, {"swing", b.swing()}});
  return j.dump(indent);
}
std::string to_json(const SobolResult& s, int indent) {
  nlohmann::ordered_json j;
  j["metric"] = s.metric;
  j["base_samples"] = s.base_samples;
  j["variance"] = s.variance;
  j["confidence"] = s.confidence;
  j["indices"] = nlohmann::ordered_json::array();
  for (const auto& i : s.indices)
    j["indices"].push_back({{"input", i.input}, {"first", i.first}, {"first_low", i.first_low}, {"first_high", i.first_high},
                            {"total", i.total}, {"total_low", i.total_low}, {"total_high", i.total_high}});
  return j.dump(indent);
}
std::string to_json(const SweepTable& t, int indent) {
  nlohmann::ordered_json j;
  j["mode"] = t.mode;
  j["inputs"] = t.inputs;
  j["metrics"] = t.metrics;
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : t.rows) j["rows"].push_back({{"inputs", r.inputs}, {"metrics", r.metrics}});
  return j.dump(indent);
}

}  // namespace llmcost
