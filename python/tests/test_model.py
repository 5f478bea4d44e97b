"""Tests of llmcost.model / llmcost.Model. Targets: DeepSeek-V3 README (671B), ISCA '25 Tables 1-2
(arXiv:2505.09343), Mixtral announcement (46.7B / 12.9B), Pythia paper Table 1."""
import pathlib

import pytest

import llmcost

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "model" / "fixtures"


def test_presets_and_aliases():
    assert "deepseek-v3" in llmcost.model_names()
    m = llmcost.model("DeepSeek-R1")
    assert m.name == "deepseek-v3"
    assert m.attention_kind == "mla" and m.is_moe and m.mtp_depth == 1
    assert m.max_position_embeddings == 163840
    assert abs(m.params_total / 671e9 - 1) < 0.005
    assert m.kv_cache_bytes_per_token_bf16 == 70272.0  # 61 · (512 + 64) · 2
    assert m.kv_cache_bytes_per_token_fp8 == 35136.0


def test_training_flops_reproduce_isca_table2():
    v3 = llmcost.model("deepseek-v3")
    assert abs(v3.training_flops_per_token(4096, include_mtp=False) / 250e9 - 1) < 0.03
    assert v3.training_flop_per_token == v3.training_flops_per_token(4096)
    assert abs(llmcost.model("llama-3.1-405b").training_flop_per_token / 2448e9 - 1) < 0.03
    # Recompute: full = 4/3 of none (4 × forward instead of 3 ×).
    l8 = llmcost.model("llama-3.1-8b")
    assert l8.training_flops_per_token(recompute="full") == pytest.approx(4 / 3 * l8.training_flop_per_token)
    with pytest.raises(ValueError, match="llmcost.model.recompute"):
        l8.training_flops_per_token(recompute="most")


def test_seq_len_changes_only_the_attention_term():
    a = llmcost.model("llama-2-7b", seq_len_tokens=1024)
    b = a.at_seq_len(2048)
    # 3 · 32 layers · 2·32 heads·(128+128) · ΔS / 2
    assert b.training_flop_per_token - a.training_flop_per_token == pytest.approx(3 * 32 * 2 * 32 * 256 * 1024 / 2)
    assert a.params_total == b.params_total


def test_from_hf_config_and_to_dict():
    m = llmcost.Model.from_hf_config(str(FIXTURES / "mixtral.json"))
    assert abs(m.params_total / 46.7e9 - 1) < 0.005
    assert abs(m.params_active / 12.9e9 - 1) < 0.005
    d = m.to_dict()
    for key in ("params_total", "params_active", "training_flop_per_token", "forward_flop_per_token",
                "kv_cache_bytes_per_token_bf16"):
        assert d[key] == getattr(m, key)
    assert m.params_breakdown["routed_experts"] == 32 * 8 * 3 * 4096 * 14336
    neox = llmcost.Model.from_hf_config(str(FIXTURES / "gpt_neox.json"))
    assert neox.params_total == 6857302016  # Pythia paper Table 1
    assert neox.weight_bytes("bf16") == 2 * 6857302016
    assert neox.training_state_bytes() == 16 * 6857302016


def test_errors():
    with pytest.raises(KeyError, match="unknown_preset"):
        llmcost.model("llama-9")
    with pytest.raises(ValueError, match=r"llmcost.model.inconsistent.*num_experts_per_tok"):
        llmcost.Model.from_hf_config(str(FIXTURES / "bad" / "topk_gt_experts.json"))
    with pytest.raises(ValueError, match="llmcost.model.malformed_config"):
        llmcost.Model.from_hf_config(str(FIXTURES / "bad" / "malformed.json"))
    with pytest.raises(OSError):
        llmcost.Model.from_hf_config(str(FIXTURES / "nope.json"))
    with pytest.raises(ValueError):
        llmcost.model("llama-2-7b", seq_len_tokens=0)


def test_model_types_and_the_generic_reader(tmp_path):
    import json
    import os
    import subprocess
    types = llmcost.model_types()
    assert sum(t["supported"] for t in types) >= 45
    assert {t["model_type"] for t in types} >= {"nemotron", "jetmoe", "granite", "qwen3_next"}
    # The same document as `llmcost model types --format json` (one table behind both).
    cli = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", FIXTURES.parents[2] / "build")) / "bin" / "llmcost"
    if cli.exists():
        out = subprocess.run([str(cli), "model", "types", "--format", "json"], capture_output=True, text=True)
        assert json.loads(out.stdout) == types
    cfg = json.loads((FIXTURES / "llama.json").read_text())
    cfg["model_type"] = "my_llama"
    p = tmp_path / "config.json"
    p.write_text(json.dumps(cfg))
    with pytest.raises(ValueError, match=r"llmcost.model.unknown_model_type.*nearest"):
        llmcost.Model.from_hf_config(p)
    m = llmcost.Model.from_hf_config(p, generic=True)
    assert m.params_total == 8030261248
    assert len(m.assumptions) >= 4 and m.import_source.startswith("generic")
    known = llmcost.Model.from_hf_config(FIXTURES / "llama.json")
    assert known.assumptions == [] and "rope_theta" in known.ignored_keys
    assert "configuration_llama.py" in known.import_source
    assert known.at_seq_len(1024).ignored_keys == known.ignored_keys
    assert llmcost.model("llama-3.1-8b").import_source is None
