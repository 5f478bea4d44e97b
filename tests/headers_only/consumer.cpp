// A C++ tool that uses llmcost as a header-only library: it links against llmcost::headers
// alone (no libllmcost.a, no fmt, toml++ or nlohmann-json), builds its model and its chip in
// code, and checks every number against a hand computation. If a formula it calls moved back
// into src/, this program would no longer link.
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include "llmcost/llmcost.hpp"

namespace {

int failures = 0;

void check_near(const char* what, double got, double want, double rel = 1e-12) {
  const bool ok = std::isfinite(got) && std::fabs(got - want) <= rel * std::fabs(want);
  std::printf("%s %-48s got %.12g want %.12g\n", ok ? "ok  " : "FAIL", what, got, want);
  if (!ok) ++failures;
}

void check(const char* what, bool ok) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

using namespace llmcost;
using detail::to_raw;

// A tiny dense model whose counts are done by hand below: 2 layers, hidden 64, vocab 1,000,
// multi-head attention with 4 heads of 16, a gated MLP of 256, RMSNorm, untied LM head.
Transformer tiny_dense() {
  Transformer m;
  m.name = "tiny-dense";
  m.num_layers = 2;
  m.hidden_size = 64;
  m.vocab_size = 1000;
  m.attention.kind = AttentionKind::mha;
  m.attention.num_heads = 4;
  m.attention.num_kv_heads = 4;
  m.attention.head_dim = 16;
  m.ffn.kind = FfnKind::gated;
  m.ffn.intermediate_size = 256;
  return m;
}

// An H800 as its datasheet gives it (dense BF16 989 TFLOP/s, FP8 1,979 TFLOP/s), and a
// round-numbered chip for the MFU arithmetic.
Accelerator h800_in_code() {
  Accelerator a;
  a.id = "H800-SXM";
  a.peak[static_cast<std::size_t>(Precision::bf16)] = Sourced<FlopsPerSecond>{flop_per_s(989e12), {}};
  a.peak[static_cast<std::size_t>(Precision::fp8)] = Sourced<FlopsPerSecond>{flop_per_s(1979e12), {}};
  return a;
}
Accelerator round_chip() {
  Accelerator a;
  a.id = "round-1P";
  a.peak[static_cast<std::size_t>(Precision::bf16)] = Sourced<FlopsPerSecond>{flop_per_s(1e15), {}};
  return a;
}

void model_counts() {
  const Transformer m = tiny_dense();
  // Parameters, by hand:
  //   embedding   V·H                       = 1000·64               =  64,000
  //   attention   L·(H·4·16 + 2·H·4·16 + 4·16·H) = 2·(4096 + 8192 + 4096) = 32,768
  //   dense FFN   L·3·H·I                   = 2·3·64·256            =  98,304
  //   norms       L·2·H + H (final)         = 256 + 64              =     320
  //   LM head     V·H                       =                          64,000
  //   total                                                         = 259,392
  const ParamBreakdown b = param_breakdown(m);
  check_near("params: embedding", to_raw(b.embedding), 64000);
  check_near("params: attention", to_raw(b.attention), 32768);
  check_near("params: dense FFN", to_raw(b.dense_ffn), 98304);
  check_near("params: norms", to_raw(b.norms), 320);
  check_near("params: total", to_raw(total_params(m)), 259392);
  check_near("params: active (dense: = total)", to_raw(active_params(m)), 259392);

  // Forward FLOPs per token at S = 128 (2 FLOP per multiply-accumulate):
  //   matmul      2·L·(attention 16,384 + FFN 49,152 MACs)    = 262,144
  //   attention   L·2·heads·(d_qk + d_v)·S / 2 (causal)       = 2·2·4·32·128/2 = 32,768
  //   logits      2·H·V                                       = 128,000
  //   forward = 422,912; training = 3 × forward               = 1,268,736
  const Tokens seq = token_count(128);
  check_near("FLOP/token: forward", to_raw(forward_flops_per_token(m, seq)), 422912);
  check_near("FLOP/token: training", to_raw(training_flops_per_token(m, seq)), 1268736);
  // The 6·N rule (Kaplan et al. 2020): without the attention core, training FLOPs per token are
  // 6 × the matrix parameters (total less embedding and norms): 6·(259,392 − 64,000 − 320) = 1,170,432.
  TrainingFlopsOptions six_n;
  six_n.attention.include_attention = false;
  check_near("FLOP/token: 6N rule", to_raw(training_flops_per_token(m, seq, six_n)), 6.0 * 195072);
  check_near("FLOP: 1e9 tokens", to_raw(training_flops(m, token_count(1e9), seq)), 1268736e9);

  // KV cache per token in BF16: 2 (K, V) · L · kv_heads · head_dim · 2 B = 2·2·4·16·2 = 512 B.
  check_near("KV cache B/token (bf16)", to_raw(kv_cache_bytes_per_token(m, Precision::bf16)), 512);
  // Weights in BF16: 259,392 × 2 B; training state, mixed-precision Adam 16 B/param: 259,392 × 16 B.
  check_near("weights B (bf16)", to_raw(weight_bytes(m, Precision::bf16)), 518784);
  check_near("training state B (Adam)", to_raw(training_state_bytes(m)), 259392.0 * 16);

  // Validation lives in the kernels: a head count that does not divide is named in the error.
  Transformer bad = m;
  bad.attention.num_kv_heads = 3;
  try {
    (void)total_params(bad);
    check("inconsistent model rejected", false);
  } catch (const invalid_input& e) {
    check("inconsistent model rejected with llmcost.model.inconsistent", e.tag() == "llmcost.model.inconsistent");
  }
}

void chip_peaks() {
  const Accelerator a = h800_in_code();
  check_near("require_peak(bf16)", to_raw(a.require_peak(Precision::bf16)), 989e12);
  try {
    (void)a.require_peak(Precision::fp4);
    check("missing FP4 peak rejected", false);
  } catch (const invalid_input& e) {
    check("missing FP4 peak rejected with llmcost.hardware.unsupported_precision",
          e.tag() == "llmcost.hardware.unsupported_precision" &&
              std::string(e.what()).find("it supports: bf16, fp8") != std::string::npos);
  }
}

void training_cost() {
  // DeepSeek-V3 Technical Report, Table 1: 2,664K + 119K + 5K = 2,788K H800 GPU-hours at an
  // assumed $2 per GPU-hour = $5.576M; 2,788K GPU-h / 2,048 GPUs = 1,361.328125 h of wall clock.
  TrainingRun v3;
  v3.phases = {TrainingPhase{"pre-training", token_count(14.8e12), token_count(4096), Precision::fp8,
                             flop_per_token(6 * 37e9), std::nullopt}};
  v3.cluster = Cluster{h800_in_code(), gpu_count(2048)};
  v3.efficiency = GivenGpuHours{gpu_hours(2.788e6), "DeepSeek-V3 TR Table 1"};
  const TrainingEstimate e = estimate_training(v3, deepseek_rental_assumption());
  check_near("DeepSeek-V3 GPU-hours", in_gpu_hours(e.total.gpu_hours), 2.788e6);
  check_near("DeepSeek-V3 cost USD", to_raw(e.total.cost.total()), 5.576e6);
  check_near("DeepSeek-V3 wall clock h", in_hours(e.total.wall_clock), 2.788e6 / 2048);

  // MFU path on a round chip: 1.8e12 tokens × 1e9 FLOP/token = 1.8e21 FLOP; at MFU 0.5 of
  // 1e15 FLOP/s that is 1.8e21 / 5e14 = 3.6e6 GPU·s = 1,000 GPU-h; on 8 GPUs, 125 h.
  TrainingRun run;
  run.phases = {TrainingPhase{"pre-training", token_count(1.8e12), token_count(4096), Precision::bf16,
                              flop_per_token(1e9), std::nullopt}};
  run.cluster = Cluster{round_chip(), gpu_count(8)};
  run.efficiency = Mfu{ratio(0.5)};
  const TrainingEstimate r = estimate_training(run, rental_pricing(usd_per_gpu_hour(2.0)));
  check_near("MFU run GPU-hours", in_gpu_hours(r.total.gpu_hours), 1000);
  check_near("MFU run wall clock h", in_hours(r.total.wall_clock), 125);
  check_near("MFU run implied BF16 MFU", to_raw(*r.total.implied_mfu_bf16), 0.5);
  check_near("MFU run rental cost USD (1,000 × $2)", to_raw(r.total.cost.total()), 2000);

  // Ownership TCO of one GPU: $30,000, straight line over 4 years, 10%/year cost of capital,
  // 700 W at $0.10/kWh, no overheads, no facility. Per hour of a Julian year (8,766 h):
  //   hardware   30,000 / 4 / 8,766
  //   capital    (30,000 · CRF(10%, 4) − 30,000 / 4) / 8,766, CRF = 0.1 · 1.1⁴ / (1.1⁴ − 1), 1.1⁴ = 1.4641
  //   power      0.7 kW × $0.10 = $0.07
  OwnershipTco t;
  t.gpu_price = usd_per_gpu(30000);
  t.hardware_life = years(4);
  t.cost_of_capital_per_year = ratio(0.10);
  t.gpu_tdp = watts(700);
  t.electricity_price = usd_per_kwh(0.10);
  const TcoBreakdown tco = tco_per_gpu_hour(t);
  const double hardware = 30000.0 / 4 / 8766;
  const double capital = (30000.0 * 0.1 * 1.4641 / 0.4641 - 7500) / 8766;
  check_near("TCO hardware $/GPU-h", in_usd_per_gpu_hour(tco.hardware), hardware);
  check_near("TCO capital $/GPU-h", in_usd_per_gpu_hour(tco.capital), capital);
  check_near("TCO power $/GPU-h", in_usd_per_gpu_hour(tco.power), 0.07);
  check_near("TCO total $/GPU-h", in_usd_per_gpu_hour(tco.total()), hardware + capital + 0.07);
  // The same 1,000 GPU-hour run on owned GPUs costs 1,000 × the TCO per GPU-hour.
  const TrainingEstimate owned = estimate_training(run, t);
  check_near("MFU run ownership cost USD", to_raw(owned.total.cost.total()), 1000 * (hardware + capital + 0.07));
}

ApiPrice price_sheet(const char* id, double hit, double miss, double out) {
  ApiPrice p;
  p.id = id;
  p.model = id;
  p.reasoning_model = true;
  p.reasoning_billed_as_output = true;
  p.input_cache_hit.value = usd_per_mtok(hit);
  p.input_cache_miss.value = usd_per_mtok(miss);
  p.output.value = usd_per_mtok(out);
  return p;
}

void task_cost() {
  // List prices per million tokens (cache hit, miss, output): DeepSeek-R1 0.14 / 0.55 / 2.19,
  // OpenAI o1 7.50 / 15 / 60. One task: 1M input tokens, half of them cached, 100K visible
  // output and 400K reasoning tokens (billed as output):
  //   R1: 1M·(0.5·0.14 + 0.5·0.55)/1M + 500K·2.19/1M = 0.345 + 1.095 = $1.44
  //   o1: 1M·(0.5·7.50 + 0.5·15)/1M  + 500K·60/1M   = 11.25 + 30    = $41.25
  //   ratio 41.25 / 1.44 = 28.6458333…
  const ApiPrice r1 = price_sheet("deepseek-r1", 0.14, 0.55, 2.19);
  const ApiPrice o1 = price_sheet("o1", 7.50, 15, 60);
  const TokenMix mix{token_count(1e6), ratio(0.5), token_count(1e5), token_count(4e5)};
  check_near("task cost R1 USD", to_raw(cost_per_task(mix, r1)), 1.44);
  check_near("task cost o1 USD", to_raw(cost_per_task(mix, o1)), 41.25);
  TaskProfile profile;
  profile.id = "long-reasoning";
  profile.mix = mix;
  check_near("price ratio o1 / R1", to_raw(price_ratio(profile, o1, r1)), 41.25 / 1.44);
}

void unit_names() {
  // GpuHours and Hours are named for how people quote them but hold GPU·s and s (units.hpp):
  check_near("gpu_hours(1) holds 3600 GPU·s", to_raw(gpu_hours(1)), 3600);
  check_near("in_gpu_hours reads it back", in_gpu_hours(gpu_hours(1)), 1);
  check_near("hours(1) holds 3600 s", to_raw(hours(1)), 3600);
}

}  // namespace

int main() {
  try {
    model_counts();
    chip_peaks();
    training_cost();
    task_cost();
    unit_names();
  } catch (const std::exception& e) {
    std::printf("FAIL unexpected exception: %s\n", e.what());
    return 1;
  }
  if (failures > 0) std::printf("%d check(s) failed\n", failures);
  return failures == 0 ? 0 : 1;
}
