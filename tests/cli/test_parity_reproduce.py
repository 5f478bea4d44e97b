"""`llmcost reproduce ID --format json` and Python `llmcost.reproduce(ID).to_dict()` are one document,
for every report the library knows, with the built-in catalog and with a user catalog."""
import json
import os
import pathlib
import subprocess

import pytest

llmcost = pytest.importorskip("llmcost")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"


def cli_json(*args):
    r = subprocess.run([str(CLI), *args, "--format", "json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_cli_lists_the_reports_python_knows():
    listed = [item["id"] for item in cli_json("reproduce")]
    assert listed == list(llmcost.reproducible_ids())
    assert {"deepseek-v3", "deepseek-inference", "deepseek-r1-pricing"} <= set(listed)


@pytest.mark.parametrize("report_id", llmcost.reproducible_ids())
def test_report_document_is_the_same_from_both_front_ends(report_id):
    cli = cli_json("reproduce", report_id)
    py = llmcost.reproduce(report_id).to_dict()
    assert cli == py
    assert cli["claims"], "a report with no claims would make this comparison empty"


# The built-in H800-SXM entry replaced by one with every field the reports read and other peaks:
# the re-derivations change, and must change identically in both front ends.
H800_OTHER = ('[sources.me]\ncitation = "my bench"\n[[accelerator]]\nid = "H800-SXM"\nvendor = "NVIDIA"\n'
              'aliases = ["H800"]\n'
              'gpus_per_node = { value = 8, source = "me", grade = "weak" }\n'
              'peak_bf16_flop_per_s = { value = 1200e12, source = "me", grade = "weak" }\n'
              'peak_fp8_flop_per_s = { value = 2400e12, source = "me", grade = "weak" }\n'
              'hbm_capacity_bytes = { value = 96e9, source = "me", grade = "weak" }\n'
              'hbm_bandwidth_bytes_per_s = { value = 4e12, source = "me", grade = "weak" }\n'
              'scale_up_bandwidth_bytes_per_s = { value = 400e9, source = "me", grade = "weak" }\n'
              'scale_out_bandwidth_bytes_per_s = { value = 100e9, source = "me", grade = "weak" }\n'
              'tdp_w = { value = 700, source = "me", grade = "weak" }\n'
              'rental_usd_per_gpu_hour = { low = 3.0, high = 4.0, source = "me", grade = "weak" }\n')


@pytest.mark.parametrize("report_id", llmcost.reproducible_ids())
def test_report_document_with_a_user_catalog_is_the_same_from_both_front_ends(report_id, tmp_path):
    cat = tmp_path / "h800.toml"
    cat.write_text(H800_OTHER)
    cli = cli_json("--catalog", str(cat), "reproduce", report_id)
    assert cli == llmcost.reproduce(report_id, catalog=str(cat)).to_dict()
    assert cli == llmcost.reproduce(report_id, catalog=llmcost.load_catalog(cat)).to_dict()
    if report_id == "deepseek-v3":  # the catalog reached the re-derivation in both
        assert cli["derivation"] != cli_json("reproduce", report_id)["derivation"]
