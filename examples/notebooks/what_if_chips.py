# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # What if DeepSeek-V3 had been trained on other chips?
#
# Same work (14.8T tokens × 250.4 GFLOP/token, the main model's training FLOPs; ISCA '25 Table 2)
# at the same measured MFU (38.94% of the BF16 peak; ISCA '25 Table 4): GPU-hours scale with
# 1 / peak. The red star is the published 2,664K H800 GPU-hours (DeepSeek-V3 TR Table 1).

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

import llmcost
import llmcost.plot

# %%
ax = llmcost.plot.gpu_hours_by_chip(("H800", "H100", "H200", "H20", "A100", "A100-PCIE-40GB", "B200", "MI300X"))

# %%
rows = []
for name in ("H800", "H100", "H20", "A100-PCIE-40GB"):
    c = llmcost.chip(name)
    e = llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=2048, chip=name,
                                  mfu=0.3894, price_usd_per_gpu_hour=2.0)
    rows.append({"chip": c.id, "peak_bf16_flop_per_s": c.peak_bf16_flop_per_s, "gpu_hours": e.gpu_hours,
                 "days_on_2048": e.wall_clock_days, "cost_usd_at_2": e.cost_usd})
table = pd.DataFrame(rows).set_index("chip")
assert abs(table.loc["H800-SXM", "gpu_hours"] / 2.664e6 - 1) < 0.02
table

# %% [markdown]
# ## How many GPUs, how long? One vectorised call over GPU counts × MFU

# %%
gpus = np.array([1024, 2048, 4096, 10_000])[:, None]
mfu = np.array([0.25, 0.3894, 0.45])
d = llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=250.4e9, gpus=gpus, chip="A100-PCIE-40GB",
                              mfu=mfu, price_usd_per_gpu_hour=2.0)
d.to_frame().pivot(index="gpus", columns="mfu", values="wall_clock_days").round(1)

# %% [markdown]
# ## The shipped counterfactual scenarios

# %%
for f in ("../scenarios/deepseek-v3-a100-counterfactual.toml", "../scenarios/h800-vs-h100.toml"):
    s = llmcost.Scenario.load(f)
    print(s.name, {k: round(v, 1) for k, v in s.base_point().items()})
    if s.uncertain_inputs:
        display(s.run(samples=100_000, seed=1).to_frame())  # noqa: F821 (IPython)
