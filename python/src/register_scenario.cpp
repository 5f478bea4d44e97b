// Bindings for llmcost/scenario/scenario.hpp (what-if files, Monte Carlo, sweeps, tornado,
// Sobol) and llmcost/claims/reproduce.hpp (reproduction reports). The C++ objects are exposed
// as `_core._Scenario` and plain JSON strings; python/llmcost/scenario.py and results.py wrap
// them in immutable result objects with to_dict() / to_frame() / _repr_html_().
#include "pybind11_prelude.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmcost/claims/reproduce.hpp"
#include "llmcost/error.hpp"
#include "llmcost/scenario/scenario.hpp"

namespace llmcost::python {
namespace {

using Samples = Int<"samples", std::uint64_t>;
using Seed = Int<"seed", std::uint64_t>;
using Threads = Int<"threads", unsigned>;
using Bins = Int<"histogram_bins">;

RunOptions run_options(std::uint64_t samples, std::optional<std::uint64_t> seed, unsigned threads,
                       const std::optional<std::string>& method, std::vector<std::string> metrics,
                       std::vector<double> percentiles, int histogram_bins) {
  RunOptions o;
  o.samples = samples;
  o.seed = seed;
  o.threads = threads;
  if (method) {
    LLMCOST_REQUIRE(*method == "random" || *method == "sobol", invalid_input, "llmcost.scenario.method",
                    "method = \"", *method, "\" is invalid; expected \"random\" or \"sobol\"");
    o.method = *method == "sobol" ? SamplingMethod::sobol : SamplingMethod::random;
  }
  o.metrics = std::move(metrics);
  o.percentiles = std::move(percentiles);
  o.histogram_bins = histogram_bins;
  return o;
}

// Keyword arguments shared by every method that takes RunOptions.
#define LLMCOST_RUN_ARGS                                                                                      \
  py::arg("samples") = 0, py::arg("seed") = py::none(), py::arg("threads") = 0, py::arg("method") = py::none(), \
      py::arg("metrics") = std::vector<std::string>{}, py::arg("percentiles") = std::vector<double>{},          \
      py::arg("histogram_bins") = 0

std::optional<std::uint64_t> seed_of(const std::optional<Seed>& s) {
  return s ? std::optional<std::uint64_t>(s->value) : std::nullopt;
}

std::vector<double> reals(const std::vector<Real<"percentiles">>& v) { return {v.begin(), v.end()}; }

/// The value of input `path`: a Distribution, else one number (strictly: not a bool, complex, ...).
Distribution distribution_from(py::handle v, std::string_view path) {
  if (py::isinstance<Distribution>(v)) return v.cast<Distribution>();
  return Distribution::fixed_value(strict_real(v, path));
}

/// `d` after the library's checks of its parameters (as for a distribution in a scenario file):
/// invalid_input [llmcost.scenario.distribution] naming the parameter, e.g. a PERT mode outside
/// [low, high] or a sigma_log so large that the distribution degenerates.
Distribution validated(Distribution d) {
  d.validate(std::string("Distribution.") + std::string(to_string(d.kind)));
  return d;
}

/// `x` (a value drawn from `d`) if finite, else out_of_domain [llmcost.scenario.overflow] naming d's parameters.
double finite_draw(const Distribution& d, double x, const char* what) {
  const char* params = "value";
  switch (d.kind) {
    case DistributionKind::uniform: params = "low, high"; break;
    case DistributionKind::triangular:
    case DistributionKind::pert: params = "low, mode, high"; break;
    case DistributionKind::normal: params = "mean, sd"; break;
    case DistributionKind::lognormal: params = "median, sigma_log"; break;
    case DistributionKind::discrete: params = "values"; break;
    case DistributionKind::fixed: break;
  }
  return detail::require_finite_result(x, what, params, "llmcost.scenario.overflow");
}

}  // namespace

void register_scenario(py::module_& m) {
  py::class_<Distribution>(m, "Distribution", R"doc(
An uncertain scenario input (llmcost/scenario/distribution.hpp), in the unit of the input it
replaces. Build with Distribution.uniform/triangular/pert/normal/lognormal/discrete/fixed.)doc")
      .def_static("fixed", [](Real<"value"> value) { return validated(Distribution::fixed_value(value)); },
                  py::arg("value"))
      .def_static("uniform",
                  [](Real<"low"> low, Real<"high"> high) { return validated(Distribution::uniform(low, high)); },
                  py::arg("low"), py::arg("high"))
      .def_static("triangular",
                  [](Real<"low"> low, Real<"mode"> mode, Real<"high"> high) {
                    return validated(Distribution::triangular(low, mode, high));
                  },
                  py::arg("low"), py::arg("mode"), py::arg("high"))
      .def_static("pert",
                  [](Real<"low"> low, Real<"mode"> mode, Real<"high"> high) {
                    return validated(Distribution::pert(low, mode, high));
                  },
                  py::arg("low"), py::arg("mode"), py::arg("high"))
      .def_static("normal",
                  [](Real<"mean"> mean, Real<"sd"> sd, Real<"low"> low, Real<"high"> high) {
                    return validated(Distribution::normal(mean, sd, low, high));
                  },
                  py::arg("mean"), py::arg("sd"), py::arg("low") = -Distribution::inf,
                  py::arg("high") = Distribution::inf)
      .def_static("lognormal",
                  [](Real<"median"> median, Real<"sigma_log"> sigma_log, Real<"low"> low, Real<"high"> high) {
                    return validated(Distribution::lognormal(median, sigma_log, low, high));
                  },
                  py::arg("median"), py::arg("sigma_log"), py::arg("low") = -Distribution::inf,
                  py::arg("high") = Distribution::inf)
      .def_static("discrete",
                  [](const std::vector<Real<"values">>& values, const std::vector<Real<"weights">>& weights) {
                    return validated(
                        Distribution::discrete({values.begin(), values.end()}, {weights.begin(), weights.end()}));
                  },
                  py::arg("values"), py::arg("weights") = std::vector<double>{})
      .def_property_readonly("kind", [](const Distribution& d) { return std::string(to_string(d.kind)); })
      .def("quantile", [](const Distribution& d, Real<"u"> u) { return finite_draw(d, d.quantile(u), "quantile"); },
           py::arg("u"), "The value at cumulative probability u ∈ (0, 1).")
      .def("point", [](const Distribution& d) { return finite_draw(d, d.point(), "point"); },
           "The point value used by deterministic runs.")
      .def("exact_mean", [](const Distribution& d) { return finite_draw(d, d.exact_mean(), "exact_mean"); })
      .def("__repr__", [](const Distribution& d) { return "<llmcost.Distribution " + std::string(to_string(d.kind)) + ">"; });

  py::class_<Scenario>(m, "_Scenario", "Internal: the C++ scenario; use llmcost.Scenario.")
      .def_static("load",
                  [](const std::filesystem::path& path, const CatalogArg& catalog) {
                    return Scenario::load(path, catalog.get());
                  },
                  py::arg("path"), py::arg("catalog") = py::none())
      .def_static("from_toml",
                  [](const std::string& text, const std::string& origin, const std::string& base_dir,
                     const CatalogArg& catalog) { return Scenario::from_toml(text, origin, base_dir, catalog.get()); },
                  py::arg("text"), py::arg("origin") = "<string>", py::arg("base_dir") = "",
                  py::arg("catalog") = py::none())
      .def_static("from_json",
                  [](const std::string& text, const std::string& origin, const std::string& base_dir,
                     const CatalogArg& catalog) { return Scenario::from_json(text, origin, base_dir, catalog.get()); },
                  py::arg("text"), py::arg("origin") = "<json>", py::arg("base_dir") = "",
                  py::arg("catalog") = py::none())
      .def_property_readonly("name", &Scenario::name)
      .def_property_readonly("description", &Scenario::description)
      .def_property_readonly("base", &Scenario::base)
      .def_property_readonly("kind", &Scenario::kind)
      .def_property_readonly("files", &Scenario::files)
      .def("metric_names", &Scenario::metric_names)
      .def("uncertain_inputs", &Scenario::uncertain_inputs)
      .def_property_readonly("notes", &Scenario::notes,
                             "Defaults that stand in for data the catalog lacks (a chip without a purchase price priced "
                             "at the H100's under ownership), one sentence each; empty when none.")
      .def("correlations", &Scenario::correlations)
      .def("input", [](const Scenario& s, const std::string& path) { return s.input(path); }, py::arg("path"))
      .def("base_point", [](const Scenario& s) {
        py::dict d;
        for (const auto& [k, v] : s.base_point()) d[py::str(k)] = v;
        return d;
      })
      .def("with_value", [](const Scenario& s, const std::string& path, py::handle v) {
        if (py::isinstance<py::str>(v)) return s.with(path, v.cast<std::string>());
        return s.with(path, distribution_from(v, path));
      }, py::arg("path"), py::arg("value"))
      .def("has_uncertainty", &Scenario::has_uncertainty)
      .def("resolved_json", [](const Scenario& s, Samples samples, std::optional<Seed> seed,
                               Threads threads, const std::optional<std::string>& method,
                               std::vector<std::string> metrics, const std::vector<Real<"percentiles">>& percentiles, Bins bins) {
        const RunOptions r = s.resolved(run_options(samples, seed_of(seed), threads, method, std::move(metrics),
                                                    reals(percentiles), bins));
        py::dict d;
        d["samples"] = r.samples;
        d["seed"] = r.seed.value_or(0);
        d["threads"] = r.threads;
        d["method"] = r.method == SamplingMethod::sobol ? "sobol" : "random";
        d["metrics"] = r.metrics;
        d["percentiles"] = r.percentiles;
        d["histogram_bins"] = r.histogram_bins;
        return d;
      }, LLMCOST_RUN_ARGS, "The run options with every default filled in from the file (as a dict).")
      .def("run_json", [](const Scenario& s, Samples samples, std::optional<Seed> seed, Threads threads,
                          const std::optional<std::string>& method, std::vector<std::string> metrics,
                          const std::vector<Real<"percentiles">>& percentiles, Bins bins) {
        const RunOptions o = run_options(samples, seed_of(seed), threads, method, std::move(metrics), reals(percentiles), bins);
        McResult r;
        {
          py::gil_scoped_release release;  // C++ scenario engine on C++ values only
          r = s.run(o);
        }
        return to_json(r, -1);
      }, LLMCOST_RUN_ARGS)
      .def("sample_range", [](const Scenario& s, Int<"begin", std::uint64_t> begin, Int<"end", std::uint64_t> end,
                              Samples samples,
                              std::optional<Seed> seed, Threads threads,
                              const std::optional<std::string>& method, std::vector<std::string> metrics,
                              const std::vector<Real<"percentiles">>& percentiles, Bins bins) {
        LLMCOST_REQUIRE(begin.value <= end.value, invalid_input, "llmcost.scenario.range", "begin = ", begin.value,
                        " > end = ", end.value);
        const RunOptions o = run_options(samples, seed_of(seed), threads, method, std::move(metrics), reals(percentiles), bins);
        McSamples c;
        {
          py::gil_scoped_release release;  // C++ sampling on C++ values only
          c = s.sample_range(o, begin, end);
        }
        py::dict d;
        for (std::size_t k = 0; k < c.metrics.size(); ++k) {
          // The array owns the sampled vector (no copy: a Dask worker holds 10⁸ of these at a time).
          auto* v = new std::vector<double>(std::move(c.values[k]));
          py::capsule owner(v, [](void* p) { delete static_cast<std::vector<double>*>(p); });
          d[py::str(c.metrics[k])] = py::array_t<double>(static_cast<py::ssize_t>(v->size()), v->data(), owner);
        }
        return d;
      }, py::arg("begin"), py::arg("end"), LLMCOST_RUN_ARGS,
      "Raw samples of indices [begin, end) as {metric: array}; identical to the same indices of any run.")
      .def("summarise_json", [](const Scenario& s, Int<"begin", std::uint64_t> begin, const py::dict& values,
                                Samples samples, std::optional<Seed> seed, Threads threads,
                                const std::optional<std::string>& method, std::vector<std::string> metrics,
                                const std::vector<Real<"percentiles">>& percentiles, Bins bins) {
        McSamples c;
        c.begin = begin;
        std::size_t n = 0;
        for (const auto& [k, v] : values) {
          auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(v);
          LLMCOST_REQUIRE(a && a.ndim() == 1, invalid_input, "llmcost.scenario.chunks", "values of ",
                          py::cast<std::string>(k), " must be a 1-D array");
          LLMCOST_REQUIRE(c.metrics.empty() || static_cast<std::size_t>(a.size()) == n, invalid_input,
                          "llmcost.scenario.chunks", "metrics hold different numbers of samples");
          n = static_cast<std::size_t>(a.size());
          c.metrics.push_back(py::cast<std::string>(k));
          c.values.emplace_back(a.data(), a.data() + a.size());
        }
        c.end = begin.value + n;
        const RunOptions o = run_options(samples, seed_of(seed), threads, method, std::move(metrics), reals(percentiles), bins);
        McResult r;
        {
          py::gil_scoped_release release;  // C++ summary of C++ vectors
          r = s.summarise(c, o);  // one chunk starting at `begin`: nothing to merge
        }
        return to_json(r, -1);
      }, py::arg("begin"), py::arg("values"), LLMCOST_RUN_ARGS,
      "Summarises merged samples {metric: array} exactly as run() would (JSON).")
      .def("summariser", [](const Scenario& s, Samples samples, std::optional<Seed> seed, Threads threads,
                            const std::optional<std::string>& method, std::vector<std::string> metrics,
                            const std::vector<Real<"percentiles">>& percentiles, Bins bins) {
        return s.summariser(run_options(samples, seed_of(seed), threads, method, std::move(metrics), reals(percentiles), bins));
      }, LLMCOST_RUN_ARGS, "The staged, mergeable summary of a run (llmcost.dask drives it over partitions).")
      .def("sweep_json", [](const Scenario& s, bool with_uncertainty, Samples samples, std::optional<Seed> seed,
                            std::optional<Int<"begin", std::size_t>> begin, std::optional<Int<"end", std::size_t>> end) {
        RunOptions o;
        o.samples = samples;
        o.seed = seed_of(seed);
        SweepTable t;
        {
          py::gil_scoped_release release;  // C++ engine on C++ values only
          t = s.sweep_range(o, with_uncertainty, begin ? begin->value : 0, end ? end->value : s.sweep_rows());
        }
        return to_json(t, -1);
      }, py::arg("with_uncertainty") = false, py::arg("samples") = 0, py::arg("seed") = py::none(),
      py::arg("begin") = py::none(), py::arg("end") = py::none(),
      "The sweep table as JSON (rows [begin, end) of the grid when given).")
      .def("sweep_rows", &Scenario::sweep_rows)
      .def("tornado_json", [](const Scenario& s, const std::string& metric, Real<"q_low"> q_low, Real<"q_high"> q_high) {
        return to_json(s.tornado(metric, q_low, q_high), -1);
      }, py::arg("metric"), py::arg("q_low") = 0.05, py::arg("q_high") = 0.95)
      .def("sobol_json", [](const Scenario& s, const std::string& metric, Int<"base_samples", std::uint64_t> base_samples,
                            Int<"bootstrap"> bootstrap, Seed seed, Real<"confidence"> confidence) {
        SobolResult r;
        {
          py::gil_scoped_release release;  // C++ engine on C++ values only
          r = s.sobol(metric, base_samples, bootstrap, seed, confidence);
        }
        return to_json(r, -1);
      }, py::arg("metric"), py::arg("base_samples") = 4096, py::arg("bootstrap") = 200, py::arg("seed") = 0,
      py::arg("confidence") = 0.95)
      .def("sensitivity_request", [](const Scenario& s) {
        const auto r = s.sensitivity_request();
        py::dict d;
        d["tornado"] = r.tornado;
        d["sobol"] = r.sobol;
        d["metrics"] = r.metrics;
        d["base_samples"] = r.base_samples;
        d["bootstrap"] = r.bootstrap;
        return d;
      });

  py::class_<RunSummariser>(m, "_RunSummariser", "Internal: the staged summary of a run (llmcost.dask).")
      .def("done", &RunSummariser::done)
      .def("metrics", &RunSummariser::metrics)
      .def("requests", [](const RunSummariser& s) { return py::bytes(encode(s.requests())); },
           "The current stage's requests, encoded (one per metric).")
      .def("add", [](RunSummariser& s, const py::bytes& parts) {
             const std::string b = parts;
             s.add(decode_parts(b));
           }, py::arg("parts"), "Merges one partition's encoded parts.")
      .def("advance", &RunSummariser::advance)
      .def("result_json", [](const RunSummariser& s) { return to_json(s.result(), -1); });
  m.def("_summary_parts", [](const py::bytes& requests, const std::vector<py::array_t<double, py::array::c_style | py::array::forcecast>>& values) {
          const std::string b = requests;
          const auto q = decode_requests(b);
          LLMCOST_REQUIRE(q.size() == values.size(), invalid_input, "llmcost.summary.part", values.size(),
                          " sample arrays for ", q.size(), " metrics");
          std::vector<SummaryPart> parts;
          {
            py::gil_scoped_release release;  // scans of the arrays only
            for (std::size_t m2 = 0; m2 < q.size(); ++m2)
              parts.push_back(summary_part(values[m2].data(), static_cast<std::size_t>(values[m2].size()), q[m2]));
          }
          return py::bytes(encode(parts));
        }, py::arg("requests"), py::arg("values"),
        "Internal: one partition's encoded summary parts of its sample arrays (one per metric, in order).");

  m.def("scenario_bases", &builtin_bases, "Names of the built-in scenario bases (base = \"...\").");

  m.def("reproducible_ids", &reproducible_ids, "Ids of every reproduction report (llmcost reproduce ID).");
  m.def("_reproduce_json",
        [](const std::string& id, const CatalogArg& catalog) { return to_json(reproduce(id, catalog.get()), -1); },
        py::arg("id"), py::arg("catalog") = py::none(), "Internal: the report as JSON; use llmcost.reproduce(id).");
  m.def("_reproduce_text",
        [](const std::string& id, const CatalogArg& catalog) { return to_text(reproduce(id, catalog.get())); },
        py::arg("id"), py::arg("catalog") = py::none(),
        "Internal: the report as text tables (what `llmcost reproduce ID` prints).");
}

#undef LLMCOST_RUN_ARGS

}  // namespace llmcost::python
