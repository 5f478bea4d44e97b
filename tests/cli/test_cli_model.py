"""End-to-end tests of `llmcost model`. Targets: DeepSeek ISCA '25 Tables 1-2 (arXiv:2505.09343),
DeepSeek-V3 README (671B / 37B), Mixtral announcement (46.7B / 12.9B)."""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
FIXTURES = ROOT / "tests" / "model" / "fixtures"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)


def test_model_list_has_the_presets():
    r = run("model", "list")
    assert r.returncode == 0, r.stderr
    for name in ("deepseek-v3", "deepseek-v2", "llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b",
                 "llama-3.1-70b", "llama-3.1-405b", "mixtral-8x7b", "qwen2.5-72b", "gpt-3-175b"):
        assert name in r.stdout
    d = json.loads(run("model", "list", "--format", "json").stdout)
    # Presets written with another model type's keys (the same shape) are graded derived.
    assert all(m["source"] and m["grade"] in ("primary", "derived") for m in d)


def test_show_deepseek_v3_json():
    r = run("model", "show", "deepseek-r1", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["name"] == "deepseek-v3"
    assert abs(d["params_total"] / 671e9 - 1) < 0.005
    assert abs(d["params_active"] / 37e9 - 1) < 0.016  # 37.55B, see docs/model.md
    assert d["kv_cache_bytes_per_token_bf16"] == 61 * (512 + 64) * 2  # 70.272 KB
    assert d["kv_cache_bytes_per_token_fp8"] == 61 * (512 + 64)
    assert abs(d["training_flop_per_token_without_mtp"] / 250e9 - 1) < 0.03
    assert d["training_flop_per_token"] > d["training_flop_per_token_without_mtp"]
    assert 0 < d["forward_flop_per_token"] < d["training_flop_per_token"]
    assert d["source"]["url"].startswith("https://huggingface.co/deepseek-ai/")


def test_show_table_and_seq_len():
    r = run("model", "show", "llama-3.1-405b")
    assert r.returncode == 0, r.stderr
    assert "516096 B/tok" in r.stdout
    short = json.loads(run("model", "show", "llama-3.1-405b", "--seq-len", "1024", "--format", "json").stdout)
    long = json.loads(run("model", "show", "llama-3.1-405b", "--seq-len", "8192", "--format", "json").stdout)
    # Causal attention term: 3 · 126 · 2·128·256 · S / 2 per token, linear in S.
    assert abs((long["training_flop_per_token"] - short["training_flop_per_token"])
               - 3 * 126 * 2 * 128 * 256 * (8192 - 1024) / 2) < 1e3


def test_show_hf_config():
    r = run("model", "show", "--hf-config", str(FIXTURES / "mixtral.json"), "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert abs(d["params_total"] / 46.7e9 - 1) < 0.005
    assert abs(d["params_active"] / 12.9e9 - 1) < 0.005


def test_errors_exit_1_with_tags():
    r = run("model", "show", "llama-3.1-406b")
    assert r.returncode == 1
    assert "[llmcost.model.unknown_preset]" in r.stderr and "llama-3.1-405b" in r.stderr
    r = run("model", "show", "--hf-config", str(FIXTURES / "bad" / "topk_gt_experts.json"))
    assert r.returncode == 1
    assert "[llmcost.model.inconsistent]" in r.stderr and "num_experts_per_tok" in r.stderr
    r = run("model", "show", "--hf-config", str(FIXTURES / "bad" / "malformed.json"))
    assert r.returncode == 1 and "[llmcost.model.malformed_config]" in r.stderr
    r = run("model", "show")
    assert r.returncode == 1
    r = run("model", "show", "llama-2-7b", "--seq-len", "-5")
    assert r.returncode == 1 and "[llmcost.cli.invalid] --seq-len -5" in r.stderr


def test_seq_len_outside_its_range_is_named_not_printed_as_inf():
    for value in ("1e308", "4096.5", "0", "1e-300"):
        r = run("model", "show", "deepseek-v3", "--seq-len", value)
        assert r.returncode == 1, (value, r.stdout)
        assert f"[llmcost.cli.invalid] --seq-len {value}" in r.stderr and "whole number in [1, 1e8]" in r.stderr
        assert "inf" not in r.stdout
    # The top of the range is accepted and every printed number is finite.
    d = json.loads(run("model", "show", "deepseek-v3", "--seq-len", "1e8", "--format", "json").stdout)
    assert d["training_flop_per_token"] > d["training_flop_per_token_without_mtp"] > 0


def test_model_list_csv_carries_raw_counts():
    import csv
    import io
    rows = {x["name"]: x for x in csv.DictReader(io.StringIO(run("model", "list", "--format", "csv").stdout))}
    # DeepSeek-V3 README: 671B total, 37B active parameters (see test_show_deepseek_v3_json).
    assert abs(float(rows["deepseek-v3"]["params_total"]) / 671e9 - 1) < 0.005
    assert "G" not in rows["deepseek-v3"]["params_active"]


def test_unknown_model_type_is_refused_unless_generic(tmp_path):
    cfg = json.loads((FIXTURES / "llama.json").read_text())
    cfg["model_type"] = "my_llama"
    p = tmp_path / "config.json"
    p.write_text(json.dumps(cfg))
    r = run("model", "show", "--hf-config", str(p))
    assert r.returncode == 1
    assert "[llmcost.model.unknown_model_type]" in r.stderr and "supported: " in r.stderr and "--generic" in r.stderr
    r = run("model", "show", "--hf-config", str(p), "--generic", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["name"] == tmp_path.name
    assert d["params_total"] == 8030261248  # the Llama-3.1-8B architecture
    assert len(d["import"]["assumptions"]) >= 4 and "my_llama" in d["import"]["assumptions"][0]
    assert "generic_reader" in r.stderr  # each assumption is also a warning
    r = run("model", "show", "--hf-config", str(p), "--generic")
    assert r.returncode == 0 and "assumed: norms: RMSNorm" in r.stdout


def test_show_hf_config_prints_every_ignored_key():
    r = run("model", "show", "--hf-config", str(FIXTURES / "llama.json"))
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("ignored keys"))
    for key in ("rope_theta", "bos_token_id", "torch_dtype", "rms_norm_eps"):
        assert key in line
    assert "read as: transformers models/llama/configuration_llama.py" in r.stdout
    d = json.loads(run("model", "show", "--hf-config", str(FIXTURES / "llama.json"), "--format", "json").stdout)
    assert "rope_theta" in d["import"]["ignored_keys"] and "hidden_size" not in d["import"]["ignored_keys"]


def test_model_types_lists_the_table_with_sources():
    r = run("model", "types", "--format", "json")
    assert r.returncode == 0, r.stderr
    types = {t["model_type"]: t for t in json.loads(r.stdout)}
    supported = [t for t in types.values() if t["supported"]]
    assert len(supported) >= 45
    assert all(t["source"] for t in types.values())
    assert types["nemotron"]["supported"] and "configuration_nemotron.py" in types["nemotron"]["source"]
    assert not types["qwen3_next"]["supported"] and "linear-attention" in types["qwen3_next"]["missing"]
    table = run("model", "types").stdout
    assert "jetmoe" in table and f"{len(supported)} model types import" in table
