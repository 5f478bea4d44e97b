"""Monte Carlo on a Dask cluster with the same result as ``Scenario.run``, bit for bit.

    >>> from dask.distributed import Client
    >>> client = Client("tcp://scheduler:8786")               # or Client(LocalCluster(...))
    >>> r = llmcost.dask.monte_carlo(scenario, 100_000_000, seed=1, client=client, partitions=64)
    >>> r == scenario.run(samples=100_000_000, seed=1)        # True (when it fits one machine)

How it stays identical: sample i of a run depends only on (seed, input, i) — each input draws
from its own stream, seeded per block of 4,096 indices (llmcost/sweep/monte_carlo.hpp) — so the
index range [0, samples) is cut into ``partitions`` contiguous ranges, each worker computes
``Scenario.sample`` of its range, and the client concatenates the ranges in index order and
summarises them with the same C++ code as ``run`` (deterministic: it depends only on the values).
Partition count, worker count and completion order do not change the result.

The scenario travels to the workers by pickle (its source text plus overrides); a file it
``extends`` must exist at the same path on the workers. Every sample of the chosen metrics comes
back to the client (8 bytes × samples × metrics) because exact percentiles need them all: pick the
metrics you need for very large runs.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .results import MonteCarloResult
from .scenario import Scenario


def partition_bounds(samples: int, partitions: int) -> list[tuple[int, int]]:
    """Contiguous [begin, end) ranges covering [0, samples), as equal as possible."""
    if samples < 1:
        raise ValueError(f"[llmcost.dask.samples] samples = {samples} is invalid; expected >= 1")
    if partitions < 1:
        raise ValueError(f"[llmcost.dask.partitions] partitions = {partitions} is invalid; expected >= 1")
    partitions = min(partitions, samples)
    edges = [samples * k // partitions for k in range(partitions + 1)]
    return [(edges[k], edges[k + 1]) for k in range(partitions)]


def _sample_partition(scenario: Scenario, samples: int, seed: int | None, method: str | None,
                      metrics: list[str], begin: int, end: int) -> dict[str, np.ndarray]:
    return scenario.sample(samples, seed, begin=begin, end=end, method=method, metrics=metrics)


def monte_carlo(scenario: Scenario, samples: int | None = None, seed: int | None = None, *, client: Any = None,
                partitions: int | None = None, method: str | None = None, metrics: Sequence[str] | None = None,
                percentiles: Sequence[float] | None = None, histogram_bins: int | None = None) -> MonteCarloResult:
    """``scenario.run(samples, seed, ...)`` computed in ``partitions`` pieces on Dask workers.

    client: a ``dask.distributed.Client`` (default: the current one, ``distributed.get_client()``).
    partitions: number of tasks (default: 4 per worker thread). Defaults of ``samples``, ``seed``,
    ``method`` and ``metrics`` come from the scenario file, as for ``run``. Returns the same
    :class:`MonteCarloResult` as ``scenario.run`` would, bit for bit.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError("monte_carlo needs an llmcost.Scenario (Scenario.load(path) or Scenario.from_dict(...))")
    if client is None:
        from distributed import get_client
        client = get_client()
    opts = scenario.resolved_options(samples=samples, seed=seed, method=method, metrics=metrics)
    n, seed_, method_, metrics_ = opts["samples"], opts["seed"], opts["method"], opts["metrics"]
    if partitions is None:
        threads = sum(client.nthreads().values()) or 1
        partitions = 4 * threads
    bounds = partition_bounds(n, partitions)
    scen = client.scatter(scenario, broadcast=True)
    futures = [client.submit(_sample_partition, scen, n, seed_, method_, metrics_, b, e, pure=False)
               for b, e in bounds]
    # Gather in index order (the order of `bounds`), whatever order the tasks finish in.
    chunks = client.gather(futures)
    values = {m: np.concatenate([c[m] for c in chunks]) for m in metrics_}
    del chunks
    return scenario.summarise(values, samples=n, seed=seed_, method=method_, metrics=metrics_,
                              percentiles=percentiles, histogram_bins=histogram_bins)
