"""Strict numeric arguments for the pure-Python front ends.

The same rules as the compiled entry points (python/src/arguments.cpp): a number is an int, a
float or a numpy integer/floating value. A bool, a string, a complex number, None or a masked
array is rejected with TypeError ``[llmcost.python.type]`` naming the argument (numpy would turn
True into 1.0, "3" into 3.0, drop an imaginary part and ignore a mask). Value problems that are
not about a range (a non-whole count) are ValueError ``[llmcost.python.invalid]``; ranges are
checked by the library, which names the accepted range.
"""
from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


def _type_error(name: str, v: Any, why: str) -> TypeError:
    return TypeError(f"[llmcost.python.type] {name} = {_short(v)}: {why}")


def _masked_error(name: str) -> TypeError:
    return TypeError(f"[llmcost.python.type] {name}: a masked array is not accepted (its mask would be ignored); "
                     f"pass {name}.filled(value) to fill the masked elements or {name}.compressed() to drop them")


def check_scalar(name: str, v: Any) -> None:
    """Raises unless ``v`` is one real number (bool, str, complex, None, masked: TypeError)."""
    if isinstance(v, np.ma.MaskedArray):
        raise _masked_error(name)
    if isinstance(v, (bool, np.bool_)):
        raise _type_error(name, v, "a bool is not a number")
    if isinstance(v, (str, bytes)):
        raise _type_error(name, v, "a string is not a number; pass a float")
    if isinstance(v, (complex, np.complexfloating)):
        raise _type_error(name, v, "a complex number is not accepted; pass a real number")
    if v is None:
        raise _type_error(name, v, "expected a number")
    if isinstance(v, np.ndarray):
        if v.ndim != 0:
            raise _type_error(name, v, f"expected one number, got an array of shape {v.shape}")
        if v.dtype.kind not in "iuf":
            raise _type_error(name, v, f"numpy dtype {v.dtype} is not a number")
        return
    if isinstance(v, (numbers.Real, np.integer, np.floating)):
        return
    raise _type_error(name, v, f"a {type(v).__name__} is not a number")


def _check_elements(name: str, v: Any) -> None:
    """Checks every element of nested lists and tuples (numpy would convert [True, 2.0] silently)."""
    if isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            _check_elements(f"{name}[{i}]", x)
    elif isinstance(v, np.ndarray) and v.ndim > 0 and not isinstance(v, np.ma.MaskedArray):
        numeric_array(name, v)
    else:
        check_scalar(name, v)


def is_array(v: Any) -> bool:
    """True for an argument the array front end handles: a list, a tuple, or an array-like (numpy,
    pandas, ...) with at least one dimension."""
    if v is None or isinstance(v, (str, bytes)):
        return False
    if isinstance(v, (list, tuple)):
        return True
    try:
        return np.ndim(v) > 0
    except ValueError:  # ragged: numeric_array explains
        return True


def numeric_array(name: str, v: Any) -> np.ndarray:
    """``v`` as a float64 array; raises for masked arrays and anything that is not real numbers."""
    if isinstance(v, np.ma.MaskedArray):
        raise _masked_error(name)
    if isinstance(v, (list, tuple)):
        _check_elements(name, v)
    elif not isinstance(v, np.ndarray) and np.ndim(v) == 0:
        check_scalar(name, v)
    try:
        a = np.asarray(v)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"[llmcost.python.invalid] {name}: not a rectangular array of numbers ({exc})") from exc
    kind = a.dtype.kind
    if kind == "O" and not isinstance(v, np.ndarray):  # checked numbers: Python ints beyond int64
        try:
            a = np.asarray(v, dtype=np.float64)
        except OverflowError:
            raise ValueError(f"[llmcost.python.invalid] {name} = {_short(v)} is invalid; it holds a number too large "
                             f"for a float (|x| <= 1.8e308)") from None
        kind = a.dtype.kind
    if kind == "b":
        raise _type_error(name, v, "an array of bools is not an array of numbers")
    if kind == "c":
        raise _type_error(name, v, "an array of complex numbers is not accepted; pass real numbers")
    if kind not in "iuf":
        raise _type_error(name, v, f"an array of dtype {a.dtype} is not an array of real numbers")
    return a.astype(np.float64, copy=False)


def whole(name: str, v: Any, lo: int, hi: int) -> int:
    """``v`` as an int in [lo, hi] (a whole float such as 1e4 is accepted)."""
    check_scalar(name, v)
    if isinstance(v, np.ndarray):
        v = v.item()
    if isinstance(v, (numbers.Integral, np.integer)):
        x = int(v)
    else:
        f = float(v)
        if not (f == f and abs(f) != float("inf") and f.is_integer()):
            raise ValueError(f"[llmcost.python.invalid] {name} = {_short(v)} is invalid; expected a whole number "
                             f"in [{lo}, {hi}]")
        x = int(f)
    if not lo <= x <= hi:
        raise ValueError(f"[llmcost.python.invalid] {name} = {_short(v)} is invalid; expected a whole number "
                         f"in [{lo}, {hi}]")
    return x


def names(name: str, v: Any, valid: Sequence[str] | None = None, *, allow_empty: bool = True,
          tag: str = "llmcost.python.invalid") -> list[str]:
    """A list of names: one string is one name (not its letters); every element must be a string,
    and one of ``valid`` when given (ValueError ``[tag]`` listing them otherwise)."""
    if isinstance(v, str):
        out = [v]
    else:
        try:
            out = list(v)
        except TypeError:
            raise _type_error(name, v, "expected a name or a list of names") from None
    for i, x in enumerate(out):
        if not isinstance(x, str):
            raise _type_error(f"{name}[{i}]", x, "expected a name (str)")
    if not out and not allow_empty:
        choices = f"; choose from {', '.join(valid)}" if valid else ""
        raise ValueError(f"[{tag}] {name} is empty{choices}")
    if valid is not None:
        for x in out:
            if x not in valid:
                raise ValueError(f"[{tag}] {name}: unknown {x!r}; choose from {', '.join(valid)}")
    return out
