"""Immutable result objects with ``to_dict()``, ``to_frame()`` (pandas, imported lazily) and HTML.

* :class:`ArrayResult` — arrays from a vectorised call (``estimate_training(mfu=np.linspace(...))``);
* :class:`MonteCarloResult`, :class:`Tornado`, :class:`SobolResult`, :class:`SweepTable` — scenario runs;
* :class:`Report` — a reproduction report (``llmcost.reproduce("deepseek-v3")``).

Keys carry units in their names (``cost_usd``, ``gpu_hours``), values are SI base units.
"""
from __future__ import annotations

import copy
import html
import json
from typing import Any, Iterator, Mapping

import numpy as np


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - pandas is a declared dependency
        raise ImportError("to_frame() needs pandas: pip install pandas") from exc
    return pandas


class _Frozen:
    """Rejects attribute assignment after construction."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


class ArrayResult(_Frozen, Mapping[str, np.ndarray]):
    """Outputs of a vectorised call: read-only numpy arrays of the broadcast shape.

    Fields are attributes and keys (``r.cost_usd``, ``r["cost_usd"]``); ``inputs`` holds the
    arguments as given. ``to_frame()`` has one row per element with inputs and outputs.
    """

    __slots__ = ("_kind", "_fields", "_inputs", "_total")

    def __init__(self, kind: str, fields: Mapping[str, np.ndarray], inputs: Mapping[str, Any] | None = None,
                 total: str | None = None) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_fields", dict(fields))
        object.__setattr__(self, "_inputs", dict(inputs or {}))
        object.__setattr__(self, "_total", total)

    def __reduce__(self):
        return (ArrayResult, (self._kind, self._fields, self._inputs, self._total))

    def __getattr__(self, name: str) -> np.ndarray:
        fields = object.__getattribute__(self, "_fields")
        if name in fields:
            return fields[name]
        raise AttributeError(f"{object.__getattribute__(self, '_kind')} has no field {name!r}; "
                             f"fields: {', '.join(fields)}")

    def __getitem__(self, key: str) -> np.ndarray:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._fields))

    @property
    def shape(self) -> tuple[int, ...]:
        return next(iter(self._fields.values())).shape

    @property
    def inputs(self) -> dict[str, Any]:
        return dict(self._inputs)

    def to_dict(self) -> dict[str, np.ndarray]:
        """The output arrays by name (units in the names)."""
        return dict(self._fields)

    def to_frame(self):
        """A pandas DataFrame: one row per element, numeric inputs first, then outputs."""
        pd = _pandas()
        shape = self.shape
        cols: dict[str, np.ndarray] = {}
        for k, v in self._inputs.items():
            if v is None or isinstance(v, str):
                continue
            a = np.asarray(v)
            if a.dtype.kind in "fiub":
                cols[k] = np.broadcast_to(a, shape).reshape(-1)
        for k, v in self._fields.items():
            cols[k] = v.reshape(-1)
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        return f"<llmcost.{self._kind} arrays of shape {self.shape}: {', '.join(self._fields)}>"


class _JsonResult(_Frozen):
    """A result backed by the C++ JSON rendering (``to_dict()`` returns a deep copy of it)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | str) -> None:
        object.__setattr__(self, "_data", json.loads(data) if isinstance(data, str) else dict(data))

    def __reduce__(self):
        return (type(self), (self._data,))

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._data == other._data  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(json.dumps(self._data, sort_keys=True))

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()


class MetricSummary(_Frozen):
    """One metric of a Monte Carlo run: mean, sd, min, max, percentiles, histogram, markers."""

    __slots__ = ("_d",)

    def __init__(self, d: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_d", d)

    metric = property(lambda self: self._d["metric"])
    unit = property(lambda self: self._d["unit"])
    base = property(lambda self: self._d["base"])
    mean = property(lambda self: self._d["mean"])
    sd = property(lambda self: self._d["sd"])
    min = property(lambda self: self._d["min"])
    max = property(lambda self: self._d["max"])

    @property
    def percentiles(self) -> dict[float, float]:
        """{p: value} with p in [0, 100] (keys "p5" → 5.0)."""
        return {float(k[1:]): v for k, v in self._d["percentiles"].items()}

    @property
    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(edges, counts): counts[k] samples in [edges[k], edges[k+1])."""
        h = self._d["histogram"]
        return np.asarray(h["edges"], dtype=float), np.asarray(h["counts"], dtype=np.int64)

    @property
    def markers(self) -> list[dict[str, Any]]:
        """Marked points (label, value, cdf = P(X ≤ value)), e.g. DeepSeek's published $5.576M."""
        return copy.deepcopy(self._d.get("markers", []))

    @property
    def intervals(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._d.get("intervals", []))

    def __repr__(self) -> str:
        return f"<llmcost.MetricSummary {self.metric}: mean {self.mean:.6g} {self.unit}, sd {self.sd:.6g}>"


class MonteCarloResult(_JsonResult):
    """Summary of a Monte Carlo run (llmcost/scenario/scenario.hpp McResult): per metric mean, sd,
    type-7 percentiles, histogram and marked points. ``result["final_run_cost_usd"]`` gives one
    :class:`MetricSummary`; ``to_frame()`` one row per metric."""

    __slots__ = ()

    samples = property(lambda self: self._data["samples"])
    seed = property(lambda self: self._data["seed"])
    method = property(lambda self: self._data["method"])

    @property
    def metrics(self) -> list[str]:
        return [m["metric"] for m in self._data["metrics"]]

    def __getitem__(self, metric: str) -> MetricSummary:
        for m in self._data["metrics"]:
            if m["metric"] == metric:
                return MetricSummary(copy.deepcopy(m))
        raise KeyError(f"[llmcost.scenario.unknown_metric] {metric!r} not in this result; "
                       f"metrics: {', '.join(self.metrics)}")

    def to_frame(self):
        pd = _pandas()
        rows = []
        for m in self._data["metrics"]:
            row = {k: m[k] for k in ("metric", "unit", "base", "mean", "sd", "min", "max")}
            row.update(m["percentiles"])
            for mk in m.get("markers", []):
                row[f"P(X <= {mk['label']})"] = mk["cdf"]
            rows.append(row)
        return pd.DataFrame(rows).set_index("metric")

    def __repr__(self) -> str:
        return f"<llmcost.MonteCarloResult {self.samples} samples ({self.method}, seed {self.seed}): " \
               f"{', '.join(self.metrics)}>"


class Tornado(_JsonResult):
    """One-at-a-time sensitivity: each uncertain input at its q_low / q_high quantile, the others
    at their point values. Bars are sorted by swing, largest first."""

    __slots__ = ()
    metric = property(lambda self: self._data["metric"])
    base = property(lambda self: self._data["base"])

    @property
    def bars(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._data["bars"])

    def to_frame(self):
        return _pandas().DataFrame(self._data["bars"]).set_index("input")

    def __repr__(self) -> str:
        return f"<llmcost.Tornado {self.metric}: {len(self._data['bars'])} inputs>"


class SobolResult(_JsonResult):
    """Sobol first-order and total indices with bootstrap confidence intervals."""

    __slots__ = ()
    metric = property(lambda self: self._data["metric"])

    def to_frame(self):
        return _pandas().DataFrame(self._data["indices"]).set_index("input")

    def __repr__(self) -> str:
        return f"<llmcost.SobolResult {self.metric}: {len(self._data['indices'])} inputs>"


class SweepTable(_JsonResult):
    """The [sweep] table of a scenario: swept inputs and every metric per row."""

    __slots__ = ()

    def to_frame(self):
        d = self._data
        rows = [dict(zip(d["inputs"], r["inputs"]), **dict(zip(d["metrics"], r["metrics"]))) for r in d["rows"]]
        return _pandas().DataFrame(rows, columns=[*d["inputs"], *d["metrics"]])

    def __repr__(self) -> str:
        return f"<llmcost.SweepTable {self._data['mode']}: {len(self._data['rows'])} rows>"


class Report(_JsonResult):
    """A reproduction report (``llmcost reproduce ID``): published claims recomputed from their
    published inputs, a first-principles derivation and challenges. ``to_dict()`` is the JSON of
    the C++ ``to_json(Report)``; ``to_frame()`` the claims table; ``str()`` the terminal text."""

    __slots__ = ("_text",)

    def __init__(self, data: Mapping[str, Any] | str, text: str = "") -> None:
        super().__init__(data)
        object.__setattr__(self, "_text", text)

    def __reduce__(self):
        return (Report, (self._data, self._text))

    id = property(lambda self: self._data["id"])
    title = property(lambda self: self._data["title"])
    verdict = property(lambda self: self._data.get("verdict", ""))

    @property
    def claims(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._data["claims"])

    def to_frame(self):
        """The claims table: id, description, published, reproduced, unit, delta, exact, formula, source, grade."""
        rows = []
        for c in self._data["claims"]:
            rows.append({"id": c["id"], "description": c["description"], "published": c["published"],
                         "reproduced": c["reproduced"], "unit": c["unit"], "delta": c["delta"],
                         "relative_delta": c["relative_delta"], "exact": c.get("exact"),
                         "formula": c.get("formula", ""), "source": c["source"].get("source", ""),
                         "grade": c["source"].get("grade", "")})
        return _pandas().DataFrame(rows).set_index("id")

    def derivation_frame(self):
        return _pandas().DataFrame(self._data.get("derivation", []))

    def challenges_frame(self):
        rows = [{k: c.get(k) for k in ("id", "title", "cost_usd", "verdict")} for c in self._data.get("challenges", [])]
        return _pandas().DataFrame(rows)

    def _repr_html_(self) -> str:
        e = html.escape
        head = f"<h4>{e(self.title)}</h4><p><b>Verdict:</b> {e(self.verdict)}</p>"
        frame = self.to_frame()[["description", "published", "reproduced", "unit", "delta", "exact", "formula",
                                 "grade"]]
        return head + frame.to_html(float_format=lambda x: f"{x:,.6g}")

    def __str__(self) -> str:
        return self._text or json.dumps(self._data, indent=2)

    def __repr__(self) -> str:
        return f"<llmcost.Report {self.id}: {len(self._data['claims'])} claims>"
