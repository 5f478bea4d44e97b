// The base models behind scenarios (see models.hpp). Numbers in each model's defaults come
// from the claims/catalog/price data the rest of llmcost uses (each sourced there).
#include "scenario/models.hpp"

#include <cmath>

#include <fmt/format.h>

#include "llmcost/claims/claim.hpp"
#include "llmcost/error.hpp"
#include "llmcost/estimate/training.hpp"
#include "llmcost/hardware/catalog.hpp"
#include "llmcost/model/flops.hpp"
#include "llmcost/model/presets.hpp"
#include "llmcost/pricing/api.hpp"
#include "llmcost/pricing/fleet.hpp"
#include "llmcost/pricing/program.hpp"
#include "llmcost/pricing/task_profile.hpp"
#include "llmcost/pricing/tco.hpp"
#include "llmcost/sweep/monte_carlo.hpp"

namespace llmcost::detail {
namespace {

InputSpec num(std::string path, std::string unit, std::string desc, double lo, double hi, bool lo_exclusive = false) {
  InputSpec s;
  s.path = std::move(path);
  s.unit = std::move(unit);
  s.description = std::move(desc);
  s.min = lo;
  s.max = hi;
  s.min_exclusive = lo_exclusive;
  return s;
}
InputSpec text(std::string path, std::string desc, std::vector<std::string> choices = {}) {
  InputSpec s;
  s.path = std::move(path);
  s.unit = "name";
  s.description = std::move(desc);
  s.is_text = true;
  s.choices = std::move(choices);
  return s;
}

// ---- ownership terms shared by the training and fleet models ------------------------
std::vector<InputSpec> ownership_inputs() {
  return {text("ownership.preset", "TCO preset whose terms are the defaults", tco_preset_names()),
          num("ownership.gpu_price_usd", "USD/GPU", "purchase price of one accelerator", 0, 1e7, true),
          num("ownership.server_overhead", "ratio", "server cost / accelerator cost", 1, 10),
          num("ownership.network_overhead", "ratio", "cluster cost / server cost", 1, 10),
          num("ownership.hardware_life_years", "years", "straight-line amortisation life", 0, 50, true),
          num("ownership.cost_of_capital_per_year", "1/year", "annual cost of capital", 0, 1),
          num("ownership.gpu_tdp_w", "W", "accelerator TDP", 0, 1e5),
          num("ownership.server_power_overhead", "ratio", "all-in IT power per GPU / TDP", 1, 10),
          num("ownership.power_utilisation", "ratio", "average draw / all-in IT power", 0, 1, true),
          num("ownership.pue", "ratio", "power usage effectiveness", 1, 5),
          num("ownership.electricity_usd_per_kwh", "USD/kWh", "electricity price", 0, 10),
          num("ownership.maintenance_per_year", "1/year", "maintenance as a fraction of hardware capex per year", 0, 1)};
}

struct OwnershipIndex {
  std::size_t preset = 0, first = 0;  // schema index of the preset and of gpu_price (then in order)
};

OwnershipTco ownership_from(const std::string& preset, double gpu_price, double tdp) {
  return tco_preset(preset, usd_per_gpu(gpu_price), watts(tdp));
}
void ownership_defaults(const OwnershipTco& t, std::vector<double>& d, std::size_t first) {
  d[first + 0] = to_raw(t.gpu_price);
  d[first + 1] = to_raw(t.server_overhead);
  d[first + 2] = to_raw(t.network_overhead);
  d[first + 3] = in_years(t.hardware_life);
  d[first + 4] = to_raw(t.cost_of_capital_per_year);
  d[first + 5] = to_raw(t.gpu_tdp);
  d[first + 6] = to_raw(t.server_power_overhead);
  d[first + 7] = to_raw(t.power_utilisation);
  d[first + 8] = to_raw(t.pue);
  d[first + 9] = in_usd_per_kwh(t.electricity_price);
  d[first + 10] = to_raw(t.maintenance_per_year);
}
void ownership_set(OwnershipTco& t, const InputBlock& in, std::size_t first, Eigen::Index i) {
  auto v = [&](std::size_t k) { return in.numeric[first + k][i]; };
  t.gpu_price = usd_per_gpu(v(0));
  t.server_overhead = ratio(v(1));
  t.network_overhead = ratio(v(2));
  t.hardware_life = years(v(3));
  t.cost_of_capital_per_year = ratio(v(4));
  t.gpu_tdp = watts(v(5));
  t.server_power_overhead = ratio(v(6));
  t.power_utilisation = ratio(v(7));
  t.pue = ratio(v(8));
  t.electricity_price = usd_per_kwh(v(9));
  t.maintenance_per_year = ratio(v(10));
}
bool ownership_varies(const InputBlock& in, std::size_t first) {
  for (std::size_t k = 0; k < 11; ++k)
    if (in.varies[first + k]) return true;
  return false;
}
// $/GPU-hour and hardware+facility capex per GPU for each row (computed once when constant).
void ownership_columns(const InputBlock& in, std::size_t preset, std::size_t first, Eigen::ArrayXd& usd_per_gpu_h,
                       Eigen::ArrayXd* capex_per_gpu) {
  OwnershipTco t = ownership_from(in.text[preset], in.numeric[first][0], in.numeric[first + 5][0]);
  t.amortisation = Amortisation::straight_line;
  usd_per_gpu_h.resize(in.n);
  if (capex_per_gpu) capex_per_gpu->resize(in.n);
  const bool varies = ownership_varies(in, first);
  for (Eigen::Index i = 0; i < in.n; ++i) {
    if (i == 0 || varies) {
      ownership_set(t, in, first, i);
      usd_per_gpu_h[i] = in_usd_per_gpu_hour(tco_per_gpu_hour(t).total());
      if (capex_per_gpu) (*capex_per_gpu)[i] = to_raw(hardware_capex_per_gpu(t) + facility_capex_per_gpu(t));
    } else {
      usd_per_gpu_h[i] = usd_per_gpu_h[0];
      if (capex_per_gpu) (*capex_per_gpu)[i] = (*capex_per_gpu)[0];
    }
  }
}

// The chip whose purchase price and TDP stand in for a chip that has none: the catalog's H100
// when it has both, else the built-in H100.
const Accelerator& stand_in_chip(const Catalog& catalog) {
  const Accelerator* h100 = catalog.try_find("H100");
  if (!h100 || !h100->purchase_price || !h100->tdp) h100 = &Catalog::builtin().find("H100");
  return *h100;
}

// ---- training --------------------------------------------------------------------------
class TrainingModel final : public BaseModel {
 public:
  enum : std::size_t { chip, basis, pricing_model, gpus, fpt, tokens, post_frac, mfu, goodput, rental,
                       exp_mult, failed_mult, staff, data, own_preset, own_first };
  TrainingModel() {
    s_.kind = "training";
    s_.description = "A training run: FLOPs / (MFU × peak × goodput) GPU-hours, priced by rental or ownership TCO, "
                     "scaled to a development-program cost";
    s_.bases = {"deepseek-v3"};
    s_.inputs = {
        text("cluster.chip", "accelerator name in the catalog (llmcost chips list)"),
        text("efficiency.mfu_basis", "precision whose dense peak the MFU is quoted against", {"bf16", "fp8", "fp16", "tf32"}),
        text("pricing.model", "price GPU-hours by rental or by ownership TCO", {"rental", "ownership"}),
        num("cluster.gpus", "GPUs", "accelerators in the cluster (wall-clock only)", 0, 1e7, true),
        num("model.training_flop_per_token", "FLOP/token", "training FLOPs per token (fwd + bwd)", 0, 1e20, true),
        num("phases.pretrain.tokens", "tokens", "pre-training tokens", 0, 1e17, true),
        num("phases.post_pretrain_fraction", "ratio", "context-extension + post-training GPU-hours / pre-training GPU-hours", 0, 100),
        num("efficiency.mfu", "ratio", "model FLOPs utilisation against the basis peak", 0, 1, true),
        num("efficiency.goodput", "ratio", "fraction of wall-clock doing useful work", 0, 1, true),
        num("pricing.rental_usd_per_gpu_hour", "USD/GPU-h", "rental price", 0, 1e4, true),
        num("program.experiments_multiplier", "ratio", "research/ablation compute as a multiple of the final run", 0, 1e4),
        num("program.failed_runs_multiplier", "ratio", "failed/restarted runs as a multiple of the final run", 0, 1e4),
        num("program.staff_share", "ratio", "staff share of total development cost", 0, 0.99),
        num("program.data_usd", "USD", "data acquisition/annotation", 0, 1e13),
    };
    for (auto& i : ownership_inputs()) s_.inputs.push_back(std::move(i));
    s_.metrics = {
        {"flop", "FLOP", "pre-training FLOPs"},
        {"gpu_hours", "GPU-h", "billed GPU-hours of the final run (all phases)"},
        {"wall_clock_days", "days", "GPU-hours / GPUs / 24"},
        {"usd_per_gpu_hour", "USD/GPU-h", "rental price or ownership TCO per GPU-hour"},
        {"final_run_cost_usd", "USD", "GPU-hours × USD/GPU-hour (the kind of figure DeepSeek published)"},
        {"compute_cost_usd", "USD", "final run × (1 + experiments + failed runs)"},
        {"program_cost_usd", "USD", "compute / (1 − staff share) + data"},
    };
  }
  const BaseModelSpec& spec() const override { return s_; }
  std::vector<std::string> text_defaults(std::string_view) const override {
    std::vector<std::string> t(s_.inputs.size());
    t[chip] = "H800";
    t[basis] = "bf16";
    t[pricing_model] = "rental";
    t[own_preset] = "china-owner";
    return t;
  }
  std::vector<double> numeric_defaults(std::string_view, const std::vector<std::string>& t,
                                       const Catalog& catalog) const override {
    std::vector<double> d(s_.inputs.size(), 0.0);
    const Accelerator& a = catalog.find(t[chip]);
    (void)a.require_peak(parse_precision(t[basis]));
    d[gpus] = claim("deepseek-v3.cluster_gpus").value;
    TrainingFlopsOptions main_only;  // ISCA '25 Table 2 convention: main model, no MTP (as the measured MFU)
    main_only.include_mtp = false;
    d[fpt] = to_raw(training_flops_per_token(model_preset("deepseek-v3"), token_count(4096), main_only));
    d[tokens] = claim("deepseek-v3.pretrain_tokens").value;
    // Table 1: (119K + 5K) / 2,664K GPU-hours
    d[post_frac] = (claim("deepseek-v3.context_extension_gpu_hours").value + claim("deepseek-v3.post_training_gpu_hours").value) /
                   claim("deepseek-v3.pretrain_gpu_hours").value;
    d[mfu] = claim("deepseek-v3.mfu_causal").value;
    d[goodput] = 1.0;
    d[rental] = claim("deepseek-v3.rental_price").value;
    const ProgramAssumptions p = default_program_assumptions();
    d[exp_mult] = to_raw(p.experiments.base);
    d[failed_mult] = to_raw(p.failed_runs.base);
    d[staff] = to_raw(p.staff_share.base);
    d[data] = to_raw(p.data.base);
    // No sourced H800 price: the H100 mid purchase price stands in (as the V3 report does), also
    // for a user's chip without a price; stand_ins() names it in the scenario's notes.
    const Accelerator& h100 = stand_in_chip(catalog);
    const double price = a.purchase_price ? to_raw(a.purchase_price->mid()) : to_raw(h100.purchase_price->mid());
    const double tdp = a.tdp ? to_raw(a.tdp->value) : to_raw(h100.tdp->value);
    ownership_defaults(ownership_from(t[own_preset], price, tdp), d, own_first);
    return d;
  }
  std::vector<StandIn> stand_ins(std::string_view, const std::vector<std::string>& t,
                                 const Catalog& catalog) const override {
    if (t[pricing_model] != "ownership") return {};  // the ownership inputs change no metric
    const Accelerator& a = catalog.find(t[chip]);
    const Accelerator& h100 = stand_in_chip(catalog);
    std::vector<StandIn> out;
    if (!a.purchase_price)
      out.push_back({"ownership.gpu_price_usd",
                     fmt::format("{} has no purchase price in the catalog: the {} mid price ${:.0f} stands in ({}); "
                                 "set ownership.gpu_price_usd to change it",
                                 a.id, h100.id, to_raw(h100.purchase_price->mid()),
                                 h100.purchase_price->provenance.citation)});
    if (!a.tdp)
      out.push_back({"ownership.gpu_tdp_w",
                     fmt::format("{} has no TDP in the catalog: the {} TDP {:.0f} W stands in ({}); set "
                                 "ownership.gpu_tdp_w to change it",
                                 a.id, h100.id, to_raw(h100.tdp->value), h100.tdp->provenance.citation)});
    return out;
  }
  void evaluate(const InputBlock& in, std::vector<Eigen::ArrayXd>& out) const override {
    const Accelerator& a = in.catalog->find(in.text[chip]);
    const double peak = to_raw(a.require_peak(parse_precision(in.text[basis])));
    const Eigen::Index n = in.n;
    TrainingCostColumns c;
    c.tokens.v = in.numeric[tokens];
    c.flop_per_token.v = in.numeric[fpt];
    c.mfu.v = in.numeric[mfu];
    c.peak.v = Eigen::ArrayXd::Constant(n, peak);
    c.goodput.v = in.numeric[goodput];
    c.extra_gpu_hours.v = Eigen::ArrayXd::Zero(n);
    if (in.text[pricing_model] == "ownership") {
      Eigen::ArrayXd usd_h;
      ownership_columns(in, own_preset, own_first, usd_h, nullptr);
      c.price.v = usd_h / seconds_per_hour;  // base unit: USD per GPU·s
    } else {
      c.price.v = in.numeric[rental] / seconds_per_hour;
    }
    c.program_multiplier.v = 1.0 + in.numeric[exp_mult] + in.numeric[failed_mult];
    TrainingCostOutputs o = training_cost_kernel(c);
    // the post-pre-training phases as a fraction of pre-training GPU-hours (Table 1 ratio)
    const Eigen::ArrayXd gpu_s = o.gpu_hours.v * (1.0 + in.numeric[post_frac]);
    const Eigen::ArrayXd scale = 1.0 + in.numeric[post_frac];
    out.resize(s_.metrics.size());
    out[0] = kernels::training_flop(c.tokens.v, c.flop_per_token.v);
    out[1] = gpu_s / seconds_per_hour;
    out[2] = kernels::wall_clock_seconds(gpu_s, in.numeric[gpus]) / 86400.0;
    out[3] = c.price.v * seconds_per_hour;
    out[4] = o.final_run_cost.v * scale;
    out[5] = o.compute_cost.v * scale;
    out[6] = out[5] / (1.0 - in.numeric[staff]) + in.numeric[data];
  }

 private:
  BaseModelSpec s_;
};

// ---- fleet -----------------------------------------------------------------------------
class FleetModel final : public BaseModel {
 public:
  enum : std::size_t { gpus, period, own_preset, own_first };
  FleetModel() {
    s_.kind = "fleet";
    s_.description = "Owning N GPUs: capex and annual TCO (every hour of the year charged)";
    s_.bases = {"fleet-50k-h100", "fleet-semianalysis"};
    s_.inputs = {num("fleet.gpus", "GPUs", "accelerators owned", 0, 1e7, true),
                 num("fleet.period_years", "years", "period costed by cost_over_period_usd", 0, 100, true)};
    for (auto& i : ownership_inputs()) s_.inputs.push_back(std::move(i));
    s_.metrics = {{"capex_usd", "USD", "hardware + facility capex of the fleet"},
                  {"annual_tco_usd", "USD", "N × TCO per GPU-hour × 8,766 h"},
                  {"usd_per_gpu_hour", "USD/GPU-h", "ownership TCO per GPU-hour"},
                  {"cost_over_period_usd", "USD", "N × TCO per GPU-hour × period"}};
  }
  const BaseModelSpec& spec() const override { return s_; }
  static Fleet fleet_of(std::string_view base) {
    return base == "fleet-semianalysis" ? semianalysis_deepseek_fleet() : fifty_thousand_h100_fleet();
  }
  std::vector<std::string> text_defaults(std::string_view base) const override {
    std::vector<std::string> t(s_.inputs.size());
    t[own_preset] = fleet_of(base).tco.name;
    return t;
  }
  std::vector<double> numeric_defaults(std::string_view base, const std::vector<std::string>& t,
                                       const Catalog&) const override {
    std::vector<double> d(s_.inputs.size(), 0.0);
    const Fleet f = fleet_of(base);
    d[gpus] = to_raw(f.count);
    d[period] = 1.0;
    ownership_defaults(ownership_from(t[own_preset], to_raw(f.tco.gpu_price), to_raw(f.tco.gpu_tdp)), d, own_first);
    // keep the fleet's own overheads (e.g. SemiAnalysis's capex-derived GPU price)
    d[own_first + 1] = to_raw(f.tco.server_overhead);
    d[own_first + 2] = to_raw(f.tco.network_overhead);
    return d;
  }
  void evaluate(const InputBlock& in, std::vector<Eigen::ArrayXd>& out) const override {
    Eigen::ArrayXd usd_h, capex;
    ownership_columns(in, own_preset, own_first, usd_h, &capex);
    out.resize(s_.metrics.size());
    out[0] = capex * in.numeric[gpus];
    out[1] = usd_h * in.numeric[gpus] * hours_per_year;
    out[2] = usd_h;
    out[3] = out[1] * in.numeric[period];
  }

 private:
  BaseModelSpec s_;
};

// ---- API price ratio -------------------------------------------------------------------
class PriceRatioModel final : public BaseModel {
 public:
  enum : std::size_t { num_api, den_api, n_hit, n_miss, n_out, d_hit, d_miss, d_out, in_tok, cached, out_tok,
                       reason_tok, den_reason_mult };
  PriceRatioModel() {
    s_.kind = "price-ratio";
    s_.description = "Cost per task of one API over another: input × (f·p_hit + (1 − f)·p_miss) + (output + reasoning) × p_out";
    s_.bases = {"deepseek-r1-vs-o1"};
    s_.inputs = {
        text("numerator.api", "API price sheet of the numerator (llmcost prices list)"),
        text("denominator.api", "API price sheet of the denominator"),
        num("numerator.input_cache_hit_usd_per_mtok", "USD/Mtok", "numerator cached-input price", 0, 1e4),
        num("numerator.input_cache_miss_usd_per_mtok", "USD/Mtok", "numerator input price", 0, 1e4),
        num("numerator.output_usd_per_mtok", "USD/Mtok", "numerator output price", 0, 1e4),
        num("denominator.input_cache_hit_usd_per_mtok", "USD/Mtok", "denominator cached-input price", 0, 1e4),
        num("denominator.input_cache_miss_usd_per_mtok", "USD/Mtok", "denominator input price", 0, 1e4),
        num("denominator.output_usd_per_mtok", "USD/Mtok", "denominator output price", 0, 1e4),
        num("task.input_tokens", "tokens", "prompt tokens per task", 0, 1e8),
        num("task.cached_fraction", "ratio", "share of input served from the prompt cache", 0, 1),
        num("task.output_tokens", "tokens", "visible output tokens per task", 0, 1e8),
        num("task.reasoning_tokens", "tokens", "hidden reasoning tokens of the numerator per task", 0, 1e8),
        num("task.denominator_reasoning_multiplier", "ratio", "denominator reasoning tokens / numerator's", 0, 1e3),
    };
    s_.metrics = {{"numerator_usd_per_task", "USD", "numerator cost per task"},
                  {"denominator_usd_per_task", "USD", "denominator cost per task"},
                  {"price_ratio", "ratio", "numerator / denominator cost per task"}};
  }
  const BaseModelSpec& spec() const override { return s_; }
  std::vector<std::string> text_defaults(std::string_view) const override {
    std::vector<std::string> t(s_.inputs.size());
    t[num_api] = "o1";
    t[den_api] = "deepseek-r1";
    return t;
  }
  std::vector<double> numeric_defaults(std::string_view, const std::vector<std::string>& t,
                                       const Catalog&) const override {
    std::vector<double> d(s_.inputs.size(), 0.0);
    const ApiPrice& a = api_price(t[num_api]);
    const ApiPrice& b = api_price(t[den_api]);
    d[n_hit] = in_usd_per_mtok(a.input_cache_hit.value);
    d[n_miss] = in_usd_per_mtok(a.input_cache_miss.value);
    d[n_out] = in_usd_per_mtok(a.output.value);
    d[d_hit] = in_usd_per_mtok(b.input_cache_hit.value);
    d[d_miss] = in_usd_per_mtok(b.input_cache_miss.value);
    d[d_out] = in_usd_per_mtok(b.output.value);
    const TokenMix m = task_profile("chat").mix;
    d[in_tok] = to_raw(m.input);
    d[cached] = to_raw(m.cached_fraction);
    d[out_tok] = to_raw(m.output);
    d[reason_tok] = to_raw(m.reasoning);
    d[den_reason_mult] = 1.0;
    return d;
  }
  void evaluate(const InputBlock& in, std::vector<Eigen::ArrayXd>& out) const override {
    const bool a_bills = api_price(in.text[num_api]).reasoning_billed_as_output;
    const bool b_bills = api_price(in.text[den_api]).reasoning_billed_as_output;
    const auto& v = in.numeric;
    out.resize(s_.metrics.size());
    // Prices are in USD/Mtok here, so the task-cost kernel gives µUSD: / 1e6.
    out[0] = task_cost_usd(v[in_tok], v[cached], v[out_tok], v[reason_tok], a_bills, v[n_hit], v[n_miss], v[n_out]) /
             1e6;
    out[1] = task_cost_usd(v[in_tok], v[cached], v[out_tok], scaled_reasoning_tokens(v[reason_tok], v[den_reason_mult]),
                           b_bills, v[d_hit], v[d_miss], v[d_out]) /
             1e6;
    out[2] = out[0] / out[1];
  }

 private:
  BaseModelSpec s_;
};

}  // namespace

const std::vector<const BaseModel*>& base_models() {
  static const TrainingModel training;
  static const FleetModel fleet;
  static const PriceRatioModel price_ratio;
  static const std::vector<const BaseModel*> all{&training, &fleet, &price_ratio};
  return all;
}

const BaseModel* model_for_base(std::string_view base) {
  for (const BaseModel* m : base_models())
    for (const auto& b : m->spec().bases)
      if (b == base) return m;
  return nullptr;
}

}  // namespace llmcost::detail

namespace llmcost {
const std::vector<BaseModelSpec>& input_schema() {
  static const std::vector<BaseModelSpec> all = [] {
    std::vector<BaseModelSpec> v;
    for (const auto* m : detail::base_models()) v.push_back(m->spec());
    return v;
  }();
  return all;
}
std::vector<std::string> builtin_bases() {
  std::vector<std::string> v;
  for (const auto& s : input_schema())
    for (const auto& b : s.bases) v.push_back(b);
  return v;
}
}  // namespace llmcost
