"""The step-time model's validated configuration, reached outside C++.

Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models",
arXiv:2205.05198), Table 5: four GPT models on Selene (DGX A100 80GB) with Megatron-LM's 2022
attention (no FlashAttention), dropout, TP 8, and either sequence parallelism with selective
recompute or full recompute without it. tests/validation/step_time_validation_test.cpp holds the
model to a mean |error| of 5% and a largest of 10% against the published iteration times; here the
same runs go through `llmcost estimate training` and through Python (a llmcost.Model, a config path,
estimate_step_time and estimate_training), which must agree with each other exactly and reach the
same bounds.
"""
import json
import os
import pathlib
import subprocess

import pytest

import llmcost

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
FIXTURES = ROOT / "tests" / "cli" / "fixtures" / "korthikanti"

SEQ = 2048
# Table 5 (and Table 3 for the shapes): name, hidden, heads, layers, GPUs, PP, interleaved stages,
# global batch [sequences], micro-batch, full recompute [s], SP + selective recompute [s].
TABLE5 = [
    ("22B", 6144, 64, 48, 8, 1, 1, 4, 4, 1.42, 1.10),
    ("175B", 12288, 96, 96, 64, 8, 3, 64, 1, 18.13, 13.75),
    ("530B", 20480, 128, 105, 280, 35, 3, 280, 1, 49.05, 37.83),
    ("1T", 25600, 160, 128, 512, 64, 1, 512, 1, 94.42, 71.49),
]
# Table 5 pairs sequence parallelism with selective recompute; full recompute runs without it.
MODES = [("selective", True), ("full", False)]


@pytest.fixture(scope="module")
def configs():
    """A GPT-style config.json per row (tests/cli/fixtures/korthikanti/): GPT-2 architecture (MHA,
    4h GELU MLP, LayerNorm, learned positions, tied embedding), vocabulary 51,200, 2,048 positions
    (the paper's §5 setup)."""
    out = {name: FIXTURES / f"{name}.json" for name, *_ in TABLE5}
    for name, h, a, layers, *_ in TABLE5:
        c = json.loads(out[name].read_text())
        assert (c["model_type"], c["n_embd"], c["n_head"], c["n_layer"]) == ("gpt2", h, a, layers)
        assert (c["n_positions"], c["vocab_size"]) == (SEQ, 51200)
    return out


def layout_kwargs(row, recompute, sp):
    _, _, _, _, gpus, pp, v, batch, micro, _, _ = row
    return dict(chip="A100-SXM-80GB", gpus=gpus, seq_len=SEQ, global_batch_tokens=batch * SEQ, tp=8, pp=pp,
                schedule="interleaved" if v > 1 else "1f1b", virtual_stages=v, micro_batch_size=micro,
                recompute=recompute, flash_attention=False, dropout=True, sequence_parallel=sp)


def cli_step_time(config, row, recompute, sp):
    _, _, _, _, gpus, pp, v, batch, micro, _, _ = row
    args = [str(CLI), "estimate", "training", "--hf-config", str(config), "--chip", "A100-SXM-80GB",
            "--gpus", str(gpus), "--tokens", "1e9", "--seq-len", str(SEQ), "--tp", "8", "--pp", str(pp),
            "--schedule", "interleaved" if v > 1 else "1f1b", "--virtual-stages", str(v),
            "--micro-batch-size", str(micro), "--recompute", recompute, "--global-batch-tokens", str(batch * SEQ),
            "--no-flash-attention", "--dropout", "--sequence-parallel" if sp else "--no-sequence-parallel",
            "--format", "json"]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_configs_are_the_papers_models(configs):
    # Table 3's sizes (22B, 175B, 530B, 1T): 12·L·h² + 13·L·h weights per layer set, plus the
    # word (V·h) and position (s·h) embeddings and the final LayerNorm (2h); the head is tied.
    for name, h, _, layers, *_ in TABLE5:
        m = llmcost.Model.from_hf_config(configs[name])
        want = 12 * layers * h * h + 13 * layers * h + 51200 * h + SEQ * h + 2 * h
        assert m.params_total == pytest.approx(want, rel=1e-12), name


def test_cli_python_and_bounds(configs):
    errors = []
    for row in TABLE5:
        name, *_, full_s, selective_s = row
        model = llmcost.Model.from_hf_config(configs[name])
        for recompute, sp in MODES:
            kw = layout_kwargs(row, recompute, sp)
            # Python: a Model, a config path (str and os.PathLike), and the training request.
            by_model = llmcost.estimate_step_time(model=model, **kw)
            by_path = llmcost.estimate_step_time(hf_config=str(configs[name]), **kw)
            by_pathlike = llmcost.estimate_step_time(hf_config=configs[name], **kw)
            training_kw = {k: v for k, v in kw.items() if k != "seq_len"}
            trained = llmcost.estimate_training(model=model, tokens=1e9, seq_len=SEQ, **training_kw)
            # The CLI with the switches.
            cli = cli_step_time(configs[name], row, recompute, sp)
            assert by_path.to_dict() == by_model.to_dict() == by_pathlike.to_dict()
            assert trained.to_dict()["step_time"] == by_model.to_dict()
            assert cli["step_time"] == by_model.to_dict(), (name, recompute)
            assert cli["step_time"]["layout"]["sequence_parallel"] is sp
            want = selective_s if recompute == "selective" else full_s
            errors.append(by_model.step_time_s / want - 1)
    mean = sum(abs(e) for e in errors) / len(errors)
    worst = max(abs(e) for e in errors)
    # The C++ validation's bounds (tests/validation/step_time_validation_test.cpp).
    assert mean <= 0.05, errors
    assert worst <= 0.10, errors


def test_switches_change_the_prediction(configs):
    # Each switch reaches the model: the 2022 attention path is slower than FlashAttention,
    # dropout masks add memory, and sequence parallelism shrinks the activations per GPU.
    row = TABLE5[1]
    base = layout_kwargs(row, "selective", True)
    m = llmcost.Model.from_hf_config(configs["175B"])
    e = llmcost.estimate_step_time(model=m, **base)
    flash = llmcost.estimate_step_time(model=m, **dict(base, flash_attention=True))
    no_dropout = llmcost.estimate_step_time(model=m, **dict(base, dropout=False))
    no_sp = llmcost.estimate_step_time(model=m, **dict(base, sequence_parallel=False))
    assert flash.step_time_s < e.step_time_s
    assert no_dropout["memory_per_gpu"]["activations_bytes"] < e["memory_per_gpu"]["activations_bytes"]
    assert no_sp["memory_per_gpu"]["activations_bytes"] > e["memory_per_gpu"]["activations_bytes"]


def test_unstated_switches_are_named_defaults(configs):
    # Without the switches the request says which defaults stood in (flash on, dropout off, SP on).
    row = TABLE5[0]
    kw = {k: v for k, v in layout_kwargs(row, "selective", True).items()
          if k not in ("flash_attention", "dropout", "sequence_parallel", "seq_len")}
    r = llmcost.estimate_training(hf_config=configs["22B"], tokens=1e9, seq_len=SEQ, **kw)
    named = {d["input"]: d["value"] for d in r.to_dict()["defaults"]}
    assert named["flash_attention"] == "on" and named["dropout"] == "off" and named["sequence_parallel"] == "on"
    stated = llmcost.estimate_training(hf_config=configs["22B"], tokens=1e9, seq_len=SEQ, flash_attention=False,
                                       dropout=True, sequence_parallel=True, **kw)
    names = {d["input"] for d in stated.to_dict()["defaults"]}
    assert not names & {"flash_attention", "dropout", "sequence_parallel"}


def test_switches_without_a_layout_are_refused():
    with pytest.raises(ValueError, match=r"\[llmcost.training.layout\].*flash_attention="):
        llmcost.estimate_training(model="llama-3.1-8b", tokens=1e9, chip="H100", gpus=8, flash_attention=False)


def test_search_takes_a_model_and_the_switches(configs):
    m = llmcost.Model.from_hf_config(configs["22B"])
    kw = dict(chip="A100-SXM-80GB", gpus=8, seq_len=SEQ, global_batch_tokens=4 * SEQ, threads=1)
    a = llmcost.search_layouts(model=m, flash_attention=False, dropout=True, sequence_parallel=False, **kw)
    b = llmcost.search_layouts(hf_config=configs["22B"], flash_attention=False, dropout=True,
                               sequence_parallel=False, **kw)
    assert a.to_dict() == b.to_dict()
    assert a.fastest is not None
    assert all(p["layout"]["sequence_parallel"] is False for p in a.to_dict()["pareto"])
    r = subprocess.run([str(CLI), "search", "training", "--hf-config", str(configs["22B"]), "--chip", "A100-SXM-80GB",
                        "--gpus", "8", "--seq-len", str(SEQ), "--global-batch-tokens", str(4 * SEQ), "--threads", "1",
                        "--no-flash-attention", "--dropout", "--no-sequence-parallel", "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == a.to_dict()


def test_model_of_another_type_is_a_type_error():
    with pytest.raises(TypeError, match=r"\[llmcost.python.type\] model = 3"):
        llmcost.estimate_step_time(model=3, chip="H100", gpus=8, seq_len=4096, global_batch_tokens=4096 * 8)
    with pytest.raises(ValueError, match=r"\[llmcost.training.model\]"):
        llmcost.search_layouts(model=llmcost.model("llama-3.1-8b"), hf_config="x.json", chip="H100", gpus=8,
                               seq_len=4096, global_batch_tokens=4096 * 8)


def test_a_config_path_as_model_says_where_it_goes(configs):
    with pytest.raises(ValueError, match=r"\[llmcost.training.model\].*hf_config="):
        llmcost.estimate_step_time(model=str(configs["22B"]), chip="A100-SXM-80GB", gpus=8, seq_len=SEQ,
                                   global_batch_tokens=4 * SEQ, tp=8)


def test_cli_switches_without_a_layout_are_flagged():
    r = subprocess.run([str(CLI), "estimate", "training", "--model", "llama-3.1-8b", "--chip", "H100", "--gpus", "8",
                        "--tokens", "1e9", "--no-flash-attention", "--dropout", "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "--[no-]flash-attention --[no-]dropout only apply to a stated parallel layout" in r.stderr
