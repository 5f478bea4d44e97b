"""Scenarios and reproduction reports from Python: load, run, sample ranges, sensitivity, reports."""
import math
import pathlib
import pickle
from statistics import NormalDist

import numpy as np
import pytest

import llmcost

ROOT = pathlib.Path(__file__).resolve().parents[2]
V3_TRUE_COST = ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml"


def test_reproduce_deepseek_v3():
    r = llmcost.reproduce("deepseek-v3")
    d = r.to_dict()
    total = next(c for c in d["claims"] if c["id"] == "total_cost")
    # DeepSeek-V3 TR Table 1: 2,788K GPU-hours × $2/GPU-hour = $5.576M
    assert total["published"] == 5.576e6 and total["reproduced"] == pytest.approx(2.788e6 * 2, rel=1e-15)
    df = r.to_frame()
    assert df.loc["total_cost", "reproduced"] == pytest.approx(5.576e6, rel=1e-15)
    html = r._repr_html_()
    assert "<table" in html and "Total training cost" in html
    assert "Reproduction" in str(r)
    with pytest.raises(KeyError, match=r"llmcost\.claims\.unknown_report"):
        llmcost.reproduce("deepseek-v4")
    assert "deepseek-r1-pricing" in llmcost.reproducible_ids()


def test_reproduce_r1_o1_ratios():
    d = llmcost.reproduce("deepseek-r1-pricing").to_dict()
    values = {c["id"]: c["reproduced"] for c in d["claims"]}
    # 15/0.55 = 27.27, 7.5/0.14 = 53.57, 60/2.19 = 27.40 (OpenAI and DeepSeek price pages)
    reproduced = sorted(values.values())
    for expected in (15 / 0.55, 7.5 / 0.14, 60 / 2.19):
        assert any(v == pytest.approx(expected, rel=1e-9) for v in reproduced), expected


def test_load_run_and_frame():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    assert s.base == "deepseek-v3"
    assert "efficiency.mfu" in s.uncertain_inputs
    r = s.run(samples=20_000, seed=1)
    assert r.samples == 20_000 and r.seed == 1
    m = r["final_run_cost_usd"]
    assert m.percentiles[5.0] < m.percentiles[50.0] < m.percentiles[95.0]
    edges, counts = m.histogram
    assert counts.sum() == 20_000 and len(edges) == len(counts) + 1
    assert m.markers[0]["value"] == 5.576e6  # the published figure is marked
    df = r.to_frame()
    assert list(df.index) == r.metrics
    with pytest.raises(KeyError, match=r"unknown_metric"):
        r["nope"]


def test_same_seed_same_result_and_threads_do_not_matter():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    a = s.run(samples=30_000, seed=9, threads=1)
    b = s.run(samples=30_000, seed=9, threads=2)
    assert a.to_dict() == b.to_dict()
    assert s.run(samples=30_000, seed=10).to_dict() != a.to_dict()


def test_sample_ranges_concatenate_to_the_run():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    whole = s.sample(10_000, seed=4)
    parts = [s.sample(10_000, seed=4, begin=b, end=e) for b, e in ((0, 3333), (3333, 7000), (7000, 10_000))]
    for k, v in whole.items():
        np.testing.assert_array_equal(np.concatenate([p[k] for p in parts]), v)
    assert s.summarise(whole, samples=10_000, seed=4).to_dict() == s.run(samples=10_000, seed=4).to_dict()


def test_from_dict_with_input_and_pickle():
    s = llmcost.Scenario.from_dict({"base": "deepseek-v3",
                                    "efficiency": {"mfu": {"dist": "uniform", "low": 0.3, "high": 0.45}}})
    assert s.uncertain_inputs == ["efficiency.mfu"]
    s2 = s.with_input("pricing.rental_usd_per_gpu_hour", {"dist": "uniform", "low": 1.7, "high": 3.0})
    assert s2.uncertain_inputs == ["efficiency.mfu", "pricing.rental_usd_per_gpu_hour"]
    assert s.uncertain_inputs == ["efficiency.mfu"]  # immutable
    s3 = pickle.loads(pickle.dumps(s2))
    assert s3.run(samples=5000, seed=2).to_dict() == s2.run(samples=5000, seed=2).to_dict()
    # rental price fixed at $3: the base point scales by 3/2 against the default $2
    s4 = s.with_input("pricing.rental_usd_per_gpu_hour", 3.0)
    assert s4.base_point()["final_run_cost_usd"] == pytest.approx(1.5 * s.base_point()["final_run_cost_usd"],
                                                                  rel=1e-12)


def test_errors():
    with pytest.raises(ValueError, match=r"llmcost\.scenario\.invalid"):
        llmcost.Scenario.from_toml('base = "deepseek-v3"\nefficiency.mfu = 1.5\n')
    with pytest.raises(ValueError, match=r"llmcost\.scenario"):
        llmcost.Scenario.from_dict({"base": "nope"})
    with pytest.raises(OSError):
        llmcost.Scenario.load(ROOT / "does-not-exist.toml")
    s = llmcost.Scenario.load(V3_TRUE_COST)
    with pytest.raises(ValueError, match=r"llmcost\.scenario\.samples"):
        s.run(samples=0)
    with pytest.raises(ValueError, match=r"llmcost\.scenario\.method"):
        s.run(samples=10, method="latin")
    with pytest.raises(ValueError, match=r"llmcost\.scenario\.distribution"):
        s.with_input("efficiency.mfu", {"dist": "beta", "a": 1})


def test_sensitivity():
    s = llmcost.Scenario.load(V3_TRUE_COST)
    out = llmcost.sensitivity(s, sobol=True, base_samples=512, bootstrap=20)
    t = out["tornado"]
    assert t.metric == "program_cost_usd"
    swings = [abs(b["metric_high"] - b["metric_low"]) for b in t.bars]
    assert swings == sorted(swings, reverse=True)
    assert set(t.to_frame().index) == set(s.uncertain_inputs)
    sob = out["sobol"].to_frame()
    assert set(sob.index) == set(s.uncertain_inputs)


def test_rank_correlated_inputs_from_a_dict():
    spec = {
        "base": "deepseek-v3",
        "phases": {"pretrain": {"tokens": {"dist": "lognormal", "median": 14.8e12, "sigma_log": 0.2}}},
        "pricing": {"rental_usd_per_gpu_hour": {"dist": "lognormal", "median": 2.0, "sigma_log": 0.3}},
        "correlation": [{"between": ["phases.pretrain.tokens", "pricing.rental_usd_per_gpu_hour"],
                         "rank_correlation": 0.5}],
    }
    s = llmcost.Scenario.from_dict(spec)
    assert s.correlations == [("phases.pretrain.tokens", "pricing.rental_usd_per_gpu_hour", 0.5)]
    r = s.run(samples=200_000, seed=4, metrics=["final_run_cost_usd"], percentiles=[50, 95])
    pct = r.to_dict()["metrics"][0]["percentiles"]
    p50, p95 = pct["p50"], pct["p95"]
    # ln(cost) ~ N(., σ), σ = √(0.2² + 0.3² + 2·r·0.2·0.3), r = 2 sin(π·0.5/6) = 0.517638 (Kruskal 1958)
    assert math.log(p95 / p50) / 1.6448536 == pytest.approx(0.438305, abs=0.006)
    with pytest.raises(ValueError, match=r"Sobol indices assume independent inputs"):
        llmcost.Scenario.from_dict({**spec, "sensitivity": {"sobol": True}})


def test_scenario_names_the_defaults_that_stand_in_for_missing_catalog_data():
    owned = llmcost.Scenario.from_toml('base = "deepseek-v3"\npricing.model = "ownership"\n')
    assert len(owned.notes) == 1 and "H800-SXM has no purchase price" in owned.notes[0]
    assert llmcost.Scenario.from_toml('base = "deepseek-v3"\n').notes == []


def test_the_realisation_distribution_gives_the_prediction_interval():
    # estimate training's prediction at a stated layout: steady-state MFU and its 80% interval.
    e = llmcost.estimate_training(model="deepseek-v3", tokens=14.8e12, chip="H800", gpus=2048, precision="fp8",
                                  pp=16, ep=64, schedule="dualpipe", recompute="selective", zero_stage=1,
                                  global_batch_tokens=15360 * 4096, max_nodes_per_token=4,
                                  price_usd_per_gpu_hour=2.0)
    p = e.prediction
    # A scenario with that steady-state MFU and goodput ~ the realisation samples the same run. The
    # realisation is a lognormal with the prediction's median and 80% interval; goodput cannot exceed
    # 1, so the scenario truncates it there. By hand: r_q = m·exp(s·Φ⁻¹(q·F)), F = Φ(ln(1/m)/s); the
    # base point sits at the truncated median r_0.5, and GPU-hours ∝ 1/r, so the GPU-hours'
    # p-quantile over the base point is r_0.5 / r_(1−p) = exp(s·(Φ⁻¹(F/2) − Φ⁻¹((1 − p)·F))).
    z = p["realisation"]
    m = z["median"]
    sd = math.log(z["p90"] / m) / NormalDist().inv_cdf(0.9)
    assert math.log(m / z["p10"]) / NormalDist().inv_cdf(0.9) == pytest.approx(sd, rel=1e-9)
    # Untruncated, the scenario's interval would be the prediction's exactly.
    assert e.gpu_hours_p10 / e.gpu_hours == pytest.approx(m / z["p90"], rel=1e-9)
    s = llmcost.Scenario.from_dict({"base": "deepseek-v3",
                                    "efficiency": {"mfu": p["ceiling_mfu"], "goodput": {"dist": "realisation"}}})
    assert s.uncertain_inputs == ["efficiency.goodput"]
    metric = "gpu_hours"
    r = s.run(samples=200_000, seed=3, metrics=metric, percentiles=[10, 50, 90])
    base = s.base_point()[metric]
    f = NormalDist().cdf(math.log(1 / m) / sd)
    for pct in (10.0, 50.0, 90.0):
        want = math.exp(sd * (NormalDist().inv_cdf(f / 2) - NormalDist().inv_cdf((1 - pct / 100) * f)))
        assert r[metric].percentiles[pct] / base == pytest.approx(want, rel=0.01), pct
    with pytest.raises(ValueError, match=r"realisation"):
        llmcost.Scenario.from_dict({"base": "deepseek-v3", "efficiency": {"goodput": {"dist": "realisation",
                                                                                    "median": 0.5}}})
