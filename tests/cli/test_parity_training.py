"""One engine: `llmcost estimate training --format json`, `search training --format json` and the
Python calls with the same inputs give the same document (the library's to_json)."""
import json
import os
import pathlib
import subprocess

import pytest

import llmcost

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
QWEN2 = ROOT / "tests" / "model" / "fixtures" / "qwen2.json"


def cli_json(*args):
    r = subprocess.run([str(CLI), *args, "--format", "json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


V3 = dict(model="deepseek-v3", tokens=14.8e12, chip="H800", gpus=2048)
V3_FLAGS = ("--model", "deepseek-v3", "--tokens", "14.8e12", "--chip", "H800", "--gpus", "2048")
LAYOUT = dict(precision="fp8", pp=16, ep=64, schedule="dualpipe", recompute="selective", zero_stage=1,
              global_batch_tokens=15360 * 4096, max_nodes_per_token=4)
LAYOUT_FLAGS = ("--precision", "fp8", "--pp", "16", "--ep", "64", "--schedule", "dualpipe", "--recompute",
                "selective", "--zero-stage", "1", "--global-batch-tokens", str(15360 * 4096),
                "--max-nodes-per-token", "4")

CASES = {
    "preset, all defaults": (V3_FLAGS, V3),
    "preset, mfu and price": (V3_FLAGS + ("--mfu", "0.4", "--price-usd-per-gpu-hour", "2"),
                              dict(V3, mfu=0.4, price_usd_per_gpu_hour=2.0)),
    "preset, mfu, seq-len and goodput": (V3_FLAGS + ("--mfu", "0.35", "--seq-len", "8192", "--goodput", "0.9"),
                                         dict(V3, mfu=0.35, seq_len=8192, goodput=0.9)),
    "preset, layout": (V3_FLAGS + LAYOUT_FLAGS, dict(V3, **LAYOUT)),
    "preset, layout and price": (V3_FLAGS + LAYOUT_FLAGS + ("--price-usd-per-gpu-hour", "1.5", "--dp", "128"),
                                 dict(V3, **LAYOUT, price_usd_per_gpu_hour=1.5, dp=128)),
    "HF config": (("--hf-config", str(QWEN2), "--tokens", "1e12", "--chip", "H100", "--gpus", "512"),
                  dict(hf_config=str(QWEN2), tokens=1e12, chip="H100", gpus=512)),
    "HF config, mfu, no catalog price": (
        ("--hf-config", str(QWEN2), "--tokens", "1e12", "--chip", "MI300X", "--gpus", "64", "--mfu", "0.3"),
        dict(hf_config=QWEN2, tokens=1e12, chip="MI300X", gpus=64, mfu=0.3)),
    "stated FLOPs, mfu and price": (
        ("--training-flop-per-token", "2.22e11", "--tokens", "14.8e12", "--chip", "H800", "--gpus", "2048",
         "--mfu", "0.3894", "--price-usd-per-gpu-hour", "2"),
        dict(training_flop_per_token=2.22e11, tokens=14.8e12, chip="H800", gpus=2048, mfu=0.3894,
             price_usd_per_gpu_hour=2.0)),
    "stated FLOPs, default efficiency from active parameters": (
        ("--training-flop-per-token", "4.2e11", "--active-params", "70e9", "--tokens", "2e12", "--chip", "A100",
         "--gpus", "2048"),
        dict(training_flop_per_token=4.2e11, active_params=70e9, tokens=2e12, chip="A100", gpus=2048)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_estimate_training_cli_json_equals_python_to_dict(name):
    flags, kwargs = CASES[name]
    assert cli_json("estimate", "training", *flags) == llmcost.estimate_training(**kwargs).to_dict()


def test_the_article_run_gives_the_same_numbers_in_both_front_ends():
    # The prediction (searched layout ÷ realisation): the same figures and interval from both.
    e = llmcost.estimate_training(**V3)
    d = cli_json("estimate", "training", *V3_FLAGS)
    assert e.gpu_hours == d["gpu_hours"] and e.cost_usd == d["cost_usd"]
    assert e.to_dict()["gpu_hours_p10"] == d["gpu_hours_p10"] and e.to_dict()["gpu_hours_p90"] == d["gpu_hours_p90"]
    assert d["prediction"]["searched"] and e.to_dict()["prediction"] == d["prediction"]


def test_every_default_that_stood_in_is_named_with_its_source():
    d = llmcost.estimate_training(**V3).to_dict()
    named = {x["input"]: x for x in d["defaults"]}
    assert set(named) == {"seq_len", "precision", "goodput", "global_batch_tokens", "flash_attention", "dropout",
                          "scale_out_per_direction_bytes_per_s", "price_usd_per_gpu_hour"}
    assert "lowest catalog quote" in named["price_usd_per_gpu_hour"]["value"]
    # Stating them removes them.
    given = llmcost.estimate_training(**V3, seq_len=4096, precision="bf16", goodput=1.0, mfu=0.4,
                                      price_usd_per_gpu_hour=2.0).to_dict()
    assert given["defaults"] == []


def test_a_chip_without_a_price_still_gets_gpu_hours_and_no_cost():
    e = llmcost.estimate_training(hf_config=QWEN2, tokens=1e12, chip="MI300X", gpus=64, mfu=0.3)
    assert e.cost_usd is None and e.gpu_hours > 0
    d = e.to_dict()
    assert d["pricing"] == "none" and d["cost"] is None and d["price_source"]["rule"] == "none"


def test_step_time_document_is_the_same_in_the_training_estimate_and_estimate_step_time():
    st = llmcost.estimate_step_time(model="deepseek-v3", chip="H800", gpus=2048, seq_len=4096,
                                    global_batch_tokens=15360 * 4096, pp=16, ep=64, schedule="dualpipe",
                                    recompute="selective", zero_stage=1, gemm_precision="fp8", max_nodes_per_token=4)
    assert cli_json("estimate", "training", *V3_FLAGS, *LAYOUT_FLAGS)["step_time"] == st


def test_search_cli_json_equals_python():
    flags = ("--model", "llama-3.1-8b", "--chip", "H100", "--gpus", "64", "--global-batch-tokens", str(512 * 4096))
    py = llmcost.search_layouts(model="llama-3.1-8b", chip="H100", gpus=64, seq_len=4096,
                                global_batch_tokens=512 * 4096)
    assert cli_json("search", "training", *flags) == py
