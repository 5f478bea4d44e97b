"""`llmcost estimate training`, `compare`, `validate training`."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


def estimate(*extra):
    r = run("estimate", "training", "--format", "json", *extra)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


BASE = ("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "H800", "--gpus", "2048")


def test_json_keys_and_hand_computed_values():
    d = estimate(*BASE, "--precision", "fp8", "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    for key in ("flop", "gpu_hours", "wall_clock_days", "efficiency", "cost_usd"):
        assert key in d
    assert d["efficiency"]["mfu"] == 0.4 and d["efficiency"]["source"] == ""  # stated
    # Hand computation from the output's own FLOPs: GPU-h = F / (0.4 × 989e12) / 3600.
    gpu_h = d["flop"] / (0.4 * 989e12) / 3600
    assert d["gpu_hours"] == pytest.approx(gpu_h, rel=1e-12)
    assert d["cost_usd"] == pytest.approx(gpu_h * 2, rel=1e-12)
    assert d["wall_clock_days"] == pytest.approx(gpu_h / 2048 / 24, rel=1e-12)


def test_cost_is_linear_in_price_and_tokens_and_time_falls_with_gpus():
    a = estimate(*BASE, "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    b = estimate(*BASE, "--mfu", "0.4", "--price-usd-per-gpu-hour", "6")
    assert b["cost_usd"] == pytest.approx(3 * a["cost_usd"], rel=1e-12)
    c = estimate("--model", "deepseek-v3", "--tokens", "29.6e12", "--chip", "H800", "--gpus", "2048",
                 "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    assert c["cost_usd"] == pytest.approx(2 * a["cost_usd"], rel=1e-12)
    d = estimate("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "H800", "--gpus", "4096",
                 "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    assert d["wall_clock_days"] == pytest.approx(a["wall_clock_days"] / 2, rel=1e-12)


def test_without_mfu_the_searched_layout_is_realised():
    d = estimate("--model", "llama-3.1-405b", "--tokens", "15.6e12", "--chip", "H100", "--gpus", "16384",
                 "--global-batch-tokens", str(16 * 2**20), "--seq-len", "8192")
    p = d["prediction"]
    assert p["searched"] and p["layouts_evaluated"] > 0
    assert d["efficiency"]["source"].startswith("predicted: searched layout")
    # MFU = steady-state MFU × the realisation's median; the interval's ends use its p90 and p10.
    assert d["efficiency"]["mfu"] == pytest.approx(p["ceiling_mfu"] * p["realisation"]["median"], rel=1e-12)
    assert d["gpu_hours"] == pytest.approx(p["steady_state_gpu_hours"] / p["realisation"]["median"], rel=1e-9)
    assert d["gpu_hours_p10"] == pytest.approx(p["steady_state_gpu_hours"] / p["realisation"]["p90"], rel=1e-9)
    assert d["gpu_hours_p90"] == pytest.approx(p["steady_state_gpu_hours"] / p["realisation"]["p10"], rel=1e-9)
    # Llama 3.1 405B model card: 30.84M H100 GPU-hours; the prediction's 80% interval holds it.
    assert d["gpu_hours_p10"] <= 30.84e6 <= d["gpu_hours_p90"]
    # Without a stated batch, the default rule stands in and says so.
    e = estimate("--model", "llama-3.1-8b", "--tokens", "1e12", "--chip", "H100", "--gpus", "64")
    (batch,) = [x for x in e["defaults"] if x["input"] == "global_batch_tokens"]
    assert "Llama 2" in batch["source"]


V3_LAYOUT = ("--precision", "fp8", "--pp", "16", "--ep", "64", "--schedule", "dualpipe", "--recompute", "selective",
             "--zero-stage", "1", "--global-batch-tokens", str(15360 * 4096), "--max-nodes-per-token", "4",
             "--price-usd-per-gpu-hour", "2")


def test_a_stated_layout_makes_the_step_time_model_the_efficiency():
    d = estimate(*BASE, *V3_LAYOUT)
    st = d["step_time"]
    p = d["prediction"]
    assert not p["searched"] and p["ceiling_mfu"] == st["mfu"]
    assert d["efficiency"]["mfu"] == pytest.approx(st["mfu"] * p["realisation"]["median"], rel=1e-12)
    assert d["efficiency"]["source"].startswith("predicted: stated layout tp1-pp16(dualpipe)-dp128-ep64")
    assert {"input": "dp", "value": "128", "source": "GPUs / (TP·PP·CP)"} in d["defaults"]
    assert st["layout"]["dp"] == 2048 // 16  # dp defaults to GPUs / (TP·PP·CP)
    # Steady state = steps × step time × GPUs, steps = 14.8e12 / (15,360 × 4,096) (hand computation);
    # the whole run divides it by the realisation.
    steps = 14.8e12 / (15360 * 4096)
    assert p["steady_state_gpu_hours"] == pytest.approx(steps * st["step_time_s"] * 2048 / 3600, rel=1e-9)
    assert d["gpu_hours"] == pytest.approx(p["steady_state_gpu_hours"] / p["realisation"]["median"], rel=1e-9)
    # A given MFU is reported as given.
    g = estimate(*BASE, "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    assert g["efficiency"]["description"] == "MFU 40.00% of the bf16 peak (stated)" and g["step_time"] is None


def test_a_stated_layout_is_validated():
    r = run("estimate", "training", *BASE, *V3_LAYOUT, "--tp", "3")
    assert r.returncode == 1 and "[llmcost.layout." in r.stderr, r.stderr
    no_batch = [x for x in V3_LAYOUT if x != "--global-batch-tokens" and x != str(15360 * 4096)]
    r = run("estimate", "training", *BASE, *no_batch)
    assert r.returncode == 1 and "[llmcost.cli.missing_batch]" in r.stderr, r.stderr
    r = run("estimate", "training", *BASE, *V3_LAYOUT, "--mfu", "0.4")
    assert r.returncode != 0 and "excludes" in r.stderr, r.stderr


@pytest.mark.parametrize("extra, tag", [
    (("--chip", "A100", "--precision", "fp8"), "llmcost.hardware.unsupported_precision"),
    (("--chip", "H900"), "llmcost.catalog.unknown_chip"),
    (("--model", "gpt-9"), "llmcost.model.unknown_preset"),
])
def test_bad_input_is_a_tagged_error(extra, tag):
    r = run("estimate", "training", *with_flags(extra))
    assert r.returncode == 1, (extra, r.stdout, r.stderr)
    assert f"[{tag}]" in r.stderr, r.stderr


def with_flags(extra):
    """BASE with --price 2 and --mfu 0.4, then `extra` (flag, value, ...) replacing or adding."""
    args = dict(zip(BASE[::2], BASE[1::2]))
    args.update({"--price-usd-per-gpu-hour": "2", "--mfu": "0.4"})
    args.update(dict(zip(extra[::2], extra[1::2])))
    return [x for kv in args.items() for x in kv]


# Each flag outside its accepted range is an input error that names the flag, the value and the
# range (docs/input-ranges.md), before anything is computed.
@pytest.mark.parametrize("flag, value, expected", [
    ("--gpus", "0", "whole number in [1, 1e7]"),
    ("--gpus", "-8", "whole number in [1, 1e7]"),
    ("--gpus", "2.5", "whole number in [1, 1e7]"),
    ("--gpus", "1e-300", "whole number in [1, 1e7]"),
    ("--gpus", "1e308", "whole number in [1, 1e7]"),
    ("--tokens", "0", "[1, 1e18]"),
    ("--tokens", "1e308", "[1, 1e18]"),
    ("--seq-len", "1e308", "whole number in [1, 1e8]"),
    ("--seq-len", "4096.5", "whole number in [1, 1e8]"),
    ("--mfu", "1.5", "[1e-6, 1]"),
    ("--mfu", "0", "[1e-6, 1]"),
    ("--mfu", "1e-300", "[1e-6, 1]"),
    ("--goodput", "0", "[1e-6, 1]"),
    ("--price-usd-per-gpu-hour", "1e308", "(0, 10000]"),
    ("--price-usd-per-gpu-hour", "0", "(0, 10000]"),
    ("--price-usd-per-gpu-hour", "nan", "(0, 10000]"),
    ("--precision", "int9", "choices: fp64, tf32, bf16, fp16, fp8, int8, fp4"),
])
def test_a_flag_outside_its_range_is_named_with_the_range(flag, value, expected):
    r = run("estimate", "training", *with_flags((flag, value)))
    assert r.returncode == 1, (flag, value, r.stdout)
    assert "[llmcost.cli.invalid]" in r.stderr and flag in r.stderr and expected in r.stderr, r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("flag, value", [
    ("--global-batch-tokens", "-5"), ("--scale-out-gb-per-s", "-5"), ("--max-nodes-per-token", "-1"),
    ("--global-batch-tokens", "1e308"), ("--tp", "2.5"), ("--zero-stage", "4"),
])
def test_layout_flags_are_checked_even_without_a_layout(flag, value):
    # --mfu is not given: --tp excludes it, and the check must not depend on which flags are used.
    args = [x for x in with_flags(()) if x not in ("--mfu", "0.4")]
    r = run("estimate", "training", *args, flag, value)
    assert r.returncode == 1, (flag, value, r.stdout)
    assert "[llmcost.cli.invalid]" in r.stderr and f"{flag} {value}" in r.stderr, r.stderr


def test_valid_layout_flags_without_a_layout_warn_and_change_nothing():
    plain = run("estimate", "training", "--format", "json", *with_flags(()))
    extra = run("estimate", "training", "--format", "json", *with_flags(()), "--global-batch-tokens", "1e6",
                "--scale-out-gb-per-s", "50", "--max-nodes-per-token", "4")
    assert plain.returncode == 0 and extra.returncode == 0, extra.stderr
    assert json.loads(extra.stdout) == json.loads(plain.stdout)
    assert "warning" in extra.stderr and "--global-batch-tokens" in extra.stderr and "ignored" in extra.stderr
    assert plain.stderr == ""


def test_precision_with_mfu_warns_that_the_mfu_is_on_the_bf16_peak():
    bf16 = estimate(*BASE, "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    r = run("estimate", "training", "--format", "json", *BASE, "--precision", "fp8", "--mfu", "0.4",
            "--price-usd-per-gpu-hour", "2")
    assert r.returncode == 0, r.stderr
    assert "--precision fp8 has no effect when --mfu is given" in r.stderr, r.stderr
    # The MFU is read against the BF16 dense peak whatever the precision (docs/training.md).
    assert json.loads(r.stdout)["gpu_hours"] == pytest.approx(bf16["gpu_hours"], rel=1e-15)
    assert json.loads(r.stdout)["gpu_hours"] == pytest.approx(bf16["flop"] / (0.4 * 989e12) / 3600, rel=1e-12)


def test_precision_names_ignore_case():
    upper = run("estimate", "training", "--format", "json", *BASE, *V3_LAYOUT[2:], "--precision", "FP8")
    lower = run("estimate", "training", "--format", "json", *BASE, *V3_LAYOUT)
    assert upper.returncode == 0, upper.stderr
    assert upper.stdout == lower.stdout
    assert json.loads(upper.stdout)["precision"] == "fp8"


def test_a_huge_price_is_an_input_error_not_an_infinite_cost():
    r = run("estimate", "training", *with_flags(("--price-usd-per-gpu-hour", "1e308")))
    assert r.returncode == 1 and "inf" not in r.stdout
    assert "--price-usd-per-gpu-hour 1e308" in r.stderr


def test_results_that_overflow_name_the_inputs(tmp_path):
    # A chip with an absurdly small peak: every flag is in range, the GPU-hours are not finite.
    cat = tmp_path / "slow.toml"
    cat.write_text('[sources.me]\ncitation = "me"\n[[accelerator]]\nid = "Snail"\nvendor = "Me"\n'
                   'peak_bf16_flop_per_s = { value = 1e-300, source = "me", grade = "weak" }\n')
    r = run("--catalog", str(cat), "estimate", "training", "--model", "deepseek-v3", "--tokens", "1e18",
            "--chip", "Snail", "--gpus", "1", "--mfu", "1e-6", "--price-usd-per-gpu-hour", "1")
    assert r.returncode == 1, r.stdout
    assert r.stdout == "" and r.stderr.startswith("llmcost: [llmcost."), r.stderr


def test_default_price_is_the_lowest_catalog_quote_in_one_short_line():
    args = ("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "H100", "--gpus", "2048", "--mfu", "0.4")
    d = estimate(*args)
    # data/accelerators.toml, H100-SXM rental_usd_per_gpu_hour: low 1.70 (cycle low, Oct 2025), high 12.29.
    assert d["price_usd_per_gpu_hour"] == 1.70
    assert d["price_source"]["rule"] == "catalog_lowest_quote"
    assert d["price_source"]["catalog_high_usd_per_gpu_hour"] == 12.29
    assert "H100 rental anchors" in d["price_source"]["citation"]
    assert d["cost_usd"] == pytest.approx(d["gpu_hours"] * 1.70, rel=1e-12)
    r = run("estimate", "training", *args)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "price: $1.7/GPU·h, default: lowest catalog quote for H100-SXM" in r.stdout
    assert "--price-usd-per-gpu-hour to change" in r.stdout
    assert "H100 rental anchors" not in r.stdout  # the long source: JSON and --verbose only
    assert max(len(x) for x in lines) <= 160, max(lines, key=len)
    v = run("estimate", "training", *args, "--verbose")
    assert "price source: H100 rental anchors" in v.stdout


def test_a_chip_without_a_quote_gets_no_cost_never_a_silent_price():
    d = estimate("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "MI300X", "--gpus", "2048")
    assert d["price_usd_per_gpu_hour"] is None and d["cost_usd"] is None
    assert d["price_source"]["rule"] == "none"
    assert d["gpu_hours"] > 0
    r = run("estimate", "training", "--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "MI300X", "--gpus", "2048")
    assert r.returncode == 0, r.stderr
    assert "MI300X has no rental quote in the catalog, so no cost is given" in r.stdout
    assert "$" not in r.stdout


def read_csv(text):
    import csv
    import io
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_carries_raw_numbers():
    args = ("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "H800", "--gpus", "2048", "--mfu", "0.4",
            "--price-usd-per-gpu-hour", "2")
    d = estimate(*args)
    r = run("estimate", "training", "--format", "csv", *args)
    assert r.returncode == 0, r.stderr
    (row,) = read_csv(r.stdout)
    for key in ("flop", "gpu_hours", "wall_clock_days", "cost_usd", "price_usd_per_gpu_hour"):
        assert float(row[key]) == d[key], key
    assert float(row["efficiency.mfu"]) == d["efficiency"]["mfu"]
    c = read_csv(run("compare", "--format", "csv").stdout)
    assert [x["run"] for x in c] == ["DeepSeek-V3 (final run)", "Llama 3.1 405B", "GPT-4 (estimate)"]
    assert float(c[0]["cost_usd_published_gpu_hours"]) == 5.576e6  # 2.788M GPU-h × $2 (V3 TR Table 1)
    assert c[2]["published_gpu_hours"] == ""
    v = read_csv(run("validate", "training", "--format", "csv").stdout)
    assert len(v) >= 20 and all(float(x["held_out_gpu_hours"]) > 0 for x in v)
    for text in (r.stdout, run("compare", "--format", "csv").stdout):
        assert "GPU·h" not in text and "$5" not in text and "One footing" not in text


def test_compare_puts_three_runs_on_one_footing():
    r = run("compare", "--format", "json", "--price-usd-per-gpu-hour", "2")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    runs = {x["run"]: x for x in d["runs"]}
    # Llama 3.1 405B model card: 30.84M H100-hours × $2 = $61.68M.
    assert runs["Llama 3.1 405B"]["cost_usd_published_gpu_hours"] == pytest.approx(61.68e6)
    # DeepSeek-V3 Table 1: 2.788M × $2 = $5.576M.
    assert runs["DeepSeek-V3 (final run)"]["cost_usd_published_gpu_hours"] == pytest.approx(5.576e6)
    # GPT-4 2.1e25 FLOP on H100 at 40% MFU: 2.1e25 / (0.4 × 989e12) / 3600 h × $2.
    assert d["flops_chip"] == "H100-SXM"
    assert runs["GPT-4 (estimate)"]["cost_usd_at_mfu"] == pytest.approx(2.1e25 / (0.4 * 989e12) / 3600 * 2)


@pytest.mark.parametrize("flag, value", [("--price-usd-per-gpu-hour", "1e308"), ("--price-usd-per-gpu-hour", "-1"),
                                         ("--mfu", "1e-300"), ("--mfu", "2")])
def test_compare_rejects_a_flag_outside_its_range(flag, value):
    r = run("compare", flag, value)
    assert r.returncode == 1 and "inf" not in r.stdout
    assert "[llmcost.cli.invalid]" in r.stderr and f"{flag} {value}" in r.stderr, r.stderr


def test_validate_training_leads_with_leave_one_family_out():
    r = run("validate", "training", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert list(d)[0] == "leave_one_family_out"
    fit = [x for x in d["runs"] if x["use"] == "fit"]
    errors = sorted(abs(x["held_out_error"]) for x in fit)
    lofo = d["leave_one_family_out"]
    assert len(errors) == lofo["runs"] >= 20 and len(lofo["families"]) >= 5
    assert lofo["max_abs_error"] == pytest.approx(errors[-1])
    n = len(errors)
    median = errors[n // 2] if n % 2 else (errors[n // 2 - 1] + errors[n // 2]) / 2
    assert lofo["median_abs_error"] == pytest.approx(median)
    covered = sum(x["held_out_gpu_hours_p10"] <= x["published_gpu_hours"] <= x["held_out_gpu_hours_p90"] for x in fit)
    assert lofo["interval_coverage_80"] == pytest.approx(covered / n)
    assert lofo["interval_coverage_80"] >= 0.8  # the 80% intervals hold at least 80% of held-out runs
    for x in d["runs"]:
        assert x["held_out_gpu_hours_p10"] <= x["held_out_gpu_hours"] <= x["held_out_gpu_hours_p90"]
    text = run("validate", "training").stdout
    assert "Leave-one-family-out" in text and "median |error|" in text and "In-sample" in text
    # The realisation stored in data/realisation.toml is the fit of these runs.
    toml = run("validate", "training", "--calibration-toml").stdout
    assert toml == (ROOT / "data" / "realisation.toml").read_text()
