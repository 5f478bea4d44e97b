"""Monte Carlo on Dask vs one process (README "Performance"; run by hand, not in the tests).

    PYTHONPATH=build/python python3 python/benchmarks/bench_dask.py [--samples 100000000] [--workers 2]

Runs examples/scenarios/deepseek-v3-true-cost.toml for one metric (final_run_cost_usd: every
sample comes back to the client, 8 bytes each) with llmcost.dask.monte_carlo on a LocalCluster of
--workers single-threaded worker processes, and, unless --no-local, Scenario.run in this process
with one thread, and checks that the two results are identical.
"""
from __future__ import annotations

import argparse
import pathlib
import time

import llmcost
import llmcost.dask

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=0)
    ap.add_argument("--no-local", action="store_true")
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    metrics = ["final_run_cost_usd"]
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        dist = llmcost.dask.monte_carlo(s, a.samples, seed=1, client=client, metrics=metrics,
                                        partitions=a.partitions or 8 * a.workers)
        t_dist = time.perf_counter() - t0
    print(f"dask, {a.workers} workers: {a.samples:,} samples in {t_dist:.1f} s "
          f"({a.samples / t_dist / 1e6:.1f} M samples/s, including the gather and the summary)")
    if not a.no_local:
        t0 = time.perf_counter()
        local = s.run(samples=a.samples, seed=1, metrics=metrics, threads=1)
        t_local = time.perf_counter() - t0
        print(f"one process, one thread: {t_local:.1f} s ({a.samples / t_local / 1e6:.1f} M samples/s)")
        print("identical:", dist == local)
    m = dist["final_run_cost_usd"]
    print(f"final_run_cost_usd: mean {m.mean:,.0f}  P5 {m.percentiles[5.0]:,.0f}  P95 {m.percentiles[95.0]:,.0f}  "
          f"P(X <= $5.576M) {m.markers[0]['cdf']:.4f}")


if __name__ == "__main__":
    main()
