"""numpy front ends of estimate_training, estimate_inference and price_ratio.

With only scalar arguments these call the scalar C++ functions unchanged (a training result,
a ServingResult, a float). When any numeric argument is an array (or list), the arguments are broadcast
with numpy's rules and one C++ kernel evaluates every element with the GIL released; the result
holds arrays of the broadcast shape. Each element equals the scalar call exactly.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from . import _checks, _core
from .results import ArrayResult


#: Arrays estimate_training computes by default for array inputs.
TRAINING_OUTPUTS = ("flop", "gpu_hours", "wall_clock_days", "cost_usd")
#: Every array estimate_training can compute (``outputs="all"`` for all of them).
TRAINING_OUTPUT_NAMES = ("flop", "gpu_hours", "wall_clock_s", "wall_clock_days", "tokens_per_s_per_gpu",
                         "implied_mfu_bf16", "implied_mfu_fp8", "cost_usd", "rental_usd", "hardware_usd",
                         "capital_usd", "power_usd", "facility_usd", "maintenance_usd")
#: Every array price_ratio can compute.
PRICE_RATIO_OUTPUT_NAMES = ("price_ratio", "numerator_usd_per_task", "denominator_usd_per_task")

_is_array = _checks.is_array


def _outputs(outputs: Sequence[str] | str, valid: Sequence[str]) -> list[str]:
    """The requested outputs: one name or a list of names from ``valid`` (or "all"), not empty."""
    return _checks.names("outputs", outputs, (*valid, "all"), allow_empty=False, tag="llmcost.python.outputs")


def _broadcast(named: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], tuple[int, ...], int]:
    """Checks the arguments (real numbers only), broadcasts them and flattens them to 1-D float64
    columns (length n or 1)."""
    arrays = {k: _checks.numeric_array(k, v) for k, v in named.items()}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k}{a.shape}" for k, a in arrays.items() if a.ndim)
        raise ValueError(f"[llmcost.python.broadcast] arguments do not broadcast together: {shapes}") from exc
    n = int(np.prod(shape, dtype=np.int64)) if shape else 1
    cols = {}
    for k, a in arrays.items():
        if a.size == 1:
            cols[k] = a.reshape(1)  # stays a broadcast scalar (stride 0 in C++)
        else:
            cols[k] = np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1)
    return cols, shape, n


def _shaped(d: Mapping[str, np.ndarray], shape: tuple[int, ...]) -> dict[str, np.ndarray]:
    out = {}
    for k, v in d.items():
        v = np.asarray(v).reshape(shape)
        v.flags.writeable = False  # results are immutable
        out[k] = v
    return out


#: The layout keywords of estimate_training (a stated layout: the step-time model predicts the MFU).
_LAYOUT_KEYS = ("tp", "pp", "dp", "ep", "cp", "virtual_stages", "micro_batch_size", "zero_stage",
                "global_batch_tokens", "max_nodes_per_token", "scale_out_per_direction_bytes_per_s")


def estimate_training(*, tokens, gpus, chip: str, model=None, hf_config=None,
                      training_flop_per_token=None, active_params=None, seq_len=None, precision: str | None = None,
                      mfu=None, mfu_precision: str = "bf16", tokens_per_s_per_gpu=None, gpu_hours=None, goodput=None,
                      price_usd_per_gpu_hour=None, tco=None, tp=None, pp=None, dp=None, ep=None, cp=None,
                      schedule: str | None = None, virtual_stages=None, micro_batch_size=None,
                      recompute: str | None = None, zero_stage=None, global_batch_tokens=None,
                      max_nodes_per_token=None, scale_out_per_direction_bytes_per_s=None,
                      flash_attention: bool | None = None, dropout: bool | None = None,
                      sequence_parallel: bool | None = None,
                      outputs: Sequence[str] | str = TRAINING_OUTPUTS, out: Mapping[str, np.ndarray] | None = None,
                      catalog=None):
    """Training FLOPs, GPU-hours, wall clock and cost of a run: the request and defaults of
    ``llmcost estimate training`` (llmcost/estimate/training_request.hpp), with the same names.

    The model: exactly one of ``model`` (a preset, see :func:`model_names`, or a :class:`Model`), ``hf_config`` (the path of a
    Hugging Face config.json) or ``training_flop_per_token`` [FLOP/tok] (then ``active_params`` lets the
    default efficiency model predict the MFU). ``tokens`` [tok] on ``gpus`` × ``chip``; ``seq_len`` [tok]
    (default 4096); ``precision`` the GEMM precision of a stated layout (default bf16).

    Efficiency, in order: a stated layout (``tp``, ``pp``, ``dp``, ``ep``, ``cp``, ``schedule``,
    ``virtual_stages``, ``micro_batch_size``, ``recompute``, ``zero_stage``, with ``global_batch_tokens``
    [tok per step], ``max_nodes_per_token``, ``scale_out_per_direction_bytes_per_s`` and the switches
    ``flash_attention`` (default on), ``dropout`` (default off) and ``sequence_parallel`` (default on)): the step-time model
    predicts the MFU; else at most one of ``mfu`` (against the dense peak of ``mfu_precision``),
    ``tokens_per_s_per_gpu`` or ``gpu_hours`` (billed; goodput not applied); else the default efficiency
    model. ``goodput`` in (0, 1] (default 1).

    Price: ``price_usd_per_gpu_hour`` [USD/GPU-h] or ``tco`` (an :class:`OwnershipTco`); else the chip's
    lowest catalog quote; else no cost (``cost_usd`` is None). Every default that stood in is listed in
    ``result.defaults`` with its source.

    Scalars return a :class:`TrainingResult` (``.gpu_hours``, ``.cost_usd``, ``.to_dict()``, the CLI's
    JSON document). Any numeric argument may be a numpy array; the arguments broadcast and the result is
    an :class:`ArrayResult` of arrays: flop, gpu_hours, wall_clock_s, wall_clock_days,
    tokens_per_s_per_gpu, implied_mfu_bf16/fp8 (when the chip has that peak), cost_usd and its
    components rental_usd, hardware_usd, capital_usd, power_usd, facility_usd, maintenance_usd [USD].
    ``outputs`` picks which arrays to compute (default: flop, gpu_hours, wall_clock_days, cost_usd;
    ``"all"`` for every one). Each element equals the scalar call. With stated FLOPs per token, a stated
    efficiency and a stated price or TCO, a kernel evaluates the elements with the GIL released and
    ``out`` may map output names to preallocated C-contiguous float64 arrays of the broadcast shape
    (numpy's ``out=`` idiom); otherwise each element is resolved as a scalar request.

    ``chip`` is looked up in ``catalog``: an :class:`llmcost.Catalog`, the path of a catalog TOML file,
    or None for the built-in catalog.

    Accepted ranges: tokens [1, 1e18], training_flop_per_token [1, 1e25], gpus a whole number in
    [1, 1e7], seq_len a whole number in [1, 1e8], mfu and goodput (0, 1], tokens_per_s_per_gpu
    [1e-6, 1e12], gpu_hours [1e-6, 1e15], price_usd_per_gpu_hour (0, 1e4]. Every output is finite or
    the call raises ValueError ``[llmcost.training.overflow]``. ValueError with a ``[llmcost.training.*]``
    tag on bad input; TypeError ``[llmcost.python.type]`` for bools, strings, complex numbers and masked
    arrays.
    """
    if hf_config is not None:
        import os
        hf_config = os.fspath(hf_config)
    numeric = dict(tokens=tokens, gpus=gpus, training_flop_per_token=training_flop_per_token,
                   active_params=active_params, seq_len=seq_len, mfu=mfu, tokens_per_s_per_gpu=tokens_per_s_per_gpu,
                   gpu_hours=gpu_hours, goodput=goodput, price_usd_per_gpu_hour=price_usd_per_gpu_hour, tp=tp, pp=pp,
                   dp=dp, ep=ep, cp=cp, virtual_stages=virtual_stages, micro_batch_size=micro_batch_size,
                   zero_stage=zero_stage, global_batch_tokens=global_batch_tokens,
                   max_nodes_per_token=max_nodes_per_token,
                   scale_out_per_direction_bytes_per_s=scale_out_per_direction_bytes_per_s)
    switches = dict(flash_attention=flash_attention, dropout=dropout, sequence_parallel=sequence_parallel)
    text = dict(chip=chip, model=model, hf_config=hf_config, precision=precision, mfu_precision=mfu_precision,
                schedule=schedule, recompute=recompute, **switches)
    wanted = _outputs(outputs, TRAINING_OUTPUT_NAMES)
    if not any(_is_array(v) for v in numeric.values()):
        if out:
            raise ValueError("[llmcost.python.out] out= receives arrays; give at least one array argument")
        # The compiled function checks each number strictly (no bools, strings, complex numbers).
        return _core.estimate_training(tco=tco, catalog=catalog, **text, **numeric)
    efficiency = [k for k in ("mfu", "tokens_per_s_per_gpu", "gpu_hours") if numeric[k] is not None]
    if len(efficiency) > 1:
        raise ValueError("[llmcost.training.efficiency] give at most one of mfu=, tokens_per_s_per_gpu=, gpu_hours= "
                         f"(got {len(efficiency)})")
    if price_usd_per_gpu_hour is not None and tco is not None:
        raise ValueError("[llmcost.training.pricing] give a rental price or an ownership TCO, not both")
    given = {k: v for k, v in numeric.items() if v is not None}
    cols, shape, n = _broadcast(given)
    stated = (model is None and hf_config is None and training_flop_per_token is not None and len(efficiency) == 1
              and (price_usd_per_gpu_hour is not None or tco is not None) and schedule is None and recompute is None
              and all(numeric[k] is None for k in _LAYOUT_KEYS) and all(v is None for v in switches.values()))
    if stated:
        # Everything is stated: the kernel runs the training chain on the arrays without the GIL.
        for k, default in (("seq_len", 4096.0), ("goodput", 1.0)):
            cols.setdefault(k, np.array([default]))
        buffers = _out_buffers(out, wanted, shape, cols)
        res = _core._estimate_training_batch(chip, precision or "bf16", mfu_precision, efficiency[0], cols, n, tco,
                                             wanted, buffers, catalog)
    else:
        if out:
            raise ValueError("[llmcost.python.out] out= needs stated training_flop_per_token, efficiency and price "
                             "(the kernel path); here each element is resolved as a request")
        res = _core._estimate_training_request_batch(text, tco, cols, n, wanted, catalog)
    return ArrayResult("TrainingEstimate", _shaped(res, shape), inputs=given, total="cost_usd")


def _out_buffers(out: Mapping[str, np.ndarray] | None, wanted: Sequence[str], shape: tuple[int, ...],
                 cols: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Checks the caller's output buffers and flattens them to 1-D views (never copies)."""
    if not out:
        return {}
    flat = {}
    for name, buf in out.items():
        if "all" not in wanted and name not in wanted:
            raise ValueError(f"[llmcost.python.out] out[{name!r}] is not among the requested outputs {list(wanted)}")
        if not (isinstance(buf, np.ndarray) and buf.dtype == np.float64 and buf.flags.c_contiguous
                and buf.flags.writeable and buf.shape == shape):
            got = f"{type(buf).__name__} {getattr(buf, 'dtype', '')} {getattr(buf, 'shape', '')}".strip()
            raise ValueError(f"[llmcost.python.out] out[{name!r}] must be a writeable C-contiguous float64 array "
                             f"of shape {shape}; got {got}")
        others = [c for c in cols.values()] + list(flat.values())
        if any(np.may_share_memory(buf, c) for c in others):
            raise ValueError(f"[llmcost.python.out] out[{name!r}] overlaps an input or another output buffer")
        flat[name] = buf.reshape(-1)  # a view: C-contiguous
    return flat


def price_ratio(numerator: str, denominator: str, profile: str | None = None, reasoning_multiplier=1.0, *,
                input_tokens=None, cached_fraction=None, output_tokens=None, reasoning_tokens=None,
                outputs: Sequence[str] | str = ("price_ratio",)):
    """Cost of one task under ``numerator`` divided by its cost under ``denominator`` (ratio).

    The task is either a built-in ``profile`` (see :func:`task_profiles`; default ``"chat"``) or an
    explicit token mix billed identically on both sides: ``input_tokens`` [tok], ``cached_fraction``
    (share of input served from the prompt cache, [0, 1]), ``output_tokens`` [tok] and
    ``reasoning_tokens`` [tok] (billed as output by reasoning models). ``reasoning_multiplier`` (> 0)
    scales the denominator's reasoning tokens (its model thinks k× as long).

    Prices: the API sheets in data/api_prices.toml (o1: OpenAI pricing page; R1: DeepSeek API docs).
    Scalars return a float (the existing scalar API). Array arguments broadcast and return an
    :class:`ArrayResult` with ``price_ratio`` and, when asked for in ``outputs`` (or ``"all"``),
    ``numerator_usd_per_task`` and ``denominator_usd_per_task`` [USD].
    """
    mix = dict(input_tokens=input_tokens, cached_fraction=cached_fraction, output_tokens=output_tokens,
               reasoning_tokens=reasoning_tokens)
    mix_given = any(v is not None for v in mix.values())
    if mix_given and profile is not None:
        raise ValueError("[llmcost.pricing.task] give either profile= or an explicit token mix, not both")
    wanted = _outputs(outputs, PRICE_RATIO_OUTPUT_NAMES)
    if not mix_given and not _is_array(reasoning_multiplier):
        return _core.price_ratio(numerator, denominator, profile or "chat", reasoning_multiplier)
    numeric: dict[str, Any] = dict(reasoning_multiplier=reasoning_multiplier)
    if mix_given:
        missing = [k for k in ("input_tokens", "cached_fraction", "output_tokens") if mix[k] is None]
        if missing:
            raise ValueError(f"[llmcost.pricing.task] an explicit token mix needs {', '.join(missing)}")
        numeric.update(mix)
        numeric["reasoning_tokens"] = 0.0 if reasoning_tokens is None else reasoning_tokens
    any_array = any(_is_array(v) for v in numeric.values())
    cols, shape, n = _broadcast(numeric)
    if not any_array:
        wanted = ["all"]
    out = _core._price_ratio_batch(numerator, denominator, None if mix_given else (profile or "chat"), cols, n,
                                   wanted)
    result = ArrayResult("PriceRatio", _shaped(out, shape), inputs=numeric)
    if not any_array:
        return float(result["price_ratio"].reshape(-1)[0])
    return result


def estimate_inference(chip: str | None = None, gpus=None, tensor_parallel=None, batch_per_gpu=None,
                       context_tokens=None, prompt_tokens=None, prefill_tokens_per_gpu=None, cached_fraction=None,
                       micro_batches=None, max_nodes_per_token=None, mtp_draft_tokens=None,
                       weight_precision: str | None = None, kv_precision: str | None = None,
                       compute_precision: str | None = None, price_usd_per_gpu_hour=None, catalog=None, *,
                       model: str | None = None, hf_config=None, redundant_experts=None,
                       balanced_routing: bool | None = None, tpot_target_s: float | None = None,
                       ttft_target_s: float | None = None, kernel_scale: float | None = None,
                       kernel_tables=None):
    """Serving estimate of ``model`` (a preset) or ``hf_config`` (a config.json path) on
    ``gpus`` GPUs of ``chip`` (llmcost/estimate/serving_request.hpp), with the inputs and defaults of
    ``llmcost estimate inference``: an input left None takes the library default (deepseek-v3, H800,
    8 GPUs, ...; the price: the chip's lowest catalog quote, else no cost) and is named in the result.

    Scalars return a :class:`ServingResult` (``.decode_tokens_per_s_per_gpu``,
    ``.output_usd_per_token``, ``r[key]``; ``to_dict()`` is the CLI's JSON document). Any numeric
    argument may be an array (integers must be whole numbers); strings are scalars. The result is
    then an :class:`ArrayResult` of the numeric outputs plus ``fits_in_memory`` (bool array); the cost
    arrays are absent when there is no price. ``chip`` is looked up in ``catalog`` (an
    :class:`llmcost.Catalog`, a catalog file's path, or None for the built-in one). Array elements:
    price_usd_per_gpu_hour in (0, 1e4]; an error of one element names its flat index; every output
    is finite or the call raises ValueError ``[llmcost.inference.overflow]``.

    ``tpot_target_s`` / ``ttft_target_s`` [s] choose the decode batch / prefill chunk with the best
    throughput that meets them (scalar calls only: a search per element is the library's
    ``choose_decode_batch``); ``balanced_routing`` is a scalar switch.
    """
    numeric = dict(gpus=gpus, tensor_parallel=tensor_parallel, batch_per_gpu=batch_per_gpu,
                   context_tokens=context_tokens, prompt_tokens=prompt_tokens,
                   prefill_tokens_per_gpu=prefill_tokens_per_gpu, cached_fraction=cached_fraction,
                   micro_batches=micro_batches, max_nodes_per_token=max_nodes_per_token,
                   mtp_draft_tokens=mtp_draft_tokens, price_usd_per_gpu_hour=price_usd_per_gpu_hour,
                   redundant_experts=redundant_experts)
    precisions = dict(weight_precision=weight_precision, kv_precision=kv_precision,
                      compute_precision=compute_precision)
    hf = None if hf_config is None else str(hf_config)
    scalar_only = dict(balanced_routing=balanced_routing, tpot_target_s=tpot_target_s, ttft_target_s=ttft_target_s,
                       kernel_scale=kernel_scale,
                       kernel_tables=None if kernel_tables is None else str(kernel_tables))
    if not any(_is_array(v) for v in numeric.values()):
        redundant = numeric.pop("redundant_experts")
        return _core.estimate_inference(chip=chip, **numeric, **precisions, catalog=catalog, model=model,
                                        hf_config=hf, redundant_experts=redundant, **scalar_only)
    if any(v is not None for v in scalar_only.values()):
        raise ValueError("[llmcost.inference.array_inputs] balanced_routing, tpot_target_s, ttft_target_s, "
                         "kernel_scale and kernel_tables apply to scalar calls only; loop over the elements")
    given = {k: v for k, v in numeric.items() if v is not None}
    cols, shape, n = _broadcast(given)
    out = _core._estimate_inference_batch(model, hf, chip, weight_precision, kv_precision, compute_precision, cols, n,
                                          catalog)
    return ArrayResult("InferenceEstimate", _shaped(out, shape), inputs=given)
