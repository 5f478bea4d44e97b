"""llmcost.plot: each plot renders to PNG (Agg) and shows what it claims to show."""
import pathlib

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import llmcost  # noqa: E402
import llmcost.plot  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _png(ax, tmp_path, name):
    p = tmp_path / f"{name}.png"
    ax.figure.savefig(p, dpi=60)
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 2000
    return p


def _bar_tops(ax):
    """Sum of the stacked bar heights per x position."""
    tops = {}
    for patch in ax.patches:
        x = round(patch.get_x() + patch.get_width() / 2, 6)
        tops[x] = tops.get(x, 0.0) + patch.get_height()
    return [tops[k] for k in sorted(tops)]


def test_cost_breakdown_bars_sum_to_total(tmp_path):
    # DeepSeek-V3 TR Table 1 phases: 2,664K + 119K + 5K GPU-hours, owned under a TCO preset.
    tco = llmcost.tco_preset("epoch-ai-2024", gpu_price_usd=30000, gpu_tdp_w=700)
    phases = {name: llmcost.estimate_training(tokens=1e12, training_flop_per_token=6e10, gpus=2048, chip="H800",
                                              gpu_hours=h, tco=tco)
              for name, h in (("pre-training", 2.664e6), ("context extension", 0.119e6), ("post-training", 5e3))}
    ax = llmcost.plot.cost_breakdown(phases)
    _png(ax, tmp_path, "breakdown")
    tops = _bar_tops(ax)
    per_hour = tco.usd_per_gpu_hour
    np.testing.assert_allclose(tops, [2.664e6 * per_hour, 0.119e6 * per_hour, 5e3 * per_hour], rtol=1e-9)
    assert sum(tops) == pytest.approx(2.788e6 * per_hour, rel=1e-9)
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    cost = phases["pre-training"].to_dict()["cost"]
    nonzero = {k.removesuffix("_usd") for k, v in cost.items() if k != "total_usd" and v > 0}
    assert labels == nonzero and {"hardware", "power"} <= labels  # one stack per non-zero component
    # rental: one component; $5.576M in total
    rent = {n: llmcost.estimate_training(tokens=1e12, training_flop_per_token=6e10, gpus=2048, chip="H800", gpu_hours=h,
                                         price_usd_per_gpu_hour=2.0)
            for n, h in (("pre-training", 2.664e6), ("context extension", 0.119e6), ("post-training", 5e3))}
    ax2 = llmcost.plot.cost_breakdown(rent)
    assert sum(_bar_tops(ax2)) == pytest.approx(5.576e6, rel=1e-12)


def test_cost_breakdown_of_a_list_of_estimates(tmp_path):
    # The same 2,788K GPU-hours at $2 and at $3 per GPU-hour: $5.576M and $8.364M, one bar each.
    runs = [llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800", gpu_hours=2.788e6,
                                      price_usd_per_gpu_hour=p) for p in (2.0, 3.0)]
    ax = llmcost.plot.cost_breakdown(runs, labels=["$2/GPU-h", "$3/GPU-h"])
    _png(ax, tmp_path, "breakdown_list")
    np.testing.assert_allclose(_bar_tops(ax), [5.576e6, 8.364e6], rtol=1e-12)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["$2/GPU-h", "$3/GPU-h"]
    assert [t.get_text() for t in llmcost.plot.cost_breakdown(runs).get_xticklabels()] == ["1", "2"]
    with pytest.raises(ValueError, match=r"llmcost\.plot\.labels"):
        llmcost.plot.cost_breakdown(runs, labels=["only one"])


def test_tornado_from_plain_dict_and_scenario(tmp_path):
    d = {"metric": "cost_usd", "base": 10.0,
         "bars": [{"input": "a", "metric_low": 9.0, "metric_high": 11.0},
                  {"input": "b", "metric_low": 5.0, "metric_high": 20.0}]}
    ax = llmcost.plot.tornado(d)
    _png(ax, tmp_path, "tornado")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]  # largest swing on top
    widths = sorted(round(p.get_width(), 9) for p in ax.patches)
    assert widths == sorted([-1.0, 1.0, -5.0, 10.0])
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    ax = llmcost.plot.tornado(s.tornado("program_cost_usd"))
    assert len(ax.patches) == 2 * len(s.uncertain_inputs)


def test_mc_histogram_marks_claim(tmp_path):
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    r = s.run(samples=20_000, seed=1)
    ax = llmcost.plot.mc_histogram(r, "final_run_cost_usd")
    _png(ax, tmp_path, "mc")
    reds = [ln for ln in ax.lines if ln.get_color() == "red"]
    assert len(reds) == 1 and reds[0].get_xdata()[0] == 5.576e6
    assert "DeepSeek's $5.576M" in reds[0].get_label()
    pct_lines = [ln.get_xdata()[0] for ln in ax.lines if ln.get_color() == "gray"]
    m = r["final_run_cost_usd"]
    assert sorted(pct_lines) == sorted(m.percentiles.values())
    # plain samples k/1000, k = 0..999: P(X <= 0.25) counts k = 0..250, i.e. 251/1000 = 25.1%
    x = np.linspace(0, 1, 1000, endpoint=False)
    ax = llmcost.plot.mc_histogram(x, claim=0.25, claim_label="claim")
    assert "25.1%" in [ln for ln in ax.lines if ln.get_color() == "red"][0].get_label()


def test_price_ratio_heatmap_contours(tmp_path):
    ax = llmcost.plot.price_ratio_heatmap("o1", "deepseek-reasoner")
    _png(ax, tmp_path, "heatmap")
    cs = ax.llmcost_contours
    # list prices span 15/0.55 = 27.3× … 7.5/0.14 = 53.6×: the 50× contour exists, 20× cannot
    assert list(cs.levels) == [50.0]
    assert "never 20×" in ax.get_title()
    # On the all-input edge (s = 0) the ratio is (15 − 7.5f)/(0.55 − 0.41f) = 50 at
    # 15 − 7.5f = 27.5 − 20.5f → f = 12.5/13 = 0.9615.
    pts = np.concatenate(cs.allsegs[0])
    near_edge = pts[pts[:, 0] < 0.005]
    assert near_edge.size and abs(near_edge[:, 1].mean() - 12.5 / 13) < 0.01
    # If R1 writes twice as many output tokens, all-output tasks cost 60/(2 × 2.19) = 13.7× → 20× appears
    ax = llmcost.plot.price_ratio_heatmap("o1", "deepseek-reasoner", reasoning_multiplier=2.0)
    assert list(ax.llmcost_contours.levels) == [20.0, 50.0]
    assert all(len(seg) for seg in ax.llmcost_contours.allsegs)
    texts = {t.get_text() for t in ax.texts}
    assert "20×" in texts and texts <= {"20×", "50×"}  # clabel may skip the short 50× line


def test_gpu_hours_by_chip(tmp_path):
    ax = llmcost.plot.gpu_hours_by_chip(("H800", "A100", "H20"), tokens=14.8e12, training_flop_per_token=250e9,
                                        mfu=0.3894)
    _png(ax, tmp_path, "chips")
    heights = [p.get_height() for p in ax.patches]
    # hand computation: 14.8e12 × 250e9 / (0.3894 × peak_bf16) / 3600
    for h, peak in zip(heights, [989e12, llmcost.chip("A100").peak_bf16_flop_per_s,
                                 llmcost.chip("H20").peak_bf16_flop_per_s]):
        assert h == pytest.approx(14.8e12 * 250e9 / (0.3894 * peak) / 3600, rel=1e-12)
    assert heights[0] == pytest.approx(2.664e6, rel=0.02)  # 2,664K published (TR Table 1) at the measured MFU
    assert any(ln.get_marker() == "*" for ln in ax.lines)
