"""What is wrong with an ``X`` or ``y`` the estimator cannot use, and the fix.

scikit-learn's own wording stays at the front of each message (its estimator
checks match on it) and a sentence saying what to do is appended, chosen by
looking at ``X`` and ``y`` themselves (:func:`explain_bad_X`,
:func:`explain_bad_y`). Two problems are caught before scikit-learn sees the
data, because it would misreport them: datetime and timedelta columns
(:func:`check_no_dates`) and missing labels in a ``y`` of strings
(:func:`check_no_missing_labels`).
"""

from __future__ import annotations

import datetime
import sys
from typing import Any, NoReturn

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import type_of_target

from skff.core.precision import FLOAT32_MAX


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


def _date_columns(X: Any) -> list[str]:
    """The datetime and timedelta columns of ``X``, described, or [] when it has none.

    A pandas frame's columns by name and dtype; a numpy array of such a dtype
    as a whole (numpy casts datetime64 to float silently, and pandas frames
    fail with numpy's DTypePromotionError, so neither would say what is wrong).
    """
    dtypes = getattr(X, "dtypes", None)
    columns = getattr(X, "columns", None)
    if dtypes is not None and columns is not None and not isinstance(X, np.ndarray):
        try:  # a pandas (or pandas-like) frame: one dtype per column
            pairs = list(zip(columns, dtypes, strict=True))
        except (TypeError, ValueError):
            pairs = []
        return [
            f"{name!r} ({dtype})" for name, dtype in pairs if getattr(dtype, "kind", "") in "mM"
        ]
    dtype = getattr(X, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "mM":
        return [f"every column (X has dtype {dtype})"]
    return []


def check_no_dates(X: Any, owner: str = "ForwardForwardClassifier") -> None:
    """Refuse datetime and timedelta columns in ``X``, naming them and the fix.

    Parameters
    ----------
    X : array-like
        A numpy array, a pandas DataFrame, or anything else (not checked).
    owner : str, default="ForwardForwardClassifier"
        The estimator's name, for the message.

    Raises
    ------
    ValueError
        When ``X`` has datetime64 or timedelta64 columns (time zones included).
    """
    columns = _date_columns(X)
    if columns:
        raise ValueError(
            f"X has datetime or timedelta columns: {', '.join(columns)}. {owner} needs "
            "numbers: convert them first, for example X[col].astype('int64') (the time since "
            "1970, or the duration, in the column's unit), X[col].dt.total_seconds() for a "
            "timedelta, "
            "or features such as X[col].dt.dayofyear and X[col].dt.hour, then scale them "
            "(sklearn.preprocessing.StandardScaler)."
        )


def explain_bad_X(
    err: Exception, X: Any, n_features: int | None, owner: str = "ForwardForwardClassifier"
) -> str | None:
    """The message to raise when validation rejected ``X``, or None to keep ``err``.

    The problem is read from ``X`` itself rather than from scikit-learn's
    wording, which changes between versions; scikit-learn's text is kept at
    the front because callers (and its estimator checks) match on it.

    Parameters
    ----------
    err : Exception
        What scikit-learn's validation raised.
    X : array-like
        The ``X`` it rejected.
    n_features : int or None
        The features the fitted estimator expects; None on a new fit.
    owner : str, default="ForwardForwardClassifier"
        The estimator's name, for the message.

    Returns
    -------
    str or None
        ``err``'s text followed by the fix, or None when ``err`` says it already.
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
        if isinstance(example, (datetime.date, datetime.timedelta, np.datetime64)):
            return (
                f"{err} X holds dates or times, such as {example!r}: {owner} needs "
                "numbers. Convert such columns first, for example "
                "pandas.to_datetime(X[col]).astype('int64') or features such as "
                "X[col].dt.dayofyear, then scale them (sklearn.preprocessing.StandardScaler)."
            )
        if example is not None:
            return (
                f"{err} {owner} needs numeric features, but X "
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


def is_missing(value: Any) -> bool:
    """Whether ``value`` is missing: None, a float NaN, ``pandas.NA`` or a NaT.

    Parameters
    ----------
    value : object
        One label.

    Returns
    -------
    bool
    """
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN of any float type, numpy's NaT
    except (TypeError, ValueError):
        return False


def missing_mask(values: np.ndarray) -> np.ndarray:
    """Which entries of an object array are missing (see :func:`is_missing`).

    Parameters
    ----------
    values : ndarray of dtype object, 1-D

    Returns
    -------
    ndarray of bool
        True where the entry is missing.
    """
    pandas = sys.modules.get("pandas")
    if pandas is not None:  # loaded by whoever made y: vectorised, and knows pandas.NA
        return np.asarray(pandas.isna(values), dtype=bool)
    return np.fromiter((is_missing(v) for v in values), bool, len(values))


def _missing_labels_message(y: Any) -> str | None:
    """What to say about missing labels in ``y``, or None when it has none (or is not 1-D)."""
    try:
        labels = np.asarray(y)
    except (ValueError, TypeError):
        return None
    if labels.ndim != 1:
        return None
    if labels.dtype.kind == "f":
        missing = np.isnan(labels)
    elif labels.dtype.kind in "Mm":
        missing = np.isnat(labels)
    elif labels.dtype.kind == "O":
        missing = missing_mask(labels)
    else:
        return None  # ints, bools, numpy strings: nothing can be missing
    n_missing = int(missing.sum())
    if not n_missing:
        return None
    first = int(np.argmax(missing))
    labels_text = "label" if n_missing == 1 else "labels"
    return (
        f"y has {n_missing} missing {labels_text} (None, NaN or pandas.NA), the first at "
        f"position {first}: every sample needs a class label. Drop those samples first, "
        "for example keep = pandas.notna(y); X, y = X[keep], y[keep]."
    )


def check_no_missing_labels(y: Any) -> None:
    """Refuse missing labels (None, NaN, ``pandas.NA``) in a ``y`` of strings or objects.

    A float ``y`` is left to scikit-learn, whose message ("Input y contains
    NaN") its estimator checks expect; the fix is appended to it there.

    Parameters
    ----------
    y : array-like of shape (n_samples,)

    Raises
    ------
    ValueError
        Saying how many labels are missing and where the first one is.
    """
    try:
        labels = np.asarray(y)
    except (ValueError, TypeError):
        return  # ragged or odd: scikit-learn's check reports it
    if labels.dtype.kind == "f":
        return
    message = _missing_labels_message(labels)
    if message is not None:
        raise ValueError(message)


def explain_bad_y(
    err: Exception, X: Any, y: Any, owner: str = "ForwardForwardClassifier"
) -> str | None:
    """The message to raise when validation rejected ``y``, or None to keep ``err``.

    Parameters
    ----------
    err : Exception
        What scikit-learn's validation raised.
    X : array-like
        The ``X`` passed with ``y`` (the labels must match its rows).
    y : array-like
        The ``y`` it rejected.
    owner : str, default="ForwardForwardClassifier"
        The estimator's name, for the message.

    Returns
    -------
    str or None
        ``err``'s text followed by the fix, or None when ``err`` says it already.
    """
    try:
        arr = np.asarray(y)
        if np.ndim(X) != 2:
            return None  # X is the problem, and its message is already right.
    except ValueError:
        return None
    if arr.ndim == 2 and arr.shape[1] > 1:
        return (
            f"{err} {owner} predicts one label per sample: pass y "
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
    missing = _missing_labels_message(flat)
    if missing is not None:
        return f"{err} {missing}"
    mixed = _mixed_label_types(flat)
    if mixed is not None:
        return (
            f"{err} y mixes labels of different types, such as {mixed[0]!r} and "
            f"{mixed[1]!r}, which cannot be sorted into classes. Make them one type, "
            "for example y = np.asarray(y).astype(str)."
        )
    if flat.dtype.kind == "f" and not np.isfinite(flat).all():
        return f"{err} Class labels must be finite: fix or drop the samples labelled inf."
    try:
        continuous = type_of_target(flat) == "continuous"
    except (ValueError, TypeError):
        continuous = False
    if continuous:
        return (
            f"{err} y must hold class labels. For a continuous target use a "
            "regressor, or bin it into classes first, for example with "
            "sklearn.preprocessing.KBinsDiscretizer."
        )
    return None


def _mixed_label_types(labels: np.ndarray) -> tuple[Any, Any] | None:
    """Two labels of ``labels`` that cannot be compared (a str and a number), or None.

    Only object arrays can hold such a mix; numpy turns a list of mixed
    labels into strings. Missing values (None, NaN) are left to the other
    checks.
    """
    if labels.dtype.kind != "O":
        return None
    first: dict[bool, Any] = {}
    for value in labels.ravel()[:100_000]:
        if value is None or (isinstance(value, float) and value != value):
            continue
        is_text = isinstance(value, (str, bytes))
        first.setdefault(is_text, value)
        if len(first) == 2:
            return first[False], first[True]
    return None


def raise_with_fix(err: Exception, message: str | None) -> NoReturn:
    """Re-raise ``err`` with ``message``, keeping its type; ``err`` itself if None.

    Parameters
    ----------
    err : Exception
        What validation raised; other types than ``ValueError`` and
        ``TypeError`` (and their subclasses) are raised unchanged.
    message : str or None
        The text to raise instead.

    Raises
    ------
    ValueError or TypeError
        Always: ``err``, or one of its type with ``message``, chained to it.
    """
    if message is None or type(err) not in (ValueError, TypeError):
        raise err
    raise type(err)(message) from err
