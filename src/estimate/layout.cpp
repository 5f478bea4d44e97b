// Layout names, parsing and constraint checks (llmcost/estimate/layout.hpp).
#include "llmcost/estimate/layout.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "llmcost/detail/quote.hpp"
#include "llmcost/error.hpp"

namespace llmcost {

std::string_view to_string(PipelineSchedule s) noexcept {
  switch (s) {
    case PipelineSchedule::one_f_one_b: return "1f1b";
    case PipelineSchedule::interleaved: return "interleaved";
    case PipelineSchedule::dualpipe: return "dualpipe";
  }
  return "1f1b";
}

PipelineSchedule parse_pipeline_schedule(std::string_view name) {
  if (name == "1f1b") return PipelineSchedule::one_f_one_b;
  if (name == "interleaved") return PipelineSchedule::interleaved;
  if (name == "dualpipe") return PipelineSchedule::dualpipe;
  throw invalid_input("llmcost.layout.schedule",
                      fmt::format("unknown pipeline schedule {}; expected 1f1b, interleaved or dualpipe",
                                  detail::quoted(name)));
}

Recompute parse_recompute(std::string_view name) {
  if (name == "none") return Recompute::none;
  if (name == "selective") return Recompute::selective;
  if (name == "full") return Recompute::full;
  throw invalid_input("llmcost.layout.recompute",
                      fmt::format("unknown recompute mode {}; expected none, selective or full", detail::quoted(name)));
}

std::string describe(const Layout& l) {
  std::string pp = fmt::format("pp{}", l.pp);
  if (l.pp > 1) {
    if (l.schedule == PipelineSchedule::interleaved) {
      pp += fmt::format("(interleaved v{})", l.virtual_stages);
    } else {
      pp += fmt::format("({})", to_string(l.schedule));
    }
  }
  const char* rc = l.recompute == Recompute::none ? "norc" : l.recompute == Recompute::selective ? "sel" : "full";
  return fmt::format("tp{}-{}-dp{}-ep{}-cp{}-mb{}{}-{}-zero{}{}", l.tp, pp, l.dp, l.ep, l.cp, l.micro_batch_size,
                     l.sequence_parallel && l.tp > 1 ? "-sp" : "", rc, l.zero_stage,
                     l.distributed_optimizer ? "-distopt" : "");
}

std::vector<LayoutViolation> check_layout(const TrainingWorkload& w, Gpus gpus, const Layout& l) {
  std::vector<LayoutViolation> out;
  auto add = [&out](const char* tag, std::string msg) { out.push_back({tag, std::move(msg)}); };
  if (l.tp < 1 || l.pp < 1 || l.dp < 1 || l.ep < 1 || l.cp < 1 || l.micro_batch_size < 1 || l.virtual_stages < 1) {
    add("llmcost.layout.invalid",
        fmt::format("tp = {}, pp = {}, dp = {}, ep = {}, cp = {}, micro_batch_size = {}, virtual_stages = {}: "
                    "every size must be >= 1",
                    l.tp, l.pp, l.dp, l.ep, l.cp, l.micro_batch_size, l.virtual_stages));
    return out;  // the other checks divide by these
  }
  if (l.zero_stage < 0 || l.zero_stage > 3) {
    add("llmcost.layout.invalid", fmt::format("zero_stage = {} is invalid; expected 0, 1, 2 or 3", l.zero_stage));
  }
  const double n_gpus = detail::to_raw(gpus);
  if (static_cast<double>(l.gpus()) != n_gpus) {
    add("llmcost.layout.gpu_product", fmt::format("tp × cp × dp × pp = {} × {} × {} × {} = {} must equal the {} GPUs",
                                                  l.tp, l.cp, l.dp, l.pp, l.gpus(), n_gpus));
  }
  const auto& m = w.model;
  if (m.attention.num_heads % l.tp != 0) {
    add("llmcost.layout.tp_heads",
        fmt::format("tp = {} must divide the {} attention heads", l.tp, m.attention.num_heads));
  } else if (m.attention.kind == AttentionKind::gqa && m.attention.num_kv_heads % l.tp != 0 &&
             l.tp % m.attention.num_kv_heads != 0) {
    add("llmcost.layout.tp_heads", fmt::format("tp = {} must divide, or be a multiple of, the {} KV heads", l.tp,
                                               m.attention.num_kv_heads));
  }
  const int v = l.schedule == PipelineSchedule::interleaved ? l.virtual_stages : 1;
  if (static_cast<long long>(l.pp) * v > m.num_layers) {
    add("llmcost.layout.pp_layers", fmt::format("pp × virtual stages = {} × {} exceeds the {} layers", l.pp, v,
                                                m.num_layers));
  }
  if (!m.moe) {
    if (l.ep != 1) add("llmcost.layout.ep_experts", fmt::format("ep = {} on a dense model; expected 1", l.ep));
  } else {
    if (m.moe->num_routed_experts % l.ep != 0) {
      add("llmcost.layout.ep_experts",
          fmt::format("ep = {} must divide the {} routed experts", l.ep, m.moe->num_routed_experts));
    }
    if ((static_cast<long long>(l.dp) * l.cp) % l.ep != 0) {
      add("llmcost.layout.ep_experts",
          fmt::format("ep = {} must divide dp × cp = {} (experts are sharded within the data-parallel group)", l.ep,
                      static_cast<long long>(l.dp) * l.cp));
    }
  }
  const double seq = detail::to_raw(w.seq_len);
  if (!(seq >= 1 && seq <= 1e8)) {
    add("llmcost.layout.invalid", fmt::format("seq_len = {} is outside the accepted range [1, 1e8] tokens", seq));
    return out;
  }
  const long long seq_i = std::llround(seq);
  if (seq_i % l.cp != 0) {
    add("llmcost.layout.cp_seq", fmt::format("cp = {} must divide the sequence length {}", l.cp, seq_i));
  }
  const long long per_step = static_cast<long long>(l.dp) * l.micro_batch_size;
  if (w.global_batch % per_step != 0) {
    add("llmcost.layout.batch", fmt::format("dp × micro_batch_size = {} × {} = {} must divide the global batch {}",
                                            l.dp, l.micro_batch_size, per_step, w.global_batch));
  } else {
    const long long mb = w.global_batch / per_step;
    if (l.schedule == PipelineSchedule::interleaved) {
      if (l.virtual_stages < 2) {
        add("llmcost.layout.schedule", fmt::format("interleaved schedule needs virtual_stages >= 2 (got {})",
                                                   l.virtual_stages));
      }
      if (l.pp < 2 || mb % l.pp != 0) {
        add("llmcost.layout.schedule",
            fmt::format("interleaved schedule needs pp >= 2 and micro-batches ({}) a multiple of pp ({})", mb, l.pp));
      }
    }
    if (l.schedule == PipelineSchedule::dualpipe && (l.pp % 2 != 0 || mb % 2 != 0 || mb < l.pp)) {
      add("llmcost.layout.schedule",
          fmt::format("DualPipe needs pp ({}) and micro-batches ({}) even, with micro-batches >= pp", l.pp, mb));
    }
  }
  if (l.schedule != PipelineSchedule::interleaved && l.virtual_stages != 1) {
    add("llmcost.layout.schedule",
        fmt::format("virtual_stages = {} needs the interleaved schedule", l.virtual_stages));
  }
  const double f_sm = detail::to_raw(l.comm_sm_fraction);
  if (!(f_sm >= 0 && f_sm < 1)) {
    add("llmcost.layout.invalid", fmt::format("comm_sm_fraction = {} is outside [0, 1)", f_sm));
  }
  for (auto [name, r] : {std::pair{"tp", l.overlap.tp}, std::pair{"ep", l.overlap.ep}, std::pair{"cp", l.overlap.cp},
                         std::pair{"pp", l.overlap.pp}, std::pair{"dp", l.overlap.dp}}) {
    const double x = detail::to_raw(r);
    if (!(x >= 0 && x <= 1)) add("llmcost.layout.invalid", fmt::format("overlap.{} = {} is outside [0, 1]", name, x));
  }
  return out;
}

void validate_layout(const TrainingWorkload& w, Gpus gpus, const Layout& l) {
  const auto v = check_layout(w, gpus, l);
  if (v.empty()) return;
  std::string msg = fmt::format("layout {} is invalid:", describe(l));
  for (const auto& x : v) msg += fmt::format(" [{}] {};", x.tag, x.message);
  msg.pop_back();
  throw invalid_input(v.front().tag, msg);
}

}  // namespace llmcost
