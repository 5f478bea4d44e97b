"""No chip without a prediction: every catalog chip runs `search training` and `estimate training`
with no flag it lacks. Where the catalog has no figure the step-time model needs (GPUs per node,
scale-up or scale-out bandwidth, HBM), a stated default stands in, is listed in the result's
"defaults" with its source and is warned about; where the catalog has the figure, no default is
listed for it."""
import json
import math
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=300)


def catalog():
    r = run("chips", "--format", "json")
    assert r.returncode == 0, r.stderr
    return {a["id"]: a for a in json.loads(r.stdout)["accelerators"]}


CHIPS = catalog()
# The catalog field behind each figure the step-time model needs, by the default's input name.
NEEDED = {
    "gpus_per_node": "gpus_per_node",
    "scale_up_per_direction_bytes_per_s": "scale_up_bandwidth_bytes_per_s",
    "scale_out_per_direction_bytes_per_s": "scale_out_bandwidth_bytes_per_s",
    "hbm_bandwidth_bytes_per_s": "hbm_bandwidth_bytes_per_s",
    "hbm_capacity_bytes": "hbm_capacity_bytes",
}
MODEL = ("--model", "llama-3.1-8b", "--gpus", "16")


def missing(chip_id):
    return {name for name, field in NEEDED.items() if CHIPS[chip_id][field] is None}


def stated(defaults):
    """The defaults that stood in for a figure the catalog lacks (not the catalog's own figures,
    which the training request also names)."""
    return {d["input"]: d for d in defaults if d["input"] in NEEDED and "the catalog lists none" in d["source"]}


def test_catalog_is_not_empty():
    assert len(CHIPS) >= 10


@pytest.mark.parametrize("chip_id", sorted(CHIPS))
def test_search_runs_with_stated_defaults(chip_id):
    r = run("search", "training", *MODEL, "--chip", chip_id, "--global-batch-tokens", str(512 * 4096), "--threads",
            "1", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["fastest"] is not None, d["rejections"]
    assert 0 < d["fastest"]["mfu"] < 1 and math.isfinite(d["fastest"]["step_time_s"])
    got = stated(d["defaults"])
    assert set(got) == missing(chip_id)
    for name, entry in got.items():
        assert float(entry["value"]) > 0 and "the catalog lists none for " + chip_id in entry["source"]
        assert f"{chip_id} lacks {name}" in r.stderr


@pytest.mark.parametrize("chip_id", sorted(CHIPS))
def test_estimate_runs_with_and_without_a_layout(chip_id):
    base = ("estimate", "training", *MODEL, "--chip", chip_id, "--tokens", "1e10", "--format", "json")
    r = run(*base)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["gpu_hours"] > 0 and math.isfinite(d["gpu_hours"])
    # A stated layout: the step-time model predicts the MFU on the same stated defaults.
    r = run(*base, "--pp", "2", "--global-batch-tokens", str(512 * 4096), "--zero-stage", "3")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["gpu_hours"] > 0 and math.isfinite(d["gpu_hours"])
    assert set(stated(d["defaults"])) == missing(chip_id)
    # The price: a catalog quote, else no cost with the reason named, never a refusal.
    if CHIPS[chip_id]["rental_usd_per_gpu_hour"] is None:
        assert d["cost_usd"] is None and d["pricing"] == "none"
        assert any(x["input"] == "price_usd_per_gpu_hour" and "no rental quote" in x["source"] for x in d["defaults"])
    else:
        assert d["cost_usd"] > 0


def test_gpu_hours_without_a_rental_price():
    # The A100 80GB has no rental quote in the catalog: GPU-hours and time, no cost, and a note.
    assert CHIPS["A100-SXM-80GB"]["rental_usd_per_gpu_hour"] is None
    r = run("estimate", "training", "--model", "llama-3.1-8b", "--chip", "A100-SXM-80GB", "--gpus", "64",
            "--tokens", "1e11", "--mfu", "0.4", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    # GPU-hours = FLOPs / (MFU × 312e12 FLOP/s BF16 peak) / 3600.
    assert d["gpu_hours"] == pytest.approx(d["flop"] / (0.4 * 312e12) / 3600, rel=1e-12)
    assert d["cost_usd"] is None and d["price_usd_per_gpu_hour"] is None
    table = run("estimate", "training", "--model", "llama-3.1-8b", "--chip", "A100-SXM-80GB", "--gpus", "64",
                "--tokens", "1e11", "--mfu", "0.4")
    assert table.returncode == 0 and "no catalog quote" in table.stdout


def test_fp16_chip_runs_at_fp16_and_says_so():
    # The V100 has no BF16 peak: the search and the layout run GEMMs and attention at FP16, the MFU
    # is read against the FP16 peak, and the defaults say so.
    chip = "V100-SXM2-32GB"
    assert CHIPS[chip]["peak_bf16_flop_per_s"] is None
    r = run("search", "training", *MODEL, "--chip", chip, "--global-batch-tokens", str(512 * 4096), "--threads", "1",
            "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["fastest"]["layout"]["gemm_precision"] == "fp16"
    # MFU against the V100's 125 TFLOP/s FP16 peak.
    assert d["fastest"]["mfu"] == pytest.approx(d["fastest"]["model_flop_per_s_per_gpu"] / 125e12, rel=1e-12)
    assert "has no BF16 peak" in r.stderr
    r = run("estimate", "training", *MODEL, "--chip", chip, "--tokens", "1e10", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["precision"] == "fp16"
    assert any(x["input"] == "precision" and "no BF16 peak" in x["source"] for x in d["defaults"])
