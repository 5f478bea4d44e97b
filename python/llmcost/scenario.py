"""Scenarios from Python: what-if files (docs/scenarios.md), Monte Carlo, sweeps, sensitivity.

    >>> s = llmcost.Scenario.load("examples/scenarios/deepseek-v3-true-cost.toml")
    >>> r = s.run(samples=100_000, seed=1)          # MonteCarloResult
    >>> r["final_run_cost_usd"].percentiles          # {5.0: ..., 50.0: ..., 95.0: ...}
    >>> llmcost.sensitivity(s, "program_cost_usd")   # {"tornado": Tornado, "sobol": SobolResult}

A scenario is immutable: ``with_input(path, value)`` returns a modified copy. It pickles (it
carries its source text), so it can be shipped to Dask workers (llmcost.dask). Chip names are
looked up in the ``catalog=`` given at load (an :class:`llmcost.Catalog` or a catalog file's
path; a pickled scenario reads that file again, like its ``extends`` files).
"""
from __future__ import annotations

import json
import os
import pathlib
from typing import Any, Mapping, Sequence

import numpy as np

from . import _checks, _core
from .results import MonteCarloResult, SobolResult, SweepTable, Tornado

Distribution = _core.Distribution

_UINT64_MAX = 2**64 - 1


def _catalog(catalog: Any) -> Any:
    """A path becomes a Catalog once (then checked by the compiled side); None and Catalogs pass."""
    if isinstance(catalog, (str, os.PathLike)):
        return _core.load_catalog(catalog)
    return catalog


def _catalog_path(catalog: Any) -> str | None:
    """What a pickled scenario keeps of its catalog: the file's path (None: the built-in catalog)."""
    return catalog.path if isinstance(catalog, _core.Catalog) else None


def _count(name: str, v: Any, lo: int) -> int:
    """A sample count or seed: a whole number in [lo, 2⁶⁴ − 1] (no bools, strings, ...)."""
    try:
        return _checks.whole(name, v, lo, _UINT64_MAX)
    except ValueError as exc:
        raise ValueError(f"[llmcost.scenario.{name}] {name} = {v!r} is invalid; expected an integer >= {lo}") from exc


def _options(samples: int | None, seed: int | None, method: str | None, metrics: Sequence[str] | str | None,
             percentiles: Sequence[float] | float | None, histogram_bins: int | None, threads: int = 0
             ) -> dict[str, Any]:
    """Run options for the compiled scenario. ``metrics`` may be one metric name; ``percentiles`` one
    number. Numbers are checked strictly (the compiled side names a bad percentile or bin count)."""
    if method is not None and not isinstance(method, str):
        raise TypeError(f"[llmcost.python.type] method = {method!r}: expected \"random\" or \"sobol\"")
    if percentiles is None:
        percentiles = []
    elif isinstance(percentiles, (str, bytes)) or not _checks.is_array(percentiles):
        percentiles = [percentiles]  # one percentile; a string is rejected as a number by the compiled side
    return dict(samples=0 if samples is None else _count("samples", samples, 1),
                seed=None if seed is None else _count("seed", seed, 0), threads=threads, method=method,
                metrics=[] if metrics is None else _checks.names("metrics", metrics),
                percentiles=list(percentiles), histogram_bins=0 if histogram_bins is None else histogram_bins)


#: The parameters of each distribution of the file format (docs/scenarios.md), required first.
_DISTRIBUTIONS = {"uniform": (("low", "high"), ()), "triangular": (("low", "mode", "high"), ()),
                  "pert": (("low", "mode", "high"), ()), "normal": (("mean", "sd"), ("low", "high")),
                  "lognormal": (("median", "sigma_log"), ("low", "high")), "discrete": (("values",), ("weights",)),
                  "fixed": (("value",), ())}


def _value(v: Any) -> Any:
    """A Python override value: number, name, Distribution, or {"dist": ..., ...} as in the file format."""
    if isinstance(v, Mapping):
        d = dict(v)
        kind = d.pop("dist", None)
        if kind not in _DISTRIBUTIONS:
            raise ValueError(f"[llmcost.scenario.distribution] dist = {kind!r} is invalid; expected one of "
                             f"{', '.join(_DISTRIBUTIONS)}")
        required, optional = _DISTRIBUTIONS[kind]
        missing = [k for k in required if k not in d]
        unknown = [k for k in d if k not in required + optional]
        if missing or unknown:
            problem = "; ".join(([f"missing {', '.join(missing)}"] if missing else []) +
                                ([f"unknown {', '.join(map(str, unknown))}"] if unknown else []))
            raise ValueError(f"[llmcost.scenario.distribution] dist = {kind!r}: {problem}; it takes "
                             f"{', '.join(required + optional)}")
        maker = Distribution.fixed if kind == "fixed" else getattr(Distribution, kind)
        return maker(**d)
    return v


class Scenario:
    """A loaded, validated scenario (llmcost/scenario/scenario.hpp). Immutable."""

    __slots__ = ("_core", "_source", "_overrides")

    def __init__(self, core: Any, source: tuple, overrides: tuple = ()) -> None:
        self._core = core
        self._source = source
        self._overrides = overrides

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike, catalog: Any = None) -> "Scenario":
        """Loads a TOML or JSON scenario file (following ``extends``). Chips are looked up in
        ``catalog`` (an :class:`llmcost.Catalog`, a catalog file's path, or None for the built-in one).
        ValueError [llmcost.scenario.invalid] lists every problem as file:line:col; OSError when unreadable."""
        p = pathlib.Path(path)
        catalog = _catalog(catalog)
        core = _core._Scenario.load(p, catalog)
        text = p.read_text(encoding="utf-8")
        kind = "json" if p.suffix.lower() == ".json" else "toml"
        return cls(core, (kind, text, str(p), str(p.resolve().parent), _catalog_path(catalog)))

    @classmethod
    def from_toml(cls, text: str, base_dir: str | os.PathLike = "", catalog: Any = None) -> "Scenario":
        """Parses TOML text (``extends`` resolved against ``base_dir``; chips looked up in ``catalog``)."""
        catalog = _catalog(catalog)
        core = _core._Scenario.from_toml(text, "<string>", str(base_dir), catalog)
        return cls(core, ("toml", text, "<string>", str(base_dir), _catalog_path(catalog)))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], base_dir: str | os.PathLike = "", catalog: Any = None) -> "Scenario":
        """Builds a scenario from a dict with the file's schema, e.g.
        ``{"base": "deepseek-v3", "efficiency": {"mfu": {"dist": "triangular", "low": 0.3, "mode": 0.39,
        "high": 0.44}}, "monte_carlo": {"samples": 10000}}`` (problems carry JSON-pointer paths; chips
        looked up in ``catalog``)."""
        text = json.dumps(d)
        catalog = _catalog(catalog)
        core = _core._Scenario.from_json(text, "<dict>", str(base_dir), catalog)
        return cls(core, ("json", text, "<dict>", str(base_dir), _catalog_path(catalog)))

    @staticmethod
    def _rebuild(source: tuple, overrides: tuple) -> "Scenario":
        kind, text, origin, base_dir = source[:4]
        catalog = source[4] if len(source) > 4 else None  # the catalog file's path, or None (built-in)
        make = _core._Scenario.from_json if kind == "json" else _core._Scenario.from_toml
        core = make(text, origin, base_dir, catalog)
        for path, value in overrides:
            core = core.with_value(path, _value(value))
        return Scenario(core, source, overrides)

    def __reduce__(self):
        return (Scenario._rebuild, (self._source, self._overrides))

    def with_input(self, path: str, value: Any) -> "Scenario":
        """A copy with input ``path`` (e.g. ``"pricing.rental_usd_per_gpu_hour"``) set to a number, a
        name, a :class:`Distribution` or a dict like ``{"dist": "uniform", "low": 1.7, "high": 3}``."""
        if isinstance(value, _core.Distribution):
            raise TypeError("pass distributions as dicts ({'dist': 'uniform', 'low': ..., 'high': ...}) so that the "
                            "scenario stays picklable")
        core = self._core.with_value(path, _value(value))
        return Scenario(core, self._source, self._overrides + ((path, value),))

    # ---- description -------------------------------------------------------------------
    name = property(lambda self: self._core.name)
    description = property(lambda self: self._core.description)
    base = property(lambda self: self._core.base)
    kind = property(lambda self: self._core.kind)

    @property
    def metrics(self) -> list[str]:
        return self._core.metric_names()

    @property
    def uncertain_inputs(self) -> list[str]:
        return self._core.uncertain_inputs()

    @property
    def notes(self) -> list[str]:
        """Defaults that stand in for data the catalog lacks and that the scenario did not override
        (e.g. a chip without a purchase price priced at the H100's under ownership), one sentence each."""
        return self._core.notes

    @property
    def correlations(self) -> list[tuple[str, str, float]]:
        """Rank-correlated input pairs ``(path, path, spearman_rho)`` from ``[[correlation]]`` entries."""
        return self._core.correlations()

    def input(self, path: str) -> Distribution:
        """The distribution (or fixed value) of a numeric input. KeyError [llmcost.scenario.unknown_input]."""
        return self._core.input(path)

    def base_point(self) -> dict[str, float]:
        """Every metric at the inputs' point values."""
        return self._core.base_point()

    def resolved_options(self, samples: int | None = None, seed: int | None = None, method: str | None = None,
                         metrics: Sequence[str] | None = None) -> dict[str, Any]:
        """The run options with every default taken from the file."""
        return self._core.resolved_json(**_options(samples, seed, method, metrics, None, None))

    # ---- runs --------------------------------------------------------------------------
    def run(self, samples: int | None = None, seed: int | None = None, *, method: str | None = None,
            metrics: Sequence[str] | str | None = None, percentiles: Sequence[float] | float | None = None,
            histogram_bins: int | None = None, threads: int = 0) -> MonteCarloResult:
        """Monte Carlo (``method="random"``) or quasi-Monte Carlo (``"sobol"``) summary. Defaults come
        from the file's [monte_carlo] table. ``metrics`` is a list of metric names or one name;
        ``percentiles`` a list of numbers in [0, 100] or one number. The result does not depend on
        ``threads``."""
        return MonteCarloResult(self._core.run_json(**_options(samples, seed, method, metrics, percentiles,
                                                               histogram_bins, threads)))

    def sample(self, samples: int | None = None, seed: int | None = None, *, begin: int = 0, end: int | None = None,
               method: str | None = None, metrics: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Raw samples of indices [begin, end) of a ``samples``-sample run, as {metric: array}.
        A sample depends only on (seed, index): any partition gives the same values."""
        opts = _options(samples, seed, method, metrics, None, None, threads=1)
        n = self._core.resolved_json(**opts)["samples"]
        begin = _checks.whole("begin", begin, 0, _UINT64_MAX)
        end = n if end is None else _checks.whole("end", end, 0, _UINT64_MAX)
        if not 0 <= begin <= end <= n:
            raise ValueError(f"[llmcost.scenario.range] [{begin}, {end}) is not inside [0, {n})")
        return self._core.sample_range(begin, end, **opts)

    def summarise(self, values: Mapping[str, np.ndarray], *, samples: int | None = None, seed: int | None = None,
                  method: str | None = None, metrics: Sequence[str] | None = None,
                  percentiles: Sequence[float] | None = None, histogram_bins: int | None = None) -> MonteCarloResult:
        """Summarises all samples {metric: array} (indices 0..n-1) exactly as :meth:`run` does."""
        opts = _options(samples, seed, method, metrics, percentiles, histogram_bins)
        return MonteCarloResult(self._core.summarise_json(0, dict(values), **opts))

    @property
    def sweep_rows(self) -> int:
        """Rows of the [sweep] table (0 without one)."""
        return self._core.sweep_rows()

    def sweep(self, with_uncertainty: bool = False, samples: int | None = None,
              seed: int | None = None, *, rows: tuple[int, int] | None = None, client: Any = None,
              chunk_size: int | None = None) -> SweepTable:
        """The [sweep] table of the file (base point per row; with MC mean/P5/P95 when asked), in grid
        order (the last axis varies fastest). ``rows=(begin, end)``: only those rows. ``client``: a
        ``dask.distributed.Client`` (or ``True`` for the current one) runs the rows as Dask tasks of
        ``chunk_size`` rows (llmcost.dask.sweep); the table is the same."""
        if client is not None and client is not False:
            if rows is not None:
                raise ValueError("[llmcost.scenario.range] give rows= or client=, not both")
            from . import dask as _dask
            return _dask.sweep(self, with_uncertainty, samples, seed, client=None if client is True else client,
                               chunk_size=chunk_size)
        n = 0 if samples is None else _count("samples", samples, 1)
        begin, end = (None, None) if rows is None else (_checks.whole("begin", rows[0], 0, _UINT64_MAX),
                                                        _checks.whole("end", rows[1], 0, _UINT64_MAX))
        return SweepTable(self._core.sweep_json(bool(with_uncertainty), n, None if seed is None else _count("seed", seed, 0),
                                                begin, end))

    def tornado(self, metric: str, q_low: float = 0.05, q_high: float = 0.95) -> Tornado:
        """One-at-a-time sensitivity of ``metric`` to each uncertain input (q_low/q_high quantiles)."""
        return Tornado(self._core.tornado_json(metric, q_low, q_high))

    def sobol(self, metric: str, base_samples: int = 4096, bootstrap: int = 200, seed: int = 0,
              confidence: float = 0.95) -> SobolResult:
        """Sobol first-order and total indices (Saltelli 2010 / Jansen 1999) with bootstrap CIs."""
        return SobolResult(self._core.sobol_json(metric, base_samples, bootstrap, seed, confidence))

    def __repr__(self) -> str:
        return f"<llmcost.Scenario {self.name!r} base={self.base!r} uncertain={self.uncertain_inputs}>"


def sensitivity(scenario: Scenario, metric: str | None = None, *, tornado: bool = True, sobol: bool = False,
                q_low: float = 0.05, q_high: float = 0.95, base_samples: int = 4096, bootstrap: int = 200,
                seed: int = 0) -> dict[str, Any]:
    """Sensitivity of ``metric`` (default: the file's [sensitivity] metric, else its first metric):
    {"tornado": Tornado} and, with ``sobol=True``, {"sobol": SobolResult}."""
    if metric is None:
        req = scenario._core.sensitivity_request()
        metric = (req["metrics"] or scenario.metrics)[0]
    out: dict[str, Any] = {}
    if tornado:
        out["tornado"] = scenario.tornado(metric, q_low, q_high)
    if sobol:
        out["sobol"] = scenario.sobol(metric, base_samples, bootstrap, seed)
    return out
