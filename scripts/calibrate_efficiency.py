#!/usr/bin/env python3
"""Fit llmcost's default training-efficiency (MFU) model on public training runs.

Input : the `training_runs` of the reference dataset (the training_runs table of the project's reference dataset, JSON; pass its path),
        keeping runs that publish both GPU-hours and tokens.
Model : ln MFU = a + b·x + c·y + d·x·y + e·ln(G/2048)
        x = ln(N_active / 1e10), y = ln(peak_bf16 / 1e15 FLOP/s), G = GPUs in the cluster.
        e is NOT fitted: e = ln(0.41/0.43)/ln 2 = -0.0687, from Llama 3 (arXiv:2407.21783,
        Table 4: 43% BF16 MFU on 8,192 H100 vs 41% on 16,384); the term is 0 when G is unknown.
        MFU = 6·N_active·D / (GPU-hours · 3600 · peak_bf16)   (Kaplan et al. 2020, C ≈ 6ND).
Fit   : ordinary least squares on ln MFU (= ln GPU-hours error), 4 free parameters.
Output: data/efficiency.toml (coefficients, domain, runs with sources) and the residual
        table (markdown) on stdout for docs/efficiency.md / docs/training.md.

    /usr/bin/python3 scripts/calibrate_efficiency.py /work/shared/reference/published.json > /tmp/residuals.md
"""
import json
import math
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLUSTER_ELASTICITY = math.log(0.41 / 0.43) / math.log(2.0)
REF_GPUS = 2048.0

# Hardware string in the dataset -> (catalog id or label, dense BF16 peak FLOP/s, source id).
# Peaks are the llmcost catalog's (data/accelerators.toml); TPU v3 is not in the catalog.
CHIPS = [
    ("A100-SXM-40GB", "A100-SXM-40GB", 312e12, "nv-a100-datasheet"),
    ("A100", "A100-SXM-80GB", 312e12, "nv-a100-datasheet"),
    ("H100", "H100-SXM", 989e12, "nv-h100-datasheet"),
    ("H800", "H800-SXM", 989e12, "ds-isca"),
    ("TPU v4", "TPU-v4", 275e12, "gcp-tpu-v4"),
    ("TPU v3", "TPU-v3", 123e12, "gcp-tpu-v3"),
]
SOURCES = {
    "dsv3-tr": ("DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv:2412.19437, Table 1 (2,664K H800 GPU-hours of pre-training on 14.8T tokens)", "https://arxiv.org/abs/2412.19437", "2024-12"),
    "dsv2": ("DeepSeek-AI, DeepSeek-V2, arXiv:2405.04434, p.16 (172.8K H800 GPU-hours per trillion tokens; 8.1T tokens)", "https://arxiv.org/abs/2405.04434", "2024-05"),
    "llama2-mc": ("Meta, llama-models models/llama2/MODEL_CARD.md (commit a9c89c4)", "https://github.com/meta-llama/llama-models", "2023-07"),
    "llama3-mc": ("Meta, llama-models models/llama3/MODEL_CARD.md (commit a9c89c4)", "https://github.com/meta-llama/llama-models", "2024-04"),
    "llama31-mc": ("Meta, llama-models models/llama3_1/MODEL_CARD.md (commit a9c89c4); The Llama 3 Herd of Models, arXiv:2407.21783", "https://github.com/meta-llama/llama-models", "2024-07"),
    "palm": ("Chowdhery et al., PaLM, arXiv:2204.02311, p.9 and p.66 (6144 TPU v4 x 1200 h + 3072 x 336 h)", "https://arxiv.org/abs/2204.02311", "2022-04"),
    "gopher": ("Rae et al., Gopher, arXiv:2112.11446, p.103 (4096 TPU v3 x 920 h)", "https://arxiv.org/abs/2112.11446", "2021-12"),
    "glm130b": ("Zeng et al., GLM-130B, arXiv:2210.02414 (768 A100-40GB, 60-day window; upper bound)", "https://arxiv.org/abs/2210.02414", "2022-10"),
    "llama3-paper": ("Llama Team, The Llama 3 Herd of Models, arXiv:2407.21783, Table 4 (BF16 MFU 43% on 8,192 vs 41% on 16,384 H100)", "https://arxiv.org/abs/2407.21783", "2024-07"),
    "gcp-tpu-v3": ("Google Cloud TPU documentation, TPU v3: 123 TFLOPS bf16 per chip (not in llmcost's catalog)", "https://cloud.google.com/tpu/docs/v3", "2024"),
}
RUN_SOURCE = {"deepseek-v3": "dsv3-tr", "deepseek-v2": "dsv2", "palm-540b": "palm", "gopher-280b": "gopher",
              "glm-130b": "glm130b"}


def run_source(rid):
    if rid in RUN_SOURCE:
        return RUN_SOURCE[rid]
    if rid.startswith("llama-2"):
        return "llama2-mc"
    if rid.startswith("llama-3.1"):
        return "llama31-mc"
    return "llama3-mc"


def grade_of(quality):
    """Dataset quality code -> llmcost grade (S anywhere -> secondary; D -> derived; else primary)."""
    if "S" in quality:
        return "secondary"
    if "D" in quality:
        return "derived"
    return "primary"


def load_runs(path):
    runs = []
    for r in json.load(open(path))["training_runs"]:
        if "gpu_hours" not in r or "tokens" not in r:
            continue
        chip = next(c for c in CHIPS if c[0] in r["hardware"])
        gpu_hours = r.get("gpu_hours_pretrain", r["gpu_hours"])  # tokens are pre-training tokens
        runs.append(dict(id=r["id"], model=r["model"], chip=chip[1], peak=chip[2], params=r["params_active"],
                         tokens=r["tokens"], gpu_hours=gpu_hours, gpus=r.get("gpu_count"), source=run_source(r["id"]), grade=grade_of(r.get("quality", ""))))
    return runs


def features(params, peak):
    x = math.log(params / 1e10)
    y = math.log(peak / 1e15)
    return [1.0, x, y, x * y]


def cluster_term(gpus):
    return CLUSTER_ELASTICITY * math.log(gpus / REF_GPUS) if gpus else 0.0


def fit(runs):
    X = np.array([features(r["params"], r["peak"]) for r in runs])
    y = np.array([math.log(6 * r["params"] * r["tokens"] / (r["gpu_hours"] * 3600 * r["peak"])) - cluster_term(r["gpus"])
                  for r in runs])
    return X, y, np.linalg.lstsq(X, y, rcond=None)[0]


def main():
    runs = load_runs(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/published.json")
    X, y, beta = fit(runs)
    rows = []
    for i, r in enumerate(runs):
        mask = np.arange(len(runs)) != i
        b_loo = np.linalg.lstsq(X[mask], y[mask], rcond=None)[0]
        mfu = math.exp(X[i] @ beta + cluster_term(r["gpus"]))
        pred = 6 * r["params"] * r["tokens"] / (mfu * r["peak"] * 3600)
        loo = math.exp(y[i] - X[i] @ b_loo) - 1  # predicted/published - 1 under the LOO fit
        rows.append((r, mfu, pred, pred / r["gpu_hours"] - 1, loo))
    errs = [abs(e) for _, _, _, e, _ in rows]
    loos = [abs(l) for *_, l in rows]
    lo_x = min(math.log(r["params"] / 1e10) for r in runs); hi_x = max(math.log(r["params"] / 1e10) for r in runs)
    toml = ["# Default training-efficiency (MFU) model: GENERATED by scripts/calibrate_efficiency.py; do not edit.",
            "# ln MFU = intercept + params_coef*x + peak_coef*y + interaction_coef*x*y + cluster_elasticity*ln(G/2048)",
            "# x = ln(N_active/1e10), y = ln(peak_bf16 / 1e15 FLOP/s); MFU against the dense BF16 peak.",
            f"# In-sample |GPU-hour error|: median {np.median(errs):.4f}, max {max(errs):.4f}; "
            f"leave-one-out: median {np.median(loos):.4f}, max {max(loos):.4f}",
            "", "schema_version = 1", ""]
    for sid, (cit, url, date) in SOURCES.items():
        toml += [f"[sources.{sid}]", f'citation = "{cit}"', f'url = "{url}"', f'date = "{date}"', ""]
    toml += ["[model]",
             f"intercept = {beta[0]:.6f}", f"params_coef = {beta[1]:.6f}", f"peak_coef = {beta[2]:.6f}",
             f"interaction_coef = {beta[3]:.6f}",
             f"cluster_elasticity = {CLUSTER_ELASTICITY:.6f}  # fixed, llama3-paper Table 4",
             f"reference_gpus = {REF_GPUS:.0f}",
             f"min_active_params = {min(r['params'] for r in runs):.6g}",
             f"max_active_params = {max(r['params'] for r in runs):.6g}",
             f"min_peak_flop_per_s = {min(r['peak'] for r in runs):.6g}",
             f"max_peak_flop_per_s = {max(r['peak'] for r in runs):.6g}",
             f"min_gpus = {min(r['gpus'] for r in runs if r['gpus']):.0f}",
             f"max_gpus = {max(r['gpus'] for r in runs if r['gpus']):.0f}",
             f"median_abs_error = {np.median(errs):.6f}", f"max_abs_error = {max(errs):.6f}",
             f"loo_median_abs_error = {np.median(loos):.6f}", f"loo_max_abs_error = {max(loos):.6f}", ""]
    for r, *_ in rows:
        toml += ["[[run]]", f'id = "{r["id"]}"', f'model = "{r["model"]}"', f'chip = "{r["chip"]}"',
                 f'peak_bf16_flop_per_s = {r["peak"]:.6g}', f'active_params = {r["params"]:.6g}',
                 f'tokens = {r["tokens"]:.6g}', f'gpu_hours = {r["gpu_hours"]:.10g}',
                 f'gpus = {r["gpus"] or 0}', f'source = "{r["source"]}"', f'grade = "{r["grade"]}"', ""]
    (ROOT / "data" / "efficiency.toml").write_text("\n".join(toml))
    print("| run | chip | N_active | tokens | GPUs | published GPU-h | predicted MFU | predicted GPU-h | error | LOO error |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r, mfu, pred, e, l in rows:
        print(f"| {r['id']} | {r['chip']} | {r['params']/1e9:.1f}B | {r['tokens']/1e12:.2f}T | {r['gpus'] or '—'} | "
              f"{r['gpu_hours']:,.0f} | {mfu:.3f} | {pred:,.0f} | {e:+.1%} | {l:+.1%} |")
    print(f"\nmedian |error| {np.median(errs):.1%}, max {max(errs):.1%}; leave-one-out median {np.median(loos):.1%}, "
          f"max {max(loos):.1%}; coefficients {np.round(beta, 6).tolist()}")


if __name__ == "__main__":
    main()
