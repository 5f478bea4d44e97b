"""`llmcost run FILE.toml`: determinism, atomic output, never overwriting the input, all errors at once."""
import json
import os
import pathlib
import shutil
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"
TRUE_COST = ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml"


def run(*args, **kw):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120, **kw)


def mc(*args):
    r = run("run", str(TRUE_COST), "--samples", "20000", "--format", "json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_same_seed_same_result_across_threads():
    a = mc("--seed", "7", "--threads", "1")
    b = mc("--seed", "7", "--threads", "2")
    assert a["monte_carlo"] == b["monte_carlo"]
    c = mc("--seed", "8", "--threads", "1")
    assert c["monte_carlo"] != a["monte_carlo"]


def test_every_shipped_scenario_runs():
    for f in sorted((ROOT / "examples" / "scenarios").glob("*.toml")):
        r = run("run", str(f), "--samples", "2000", "--format", "json")
        assert r.returncode == 0, (f.name, r.stderr)
        json.loads(r.stdout)


def test_output_is_written_atomically_and_the_input_is_never_overwritten(tmp_path):
    scenario = tmp_path / "s.toml"
    shutil.copy(TRUE_COST, scenario)
    before = scenario.read_bytes()
    r = run("run", str(scenario), "--samples", "1000", "-o", str(scenario))
    assert r.returncode == 1
    assert scenario.read_bytes() == before
    out = tmp_path / "out.json"
    r = run("run", str(scenario), "--samples", "1000", "--format", "json", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["monte_carlo"]["samples"] == 1000
    assert [p.name for p in tmp_path.iterdir() if "tmp" in p.name] == []  # no temp file left behind


def test_a_bad_file_lists_every_problem_with_line_and_column(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('base = "deepseek-v3"\n'
                   'cluster.gpuz = 4096\n'                                   # unknown key (line 2)
                   'efficiency.mfu = 1.5\n'                                  # out of range (line 3)
                   'pricing.rental_usd_per_gpu_hour = "two"\n')             # wrong type (line 4)
    r = run("run", str(bad))
    assert r.returncode == 1
    err = r.stderr
    assert "[llmcost.scenario.invalid]" in err
    for line in (2, 3, 4):
        assert f"bad.toml:{line}:" in err, err
    assert "did you mean" in err


def test_malformed_toml_and_cycles_are_tagged(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    r = run("run", str(tmp_path / "a.toml"))
    assert r.returncode == 1 and "llmcost.scenario" in r.stderr and "cycle" in r.stderr.lower()
    (tmp_path / "m.toml").write_text("base = [\n")
    r = run("run", str(tmp_path / "m.toml"))
    assert r.returncode == 1 and "m.toml:" in r.stderr


def test_the_global_catalog_option_reaches_scenarios(tmp_path):
    # A user's chip named in a scenario resolves through --catalog; without it, it is unknown.
    catalog = tmp_path / "chips.toml"
    catalog.write_text(
        'schema_version = 1\n'
        '[sources.mine]\ncitation = "hand-made test chip"\n'
        '[[accelerator]]\nid = "TEST-CHIP"\nfull_name = "Test chip"\nvendor = "Test"\n'
        'peak_bf16_flop_per_s = { value = 1e15, source = "mine", grade = "weak" }\n'
        'rental_usd_per_gpu_hour = { low = 3.0, high = 3.0, source = "mine", grade = "weak" }\n')
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "user chip"\nbase = "deepseek-v3"\ncluster.chip = "TEST-CHIP"\n'
                        'efficiency.mfu = 0.5\npricing.rental_usd_per_gpu_hour = 2.0\n')
    unknown = run("run", str(scenario))
    assert unknown.returncode == 1 and "[llmcost." in unknown.stderr and "TEST-CHIP" in unknown.stderr
    known = run("--catalog", str(catalog), "run", str(scenario), "--format", "json")
    assert known.returncode == 0, known.stderr
    base = json.loads(known.stdout)["base_point"]
    h800 = scenario.read_text().replace("TEST-CHIP", "H800")
    (tmp_path / "h800.toml").write_text(h800)
    ref = run("run", str(tmp_path / "h800.toml"), "--format", "json")
    assert ref.returncode == 0, ref.stderr
    ref_base = json.loads(ref.stdout)["base_point"]
    # Same FLOPs and MFU: GPU-hours scale with 1 / dense BF16 peak (989 TFLOP/s for the H800).
    assert abs(base["gpu_hours"] / ref_base["gpu_hours"] - 989e12 / 1e15) < 1e-9
