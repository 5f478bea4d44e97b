# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # "R1 is 20–50× cheaper than o1": where the ratio comes from
#
# List prices per million tokens: o1 $15 input / $7.50 cached input / $60 output (OpenAI pricing
# page); DeepSeek-R1 $0.55 / $0.14 / $2.19 (DeepSeek API docs). The per-price ratios are 27.3×,
# 53.6× and 27.4×; the ratio for a task depends on its token mix.

# %%
import numpy as np
import matplotlib.pyplot as plt

import llmcost
import llmcost.plot

# %%
ratios = llmcost.list_price_ratios("o1", "deepseek-reasoner")
print(ratios)
assert abs(ratios["input_cache_miss"] - 15 / 0.55) < 1e-9
assert abs(ratios["input_cache_hit"] - 7.5 / 0.14) < 1e-9
assert abs(ratios["output"] - 60 / 2.19) < 1e-9

# %%
llmcost.reproduce("deepseek-r1-pricing")

# %% [markdown]
# ## The ratio over the task mix
# x: output share of the billed tokens; y: share of the input served from the prompt cache.
# With equal reasoning lengths the ratio never leaves 27.3×–53.6×: the 20× contour is absent.

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
llmcost.plot.price_ratio_heatmap("o1", "deepseek-reasoner", ax=axes[0])
llmcost.plot.price_ratio_heatmap("o1", "deepseek-reasoner", reasoning_multiplier=2.0, ax=axes[1]);

# %% [markdown]
# If R1 reasons k× as long as o1 on the same task, the ratio falls; one vectorised call:

# %%
k = np.linspace(0.5, 3.0, 11)
by_k = llmcost.price_ratio("o1", "deepseek-reasoner", "chat", k, outputs="all")
by_k.to_frame()

# %% [markdown]
# ## Over a distribution of task mixes (Monte Carlo)

# %%
scenario = llmcost.Scenario.load("../scenarios/r1-vs-o1-task-mix.toml")
mc = scenario.run(samples=200_000)
ratio = mc["price_ratio"]
print("P(20 <= ratio <= 50) =", ratio.intervals[0]["probability"])
mc.to_frame()

# %%
samples = scenario.sample(200_000)["price_ratio"]
ax = llmcost.plot.mc_histogram(samples, "price_ratio", claim=20, claim_label="20×", bins=80)
ax.axvline(50, color="red", lw=2, ls=":", label="50×")
ax.set_xlim(0, 120)
ax.legend(fontsize=8);
