"""Plots for notebooks (matplotlib, imported only when a function is called).

Every function draws on ``ax`` (a new figure when None) and returns the Axes.

* :func:`cost_breakdown` — stacked bars: one bar per phase, one stack per cost component;
* :func:`tornado` — one-at-a-time sensitivity bars around the base value;
* :func:`mc_histogram` — Monte Carlo histogram with percentiles and the published claim marked;
* :func:`price_ratio_heatmap` — numerator/denominator price ratio over output share × cache-hit
  rate, with contour lines (default 20× and 50×, the "R1 is 20–50× cheaper than o1" claim);
* :func:`gpu_hours_by_chip` — GPU-hours of the same run on each chip (counterfactuals).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import _vectorised
from .results import MonteCarloResult, Tornado

COMPONENTS = ("rental_usd", "hardware_usd", "capital_usd", "power_usd", "facility_usd", "maintenance_usd")


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=(7, 4.2))
    return ax


def _money(x: float) -> str:
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"${x / div:.3g}{suffix}"
    return f"${x:.3g}"


def _cost(d: Mapping[str, Any]) -> Mapping[str, float]:
    """The cost breakdown of a TrainingResult's document (``cost``) or a TrainingEstimate's (``total``)."""
    if "phases" in d:
        return d["total"]["cost"]
    if d["cost"] is None:
        raise ValueError(f"[llmcost.plot.no_cost] {d.get('chip')} has no price: give price_usd_per_gpu_hour= or tco=")
    return d["cost"]


def _phase_costs(data: Any, labels: Sequence[str] | None = None) -> dict[str, dict[str, float]]:
    """{bar: {component_usd: USD}} from a TrainingResult or TrainingEstimate, a mapping or a sequence of them,
    or plain dicts."""
    if hasattr(data, "to_dict") and not isinstance(data, Mapping):
        d = data.to_dict()
        if "phases" not in d:  # a TrainingResult: one run
            return {d.get("model") or "run": {k: _cost(d)[k] for k in COMPONENTS}}
        phases = d["phases"] if len(d["phases"]) > 1 else [d["total"]]
        return {p["name"]: {k: p["cost"][k] for k in COMPONENTS} for p in phases}
    if not isinstance(data, Mapping):
        items = list(data)
        names = list(labels) if labels is not None else [str(i + 1) for i in range(len(items))]
        if len(names) != len(items) or len(set(names)) != len(names):
            raise ValueError(f"[llmcost.plot.labels] labels={names!r}: need {len(items)} distinct labels, "
                             "one per estimate")
        data = dict(zip(names, items))
    elif labels is not None:
        raise ValueError("[llmcost.plot.labels] labels= is for a sequence of estimates; a mapping names its bars")
    out: dict[str, dict[str, float]] = {}
    for name, v in dict(data).items():
        if hasattr(v, "to_dict"):
            out[name] = {k: _cost(v.to_dict())[k] for k in COMPONENTS}
        else:
            out[name] = {k: float(x) for k, x in dict(v).items() if k != "total_usd"}
    return out


def cost_breakdown(data: Any, *, labels: Sequence[str] | None = None, ax=None, title: str | None = None):
    """Stacked bar chart of cost [USD]: one bar per phase (or estimate), one colour per cost component.

    ``data``: a TrainingEstimate (its phases), a mapping {bar label: TrainingEstimate}, a sequence
    of TrainingEstimates (one bar each, labelled by ``labels``, default "1", "2", ...), or
    {bar label: {component_usd: USD}}. Components that are zero everywhere are left out. The
    total of each bar is written on top; the bar heights sum to the total cost.
    """
    ax = _axes(ax)
    costs = _phase_costs(data, labels)
    phases = list(costs)
    comps = [c for c in dict.fromkeys(k for v in costs.values() for k in v) if any(costs[p].get(c, 0) for p in phases)]
    bottom = np.zeros(len(phases))
    x = np.arange(len(phases))
    for c in comps:
        h = np.array([costs[p].get(c, 0.0) for p in phases])
        ax.bar(x, h, bottom=bottom, label=c.removesuffix("_usd").replace("_", " "))
        bottom += h
    for xi, total in zip(x, bottom):
        ax.annotate(_money(total), (xi, total), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, phases)
    ax.set_ylabel("cost [USD]")
    ax.set_title(title or f"Cost by phase and component (total {_money(bottom.sum())})")
    if comps:
        ax.legend(fontsize=8)
    return ax


def tornado(data: Any, *, ax=None, input_labels: Mapping[str, str] | None = None, max_bars: int | None = None):
    """Tornado chart: for each input, the metric with the input at its low and high quantile.

    ``data``: a :class:`Tornado` (``Scenario.tornado`` / ``sensitivity``) or a dict with ``base``
    and ``bars`` = [{"input", "metric_low", "metric_high"}, ...] (plain numbers work too).
    Bars are drawn largest swing on top, from the base value.
    """
    ax = _axes(ax)
    d = data.to_dict() if isinstance(data, Tornado) else dict(data)
    base = float(d["base"])
    bars = sorted(d["bars"], key=lambda b: abs(b["metric_high"] - b["metric_low"]))
    if max_bars:
        bars = bars[-max_bars:]
    y = np.arange(len(bars))
    lo = np.array([b["metric_low"] for b in bars], dtype=float)
    hi = np.array([b["metric_high"] for b in bars], dtype=float)
    ax.barh(y, lo - base, left=base, color="tab:blue", label="input at low quantile")
    ax.barh(y, hi - base, left=base, color="tab:orange", label="input at high quantile")
    ax.axvline(base, color="black", lw=1)
    labels = [(input_labels or {}).get(b["input"], b["input"]) for b in bars]
    ax.set_yticks(y, labels)
    metric = d.get("metric", "metric")
    ax.set_xlabel(metric)
    ax.set_title(f"Sensitivity of {metric} (base {base:.4g})")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def mc_histogram(data: Any, metric: str | None = None, *, claim: float | None = None, claim_label: str = "published",
                 percentiles: Sequence[float] = (5, 50, 95), bins: int = 50, ax=None):
    """Monte Carlo histogram of ``metric`` with percentile lines and the published claim marked.

    ``data``: a :class:`MonteCarloResult` (its histogram and percentiles; the file's markers, such
    as DeepSeek's $5.576M, are drawn unless ``claim`` is given) or an array of samples. The claim
    line's label gives P(X ≤ claim).
    """
    ax = _axes(ax)
    if isinstance(data, MonteCarloResult):
        m = data[metric or data.metrics[0]]
        edges, counts = m.histogram
        ax.stairs(counts, edges, fill=True, alpha=0.6, label=f"{data.samples:,} samples")
        pct = m.percentiles
        marks = [(claim_label, claim, None)] if claim is not None else [
            (mk["label"], mk["value"], mk["cdf"]) for mk in m.markers]
        name = m.metric
        samples = None
    else:
        samples = np.asarray(data, dtype=float).reshape(-1)
        counts, edges, _ = ax.hist(samples, bins=bins, alpha=0.6, label=f"{samples.size:,} samples")
        pct = {float(p): float(v) for p, v in zip(percentiles, np.percentile(samples, percentiles))}
        marks = [(claim_label, claim, None)] if claim is not None else []
        name = metric or "value"
    for p, v in pct.items():
        ax.axvline(v, color="gray", ls="--", lw=1)
        ax.annotate(f"P{p:g}", (v, ax.get_ylim()[1]), ha="center", va="bottom", fontsize=8, color="gray")
    for label, value, cdf in marks:
        if value is None:
            continue
        if cdf is None and samples is not None:
            cdf = float(np.mean(samples <= value))
        text = f"{label}" + (f" (P(X ≤ it) = {cdf:.1%})" if cdf is not None else "")
        ax.axvline(value, color="red", lw=2, label=text)
    ax.set_xlabel(name)
    ax.set_ylabel("samples")
    ax.legend(fontsize=8)
    return ax


def price_ratio_heatmap(numerator: str = "o1", denominator: str = "deepseek-reasoner", *,
                        reasoning_multiplier: float = 1.0, levels: Iterable[float] = (20, 50), steps: int = 101,
                        tokens_per_task: float = 1000.0, ax=None):
    """Heat map of the price ratio numerator/denominator over the task mix.

    x: output share of billed tokens s ∈ [0, 1] (output tokens, reasoning included, are billed as
    output by both models); y: cache-hit rate of the input f ∈ [0, 1]. Per task: input
    (1 − s)·T tokens, of which f cached, and s·T output tokens (counted as reasoning, so that
    ``reasoning_multiplier`` k makes the denominator's model emit k·s·T). Contours at ``levels``
    (drawn where the ratio crosses them; labelled "20×"). The ContourSet is kept as
    ``ax.llmcost_contours``. For o1/R1 list prices and k = 1 the ratio spans 27.3×–53.6×.
    """
    ax = _axes(ax)
    s = np.linspace(0.0, 1.0, steps)
    f = np.linspace(0.0, 1.0, steps)[:, None]
    r = _vectorised.price_ratio(numerator, denominator, reasoning_multiplier=reasoning_multiplier,
                                input_tokens=tokens_per_task * (1 - s), output_tokens=0.0,
                                reasoning_tokens=tokens_per_task * s, cached_fraction=f).price_ratio
    mesh = ax.pcolormesh(s, f[:, 0], r, shading="auto", cmap="viridis")
    ax.figure.colorbar(mesh, ax=ax, label=f"{numerator} / {denominator} cost per task")
    lv = sorted(float(x) for x in levels)
    inside = [x for x in lv if r.min() <= x <= r.max()]
    cs = None
    if inside:
        cs = ax.contour(s, f[:, 0], r, levels=inside, colors="white", linewidths=1.5)
        ax.clabel(cs, fmt=lambda v: f"{v:g}×", fontsize=9)
    ax.llmcost_contours = cs  # type: ignore[attr-defined]
    ax.set_xlabel("output share of billed tokens")
    ax.set_ylabel("input cache-hit rate")
    missing = [x for x in lv if x not in inside]
    note = f"; never {', '.join(f'{x:g}×' for x in missing)} (range {r.min():.1f}×–{r.max():.1f}×)" if missing else ""
    ax.set_title(f"{numerator} / {denominator}, reasoning ×{reasoning_multiplier:g}{note}", fontsize=10)
    return ax


def gpu_hours_by_chip(chips: Sequence[str] = ("H800", "H100", "H200", "H20", "A100", "B200"), *, tokens: float = 14.8e12,
                      training_flop_per_token: float = 250.4e9, mfu: float = 0.3894, mfu_precision: str = "bf16",
                      gpus: float = 2048, published: tuple[str, float] | None = ("H800", 2.664e6), ax=None):
    """Bar chart of GPU-hours for the same run on each chip at the same MFU (counterfactuals).

    Defaults: DeepSeek-V3 pre-training, 14.8T tokens × 250.4 GFLOP/token (ISCA '25 Table 2, main
    model) at the measured 38.94% BF16 MFU (ISCA '25 Table 4); ``published`` marks the reported
    2,664K H800 GPU-hours (DeepSeek-V3 TR Table 1). Chips without a ``mfu_precision`` peak are skipped.
    """
    from . import _core
    ax = _axes(ax)
    names, hours = [], []
    for c in chips:
        if not _core.chip(c).supports(mfu_precision):
            continue
        e = _core.estimate_training(tokens=tokens, training_flop_per_token=training_flop_per_token, gpus=gpus,
                                    chip=c, mfu=mfu, mfu_precision=mfu_precision, price_usd_per_gpu_hour=1.0)
        names.append(c)
        hours.append(e.gpu_hours)
    x = np.arange(len(names))
    ax.bar(x, hours, color="tab:green")
    for xi, h in zip(x, hours):
        ax.annotate(f"{h / 1e6:.3g}M", (xi, h), ha="center", va="bottom", fontsize=9)
    if published is not None and published[0] in names:
        i = names.index(published[0])
        ax.plot([i], [published[1]], "r*", ms=14, label=f"published {published[0]}: {published[1] / 1e6:.3g}M GPU-h")
        ax.legend(fontsize=8)
    ax.set_xticks(x, names)
    ax.set_ylabel("GPU-hours")
    ax.set_title(f"Same run at {mfu:.2%} {mfu_precision.upper()} MFU on each chip")
    return ax
