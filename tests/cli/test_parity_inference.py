"""The serving estimate is one document: `llmcost estimate inference --format json` and Python
`llmcost.estimate_inference(...).to_dict()` are equal for the same inputs, and each input left unset
is named with its value and source in that document."""
import json
import os
import pathlib
import subprocess

import pytest

llmcost = pytest.importorskip("llmcost")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
FIXTURES = ROOT / "tests" / "model" / "fixtures"

# Python keyword -> CLI flag (the CLI's long name in snake_case is the keyword).
FLAG = {
    "model": "--model", "hf_config": "--hf-config", "chip": "--chip", "gpus": "--gpus",
    "tensor_parallel": "--tensor-parallel", "batch_per_gpu": "--batch-per-gpu", "context_tokens": "--context-tokens",
    "prompt_tokens": "--prompt-tokens", "prefill_tokens_per_gpu": "--prefill-tokens-per-gpu",
    "cached_fraction": "--cached-fraction", "micro_batches": "--micro-batches",
    "max_nodes_per_token": "--max-nodes-per-token", "mtp_draft_tokens": "--mtp-draft-tokens",
    "weight_precision": "--weight-precision", "kv_precision": "--kv-precision",
    "compute_precision": "--compute-precision", "price_usd_per_gpu_hour": "--price-usd-per-gpu-hour",
    "redundant_experts": "--redundant-experts", "tpot_target_s": "--tpot-target-s", "ttft_target_s": "--ttft-target-s",
    "kernel_scale": "--kernel-scale", "kernel_tables": "--kernel-tables",
}


def cli_document(**kw):
    args = [str(CLI), "estimate", "inference", "--format", "json"]
    for k, v in kw.items():
        args += [FLAG[k], str(v)]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


CASES = {
    "deepseek-v3 preset, catalog price": dict(model="deepseek-v3", chip="H800", gpus=144, batch_per_gpu=128,
                                              context_tokens=4989, micro_batches=2, max_nodes_per_token=4),
    "deepseek-v3 preset, given price, MTP": dict(model="deepseek-v3", chip="H800", gpus=32, mtp_draft_tokens=1,
                                                 cached_fraction=0.5, price_usd_per_gpu_hour=2.5),
    "all defaults": dict(),
    "dense preset, TP 8, bf16": dict(model="llama-3.1-70b", chip="H100", gpus=8, tensor_parallel=8,
                                     weight_precision="bf16", compute_precision="bf16", kv_precision="fp8",
                                     prompt_tokens=2000, prefill_tokens_per_gpu=8192),
    "dense preset, chip without a quote": dict(model="llama-3.1-8b", chip="MI300X", gpus=1, weight_precision="bf16"),
    "dense HF config, given price": dict(hf_config=str(FIXTURES / "qwen2.json"), chip="H100", gpus=2,
                                         tensor_parallel=2, weight_precision="bf16", price_usd_per_gpu_hour=3),
    "MoE HF config, no price": dict(hf_config=str(FIXTURES / "mixtral.json"), chip="H100", gpus=8,
                                    weight_precision="bf16"),
    "Day-6 decode at a TPOT target": dict(gpus=144, context_tokens=4989, micro_batches=2, max_nodes_per_token=4,
                                          redundant_experts=32, tpot_target_s=0.05, ttft_target_s=2),
    "kernel tables from a file, scaled": dict(kernel_tables=str(ROOT / "data" / "kernel_tables.toml"), kernel_scale=0.8),
}


@pytest.mark.parametrize("name", CASES)
def test_cli_json_equals_python_to_dict(name):
    kw = CASES[name]
    assert llmcost.estimate_inference(**kw).to_dict() == cli_document(**kw)


def test_the_cost_is_null_without_a_price_and_the_rates_are_not():
    d = llmcost.estimate_inference(model="llama-3.1-8b", chip="MI300X", gpus=1, weight_precision="bf16").to_dict()
    assert d["decode_tokens_per_s_per_gpu"] > 0 and d["prefill_tokens_per_s_per_gpu"] > 0
    assert d["output_usd_per_token"] is None and d["usd_per_million_input_tokens"] is None
    assert d["price_source"]["rule"] == "none"
    assert any("MI300X" in n and "null" in n for n in d["notes"])


# ServingConfig defaults (llmcost/estimate/inference.hpp) and the default model, chip and price.
EXPECTED_DEFAULTS = {
    "model": "deepseek-v3", "chip": "H800-SXM", "gpus": "8", "tensor_parallel": "1", "batch_per_gpu": "64",
    "context_tokens": "4096", "prompt_tokens": "4096", "prefill_tokens_per_gpu": "16384", "cached_fraction": "0",
    "micro_batches": "1", "max_nodes_per_token": "0", "mtp_draft_tokens": "0", "weight_precision": "fp8",
    "kv_precision": "bf16", "compute_precision": "fp8", "redundant_experts": "0", "balanced_routing": "false",
    # data/accelerators.toml: H800's rental quote is DeepSeek's $2/GPU-hour assumption.
    "price_usd_per_gpu_hour": "2",
}


def test_every_default_is_named_with_its_value_and_source():
    d = llmcost.estimate_inference().to_dict()
    named = {x["input"]: x for x in d["defaults"]}
    for k, v in EXPECTED_DEFAULTS.items():
        assert named[k]["value"] == v, k
        assert named[k]["source"], k
    assert "kernels" in named
    assert "lowest catalog rental quote for H800-SXM" in named["price_usd_per_gpu_hour"]["source"]


@pytest.mark.parametrize("given", [k for k in EXPECTED_DEFAULTS if k not in ("model", "chip")])
def test_an_input_given_is_not_named_as_a_default(given):
    value = {"weight_precision": "bf16", "kv_precision": "fp8", "compute_precision": "bf16",
             "cached_fraction": 0.25, "price_usd_per_gpu_hour": 3, "balanced_routing": True}.get(given, 1)
    kw = {given: value}
    if given == "tensor_parallel":
        kw["gpus"] = 8
    d = llmcost.estimate_inference(**kw).to_dict()
    names = [x["input"] for x in d["defaults"]]
    assert given not in names
    assert len(names) == len(EXPECTED_DEFAULTS) + 1 - len(kw)  # + kernels


def test_model_and_hf_config_are_exclusive():
    with pytest.raises(ValueError, match=r"^\[llmcost\.inference\.model_source\]"):
        llmcost.estimate_inference(model="llama-3.1-8b", hf_config=str(FIXTURES / "qwen2.json"))


def test_a_latency_target_chooses_the_batch_and_names_what_binds():
    d = cli_document(gpus=144, context_tokens=4989, micro_batches=2, max_nodes_per_token=4, tpot_target_s=0.05)
    assert d["decode"]["time_per_output_token_s"] <= 0.05
    assert d["decode"]["limit"] in ("latency_target", "hbm_capacity", "batch_cap")
    assert "batch_per_gpu" not in [x["input"] for x in d["defaults"]]
    # A tighter target never raises the throughput.
    tight = cli_document(gpus=144, context_tokens=4989, micro_batches=2, max_nodes_per_token=4, tpot_target_s=0.03)
    assert tight["decode_tokens_per_s_per_gpu"] <= d["decode_tokens_per_s_per_gpu"]


def test_a_batch_and_a_target_together_are_refused():
    with pytest.raises(ValueError, match=r"\[llmcost.inference.batch_and_target\]"):
        llmcost.estimate_inference(batch_per_gpu=64, tpot_target_s=0.05)
    r = subprocess.run([str(CLI), "estimate", "inference", "--batch-per-gpu", "64", "--tpot-target-s", "0.05"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "[llmcost.inference.batch_and_target]" in r.stderr


def test_a_bad_kernel_table_file_names_every_problem_with_its_position(tmp_path):
    bad = tmp_path / "tables.toml"
    bad.write_text('[sources.a]\ncitation = "x"\n[[gemm]]\nsource = "b"\nchip = "H999"\nprecision = "fp8"\n'
                   'layout = "dense"\ngroups = 1\nm = 64\nn = 1\nk = 1\ntflops = 1\n')
    r = subprocess.run([str(CLI), "estimate", "inference", "--kernel-tables", str(bad)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0
    assert "[llmcost.kernels.invalid_file]" in r.stderr
    assert f"{bad}:4:" in r.stderr and f"{bad}:5:" in r.stderr  # unknown source, unknown chip
