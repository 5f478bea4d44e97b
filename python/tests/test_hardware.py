"""The Python catalog surface: same fields as the CLI JSON, tagged errors."""
import json
import subprocess

import pytest

import llmcost

from conftest import BUILD_PY


def test_h800_against_h100():
    # DeepSeek ISCA '25 §4.1: NVLink cut from 900 to 400 GB/s, same dense BF16 peak (989 TFLOP/s).
    h800, h100 = llmcost.chip("H800"), llmcost.chip("h100")
    assert h800.id == "H800-SXM"
    assert h800.scale_up_bandwidth_bytes_per_s == 400e9
    assert h100.scale_up_bandwidth_bytes_per_s == 900e9
    assert h800.peak_bf16_flop_per_s == h100.peak_bf16_flop_per_s == 989e12
    assert h800.sources["scale_up_bandwidth_bytes_per_s"]["grade"] == "primary"


def test_absent_precision_is_none_and_peak_raises():
    a100 = llmcost.chip("A100")
    assert a100.peak_fp8_flop_per_s is None
    assert not a100.supports("fp8")
    with pytest.raises(ValueError, match=r"^\[llmcost\.hardware\.unsupported_precision\]"):
        a100.peak_flop_per_s("fp8")
    with pytest.raises(ValueError, match=r"\[llmcost\.precision\.unknown\].*choices: fp64"):
        a100.peak_flop_per_s("fp7")


def test_unknown_chip_is_keyerror_with_tag():
    with pytest.raises(KeyError, match=r"llmcost\.catalog\.unknown_chip.*H900.*closest"):
        llmcost.chip("H900")


def test_same_fields_as_cli_json():
    cli = BUILD_PY.parent / "bin" / "llmcost"
    out = subprocess.run([str(cli), "chips", "show", "H800", "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out) == llmcost.chip("H800").to_dict()
    d = llmcost.chip("H800").to_dict()
    for key, value in d.items():
        if key.endswith(("_flop_per_s", "_bytes", "_bytes_per_s", "_w")):
            assert getattr(llmcost.chip("H800"), key) == value


def test_every_number_has_a_source():
    for chip in llmcost.chips():
        d = chip.to_dict()
        for key, value in d.items():
            if key in ("id", "full_name", "vendor", "aliases", "notes", "sources"):
                continue
            if value is not None:
                assert key in d["sources"], (chip.id, key)
                assert d["sources"][key]["source"], (chip.id, key)
                assert d["sources"][key]["grade"] in ("primary", "derived", "secondary", "weak")


def test_user_catalog_errors_are_valueerror(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[sources.s]\ncitation = "x"\n[[accelerator]]\nid = "Y"\n'
                   'scale_up_bandwidth_bytes_per_s = { value = -1e9, source = "s", grade = "primary" }\n')
    with pytest.raises(ValueError, match=r"(?s)\[llmcost\.catalog\.invalid_file\].*bad\.toml:5:44:"):
        llmcost.load_catalog(str(bad))
    with pytest.raises(OSError, match=r"llmcost\.io\.read"):
        llmcost.load_catalog(str(tmp_path / "missing.toml"))
