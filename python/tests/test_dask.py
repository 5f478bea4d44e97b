"""llmcost.dask: the same Monte Carlo on a 2-worker LocalCluster, bit-identical to Scenario.run."""
import pathlib

import pytest

import llmcost

distributed = pytest.importorskip("distributed")
import llmcost.dask  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


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
