"""Shared input checks: one function per kind of input.

Every public function of :mod:`medcourse.metrics`, :mod:`medcourse.clinical` and
:mod:`medcourse.plots` validates its arguments once, here, and raises a
``ValueError`` (``TypeError`` for a wrong kind of object) whose message names the
argument, the bad value and what was expected. Nothing here uses ``assert``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from numbers import Real
from typing import Any

import numpy as np

__all__ = [
    "as_1d",
    "as_labels",
    "as_scores",
    "as_probabilities",
    "as_score_matrix",
    "binary_truth",
    "check_choice",
    "check_fraction",
    "check_int",
    "check_lengths",
    "check_real",
    "check_sample_weight",
    "check_zero_division",
    "preview",
    "unique_labels",
]


def preview(values: Iterable[Any], limit: int = 5) -> str:
    """Short printable list of values for error messages."""
    values = list(values)
    shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in values[:limit])
    more = f", ... ({len(values)} in all)" if len(values) > limit else ""
    return f"[{shown}{more}]"


def as_1d(x: Any, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a 1-D NumPy array or raise a ValueError naming ``name``."""
    if x is None:
        raise ValueError(f"{name} is None; expected a 1-D array-like of values")
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array-like of values, got the string {x!r}")
    arr = np.asarray(x)
    if arr.dtype == object:
        # lists of Python objects: keep them, but reject nested sequences
        if any(isinstance(v, (list, tuple, np.ndarray)) for v in arr.ravel()[:100]):
            raise ValueError(f"{name} must be 1-D, got a nested sequence")
    if arr.ndim == 0:
        raise ValueError(f"{name} must be 1-D, got a scalar ({arr.item()!r})")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; expected at least one value")
    return arr


def check_lengths(**arrays: np.ndarray | None) -> int:
    """Raise when the given arrays do not all have the same length; return it."""
    lengths = {name: len(a) for name, a in arrays.items() if a is not None}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"inputs have different lengths: {desc}")
    return next(iter(lengths.values()))


def _check_no_missing(arr: np.ndarray, name: str) -> None:
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        idx = np.flatnonzero(np.isnan(arr))
        raise ValueError(f"{name} contains NaN at position(s) {preview(idx)}")
    if arr.dtype == object:
        bad = [i for i, v in enumerate(arr) if v is None or (isinstance(v, float) and math.isnan(v))]
        if bad:
            raise ValueError(f"{name} contains missing values (None/NaN) at position(s) {preview(bad)}")


def as_labels(x: Any, name: str) -> np.ndarray:
    """Class labels: any 1-D array of numbers, strings or booleans, without NaN.

    Floating-point labels must be whole numbers (``1.0`` is class 1; ``0.7`` is a
    score, not a label) and are returned as integers.
    """
    arr = as_1d(x, name)
    _check_no_missing(arr, name)
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} contains infinite values; expected class labels")
        frac = arr[arr != np.round(arr)]
        if frac.size:
            raise ValueError(
                f"{name} looks like scores, not class labels: non-integer values "
                f"{preview(np.unique(frac))}; pass scores as y_score (with a threshold) "
                "or convert them to labels first"
            )
        arr = arr.astype(np.int64)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int64)
    return arr


def as_scores(x: Any, name: str = "y_score") -> np.ndarray:
    """Real-valued scores (probabilities, logits or hard 0/1 labels) as float64."""
    arr = as_1d(x, name)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.float64)
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be numeric scores, got values of type {arr.dtype} "
                         f"such as {preview(arr[:3])}")
    arr = arr.astype(np.float64, copy=False)
    if not np.isfinite(arr).all():
        idx = np.flatnonzero(~np.isfinite(arr))
        raise ValueError(f"{name} contains NaN or infinite values at position(s) {preview(idx)}")
    return arr


def as_probabilities(x: Any, name: str = "y_prob") -> np.ndarray:
    """Scores that must be probabilities in [0, 1]."""
    arr = as_scores(x, name)
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; found {preview(arr[bad])} "
            "(apply a sigmoid/softmax to logits first)"
        )
    return arr


def as_score_matrix(x: Any, name: str, *, n_classes: int | None = None,
                    probabilities: bool = True, rows_sum_to_one: bool = True) -> np.ndarray:
    """A 2-D (n_samples, n_classes) score matrix, e.g. softmax outputs."""
    if x is None:
        raise ValueError(f"{name} is None; expected an array of shape (n_samples, n_classes)")
    arr = np.asarray(x)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_classes), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty; expected at least one row")
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if n_classes is not None and arr.shape[1] != n_classes:
        raise ValueError(
            f"{name} has {arr.shape[1]} columns but there are {n_classes} classes; "
            "expected one column per class, in the order of `labels`"
        )
    if probabilities:
        if ((arr < 0) | (arr > 1)).any():
            raise ValueError(f"{name} must hold probabilities in [0, 1] (apply softmax to logits first)")
        if rows_sum_to_one:
            sums = arr.sum(axis=1)
            bad = np.flatnonzero(~np.isclose(sums, 1.0, rtol=0, atol=1e-6 * arr.shape[1] + 1e-8))
            if bad.size:
                raise ValueError(
                    f"each row of {name} must sum to 1 (class probabilities); rows "
                    f"{preview(bad)} sum to {preview(sums[bad])}"
                )
    return arr


def unique_labels(*arrays: np.ndarray, names: Sequence[str] = ("y_true", "y_pred")) -> np.ndarray:
    """Sorted distinct labels of several label arrays of one kind (numbers or text)."""
    kinds = {"numbers" if a.dtype.kind in "biuf" else "text" for a in arrays}
    if len(kinds) > 1:
        raise ValueError(f"{' and '.join(names)} mix numeric and text labels; "
                         "use the same kind of label in both")
    try:
        return np.unique(np.concatenate(arrays))
    except TypeError as exc:
        raise ValueError(f"labels of {' and '.join(names)} cannot be sorted: {exc}") from None


def binary_truth(y_true: np.ndarray, pos_label: Any, name: str = "y_true",
                 *, y_pred: np.ndarray | None = None) -> np.ndarray:
    """Boolean "has the condition" array for a binary task.

    ``y_true`` (together with ``y_pred`` when it holds hard labels) may hold at
    most two distinct labels; when it holds two, one must be ``pos_label``. A
    single numeric label must be 0, 1 or ``pos_label``.
    """
    arrays = (y_true,) if y_pred is None else (y_true, y_pred)
    values = unique_labels(*arrays, names=(name, "y_pred")[: len(arrays)])
    if len(values) > 2:
        raise ValueError(
            f"{name} must be binary for this metric, but found {len(values)} labels "
            f"{preview(values)}; for several classes pass average='macro', 'micro', "
            "'weighted' or None"
        )
    if len(values) == 2 and not any(_same_label(v, pos_label) for v in values):
        raise ValueError(f"pos_label={pos_label!r} is not one of the labels {preview(values)}")
    if (len(values) == 1 and values.dtype.kind in "biuf" and values[0] not in (0, 1)
            and not _same_label(values[0], pos_label)):
        raise ValueError(f"{name} must hold 0/1 labels, found {preview(values)}")
    return y_true == pos_label


def _same_label(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def check_sample_weight(sample_weight: Any, n: int) -> np.ndarray | None:
    """None, or a 1-D array of ``n`` finite, non-negative weights."""
    if sample_weight is None:
        return None
    w = as_scores(sample_weight, "sample_weight")
    if len(w) != n:
        raise ValueError(f"sample_weight has {len(w)} values but there are {n} samples")
    if (w < 0).any():
        raise ValueError(f"sample_weight must be non-negative, found {preview(w[w < 0])}")
    return w


def check_choice(value: Any, name: str, choices: Sequence[Any]) -> Any:
    """Raise unless ``value`` is one of ``choices``."""
    for c in choices:
        if (value is None and c is None) or (value is not None and c is not None
                                              and type(value) is type(c) and value == c):
            return value
    raise ValueError(f"{name}={value!r} is not valid; expected one of {', '.join(map(repr, choices))}")


def check_real(value: Any, name: str, *, allow_inf: bool = False) -> float:
    """A finite real number (``bool`` is refused); ``allow_inf`` also lets +-inf through."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        raise ValueError(f"{name} must be {'a number' if allow_inf else 'finite'}, got {value}")
    return value


def check_fraction(value: Any, name: str, *, low: float = 0.0, high: float = 1.0,
                   low_open: bool = False, high_open: bool = False) -> float:
    """A real number within [low, high] (ends open when asked)."""
    value = check_real(value, name)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        raise ValueError(f"{name} must be in {lo}{low:g}, {high:g}{hi}, got {value:g}")
    return value


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """An integer >= ``minimum`` (``bool`` is refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_zero_division(zero_division: Any) -> Any:
    """``"warn"``, 0, 1 or ``np.nan``: what a 0/0 metric returns."""
    if isinstance(zero_division, str) and zero_division == "warn":
        return zero_division
    if isinstance(zero_division, (int, float, np.number)) and not isinstance(zero_division, bool):
        if np.isnan(zero_division) or zero_division in (0, 1):
            return float(zero_division)
    raise ValueError(f"zero_division={zero_division!r} is not valid; expected 'warn', 0, 1 or np.nan")


def check_callable(value: Any, name: str) -> Callable[..., Any]:
    """Raise TypeError unless ``value`` can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be a function such as medcourse.metrics.roc_auc_score, got {value!r}")
    return value
