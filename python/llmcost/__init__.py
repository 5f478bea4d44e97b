"""llmcost: sourced, unit-safe estimates of LLM training and inference cost.

Numbers are plain floats in SI base units, and every name carries its unit
(``peak_bf16_flop_per_s``, ``price_usd_per_gpu_hour``). Every catalog number has
a source and a quality grade (``chip("H800").sources``).

    >>> import llmcost
    >>> llmcost.chip("H800").scale_up_bandwidth_bytes_per_s
    400000000000.0
"""
from __future__ import annotations

try:
    from . import _core
except ImportError as exc:  # pragma: no cover - exercised only without a build
    raise ImportError(
        "llmcost's compiled extension (llmcost._core) is missing. Did you build it? "
        "Run `make build` (or `cmake --preset dev && cmake --build build`) and put "
        "build/python on PYTHONPATH, or `pip install .`."
    ) from exc

from ._core import Accelerator, chip, chips, load_catalog
from ._core import Model, model, model_names

__version__: str = _core.__version__

__all__ = ["Accelerator", "chip", "chips", "load_catalog", "__version__"]
__all__ += ["Model", "model", "model_names"]

from ._core import (api_price, api_prices, cost_per_task, estimate_inference, list_price_ratios,
                    load_api_prices, price_ratio, price_ratio_grid, price_ratio_range, task_profiles)

__all__ += ["api_price", "api_prices", "cost_per_task", "estimate_inference", "list_price_ratios",
            "load_api_prices", "price_ratio", "price_ratio_grid", "price_ratio_range", "task_profiles"]

from ._core import (OwnershipTco, TrainingEstimate, claim, claims, estimate_training, fleet_cost, predict_mfu,
                    program_cost, tco_preset, tco_preset_names, validate_training)

__all__ += ["OwnershipTco", "TrainingEstimate", "claim", "claims", "estimate_training", "fleet_cost", "predict_mfu",
            "program_cost", "tco_preset", "tco_preset_names", "validate_training"]
