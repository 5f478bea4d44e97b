"""CLI: llmcost prices / prices ratio / prices profiles / estimate inference."""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)


def test_prices_table_and_show():
    r = run("prices")
    assert r.returncode == 0, r.stderr
    for pid in ("deepseek-r1", "deepseek-v3", "o1", "o1-mini", "o3-mini", "gpt-4o", "gpt-4o-mini"):
        assert pid in r.stdout
    d = json.loads(run("prices", "show", "deepseek-reasoner", "--format", "json").stdout)
    assert d["output_usd_per_mtok"] == 2.19


def test_prices_ratio_json_reproduces_list_ratios():
    d = json.loads(run("prices", "--format", "json", "ratio", "o1", "r1").stdout)
    # OpenAI and DeepSeek list prices: 27.3× / 27.4× / 53.6×.
    assert round(d["list_price_ratios"]["input_cache_miss"], 1) == 27.3
    assert round(d["list_price_ratios"]["output"], 1) == 27.4
    assert round(d["list_price_ratios"]["input_cache_hit"], 1) == 53.6


def test_unknown_price_sheet_exit_1_with_tag():
    r = run("prices", "show", "o9")
    assert r.returncode == 1
    assert "[llmcost.pricing.unknown_price_sheet]" in r.stderr


def test_estimate_inference_json_and_bad_batch():
    r = run("estimate", "inference", "--gpus", "144", "--batch-per-gpu", "128", "--context-tokens", "4989",
            "--micro-batches", "2", "--max-nodes-per-token", "4", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["decode"]["tokens_per_s_per_node"] == 8 * d["decode"]["tokens_per_s_per_gpu"]
    bad = run("estimate", "inference", "--batch-per-gpu", "0")
    assert bad.returncode == 1 and "[llmcost.inference.batch]" in bad.stderr
