"""`llmcost estimate inference --model/--hf-config` (flags and JSON keys)."""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
FIXTURES = ROOT / "tests" / "model" / "fixtures"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)


def est(*args):
    r = run("estimate", "inference", "--format", "json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_issue_json_keys_and_dollars_per_million():
    d = est("--model", "llama-3.1-70b", "--chip", "H100", "--gpus", "8", "--tp", "8", "--weight-precision", "bf16",
            "--context", "4096", "--batch-per-gpu", "32", "--price-usd-per-gpu-hour", "2")
    for key in ("prefill_tokens_per_s_per_gpu", "decode_tokens_per_s_per_gpu",
                "usd_per_million_input_tokens", "usd_per_million_output_tokens"):
        assert d[key] > 0, key
    # $/Mtok output = $2/GPU-h / 3600 s / (tok/s/GPU) × 1e6 (hand computation from the output's own rate).
    assert abs(d["usd_per_million_output_tokens"] - 2 / 3600 / d["decode_tokens_per_s_per_gpu"] * 1e6) < 1e-9


def test_fewer_active_bytes_decode_faster():
    small = est("--model", "llama-3.1-8b", "--chip", "H100", "--gpus", "1", "--weight-precision", "bf16",
                "--compute", "bf16", "--batch-per-gpu", "1", "--context", "1024")
    big = est("--model", "llama-3.1-70b", "--chip", "H100", "--gpus", "1", "--weight-precision", "bf16",
              "--compute", "bf16", "--batch-per-gpu", "1", "--context", "1024")
    assert small["decode_tokens_per_s_per_gpu"] > 5 * big["decode_tokens_per_s_per_gpu"]


def test_hf_config_is_accepted():
    d = est("--hf-config", str(FIXTURES / "mixtral.json"), "--chip", "H100", "--gpus", "8", "--weight-precision", "bf16")
    assert d["decode_tokens_per_s_per_gpu"] > 0


def test_bad_inputs_are_tagged():
    r = run("estimate", "inference", "--batch-per-gpu", "0")
    assert r.returncode == 1 and "[llmcost.cli.invalid] --batch-per-gpu 0" in r.stderr
    r = run("estimate", "inference", "--model", "nope")
    assert r.returncode == 1 and "[llmcost.model.unknown_preset]" in r.stderr
    r = run("estimate", "inference", "--price-usd-per-gpu-hour", "-1")
    assert r.returncode == 1 and "llmcost." in r.stderr
