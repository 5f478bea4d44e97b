"""Hostile inputs from Python: strict numbers, finite results, catalog=, tagged errors.

Each test would fail without its fix: pybind11 and numpy turn True into 1.0 and "3" into 3.0, drop
an imaginary part and ignore a mask; outputs=[] raised a bare StopIteration; metrics="name" was
iterated letter by letter; results of finite inputs could be inf or NaN; a user's catalog reached
no estimator.
"""
import fractions
import os
import pathlib
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest

import llmcost

ROOT = pathlib.Path(__file__).resolve().parents[2]
V3_TRUE_COST = ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml"
TRAIN = dict(tokens=1e12, training_flop_per_token=6e10, gpus=64, chip="H100", mfu=0.4, price_usd_per_gpu_hour=2.0)

# ---- numbers that are not numbers ----------------------------------------------------------------

NOT_NUMBERS = [
    (True, "a bool is not a number"),
    (np.bool_(False), "a bool is not a number"),
    ("2.0", "a string is not a number"),
    (2 + 0j, "a complex number is not accepted"),
    (np.complex128(2), "a complex number is not accepted"),
    (np.ma.masked_array(2.0, mask=False), "a masked array is not accepted"),
    (None, "expected a number"),
]

# (entry point, the numeric argument given the bad value); each call is otherwise valid.
SCALAR_CALLS = [
    ("price_usd_per_gpu_hour", lambda v: llmcost.estimate_training(**{**TRAIN, "price_usd_per_gpu_hour": v})),
    ("mfu", lambda v: llmcost.estimate_training(**{**TRAIN, "mfu": v})),
    ("batch_per_gpu", lambda v: llmcost.estimate_inference(batch_per_gpu=v)),
    ("tensor_parallel", lambda v: llmcost.estimate_inference(tensor_parallel=v)),
    ("input_tokens", lambda v: llmcost.cost_per_task("o1", input_tokens=v, cached_fraction=0, output_tokens=1)),
    ("reasoning_multiplier", lambda v: llmcost.price_ratio("o1", "deepseek-r1", "chat", v)),
    ("steps", lambda v: llmcost.price_ratio_grid("o1", "deepseek-r1", steps=v)),
    ("seq_len_tokens", lambda v: llmcost.model("llama-2-7b", seq_len_tokens=v)),
    ("gpu_price_usd", lambda v: llmcost.tco_preset("epoch-ai-2024", gpu_price_usd=v, gpu_tdp_w=700)),
    ("final_run_usd", lambda v: llmcost.program_cost(v)),
    ("period_s", lambda v: llmcost.fleet_cost("fifty-thousand-h100", v)),
    ("active_params", lambda v: llmcost.predict_mfu("H100", v)),
    ("low", lambda v: llmcost.Distribution.uniform(v, 10.0)),
    ("u", lambda v: llmcost.Distribution.uniform(1.0, 2.0).quantile(v)),
    ("global_batch_tokens", lambda v: llmcost.estimate_step_time(model="llama-2-7b", chip="H100", gpus=8, seq_len=4096,
                                                          global_batch_tokens=v)),
]


@pytest.mark.parametrize("name,call", SCALAR_CALLS, ids=[c[0] for c in SCALAR_CALLS])
@pytest.mark.parametrize("bad,why", NOT_NUMBERS, ids=["bool", "numpy_bool", "str", "complex", "numpy_complex",
                                                      "masked", "none"])
def test_scalar_entry_points_reject_what_is_not_a_number(name, call, bad, why):
    if bad is None and name in ("mfu", "price_usd_per_gpu_hour", "batch_per_gpu", "tensor_parallel"):
        pytest.skip("None means 'not given' for the optional efficiency and price arguments and the serving "
                    "knobs (the library default, named in the result)")
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] " + name + r"\b") as e:
        call(bad)
    assert why in str(e.value)


def test_functions_of_one_number_reject_arrays():
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] final_run_usd = .*expected one number, got an "
                                        r"array of shape \(2,\)"):
        llmcost.program_cost(np.array([1e6, 2e6]))


def test_masked_array_message_says_how_to_fix_it():
    with pytest.raises(TypeError, match=r"\.filled\(value\).*\.compressed\(\)"):
        llmcost.estimate_training(**{**TRAIN, "mfu": np.ma.masked_array([0.3, 0.4], mask=[False, True])})


@pytest.mark.parametrize("bad,where", [
    ([0.4, True], r"mfu\[1\] = True: a bool"),
    ([[0.4], [0.5, "x"]], r"mfu\[1\]\[1\] = 'x': a string"),
    (np.array([True, False]), r"mfu = array\(\[ True, False\]\): an array of bools"),
    (np.array(["0.4", "0.5"]), r"mfu = .*dtype <U3 is not an array of real numbers"),
    (np.array([0.4 + 0j]), r"mfu = .*: an array of complex numbers"),
    (np.array([0.4, None]), r"mfu = .*: an array of dtype object is not an array of real numbers"),
    ([0.4, None], r"mfu\[1\] = None: expected a number"),
    (np.ma.masked_array([0.3, 0.4], mask=[False, True]), r"mfu: a masked array is not accepted"),
])
def test_array_front_ends_reject_what_is_not_numbers(bad, where):
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] " + where):
        llmcost.estimate_training(**{**TRAIN, "mfu": bad})


@pytest.mark.parametrize("call", [
    lambda: llmcost.estimate_inference(batch_per_gpu=[64.0, True]),
    lambda: llmcost.estimate_inference(batch_per_gpu=np.ma.masked_array([64.0, 32.0])),
    lambda: llmcost.price_ratio("o1", "deepseek-r1", "chat", [1.0, "2"]),
    lambda: llmcost.price_ratio("o1", "deepseek-r1", input_tokens=[1000, 10], output_tokens=[1, 1], cached_fraction=True),
    lambda: llmcost.price_ratio("o1", "deepseek-r1", input_tokens=1000, output_tokens=np.array([1 + 1j]),
                                cached_fraction=0.0),
])
def test_every_array_front_end_is_strict(call):
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] "):
        call()


def test_the_internal_array_kernels_are_strict_too():
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] mfu: an array of dtype bool"):
        llmcost._core._estimate_training_batch("H100", "bf16", "bf16", "mfu",
                                               {**{k: np.array([float(v)]) for k, v in TRAIN.items() if k != "chip"},
                                                "mfu": np.array([True]), "seq_len": np.array([4096.0]),
                                                "goodput": np.array([1.0])}, 1)


def test_integers_numpy_numbers_and_fractions_still_work():
    ref = llmcost.estimate_training(**TRAIN)
    for kw in (dict(gpus=np.int64(64)), dict(mfu=np.float32(0.5)), dict(mfu=fractions.Fraction(1, 2)),
               dict(price_usd_per_gpu_hour=2), dict(price_usd_per_gpu_hour=np.array(2.0)),
               dict(tokens=10**12)):
        e = llmcost.estimate_training(**{**TRAIN, **kw})
        if "mfu" in kw:  # mfu 0.5 instead of 0.4: 0.4/0.5 of the GPU-hours
            assert e.gpu_hours == pytest.approx(ref.gpu_hours * 0.4 / 0.5, rel=1e-15)
        else:
            assert e.cost_usd == ref.cost_usd
    arr = llmcost.estimate_training(**{**TRAIN, "gpus": np.array([64, 128], dtype=np.int32)})
    assert arr.cost_usd[0] == ref.cost_usd
    # Integer parameters take whole floats (2.0) and reject 2.5 with a tagged ValueError.
    assert llmcost.estimate_inference(micro_batches=2.0) == llmcost.estimate_inference(micro_batches=2)
    with pytest.raises(ValueError, match=r"^\[llmcost\.python\.invalid\] micro_batches = 2\.5 is invalid; expected a "
                                         r"whole number"):
        llmcost.estimate_inference(micro_batches=2.5)
    with pytest.raises(ValueError, match=r"^\[llmcost\.python\.invalid\] tensor_parallel = 10000000000 .*\[-2147483648, "
                                         r"2147483647\]"):
        llmcost.estimate_inference(tensor_parallel=10**10)
    # Names stay names: a chip name is still a string argument.
    assert llmcost.estimate_inference(chip="h800")["chip"] == "H800-SXM"


# ---- finite outputs ------------------------------------------------------------------------------

@pytest.mark.parametrize("call,tag,names", [
    # 1e308 USD/GPU-h × 27,000 GPU-hours is not a number: the error names the price.
    (lambda: llmcost.estimate_training(**{**TRAIN, "mfu": None, "gpu_hours": 2.7e4, "price_usd_per_gpu_hour": 1e308}),
     r"llmcost\.(training|pricing)\.", ["price_usd_per_gpu_hour"]),
    (lambda: llmcost.estimate_inference(batch_per_gpu=1e308), r"llmcost\.inference\.", ["batch_per_gpu"]),
    (lambda: llmcost.program_cost(1e308), r"llmcost\.program\.", ["final_run_usd"]),
    (lambda: llmcost.fleet_cost("fifty-thousand-h100", 1e308), r"llmcost\.fleet\.", ["period_s"]),
    (lambda: llmcost.tco_preset("epoch-ai-2024", gpu_price_usd=1e308, gpu_tdp_w=700), r"llmcost\.tco\.",
     ["gpu_price_usd"]),
    (lambda: llmcost.model("deepseek-v3", seq_len_tokens=1e308), r"llmcost\.model\.", ["seq_len_tokens"]),
    (lambda: llmcost.model("deepseek-v3").forward_flops_per_token(1e308), r"llmcost\.model\.", ["seq_len_tokens"]),
    (lambda: llmcost.Distribution.normal(1e308, 1e308).quantile(0.99), r"llmcost\.scenario\.", ["Distribution.normal"]),
    (lambda: llmcost.estimate_step_time(model="llama-2-7b", chip="H100", gpus=1e308, seq_len=4096, global_batch_tokens=8 * 4096),
     r"llmcost\.step_time\.", ["gpus"]),
])
def test_finite_inputs_give_finite_outputs_or_an_error_naming_the_input(call, tag, names):
    with pytest.raises(ValueError, match=r"^\[" + tag) as e:
        call()
    for n in names:
        assert n in str(e.value)


def test_distributions_are_checked_when_built():
    # A PERT mode outside [low, high] used to reach boost::math as a negative shape parameter
    # (an internal error at the first quantile); the checks are those of a scenario file's.
    with pytest.raises(ValueError, match=r"^\[llmcost\.scenario\.distribution\] Distribution\.pert: mode = 0 must lie "
                                         r"in \[low, high\] = \[1, 2\]"):
        llmcost.Distribution.pert(1.0, 0.0, 2.0)
    with pytest.raises(ValueError, match=r"^\[llmcost\.scenario\.distribution\] Distribution\.lognormal: sigma_log"):
        llmcost.Distribution.lognormal(1.0, 1e6)
    assert llmcost.Distribution.pert(1.0, 1.5, 2.0).quantile(0.5) == pytest.approx(1.5)  # symmetric: median = mode


def test_array_overflow_names_the_inputs_and_the_first_bad_index():
    # 14.8e12 tok × 222e9 FLOP/tok at MFU 5e-324 of 989 TFLOP/s is beyond any double.
    with pytest.raises(ValueError, match=r"^\[llmcost\.training\.overflow\] the inputs tokens, training_flop_per_token, "
                                         r"gpus, mfu\[2\], goodput, price_usd_per_gpu_hour are too large together"):
        llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=222e9, gpus=2048, chip="H800",
                                  mfu=[0.4, 0.3, 5e-324], price_usd_per_gpu_hour=2.0)
    # The inference kernel calls the library per element: its error names the element.
    with pytest.raises(ValueError, match=r"^\[llmcost\.inference\.[a-z_]+\] batch_per_gpu = 1e\+308 .*\(at index 1 of "
                                         r"the arrays\)"):
        llmcost.estimate_inference(batch_per_gpu=[64.0, 1e308])
    with pytest.raises(ValueError, match=r"^\[llmcost\.inference\.batch\] .*\(at index 2 of the arrays\)"):
        llmcost.estimate_inference(batch_per_gpu=[64.0, 32.0, 0.0])


@pytest.mark.parametrize("kwargs,tag,message", [
    (dict(price_usd_per_gpu_hour=[2.0, 1e308]), r"llmcost\.pricing\.invalid_price",
     r"price_usd_per_gpu_hour\[1\] = 1e\+308 is outside the accepted range \(0, 10000\]"),
    (dict(tokens=[1e12, 1e19]), r"llmcost\.training\.invalid", r"tokens\[1\] = 1e\+19 is outside .*\[1, 1e\+18\]"),
    (dict(tokens=[1e12, 0.5]), r"llmcost\.training\.invalid", r"tokens\[1\] = 0\.5 is outside .*\[1, 1e\+18\]"),
    (dict(training_flop_per_token=[6e10, 1e300]), r"llmcost\.training\.invalid", r"training_flop_per_token\[1\]"),
    (dict(gpus=[64, 2.5]), r"llmcost\.training\.invalid", r"gpus\[1\] = 2\.5 is invalid; expected a whole number in "
                                                          r"\[1, 10000000\]"),
    (dict(gpus=[64, 1e-300]), r"llmcost\.training\.invalid", r"gpus\[1\]"),
    (dict(seq_len=[4096, 1e10]), r"llmcost\.training\.invalid", r"seq_len\[1\]"),
    (dict(seq_len=[4096, 4096.5]), r"llmcost\.training\.invalid", r"seq_len\[1\] = 4096\.5 is invalid; expected a whole"),
    (dict(mfu=None, tokens_per_s_per_gpu=[1e3, 1e13]), r"llmcost\.training\.throughput", r"tokens_per_s_per_gpu\[1\]"),
    (dict(mfu=None, gpu_hours=[1e3, 1e16]), r"llmcost\.training\.gpu_hours", r"gpu_hours\[1\]"),
])
def test_array_inputs_have_accepted_ranges(kwargs, tag, message):
    with pytest.raises(ValueError, match=r"^\[" + tag + r"\] " + message):
        llmcost.estimate_training(**{**TRAIN, **kwargs})


def test_price_ratio_arrays_have_accepted_ranges():
    with pytest.raises(ValueError, match=r"^\[llmcost\.pricing\.reasoning_multiplier\] reasoning_multiplier\[1\] = "
                                         r"1e\+300 is outside the accepted range \(0, 1000\]"):
        llmcost.price_ratio("o1", "deepseek-r1", "chat", [1.0, 1e300])
    with pytest.raises(ValueError, match=r"^\[llmcost\.pricing\.tokens\] input_tokens = 1e\+300"):
        llmcost.price_ratio("o1", "deepseek-r1", input_tokens=1e300, output_tokens=[1.0, 2.0], cached_fraction=0.0)


# ---- untagged errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("outputs", [[], ()])
def test_empty_outputs_is_a_tagged_error_listing_the_choices(outputs):
    for kw in (TRAIN, {**TRAIN, "mfu": [0.3, 0.4]}):  # scalar and array calls alike
        with pytest.raises(ValueError, match=r"^\[llmcost\.python\.outputs\] outputs is empty; choose from flop, .*"
                                             r"cost_usd.*all"):
            llmcost.estimate_training(**kw, outputs=outputs)
    with pytest.raises(ValueError, match=r"^\[llmcost\.python\.outputs\] outputs is empty; choose from price_ratio"):
        llmcost.price_ratio("o1", "deepseek-r1", "chat", [1.0, 2.0], outputs=outputs)


def test_outputs_must_be_names_that_exist_for_the_chip():
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] outputs\[0\] = 3"):
        llmcost.estimate_training(**{**TRAIN, "mfu": [0.4]}, outputs=[3])
    with pytest.raises(ValueError, match=r"^\[llmcost\.python\.outputs\] output implied_mfu_fp8 does not exist for "
                                         r"A100.*no FP8 peak"):
        llmcost.estimate_training(**{**TRAIN, "chip": "A100", "mfu": [0.4]}, outputs=["implied_mfu_fp8"])
    one = llmcost.estimate_training(**{**TRAIN, "mfu": [0.4]}, outputs="cost_usd")
    assert list(one) == ["cost_usd"]


def test_one_metric_name_is_one_metric():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    metric = s.metrics[1]
    r = s.run(samples=2000, seed=3, metrics=metric)
    assert r.metrics == [metric]
    assert r.to_dict() == s.run(samples=2000, seed=3, metrics=[metric]).to_dict()
    assert list(s.sample(100, seed=3, metrics=metric)) == [metric]
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] metrics\[0\] = 5"):
        s.run(samples=100, metrics=[5])


def test_one_percentile_and_strict_run_options():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    r = s.run(samples=1000, seed=1, percentiles=50)
    assert r[r.metrics[0]].percentiles.keys() == {50.0}
    for kw, name in ((dict(samples=True), "samples"), (dict(seed="1"), "seed"), (dict(percentiles=["50"]), "percentiles"),
                     (dict(percentiles=True), "percentiles"), (dict(histogram_bins=2.5j), "histogram_bins")):
        with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] " + name):
            s.run(**{"samples": 100, **kw})
    with pytest.raises(ValueError, match=r"^\[llmcost\.scenario\.samples\]"):
        s.run(samples=2.5)
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] pricing\.rental_usd_per_gpu_hour = True"):
        s.with_input("pricing.rental_usd_per_gpu_hour", True)
    with pytest.raises(ValueError, match=r"^\[llmcost\.scenario\.distribution\] dist = 'uniform': missing low; unknown lo; "
                                         r"it takes low, high"):
        s.with_input("pricing.rental_usd_per_gpu_hour", {"dist": "uniform", "lo": 1.0, "high": 3.0})


def test_extends_symlink_loop_is_a_tagged_error(tmp_path):
    # An `extends` chain into a symlink loop: a std::filesystem error used to reach Python as an
    # untagged RuntimeError. Any exception that is not llmcost's now carries [llmcost.internal].
    (tmp_path / "loop.toml").symlink_to("loop.toml")
    (tmp_path / "a.toml").write_text('extends = "loop.toml"\nname = "a"\n')
    with pytest.raises((OSError, ValueError), match=r"^\[llmcost\.(?!internal)"):
        llmcost.Scenario.load(tmp_path / "a.toml")


def test_out_of_memory_is_tagged():
    # 2^32 samples need tens of GB; under a 2 GiB address-space limit the allocation fails. The
    # message used to be a bare "std::bad_alloc".
    code = ("import resource, llmcost\n"
            "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
            f"s = llmcost.Scenario.load({str(V3_TRUE_COST)!r})\n"
            "try:\n"
            "    s.run(samples=2**32, seed=1, threads=1)\n"
            "except Exception as e:\n"
            "    print(type(e).__name__, e)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert r.returncode == 0, r.stderr
    assert re.match(r"(MemoryError|ValueError) \[llmcost\.", r.stdout), r.stdout


def test_paths_may_be_path_objects():
    mixtral = ROOT / "tests" / "model" / "fixtures" / "mixtral.json"
    assert llmcost.Model.from_hf_config(mixtral).params_total == llmcost.Model.from_hf_config(str(mixtral)).params_total
    assert llmcost.Scenario.load(V3_TRUE_COST).name == llmcost.Scenario.load(str(V3_TRUE_COST)).name


# ---- catalog= everywhere ----------------------------------------------------------------------

def _copy_of_h800(path: pathlib.Path, new_id: str = "Z800", bf16_factor: float = 1.0) -> pathlib.Path:
    """A user catalog with one chip: H800's numbers (the BF16 peak × bf16_factor) under `new_id`."""
    h = llmcost.chip("H800")
    fields = ["gpus_per_node", "peak_fp64_flop_per_s", "peak_tf32_flop_per_s", "peak_bf16_flop_per_s",
              "peak_fp16_flop_per_s", "peak_fp8_flop_per_s", "hbm_capacity_bytes", "hbm_bandwidth_bytes_per_s",
              "scale_up_bandwidth_bytes_per_s", "scale_out_bandwidth_bytes_per_s", "tdp_w", "matmul_efficiency_bf16",
              "matmul_efficiency_fp8"]
    lines = ["schema_version = 1", "[sources.t]", 'citation = "a copy of the built-in H800-SXM entry"',
             "[[accelerator]]", f'id = "{new_id}"', 'full_name = "test chip"', 'vendor = "test"']
    if new_id == h.id:  # a replacement keeps the lookup names
        lines.append(f"aliases = {h.aliases!r}".replace("'", '"'))
    for f in fields:
        value = getattr(h, f) * (bf16_factor if f == "peak_bf16_flop_per_s" else 1)
        lines.append(f'{f} = {{ value = {value!r}, source = "t", grade = "weak" }}')
    lines.append('rental_usd_per_gpu_hour = { low = 2.0, high = 2.0, source = "t", grade = "weak" }')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_load_catalog_returns_a_catalog(tmp_path):
    cat = llmcost.load_catalog(_copy_of_h800(tmp_path / "c.toml"))  # os.PathLike accepted
    assert isinstance(cat, llmcost.Catalog)
    assert len(cat) == len(llmcost.chips()) + 1
    assert cat[-1].id == "Z800" and cat.ids[-1] == "Z800"
    assert "z800" in cat and "Z801" not in cat and "H800" in cat
    assert cat.find("z-800").peak_bf16_flop_per_s == 989e12
    assert [a.id for a in cat] == cat.ids
    with pytest.raises(IndexError, match=r"^\[llmcost\.python\.index\]"):
        cat[len(cat)]
    with pytest.raises(KeyError, match=r"llmcost\.catalog\.unknown_chip"):
        cat.find("Z801")


def test_load_catalog_of_a_directory_is_an_error(tmp_path):
    # A directory is not a catalog file; it used to load as an empty file (the built-in catalog).
    with pytest.raises((OSError, ValueError), match=r"^\[llmcost\."):
        llmcost.load_catalog(tmp_path)


def test_every_chip_lookup_takes_catalog(tmp_path):
    path = _copy_of_h800(tmp_path / "c.toml")
    cat = llmcost.load_catalog(path)
    # The same numbers as H800 give the same results; without the catalog the chip is unknown.
    calls = {
        "chip": lambda chip, **c: llmcost.chip(chip, **c).peak_fp8_flop_per_s,
        "estimate_training": lambda chip, **c: llmcost.estimate_training(**{**TRAIN, "chip": chip}, **c).cost_usd,
        "estimate_training[]": lambda chip, **c: llmcost.estimate_training(
            **{**TRAIN, "chip": chip, "mfu": [0.3, 0.4]}, **c).cost_usd.tolist(),
        "estimate_inference": lambda chip, **c: llmcost.estimate_inference(chip=chip, **c)["output_usd_per_token"],
        "estimate_inference[]": lambda chip, **c: llmcost.estimate_inference(
            chip=chip, batch_per_gpu=[32.0, 64.0], **c).output_usd_per_token.tolist(),
        "predict_mfu": lambda chip, **c: llmcost.predict_mfu(chip, 37e9, 2048, **c)["mfu"],
        "estimate_step_time": lambda chip, **c: llmcost.estimate_step_time(
            model="llama-2-7b", chip=chip, gpus=64, seq_len=4096, global_batch_tokens=256 * 4096, tp=2, **c)["step_time_s"],
        "deepseek_v3_published_layout": lambda chip, **c: llmcost.deepseek_v3_published_layout(
            chip, **c)["step_time_s"],
    }
    for name, call in calls.items():
        with pytest.raises(KeyError, match=r"llmcost\.catalog\.unknown_chip"):
            call("Z800")
        want = call("H800")
        assert call("Z800", catalog=cat) == want, name
        assert call("Z800", catalog=str(path)) == want, name  # a path works too
    assert [a.id for a in llmcost.chips(catalog=cat)] == [a.id for a in llmcost.chips()] + ["Z800"]
    assert [a.id for a in llmcost.chips(catalog=path)] == cat.ids
    with pytest.raises(TypeError, match=r"^\[llmcost\.python\.type\] catalog = 5"):
        llmcost.chip("H800", catalog=5)


def test_search_layouts_takes_catalog(tmp_path):
    cat = llmcost.load_catalog(_copy_of_h800(tmp_path / "c.toml"))
    kw = dict(model="llama-2-7b", gpus=16, seq_len=4096, global_batch_tokens=64 * 4096, threads=1)
    a = llmcost.search_layouts(chip="H800", **kw)
    b = llmcost.search_layouts(chip="Z800", catalog=cat, **kw)
    assert a["fastest"]["step_time_s"] == b["fastest"]["step_time_s"]
    assert a["evaluated"] == b["evaluated"]


def test_catalog_path_errors_are_tagged(tmp_path):
    with pytest.raises(OSError, match=r"^\[llmcost\.io"):
        llmcost.chip("H800", catalog=str(tmp_path / "missing.toml"))
    with pytest.raises(ValueError, match=r"^\[llmcost\.catalog\.invalid_file\]"):
        (tmp_path / "bad.toml").write_text("[[accelerator]]\nid = 3\n")
        llmcost.estimate_training(**TRAIN, catalog=tmp_path / "bad.toml")


def test_scenarios_take_catalog(tmp_path):
    path = _copy_of_h800(tmp_path / "c.toml")
    cat = llmcost.load_catalog(path)
    spec = {"base": "deepseek-v3", "cluster": {"chip": "Z800"}, "efficiency": {"mfu": 0.5},
            "pricing": {"rental_usd_per_gpu_hour": 2.0}}
    with pytest.raises(ValueError, match=r"(?s)^\[llmcost\.scenario\.invalid\].*unknown_chip.*Z800"):
        llmcost.Scenario.from_dict(spec)
    ref = llmcost.Scenario.from_dict({**spec, "cluster": {"chip": "H800"}}).base_point()
    for c in (cat, path, str(path)):  # the same numbers as H800 give the same metrics
        assert llmcost.Scenario.from_dict(spec, catalog=c).base_point() == ref
    f = tmp_path / "s.toml"
    f.write_text('name = "z"\nbase = "deepseek-v3"\ncluster.chip = "Z800"\nefficiency.mfu = 0.5\n'
                 'pricing.rental_usd_per_gpu_hour = 2.0\n')
    assert llmcost.Scenario.load(f, catalog=cat).base_point() == ref
    assert llmcost.Scenario.from_toml(f.read_text(), catalog=path).base_point() == ref
    # A scenario pickles with its catalog (the file is read again); so does a Catalog.
    s = llmcost.Scenario.load(f, catalog=cat).with_input("efficiency.mfu", 0.4)
    assert pickle.loads(pickle.dumps(s)).base_point() == s.base_point()
    assert pickle.loads(pickle.dumps(cat)).ids == cat.ids and cat.path == str(path)


def test_reproduce_takes_catalog(tmp_path):
    # H800-SXM replaced by a copy with twice the BF16 peak: the published arithmetic stays, the
    # re-derivation (which reads the chip's peak) changes.
    faster = _copy_of_h800(tmp_path / "h800x2.toml", "H800-SXM", bf16_factor=2.0)
    base = llmcost.reproduce("deepseek-v3").to_dict()
    mine = llmcost.reproduce("deepseek-v3", catalog=faster).to_dict()
    assert [c["reproduced"] for c in mine["claims"]] == [c["reproduced"] for c in base["claims"]]
    values = {r["id"]: r["value"] for r in base["derivation"]}
    changed = {r["id"] for r in mine["derivation"] if r["value"] != values[r["id"]]}
    assert changed and "training_flop_per_token" not in changed  # FLOPs are the model's, not the chip's
    same = _copy_of_h800(tmp_path / "h800.toml", "H800-SXM")
    again = llmcost.reproduce("deepseek-v3", catalog=llmcost.load_catalog(same)).to_dict()
    assert [r["value"] for r in again["derivation"]] == [r["value"] for r in base["derivation"]]
