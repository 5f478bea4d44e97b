"""Help that speaks to users, unknown subcommands named as such, published figures printed as published."""
import os
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"

SUBCOMMANDS = ["chips", "reproduce", "prices", "estimate", "model", "compare", "validate", "run", "search"]


def run(*args):
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


def every_command(app=()):
    """Every command path, found through the help's own subcommand lists."""
    out = run(*app, "--help").stdout
    yield app
    if "\nSubcommands:\n" in out:
        for line in out.split("\nSubcommands:\n", 1)[1].splitlines():
            m = re.match(r"  (\S+)\s", line)
            if not m:
                break
            yield from every_command(app + (m.group(1),))


def test_no_help_shows_cli11_internals_or_blank_padding():
    commands = list(every_command())
    assert len(commands) >= 15, commands
    for cmd in commands:
        r = run(*cmd, "--help")
        assert r.returncode == 0, cmd
        text = r.stdout
        for internal in ("ENUM", "->", " OR {", "UINT", "INT:", "FLOAT", "[Option Group", "REQUIRED",
                         "Exactly 1", "TEXT:", "Excludes:", "Needs:"):
            assert internal not in text, (cmd, internal, text)
        assert not re.search(r"\w+ in \[\S+ - \S+\]", text), (cmd, "a CLI11 range", text)
        lines = text.splitlines()
        assert all(line.strip() or line == "" for line in lines), (cmd, "a line of only spaces")
        assert "\n\n\n" not in text, (cmd, "two blank lines in a row")


def test_choices_ranges_and_defaults_in_words():
    text = run("run", "--help").stdout
    assert "--format table|json|csv|markdown (default: table)" in text
    assert "--samples whole number 1..4294967296" in text
    assert "--threads whole number 1..256" in text
    assert "--method random|sobol" in text
    assert re.search(r"^  file FILE \(required\)", text, re.M)
    assert "--format table|json (default: table)" in run("reproduce", "--help").stdout
    assert "--seq-len integer (default: 4096)" in run("model", "show", "--help").stdout


def test_required_options_come_first():
    text = run("estimate", "training", "--help").stdout
    usage = next(line for line in text.splitlines() if line.startswith("Usage:"))
    assert usage.startswith("Usage: llmcost estimate training --tokens number --chip TEXT --gpus integer"), usage
    assert "(--model TEXT | --hf-config FILE | --training-flop-per-token number)" in usage
    # The required group before the other options, and the required options first in theirs.
    assert text.index("model source (exactly one of these is required):") < text.index("Options:")
    options = text.split("Options:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in options[:3]] == ["--tokens", "--chip", "--gpus"], options[:4]
    assert all("(required)" in line for line in options[:3])


@pytest.mark.parametrize("args,valid", [
    (("frobnicate",), SUBCOMMANDS),
    (("--catalog", str(ROOT / "data" / "accelerators.toml"), "frobnicate"), SUBCOMMANDS),
    (("estimate", "frobnicate"), ["training", "inference"]),
    (("model", "frobnicate"), ["list", "show"]),
])
def test_an_unknown_subcommand_is_named_with_the_valid_ones(args, valid):
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert 'unknown subcommand "frobnicate"' in r.stderr, r.stderr
    assert "A subcommand is required" not in r.stderr
    listed = r.stderr.split("the subcommands are:", 1)[1]
    for name in valid:
        assert re.search(rf"\b{name}\b", listed), (name, r.stderr)


def test_a_missing_subcommand_still_says_so():
    r = run()
    assert r.returncode == 2 and "subcommand is required" in r.stderr


def test_format_names_are_case_insensitive_and_a_bad_one_lists_the_choices():
    assert run("chips", "--format", "JSON").stdout.lstrip().startswith("{")
    r = run("chips", "--format", "xml")
    assert r.returncode == 2
    assert 'must be one of table|json|csv, not "xml"' in r.stderr, r.stderr


def test_a_bad_value_is_echoed_without_terminal_escapes():
    r = run("chips", "--format", "\x1b[2Jx")
    assert r.returncode == 2 and "\x1b" not in r.stderr and "\\x1b[2Jx" in r.stderr, r.stderr


def test_run_seed_refuses_a_sign_or_an_overflow():
    scenario = str(ROOT / "examples" / "scenarios" / "h800-vs-h100.toml")
    for bad in ("-1", "18446744073709551616", "1e3"):
        r = run("run", scenario, "--seed", bad, "--samples", "10")
        assert r.returncode == 2 and "--seed" in r.stderr and "0..18446744073709551615" in r.stderr, (bad, r.stderr)


def test_reproduce_prints_published_figures_as_published():
    # DeepSeek Day 6: "$87,072" per day, "$562,027" theoretical revenue, "545%" margin, "56.3%" hits.
    text = run("reproduce", "deepseek-inference").stdout
    claims = text.split("(2)")[0]
    for figure in ("$87,072", "$562,027", "545%", "56.3%", "226.75 nodes"):
        assert re.search(rf"published\s+{re.escape(figure)}\s", claims), (figure, claims)
    # DeepSeek-V3 Table 1: "$5.576M", and the 180K GPU-hours per trillion tokens.
    v3 = run("reproduce", "deepseek-v3").stdout.split("(2)")[0]
    assert re.search(r"published\s+\$5\.576M\s", v3) and re.search(r"published\s+180,000 GPU·h\s", v3)
    # Column alignment: every claim line has "published" and "reproduced" at the same column.
    lines = [line for line in claims.splitlines() if " published " in line and line.startswith("  ")
             and not line.lstrip().startswith("=")]
    assert len(lines) == 5
    assert len({line.index(" published ") for line in lines}) == 1
    assert len({line.index(" reproduced ") for line in lines}) == 1


def test_counts_and_dollars_use_the_short_scale():
    # DeepSeek-V3: 671B total parameters (DeepSeek-V3 README), never the SI "671G".
    rows = run("model", "list").stdout.splitlines()
    v3 = next(line for line in rows if line.startswith("deepseek-v3 "))
    assert re.search(r"\b671B\b", v3) and "G" not in v3.split("mla")[0], v3
    shown = run("model", "show", "deepseek-v3").stdout
    assert re.search(r"params total\s+671B$", shown, re.M), shown
