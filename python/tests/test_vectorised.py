"""numpy arrays in and out: broadcasting, equality with the scalar API, tagged errors, GIL release."""
import threading
import time

import numpy as np
import pytest

import llmcost

V3 = dict(tokens=14.8e12, training_flop_per_token=6 * 37e9, gpus=2048, chip="H800")


def test_price_array_reproduces_table1():
    # DeepSeek-V3 TR Table 1: 2,788K GPU-hours × $2 = $5.576M; at $1 and $3: $2.788M and $8.364M.
    e = llmcost.estimate_training(**V3, gpu_hours=2.788e6, price_usd_per_gpu_hour=np.array([1.0, 2.0, 3.0]))
    assert isinstance(e, llmcost.ArrayResult)
    assert e.shape == (3,)
    np.testing.assert_allclose(e.cost_usd, [2.788e6, 5.576e6, 8.364e6], rtol=1e-15)
    np.testing.assert_allclose(e.gpu_hours, 2.788e6, rtol=1e-15)
    # 2.788M GPU-h / 2,048 GPUs / 24 h = 56.72 days
    np.testing.assert_allclose(e.wall_clock_days, 2.788e6 / 2048 / 24, rtol=1e-14)
    assert not e.cost_usd.flags.writeable  # immutable results
    with pytest.raises(AttributeError):
        e.cost_usd = 1  # type: ignore[misc]
    df = e.to_frame()
    assert list(df["price_usd_per_gpu_hour"]) == [1.0, 2.0, 3.0]
    assert df["cost_usd"].iloc[1] == pytest.approx(5.576e6, rel=1e-15)


def test_broadcasting_outer_product():
    mfu = np.array([0.3, 0.4])[:, None]
    price = np.array([1.0, 2.0, 4.0])
    e = llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=price)
    assert e.cost_usd.shape == (2, 3)
    # hand computation: 14.8e12 × 222e9 FLOP / (0.3 × 989e12 FLOP/s) / 3600 s/h × $1/GPU-h
    h = 14.8e12 * 222e9 / (0.3 * 989e12) / 3600
    assert e.gpu_hours[0, 0] == pytest.approx(h, rel=1e-12)
    assert e.cost_usd[0, 2] == pytest.approx(4 * h, rel=1e-12)
    assert e.cost_usd[1, 0] == pytest.approx(h * 0.3 / 0.4, rel=1e-12)
    assert len(e.to_frame()) == 6


def test_vectorised_equals_scalar_loop_exactly():
    rng = np.random.default_rng(7)
    n = 200
    kw = dict(tokens=rng.uniform(1e11, 2e13, n), training_flop_per_token=rng.uniform(1e9, 1e12, n),
              gpus=rng.integers(8, 20000, n).astype(float), mfu=rng.uniform(0.05, 1.0, n),
              goodput=rng.uniform(0.5, 1.0, n), price_usd_per_gpu_hour=rng.uniform(0.5, 10, n))
    arr = llmcost.estimate_training(chip="H100", outputs="all", **kw)
    for i in range(n):
        s = llmcost.estimate_training(chip="H100", **{k: float(v[i]) for k, v in kw.items()})
        assert arr.cost_usd[i] == s.cost_usd
        assert arr.gpu_hours[i] == s.gpu_hours
        assert arr.flop[i] == s.flop
        assert arr.wall_clock_s[i] == s.wall_clock_s
        assert arr.tokens_per_s_per_gpu[i] == s.tokens_per_s_per_gpu
        assert arr.implied_mfu_bf16[i] == s.implied_mfu_bf16


def test_tco_and_throughput_paths_equal_scalar():
    tco = llmcost.tco_preset("epoch-ai-2024", gpu_price_usd=30000, gpu_tdp_w=700)
    tput = np.array([1000.0, 2000.0, 3500.0])
    arr = llmcost.estimate_training(tokens=1e12, training_flop_per_token=6e10, gpus=1024, chip="H100",
                                    tokens_per_s_per_gpu=tput, goodput=0.9, tco=tco, outputs="all")
    for i, t in enumerate(tput):
        s = llmcost.estimate_training(tokens=1e12, training_flop_per_token=6e10, gpus=1024, chip="H100",
                                      tokens_per_s_per_gpu=t, goodput=0.9, tco=tco).to_dict()["cost"]
        for k in ("total_usd", "hardware_usd", "capital_usd", "power_usd", "facility_usd", "maintenance_usd"):
            got = arr["cost_usd" if k == "total_usd" else k][i]
            assert got == s[k], k
    # the components sum to the total
    parts = sum(arr[k] for k in ("hardware_usd", "capital_usd", "power_usd", "facility_usd", "maintenance_usd"))
    np.testing.assert_allclose(parts, arr.cost_usd, rtol=1e-14)


def test_a100_has_no_fp8_field():
    e = llmcost.estimate_training(tokens=1e12, training_flop_per_token=6e10, gpus=64, chip="A100",
                                  mfu=[0.3, 0.4], price_usd_per_gpu_hour=2.0, outputs="all")
    assert "implied_mfu_bf16" in e and "implied_mfu_fp8" not in e


@pytest.mark.parametrize("kwargs,exc,tag", [
    (dict(mfu=[0.4, 1.5]), ValueError, r"llmcost\.training\.mfu\].*mfu\[1\] = 1\.5"),
    (dict(gpus=[64, 0]), ValueError, r"llmcost\.training\.invalid\].*gpus\[1\]"),
    (dict(tokens=[1e12, np.nan]), ValueError, r"llmcost\.training\.invalid\].*tokens\[1\]"),
    (dict(goodput=[1.0, 0.0]), ValueError, r"llmcost\.training\.goodput"),
    (dict(price_usd_per_gpu_hour=[2.0, -1.0]), ValueError, r"llmcost\.pricing\.invalid_price"),
    (dict(mfu=np.ones(3) * 0.4, gpus=np.ones(2) * 64), ValueError, r"llmcost\.python\.broadcast"),
    (dict(mfu=[0.4], outputs=["cost"]), ValueError, r"llmcost\.python\.outputs"),
    (dict(mfu=[0.4], chip="H900"), KeyError, r"llmcost\.catalog"),
    (dict(mfu=[0.4], tokens_per_s_per_gpu=[1000.0]), ValueError, r"llmcost\.training\.efficiency"),
])
def test_array_errors_are_tagged(kwargs, exc, tag):
    base = dict(tokens=1e12, training_flop_per_token=6e10, gpus=64, chip="H100", mfu=0.4,
                price_usd_per_gpu_hour=2.0)
    base.update(kwargs)
    with pytest.raises(exc, match=tag):
        llmcost.estimate_training(**base)


def test_price_ratio_arrays_hit_list_price_ratios():
    # o1 $15 / $7.50 / $60 per Mtok (OpenAI pricing page), R1 $0.55 / $0.14 / $2.19 (DeepSeek API docs):
    # all-input uncached 15/0.55 = 27.27×, all-input cached 7.5/0.14 = 53.57×, all-output 60/2.19 = 27.40×.
    s = np.array([0.0, 0.0, 1.0])
    c = np.array([0.0, 1.0, 0.0])
    r = llmcost.price_ratio("o1", "deepseek-reasoner", input_tokens=1000 * (1 - s), output_tokens=1000 * s,
                            cached_fraction=c)
    np.testing.assert_allclose(r.price_ratio, [15 / 0.55, 7.5 / 0.14, 60 / 2.19], rtol=1e-12)
    # scalar mix → float
    x = llmcost.price_ratio("o1", "deepseek-reasoner", input_tokens=1000, output_tokens=0, cached_fraction=0)
    assert x == pytest.approx(15 / 0.55, rel=1e-12)


def test_price_ratio_reasoning_multiplier_array_equals_scalar():
    k = np.linspace(0.25, 4, 31)
    arr = llmcost.price_ratio("o1", "deepseek-reasoner", "chat", k)
    for i, kk in enumerate(k):
        assert arr.price_ratio[i] == llmcost.price_ratio("o1", "deepseek-reasoner", "chat", float(kk))


def test_usd_per_mtok_times_mtok_is_usd():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.given(inp=st.floats(0, 1e6), out=st.floats(1, 1e6), cached=st.floats(0, 1))
    @hypothesis.settings(max_examples=60, deadline=None)
    def check(inp, out, cached):
        r = llmcost.price_ratio("o1", "deepseek-reasoner", input_tokens=[inp], output_tokens=[out],
                                cached_fraction=[cached], outputs="all")
        p = llmcost.api_price("deepseek-reasoner")
        usd = (inp * (cached * p["input_cache_hit_usd_per_mtok"] + (1 - cached) * p["input_cache_miss_usd_per_mtok"])
               + out * p["output_usd_per_mtok"]) / 1e6  # $/Mtok × Mtok
        assert r.denominator_usd_per_task[0] == pytest.approx(usd, rel=1e-12)
        assert r.price_ratio[0] == pytest.approx(r.numerator_usd_per_task[0] / r.denominator_usd_per_task[0],
                                                 rel=1e-15)

    check()


def test_properties_linear_in_price_monotone_in_mfu():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.given(price=st.floats(0.1, 20), k=st.floats(1.01, 10), mfu=st.lists(st.floats(0.01, 1.0),
                                                                                    min_size=2, max_size=20))
    @hypothesis.settings(max_examples=60, deadline=None)
    def check(price, k, mfu):
        m = np.sort(np.asarray(mfu))
        e1 = llmcost.estimate_training(**V3, mfu=m, price_usd_per_gpu_hour=price)
        e2 = llmcost.estimate_training(**V3, mfu=m, price_usd_per_gpu_hour=k * price)
        np.testing.assert_allclose(e2.cost_usd, k * e1.cost_usd, rtol=1e-12)  # linear in price
        assert np.all(np.diff(e1.cost_usd) <= 0)  # higher MFU never costs more

    check()


def test_inference_arrays_equal_scalar():
    b = np.array([16.0, 64.0, 256.0])
    arr = llmcost.estimate_inference(batch_per_gpu=b, gpus=32)
    for i, bb in enumerate(b):
        s = llmcost.estimate_inference(batch_per_gpu=float(bb), gpus=32)
        assert arr.decode_tokens_per_s_per_gpu[i] == s["decode_tokens_per_s_per_gpu"]
        assert arr.output_usd_per_token[i] == s["output_usd_per_token"]
        assert bool(arr.fits_in_memory[i]) == s.fits_in_memory
    with pytest.raises(ValueError, match=r"llmcost\.inference\.integer.*tensor_parallel\[1\]"):
        llmcost.estimate_inference(tensor_parallel=[1, 1.5])


def test_threads_give_identical_results():
    rng = np.random.default_rng(3)
    mfu = rng.uniform(0.1, 0.9, 200_000)
    ref = llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0).cost_usd
    out = [None] * 4

    def work(i):
        out[i] = llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0).cost_usd

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for o in out:
        np.testing.assert_array_equal(o, ref)


def test_kernel_releases_the_gil():
    # A Python thread keeps counting while the C++ kernel runs: with the GIL held for the whole
    # kernel the counter would stand still for its duration.
    mfu = np.random.default_rng(5).uniform(0.1, 0.9, 4_000_000)
    state = {"n": 0, "stop": False}

    def count():
        while not state["stop"]:
            state["n"] += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        time.sleep(0.01)
        before = state["n"]
        t0 = time.perf_counter()
        llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0, outputs="all")
        elapsed = time.perf_counter() - t0
        progressed = state["n"] - before
    finally:
        state["stop"] = True
        t.join()
    assert elapsed > 0
    assert progressed > 10_000, (progressed, elapsed)


def test_out_buffers_receive_the_results():
    rng = np.random.default_rng(7)
    mfu = rng.uniform(0.1, 0.9, (300, 4))
    ref = llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0)
    cost = np.full((300, 4), np.nan)
    gpu_h = np.full((300, 4), np.nan)
    res = llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0,
                                    out={"cost_usd": cost, "gpu_hours": gpu_h})
    np.testing.assert_array_equal(cost, ref.cost_usd)  # written in place, bit for bit
    np.testing.assert_array_equal(gpu_h, ref.gpu_hours)
    assert np.shares_memory(res.cost_usd, cost) and not res.cost_usd.flags.writeable
    np.testing.assert_array_equal(res.flop, ref.flop)  # outputs without a buffer are allocated as before
    # Threads, each with its own buffers, agree with the single call.
    outs = [np.empty((300, 4)) for _ in range(4)]
    ts = [threading.Thread(target=lambda o=o: llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0,
                                                                        out={"cost_usd": o})) for o in outs]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for o in outs:
        np.testing.assert_array_equal(o, ref.cost_usd)


@pytest.mark.parametrize("bad", [
    lambda mfu: {"cost_usd": np.empty((3,))},                       # wrong shape
    lambda mfu: {"cost_usd": np.empty((4,), dtype=np.float32)},      # wrong dtype
    lambda mfu: {"cost_usd": np.empty((8,))[::2]},                   # not contiguous
    lambda mfu: {"cost_usd": mfu},                                   # aliases an input
    lambda mfu: {"implied_mfu_fp8": np.empty((4,))},                 # not requested
])
def test_bad_out_buffers_are_tagged_errors(bad):
    mfu = np.array([0.2, 0.3, 0.4, 0.5])
    with pytest.raises(ValueError, match=r"llmcost\.python\.out"):
        llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0, out=bad(mfu))


def test_out_buffers_need_array_arguments():
    with pytest.raises(ValueError, match=r"llmcost\.python\.out"):
        llmcost.estimate_training(**V3, mfu=0.4, price_usd_per_gpu_hour=2.0, out={"cost_usd": np.empty(1)})
