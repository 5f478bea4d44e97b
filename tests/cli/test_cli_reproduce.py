"""`llmcost reproduce`: the main job (make demo). JSON shape and exit codes."""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


def test_deepseek_v3_json_reproduces_every_claim():
    r = run("reproduce", "deepseek-v3", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d) >= {"claims", "derivation", "challenges"}
    by_id = {c["id"]: c for c in d["claims"]}
    # DeepSeek-V3 Technical Report Table 1.
    assert by_id["total_cost"]["published"] == 5.576e6
    assert by_id["total_cost"]["reproduced"] == 5.576e6
    assert by_id["r1.total_cost"]["reproduced"] == 294e3
    assert len(by_id) == len(d["claims"]), "claim ids are unique"
    for c in d["claims"]:
        assert {"id", "published", "reproduced", "unit", "source", "delta"} <= set(c)
        assert c["exact"], c
        assert c["source"]["source"]
    for ch in d["challenges"]:
        assert {"id", "assumptions", "cost_usd"} <= set(ch)
        assert ch["sources"], ch["id"]
    mfu = {v["id"]: v for v in d["derivation"]}["implied_mfu_bf16"]
    assert "38.94%" in mfu["note"]


def test_bare_reproduce_lists_every_report_with_a_verdict():
    r = run("reproduce")
    assert r.returncode == 0
    for rid in ("deepseek-v3", "deepseek-inference", "deepseek-r1-pricing"):
        assert rid in r.stdout
    listed = json.loads(run("reproduce", "--format", "json").stdout)
    assert all(item["verdict"] for item in listed)


def test_unknown_report_exit_1():
    r = run("reproduce", "gpt-5")
    assert r.returncode == 1
    assert "[llmcost.claims.unknown_report]" in r.stderr
