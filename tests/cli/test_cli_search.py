"""`llmcost search training`: layout search with the step-time model."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


GPT3 = ("search", "training", "--model", "gpt-3-175b", "--chip", "A100", "--gpus", "1024",
        "--global-batch-tokens", str(1536 * 2048), "--seq-len", "2048")


def search_json(*args):
    r = run(*args, "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_json_shape_counts_and_pareto():
    d = search_json(*GPT3)
    assert d["evaluated"] == d["feasible"] + d["rejected"]
    assert sum(d["rejections"].values()) == d["rejected"]
    assert d["feasible"] > 0
    fastest = d["fastest"]
    for key in ("layout", "step_time_s", "mfu", "breakdown_s", "memory_per_gpu", "bottleneck"):
        assert key in fastest
    lay = fastest["layout"]
    assert lay["tp"] * lay["pp"] * lay["dp"] * lay["cp"] == 1024
    assert d["pareto"][0]["layout"]["name"] == lay["name"]
    times = [p["step_time_s"] for p in d["pareto"]]
    room = [p["memory_headroom_bytes"] for p in d["pareto"]]
    assert times == sorted(times)
    assert all(a < b for a, b in zip(room, room[1:]))
    assert all(p["memory_per_gpu"]["fits"] for p in d["pareto"])
    # The breakdown adds up to the step time.
    assert sum(fastest["breakdown_s"].values()) == pytest.approx(fastest["step_time_s"], rel=1e-9)
    # Every token of the global batch is processed each step.
    assert fastest["tokens_per_step"] == 1536 * 2048


def test_output_is_identical_across_thread_counts():
    a = run(*GPT3, "--format", "json", "--threads", "1")
    b = run(*GPT3, "--format", "json", "--threads", "2")
    assert a.returncode == 0 and b.returncode == 0
    assert a.stdout == b.stdout


def test_table_names_fastest_and_counts():
    r = run(*GPT3)
    assert r.returncode == 0, r.stderr
    assert "fastest: tp" in r.stdout
    assert "evaluated" in r.stdout and "rejected" in r.stdout


def test_deepseek_v3_search_is_fast_and_moe_aware():
    d = search_json("search", "training", "--model", "deepseek-v3", "--chip", "H800", "--gpus", "2048",
                    "--global-batch-tokens", str(15360 * 4096), "--precision", "fp8",
                    "--max-nodes-per-token", "4")
    assert d["evaluated"] > 100000
    assert d["fastest"]["layout"]["gemm_precision"] == "fp8"
    assert "llmcost.layout.out_of_memory" in d["rejections"]


def test_chip_without_scale_out_takes_a_stated_default():
    # H100 PCIe has no NIC figure in the catalog: the search runs with one 200 Gb/s NIC per GPU
    # (25e9 B/s each way, the DGX A100 design), names it in "defaults" and warns; a stated
    # --scale-out-gb-per-s replaces it.
    base = ("search", "training", "--model", "llama-3.1-8b", "--chip", "H100-PCIE", "--gpus", "64",
            "--global-batch-tokens", str(512 * 8192), "--seq-len", "8192", "--format", "json")
    r = run(*base)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["fastest"] is not None
    out = [x for x in d["defaults"] if x["input"] == "scale_out_per_direction_bytes_per_s"]
    assert len(out) == 1 and float(out[0]["value"]) == 200e9 / 8 and "DGX A100" in out[0]["source"]
    assert "H100-PCIE lacks scale_out_per_direction_bytes_per_s" in r.stderr
    d = search_json(*base[:-2], "--scale-out-gb-per-s", "50")
    assert d["fastest"] is not None
    assert all(x["input"] != "scale_out_per_direction_bytes_per_s" for x in d["defaults"])


@pytest.mark.parametrize("extra, tag", [
    (("--gpus", "0"), "llmcost.cli.invalid"),
    (("--gpus", "12.5"), "llmcost.cli.invalid"),
    (("--global-batch-tokens", "-1"), "llmcost.cli.invalid"),
    (("--chip", "H900"), "llmcost.catalog.unknown_chip"),
    (("--precision", "fp8"), "llmcost.hardware.unsupported_precision"),
    (("--threads", "-2"), "llmcost.cli.invalid"),
    (("--gpus", "1e-300"), "llmcost.cli.invalid"),
    (("--seq-len", "1e308"), "llmcost.cli.invalid"),
    (("--global-batch-tokens", "1e308"), "llmcost.cli.invalid"),
    (("--max-nodes-per-token", "-1"), "llmcost.cli.invalid"),
    (("--scale-out-gb-per-s", "-5"), "llmcost.cli.invalid"),
    (("--precision", "int8"), "llmcost.cli.invalid"),
    (("--max-layouts", "0"), "llmcost.cli.invalid"),
    (("--max-layouts", "2.5"), "llmcost.cli.invalid"),
    (("--time-limit-s", "-1"), "llmcost.cli.invalid"),
    (("--time-limit-s", "1e308"), "llmcost.cli.invalid"),
])
def test_bad_inputs_are_tagged(extra, tag):
    args = list(GPT3)
    for k, v in zip(extra[::2], extra[1::2]):
        if k in args:
            args[args.index(k) + 1] = v
        else:
            args += [k, v]
    r = run(*args)
    assert r.returncode == 1, r.stdout
    assert f"[{tag}]" in r.stderr


def test_precision_is_bf16_fp16_or_fp8_in_any_case():
    r = run(*GPT3, "--precision", "int8")
    assert r.returncode == 1
    assert "--precision \"int8\" is not accepted; choices: bf16, fp16, fp8" in r.stderr, r.stderr
    assert run(*GPT3, "--precision", "BF16", "--format", "json").stdout == run(*GPT3, "--format", "json").stdout


def test_csv_is_the_pareto_set_with_raw_numbers():
    import csv
    import io
    d = search_json(*GPT3)
    rows = list(csv.DictReader(io.StringIO(run(*GPT3, "--format", "csv").stdout)))
    assert [x["layout.name"] for x in rows] == [p["layout"]["name"] for p in d["pareto"]]
    assert [float(x["step_time_s"]) for x in rows] == [p["step_time_s"] for p in d["pareto"]]
    assert [float(x["memory_headroom_bytes"]) for x in rows] == [p["memory_headroom_bytes"] for p in d["pareto"]]


def test_missing_required_option_is_a_usage_error():
    r = run("search", "training", "--model", "gpt-3-175b", "--chip", "A100")
    assert r.returncode == 2


def test_a_search_past_its_layout_limit_stops_with_a_tagged_error_naming_the_flag():
    # GPT-3 on 1,024 GPUs enumerates far more than 10 layouts (tp x pp x dp x mbs x recompute).
    r = run(*GPT3, "--max-layouts", "10")
    assert r.returncode == 1, r.stdout
    assert "[llmcost.search.limit]" in r.stderr and "10" in r.stderr


def test_a_config_with_a_billion_layers_is_refused_before_any_search(tmp_path):
    cfg = json.loads((ROOT / "tests" / "model" / "fixtures" / "llama.json").read_text())
    cfg["num_hidden_layers"] = 1_000_000_000
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg))
    args = ["search", "training", "--hf-config", str(path), "--chip", "A100", "--gpus", "64",
            "--global-batch-tokens", str(512 * 2048), "--seq-len", "2048"]
    r = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1, r.stdout
    assert "[llmcost.hf_config.out_of_range]" in r.stderr and "num_hidden_layers" in r.stderr
