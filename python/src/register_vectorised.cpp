// numpy entry points behind llmcost.estimate_training / estimate_inference / price_ratio when an
// argument is an array (python/llmcost/_vectorised.py broadcasts and calls these).
//
// Protocol: every numeric input arrives as a 1-D C-contiguous float64 array of length n or 1
// (length 1 = broadcast scalar, read with stride 0). Inputs are validated element by element
// with the GIL held (the error names the flat index, e.g. "mfu[3] = 1.5 is outside (0, 1]"),
// then the per-element kernel runs with the GIL released and fills freshly allocated output
// arrays. Each kernel repeats the scalar estimator's arithmetic in the same order, so an
// element equals the scalar call bit for bit (python/tests/test_vectorised.py checks this).
//
// The kernels bypass the library's checked entry points, so they check here what those check:
// every input against its accepted range (the library's, llmcost/detail/ranges.hpp) and every
// output for finiteness. A non-finite output stops the call with
// out_of_domain [llmcost.<area>.overflow] naming the input arrays and the first offending index.
#include "pybind11_prelude.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <exception>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/detail/ranges.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/inference.hpp"
#include "llmcost/estimate/serving_request.hpp"
#include "serving_arguments.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/task_profile.hpp"

namespace llmcost::python {
namespace {

using InArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// An input column must be a plain numeric array (the Python front end converts and checks the
/// caller's arguments; this guards the internal entry points against bools, strings, complex
/// numbers and masked arrays all the same).
void require_numeric_array(py::handle v, const std::string& name) {
  const py::object np = py::module_::import("numpy");
  if (py::isinstance(v, np.attr("ma").attr("MaskedArray"))) {
    throw py::type_error("[llmcost.python.type] " + name +
                         ": a masked array is not accepted (its mask would be ignored); pass " + name +
                         ".filled(value) or " + name + ".compressed()");
  }
  if (!py::isinstance<py::array>(v)) {
    throw py::type_error("[llmcost.python.type] " + name + ": expected a numpy array, got " +
                         std::string(Py_TYPE(v.ptr())->tp_name));
  }
  const char kind = py::reinterpret_borrow<py::array>(v).dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw py::type_error("[llmcost.python.type] " + name + ": an array of dtype " +
                         py::str(v.attr("dtype")).cast<std::string>() + " is not an array of real numbers");
  }
}

/// A read-only column: n values, or one value broadcast (stride 0).
struct Col {
  const double* data = nullptr;
  std::size_t stride = 0;
  [[nodiscard]] double operator[](std::size_t i) const { return data[i * stride]; }
};

/// Holds the converted arrays alive and hands out columns.
class Columns {
 public:
  Columns(const py::dict& d, std::size_t n) : n_(n) {
    for (const auto& [k, v] : d) {
      const std::string name = py::cast<std::string>(k);
      require_numeric_array(v, name);
      InArray a = InArray::ensure(v);
      LLMCOST_REQUIRE(a && a.ndim() == 1 && (static_cast<std::size_t>(a.size()) == n || a.size() == 1),
                      invalid_input, "llmcost.python.broadcast", name, " has ", (a ? a.size() : 0),
                      " elements; expected ", n, " or 1 (broadcast the inputs first)");
      arrays_.emplace(name, std::move(a));
    }
  }
  [[nodiscard]] bool has(const std::string& name) const { return arrays_.count(name) != 0; }
  [[nodiscard]] Col col(const std::string& name) const {
    auto it = arrays_.find(name);
    LLMCOST_REQUIRE(it != arrays_.end(), invalid_input, "llmcost.python.missing_column", "missing column ", name);
    return Col{it->second.data(), it->second.size() == 1 ? 0U : 1U};
  }
  /// Applies `check(x, "name[i]")` to each element that fails `ok(x)` (the check throws).
  template <class Ok, class Check>
  void validate(const std::string& name, Ok ok, Check check) const {
    const Col c = col(name);
    const std::size_t count = c.stride == 0 ? 1 : n_;
    for (std::size_t i = 0; i < count; ++i) {
      if (!ok(c[i])) check(c[i], c.stride == 0 ? name : name + "[" + std::to_string(i) + "]");
    }
  }
  [[nodiscard]] std::size_t size() const { return n_; }
  /// `name[i]` when `name` is an array, `name` when it is a broadcast scalar.
  [[nodiscard]] std::string element(const std::string& name, std::size_t i) const {
    return col(name).stride == 0 ? name : name + "[" + std::to_string(i) + "]";
  }
  /// "a[i], b, c[i]": the inputs of element i, for a message about that element.
  [[nodiscard]] std::string elements(std::initializer_list<std::string> names, std::size_t i) const {
    std::string out;
    for (const auto& name : names) {
      if (!has(name)) continue;
      out += (out.empty() ? "" : ", ") + element(name, i);
    }
    return out;
  }

 private:
  std::size_t n_;
  std::map<std::string, InArray> arrays_;
};

/// As the library's name matching (src/common/suggest.cpp): case, '-', '_', ' ' and '.' ignored.
std::string normalized(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '-' || ch == '_' || ch == ' ' || ch == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out;
}

bool is_efficiency(double x) { return std::isfinite(x) && x > 0 && x <= 1; }
bool is_fraction(double x) { return std::isfinite(x) && x >= 0 && x <= 1; }

/// Every element of `name` must lie in [lo, hi] (detail::require_in_range's message and tag).
void in_range(const Columns& c, const std::string& name, double lo, double hi, const std::string& tag) {
  c.validate(name, [lo, hi](double x) { return std::isfinite(x) && x >= lo && x <= hi; },
             [&](double x, const std::string& what) { detail::require_in_range(x, lo, hi, what, tag); });
}

/// Every element of `name` must lie in (0, hi].
void positive_up_to(const Columns& c, const std::string& name, double hi, const std::string& tag) {
  c.validate(name, [hi](double x) { return std::isfinite(x) && x > 0 && x <= hi; },
             [&](double x, const std::string& what) { detail::require_positive_up_to(x, hi, what, tag); });
}

/// Every element of `name` must be a whole number in [lo, hi].
void whole(const Columns& c, const std::string& name, double lo, double hi, const std::string& tag) {
  c.validate(name, [lo, hi](double x) { return std::isfinite(x) && x >= lo && x <= hi && x == std::floor(x); },
             [&](double x, const std::string& what) { detail::require_whole(x, lo, hi, what, tag); });
}

// Accepted ranges of the array inputs: the scalar entry points' (llmcost/detail/ranges.hpp,
// estimate/training.hpp, pricing/task_profile.cpp), so that an element is accepted exactly when
// the scalar call accepts it.
constexpr double kMinThroughput = 1e-6;      // tokens/s per GPU (phase_gpu_seconds)
constexpr double kMinGpuHours = 1e-6;        // GPU-hours given (phase_gpu_seconds)
constexpr double kMaxTaskTokens = 1e12;      // tokens of one API task (validate(TokenMix))
constexpr double kMaxReasoningMultiplier = 1e3;  // × the denominator's reasoning tokens (CLI, scenarios)

py::array_t<double> out_array(std::size_t n) { return py::array_t<double>(static_cast<py::ssize_t>(n)); }

py::dict estimate_training_batch(const std::string& chip_name, const std::string& precision,
                                 const std::string& mfu_precision, const std::string& efficiency_kind,
                                 const py::dict& inputs, std::size_t n, const std::optional<OwnershipTco>& tco,
                                 const std::vector<std::string>& outputs, const py::dict& out_buffers,
                                 const CatalogArg& catalog) {
  const Accelerator& a = catalog.find(chip_name);
  (void)a.require_peak(parse_precision(precision));  // the chip must support the phase's precision
  LLMCOST_REQUIRE(efficiency_kind == "mfu" || efficiency_kind == "tokens_per_s_per_gpu" ||
                      efficiency_kind == "gpu_hours",
                  invalid_input, "llmcost.training.efficiency", "unknown efficiency kind ", efficiency_kind);
  const Columns c(inputs, n);
  const std::string tag = detail::kTrainingTag;
  whole(c, "gpus", 1, detail::kMaxGpus, tag);
  c.validate("goodput", is_efficiency,
             [](double x, const std::string& w) { detail::require_efficiency(x, w, "llmcost.training.goodput"); });
  in_range(c, "tokens", 1, detail::kMaxRunTokens, tag);
  whole(c, "seq_len", 1, detail::kMaxSeqLen, tag);
  in_range(c, "training_flop_per_token", 1, detail::kMaxFlopsPerToken, tag);
  double peak_flop_per_s = 0;
  if (efficiency_kind == "mfu") {
    c.validate("mfu", is_efficiency,
               [](double x, const std::string& w) { detail::require_efficiency(x, w, "llmcost.training.mfu"); });
    peak_flop_per_s = detail::to_raw(a.require_peak(parse_precision(mfu_precision)));
  } else if (efficiency_kind == "tokens_per_s_per_gpu") {
    in_range(c, "tokens_per_s_per_gpu", kMinThroughput, detail::kMaxTokensPerSecondPerGpu,
             "llmcost.training.throughput");
  } else {
    in_range(c, "gpu_hours", kMinGpuHours, detail::kMaxGpuHours, "llmcost.training.gpu_hours");
  }
  std::optional<TcoBreakdown> tco_rates;
  if (tco) {
    tco_rates = tco_per_gpu_hour(*tco);
  } else {
    positive_up_to(c, "price_usd_per_gpu_hour", detail::kMaxPriceUsdPerGpuHour, "llmcost.pricing.invalid_price");
  }
  const auto* bf16 = a.peak_at(Precision::bf16);
  const auto* fp8 = a.peak_at(Precision::fp8);
  const double bf16_flop_per_s = bf16 ? detail::to_raw(bf16->value) : 0.0;
  const double fp8_flop_per_s = fp8 ? detail::to_raw(fp8->value) : 0.0;

  const Col tokens = c.col("tokens"), fpt = c.col("training_flop_per_token"), gpus = c.col("gpus"),
            goodput = c.col("goodput"), eff = c.col(efficiency_kind);
  const Col price = tco ? Col{} : c.col("price_usd_per_gpu_hour");
  const char* names[] = {"flop", "gpu_hours", "wall_clock_s", "wall_clock_days", "tokens_per_s_per_gpu",
                         "implied_mfu_bf16", "implied_mfu_fp8", "cost_usd", "rental_usd", "hardware_usd",
                         "capital_usd", "power_usd", "facility_usd", "maintenance_usd"};
  constexpr std::size_t kOut = std::size(names);
  // Only the requested outputs are allocated: on large calls, first-touching fresh output pages
  // costs more than the arithmetic. Unrequested outputs go to a scratch value (o[k] with stride 0).
  std::vector<py::array_t<double>> outs(kOut);
  double scratch = 0;
  std::vector<double*> o(kOut, &scratch);
  std::vector<std::size_t> os(kOut, 0);
  const bool all = std::find(outputs.begin(), outputs.end(), "all") != outputs.end();
  for (const auto& want : outputs) {
    LLMCOST_REQUIRE(want == "all" || std::find(std::begin(names), std::end(names), want) != std::end(names),
                    invalid_input, "llmcost.python.outputs", "unknown output \"", want,
                    "\"; choose from flop, gpu_hours, wall_clock_s, wall_clock_days, tokens_per_s_per_gpu, "
                    "implied_mfu_bf16, implied_mfu_fp8, cost_usd, rental_usd, hardware_usd, capital_usd, power_usd, "
                    "facility_usd, maintenance_usd, all");
  }
  LLMCOST_REQUIRE(!outputs.empty(), invalid_input, "llmcost.python.outputs",
                  "outputs is empty; choose from flop, gpu_hours, wall_clock_s, wall_clock_days, tokens_per_s_per_gpu, "
                  "implied_mfu_bf16, implied_mfu_fp8, cost_usd, rental_usd, hardware_usd, capital_usd, power_usd, "
                  "facility_usd, maintenance_usd, all");
  for (std::size_t k = 0; k < kOut; ++k) {
    const bool requested = all || std::find(outputs.begin(), outputs.end(), names[k]) != outputs.end();
    if ((k == 5 && !bf16) || (k == 6 && !fp8)) {  // the chip has no such peak
      LLMCOST_REQUIRE(all || !requested, invalid_input, "llmcost.python.outputs", "output ", names[k],
                      " does not exist for ", a.id, ": it has no ", k == 5 ? "BF16" : "FP8", " peak");
      continue;
    }
    if (requested) {
      if (out_buffers.contains(names[k])) {
        // A caller's buffer (python/llmcost/_vectorised.py checked shape, dtype, contiguity and
        // aliasing): writing into reused memory avoids first-touch page faults, which serialise
        // concurrent calls in the kernel's memory manager.
        const py::object buf = out_buffers[names[k]];
        using OutArray = py::array_t<double, py::array::c_style>;
        LLMCOST_REQUIRE(py::isinstance<OutArray>(buf), invalid_input, "llmcost.python.out",
                        "out[\"", names[k], "\"] must be a C-contiguous float64 array");
        outs[k] = py::reinterpret_borrow<py::array_t<double>>(buf);  // the same object, no copy
        LLMCOST_REQUIRE(static_cast<std::size_t>(outs[k].size()) == n && outs[k].writeable(), invalid_input,
                        "llmcost.python.out", "out[\"", names[k], "\"] must be writeable with ", n, " elements");
      } else {
        outs[k] = out_array(n);
      }
      o[k] = outs[k].mutable_data();
      os[k] = 1;
    }
  }
  // The first element with a non-finite output (n when none) and that output's name.
  std::size_t bad = n;
  const char* bad_output = "";
  {
    // Safe without the GIL: only the raw double buffers converted/allocated above (kept alive
    // by `c` and `outs`) and C++ values are touched; no Python object is read or written.
    py::gil_scoped_release release;
    const int kind = efficiency_kind == "mfu" ? 0 : efficiency_kind == "gpu_hours" ? 2 : 1;
    for (std::size_t i = 0; i < n; ++i) {
      // The training chain's kernels (llmcost/estimate/training.hpp), as estimate_training() for one phase.
      const double tok = tokens[i];
      const double flops = kernels::training_flop(tok, fpt[i]);
      double gpu_s = 0;
      if (kind == 0) {
        gpu_s = kernels::gpu_seconds_at_mfu(flops, eff[i], peak_flop_per_s, goodput[i]);
      } else if (kind == 1) {
        gpu_s = kernels::gpu_seconds_at_throughput(tok, eff[i], goodput[i]);
      } else {
        gpu_s = detail::to_raw(gpu_hours(eff[i]));
      }
      const GpuHours h = detail::from_raw<GpuHours>(gpu_s);
      const double gpu_h = in_gpu_hours(h);
      const Seconds wall = seconds(kernels::wall_clock_seconds(gpu_s, gpus[i]));
      const double tokens_per_gpu_s = tok / gpu_s;
      const double mfu_bf16 = bf16 ? kernels::implied_mfu(flops, gpu_s, bf16_flop_per_s) : 0.0;
      const double mfu_fp8 = fp8 ? kernels::implied_mfu(flops, gpu_s, fp8_flop_per_s) : 0.0;
      o[0][i * os[0]] = flops;
      o[1][i * os[1]] = gpu_h;
      o[2][i * os[2]] = detail::to_raw(wall);
      o[3][i * os[3]] = in_days(wall);
      o[4][i * os[4]] = tokens_per_gpu_s;
      o[5][i * os[5]] = bf16 ? mfu_bf16 : std::nan("");
      o[6][i * os[6]] = fp8 ? mfu_fp8 : std::nan("");
      CostBreakdown cost;
      if (tco_rates) {
        cost.hardware = h * tco_rates->hardware;
        cost.capital = h * tco_rates->capital;
        cost.power = h * tco_rates->power;
        cost.facility = h * tco_rates->facility;
        cost.maintenance = h * tco_rates->maintenance;
      } else {
        cost.rental = h * usd_per_gpu_hour(price[i]);
      }
      const double total = detail::to_raw(cost.total());
      o[7][i * os[7]] = total;
      o[8][i * os[8]] = detail::to_raw(cost.rental);
      o[9][i * os[9]] = detail::to_raw(cost.hardware);
      o[10][i * os[10]] = detail::to_raw(cost.capital);
      o[11][i * os[11]] = detail::to_raw(cost.power);
      o[12][i * os[12]] = detail::to_raw(cost.facility);
      o[13][i * os[13]] = detail::to_raw(cost.maintenance);
      // The output check (as the scalar estimator's): every value of the element, requested or
      // not. All are >= 0 (the inputs are positive), so one finite sum clears the element.
      const double values[] = {flops, gpu_h, detail::to_raw(wall), tokens_per_gpu_s, mfu_bf16, mfu_fp8, total};
      if (!std::isfinite(flops + gpu_h + detail::to_raw(wall) + tokens_per_gpu_s + mfu_bf16 + mfu_fp8 + total)) {
        const char* value_names[] = {"flop", "gpu_hours", "wall_clock_s", "tokens_per_s_per_gpu", "implied_mfu_bf16",
                                     "implied_mfu_fp8", "cost_usd"};
        for (std::size_t v = 0; v < std::size(values) && bad == n; ++v) {
          if (!std::isfinite(values[v])) {
            bad = i;
            bad_output = value_names[v];
          }
        }
      }
      if (bad != n) break;
    }
  }
  if (bad != n) {
    const std::string goodput_name = efficiency_kind == "gpu_hours" ? "" : "goodput";  // not applied to GPU-hours
    const std::string named = c.elements(
        {"tokens", "training_flop_per_token", "gpus", efficiency_kind, goodput_name, "price_usd_per_gpu_hour"}, bad);
    detail::require_finite_result(std::nan(""), bad_output, named + (tco ? ", tco" : ""), "llmcost.training.overflow");
  }
  py::dict d;
  for (std::size_t k = 0; k < kOut; ++k) {
    if (os[k] != 0) d[names[k]] = outs[k];
  }
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

/// Rethrows the library error `e` of element `i` with the element's index in its message.
[[noreturn]] void rethrow_at(const std::exception_ptr& e, std::size_t i) {
  const std::string where = " (at index " + std::to_string(i) + " of the arrays)";
  auto message = [&](const char* what, const std::string& tag) {
    std::string m(what);
    const std::string prefix = "[" + tag + "] ";
    if (m.rfind(prefix, 0) == 0) m.erase(0, prefix.size());
    return m + where;
  };
  try {
    std::rethrow_exception(e);
  } catch (const invalid_input& x) {
    throw invalid_input(x.tag(), message(x.what(), x.tag()));
  } catch (const out_of_domain& x) {
    throw out_of_domain(x.tag(), message(x.what(), x.tag()));
  } catch (const not_found& x) {
    throw not_found(x.tag(), message(x.what(), x.tag()));
  }
}

py::dict estimate_inference_batch(const ServingRequest& base, const py::dict& inputs, std::size_t n) {
  // The model, the chip and (without a price column) the price are resolved once, as the scalar call
  // resolves them; each element then sets only the knobs given and builds its ServingConfig with the
  // library's serving_config (the one place that fills in the defaults).
  const ServingModel model = resolve_serving_model(base);
  const Catalog& catalog = base.catalog ? *base.catalog : Catalog::builtin();
  const Accelerator& a = catalog.find(base.chip.empty() ? kDefaultServingChip : base.chip);
  const Columns c(inputs, n);
  // Integer arguments arrive as doubles; they must be whole numbers.
  for (const char* name : {"tensor_parallel", "micro_batches", "max_nodes_per_token", "mtp_draft_tokens"}) {
    if (!inputs.contains(name)) continue;
    c.validate(name, [](double x) { return std::isfinite(x) && x >= 0 && x == std::floor(x) && x < 1e9; },
               [](double x, const std::string& w) {
                 throw invalid_input("llmcost.inference.integer",
                                     w + " = " + std::to_string(x) + " is invalid; expected a whole number >= 0");
               });
  }
  const bool price_given = inputs.contains("price_usd_per_gpu_hour");
  if (price_given)
    positive_up_to(c, "price_usd_per_gpu_hour", detail::kMaxPriceUsdPerGpuHour, "llmcost.pricing.invalid_price");
  const PriceChoice default_price = choose_price(a, std::nullopt);
  const bool costed = price_given || default_price.price.has_value();
  auto col = [&](const char* name) { return inputs.contains(name) ? std::optional<Col>(c.col(name)) : std::nullopt; };
  const auto gpus = col("gpus"), tp = col("tensor_parallel"), batch = col("batch_per_gpu"),
             ctx = col("context_tokens"), prompt = col("prompt_tokens"), pre = col("prefill_tokens_per_gpu"),
             cf = col("cached_fraction"), mb = col("micro_batches"), nodes = col("max_nodes_per_token"),
             mtp = col("mtp_draft_tokens"), price = col("price_usd_per_gpu_hour");
  const char* names[] = {"prefill_computed_tokens_per_s_per_gpu", "prefill_input_tokens_per_s_per_gpu",
                         "ttft_s", "decode_tokens_per_s_per_gpu", "decode_tokens_per_s_per_node",
                         "time_per_output_token_s", "input_usd_per_token", "output_usd_per_token"};
  // Without a price (none given, no catalog quote) the cost arrays are absent, as the scalar cost is None.
  const std::size_t kOut = costed ? std::size(names) : std::size(names) - 2;
  std::vector<py::array_t<double>> outs;
  std::vector<double*> o(kOut);
  for (std::size_t k = 0; k < kOut; ++k) {
    outs.push_back(out_array(n));
    o[k] = outs.back().mutable_data();
  }
  py::array_t<bool> fits(static_cast<py::ssize_t>(n));
  bool* f = fits.mutable_data();
  std::size_t bad = n;  // the first element whose estimate failed or has a non-finite output
  const char* bad_output = "";
  std::exception_ptr failure;
  {
    // Safe without the GIL: C++ values and raw buffers only. The estimators validate their
    // inputs and may throw; the exception is kept and rethrown below with the GIL held.
    py::gil_scoped_release release;
    ServingRequest knobs;  // only the serving knobs: serving_config reads nothing else
    knobs.weight_precision = base.weight_precision;
    knobs.kv_precision = base.kv_precision;
    knobs.compute_precision = base.compute_precision;
    for (std::size_t i = 0; i < n && bad == n; ++i) {
      if (gpus) knobs.gpus = gpu_count((*gpus)[i]);
      if (tp) knobs.tensor_parallel = static_cast<int>((*tp)[i]);
      if (batch) knobs.batch_per_gpu = (*batch)[i];
      if (ctx) knobs.context = token_count((*ctx)[i]);
      if (prompt) knobs.prompt_length = token_count((*prompt)[i]);
      if (pre) knobs.prefill_tokens_per_gpu = token_count((*pre)[i]);
      if (cf) knobs.cached_fraction = ratio((*cf)[i]);
      if (mb) knobs.micro_batches = static_cast<int>((*mb)[i]);
      if (nodes) knobs.max_nodes_per_token = static_cast<int>((*nodes)[i]);
      if (mtp) knobs.mtp_draft_tokens = static_cast<int>((*mtp)[i]);
      const ServingConfig s = serving_config(knobs);
      PrefillEstimate p;
      DecodeEstimate d;
      ServingCost sc{};
      try {
        p = estimate_prefill(model, a, s, base.efficiency);
        d = estimate_decode(model, a, s, base.efficiency);
        if (costed) sc = serving_cost(p, d, price ? usd_per_gpu_hour((*price)[i]) : *default_price.price);
      } catch (const llmcost::error&) {
        failure = std::current_exception();
        bad = i;
        break;
      }
      const double values[] = {detail::to_raw(p.computed_tokens_per_s_per_gpu),
                               detail::to_raw(p.input_tokens_per_s_per_gpu),
                               detail::to_raw(p.ttft),
                               detail::to_raw(d.tokens_per_s_per_gpu),
                               detail::to_raw(d.tokens_per_s_per_node),
                               detail::to_raw(d.time_per_output_token),
                               detail::to_raw(sc.input),
                               detail::to_raw(sc.output)};
      for (std::size_t k = 0; k < kOut; ++k) o[k][i] = values[k];
      f[i] = d.fits_in_memory;
      for (std::size_t k = 0; k < kOut; ++k) {  // the output check
        if (!std::isfinite(o[k][i])) {
          bad = i;
          bad_output = names[k];
          break;
        }
      }
    }
  }
  if (failure) rethrow_at(failure, bad);
  if (bad != n) {
    detail::require_finite_result(std::nan(""), bad_output,
                                  c.elements({"gpus", "batch_per_gpu", "context_tokens", "prompt_tokens",
                                              "prefill_tokens_per_gpu", "price_usd_per_gpu_hour"},
                                             bad),
                                  "llmcost.inference.overflow");
  }
  py::dict d;
  for (std::size_t k = 0; k < kOut; ++k) d[names[k]] = outs[k];
  d["fits_in_memory"] = fits;
  return d;
}

}  // namespace

void register_vectorised(py::module_& m) {
  m.def("_estimate_training_batch", &estimate_training_batch, py::arg("chip"), py::arg("precision"),
        py::arg("mfu_precision"), py::arg("efficiency"), py::arg("inputs"), py::arg("n"), py::arg("tco") = py::none(),
        py::arg("outputs") = std::vector<std::string>{"all"}, py::arg("out") = py::dict(),
        py::arg("catalog") = py::none(),
        "Internal: array kernel of estimate_training (use llmcost.estimate_training with numpy arrays).");
  m.def("_price_ratio_batch", &price_ratio_batch, py::arg("numerator"), py::arg("denominator"), py::arg("profile"),
        py::arg("inputs"), py::arg("n"), py::arg("outputs") = std::vector<std::string>{"all"},
        "Internal: array kernel of price_ratio (use llmcost.price_ratio with numpy arrays).");
  m.def("_estimate_inference_batch",
        [](const std::optional<std::string>& model, const std::optional<std::string>& hf_config,
           const std::optional<std::string>& chip, const std::optional<std::string>& weight_precision,
           const std::optional<std::string>& kv_precision, const std::optional<std::string>& compute_precision,
           const py::dict& inputs, std::size_t n, const CatalogArg& catalog) {
          return estimate_inference_batch(serving_request_base(model, hf_config, chip, weight_precision,
                                                               kv_precision, compute_precision, catalog),
                                          inputs, n);
        },
        py::arg("model"), py::arg("hf_config"), py::arg("chip"), py::arg("weight_precision"),
        py::arg("kv_precision"), py::arg("compute_precision"), py::arg("inputs"), py::arg("n"),
        py::arg("catalog") = py::none(),
        "Internal: array kernel of estimate_inference (use llmcost.estimate_inference with numpy arrays).");
}

}  // namespace llmcost::python
