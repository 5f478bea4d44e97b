# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # DeepSeek-V3: the $5.576M, and what it leaves out
#
# DeepSeek-V3 Technical Report (arXiv:2412.19437), Table 1: 2,664K H800 GPU-hours of pre-training,
# 119K of context extension and 5K of post-training, priced at an assumed $2 per GPU-hour:
# **$5.576M**. This notebook reproduces it, breaks it down, and puts uncertainty around it.

# %%
import time

import numpy as np
import matplotlib.pyplot as plt

import llmcost
import llmcost.plot

# %% [markdown]
# ## 1. Reproduce the published figures
# `reproduce()` recomputes each published number from its published inputs (the same report as
# `llmcost reproduce deepseek-v3`); in Jupyter it renders as a table.

# %%
report = llmcost.reproduce("deepseek-v3")
report

# %%
claims = report.to_frame()
assert claims.loc["total_cost", "reproduced"] == 5.576e6
claims[["published", "reproduced", "unit", "delta"]]

# %% [markdown]
# ## 2. The same number from the estimator, per phase

# %%
phases = {"pre-training": 2.664e6, "context extension": 0.119e6, "post-training": 5e3}
rental = {name: llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800",
                                          gpu_hours=h, price_usd_per_gpu_hour=2.0)
          for name, h in phases.items()}
total = sum(e.cost_usd for e in rental.values())
print(f"total: ${total:,.0f}")
assert total == 5.576e6
llmcost.plot.cost_breakdown(rental, title="DeepSeek-V3 at $2/GPU-hour (rental)");

# %% [markdown]
# Owning the GPUs instead: the Epoch AI cost model (Cottier et al. 2024, arXiv:2405.21015) splits
# the hourly cost into hardware amortisation, capital, power, facility and maintenance.

# %%
tco = llmcost.tco_preset("china-owner", gpu_price_usd=32_500, gpu_tdp_w=700)
owned = {name: llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800",
                                         gpu_hours=h, tco=tco)
         for name, h in phases.items()}
llmcost.plot.cost_breakdown(owned, title=f"Owning the cluster at ${tco.usd_per_gpu_hour:.2f}/GPU-hour");

# %% [markdown]
# ## 3. Vectorised: cost over MFU × price in one call
# Every numeric argument takes numpy arrays (broadcast); the C++ kernel runs without the GIL.

# %%
mfu = np.linspace(0.25, 0.50, 6)[:, None]
price = np.array([1.5, 2.0, 2.5, 3.0])
grid = llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800",
                                 precision="fp8", mfu=mfu, price_usd_per_gpu_hour=price)
grid.to_frame().pivot(index="mfu", columns="price_usd_per_gpu_hour", values="cost_usd").round(-3)

# %%
x = np.random.default_rng(0).uniform(0.3, 0.45, 1_000_000)
t0 = time.perf_counter()
big = llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip="H800",
                                mfu=x, price_usd_per_gpu_hour=2.0)
print(f"10^6 estimates in {time.perf_counter() - t0:.3f} s")

# %% [markdown]
# ## 4. Monte Carlo: the "true cost" with uncertain MFU, price, ablations and staff
# The scenario file states every range with its source.

# %%
scenario = llmcost.Scenario.load("../scenarios/deepseek-v3-true-cost.toml")
t0 = time.perf_counter()
mc = scenario.run(samples=1_000_000, seed=20241227)
print(f"10^6 samples in {time.perf_counter() - t0:.2f} s")
mc

# %%
llmcost.plot.mc_histogram(mc, "final_run_cost_usd");

# %%
llmcost.plot.mc_histogram(mc, "program_cost_usd", claim=5.576e6, claim_label="DeepSeek's $5.576M");

# %%
sens = llmcost.sensitivity(scenario, "program_cost_usd")
llmcost.plot.tornado(sens["tornado"]);

# %% [markdown]
# ## 5. The same Monte Carlo on Dask
# Partitions run on the workers; the result is identical to the single-process run, bit for bit.
# Against a real cluster, pass `Client("tcp://scheduler:8786")` instead.

# %%
from dask.distributed import Client, LocalCluster

import llmcost.dask

with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
        Client(cluster) as client:
    distributed = llmcost.dask.monte_carlo(scenario, 1_000_000, seed=20241227, client=client, partitions=8)
assert distributed == mc
distributed.to_frame()
