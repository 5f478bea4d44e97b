"""CLI: llmcost prices / prices ratio / prices profiles / estimate inference."""
import json
import os
import pathlib
import subprocess

import pytest

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
    assert bad.returncode == 1 and "[llmcost.cli.invalid] --batch-per-gpu 0" in bad.stderr


# Each flag outside its accepted range names the flag, the value and the range (docs/inference.md).
@pytest.mark.parametrize("flag, value, expected", [
    ("--batch-per-gpu", "1e308", "whole number in [1, 1e6]"),
    ("--batch-per-gpu", "2.5", "whole number in [1, 1e6]"),
    ("--context-tokens", "1e308", "[1, 1e8]"),
    ("--prompt-tokens", "1e308", "[1, 1e8]"),
    ("--prefill-tokens-per-gpu", "1e308", "whole number in [1, 1e8]"),
    ("--gpus", "2.5", "whole number in [1, 1e7]"),
    ("--gpus", "1e-300", "whole number in [1, 1e7]"),
    ("--tp", "1.5", "whole number in [1, 1e7]"),
    ("--cached-fraction", "1", "[0, 1)"),
    ("--micro-batches", "3", "whole number in [1, 2]"),
    ("--mtp", "1e9", "whole number in [0, 8]"),
    ("--max-nodes-per-token", "-1", "whole number in [0, 1e6]"),
    ("--price-usd-per-gpu-hour", "1e308", "(0, 10000]"),
    ("--weights", "fp9", "choices:"),
])
def test_inference_flag_outside_its_range_is_named(flag, value, expected):
    r = run("estimate", "inference", flag, value)
    assert r.returncode == 1, (flag, value, r.stdout)
    assert "[llmcost.cli.invalid]" in r.stderr and flag in r.stderr and value in r.stderr, r.stderr
    assert expected in r.stderr, r.stderr
    assert "inf" not in r.stdout


def test_the_context_alias_is_checked_too():
    r = run("estimate", "inference", "--context", "1e308")
    assert r.returncode == 1 and "[llmcost.cli.invalid] --context-tokens 1e308" in r.stderr, r.stderr


def inference_json(*args):
    r = run("estimate", "inference", "--format", "json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_default_price_is_the_chips_lowest_catalog_quote_not_two_dollars():
    # data/accelerators.toml: H100-SXM lowest rental quote $1.70; H800-SXM $2 (DeepSeek's assumption).
    d = inference_json("--model", "llama-3.1-70b", "--chip", "H100", "--gpus", "8", "--tp", "8", "--weights", "bf16")
    assert d["price_usd_per_gpu_hour"] == 1.70
    assert d["price_source"]["rule"] == "catalog_lowest_quote"
    # $/Mtok output = price / 3600 / (tok/s per GPU) × 1e6.
    assert d["usd_per_million_output_tokens"] == pytest.approx(1.70 / 3600 / d["decode_tokens_per_s_per_gpu"] * 1e6,
                                                               rel=1e-12)
    assert inference_json()["price_usd_per_gpu_hour"] == 2.0
    t = run("estimate", "inference", "--model", "llama-3.1-70b", "--chip", "H100", "--gpus", "8", "--tp", "8")
    assert "price: $1.7/GPU·h, default: lowest catalog quote for H100-SXM" in t.stdout, t.stdout
    assert "at $2/GPU-h" not in t.stdout


def test_a_chip_without_a_quote_reports_no_cost():
    d = inference_json("--chip", "MI300X", "--model", "llama-3.1-70b", "--gpus", "8", "--tp", "8")
    assert d["price_usd_per_gpu_hour"] is None and d["price_source"]["rule"] == "none"
    assert d["usd_per_million_output_tokens"] is None and d["output_usd_per_token"] is None
    assert d["decode_tokens_per_s_per_gpu"] > 0
    t = run("estimate", "inference", "--chip", "MI300X", "--model", "llama-3.1-70b", "--gpus", "8", "--tp", "8")
    assert t.returncode == 0 and "MI300X has no rental quote in the catalog, so no cost is given" in t.stdout


def test_precision_names_ignore_case():
    lower = inference_json("--weights", "bf16", "--kv", "fp8", "--compute", "bf16")
    upper = inference_json("--weights", "BF16", "--kv", "Fp8", "--compute", "BF16")
    assert upper == lower


def test_prices_ratio_multiplier_range_and_raw_csv():
    r = run("prices", "ratio", "o1", "r1", "--reasoning-multiplier", "1e308")
    assert r.returncode == 1 and "[llmcost.cli.invalid] --reasoning-multiplier 1e308" in r.stderr, r.stderr
    r = run("prices", "ratio", "o1", "r1", "--reasoning-multiplier", "-1")
    assert r.returncode == 1 and "(0, 1000]" in r.stderr, r.stderr
    import csv
    import io
    rows = {x["basis"]: x for x in csv.DictReader(io.StringIO(run("prices", "--format", "csv", "ratio", "o1", "r1").stdout))}
    # OpenAI and DeepSeek list prices: o1 $60 / R1 $2.19 per 1M output tokens.
    assert float(rows["list: output"]["ratio"]) == pytest.approx(60 / 2.19, rel=1e-12)
    sheets = list(csv.DictReader(io.StringIO(run("prices", "--format", "csv").stdout)))
    r1 = next(x for x in sheets if x["id"] == "deepseek-r1")
    assert float(r1["output_usd_per_mtok"]) == 2.19 and "$" not in r1["output_usd_per_mtok"]
    prof = list(csv.DictReader(io.StringIO(run("prices", "profiles", "--format", "csv").stdout)))
    assert all(float(x["mix.input_tokens"]) > 0 for x in prof)
