"""llmcost.dask: the same Monte Carlo on local clusters, bit-identical to Scenario.run for any partition
and worker count and after a worker is killed mid-run; sweeps and prediction grids as tasks; and
`llmcost run --scheduler`."""
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import llmcost

distributed = pytest.importorskip("distributed")
import llmcost.dask  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build"))
TRUE_COST = ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_partition_bounds():
    assert llmcost.dask.partition_bounds(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert llmcost.dask.partition_bounds(2, 5) == [(0, 1), (1, 2)]
    with pytest.raises(ValueError, match=r"llmcost\.dask\.partitions"):
        llmcost.dask.partition_bounds(10, 0)


@pytest.mark.parametrize("partitions", [1, 7, 16])
def test_bit_identical_to_single_process(client, partitions):
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "deepseek-v3-true-cost.toml")
    local = s.run(samples=50_000, seed=11)
    dist = llmcost.dask.monte_carlo(s, 50_000, seed=11, client=client, partitions=partitions)
    assert dist == local
    assert dist.to_dict() == local.to_dict()


def test_sobol_method_and_defaults_from_file(client):
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "r1-vs-o1-task-mix.toml")
    local = s.run(samples=20_000, method="sobol")
    assert llmcost.dask.monte_carlo(s, 20_000, method="sobol", client=client, partitions=5) == local
    # file defaults: samples and seed come from [monte_carlo]
    assert llmcost.dask.monte_carlo(s, client=client, partitions=3) == s.run()


def test_modified_scenario_travels_to_workers(client):
    s = llmcost.Scenario.from_dict({"base": "deepseek-v3"}).with_input(
        "efficiency.mfu", {"dist": "triangular", "low": 0.3, "mode": 0.39, "high": 0.44})
    assert llmcost.dask.monte_carlo(s, 10_000, seed=3, client=client, partitions=4) == s.run(samples=10_000, seed=3)
    with pytest.raises(TypeError):
        llmcost.dask.monte_carlo("not a scenario", 10, client=client)


def test_same_summary_for_any_partition_and_worker_count(client):
    s = llmcost.Scenario.load(TRUE_COST)
    # percentiles at the ends and a histogram of many bins: every statistic, not only the defaults
    kw = dict(seed=5, percentiles=[0, 0.1, 5, 50, 95, 99.9, 100], histogram_bins=97)
    local = s.run(samples=70_001, **kw)
    for threads in (1, 3, 7):  # run's threads are partitions of the same merge
        assert s.run(samples=70_001, threads=threads, **kw) == local, threads
    for partitions in (1, 2, 13, 64):
        assert llmcost.dask.monte_carlo(s, 70_001, client=client, partitions=partitions, **kw) == local, partitions
    one = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    try:
        with distributed.Client(one) as c1:
            assert llmcost.dask.monte_carlo(s, 70_001, client=c1, partitions=5, **kw) == local
    finally:
        one.close()
    # markers and intervals are counts: exactly the local fractions
    m = local["final_run_cost_usd"]
    assert 0 < m.markers[0]["cdf"] < 1


def test_summary_parts_are_small_and_independent_of_samples(client):
    # the client merges parts, never samples: a stage's parts for 200,000 samples are a few kB
    s = llmcost.Scenario.load(TRUE_COST)
    summariser = s._core.summariser(samples=200_000, seed=1, metrics=["final_run_cost_usd"])
    values = s.sample(200_000, 1, metrics=["final_run_cost_usd"])["final_run_cost_usd"]
    sizes = []
    while not summariser.done():
        part = llmcost._core._summary_parts(summariser.requests(), [values])
        sizes.append(len(part))
        summariser.add(part)
        summariser.advance()
    assert max(sizes) < 4 * 65536 * 16  # at most a few selection queries of 65,536 bucket counts
    assert llmcost.MonteCarloResult(summariser.result_json()) == s.run(samples=200_000, seed=1,
                                                                         metrics=["final_run_cost_usd"])


def test_a_worker_killed_mid_run_gives_the_same_result():
    s = llmcost.Scenario.load(TRUE_COST)
    n = 1_500_000  # long enough (~0.5 s) that the kill lands mid-run
    local = s.run(samples=n, seed=9)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       memory_limit=0)
    try:
        with distributed.Client(cluster) as c:
            c.run(lambda: __import__("llmcost.dask"))
            pids = c.run(os.getpid)
            out = {}
            def work():
                try:
                    out["r"] = llmcost.dask.monte_carlo(s, n, seed=9, client=c, partitions=24)
                except Exception as exc:  # noqa: BLE001 - reported below
                    out["error"] = exc
            run = threading.Thread(target=work)
            run.start()
            victim = sorted(c.scheduler_info()["workers"])[0]
            deadline = time.monotonic() + 30
            while not c.has_what().get(victim) and time.monotonic() < deadline:  # it holds samples now
                time.sleep(0.005)
            assert run.is_alive(), "the run ended before a worker could be killed"
            os.kill(pids[victim], signal.SIGKILL)  # the nanny starts a new worker; the scheduler recomputes
            run.join(120)
            assert not run.is_alive()
            assert "error" not in out, out.get("error")
            assert out["r"] == local
    finally:
        cluster.close()


def test_sweep_rows_as_tasks_in_grid_order(client):
    s = llmcost.Scenario.load(ROOT / "examples" / "scenarios" / "h800-vs-h100.toml")
    local = s.sweep()
    assert s.sweep_rows == len(local.to_dict()["rows"]) > 1
    for chunk_size in (None, 1, 2):
        dist = llmcost.dask.sweep(s, client=client, chunk_size=chunk_size)
        assert dist == local
        assert dist.to_frame().equals(local.to_frame())
    assert s.sweep(client=client) == local
    # with uncertainty: every row a Monte Carlo run of its own
    assert s.sweep(True, samples=2000, seed=3, client=client) == s.sweep(True, samples=2000, seed=3)
    # rows as a range
    rows = s.sweep(rows=(1, 2)).to_dict()["rows"]
    assert rows == local.to_dict()["rows"][1:2]
    with pytest.raises(ValueError, match=r"llmcost\.scenario\.range"):
        s.sweep(rows=(0, s.sweep_rows + 1))


def test_prediction_sweep_as_tasks_equals_the_local_call(client):
    # each element a layout search, a step-time prediction, the realisation interval and a cost
    kw = dict(model="llama-3-70b", chip="H100-SXM", tokens=15e12, gpus=np.array([[512.0], [1024.0], [2048.0]]),
              global_batch_tokens=np.array([2.0**22, 2.0**23]), outputs=["gpu_hours", "cost_usd"])
    local = llmcost.estimate_training(**kw)
    dist = llmcost.dask.estimate_training(client=client, chunk_size=4, **kw)
    assert dist.shape == local.shape == (3, 2)
    for k in local:
        assert np.array_equal(dist[k], local[k]), k
    assert dist.to_frame().equals(local.to_frame())
    with pytest.raises(ValueError, match=r"llmcost\.dask\.chunk_size"):
        llmcost.dask.estimate_training(client=client, chunk_size=0, **kw)


@pytest.fixture(scope="module")
def tcp_scheduler():
    """A scheduler another process can reach (tcp://), with one in-process worker thread."""
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                       dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.mark.skipif(not (BUILD / "bin" / "llmcost").exists(), reason="the CLI is not built")
def test_cli_scheduler_prints_what_the_local_run_prints(tcp_scheduler):
    cli = str(BUILD / "bin" / "llmcost")
    env = dict(os.environ, LLMCOST_PYTHON=sys.executable, LLMCOST_PYTHONPATH=str(BUILD / "python"))
    env.pop("LLMCOST_DASK_SCHEDULER", None)
    for f in ("deepseek-v3-true-cost.toml", "h800-vs-h100.toml"):
        args = [cli, "run", str(ROOT / "examples" / "scenarios" / f), "--samples", "20000", "--format", "json"]
        local = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
        dist = subprocess.run(args + ["--scheduler", tcp_scheduler], capture_output=True, text=True,
                              env=env, check=True).stdout
        assert dist == local, f
    # the environment variable does the same; a missing interpreter is a tagged error
    env2 = dict(env, LLMCOST_DASK_SCHEDULER=tcp_scheduler)
    assert subprocess.run(args, capture_output=True, text=True, env=env2, check=True).stdout == local
    bad = subprocess.run(args, capture_output=True, text=True, env=dict(env2, LLMCOST_PYTHON="/nonexistent/python3"))
    assert bad.returncode != 0 and "[llmcost.dask.python]" in bad.stderr
