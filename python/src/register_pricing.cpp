// Bindings for llmcost/pricing: API price sheets, task profiles and price ratios (dicts with the unit
// in every key, the CLI's JSON), ownership TCO presets, program cost, fleets.
#include "columns.hpp"  // the prelude, numpy columns and the batch helpers

#include <pybind11/stl/filesystem.h>

#include "document.hpp"
#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/fleet.hpp"
#include "llmcost/pricing/program.hpp"
#include "llmcost/pricing/task_profile.hpp"
#include "llmcost/pricing/tco.hpp"

namespace llmcost::python {
namespace {


py::dict ratios_dict(const ListPriceRatios& r) {
  py::dict d;
  d["input_cache_miss"] = detail::to_raw(r.input_cache_miss);
  d["input_cache_hit"] = detail::to_raw(r.input_cache_hit);
  d["output"] = detail::to_raw(r.output);
  return d;
}

py::dict range_dict(const RatioRange& r) {
  py::dict d;
  d["low"] = detail::to_raw(r.low);
  d["low_at"] = r.low_at;
  d["high"] = detail::to_raw(r.high);
  d["high_at"] = r.high_at;
  return d;
}

py::dict provenance_dict(const Provenance& p) {
  py::dict d;
  d["source"] = p.citation;
  d["grade"] = std::string(to_string(p.grade));
  if (!p.url.empty()) d["url"] = p.url;
  if (!p.note.empty()) d["note"] = p.note;
  return d;
}

py::dict breakdown_dict(const TcoBreakdown& b) {
  py::dict d;
  d["hardware_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.hardware);
  d["capital_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.capital);
  d["power_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.power);
  d["facility_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.facility);
  d["maintenance_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.maintenance);
  d["total_usd_per_gpu_hour"] = in_usd_per_gpu_hour(b.total());
  return d;
}

py::dict scenario_dict(const ProgramScenario& s) {
  py::dict d;
  d["final_run_usd"] = detail::to_raw(s.final_run);
  d["experiments_usd"] = detail::to_raw(s.experiments);
  d["failed_runs_usd"] = detail::to_raw(s.failed_runs);
  d["staff_usd"] = detail::to_raw(s.staff);
  d["data_usd"] = detail::to_raw(s.data);
  d["total_usd"] = detail::to_raw(s.total());
  return d;
}

py::dict fleet_dict(const Fleet& f, double period_s) {
  const FleetCost c = fleet_cost(f, seconds(period_s));
  py::dict d;
  d["name"] = f.name;
  d["gpus"] = detail::to_raw(f.count);
  d["hardware_capex_usd"] = detail::to_raw(c.hardware_capex);
  d["facility_capex_usd"] = detail::to_raw(c.facility_capex);
  d["capex_usd"] = detail::to_raw(c.capex);
  d["annual_cost_usd"] = detail::to_raw(c.annual_cost);
  d["period_s"] = period_s;
  d["cost_over_period_usd"] = detail::to_raw(c.cost_over_period);
  d["per_gpu_hour"] = breakdown_dict(c.per_gpu_hour);
  d["source"] = provenance_dict(f.source);
  return d;
}

py::dict price_ratio_batch(const std::string& numerator, const std::string& denominator,
                           const std::optional<std::string>& profile, const py::dict& inputs, std::size_t n,
                           const std::vector<std::string>& outputs) {
  const ApiPrice& a = api_price(numerator);
  const ApiPrice& b = api_price(denominator);
  const Columns c(inputs, n);
  positive_up_to(c, "reasoning_multiplier", kMaxReasoningMultiplier, "llmcost.pricing.reasoning_multiplier");
  std::optional<TokenMix> mix_a, mix_b;
  if (profile) {
    const TaskProfile& p = task_profile(*profile);
    mix_a = p.mix_for(a);
    mix_b = p.mix_for(b);
  } else {
    const std::string tag = "llmcost.pricing.tokens";
    for (const char* name : {"input_tokens", "output_tokens", "reasoning_tokens"}) {
      in_range(c, name, 0, kMaxTaskTokens, tag);
    }
    c.validate("cached_fraction", is_fraction, [](double x, const std::string& w) {
      detail::require_fraction(x, w, "llmcost.pricing.cached_fraction");
    });
  }
  const bool same_model = normalized(a.model) == normalized(b.model);
  const Col k = c.col("reasoning_multiplier");
  const Col in = profile ? Col{} : c.col("input_tokens"), cf = profile ? Col{} : c.col("cached_fraction"),
            out = profile ? Col{} : c.col("output_tokens"), rs = profile ? Col{} : c.col("reasoning_tokens");
  const char* names[] = {"price_ratio", "numerator_usd_per_task", "denominator_usd_per_task"};
  LLMCOST_REQUIRE(!outputs.empty(), invalid_input, "llmcost.python.outputs",
                  "outputs is empty; choose from price_ratio, numerator_usd_per_task, denominator_usd_per_task, all");
  for (const auto& want : outputs) {
    LLMCOST_REQUIRE(want == "all" || std::find(std::begin(names), std::end(names), want) != std::end(names),
                    invalid_input, "llmcost.python.outputs", "unknown output \"", want,
                    "\"; choose from price_ratio, numerator_usd_per_task, denominator_usd_per_task, all");
  }
  const bool all = std::find(outputs.begin(), outputs.end(), "all") != outputs.end();
  auto wanted = [&](const char* name) {
    return all || std::find(outputs.begin(), outputs.end(), name) != outputs.end();
  };
  // As in the training kernel: only requested outputs are allocated (stride 0 into scratch otherwise);
  // the denominator is always kept (it is checked for $0 below).
  double scratch_r = 0, scratch_n = 0;
  py::array_t<double> ratio_out, num_out, den_out = out_array(n);
  if (wanted(names[0])) ratio_out = out_array(n);
  if (wanted(names[1])) num_out = out_array(n);
  double* r = wanted(names[0]) ? ratio_out.mutable_data() : &scratch_r;
  double* nu = wanted(names[1]) ? num_out.mutable_data() : &scratch_n;
  double* de = den_out.mutable_data();
  const std::size_t rs_ = wanted(names[0]) ? 1 : 0, ns_ = wanted(names[1]) ? 1 : 0;
  std::size_t bad = n;  // the first element with a non-finite output
  const char* bad_output = "";
  {
    // Safe without the GIL: C++ values and the raw buffers above only (no Python objects).
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) {
      TokenMix ma, mb;
      if (profile) {
        ma = *mix_a;
        mb = *mix_b;
      } else {
        ma = TokenMix{token_count(in[i]), ratio(cf[i]), token_count(out[i]), token_count(rs[i])};
        mb = ma;
      }
      // As price_ratio(numerator, denominator, profile, reasoning_multiplier): the denominator's
      // model thinks k× as long (with_tokens_for also changes the numerator when both are the
      // same model family).
      if (k[i] != 1.0) {
        mb = with_reasoning_multiplier(mb, k[i]);
        if (same_model) ma = mb;
      }
      // The mixes were validated above: the unchecked kernel of cost_per_task.
      const Usd den = task_cost_unchecked(mb, b);
      const Usd num = task_cost_unchecked(ma, a);
      nu[i * ns_] = detail::to_raw(num);
      de[i] = detail::to_raw(den);
      r[i * rs_] = detail::to_raw(num / den);
      // The output check; a zero denominator is reported below as [llmcost.pricing.zero_cost].
      const double values[] = {detail::to_raw(den), detail::to_raw(num), detail::to_raw(den) > 0 ? detail::to_raw(num / den) : 0.0};
      const char* value_names[] = {"denominator_usd_per_task", "numerator_usd_per_task", "price_ratio"};
      for (std::size_t v = 0; v < std::size(values) && bad == n; ++v) {
        if (!std::isfinite(values[v])) {
          bad = i;
          bad_output = value_names[v];
        }
      }
      if (bad != n) break;
    }
  }
  if (bad != n) {  // (the elements after `bad` were not computed)
    detail::require_finite_result(
        std::nan(""), bad_output,
        c.elements({"input_tokens", "output_tokens", "reasoning_tokens", "reasoning_multiplier"}, bad),
        "llmcost.pricing.overflow");
  }
  for (std::size_t i = 0; i < n; ++i) {
    LLMCOST_REQUIRE(de[i] > 0, invalid_input, "llmcost.pricing.zero_cost", "element ", i, " costs $0 under ",
                    b.id, "; the ratio is undefined (no billed tokens)");
  }
  py::dict d;
  if (wanted(names[0])) d[names[0]] = ratio_out;
  if (wanted(names[1])) d[names[1]] = num_out;
  if (wanted(names[2])) d[names[2]] = den_out;
  return d;
}

}  // namespace

void register_pricing(py::module_& m) {
  m.def("api_price", [](const std::string& id) { return json_loads(to_json(api_price(id))); }, py::arg("id"),
        R"doc(The API price sheet `id` (llmcost id, provider model id or alias, e.g. "deepseek-reasoner", "o1")
as a dict: input_cache_hit_usd_per_mtok, input_cache_miss_usd_per_mtok, output_usd_per_mtok (and the
same in USD per token, *_usd_per_token), effective dates, and "sources" with each price's citation and
grade. KeyError [llmcost.pricing.unknown_price_sheet] with the closest ids when unknown.)doc");
  m.def("api_prices", [] { return py::object(json_loads(to_json(PriceSheets::builtin()))["prices"]); },
        "Every built-in price sheet (data/api_prices.toml), as dicts.");
  m.def("load_api_prices", [](const std::filesystem::path& path) {
          return py::object(json_loads(to_json(PriceSheets::builtin().merged(PriceSheets::from_file(path))))["prices"]);
        }, py::arg("path"),
        "Built-in sheets merged with the TOML file at `path`; ValueError [llmcost.pricing.invalid_file] "
        "listing every problem as path:line:col (e.g. a negative price).");
  m.def("list_price_ratios", [](const std::string& numerator, const std::string& denominator) {
          return ratios_dict(list_price_ratios(api_price(numerator), api_price(denominator)));
        }, py::arg("numerator"), py::arg("denominator"),
        "How many times dearer `numerator` is than `denominator`, per price: input_cache_miss, "
        "input_cache_hit, output (o1 / R1: 27.3, 53.6, 27.4).");
  m.def("price_ratio", [](const std::string& numerator, const std::string& denominator, const std::string& profile,
                          Real<"reasoning_multiplier"> reasoning_multiplier) {
          // (0, 1e3], as the CLI's --reasoning-multiplier and a scenario's task.denominator_reasoning_multiplier.
          detail::require_positive_up_to(reasoning_multiplier, 1e3, "reasoning_multiplier",
                                         "llmcost.pricing.reasoning_multiplier");
          const ApiPrice& a = api_price(numerator);
          const ApiPrice& b = api_price(denominator);
          const TaskProfile p = with_reasoning_multiplier(task_profile(profile), b, reasoning_multiplier);
          return detail::require_finite_result(detail::to_raw(price_ratio(p, a, b)), "price_ratio",
                                               "reasoning_multiplier", "llmcost.pricing.overflow");
        }, py::arg("numerator"), py::arg("denominator"), py::arg("profile") = "chat",
        py::arg("reasoning_multiplier") = 1.0,
        R"doc(Cost of one task of `profile` (see task_profiles()) under `numerator` divided by its cost
under `denominator`. `reasoning_multiplier` scales the denominator's hidden reasoning tokens (the
denominator's model thinks k× as long), to show how unequal reasoning lengths move the ratio.)doc");
  m.def("price_ratio_grid", [](const std::string& numerator, const std::string& denominator, Int<"steps"> steps) {
          return range_dict(price_ratio_grid(api_price(numerator), api_price(denominator), steps));
        }, py::arg("numerator"), py::arg("denominator"), py::arg("steps") = 21,
        "Min and max of the ratio over a grid of output shares and cached fractions in [0, 1].");
  m.def("price_ratio_range", [](const std::string& numerator, const std::string& denominator) {
          return range_dict(price_ratio_range(TaskProfiles::builtin().all(), api_price(numerator), api_price(denominator)));
        }, py::arg("numerator"), py::arg("denominator"), "Min and max of price_ratio over the built-in task profiles.");
  m.def("cost_per_task", [](const std::string& price, Real<"input_tokens"> input_tokens,
                            Real<"cached_fraction"> cached_fraction, Real<"output_tokens"> output_tokens,
                            Real<"reasoning_tokens"> reasoning_tokens) {
          const TokenMix mix{token_count(input_tokens), ratio(cached_fraction), token_count(output_tokens),
                             token_count(reasoning_tokens)};
          return detail::require_finite_result(detail::to_raw(cost_per_task(mix, api_price(price))), "cost_usd",
                                               "input_tokens, output_tokens, reasoning_tokens",
                                               "llmcost.pricing.overflow");
        }, py::arg("price"), py::arg("input_tokens"), py::arg("cached_fraction"), py::arg("output_tokens"),
        py::arg("reasoning_tokens") = 0.0,
        "USD for one task under price sheet `price`. cached_fraction outside [0, 1] raises ValueError "
        "[llmcost.pricing.cached_fraction].");
  m.def("task_profiles", [] {
          py::list out;
          for (const auto& p : TaskProfiles::builtin().all()) out.append(json_loads(to_json(p)));
          return out;
        }, "The built-in task profiles (data/task_profiles.toml) with their token mixes and assumptions.");

  py::class_<OwnershipTco>(m, "OwnershipTco", R"doc(
Ownership TCO inputs for one GPU (see llmcost/pricing/tco.hpp for the formula). Fields are
floats with the unit in the name; `sources` gives the provenance of each preset default.
)doc")
      .def_readonly("name", &OwnershipTco::name)
      .def_property_readonly("gpu_price_usd", [](const OwnershipTco& t) { return detail::to_raw(t.gpu_price); })
      .def_property_readonly("pue", [](const OwnershipTco& t) { return detail::to_raw(t.pue); })
      .def_property_readonly("electricity_usd_per_kwh", [](const OwnershipTco& t) { return in_usd_per_kwh(t.electricity_price); })
      .def_property_readonly("hardware_capex_usd_per_gpu",
                             [](const OwnershipTco& t) { return detail::to_raw(hardware_capex_per_gpu(t)); })
      .def_property_readonly("usd_per_gpu_hour",
                             [](const OwnershipTco& t) { return in_usd_per_gpu_hour(tco_per_gpu_hour(t).total()); })
      .def("per_gpu_hour", [](const OwnershipTco& t) { return breakdown_dict(tco_per_gpu_hour(t)); },
           "Effective $/GPU-hour by component (hardware, capital, power, facility, maintenance, total).")
      .def("total_capex_usd",
           [](const OwnershipTco& t, Real<"gpus"> gpus) {
             return detail::require_finite_result(detail::to_raw(total_capex(t, gpu_count(gpus))), "total_capex_usd",
                                                  "gpus", "llmcost.tco.overflow");
           },
           py::arg("gpus"), "Hardware + facility capex for `gpus` GPUs [USD].")
      .def_property_readonly("sources", [](const OwnershipTco& t) {
        py::dict d;
        for (const auto& [k, p] : t.sources) d[py::str(k)] = provenance_dict(p);
        return d;
      })
      .def("__repr__", [](const OwnershipTco& t) { return "<llmcost.OwnershipTco " + t.name + ">"; });

  m.def("tco_preset_names", &tco_preset_names, "Names of the built-in ownership-TCO presets.");
  m.def("tco_preset", [](const std::string& name, Real<"gpu_price_usd"> gpu_price_usd, Real<"gpu_tdp_w"> gpu_tdp_w) {
          OwnershipTco t = tco_preset(name, usd_per_gpu(gpu_price_usd), watts(gpu_tdp_w));
          // Every rate a TrainingEstimate or fleet multiplies by must be a number.
          require_finite_values(breakdown_dict(tco_per_gpu_hour(t)), "gpu_price_usd, gpu_tdp_w", "llmcost.tco.overflow");
          detail::require_finite_result(detail::to_raw(hardware_capex_per_gpu(t)), "hardware_capex_usd_per_gpu",
                                        "gpu_price_usd", "llmcost.tco.overflow");
          return t;
        }, py::arg("name"), py::arg("gpu_price_usd"), py::arg("gpu_tdp_w"),
        "A TCO preset ('epoch-ai-2024', 'hyperscaler', 'industry-average', 'china-owner') for a GPU of the "
        "given purchase price [USD] and TDP [W]. KeyError [llmcost.tco.unknown_preset] when unknown.");
  m.def("program_cost", [](Real<"final_run_usd"> final_run_usd) {
          const ProgramCost p = program_cost(usd(final_run_usd), default_program_assumptions());
          py::dict d;
          d["low"] = scenario_dict(p.low);
          d["base"] = scenario_dict(p.base);
          d["high"] = scenario_dict(p.high);
          require_finite_values(d, "final_run_usd", "llmcost.program.overflow");
          return d;
        }, py::arg("final_run_usd"),
        "Program cost (low/base/high) around a final run costing `final_run_usd`; experiments and failed-run "
        "multipliers are weak-graded assumptions, staff share from Cottier et al. 2024.");
  m.def("fleet_cost", [](const std::string& name, Real<"period_s"> period_s) {
          // The library's range, [0, 100] years, stated for the argument as given (seconds).
          detail::require_in_range(period_s, 0, kMaxFleetPeriodYears * seconds_per_year, "period_s",
                                   "llmcost.fleet.invalid");
          auto checked = [](py::dict d) {
            require_finite_values(d, "period_s", "llmcost.fleet.overflow");
            return d;
          };
          if (name == "semianalysis-deepseek-hopper") return checked(fleet_dict(semianalysis_deepseek_fleet(), period_s));
          if (name == "fifty-thousand-h100") return checked(fleet_dict(fifty_thousand_h100_fleet(), period_s));
          throw not_found("llmcost.fleet.unknown",
                          "\"" + name + "\" is not a fleet; known: semianalysis-deepseek-hopper, fifty-thousand-h100");
        }, py::arg("name"), py::arg("period_s") = seconds_per_year,
        "Capex and running cost of a shipped DeepSeek fleet allegation over `period_s` seconds.");
  m.def("_price_ratio_batch", &price_ratio_batch, py::arg("numerator"), py::arg("denominator"), py::arg("profile"),
        py::arg("inputs"), py::arg("n"), py::arg("outputs") = std::vector<std::string>{"all"},
        "Internal: array kernel of price_ratio (use llmcost.price_ratio with numpy arrays).");
}

}  // namespace llmcost::python
