#include "llmcost/estimate/kernel_tables.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "common/embedded.hpp"
#include "common/suggest.hpp"
#include "common/text_file.hpp"
#include "common/toml_reader.hpp"
#include "llmcost/detail/quote.hpp"
#include "llmcost/detail/unit_cast.hpp"
#include "llmcost/error.hpp"
#include "llmcost/hardware/catalog.hpp"

namespace llmcost {

std::string_view to_string(GemmLayout l) noexcept {
  switch (l) {
    case GemmLayout::dense: return "dense";
    case GemmLayout::grouped_contiguous: return "grouped_contiguous";
    case GemmLayout::grouped_masked: return "grouped_masked";
  }
  return "dense";
}
std::string_view to_string(AllToAllMode m) noexcept { return m == AllToAllMode::normal ? "normal" : "low_latency"; }
std::string_view to_string(AllToAllOp o) noexcept { return o == AllToAllOp::dispatch ? "dispatch" : "combine"; }

// ---- one curve -------------------------------------------------------------------------------

namespace {

// Linear interpolation of (x, y) at `x0`, held at the ends; xs sorted ascending, non-empty.
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x0) noexcept {
  if (x0 <= xs.front()) return ys.front();
  if (x0 >= xs.back()) return ys.back();
  const auto it = std::upper_bound(xs.begin(), xs.end(), x0);
  const std::size_t i = static_cast<std::size_t>(it - xs.begin());
  const double t = (x0 - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

}  // namespace

KernelCurve::KernelCurve(std::string name, std::vector<std::pair<double, double>> points) : name_(std::move(name)) {
  // ln(key) rounded to 1e-9 groups repeated keys; their fractions are averaged.
  std::map<long long, std::pair<double, int>> by_key;
  for (const auto& [key, f] : points) {
    auto& [sum, n] = by_key[std::llround(std::log(key) * 1e9)];
    sum += f;
    ++n;
  }
  for (const auto& [k, v] : by_key) {
    x_.push_back(static_cast<double>(k) * 1e-9);
    y_.push_back(v.first / v.second);
  }
  // Leave-one-out: predict each interior point from the curve without it.
  std::vector<double> errors;
  for (std::size_t i = 1; i + 1 < x_.size(); ++i) {
    const double t = (x_[i] - x_[i - 1]) / (x_[i + 1] - x_[i - 1]);
    const double predicted = y_[i - 1] + t * (y_[i + 1] - y_[i - 1]);
    errors.push_back(std::abs(predicted / y_[i] - 1));
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    const std::size_t n = errors.size();
    spread_ = n % 2 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
  }
}

double KernelCurve::at(double key) const noexcept {
  if (x_.empty()) return 0;
  return interpolate(x_, y_, std::log(std::max(key, 1e-300)));
}

// ---- the tables --------------------------------------------------------------------------------

namespace {

constexpr const char* kTag = "llmcost.kernels.invalid_file";
constexpr double kMaxShape = 1e9;  // any GEMM/attention dimension, tokens or ranks in a row

int layout_index(std::string_view s) {
  if (s == "dense") return 0;
  if (s == "grouped_contiguous") return 1;
  if (s == "grouped_masked") return 2;
  return -1;
}

struct Builder {
  std::vector<std::pair<double, double>> gemm[3][2], a2a[2][2][2], prefill;
  struct Headline {
    std::string date;
    double fraction = 0;
  } decode_compute, decode_memory;
};

void keep_latest(Builder::Headline& h, const std::string& date, double fraction) {
  if (h.fraction == 0 || date >= h.date) h = {date, fraction};
}

}  // namespace

KernelTables KernelTables::parse(std::string_view text, std::string_view origin, const Catalog& catalog) {
  detail::Problems problems{origin};
  auto root = detail::parse_toml(text, problems);
  if (!root) problems.throw_if_any(kTag);
  const detail::SourceTable sources = detail::read_sources(*root, problems, true);
  detail::check_keys(*root, {"schema_version", "sources", "gemm", "gemm_peak", "attention", "all_to_all", "profile"},
                     "the kernel-table file", problems);
  KernelTables out;
  Builder b;
  auto rows = [&](const char* name) -> std::vector<const toml::table*> {
    std::vector<const toml::table*> v;
    const toml::node* n = root->get(name);
    if (!n) return v;
    const toml::array* a = n->as_array();
    if (!a) {
      problems.add(n, detail::concat("\"", name, "\" must be an array of tables [[", name, "]]"));
      return v;
    }
    for (const toml::node& e : *a) {
      if (const toml::table* t = e.as_table()) {
        // An older version of a published table stays in the file for the record; the row that
        // replaced it is used.
        if (!t->get("superseded_by")) v.push_back(t);
      } else
        problems.add(&e, detail::concat("each [[", name, "]] entry must be a table"));
    }
    return v;
  };
  // The row's source (must be listed) and chip (must be in the catalog).
  auto common = [&](const toml::table& t) -> const Accelerator* {
    const std::string src = detail::read_string(t, "source", problems);
    if (!src.empty() && !sources.find(src))
      problems.add(t.get("source"), detail::concat("unknown source ", detail::quoted(src), "; listed: ",
                                                   detail::join(sources.ids())));
    const std::string chip = detail::read_string(t, "chip", problems);
    const Accelerator* a = chip.empty() ? nullptr : catalog.try_find(chip);
    if (!chip.empty() && !a)
      problems.add(t.get("chip"), detail::concat("chip ", detail::quoted(chip), " is not in the catalog"));
    if (a && !a->hbm_bandwidth) {
      problems.add(t.get("chip"), detail::concat("chip ", detail::quoted(chip), " has no HBM bandwidth in the catalog"));
      a = nullptr;
    }
    ++out.rows_;
    return a;
  };
  auto precision_of = [&](const toml::table& t) -> std::optional<Precision> {
    const std::string p = detail::read_string(t, "precision", problems);
    if (p == "fp8") return Precision::fp8;
    if (p == "bf16") return Precision::bf16;
    if (p == "fp16") return Precision::fp16;
    if (!p.empty()) problems.add(t.get("precision"), "precision must be \"fp8\", \"bf16\" or \"fp16\"");
    return std::nullopt;
  };

  for (const toml::table* t : rows("gemm")) {
    detail::check_keys(*t,
                       {"source", "chip", "precision", "layout", "groups", "m", "n", "k", "tflops", "gb_per_s", "speedup",
                        "superseded_by", "note"},
                       "a [[gemm]] row", problems);
    const Accelerator* chip = common(*t);
    const auto p = precision_of(*t);
    const std::string layout = detail::read_string(*t, "layout", problems);
    const int li = layout_index(layout);
    if (!layout.empty() && li < 0)
      problems.add(t->get("layout"), "layout must be \"dense\", \"grouped_contiguous\" or \"grouped_masked\"");
    const auto g = detail::read_number(*t, "groups", 1, kMaxShape, problems, true);
    const auto m = detail::read_number(*t, "m", 1, kMaxShape, problems, true);
    const auto n = detail::read_number(*t, "n", 1, kMaxShape, problems, true);
    const auto k = detail::read_number(*t, "k", 1, kMaxShape, problems, true);
    const auto tf = detail::read_number(*t, "tflops", 1e-3, 1e5, problems, true);
    (void)detail::read_number(*t, "gb_per_s", 1e-3, 1e6, problems);
    if (!chip || !p || li < 0 || !g || !m || !n || !k || !tf) continue;
    if (!chip->supports(*p)) {
      problems.add(t->get("precision"), detail::concat(chip->id, " has no ", to_string(*p), " peak in the catalog"));
      continue;
    }
    const double operand = *p == Precision::fp8 ? 1.0 : 2.0;
    const double flop = 2 * *g * *m * *n * *k;
    const double bytes = *g * (*n * *k * operand + *m * *k * operand + *m * *n * 2.0);
    const double peak = detail::to_raw(chip->require_peak(*p));
    const double hbm = detail::to_raw(chip->hbm_bandwidth->value);
    const double measured_s = flop / (*tf * 1e12);
    const double roofline_s = std::max(flop / peak, bytes / hbm);
    if (*p != Precision::fp16) b.gemm[li][*p == Precision::fp8 ? 0 : 1].emplace_back(flop / bytes, roofline_s / measured_s);
  }

  for (const toml::table* t : rows("attention")) {
    detail::check_keys(*t,
                       {"source", "chip", "kernel", "implementation", "precision", "bound", "direction", "batch", "seqlen_q",
                        "seqlen_k", "heads", "heads_kv", "head_dim", "head_dim_v", "causal", "topk", "tflops", "gb_per_s",
                        "superseded_by", "note"},
                       "an [[attention]] row", problems);
    const Accelerator* chip = common(*t);
    const auto p = precision_of(*t);
    const std::string kernel = detail::read_string(*t, "kernel", problems);
    const std::string bound = detail::read_string(*t, "bound", problems);
    const auto tf = detail::read_number(*t, "tflops", 1e-3, 1e5, problems);
    const auto gb = detail::read_number(*t, "gb_per_s", 1e-3, 1e6, problems);
    const auto seq = detail::read_number(*t, "seqlen_k", 1, kMaxShape, problems);
    const auto head_dim = detail::read_number(*t, "head_dim", 1, kMaxShape, problems);
    const toml::node* causal = t->get("causal");
    const std::string direction = detail::read_string(*t, "direction", problems, false);
    if (kernel != "flashmla_decode" && kernel != "prefill" && kernel != "flashmla_sparse_decode" &&
        kernel != "flashmla_sparse_prefill") {
      problems.add(t->get("kernel"),
                   "kernel must be \"flashmla_decode\", \"prefill\", \"flashmla_sparse_decode\" or "
                   "\"flashmla_sparse_prefill\"");
      continue;
    }
    if (bound != "memory" && bound != "compute" && bound != "shape") {
      problems.add(t->get("bound"), "bound must be \"memory\", \"compute\" or \"shape\"");
      continue;
    }
    if (!chip || !p || !chip->supports(*p)) continue;
    const Provenance* src = sources.find(detail::read_string(*t, "source", problems));
    const std::string date = src ? src->source_date : std::string{};
    const double peak = detail::to_raw(chip->require_peak(*p));
    const double hbm = detail::to_raw(chip->hbm_bandwidth->value);
    if (kernel == "flashmla_decode" && bound == "compute" && tf) keep_latest(b.decode_compute, date, *tf * 1e12 / peak);
    if (kernel == "flashmla_decode" && bound == "memory" && gb) keep_latest(b.decode_memory, date, *gb * 1e9 / hbm);
    // Prefill: causal forward rows of head dimension 128 (the common case; the others are kept
    // for reference). Sparse-attention kernels are recorded but not modelled.
    if (kernel == "prefill" && bound == "shape" && tf && seq && head_dim && *head_dim == 128 && causal &&
        causal->value_or(false) && direction != "backward")
      b.prefill.emplace_back(*seq, *tf * 1e12 / peak);
  }

  for (const toml::table* t : rows("all_to_all")) {
    detail::check_keys(*t,
                       {"source", "chip", "mode", "op", "ep", "topology", "sms", "tokens_per_rank", "hidden", "top_k",
                        "precision", "bottleneck", "gb_per_s", "latency_us", "link_gb_per_s", "superseded_by", "note"},
                       "an [[all_to_all]] row", problems);
    const std::string mode = detail::read_string(*t, "mode", problems);
    // DeepEP V2 rows name GPU generations (SM90/SM100), not catalog chips: recorded, not modelled.
    if (mode == "v2") continue;
    const Accelerator* chip = common(*t);
    const std::string op = detail::read_string(*t, "op", problems);
    const std::string neck = detail::read_string(*t, "bottleneck", problems);
    const auto ep = detail::read_number(*t, "ep", 1, kMaxShape, problems, true);
    const auto gb = detail::read_number(*t, "gb_per_s", 1e-3, 1e6, problems, true);
    const auto stated_link = detail::read_number(*t, "link_gb_per_s", 1e-3, 1e6, problems);
    for (const char* key : {"tokens_per_rank", "hidden", "top_k"}) (void)detail::read_number(*t, key, 1, kMaxShape, problems);
    (void)detail::read_number(*t, "latency_us", 0, 1e9, problems);
    const int mi = mode == "normal" ? 0 : mode == "low_latency" ? 1 : -1;
    const int oi = op == "dispatch" ? 0 : op == "combine" ? 1 : -1;
    const int ni = neck == "nvlink" ? 0 : neck == "rdma" ? 1 : -1;
    if (mi < 0) problems.add(t->get("mode"), "mode must be \"normal\" or \"low_latency\"");
    if (oi < 0) problems.add(t->get("op"), "op must be \"dispatch\" or \"combine\"");
    if (ni < 0) problems.add(t->get("bottleneck"), "bottleneck must be \"nvlink\" or \"rdma\"");
    if (mi < 0 || oi < 0 || ni < 0 || !ep || !gb || !chip) continue;
    // The fraction is of the chip's nominal per-direction rate in the catalog (the rate other
    // chips are scaled from); the source's own stated peak only when the catalog lacks one.
    const auto nominal = ni ? chip->scale_out_per_direction() : chip->scale_up_per_direction();
    const double link = nominal ? detail::to_raw(*nominal) / 1e9 : stated_link.value_or(0);
    if (link <= 0) {
      problems.add(t, detail::concat(chip->id, " has no ", ni ? "scale-out" : "scale-up",
                                     " bandwidth in the catalog and the row states no link_gb_per_s"));
      continue;
    }
    // DeepEP reports LOGICAL bandwidth (its README: local traffic counted), which is how 58 GB/s
    // fits a 50 GB/s NIC. The serving model counts physical bytes: remote-node copies in normal
    // mode (each token reaches every node among its targets once, its own node by NVLink) and
    // copies to other ranks in low-latency mode. The logical figure is scaled by the physical
    // share: (1 − 1/nodes) and (1 − 1/ranks).
    const double per_node = chip->gpus_per_node ? chip->gpus_per_node->value : 8.0;
    const double nodes = std::max(1.0, std::ceil(*ep / per_node));
    const double physical = ni == 0 ? 1.0 : mi == 0 ? (nodes > 1 ? 1 - 1 / nodes : 1.0) : 1 - 1 / *ep;
    b.a2a[mi][oi][ni].emplace_back(*ep, *gb * physical / link);
  }
  for (const toml::table* t : rows("profile")) (void)t;  // described in docs/kernel-tables.md; not a curve

  if (b.decode_compute.fraction == 0 || b.decode_memory.fraction == 0)
    problems.add(nullptr, "the tables need a compute-bound and a memory-bound flashmla_decode [[attention]] row");
  if (b.gemm[0][0].empty()) problems.add(nullptr, "the tables need dense FP8 [[gemm]] rows");
  for (int o = 0; o < 2; ++o)
    for (int n = 0; n < 2; ++n)
      if (b.a2a[0][o][n].empty() && b.a2a[1][o][n].empty())
        problems.add(nullptr, detail::concat("the tables need [[all_to_all]] ", to_string(static_cast<AllToAllOp>(o)),
                                             " rows with bottleneck = \"", n ? "rdma" : "nvlink", "\""));
  problems.throw_if_any(kTag);

  for (int l = 0; l < 3; ++l)
    for (int p = 0; p < 2; ++p)
      out.gemm_[l][p] = KernelCurve(detail::concat("gemm ", to_string(static_cast<GemmLayout>(l)), p ? " bf16" : " fp8"),
                                    std::move(b.gemm[l][p]));
  for (int m = 0; m < 2; ++m)
    for (int o = 0; o < 2; ++o)
      for (int n = 0; n < 2; ++n)
        out.a2a_[m][o][n] = KernelCurve(
            detail::concat("all-to-all ", to_string(static_cast<AllToAllMode>(m)), " ",
                           to_string(static_cast<AllToAllOp>(o)), n ? " rdma" : " nvlink"),
            std::move(b.a2a[m][o][n]));
  out.prefill_ = KernelCurve("prefill attention", std::move(b.prefill));
  out.decode_compute_ = b.decode_compute.fraction;
  out.decode_memory_ = b.decode_memory.fraction;
  for (const auto& [id, p] : sources.entries) out.sources_.push_back(p);
  return out;
}

KernelTables KernelTables::from_file(const std::filesystem::path& path, const Catalog& catalog) {
  return parse(detail::read_text_file(path, "kernel-table file"), path.string(), catalog);
}

const KernelTables& KernelTables::builtin() {
  static const KernelTables t =
      parse(detail::embedded_file("kernel_tables.toml"), "data/kernel_tables.toml", Catalog::builtin());
  return t;
}

const KernelCurve& KernelTables::gemm(GemmLayout layout, Precision p) const noexcept {
  const int l = static_cast<int>(layout);
  const int pi = p == Precision::fp8 ? 0 : 1;
  if (!gemm_[l][pi].empty()) return gemm_[l][pi];
  if (!gemm_[l][0].empty()) return gemm_[l][0];
  if (!gemm_[0][pi].empty()) return gemm_[0][pi];
  return gemm_[0][0];
}

const KernelCurve& KernelTables::all_to_all(AllToAllMode m, AllToAllOp o, bool rdma) const noexcept {
  const KernelCurve& c = a2a_[static_cast<int>(m)][static_cast<int>(o)][rdma ? 1 : 0];
  if (!c.empty()) return c;
  // A mode without rows of this link falls back to the other mode's rows of the same link.
  return a2a_[1 - static_cast<int>(m)][static_cast<int>(o)][rdma ? 1 : 0];
}

std::vector<const KernelCurve*> KernelTables::curves() const {
  std::vector<const KernelCurve*> v;
  for (const auto& l : gemm_)
    for (const auto& c : l)
      if (!c.empty()) v.push_back(&c);
  for (const auto& m : a2a_)
    for (const auto& o : m)
      for (const auto& c : o)
        if (!c.empty()) v.push_back(&c);
  if (!prefill_.empty()) v.push_back(&prefill_);
  return v;
}

double KernelTables::spread() const noexcept {
  double s = 0;
  for (const KernelCurve* c : curves()) s = std::max(s, c->spread());
  return s;
}

}  // namespace llmcost
