"""Vectorised vs pure-Python loop over the scalar API (README "Performance").

    PYTHONPATH=build/python python3 python/benchmarks/bench_vectorised.py [--n 1000000] [--loop 20000]

Prints elements per second for: estimate_training over a 10⁶-element MFU array (one call, default
outputs) and the same through a Python loop of scalar calls (timed on --loop elements and
extrapolated); price_ratio over a 10⁶-element reasoning-multiplier array vs its scalar loop; and
4 threads each making the 10⁶-element training call (the kernel releases the GIL), with fresh output
arrays and with reused ``out=`` buffers.
"""
from __future__ import annotations

import argparse
import os
import threading
import time

import numpy as np

import llmcost

V3 = dict(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800")


def best_of(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--loop", type=int, default=20_000)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    mfu = rng.uniform(0.2, 0.5, a.n)
    k = rng.uniform(0.5, 2.0, a.n)

    t_vec = best_of(lambda: llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0))
    t_all = best_of(lambda: llmcost.estimate_training(**V3, mfu=mfu, price_usd_per_gpu_hour=2.0, outputs="all"), 3)
    sub = mfu[: a.loop]
    t_loop = best_of(lambda: [llmcost.estimate_training(**V3, mfu=float(m), price_usd_per_gpu_hour=2.0).cost_usd
                              for m in sub], 1) * a.n / a.loop
    print(f"estimate_training, {a.n:,} elements")
    print(f"  vectorised (4 outputs)   {t_vec:8.4f} s   {a.n / t_vec / 1e6:8.1f} M elements/s")
    print(f"  vectorised (14 outputs)  {t_all:8.4f} s   {a.n / t_all / 1e6:8.1f} M elements/s")
    print(f"  Python loop, scalar API  {t_loop:8.2f} s   {a.n / t_loop / 1e6:8.3f} M elements/s "
          f"(timed on {a.loop:,}, extrapolated)   speed-up {t_loop / t_vec:,.0f}x")

    t_vec = best_of(lambda: llmcost.price_ratio("o1", "deepseek-reasoner", "chat", k))
    sub = k[: a.loop]
    t_loop = best_of(lambda: [llmcost.price_ratio("o1", "deepseek-reasoner", "chat", float(x)) for x in sub], 1) \
        * a.n / a.loop
    print(f"price_ratio, {a.n:,} elements")
    print(f"  vectorised               {t_vec:8.4f} s   {a.n / t_vec / 1e6:8.1f} M elements/s")
    print(f"  Python loop, scalar API  {t_loop:8.2f} s   {a.n / t_loop / 1e6:8.3f} M elements/s "
          f"(timed on {a.loop:,}, extrapolated)   speed-up {t_loop / t_vec:,.0f}x")

    def threaded(nthreads: int, reuse: bool) -> float:
        bufs = [{name: np.empty(a.n) for name in ("flop", "gpu_hours", "wall_clock_days", "cost_usd")}
                for _ in range(nthreads)]
        for b in bufs:  # touch the buffers once, as a caller reusing them would have
            for x in b.values():
                x.fill(0.0)
        ts = [threading.Thread(target=lambda b=b: llmcost.estimate_training(
            **V3, mfu=mfu, price_usd_per_gpu_hour=2.0, out=b if reuse else None)) for b in bufs]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return time.perf_counter() - t0

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for reuse in (False, True):
        t1 = min(threaded(1, reuse) for _ in range(5))
        t4 = min(threaded(4, reuse) for _ in range(5))
        what = "reused out= buffers" if reuse else "fresh output arrays"
        print(f"threads ({what}): 4 concurrent 10^6-element calls {t4:.3f} s vs 1 call {t1:.3f} s "
              f"({4 * t1 / t4:.2f}x the single-thread throughput on {cores} cores)")

if __name__ == "__main__":
    main()
