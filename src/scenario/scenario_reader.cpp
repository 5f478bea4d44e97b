// Scenario files: reading TOML/JSON (extends, overrides, distributions, sweeps, [monte_carlo],
// [sensitivity]) and validating them, every problem with file:line:col (see scenario/scenario.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "common/suggest.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/training_prediction.hpp"
#include "llmcost/sweep/monte_carlo.hpp"
#include "scenario/scenario_internal.hpp"

namespace llmcost::detail {

namespace {

constexpr const char* kInvalid = "llmcost.scenario.invalid";
constexpr std::size_t kMaxArray = 100000;       // elements in any array
constexpr std::size_t kMaxSweepRows = 1000000;  // rows of a sweep
constexpr int kMaxExtendsDepth = 16;

}  // namespace

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

namespace {

double domain_low(const InputSpec& s) {
  return s.min_exclusive ? std::nextafter(s.min, Distribution::inf) : s.min;
}

}  // namespace

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

namespace {

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
  if (*kind_s == "realisation") {
    // The training prediction's realisation (data/realisation.toml): whole-run / steady-state
    // efficiency of a new run, a lognormal with its median and the same 80% interval as the
    // prediction's (Student's t: sigma_log = q·σ·√(1 + 1/n) / z_0.9), truncated to [low, high].
    check_keys(t, {"dist", "low", "high", "source", "note"}, concat(path, " (realisation distribution)"), pr_);
    double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    bool ok = true;
    for (auto [key, out] : {std::pair{"low", &lo}, {"high", &hi}})
      if (const auto* n = t.get(key)) {
        if (auto x = number(*n, concat(path, ".", key))) *out = *x; else ok = false;
      }
    if (!ok) return std::nullopt;
    const Realisation& z = default_realisation();
    constexpr double z90 = 1.2815515655446004;  // standard normal 0.90 quantile
    return Distribution::lognormal(std::exp(z.log_mean), z.interval_half_width_sd * z.log_sd / z90, lo, hi);
  }
  static const std::vector<std::string> kinds{"fixed", "uniform", "triangular", "pert", "normal", "lognormal", "discrete"};
  const auto it = std::find(kinds.begin(), kinds.end(), *kind_s);
  if (it == kinds.end()) {
    std::vector<std::string> all = kinds;
    all.emplace_back("realisation");
    unknown(*t.get("dist"), *kind_s, all, "distribution");
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

}  // namespace

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

}  // namespace llmcost::detail
