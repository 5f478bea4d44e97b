"""`llmcost estimate training`, `compare`, `validate training` (issue 4)."""
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
    for key in ("flops", "gpu_hours", "wall_clock_days", "mfu", "cost_usd"):
        assert key in d
    # Hand computation from the output's own FLOPs: GPU-h = F / (0.4 × 989e12) / 3600.
    gpu_h = d["flops"] / (0.4 * 989e12) / 3600
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


def test_default_efficiency_model_is_used_without_mfu():
    d = estimate("--model", "llama-3.1-405b", "--tokens", "15.6e12", "--chip", "H100", "--gpus", "16384")
    assert "default efficiency model" in d["mfu_source"]
    assert 0 < d["mfu"] <= 1
    # Llama 3.1 405B model card: 30.84M H100 GPU-hours; the default model must be in the right range.
    assert d["gpu_hours"] == pytest.approx(30.84e6, rel=0.25)


V3_LAYOUT = ("--precision", "fp8", "--pp", "16", "--ep", "64", "--schedule", "dualpipe", "--recompute", "selective",
             "--zero-stage", "1", "--global-batch-tokens", str(15360 * 4096), "--max-nodes-per-token", "4",
             "--price-usd-per-gpu-hour", "2")


def test_a_stated_layout_makes_the_step_time_model_the_efficiency():
    d = estimate(*BASE, *V3_LAYOUT)
    st = d["step_time"]
    assert d["mfu"] == st["mfu"]
    assert d["mfu_source"].startswith("step-time model: layout tp1-pp16(dualpipe)-dp128-ep64")
    assert "step-time model" in d["efficiency"]
    assert st["layout"]["dp"] == 2048 // 16  # dp defaults to GPUs / (TP·PP·CP)
    # GPU-hours = steps × step time × GPUs, steps = 14.8e12 / (15,360 × 4,096) (hand computation).
    steps = 14.8e12 / (15360 * 4096)
    assert d["gpu_hours"] == pytest.approx(steps * st["step_time_s"] * 2048 / 3600, rel=1e-9)
    # A given MFU is reported as given.
    g = estimate(*BASE, "--mfu", "0.4", "--price-usd-per-gpu-hour", "2")
    assert g["mfu_source"] == "given: --mfu" and "step_time" not in g


def test_a_stated_layout_is_validated():
    r = run("estimate", "training", *BASE, *V3_LAYOUT, "--tp", "3")
    assert r.returncode == 1 and "[llmcost.layout." in r.stderr, r.stderr
    no_batch = [x for x in V3_LAYOUT if x != "--global-batch-tokens" and x != str(15360 * 4096)]
    r = run("estimate", "training", *BASE, *no_batch)
    assert r.returncode == 1 and "[llmcost.cli.missing_batch]" in r.stderr, r.stderr
    r = run("estimate", "training", *BASE, *V3_LAYOUT, "--mfu", "0.4")
    assert r.returncode != 0 and "excludes" in r.stderr, r.stderr


@pytest.mark.parametrize("extra, tag", [
    (("--gpus", "0"), "llmcost.training.invalid"),
    (("--gpus", "-8"), "llmcost.training.invalid"),
    (("--tokens", "0"), "llmcost.training.invalid"),
    (("--mfu", "1.5"), "llmcost.training.mfu"),
    (("--mfu", "0"), "llmcost.training.mfu"),
    (("--chip", "A100", "--precision", "fp8"), "llmcost.hardware.unsupported_precision"),
    (("--chip", "H900"), "llmcost.catalog.unknown_chip"),
    (("--model", "gpt-9"), "llmcost.model.unknown_preset"),
])
def test_bad_input_is_a_tagged_error(extra, tag):
    args = dict(zip(BASE[::2], BASE[1::2]))
    args.update({"--price-usd-per-gpu-hour": "2", "--mfu": "0.4"})
    args.update(dict(zip(extra[::2], extra[1::2])))
    flat = [x for kv in args.items() for x in kv]
    r = run("estimate", "training", *flat)
    assert r.returncode == 1, (extra, r.stdout, r.stderr)
    assert f"[{tag}]" in r.stderr, r.stderr


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
    assert runs["GPT-4 (estimate)"]["cost_usd_h100_at_mfu"] == pytest.approx(2.1e25 / (0.4 * 989e12) / 3600 * 2)


def test_validate_training_reports_median_and_max():
    r = run("validate", "training", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    errors = sorted(abs(x["error"]) for x in d["runs"])
    assert len(errors) >= 10
    assert d["max_abs_error"] == pytest.approx(errors[-1])
    assert d["median_abs_error"] <= 0.15  # issue 4 target
    text = run("validate", "training").stdout
    assert "median |error|" in text and "max |error|" in text
