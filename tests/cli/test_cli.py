"""End-to-end tests of the llmcost CLI: output, exit codes (0 ok, 1 input error, 2 usage)."""
import json
import pathlib
import subprocess

import pytest

import os

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("llmcost 0.")


def test_chips_table_lists_the_required_entries():
    r = run("chips")
    assert r.returncode == 0
    for chip in ("A100-SXM-40GB", "A100-PCIE-40GB", "V100", "H800-SXM", "H100-SXM", "MI300X", "TPU-v5p", "Ascend-910C"):
        assert chip in r.stdout


def test_show_h800_json_has_sources_on_every_number():
    r = run("chips", "show", "H800", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["scale_up_bandwidth_bytes_per_s"] == 400e9
    assert d["peak_bf16_flop_per_s"] == 989e12
    h100 = json.loads(run("chips", "show", "H100", "--format", "json").stdout)
    assert h100["scale_up_bandwidth_bytes_per_s"] == 900e9
    assert h100["peak_bf16_flop_per_s"] == d["peak_bf16_flop_per_s"]
    for key, value in d.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert d["sources"][key]["source"], key


def test_chips_json_and_csv():
    d = json.loads(run("chips", "--format", "json").stdout)
    assert "bidirectional" in d["conventions"]["bandwidth"]
    assert len(d["accelerators"]) >= 19
    csv = run("chips", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("id,vendor,launch_year,peak_bf16_flop_per_s")
    assert any(line.startswith("H800-SXM,NVIDIA,2023,989000000000000") for line in csv)


def test_unknown_chip_exit_1_with_tag():
    r = run("chips", "show", "H900")
    assert r.returncode == 1
    assert "[llmcost.catalog.unknown_chip]" in r.stderr
    assert "H800-SXM" in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("args", [("chips", "--format", "xml"), ("chips", "show"), ("frobnicate",), ()])
def test_usage_errors_exit_2(args):
    r = run(*args)
    assert r.returncode == 2, (args, r.stdout, r.stderr)


def test_help_exits_0():
    for args in (("--help",), ("chips", "--help"), ("chips", "show", "--help")):
        r = run(*args)
        assert r.returncode == 0
        assert "Usage" in r.stdout or "usage" in r.stdout.lower()


def test_malformed_user_catalog_exit_1(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text("[[accelerator]\nid = 'X'\n")
    r = run("--catalog", str(bad), "chips")
    assert r.returncode == 1
    assert "[llmcost.catalog.invalid_file]" in r.stderr
    assert f"{bad}:1:" in r.stderr


def test_negative_bandwidth_in_user_catalog_exit_1(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[sources.me]\ncitation = "me"\n[[accelerator]]\nid = "X1"\nvendor = "Me"\n'
                   'hbm_bandwidth_bytes_per_s = { value = -3.35e12, source = "me", grade = "weak" }\n')
    r = run("--catalog", str(bad), "chips", "show", "X1")
    assert r.returncode == 1
    assert "[llmcost.catalog.invalid_file]" in r.stderr
    assert f"{bad}:6:" in r.stderr and "-3.35e+12" in r.stderr


def test_user_catalog_overrides(tmp_path):
    good = tmp_path / "mine.toml"
    good.write_text('[sources.me]\ncitation = "my bench"\n[[accelerator]]\nid = "X1"\nvendor = "Me"\n'
                    'peak_bf16_flop_per_s = { value = 1e15, source = "me", grade = "weak" }\n')
    r = run("--catalog", str(good), "chips", "show", "x1", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sources"]["peak_bf16_flop_per_s"]["source"] == "my bench"
