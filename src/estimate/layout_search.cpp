// Exhaustive multithreaded layout search (llmcost/estimate/layout_search.hpp).
#include "llmcost/estimate/layout_search.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "estimate/defaults_json.hpp"
#include "llmcost/error.hpp"

namespace llmcost {
namespace {

struct Outer {
  int tp, cp, pp;
};

struct Partial {
  long long evaluated = 0, feasible = 0;
  std::map<std::string, long long> rejections;
  std::vector<StepTimeEstimate> pareto;  // this chunk's non-dominated set
};

double headroom(const StepTimeEstimate& e) { return detail::to_raw(e.memory.capacity - e.memory.total()); }

/// Strict order: faster first, then more headroom, then name (deterministic ties).
bool better(const StepTimeEstimate& a, const StepTimeEstimate& b) {
  const double ta = detail::to_raw(a.step_time), tb = detail::to_raw(b.step_time);
  if (ta != tb) return ta < tb;
  const double ha = headroom(a), hb = headroom(b);
  if (ha != hb) return ha > hb;
  return describe(a.layout) < describe(b.layout);
}

/// Non-dominated subset (lower time, higher headroom), by time ascending.
std::vector<StepTimeEstimate> pareto_of(std::vector<StepTimeEstimate> v) {
  std::sort(v.begin(), v.end(), better);
  std::vector<StepTimeEstimate> out;
  double best_headroom = -1e300;
  for (auto& e : v) {
    if (headroom(e) > best_headroom) {
      best_headroom = headroom(e);
      out.push_back(std::move(e));
    }
  }
  return out;
}

/// The divisors of n no larger than max, ascending: O(√n) (a batch may hold 1e9 sequences).
std::vector<int> divisors(long long n, long long max) {
  std::vector<int> low, high;
  for (long long i = 1; i * i <= n; ++i) {
    if (n % i != 0) continue;
    if (i <= max) low.push_back(static_cast<int>(i));
    const long long j = n / i;
    if (j != i && j <= max) high.push_back(static_cast<int>(j));
  }
  low.insert(low.end(), high.rbegin(), high.rend());
  return low;
}

}  // namespace

LayoutSearchResult search_layouts(const TrainingWorkload& w, const StepCluster& c, const LayoutSearchOptions& o) {
  const StepTimeModel model(w, c);
  (void)c.accelerator.require_peak(o.precision.gemm);
  (void)c.accelerator.require_peak(o.precision.attention);
  const double gpus_raw = detail::to_raw(c.gpus);
  LLMCOST_REQUIRE(gpus_raw == std::floor(gpus_raw) && gpus_raw <= 1e7, invalid_input, "llmcost.search.invalid",
                  "gpus = ", gpus_raw, " must be a whole number <= 1e7");
  LLMCOST_REQUIRE(!o.context_parallel.empty(), invalid_input, "llmcost.search.invalid",
                  "context_parallel must not be empty");
  for (int x : o.micro_batch_sizes) {
    LLMCOST_REQUIRE(x >= 1, invalid_input, "llmcost.search.invalid", "micro-batch size ", x, " must be >= 1");
  }
  for (int x : o.context_parallel) {
    LLMCOST_REQUIRE(x >= 1, invalid_input, "llmcost.search.invalid", "context-parallel size ", x, " must be >= 1");
  }
  LLMCOST_REQUIRE(o.threads >= 0, invalid_input, "llmcost.search.invalid", "threads = ", o.threads,
                  " must be >= 0 (0 = all cores)");
  LLMCOST_REQUIRE(o.max_candidates >= 1, invalid_input, "llmcost.search.invalid", "max_candidates = ",
                  o.max_candidates, " must be >= 1");
  const double limit_s = detail::to_raw(o.time_limit);
  LLMCOST_REQUIRE(std::isfinite(limit_s) && limit_s > 0, invalid_input, "llmcost.search.invalid",
                  "time_limit = ", limit_s, " s must be a finite time > 0");
  const auto start = std::chrono::steady_clock::now();
  for (int x : o.virtual_stages) {
    LLMCOST_REQUIRE(x >= 2, invalid_input, "llmcost.search.invalid", "virtual stages ", x, " must be >= 2");
  }
  const auto n = static_cast<long long>(gpus_raw);
  const int L = w.model.num_layers;

  std::vector<Outer> outer;
  for (int tp : divisors(n, c.gpus_per_node)) {
    for (int cp : o.context_parallel) {
      if ((n / tp) % cp != 0) continue;
      for (int pp : divisors(n / tp / cp, L)) outer.push_back({tp, cp, pp});
    }
  }
  std::vector<int> eps{1};
  if (w.model.moe) eps = divisors(w.model.moe->num_routed_experts, w.model.moe->num_routed_experts);
  const auto schedules_of = [&o](int pp) {
    return 1 + (pp > 1 ? static_cast<long long>(o.virtual_stages.size()) + (o.allow_dualpipe ? 1 : 0) : 0);
  };

  // Micro-batch sizes of a layout with `dp` replicas: the stated list, else every divisor of the
  // sequences per replica (none when the batch does not split over the replicas).
  const auto micro_batches_of = [&o, &w](long long dp) {
    if (!o.micro_batch_sizes.empty()) return o.micro_batch_sizes;
    if (w.global_batch % dp != 0) return std::vector<int>{};
    return divisors(w.global_batch / dp, w.global_batch / dp);
  };
  // The size of the space, counted before any layout is evaluated (the same enumeration as below).
  long long candidates = 0;
  for (const Outer& ou : outer) {
    const long long dp_cp = n / (static_cast<long long>(ou.tp) * ou.pp);
    long long n_eps = 0;
    for (int ep : eps) n_eps += dp_cp % ep == 0 ? 1 : 0;
    const auto n_mb = static_cast<long long>(micro_batches_of(dp_cp / ou.cp).size());
    candidates += n_eps * std::max(n_mb, 1LL) * schedules_of(ou.pp) * 3 * 4;
    if (candidates > o.max_candidates) break;
  }
  LLMCOST_REQUIRE(candidates <= o.max_candidates, out_of_domain, "llmcost.search.limit", "the search would evaluate ",
                  candidates > o.max_candidates ? "more than " : "", o.max_candidates,
                  " layouts, its max_candidates limit; narrow it (fewer micro-batch sizes, context-parallel sizes or "
                  "GPUs) or raise max_candidates");
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(std::min(limit_s, 1e9)));
  std::atomic<bool> timed_out{false};

  std::vector<Partial> parts(outer.size());
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    for (std::size_t i = next.fetch_add(1); i < outer.size(); i = next.fetch_add(1)) {
      if (timed_out.load(std::memory_order_relaxed) || std::chrono::steady_clock::now() > deadline) {
        timed_out = true;
        return;
      }
      const Outer& ou = outer[i];
      Partial& part = parts[i];
      std::vector<StepTimeEstimate> fits;
      Layout l;
      l.tp = ou.tp, l.cp = ou.cp, l.pp = ou.pp;
      l.dp = static_cast<int>(n / (static_cast<long long>(ou.tp) * ou.cp * ou.pp));
      l.sequence_parallel = o.sequence_parallel.value_or(ou.tp > 1);
      l.precision = o.precision;
      struct Sched {
        PipelineSchedule s;
        int v;
      };
      std::vector<Sched> scheds{{PipelineSchedule::one_f_one_b, 1}};
      scheds.reserve(static_cast<std::size_t>(schedules_of(ou.pp)));
      if (ou.pp > 1) {
        for (int v : o.virtual_stages) scheds.push_back({PipelineSchedule::interleaved, v});
        if (o.allow_dualpipe) scheds.push_back({PipelineSchedule::dualpipe, 1});
      }
      auto mbs = micro_batches_of(l.dp);
      if (mbs.empty()) mbs.push_back(1);  // rejected by check_layout with the batch's tag
      for (int ep : eps) {
        if ((static_cast<long long>(l.dp) * l.cp) % ep != 0) continue;  // not a layout: EP lives in DP × CP
        l.ep = ep;
        const bool ascending = std::is_sorted(mbs.begin(), mbs.end());
        for (int mb : mbs) {
          l.micro_batch_size = mb;
          const long long feasible_before = part.feasible;
          for (const auto& sc : scheds) {
            l.schedule = sc.s;
            l.virtual_stages = sc.v;
            const bool dual = sc.s == PipelineSchedule::dualpipe;
            l.overlap = CommOverlap{};
            if (dual) l.overlap.ep = l.overlap.pp = ratio(1);
            l.comm_sm_fraction = dual ? o.dualpipe_comm_sm_fraction : ratio(0);
            for (Recompute rc : {Recompute::none, Recompute::selective, Recompute::full}) {
              l.recompute = rc;
              for (int z = 0; z <= 3; ++z) {
                l.zero_stage = z;
                if ((++part.evaluated & 1023) == 0 &&
                    (timed_out.load(std::memory_order_relaxed) || std::chrono::steady_clock::now() > deadline)) {
                  timed_out = true;
                  return;
                }
                const auto v = check_layout(w, c.gpus, l);
                if (!v.empty()) {
                  ++part.rejections[v.front().tag];
                  continue;
                }
                StepTimeEstimate e = model.evaluate_unchecked(l);
                if (!e.memory.fits()) {
                  ++part.rejections["llmcost.layout.out_of_memory"];
                  continue;
                }
                ++part.feasible;
                fits.push_back(std::move(e));
              }
            }
          }
          // Memory never falls as the micro-batch grows (activations in flight are mb × min(m, pp)
          // micro-batches' worth, m = batch / (DP × mb)), and the schedules' constraints on m only
          // tighten: when nothing fits at this size, nothing fits at a larger one.
          if (ascending && part.feasible == feasible_before) break;
        }
      }
      part.pareto = pareto_of(std::move(fits));
    }
  };
  unsigned threads = o.threads > 0 ? static_cast<unsigned>(o.threads) : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(outer.size(), 1))));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  LLMCOST_REQUIRE(!timed_out, out_of_domain, "llmcost.search.limit", "the search ran past its time_limit of ",
                  limit_s, " s before evaluating all ", candidates,
                  " layouts; raise time_limit, or narrow the search (fewer micro-batch sizes, context-parallel sizes "
                  "or GPUs)");

  LayoutSearchResult r;
  r.candidates = candidates;
  std::map<std::string, long long> rej;
  std::vector<StepTimeEstimate> all;
  for (auto& p : parts) {  // enumeration order: independent of the thread count
    r.evaluated += p.evaluated;
    r.feasible += p.feasible;
    for (const auto& [tag, k] : p.rejections) rej[tag] += k;
    for (auto& e : p.pareto) all.push_back(std::move(e));
  }
  r.rejected = r.evaluated - r.feasible;
  for (const auto& [tag, k] : rej) r.rejections.push_back({tag, k});
  r.pareto = pareto_of(std::move(all));
  r.defaults = c.defaults;
  if (!r.pareto.empty()) r.fastest = r.pareto.front();
  if (r.pareto.size() > o.max_pareto) r.pareto.resize(o.max_pareto);
  return r;
}

std::string to_json(const LayoutSearchResult& r, int indent) {
  using nlohmann::ordered_json;
  auto est = [](const StepTimeEstimate& e) { return ordered_json::parse(to_json(e, -1)); };
  ordered_json rej = ordered_json::object();
  for (const auto& x : r.rejections) rej[x.tag] = x.count;
  ordered_json pareto = ordered_json::array();
  for (const auto& e : r.pareto) {
    auto j = est(e);
    j["memory_headroom_bytes"] = detail::to_raw(e.memory.capacity - e.memory.total());
    pareto.push_back(std::move(j));
  }
  ordered_json j{{"candidates", r.candidates},
                 {"evaluated", r.evaluated},
                 {"feasible", r.feasible},
                 {"rejected", r.rejected},
                 {"rejections", std::move(rej)},
                 {"fastest", r.fastest ? est(*r.fastest) : ordered_json(nullptr)},
                 {"pareto", std::move(pareto)},
                 {"defaults", detail::defaults_json(r.defaults)}};
  return j.dump(indent);
}

}  // namespace llmcost
