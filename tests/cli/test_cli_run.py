"""`llmcost run FILE.toml`: determinism, atomic output, never overwriting the input, all errors at once."""
import json
import os
import pathlib
import re
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


# ---- output people can read; CSV and JSON for machines ------------------------------------

H800_VS_H100 = ROOT / "examples" / "scenarios" / "h800-vs-h100.toml"


def display_width(s):
    import unicodedata
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def section(text, title):
    """The table under the heading that starts with `title` (header, rule and rows)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 2
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_the_table_puts_the_headline_first_and_every_value_in_its_unit():
    r = run("run", str(TRUE_COST), "--samples", "20000", "--metric", "final_run_cost_usd", "--metric", "gpu_hours",
            "--metric", "flop")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    # The file marks DeepSeek's $5.576M: its probability is the first thing after the title.
    headline = re.search(r"^P\(final run cost ≤ \$5\.576M\) = (0\.\d{3})", out, re.M)
    assert headline, out
    assert out.index(headline.group(0)) < out.index("Base point")
    # No raw %g: money in $k/$M, GPU-hours with their unit, FLOPs as FLOP.
    for m in re.finditer(r"\d(?:\.\d+)?e[+-]\d+", out):
        assert out[m.end():].startswith(" FLOP"), out[m.start() - 20:m.end() + 5]
    mc = section(out, "Monte Carlo")
    rows = {line.split()[0]: line for line in mc[2:]}
    assert re.fullmatch(r"final_run_cost_usd(\s+\$\d+(\.\d+)?[kM]){6}", rows["final_run_cost_usd"]), rows
    assert re.fullmatch(r"gpu_hours(\s+\d+(\.\d+)?[kM] GPU·h){6}", rows["gpu_hours"]), rows
    # Pre-training FLOPs do not depend on any uncertain input (MFU, price, multipliers, staff
    # share): the standard deviation of a constant is 0, not rounding noise such as 1.39e+11.
    cells = re.split(r"\s{2,}", rows["flop"])
    assert cells[3] == "0 FLOP", cells
    mc_json = json.loads(run("run", str(TRUE_COST), "--samples", "20000", "--metric", "flop", "--format",
                                 "json").stdout)
    assert mc_json["monte_carlo"]["metrics"][0]["sd"] == 0, mc_json["monte_carlo"]


def test_csv_carries_raw_numbers_with_their_unit_named():
    r = run("run", str(H800_VS_H100), "--samples", "2000", "--format", "csv")
    assert r.returncode == 0, r.stderr
    j = json.loads(run("run", str(H800_VS_H100), "--samples", "2000", "--format", "json").stdout)
    lines = r.stdout.splitlines()
    mc_header = lines.index("metric,unit,base,mean,sd,P5,P50,P95")
    by_metric = {}
    for line in lines[mc_header + 1:]:
        if not line:
            break
        metric, unit, *numbers = line.split(",")
        by_metric[metric] = (unit, [float(x) for x in numbers])  # every cell is a plain number
    want = {m["metric"]: m for m in j["monte_carlo"]["metrics"]}
    assert by_metric["final_run_cost_usd"][0] == "USD" and by_metric["gpu_hours"][0] == "GPU-h"
    for metric, (unit, numbers) in by_metric.items():
        assert numbers[:3] == [want[metric]["base"], want[metric]["mean"], want[metric]["sd"]]
    assert "$" not in r.stdout and "GPU·h" not in r.stdout


def test_sobol_confidence_intervals_lie_in_the_unit_interval():
    j = json.loads(run("run", str(H800_VS_H100), "--samples", "2000", "--format", "json").stdout)
    assert j["sobol"]
    for s in j["sobol"]:
        for i in s["indices"]:
            bounds = [v for k, v in i.items() if k.endswith(("_low", "_high"))]
            assert len(bounds) == 4 and all(0 <= b <= 1 for b in bounds), i
    text = run("run", str(H800_VS_H100), "--samples", "2000").stdout
    for line in section(text, "Sobol indices")[2:]:
        for lo, hi in re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", line):
            assert 0 <= float(lo) <= float(hi) <= 1, line


def test_control_characters_in_names_never_reach_the_terminal(tmp_path):
    evil = tmp_path / "evil.toml"
    evil.write_text('name = "evil\\u001B[2J\\u001B]0;pwned\\u0007 name\\u009B31m"\n'
                    'description = "line one\\nline two\\r\\u001B[31m"\n'
                    'base = "deepseek-v3"\n'
                    'efficiency.mfu = { dist = "uniform", low = 0.3, high = 0.4 }\n'
                    '[monte_carlo]\nsamples = 1000\nmetrics = ["final_run_cost_usd"]\n'
                    '[[monte_carlo.marker]]\nmetric = "final_run_cost_usd"\nvalue = 5e6\n'
                    'label = "\\u001B[5mblink\\u001B[0m"\n')
    # The loader refuses control characters (with line:col) and its message escapes them, so
    # neither the report nor the error can reach the terminal raw.
    for fmt in ("table", "json"):
        r = run("run", str(evil), "--format", fmt)
        assert r.returncode == 1 and "[llmcost.scenario.invalid]" in r.stderr, (fmt, r.stderr)
        assert "evil.toml:1:" in r.stderr and "evil.toml:2:" in r.stderr and "evil.toml:11:" in r.stderr
        for raw in ("\x1b", "\x07", "\x9b", "\r"):
            assert raw not in r.stdout + r.stderr, (fmt, raw)
        assert "\\x1b[2J" in r.stderr
    # Error messages quote what the file said: escaped too.
    bad = tmp_path / "bad.toml"
    bad.write_text('base = "nope\\u001B[2J"\n')
    r = run("run", str(bad))
    assert r.returncode == 1 and "\x1b" not in r.stderr and "\\x1b[2J" in r.stderr, r.stderr


def test_columns_stay_aligned_with_long_and_wide_labels(tmp_path):
    s = tmp_path / "wide.toml"
    s.write_text('name = "wide"\nbase = "deepseek-v3"\n'
                 'efficiency.mfu = { dist = "uniform", low = 0.3, high = 0.4 }\n'
                 '[monte_carlo]\nsamples = 1000\nmetrics = ["final_run_cost_usd"]\n'
                 '[[monte_carlo.marker]]\nmetric = "final_run_cost_usd"\nvalue = 5e6\nlabel = "短"\n'
                 '[[monte_carlo.marker]]\nmetric = "final_run_cost_usd"\nvalue = 6e6\n'
                 'label = "市場価格の上限 — a much longer label, with combining accents: é"\n')
    r = run("run", str(s))
    assert r.returncode == 0, r.stderr
    table = section(r.stdout, "Marked points")
    assert len(table) == 4
    # The last column is right-aligned, so every line ends at the same terminal column.
    assert len({display_width(line) for line in table}) == 1, table

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


def test_an_interval_of_the_file_is_in_the_headline():
    # r1-vs-o1-task-mix.toml asks for P(20 ≤ price_ratio ≤ 50).
    out = run("run", str(ROOT / "examples" / "scenarios" / "r1-vs-o1-task-mix.toml"), "--samples", "2000").stdout
    m = re.search(r"^P\(20 ≤ price ratio ≤ 50\) = 0\.\d{3}$", out, re.M)
    assert m and out.index(m.group(0)) < out.index("Base point"), out[:400]


def test_a_default_that_stands_in_for_missing_catalog_data_is_named(tmp_path):
    # The catalog has no H800 purchase price: under ownership the H100's stands in, said on stderr
    # (tables) and in the JSON's notes; a stated price removes the note.
    f = tmp_path / "own.toml"
    f.write_text('base = "deepseek-v3"\npricing.model = "ownership"\n')
    table = run("run", str(f), "--samples", "100")
    assert table.returncode == 0, table.stderr
    assert "H800-SXM has no purchase price in the catalog" in table.stderr, table.stderr
    doc = json.loads(run("run", str(f), "--samples", "100", "--format", "json").stdout)
    assert len(doc["notes"]) == 1 and "ownership.gpu_price_usd" in doc["notes"][0]
    f.write_text('base = "deepseek-v3"\npricing.model = "ownership"\nownership.gpu_price_usd = 25000\n')
    assert json.loads(run("run", str(f), "--samples", "100", "--format", "json").stdout)["notes"] == []
