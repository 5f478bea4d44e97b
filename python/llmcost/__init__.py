"""llmcost: sourced, unit-safe estimates of LLM training and inference cost.

Numbers are plain floats in SI base units, and every name carries its unit
(``peak_bf16_flop_per_s``, ``price_usd_per_gpu_hour``). Every catalog number has
a source and a quality grade (``chip("H800").sources``).

    >>> import llmcost
    >>> llmcost.chip("H800").scale_up_bandwidth_bytes_per_s
    400000000000.0
"""
from __future__ import annotations

import os as _os

try:
    from . import _core
except ImportError as exc:  # pragma: no cover - exercised only without a build
    raise ImportError(
        "llmcost's compiled extension (llmcost._core) is missing. Did you build it? "
        "Run `make build` (or `cmake --preset dev && cmake --build build`) and put "
        "build/python on PYTHONPATH, or `pip install .`."
    ) from exc

# ---- the compiled core, by area -------------------------------------------------------
from ._core import Accelerator, Catalog, chip, chips, load_catalog  # hardware catalog
from ._core import Model, model, model_names, model_types  # model architectures
from ._core import (OwnershipTco, TrainingEstimate, TrainingResult, estimate_training, fleet_cost,  # training
                    predict_mfu, program_cost, tco_preset, tco_preset_names, validate_training)
from ._core import (ServingResult, api_price, api_prices, cost_per_task, estimate_inference,  # inference
                    list_price_ratios, load_api_prices, price_ratio, price_ratio_grid, price_ratio_range,
                    task_profiles)
from ._core import (LayoutSearchResult, StepTimeEstimate, deepseek_v3_published_layout,  # step time
                    estimate_step_time, search_layouts)
from ._core import Claim, claim, claims, reproducible_ids  # published claims
from ._core import scenario_bases  # scenarios

__version__: str = _core.__version__

# ---- notebooks: vectorised front ends, scenarios, reproduction reports -------------
# The array-aware wrappers replace the scalar bindings of the same names; with scalar arguments
# they call them unchanged.
from ._vectorised import estimate_inference, estimate_training, price_ratio  # noqa: E402,F811
from .results import (ArrayResult, MetricSummary, MonteCarloResult, Report, SobolResult,  # noqa: E402
                      SweepTable, Tornado)
from .scenario import Distribution, Scenario, sensitivity  # noqa: E402


def reproduce(claim_id: str, catalog=None) -> Report:
    """The reproduction report ``claim_id`` (see ``reproducible_ids()``): each published number
    recomputed from its published inputs, a derivation and challenges. ``to_dict()`` is the JSON of
    the C++ ``to_json(Report)``, ``to_frame()`` the claims table; Jupyter renders it as HTML.
    The re-derivation and the challenges read their chips from ``catalog`` (an :class:`Catalog`, a
    catalog file's path, or None for the built-in one); the published arithmetic does not depend on it.
    KeyError [llmcost.claims.unknown_report] listing the ids."""
    if isinstance(catalog, (str, _os.PathLike)):
        catalog = load_catalog(catalog)  # read once for both renderings
    return Report(_core._reproduce_json(claim_id, catalog), _core._reproduce_text(claim_id, catalog))


# One curated list, grouped by area, sorted within a group (python/tests/test_packaging.py checks
# that every name exists and that every public name of llmcost._core is listed).
__all__ = [
    "__version__",
    # hardware catalog
    "Accelerator", "Catalog", "chip", "chips", "load_catalog",
    # model architectures
    "Model", "model", "model_names", "model_types",
    # training cost, efficiency, ownership and program cost
    "OwnershipTco", "TrainingEstimate", "TrainingResult", "estimate_training", "fleet_cost", "predict_mfu",
    "program_cost", "tco_preset", "tco_preset_names", "validate_training",
    # inference and API prices
    "ServingResult", "api_price", "api_prices", "cost_per_task", "estimate_inference", "list_price_ratios", "load_api_prices",
    "price_ratio", "price_ratio_grid", "price_ratio_range", "task_profiles",
    # step-time model and layout search
    "LayoutSearchResult", "StepTimeEstimate", "deepseek_v3_published_layout", "estimate_step_time", "search_layouts",
    # published claims and reproduction reports
    "Claim", "Report", "claim", "claims", "reproduce", "reproducible_ids",
    # scenarios, Monte Carlo and sensitivity
    "Distribution", "MetricSummary", "MonteCarloResult", "Scenario", "SobolResult", "SweepTable", "Tornado",
    "scenario_bases", "sensitivity",
    # array results of the vectorised front ends
    "ArrayResult",
]


def __getattr__(name: str):
    """``llmcost.plot`` and ``llmcost.dask`` load on first use (matplotlib / dask stay optional)."""
    if name in ("plot", "dask"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'llmcost' has no attribute {name!r}")
