"""Monte Carlo runs and sweeps on a Dask cluster, with the same results as one process, bit for bit.

    >>> from dask.distributed import Client
    >>> client = Client("tcp://scheduler:8786")               # or Client(LocalCluster(...))
    >>> r = llmcost.dask.monte_carlo(scenario, 1_000_000_000, seed=1, client=client)
    >>> r == scenario.run(samples=1_000_000_000, seed=1)      # True
    >>> llmcost.dask.sweep(scenario, client=client).to_frame()            # the [sweep] table, grid order
    >>> llmcost.dask.estimate_training(client=client, model="llama-3-70b", chip=..., gpus=np.array([...]), ...)

Monte Carlo. Sample i of a run depends only on (seed, input, i), so the index range [0, samples)
is cut into ``partitions`` contiguous ranges; each worker samples its range and KEEPS the samples.
The summary is then built in stages from small per-partition parts that merge
(llmcost/sweep/mergeable_summary.hpp): exact sums for the mean and sd, counts for the histogram,
markers and intervals, exact radix selection for the percentiles. Only the parts travel to the
client (a few kB to a few MB, independent of the sample count), and ``Scenario.run`` summarises
through the same staged code, so partition count, worker count and completion order do not change
a bit of the result. A worker lost mid-run is replaced by Dask recomputing its partitions (the same
samples: they depend only on the indices).

Sweeps. The rows of a scenario's [sweep] table, or the elements of a vectorised
``estimate_training`` call (each a layout search plus a prediction), are cut into contiguous
chunks, one Dask task each, and come back in grid order.

The scenario travels to the workers by pickle (its source text plus overrides); a file it
``extends``, and a catalog file it was loaded with, must exist at the same path on every worker.

Also a command line, used by ``llmcost run FILE --scheduler tcp://HOST:PORT``:

    python3 -m llmcost.dask run FILE --scheduler tcp://HOST:PORT [--samples N] [--seed S] [--metric M ...]
                                     [--method random|sobol] [--sweep] [--partitions P]

prints {"monte_carlo": ..., "sweep": ...} as JSON on stdout.
"""
from __future__ import annotations

import operator
from typing import Any, Sequence

import numpy as np

from . import _core
from .results import ArrayResult, MonteCarloResult, SweepTable
from .scenario import Scenario, _options


def partition_bounds(samples: int, partitions: int) -> list[tuple[int, int]]:
    """Contiguous [begin, end) ranges covering [0, samples), as equal as possible."""
    if samples < 1:
        raise ValueError(f"[llmcost.dask.samples] samples = {samples} is invalid; expected >= 1")
    if partitions < 1:
        raise ValueError(f"[llmcost.dask.partitions] partitions = {partitions} is invalid; expected >= 1")
    partitions = min(partitions, samples)
    edges = [samples * k // partitions for k in range(partitions + 1)]
    return [(edges[k], edges[k + 1]) for k in range(partitions)]


def _client(client: Any) -> Any:
    if client is None:
        from distributed import get_client
        client = get_client()
    return client


def _threads(client: Any) -> int:
    return sum(client.nthreads().values()) or 1


# ---- tasks (module-level functions: they pickle by reference) ---------------------------------
def _sample_partition(scenario: Scenario, samples: int, seed: int | None, method: str | None,
                      metrics: list[str], begin: int, end: int, requests: bytes) -> tuple[list[np.ndarray], bytes]:
    """The samples of [begin, end) and their first summary parts (count, exact sum, min, max):
    the first stage rides on the sampling task instead of a scan of its own."""
    values = scenario.sample(samples, seed, begin=begin, end=end, method=method, metrics=metrics)
    arrays = [values[m] for m in metrics]
    return arrays, _core._summary_parts(requests, arrays)


def _summary_parts(chunk: list[np.ndarray], requests: bytes) -> bytes:
    return _core._summary_parts(requests, chunk)


def _sweep_rows(scenario: Scenario, with_uncertainty: bool, samples: int | None, seed: int | None,
                begin: int, end: int) -> dict[str, Any]:
    return scenario.sweep(with_uncertainty, samples, seed, rows=(begin, end)).to_dict()


def _estimate_chunk(kwargs: dict[str, Any]) -> dict[str, np.ndarray]:
    from . import estimate_training
    return dict(estimate_training(**kwargs))


# ---- Monte Carlo ------------------------------------------------------------------------------
def monte_carlo(scenario: Scenario, samples: int | None = None, seed: int | None = None, *, client: Any = None,
                partitions: int | None = None, method: str | None = None, metrics: Sequence[str] | None = None,
                percentiles: Sequence[float] | None = None, histogram_bins: int | None = None) -> MonteCarloResult:
    """``scenario.run(samples, seed, ...)`` computed in ``partitions`` pieces on Dask workers.

    client: a ``dask.distributed.Client`` (default: the current one, ``distributed.get_client()``).
    partitions: number of sampling tasks (default: 8 per worker thread). Defaults of ``samples``,
    ``seed``, ``method`` and ``metrics`` come from the scenario file, as for ``run``. Returns the same
    :class:`MonteCarloResult` as ``scenario.run`` would, bit for bit. Each worker holds its
    partitions' samples (8 bytes × samples × metrics / workers) until the summary is done; the
    client holds the summary's parts only.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError("monte_carlo needs an llmcost.Scenario (Scenario.load(path) or Scenario.from_dict(...))")
    from distributed import as_completed
    client = _client(client)
    opts = scenario.resolved_options(samples=samples, seed=seed, method=method, metrics=metrics)
    n, seed_, method_, metrics_ = opts["samples"], opts["seed"], opts["method"], opts["metrics"]
    summariser = scenario._core.summariser(**_options(n, seed_, method_, metrics_, percentiles, histogram_bins))
    if partitions is None:  # several per thread: a worker slowed by other jobs hands partitions to the rest
        partitions = 8 * _threads(client)
    bounds = partition_bounds(n, partitions)
    # The scenario rides in each task (its source text, a few kB) rather than scattered once: a
    # scattered value lost with its worker cannot be recomputed, a task's argument can.
    first = summariser.requests()
    sampled = [client.submit(_sample_partition, scenario, n, seed_, method_, metrics_, b, e, first, pure=False)
               for b, e in bounds]
    chunks = [client.submit(operator.getitem, f, 0, pure=False) for f in sampled]
    try:
        for future in as_completed([client.submit(operator.getitem, f, 1, pure=False) for f in sampled]):
            summariser.add(future.result())
            future.release()
        summariser.advance()
        del sampled  # the chunks hold the samples from here on
        while not summariser.done():
            requests = summariser.requests()
            parts = [client.submit(_summary_parts, c, requests, pure=False) for c in chunks]
            for future in as_completed(parts):  # any order: the parts merge exactly
                summariser.add(future.result())
                future.release()
            summariser.advance()
    finally:
        client.cancel(chunks)
    return MonteCarloResult(summariser.result_json())


# ---- sweeps -----------------------------------------------------------------------------------
def _chunks(total: int, client: Any, chunk_size: int | None) -> list[tuple[int, int]]:
    if chunk_size is None:
        # 16 tasks per worker thread: points late in a grid may cost more (bigger clusters search more
        # layouts), and many chunks keep the workers evenly busy; a task costs ~2-3 ms, far below a chunk
        return partition_bounds(total, 16 * _threads(client)) if total else []
    if chunk_size < 1:
        raise ValueError(f"[llmcost.dask.chunk_size] chunk_size = {chunk_size} is invalid; expected >= 1")
    return [(b, min(total, b + chunk_size)) for b in range(0, total, chunk_size)]


def sweep(scenario: Scenario, with_uncertainty: bool = False, samples: int | None = None, seed: int | None = None, *,
          client: Any = None, chunk_size: int | None = None) -> SweepTable:
    """``scenario.sweep(...)`` with its rows computed in chunks of ``chunk_size`` rows (default: 16
    chunks per worker thread) on Dask workers; the same :class:`SweepTable` (grid order), so
    ``.to_frame()`` gives the same pandas DataFrame."""
    if not isinstance(scenario, Scenario):
        raise TypeError("sweep needs an llmcost.Scenario (Scenario.load(path) or Scenario.from_dict(...))")
    client = _client(client)
    rows = scenario.sweep_rows
    if rows == 0:
        return scenario.sweep(with_uncertainty, samples, seed)
    futures = [client.submit(_sweep_rows, scenario, bool(with_uncertainty), samples, seed, b, e, pure=False)
               for b, e in _chunks(rows, client, chunk_size)]
    tables = client.gather(futures)  # in grid order, whatever order the tasks finished in
    merged = dict(tables[0])
    merged["rows"] = [r for t in tables for r in t["rows"]]
    return SweepTable(merged)


def estimate_training(*, client: Any = None, chunk_size: int | None = None, **kwargs: Any) -> ArrayResult:
    """``llmcost.estimate_training(**kwargs)`` with numpy array arguments, its elements (each a full
    request: layout search, step-time prediction, realisation interval, cost) computed in chunks of
    ``chunk_size`` elements (default: 16 chunks per worker thread) on Dask workers. Returns the same
    :class:`ArrayResult` as the local call, element for element (``.to_frame()``: a DataFrame in
    grid order)."""
    from . import estimate_training as local
    if kwargs.get("out") is not None:
        raise ValueError("[llmcost.python.out] out= writes into local arrays; llmcost.dask.estimate_training returns "
                         "new ones")
    client = _client(client)
    arrays = {k: np.asarray(v) for k, v in kwargs.items()
              if isinstance(v, np.ndarray) or (isinstance(v, (list, tuple)) and k != "outputs")}
    if not arrays:
        return local(**kwargs)
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    flat = {k: np.broadcast_to(a, shape).reshape(-1) for k, a in arrays.items()}
    total = int(np.prod(shape))
    tasks = []
    for b, e in _chunks(total, client, chunk_size):
        kw = dict(kwargs)
        kw.update({k: np.ascontiguousarray(a[b:e]) for k, a in flat.items()})
        tasks.append(client.submit(_estimate_chunk, kw, pure=False))
    parts = client.gather(tasks)
    fields = {k: np.concatenate([p[k] for p in parts]).reshape(shape) for k in parts[0]}
    for a in fields.values():
        a.setflags(write=False)
    numbers = {k: v for k, v in kwargs.items()  # the numeric arguments, as the local call keeps them
               if k in arrays or (isinstance(v, (int, float, np.number)) and not isinstance(v, bool))}
    return ArrayResult("TrainingEstimate", fields, inputs=numbers, total="cost_usd")


# ---- command line (llmcost run FILE --scheduler ...) --------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import json
    import sys

    ap = argparse.ArgumentParser(prog="python3 -m llmcost.dask",
                                 description="Run a scenario's Monte Carlo and sweep on a Dask scheduler (JSON out).")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("file")
    r.add_argument("--scheduler", required=True, help="tcp://HOST:PORT of a running dask scheduler")
    r.add_argument("--samples", type=int)
    r.add_argument("--seed", type=int)
    r.add_argument("--metric", action="append")
    r.add_argument("--method", choices=("random", "sobol"))
    r.add_argument("--partitions", type=int)
    r.add_argument("--catalog")
    r.add_argument("--monte-carlo", action="store_true", help="the Monte Carlo summary")
    r.add_argument("--sweep", action="store_true", help="the [sweep] table")
    a = ap.parse_args(argv)
    try:
        from distributed import Client
    except ImportError as exc:
        print(f"[llmcost.dask.missing] this Python ({sys.executable}) cannot import dask.distributed ({exc}); "
              "install it (apt install python3-distributed, or pip install distributed) or point LLMCOST_PYTHON at "
              "an interpreter that has it", file=sys.stderr)
        return 3
    s = Scenario.load(a.file, catalog=a.catalog)
    out: dict[str, Any] = {}
    try:
        client = Client(a.scheduler, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        print(f"[llmcost.dask.scheduler] cannot reach the Dask scheduler at {a.scheduler!r} ({exc}); start one "
              "(dask-scheduler) or give its tcp://HOST:PORT", file=sys.stderr)
        return 4
    with client:
        if a.monte_carlo:
            out["monte_carlo"] = monte_carlo(s, a.samples, a.seed, client=client, partitions=a.partitions,
                                             method=a.method, metrics=a.metric).to_dict()
        if a.sweep:
            out["sweep"] = sweep(s, client=client).to_dict()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
