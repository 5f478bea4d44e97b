"""Dask vs one process: Monte Carlo and a sweep of training predictions (README "Performance";
run by hand, not in the tests).

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/bench_dask.py \
        [--samples 100000000] [--points 2000] [--workers 2] [--only mc|sweep|overhead] [--repeat 3]

Monte Carlo: examples/scenarios/deepseek-v3-true-cost.toml, one metric (final_run_cost_usd), with
llmcost.dask.monte_carlo on a LocalCluster of --workers single-threaded worker processes, then
Scenario.run in this process with one thread; the two results must be identical. The client's
peak resident memory is read (getrusage) after the Dask run and before the local one (the
LocalCluster's scheduler lives in this process too, so the figure includes it).

Each worker is pinned to a core of its own and the local run to one core (the layout search of a
prediction would otherwise spread over every core, in the workers and in the local run alike).

On a machine shared with other jobs, --repeat alternates the two runs and reports the best walls,
and every trial prints the CPU seconds of the workers and of the local run: "by CPU" is the
speed-up the same work gives on otherwise idle cores.

Prediction sweep: --points training predictions of llama-3-70b on H100-SXM (each a layout search,
a step-time prediction, the realisation interval and a cost) on a grid of --points/50 cluster sizes
(64, 128, ... GPUs) × 50 global batches (4M, 8M, ... 200M tokens; every point searches), with
llmcost.dask.estimate_training vs the local llmcost.estimate_training; the arrays must be identical.

Overhead: the wall time per no-op Dask task on this cluster (for the 100-worker projection).
"""
from __future__ import annotations

import argparse
import os
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

    def used(self) -> list[float]:
        after = self.client.run(_cpu_s)
        return sorted(after[w] - self.before.get(w, 0.0) for w in after)


def _burn(seconds: float) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        pass
    return _cpu_s()


def probe_cores(seconds: float = 2.0) -> None:
    """How much CPU two busy processes get side by side: 2 × the wall on an idle 2-core machine."""
    import multiprocessing
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map(_burn, [seconds, seconds])
    print(f"cores available: two busy processes got {got[0]:.2f} + {got[1]:.2f} CPU s in {seconds:.0f} s wall "
          f"({(got[0] + got[1]) / seconds:.2f} cores; other jobs take the rest)")


def bench_overhead(client, tasks: int = 400) -> float:
    client.gather(client.map(_noop, range(50), pure=False))  # warm
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(tasks), pure=False))
    per_task = (time.perf_counter() - t0) / tasks
    print(f"per-task cost: {per_task * 1e3:.2f} ms wall per no-op task ({tasks} tasks on this cluster)")
    return per_task


def compare(name: str, unit: str, amount: float, client, a, dist_call, local_call, same) -> None:
    """Alternates the Dask and the local run --repeat times; prints each trial and the best walls."""
    best_d = best_l = float("inf")
    for trial in range(a.repeat):
        cpu = WorkerCpu(client)
        c0 = _cpu_s()
        t0 = time.perf_counter()
        dist = dist_call()
        t_d = time.perf_counter() - t0
        used, c_client = cpu.used(), _cpu_s() - c0
        best_d = min(best_d, t_d)
        print(f"{name}, dask, {a.workers} single-threaded workers: {t_d:.1f} s wall ({amount / t_d:,.1f} {unit}/s); "
              f"workers' CPU {', '.join(f'{u:.1f}' for u in used)} s; client + scheduler CPU {c_client:.1f} s"
              + (f"; client peak RSS {peak_rss_mb():.0f} MB" if trial == 0 and name.startswith("Monte") else ""),
              flush=True)
        if a.no_local:
            continue
        c0 = _cpu_s()
        saved = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {sorted(saved)[0]})  # one core: the layout search would use every core
        t0 = time.perf_counter()
        try:
            local = local_call()
        finally:
            t_l = time.perf_counter() - t0
            os.sched_setaffinity(0, saved)
        c_local = _cpu_s() - c0
        best_l = min(best_l, t_l)
        print(f"{name}, one process, one thread: {t_l:.1f} s wall ({amount / t_l:,.1f} {unit}/s), CPU {c_local:.1f} s; "
              f"speed-up {t_l / t_d:.2f}x wall, {c_local / max(used):.2f}x by CPU (local CPU / busiest worker's); "
              f"identical: {same(dist, local)}", flush=True)
    if not a.no_local:
        print(f"{name}: best of {a.repeat}: dask {best_d:.1f} s, one process {best_l:.1f} s, "
              f"speed-up {best_l / best_d:.2f}x")


def bench_mc(client, a) -> None:
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    metrics = ["final_run_cost_usd"]
    print(f"client RSS before the runs: {rss_mb():.0f} MB (peak so far {peak_rss_mb():.0f} MB)")
    compare(f"Monte Carlo {a.samples:,} samples", "samples", a.samples, client, a,
            lambda: llmcost.dask.monte_carlo(s, a.samples, seed=1, client=client, metrics=metrics,
                                             partitions=a.partitions or None),
            lambda: s.run(samples=a.samples, seed=1, metrics=metrics, threads=1),
            lambda d, l: d == l)


def bench_sweep(client, a) -> None:
    # --points/50 cluster sizes × 50 global batches (every point a search of its own), in grid order
    gpus = (64.0 * np.arange(1, a.points // 50 + 1))[:, None]
    batch = (2.0**22 * np.arange(1, 51))[None, :]
    kw = dict(model="llama-3-70b", chip="H100-SXM", tokens=15e12, gpus=gpus, global_batch_tokens=batch,
              outputs=["gpu_hours", "wall_clock_days", "cost_usd"])
    compare(f"prediction sweep {gpus.size * batch.size} points", "points", gpus.size * batch.size, client, a,
            lambda: llmcost.dask.estimate_training(client=client, chunk_size=a.chunk_size or None, **kw),
            lambda: llmcost.estimate_training(**kw),
            lambda d, l: all(np.array_equal(d[k], l[k]) for k in l))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000_000)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=0)
    ap.add_argument("--chunk-size", type=int, default=0)
    ap.add_argument("--only", choices=("mc", "sweep", "overhead"))
    ap.add_argument("--no-local", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the Dask and local runs this many times")
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    probe_cores()
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("llmcost.dask"))  # warm workers, as on a running cluster
        cores = sorted(os.sched_getaffinity(0))
        for i, w in enumerate(sorted(client.scheduler_info()["workers"])):  # one core per worker
            client.run(os.sched_setaffinity, 0, {cores[i % len(cores)]}, workers=[w])
        if a.only in (None, "overhead"):
            bench_overhead(client)
        if a.only in (None, "mc"):
            bench_mc(client, a)
        if a.only in (None, "sweep"):
            bench_sweep(client, a)


if __name__ == "__main__":
    main()
