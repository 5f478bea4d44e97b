"""Property: every numeric entry point of llmcost, fed any value, gives finite numbers or a tagged error.

Random values go into every number-taking public function and method (scalar and array front
ends): finite floats of every magnitude (1e±308, subnormals, 0, negatives, non-integers), integers
beyond a double, and values that are not numbers at all (bools, strings, complex numbers, None,
masked arrays). For each call:

* a result holds only finite numbers (arrays, dict values, attributes), and JSON results hold no
  null where a number belongs (nlohmann writes inf and NaN as null);
* an error is ValueError or TypeError whose message starts with "[llmcost."; TypeError only when
  a value that is not a number was given, and such a value is never accepted;
* the call ends within PER_CALL_S seconds and does not crash the interpreter.

Each call runs in a worker process (spawned once, 3 GiB address-space limit) so that a crash or a
hang fails the test instead of killing or stalling the run. Counts that size the work (samples,
base_samples, threads) are drawn small or clearly out of range: accepted large counts take time in
proportion by design (their bounds are tested in C++).
"""
from __future__ import annotations

import functools
import math
import multiprocessing
import os
import pathlib
import tempfile
from typing import Any, Callable

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

import llmcost  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
V3_TRUE_COST = str(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
HF_CONFIG = str(ROOT / "tests" / "model" / "fixtures" / "mixtral.json")
PER_CALL_S = 20.0
EXAMPLES = int(os.environ.get("LLMCOST_PROPERTY_EXAMPLES", "40"))  # per entry point; raise it for a longer hunt

# ---- values ------------------------------------------------------------------------------------

#: Finite reals: every float magnitude (subnormals, 0, ±1e308), integers beyond a double's range.
REALS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-308, 1e-300, 0.5, 1.0, 2.5, 1e300, 1e308, -1e308,
                     1.7976931348623157e308]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**400, -(10**400)]),  # Python ints too large for a float
)


NOT_NUMBERS = st.sampled_from([True, False, np.bool_(True), "1", "abc", b"2", 1 + 0j, 2j, np.complex128(1),
                               np.ma.masked_array(1.0, mask=True), np.ma.masked_array([1.0, 2.0], mask=[0, 1]),
                               np.array([True]), object])


def numbers_or_not(reals=REALS):
    """(value, is_hostile)."""
    return st.one_of(reals.map(lambda v: (v, False)), NOT_NUMBERS.map(lambda v: (v, True)))


def arrays_or_not(reals=REALS):
    """Lists and numpy arrays of 1-4 reals, one real, or a value that is not numbers."""
    arr = st.lists(reals, min_size=1, max_size=4)
    return st.one_of(
        arr.map(lambda v: (v, False)),
        arr.filter(lambda v: all(isinstance(x, float) for x in v)).map(lambda v: (np.asarray(v), False)),
        reals.map(lambda v: (v, False)),
        NOT_NUMBERS.map(lambda v: (v, True)),
        st.lists(st.one_of(REALS, NOT_NUMBERS), min_size=2, max_size=3).filter(
            lambda v: any(not isinstance(x, (int, float)) or isinstance(x, bool) for x in v)).map(lambda v: (v, True)),
        st.sampled_from([np.array(["1.0"]), np.array([1 + 1j]), np.ma.masked_array([1.0], mask=[1])]).map(
            lambda v: (v, True)),
    )


#: Counts that size the work: small and valid, or out of every range.
COUNTS = st.one_of(st.integers(1, 64), st.sampled_from([0, -1, 2**33, 10**15, 2**64 - 1, 2**64, 2.5, 1e300, -1e300]))
SMALL_INTS = st.one_of(st.integers(-4, 64), st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 10**12, 2.5, 1e308]))

# ---- entry points: name -> (numeric parameters with strategies, call) ----------------------------


def _training(kind: str) -> Callable[..., Any]:
    def call(**kw):
        base = dict(tokens=1e12, training_flop_per_token=6e10, gpus=64, chip="H100", price_usd_per_gpu_hour=2.0,
                    **{kind: {"mfu": 0.4, "tokens_per_s_per_gpu": 3000.0, "gpu_hours": 1e5}[kind]})
        base.update(kw)
        return llmcost.estimate_training(**base)
    return call


def _scenario():
    return llmcost.Scenario.load(V3_TRUE_COST)


def _distribution(kind: str, **kw):
    d = getattr(llmcost.Distribution, kind)(**kw)
    return [d.quantile(0.05), d.quantile(0.5), d.quantile(0.95), d.point(), d.exact_mean()]


TRAIN_PARAMS = ("tokens", "training_flop_per_token", "gpus", "seq_len", "goodput", "price_usd_per_gpu_hour")
INFER_REALS = ("gpus", "batch_per_gpu", "context_tokens", "prompt_tokens", "prefill_tokens_per_gpu",
               "cached_fraction", "price_usd_per_gpu_hour")
INFER_INTS = ("tensor_parallel", "micro_batches", "max_nodes_per_token", "mtp_draft_tokens")
STEP = dict(model="llama-2-7b", chip="H100", gpus=64, seq_len=4096, global_batch_tokens=256 * 4096, tp=2)

ENTRY_POINTS: dict[str, tuple[dict[str, Any], Callable[..., Any]]] = {
    **{f"estimate_training[{k}]": ({p: numbers_or_not() for p in (*TRAIN_PARAMS, k)}, _training(k))
       for k in ("mfu", "tokens_per_s_per_gpu", "gpu_hours")},
    **{f"estimate_training[{k}, arrays]": ({p: arrays_or_not() for p in (*TRAIN_PARAMS, k)}, _training(k))
       for k in ("mfu", "gpu_hours")},
    "estimate_inference": ({**{p: numbers_or_not() for p in INFER_REALS}, **{p: numbers_or_not(SMALL_INTS)
                                                                            for p in INFER_INTS}},
                           lambda **kw: llmcost.estimate_inference(**kw)),
    "estimate_inference[arrays]": ({**{p: arrays_or_not() for p in INFER_REALS},
                                    **{p: arrays_or_not(SMALL_INTS) for p in INFER_INTS}},
                                   lambda **kw: llmcost.estimate_inference(**kw)),
    "price_ratio": ({"reasoning_multiplier": numbers_or_not()},
                    lambda **kw: llmcost.price_ratio("o1", "deepseek-r1", "math-reasoning", **kw)),
    "price_ratio[arrays]": ({"reasoning_multiplier": arrays_or_not()},
                           lambda **kw: llmcost.price_ratio("o1", "deepseek-r1", "chat", **kw)),
    "price_ratio[token mix]": ({p: arrays_or_not() for p in ("input_tokens", "cached_fraction", "output_tokens",
                                                             "reasoning_tokens", "reasoning_multiplier")},
                               lambda **kw: llmcost.price_ratio("o1", "deepseek-r1", **{
                                   "input_tokens": 1000.0, "cached_fraction": 0.5, "output_tokens": 100.0, **kw},
                                   outputs="all")),
    "price_ratio_grid": ({"steps": numbers_or_not(SMALL_INTS)},
                         lambda **kw: llmcost.price_ratio_grid("o1", "deepseek-r1", **kw)),
    "cost_per_task": ({p: numbers_or_not() for p in ("input_tokens", "cached_fraction", "output_tokens",
                                                     "reasoning_tokens")},
                      lambda **kw: llmcost.cost_per_task("deepseek-r1", **{
                          "input_tokens": 1000.0, "cached_fraction": 0.5, "output_tokens": 100.0, **kw})),
    "model": ({"seq_len_tokens": numbers_or_not()}, lambda **kw: llmcost.model("deepseek-v3", **kw)),
    "Model.at_seq_len": ({"seq_len_tokens": numbers_or_not()},
                         lambda **kw: llmcost.model("llama-2-7b").at_seq_len(**kw)),
    "Model.forward_flops_per_token": ({"seq_len_tokens": numbers_or_not()},
                                      lambda **kw: llmcost.model("deepseek-v3").forward_flops_per_token(**kw)),
    "Model.training_flops_per_token": ({"seq_len_tokens": numbers_or_not()},
                                       lambda **kw: llmcost.model("llama-2-7b").training_flops_per_token(**kw)),
    "Model.from_hf_config": ({"seq_len_tokens": numbers_or_not()},
                             lambda **kw: llmcost.Model.from_hf_config(HF_CONFIG, **kw)),
    "tco_preset": ({"gpu_price_usd": numbers_or_not(), "gpu_tdp_w": numbers_or_not()},
                   lambda **kw: llmcost.tco_preset("epoch-ai-2024", **{"gpu_price_usd": 3e4, "gpu_tdp_w": 700.0,
                                                                        **kw})),
    "OwnershipTco.total_capex_usd": ({"gpus": numbers_or_not()},
                                     lambda **kw: llmcost.tco_preset("hyperscaler", 3e4, 700.0).total_capex_usd(
                                         **{"gpus": 1024, **kw})),
    "estimate_training[tco]": ({p: numbers_or_not() for p in ("tokens", "gpus", "mfu")},
                               lambda **kw: llmcost.estimate_training(**{
                                   "tokens": 1e12, "training_flop_per_token": 6e10, "gpus": 64, "chip": "H100",
                                   "mfu": 0.4, "tco": llmcost.tco_preset("china-owner", 3e4, 700.0), **kw})),
    "program_cost": ({"final_run_usd": numbers_or_not()}, lambda **kw: llmcost.program_cost(**{
        "final_run_usd": 5.576e6, **kw})),
    "fleet_cost": ({"period_s": numbers_or_not()}, lambda **kw: llmcost.fleet_cost("fifty-thousand-h100", **kw)),
    "predict_mfu": ({"active_params": numbers_or_not(), "gpus": numbers_or_not()},
                    lambda **kw: llmcost.predict_mfu("H800", **{"active_params": 37e9, **kw})),
    "Distribution.uniform": ({"low": numbers_or_not(), "high": numbers_or_not()},
                             lambda **kw: _distribution("uniform", **{"low": 1.0, "high": 2.0, **kw})),
    "Distribution.triangular": ({p: numbers_or_not() for p in ("low", "mode", "high")},
                                lambda **kw: _distribution("triangular", **{"low": 1.0, "mode": 1.5, "high": 2.0,
                                                                            **kw})),
    "Distribution.pert": ({p: numbers_or_not() for p in ("low", "mode", "high")},
                          lambda **kw: _distribution("pert", **{"low": 1.0, "mode": 1.5, "high": 2.0, **kw})),
    "Distribution.normal": ({p: numbers_or_not() for p in ("mean", "sd", "low", "high")},
                            lambda **kw: _distribution("normal", **{"mean": 1.0, "sd": 0.5, **kw})),
    "Distribution.lognormal": ({p: numbers_or_not() for p in ("median", "sigma_log", "low", "high")},
                               lambda **kw: _distribution("lognormal", **{"median": 1.0, "sigma_log": 0.5, **kw})),
    "Distribution.fixed": ({"value": numbers_or_not()}, lambda **kw: _distribution("fixed", **kw)),
    "Distribution.quantile": ({"u": numbers_or_not()}, lambda **kw: llmcost.Distribution.normal(2.0, 1.0).quantile(
        **kw)),
    "Scenario.with_input": ({p: numbers_or_not() for p in ("efficiency.mfu", "pricing.rental_usd_per_gpu_hour",
                                                           "program.experiments_multiplier", "program.staff_share")},
                            lambda **kw: _with_inputs(kw).base_point()),
    "Scenario.with_input[distribution]": ({p: numbers_or_not() for p in ("low", "high")},
                                          lambda **kw: _scenario().with_input(
                                              "pricing.rental_usd_per_gpu_hour",
                                              {"dist": "uniform", **{"low": 1.5, "high": 3.0, **kw}}).run(
                                              samples=200, seed=1)),
    "Scenario.run": ({"samples": numbers_or_not(COUNTS), "seed": numbers_or_not(COUNTS),
                      "percentiles": arrays_or_not(), "histogram_bins": numbers_or_not(SMALL_INTS)},
                     lambda **kw: _scenario().run(**{"samples": 200, **kw})),
    "Scenario.sample": ({"samples": numbers_or_not(COUNTS), "begin": numbers_or_not(COUNTS),
                         "end": numbers_or_not(COUNTS)},
                        lambda **kw: _scenario().sample(**{"samples": 64, "seed": 1, **kw})),
    "Scenario.sweep": ({"samples": numbers_or_not(COUNTS), "seed": numbers_or_not(COUNTS)},
                       lambda **kw: _scenario().sweep(**kw)),
    "Scenario.tornado": ({"q_low": numbers_or_not(), "q_high": numbers_or_not()},
                         lambda **kw: _scenario().tornado("final_run_cost_usd", **kw)),
    "Scenario.sobol": ({"base_samples": numbers_or_not(COUNTS), "bootstrap": numbers_or_not(SMALL_INTS),
                        "seed": numbers_or_not(COUNTS), "confidence": numbers_or_not()},
                       lambda **kw: _scenario().sobol("final_run_cost_usd", **{"base_samples": 32, "bootstrap": 8,
                                                                              **kw})),
    "sensitivity": ({"q_low": numbers_or_not(), "q_high": numbers_or_not()},
                    lambda **kw: llmcost.sensitivity(_scenario(), "program_cost_usd", **kw)),
    "estimate_step_time": ({**{p: numbers_or_not() for p in ("gpus", "seq_len", "scale_out_per_direction_bytes_per_s",
                                                             "scale_up_per_direction_bytes_per_s", "comm_sm_fraction")},
                            **{p: numbers_or_not(SMALL_INTS) for p in ("global_batch_tokens", "tp", "pp", "dp", "ep", "cp",
                                                                       "virtual_stages", "micro_batch_size",
                                                                       "zero_stage", "max_nodes_per_token")}},
                           lambda **kw: llmcost.estimate_step_time(**{**STEP, **kw})),
    "search_layouts": ({"gpus": numbers_or_not(), "seq_len": numbers_or_not(),
                        "global_batch_tokens": numbers_or_not(SMALL_INTS), "max_nodes_per_token": numbers_or_not(SMALL_INTS),
                        "scale_out_per_direction_bytes_per_s": numbers_or_not(),
                        "threads": numbers_or_not(st.integers(0, 2))},
                       lambda **kw: llmcost.search_layouts(**{"model": "llama-2-7b", "chip": "H100", "gpus": 16,
                                                              "seq_len": 4096, "global_batch_tokens": 64 * 4096, "threads": 1,
                                                              **kw})),
    "Catalog[index]": ({"index": numbers_or_not(SMALL_INTS)}, lambda index: _catalog()[index]),
}


#: Documented errors besides ValueError and TypeError.
OTHER_ERRORS = {"Catalog[index]": ("IndexError",),  # the sequence protocol
                "Scenario.with_input": ("KeyError",)}  # a string value names a choice of a text input


def _with_inputs(kw: dict[str, Any]):
    s = _scenario()
    for path, v in kw.items():
        s = s.with_input(path, v)
    return s


@functools.lru_cache(maxsize=1)
def _catalog():
    """A Catalog object (the built-in entries merged with an empty user file)."""
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "empty.toml"
        path.write_text("schema_version = 1\n")
        return llmcost.load_catalog(path)


# ---- the worker ----------------------------------------------------------------------------------

def _limit_memory() -> None:
    import resource
    limit = 3 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _numbers(x: Any, out: list[float], nulls: list[str], path: str = "") -> None:
    """Collects every number of a result (attributes of the compiled result types included)."""
    if x is None:
        nulls.append(path)
    elif isinstance(x, (bool, np.bool_, str)):
        return
    elif isinstance(x, (int, float, np.integer, np.floating)):
        out.append(float(x))
    elif isinstance(x, np.ndarray):
        if x.dtype.kind in "iuf":
            out.extend(x.astype(float).ravel().tolist())
    elif isinstance(x, llmcost.TrainingResult):
        for a in ("gpu_hours", "flop", "cost_usd", "wall_clock_s", "wall_clock_days", "tokens_per_s_per_gpu",
                  "implied_mfu_bf16", "implied_mfu_fp8"):
            if getattr(x, a) is not None:
                out.append(getattr(x, a))
    elif isinstance(x, llmcost.Model):
        for a in ("params_total", "params_active", "params_total_with_mtp", "forward_flop_per_token",
                  "training_flop_per_token", "kv_cache_bytes_per_token_bf16", "kv_cache_bytes_per_token_fp8"):
            out.append(getattr(x, a))
    elif isinstance(x, llmcost.OwnershipTco):
        out += [x.usd_per_gpu_hour, x.hardware_capex_usd_per_gpu]
        _numbers(x.per_gpu_hour(), out, nulls, path)
    elif isinstance(x, llmcost.Accelerator):
        return
    elif isinstance(x, (dict, llmcost.ArrayResult)):
        for k, v in x.items():
            if not (k == "fastest" and v is None):  # a search where nothing fits
                _numbers(v, out, nulls, f"{path}.{k}")
    elif isinstance(x, (list, tuple)):
        for i, v in enumerate(x):
            _numbers(v, out, nulls, f"{path}[{i}]")
    elif hasattr(x, "to_dict"):  # scenario results: the C++ JSON
        _numbers(x.to_dict(), out, nulls, path)
    else:
        raise AssertionError(f"unexpected result type {type(x).__name__}")


def run_case(name: str, kwargs: dict[str, Any]) -> tuple:
    """In the worker: ("ok", numbers, null paths) or ("error", type name, message)."""
    try:
        result = ENTRY_POINTS[name][1](**kwargs)
    except Exception as e:  # noqa: BLE001 - every exception is classified by the parent
        # str(KeyError) quotes its message; args[0] is the message as given.
        return ("error", type(e).__name__, str(e.args[0]) if len(e.args) == 1 else str(e))
    out: list[float] = []
    nulls: list[str] = []
    _numbers(result, out, nulls)
    return ("ok", out, nulls)


class Worker:
    """One spawned process running the calls; restarted after a hang or a crash."""

    def __init__(self) -> None:
        self._pool = None

    def call(self, name: str, kwargs: dict[str, Any]) -> tuple:
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(1, initializer=_limit_memory, maxtasksperchild=None)
        pending = self._pool.apply_async(run_case, (name, kwargs))
        try:
            return pending.get(timeout=PER_CALL_S)
        except multiprocessing.TimeoutError:
            self.close()
            return ("hang", f"no answer in {PER_CALL_S} s (a hang, or the worker crashed)")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


# ---- the property --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_finite_result_or_tagged_error(worker, name):
    params, _ = ENTRY_POINTS[name]
    drawn = st.fixed_dictionaries({}, optional=params).filter(bool)

    @hypothesis.settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                         phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(drawn)
    def check(values):
        kwargs = {k: v for k, (v, _) in values.items()}
        hostile = [k for k, (_, h) in values.items() if h]
        outcome = worker.call(name, kwargs)
        assert outcome[0] != "hang", f"{name}({kwargs!r}): {outcome[1]}"
        if outcome[0] == "ok":
            _, numbers, nulls = outcome
            assert not hostile, f"{name}({kwargs!r}) accepted {hostile}, which are not numbers"
            bad = [x for x in numbers if not math.isfinite(x)]
            assert not bad, f"{name}({kwargs!r}) returned {bad[:3]}"
            assert not nulls, f"{name}({kwargs!r}) returned null (a non-finite number in JSON) at {nulls[:3]}"
        else:
            _, kind, message = outcome
            assert message.startswith("[llmcost."), f"{name}({kwargs!r}) raised untagged {kind}: {message}"
            assert not message.startswith("[llmcost.internal]"), f"{name}({kwargs!r}) raised {kind}: {message}"
            allowed = ("ValueError", "TypeError") + OTHER_ERRORS.get(name, ())
            assert kind in allowed, f"{name}({kwargs!r}) raised {kind}: {message}"
            if kind == "TypeError":
                assert hostile, f"{name}({kwargs!r}) raised TypeError for numbers: {message}"

    # The campaign's cases, every parameter alone: the extremes of a double, zero, a negative, a
    # subnormal, and one value of each kind that is not a number.
    for p in params:
        for v, hostile in ((1e308, False), (-1e308, False), (5e-324, False), (0.0, False), (-1, False),
                           (True, True), ("1", True), (1j, True), (np.ma.masked_array([1.0], mask=[1]), True)):
            check = hypothesis.example({p: (v, hostile)})(check)
    check()


def test_every_numeric_entry_point_is_covered():
    """The list above names every public function of llmcost.__all__ that takes a number."""
    takes_numbers = {"estimate_training", "estimate_inference", "price_ratio", "price_ratio_grid", "cost_per_task",
                     "model", "Model", "tco_preset", "OwnershipTco", "program_cost", "fleet_cost", "predict_mfu",
                     "Distribution", "Scenario", "sensitivity", "estimate_step_time", "search_layouts", "Catalog"}
    covered = {n.split("[")[0].split(".")[0] for n in ENTRY_POINTS}
    assert takes_numbers <= covered
    assert takes_numbers <= set(llmcost.__all__)
