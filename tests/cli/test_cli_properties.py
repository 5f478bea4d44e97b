"""Property test of the CLI estimators: any finite value (1e±308, 0, negatives, subnormals,
non-integers) given to any numeric flag either gives exit 0 with only finite numbers in the output,
or exit 1 with a tagged "[llmcost." error on stderr. Never a signal, a usage error for a number,
an internal error, or a hang (each run has a 20 s limit)."""
import json
import math
import os
import pathlib
import re
import subprocess

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"

# Edges first: hypothesis mixes them with arbitrary finite doubles and integers.
EDGES = [0.0, -0.0, 1.0, -1.0, 2.5, 0.5, 1e-6, 1e-300, 5e-324, -1e-300, 1e308, -1e308, 1.7976931348623157e308,
         4096.0, 1e7, 1e8, 1e15, 1e18, 1e19, 2.0 ** 31, 2.0 ** 63]
NUMBERS = st.one_of(st.sampled_from(EDGES), st.floats(allow_nan=False, allow_infinity=False),
                    st.integers(min_value=-10 ** 12, max_value=10 ** 12).map(float))

PROPERTY = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

NOT_A_NUMBER = re.compile(r"\b(inf|nan|infinity)\b", re.IGNORECASE)


def finite_everywhere(x, path="$"):
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return
    if isinstance(x, (int, float)):
        assert math.isfinite(x), f"{path} = {x}"
    elif isinstance(x, dict):
        for k, v in x.items():
            finite_everywhere(v, f"{path}.{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            finite_everywhere(v, f"{path}[{i}]")


def reject_constant(name):
    raise AssertionError(f"non-finite JSON constant {name}")


def check(args, json_output):
    """Runs the CLI and checks the property; returns the exit status."""
    r = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=20)
    assert r.returncode in (0, 1), (args, r.returncode, r.stderr)  # no signal, no usage error for a number
    assert "[llmcost.internal]" not in r.stderr, (args, r.stderr)
    if r.returncode == 1:
        assert r.stderr.startswith("llmcost: [llmcost."), (args, r.stderr)
        return 1
    if json_output:
        finite_everywhere(json.loads(r.stdout, parse_constant=reject_constant))
    else:
        assert not NOT_A_NUMBER.search(r.stdout), (args, r.stdout)
    return 0


def subset(names):
    """A non-empty subset of `names` with a value each, as "--flag=value" arguments."""
    return st.lists(st.tuples(st.sampled_from(names), NUMBERS), min_size=1, max_size=len(names),
                    unique_by=lambda t: t[0]).map(lambda kv: [f"{k}={v!r}" for k, v in kv])


def base(defaults, given_args):
    """`defaults` (flag -> value) minus the flags in `given_args`, then `given_args`."""
    names = {a.split("=", 1)[0] for a in given_args}
    out = []
    for k, v in defaults.items():
        if k not in names:
            out += [k, v]
    return out + given_args


TRAINING = {"--model": "llama-3.1-8b", "--tokens": "1e12", "--chip": "H100", "--gpus": "64"}
TRAINING_FLAGS = ["--tokens", "--gpus", "--seq-len", "--mfu", "--goodput", "--price-usd-per-gpu-hour",
                  "--global-batch-tokens", "--scale-out-gb-per-s", "--max-nodes-per-token"]
LAYOUT_FLAGS = ["--gpus", "--tp", "--pp", "--dp", "--micro-batch-size", "--global-batch-tokens", "--seq-len",
                "--scale-out-gb-per-s", "--max-nodes-per-token", "--zero-stage", "--tokens", "--price-usd-per-gpu-hour"]


@PROPERTY
@given(args=subset(TRAINING_FLAGS), table=st.booleans())
def test_estimate_training(args, table):
    check(["estimate", "training", *base(TRAINING, args), *([] if table else ["--format", "json"])], not table)


@PROPERTY
@given(args=subset(LAYOUT_FLAGS))
def test_estimate_training_with_a_layout(args):
    layout = dict(TRAINING, **{"--tp": "8", "--global-batch-tokens": str(512 * 4096)})
    check(["estimate", "training", *base(layout, args), "--format", "json"], True)


INFERENCE_FLAGS = ["--gpus", "--tp", "--batch-per-gpu", "--context-tokens", "--prompt-tokens",
                   "--prefill-tokens-per-gpu", "--cached-fraction", "--micro-batches", "--max-nodes-per-token",
                   "--mtp", "--price-usd-per-gpu-hour"]


@PROPERTY
@given(args=subset(INFERENCE_FLAGS), table=st.booleans())
def test_estimate_inference(args, table):
    check(["estimate", "inference", *args, *([] if table else ["--format", "json"])], not table)


@PROPERTY
@given(args=subset(["--price-usd-per-gpu-hour", "--mfu"]), table=st.booleans())
def test_compare(args, table):
    check(["compare", *args, *([] if table else ["--format", "json"])], not table)


@PROPERTY
@given(args=subset(["--seq-len"]), table=st.booleans())
def test_model_show(args, table):
    check(["model", "show", "deepseek-v3", *args, *([] if table else ["--format", "json"])], not table)


SEARCH = {"--model": "llama-3.1-8b", "--chip": "H100", "--gpus": "8", "--global-batch-tokens": str(256 * 4096)}


@PROPERTY
@given(args=subset(["--gpus", "--global-batch-tokens", "--seq-len", "--scale-out-gb-per-s",
                    "--max-nodes-per-token", "--threads"]))
def test_search_training(args):
    # Small bounds: a search over up to 1e7 GPUs is allowed but a few in a row would dominate the run time.
    for a in args:
        if a.startswith("--gpus="):
            v = float(a.split("=", 1)[1])
            if v == math.floor(v) and 512 < v <= 1e7:
                return
    check(["search", "training", *base(SEARCH, args), "--format", "json"], True)


@PROPERTY
@given(args=subset(["--reasoning-multiplier"]), table=st.booleans())
def test_prices_ratio(args, table):
    check(["prices", *([] if table else ["--format", "json"]), "ratio", "o1", "r1", *args], not table)


@pytest.mark.parametrize("table", [False, True])
def test_the_edges_themselves(table):
    """Each edge value on each flag of the two main estimators, without sampling (JSON can hide a
    non-finite number as null, so the table is checked too)."""
    fmt = [] if table else ["--format", "json"]
    for v in EDGES:
        for f in TRAINING_FLAGS:
            check(["estimate", "training", *base(TRAINING, [f"{f}={v!r}"]), *fmt], not table)
        for f in INFERENCE_FLAGS:
            check(["estimate", "inference", f"{f}={v!r}", *fmt], not table)
        for f in ("--price-usd-per-gpu-hour", "--mfu"):
            check(["compare", f"{f}={v!r}", *fmt], not table)
        check(["model", "show", "deepseek-v3", f"--seq-len={v!r}", *fmt], not table)
