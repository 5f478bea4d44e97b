"""Dask vs one process: Monte Carlo and a sweep of training predictions (README "Performance";
run by hand, not in the tests).

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/bench_dask.py \
        [--samples 100000000] [--points 2000] [--workers 2] [--only mc|sweep|overhead]

Monte Carlo: examples/scenarios/deepseek-v3-true-cost.toml, one metric (final_run_cost_usd), with
llmcost.dask.monte_carlo on a LocalCluster of --workers single-threaded worker processes, then
Scenario.run in this process with one thread; the two results must be identical. The client's
peak resident memory is read (getrusage) after the Dask run and before the local one (the
LocalCluster's scheduler lives in this process too, so the figure includes it).

Prediction sweep: --points training predictions of llama-3-70b on H100-SXM (each a layout search,
a step-time prediction, the realisation interval and a cost) on a grid of --points/50 cluster sizes
(64, 128, ... GPUs) × 50 global batches (4M, 8M, ... 200M tokens; every point searches), with
llmcost.dask.estimate_training vs the local llmcost.estimate_training; the arrays must be identical.

Overhead: the wall time per no-op Dask task on this cluster (for the 100-worker projection).
"""
from __future__ import annotations

import argparse
import pathlib
import resource
import time

import numpy as np

import llmcost
import llmcost.dask

ROOT = pathlib.Path(__file__).resolve().parents[2]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _noop(i: int) -> int:
    return i


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class WorkerCpu:
    """CPU seconds the workers spend between start and stop: on a machine shared with other jobs the
    wall time says how many cores the workers got; the CPU time what the work cost."""

    def __init__(self, client) -> None:
        self.client = client
        self.before = client.run(_cpu_s)

    def report(self) -> str:
        after = self.client.run(_cpu_s)
        used = [after[w] - self.before.get(w, 0.0) for w in after]
        return f"workers' CPU {sum(used):.1f} s (per worker: {', '.join(f'{u:.1f}' for u in sorted(used))} s)"


def bench_overhead(client, tasks: int = 400) -> float:
    client.gather(client.map(_noop, range(50), pure=False))  # warm
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(tasks), pure=False))
    per_task = (time.perf_counter() - t0) / tasks
    print(f"per-task cost: {per_task * 1e3:.2f} ms wall per no-op task ({tasks} tasks on this cluster)")
    return per_task


def bench_mc(client, a) -> None:
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    metrics = ["final_run_cost_usd"]
    rss0 = rss_mb()
    cpu = WorkerCpu(client)
    c0 = _cpu_s()
    t0 = time.perf_counter()
    dist = llmcost.dask.monte_carlo(s, a.samples, seed=1, client=client, metrics=metrics,
                                    partitions=a.partitions or None)
    t_dist = time.perf_counter() - t0
    print(f"Monte Carlo, dask, {a.workers} single-threaded workers: {a.samples:,} samples in {t_dist:.1f} s "
          f"({a.samples / t_dist / 1e6:.2f} M samples/s, summary included); client RSS {rss0:.0f} MB before, "
          f"peak {peak_rss_mb():.0f} MB")
    print(f"  {cpu.report()}; client + scheduler CPU {_cpu_s() - c0:.1f} s")
    if a.no_local:
        return
    c0 = _cpu_s()
    t0 = time.perf_counter()
    local = s.run(samples=a.samples, seed=1, metrics=metrics, threads=1)
    t_local = time.perf_counter() - t0
    print(f"Monte Carlo, one process, one thread: {t_local:.1f} s ({a.samples / t_local / 1e6:.2f} M samples/s), "
          f"CPU {_cpu_s() - c0:.1f} s")
    print(f"  speed-up {t_local / t_dist:.2f}x; identical: {dist == local}")
    m = dist["final_run_cost_usd"]
    print(f"  final_run_cost_usd: mean {m.mean:,.0f}  P5 {m.percentiles[5.0]:,.0f}  P95 {m.percentiles[95.0]:,.0f}  "
          f"P(X <= $5.576M) {m.markers[0]['cdf']:.4f}")


def bench_sweep(client, a) -> None:
    # 40 cluster sizes × 50 global batches (every point a search of its own), in grid order
    sizes = a.points // 50
    gpus = (64.0 * np.arange(1, sizes + 1))[:, None]
    batch = (2.0**22 * np.arange(1, 51))[None, :]
    kw = dict(model="llama-3-70b", chip="H100-SXM", tokens=15e12, gpus=gpus, global_batch_tokens=batch,
              outputs=["gpu_hours", "wall_clock_days", "cost_usd"])
    cpu = WorkerCpu(client)
    t0 = time.perf_counter()
    dist = llmcost.dask.estimate_training(client=client, chunk_size=a.chunk_size or None, **kw)
    t_dist = time.perf_counter() - t0
    print(f"prediction sweep, dask, {a.workers} single-threaded workers: {a.points} points in {t_dist:.1f} s "
          f"({a.points / t_dist:.1f} points/s); {cpu.report()}")
    if a.no_local:
        return
    c0 = _cpu_s()
    t0 = time.perf_counter()
    local = llmcost.estimate_training(**kw)
    t_local = time.perf_counter() - t0
    print(f"  local CPU {_cpu_s() - c0:.1f} s")
    same = all(np.array_equal(dist[k], local[k]) for k in local)
    print(f"prediction sweep, one process: {t_local:.1f} s ({a.points / t_local:.1f} points/s, "
          f"{t_local / a.points * 1e3:.1f} ms per point)")
    print(f"  speed-up {t_local / t_dist:.2f}x; identical: {same}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000_000)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=0)
    ap.add_argument("--chunk-size", type=int, default=0)
    ap.add_argument("--only", choices=("mc", "sweep", "overhead"))
    ap.add_argument("--no-local", action="store_true")
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("llmcost.dask"))  # warm workers, as on a running cluster
        if a.only in (None, "overhead"):
            bench_overhead(client)
        if a.only in (None, "mc"):
            bench_mc(client, a)
        if a.only in (None, "sweep"):
            bench_sweep(client, a)


if __name__ == "__main__":
    main()
