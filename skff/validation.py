"""Checking hyperparameters and inputs, with error messages that name the fix.

scikit-learn's own wording stays at the front of each message (its estimator
checks match on it) and a sentence saying what to do is appended, chosen by
looking at ``X`` and ``y`` themselves.
"""

from __future__ import annotations

import numbers
from typing import Any, NoReturn

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import type_of_target

# The network computes in float32: larger magnitudes overflow to inf.
FLOAT32_MAX = float(np.finfo(np.float32).max)


class InvalidParameterError(ValueError, TypeError):
    """A hyperparameter has a value the estimator cannot use.

    Subclasses both ``ValueError`` and ``TypeError``, as scikit-learn's own
    parameter errors do.
    """


def _check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise InvalidParameterError(
            f"The '{name}' parameter of ForwardForwardClassifier must be one of "
            f"{', '.join(repr(c) for c in choices)}; got {value!r}."
        )


def _check_number(
    name: str,
    value: Any,
    *,
    integer: bool = False,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool)
    if ok and not integer:
        ok = bool(np.isfinite(value))
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        what = "an int" if integer else "a finite float"
        bounds = ""
        if low is not None or high is not None:
            left = ("(" if low_open else "[") + (str(low) if low is not None else "-inf")
            right = (str(high) if high is not None else "inf") + (")" if high_open else "]")
            bounds = f" in the range {left}, {right}"
        raise InvalidParameterError(
            f"The '{name}' parameter of ForwardForwardClassifier must be "
            f"{what}{bounds}; got {value!r}."
        )


def _non_numeric_example(values: np.ndarray) -> Any:
    """The first of (at most 10 000) entries that is not a number, or None."""
    for value in values.ravel()[:10_000]:
        if value is None or type(value).__name__ in ("NAType", "NaTType"):
            continue  # Missing, not categorical: scikit-learn reports those.
        try:
            float(value)
        except (TypeError, ValueError):
            return value
    return None


def _explain_bad_X(err: Exception, X: Any, n_features: int | None) -> str | None:
    """The message to raise when validation rejected ``X``, or None to keep ``err``.

    The problem is read from ``X`` itself rather than from scikit-learn's
    wording, which changes between versions; scikit-learn's text is kept at
    the front because callers (and its estimator checks) match on it.
    """
    if scipy.sparse.issparse(X):
        return None  # scikit-learn's message already says to call .toarray().
    try:
        arr = np.asarray(X)
    except ValueError:
        return (
            f"{err} X must be a rectangular table of numbers: pass one row per "
            "sample, every row with the same number of features."
        )
    if np.iscomplexobj(arr):
        return (
            "Complex data not supported: X has complex values and the network "
            "needs real features. Pass the parts as separate features, for "
            "example np.hstack([X.real, X.imag]), or np.abs(X)."
        )
    if arr.ndim > 2:
        return f"{err} Flatten each sample into one row first, for example X.reshape(len(X), -1)."
    if arr.ndim < 2:
        return None  # scikit-learn's message already says how to reshape.
    if arr.size == 0:
        return f"{err} Pass at least one sample with at least one feature."
    if arr.dtype.kind not in "biuf":
        example = _non_numeric_example(arr)
        if example is not None:
            return (
                f"{err} ForwardForwardClassifier needs numeric features, but X "
                f"holds {example!r}. Encode categorical columns as numbers first, "
                "for example with sklearn.preprocessing.OneHotEncoder inside a "
                "sklearn.compose.ColumnTransformer."
            )
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            return None
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        return None  # scikit-learn's message already suggests an imputer.
    if arr.dtype.kind == "f" and not (np.abs(arr) <= FLOAT32_MAX).all():
        return (
            f"{err} X has infinite values, or values beyond +-{FLOAT32_MAX:.1e}, "
            "the float32 range the network computes in. Replace infinite values "
            "(for example with np.nan_to_num or np.clip) and rescale features "
            "of huge magnitude, for example with sklearn.preprocessing.StandardScaler."
        )
    if n_features is not None and arr.shape[1] != n_features:
        return (
            f"{err} Pass the same {n_features} features, in the same order, as "
            "during fit, or fit the model again on the new features."
        )
    return None


def _explain_bad_y(err: Exception, X: Any, y: Any) -> str | None:
    """The message to raise when validation rejected ``y``, or None to keep ``err``."""
    try:
        arr = np.asarray(y)
        if np.ndim(X) != 2:
            return None  # X is the problem, and its message is already right.
    except ValueError:
        return None
    if arr.ndim == 2 and arr.shape[1] > 1:
        return (
            f"{err} ForwardForwardClassifier predicts one label per sample: pass y "
            "of shape (n_samples,). For several targets per sample, wrap it in "
            "sklearn.multioutput.MultiOutputClassifier."
        )
    try:
        n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
    except TypeError:
        n_rows = None
    if arr.ndim >= 1 and n_rows is not None and len(arr) != n_rows:
        return f"{err} Pass exactly one label per row of X."
    flat = arr.ravel()
    if flat.dtype.kind == "f":
        missing = np.isnan(flat).any()
    else:
        missing = any(v is None or (isinstance(v, float) and v != v) for v in flat)
    if missing:
        return (
            f"{err} Drop the samples whose label is missing first, for example "
            "keep = ~pandas.isna(y); X, y = X[keep], y[keep]."
        )
    if flat.dtype.kind == "f" and not np.isfinite(flat).all():
        return f"{err} Class labels must be finite: fix or drop the samples labelled inf."
    try:
        continuous = type_of_target(flat) == "continuous"
    except ValueError:
        continuous = False
    if continuous:
        return (
            f"{err} y must hold class labels. For a continuous target use a "
            "regressor, or bin it into classes first, for example with "
            "sklearn.preprocessing.KBinsDiscretizer."
        )
    return None


def _raise_with_fix(err: Exception, message: str | None) -> NoReturn:
    """Re-raise ``err`` with ``message``, keeping its type; ``err`` itself if None."""
    if message is None or type(err) not in (ValueError, TypeError):
        raise err
    raise type(err)(message) from err
