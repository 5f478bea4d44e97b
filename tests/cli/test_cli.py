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


def test_chips_show_csv_carries_raw_numbers_with_sources():
    import csv
    import io
    rows = {x["field"]: x for x in csv.DictReader(io.StringIO(run("chips", "show", "H800", "--format", "csv").stdout))}
    assert float(rows["peak_bf16_flop_per_s"]["value"]) == 989e12
    assert float(rows["scale_up_bandwidth_bytes_per_s"]["value"]) == 400e9
    assert rows["peak_bf16_flop_per_s"]["grade"] == "derived" and "ISCA" in rows["peak_bf16_flop_per_s"]["source"]
    assert not any("TFLOP" in r["value"] for r in rows.values())  # raw numbers (the citations may quote units)


MY_CHIP = ('[sources.me]\ncitation = "my lab bench"\n[[accelerator]]\nid = "MyChip"\nvendor = "Me"\n'
           'gpus_per_node = { value = 8, source = "me", grade = "weak" }\n'
           'peak_bf16_flop_per_s = { value = 1e15, source = "me", grade = "weak" }\n'
           'peak_fp8_flop_per_s = { value = 2e15, source = "me", grade = "weak" }\n'
           'hbm_capacity_bytes = { value = 100e9, source = "me", grade = "weak" }\n'
           'hbm_bandwidth_bytes_per_s = { value = 4e12, source = "me", grade = "weak" }\n'
           'scale_up_bandwidth_bytes_per_s = { value = 900e9, source = "me", grade = "weak" }\n'
           'scale_out_bandwidth_bytes_per_s = { value = 100e9, source = "me", grade = "weak" }\n'
           'rental_usd_per_gpu_hour = { low = 2.5, high = 3.5, source = "me", grade = "weak" }\n')


def test_a_user_chip_is_usable_in_every_estimator(tmp_path):
    cat = tmp_path / "mine.toml"
    cat.write_text(MY_CHIP)
    c = ("--catalog", str(cat))
    r = run(*c, "estimate", "training", "--model", "llama-3.1-8b", "--tokens", "1e12", "--chip", "MyChip",
            "--gpus", "64", "--mfu", "0.5", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    # GPU-hours = F / (0.5 × 1e15 FLOP/s) / 3600; the default price is MyChip's lowest quote, $2.5.
    assert d["gpu_hours"] == pytest.approx(d["flop"] / (0.5 * 1e15) / 3600, rel=1e-12)
    assert d["price_usd_per_gpu_hour"] == 2.5 and d["cost_usd"] == pytest.approx(d["gpu_hours"] * 2.5, rel=1e-12)
    r = run(*c, "compare", "--chip", "mychip", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    gpt4 = next(x for x in d["runs"] if x["run"] == "GPT-4 (estimate)")
    # 2.1e25 FLOP (Epoch AI) at 40% of 1e15 FLOP/s, $2/GPU-hour.
    assert d["flops_chip"] == "MyChip"
    assert gpt4["cost_usd_at_mfu"] == pytest.approx(2.1e25 / (0.4 * 1e15) / 3600 * 2, rel=1e-12)
    r = run(*c, "search", "training", "--model", "llama-3.1-8b", "--chip", "MyChip", "--gpus", "64",
            "--global-batch-tokens", str(512 * 8192), "--seq-len", "8192", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["fastest"] is not None
    r = run(*c, "estimate", "inference", "--chip", "MyChip", "--model", "llama-3.1-8b", "--gpus", "8", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["price_usd_per_gpu_hour"] == 2.5
    for args in (("estimate", "training", "--model", "llama-3.1-8b", "--tokens", "1e12", "--chip", "MyChip",
                  "--gpus", "64"), ("compare", "--chip", "MyChip")):
        r = run(*args)
        assert r.returncode == 1 and "[llmcost.catalog.unknown_chip]" in r.stderr  # not without --catalog


@pytest.mark.parametrize("args", [("model", "list"), ("prices",), ("reproduce",), ("validate", "training"),
                                  ("compare",), ("chips",)])
def test_a_malformed_catalog_is_an_error_for_every_command(tmp_path, args):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[accelerator]\n")
    r = run("--catalog", str(bad), *args)
    assert r.returncode == 1, (args, r.stdout)
    assert "[llmcost.catalog.invalid_file]" in r.stderr
