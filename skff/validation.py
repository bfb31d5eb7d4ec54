"""Checking hyperparameters and inputs, with error messages that name the fix.

scikit-learn's own wording stays at the front of each message (its estimator
checks match on it) and a sentence saying what to do is appended, chosen by
looking at ``X`` and ``y`` themselves.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import check_classification_targets, type_of_target, unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from skff.core.precision import FLOAT32_MAX
from skff.defaults import resolve_label_scale
from skff.device import is_device_string, resolve_device


class InvalidParameterError(ValueError, TypeError):
    """A hyperparameter has a value the estimator cannot use.

    Subclasses both ``ValueError`` and ``TypeError``, as scikit-learn's own
    parameter errors do. It is raised by ``fit``, not by the constructor, as
    scikit-learn's conventions require.

    Examples
    --------
    >>> from skff import ForwardForwardClassifier
    >>> from skff.validation import InvalidParameterError
    >>> try:
    ...     ForwardForwardClassifier(depth=0).fit([[0.0], [1.0]], [0, 1])
    ... except InvalidParameterError as exc:
    ...     print(type(exc).__name__)
    InvalidParameterError
    """


# ------------------------------------------------------------------ parameters
# The constraints of a parameter are a list of alternatives, as in
# scikit-learn's ``_parameter_constraints``: a value is valid when it meets
# any one of them. Each alternative also says, in words, what it accepts.


@dataclass(frozen=True)
class Options:
    """One of a fixed set of strings."""

    values: tuple[str, ...]

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is one of :attr:`values`."""
        return isinstance(value, str) and value in self.values

    def describe(self) -> str:
        """The constraint in words."""
        return f"one of {', '.join(repr(v) for v in self.values)}"


@dataclass(frozen=True)
class Interval:
    """A real (finite) or integer number within bounds."""

    integer: bool = False
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a number of the right kind within the bounds."""
        kind = numbers.Integral if self.integer else numbers.Real
        if not isinstance(value, kind) or isinstance(value, (bool, np.bool_)):
            return False
        if not self.integer and not np.isfinite(value):
            return False
        if self.low is not None and not (value > self.low if self.low_open else value >= self.low):
            return False
        return self.high is None or (value < self.high if self.high_open else value <= self.high)

    def describe(self) -> str:
        """The constraint in words."""
        what = "an int" if self.integer else "a finite float"
        if self.low is None and self.high is None:
            return what
        left = ("(" if self.low_open else "[") + (str(self.low) if self.low is not None else "-inf")
        right = (str(self.high) if self.high is not None else "inf") + (
            ")" if self.high_open else "]"
        )
        return f"{what} in the range {left}, {right}"


@dataclass(frozen=True)
class Boolean:
    """``True`` or ``False`` (Python's or numpy's)."""

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a bool."""
        return isinstance(value, (bool, np.bool_))

    def describe(self) -> str:
        """The constraint in words."""
        return "a bool"


@dataclass(frozen=True)
class RandomState:
    """A seed in ``[0, 2**32 - 1]``, a ``numpy.random.RandomState`` or None."""

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` can seed :func:`sklearn.utils.check_random_state`."""
        if value is None or isinstance(value, np.random.RandomState):
            return True
        return (
            isinstance(value, numbers.Integral)
            and not isinstance(value, (bool, np.bool_))
            and 0 <= value < 2**32
        )

    def describe(self) -> str:
        """The constraint in words."""
        return "an int in [0, 2**32 - 1], a numpy.random.RandomState instance or None"


@dataclass(frozen=True)
class Device:
    """A torch device this machine has: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``."""

    def accepts(self, value: Any) -> bool:
        """Always True: :func:`skff.device.resolve_device` raises its own, more precise errors."""
        return True

    def describe(self) -> str:
        """The constraint in words."""
        return "'auto', 'cpu', 'cuda' or 'cuda:N'"

    def check(self, name: str, value: Any, owner: str) -> None:
        """Resolve the device, so that a bad or missing one fails before training."""
        resolve_device(value, owner=owner)


Constraint = Options | Interval | Boolean | RandomState | Device


def check_parameters(estimator: Any) -> None:
    """Check every parameter of ``estimator`` against its class's ``_parameter_constraints``.

    Parameters
    ----------
    estimator : estimator instance
        Its class has a ``_parameter_constraints`` dict mapping each parameter
        name to a list of alternatives (:class:`Options`, :class:`Interval`,
        :class:`Boolean`, :class:`RandomState`, :class:`Device`); a value is
        valid when any alternative accepts it.

    Raises
    ------
    InvalidParameterError
        Naming the estimator, the parameter, what it accepts and the value.
    """
    owner = type(estimator).__name__
    for name, alternatives in type(estimator)._parameter_constraints.items():
        problem = parameter_problem(name, getattr(estimator, name), alternatives, owner)
        if problem is not None:
            raise InvalidParameterError(problem)


def parameter_problem(
    name: str,
    value: Any,
    alternatives: list[Constraint],
    owner: str,
    *,
    resolve_devices: bool = True,
) -> str | None:
    """What is wrong with one parameter value, in :func:`check_parameters`'s words.

    The same test as :func:`check_parameters`, on a value that is not (yet) an
    estimator's attribute, such as a parameter read from a model file.

    Parameters
    ----------
    name : str
        The parameter.
    value : object
        Its value.
    alternatives : list
        Its constraints, from a ``_parameter_constraints`` table.
    owner : str
        The estimator's class name, for the message.
    resolve_devices : bool, default=True
        Also require a :class:`Device` to be present on this machine. With
        False, any well-formed device string is accepted (``"cuda"`` read from
        a file saved on a GPU machine, say).

    Returns
    -------
    str or None
        The message :func:`check_parameters` would raise, or None when the
        value is valid.
    """
    if not any(c.accepts(value) for c in alternatives):
        accepted = " or ".join(c.describe() for c in alternatives)
        return f"The '{name}' parameter of {owner} must be {accepted}; got {value!r}."
    for constraint in alternatives:
        if not isinstance(constraint, Device):
            continue
        if not resolve_devices:
            if not is_device_string(value):
                return (
                    f"The '{name}' parameter of {owner} must be "
                    f"{constraint.describe()}; got {value!r}."
                )
            continue
        try:
            constraint.check(name, value, owner)
        except ValueError as err:
            return str(err)
    return None


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


def _explain_bad_X(
    err: Exception, X: Any, n_features: int | None, owner: str = "ForwardForwardClassifier"
) -> str | None:
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


def _explain_bad_y(
    err: Exception, X: Any, y: Any, owner: str = "ForwardForwardClassifier"
) -> str | None:
    """The message to raise when validation rejected ``y``, or None to keep ``err``."""
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
    mixed = _mixed_label_types(flat)
    if mixed is not None:
        return (
            f"{err} y mixes labels of different types, such as {mixed[0]!r} and "
            f"{mixed[1]!r}, which cannot be sorted into classes. Make them one type, "
            "for example y = np.asarray(y).astype(str)."
        )
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


def _raise_with_fix(err: Exception, message: str | None) -> NoReturn:
    """Re-raise ``err`` with ``message``, keeping its type; ``err`` itself if None."""
    if message is None or type(err) not in (ValueError, TypeError):
        raise err
    raise type(err)(message) from err


# ---------------------------------------------------------------------- inputs
def check_fit_input(estimator: Any, X: Any, y: Any, reset: bool) -> tuple[np.ndarray, np.ndarray]:
    """Validate training data: float32 C-ordered ``X`` and classification targets ``y``.

    Parameters
    ----------
    estimator : estimator instance
        Records ``n_features_in_`` (and ``feature_names_in_``) when ``reset``,
        and checks ``X`` against them otherwise.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    reset : bool
        True on a fit that starts a new model.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float32
    y : ndarray of shape (n_samples,)

    Raises
    ------
    ValueError or TypeError
        scikit-learn's message, followed by what to do about it.
    """
    try:
        # Values beyond float32 overflow in the cast; the error below names them.
        with np.errstate(over="ignore"):
            X_valid, y_valid = validate_data(
                estimator,
                X,
                y,
                reset=reset,
                dtype=np.float32,
                order="C",
                accept_sparse=False,
                y_numeric=False,
                multi_output=False,
            )
        check_classification_targets(y_valid)
    except (ValueError, TypeError) as err:
        owner = type(estimator).__name__
        n_features = None if reset else getattr(estimator, "n_features_in_", None)
        message = _explain_bad_X(err, X, n_features, owner)
        if message is None and not scipy.sparse.issparse(X):
            message = _explain_bad_y(err, X, y, owner)
        _raise_with_fix(err, message)
    return X_valid, y_valid


def check_predict_input(estimator: Any, X: Any) -> np.ndarray:
    """Validate ``X`` for prediction by a fitted estimator, keeping its numeric dtype.

    No whole-array conversion: prediction converts rows to float32 chunk by
    chunk (:func:`skff.prediction.predict_in_chunks`), so that an int or
    float64 ``X`` is never copied whole.

    Parameters
    ----------
    estimator : fitted estimator instance
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples, n_features)

    Raises
    ------
    sklearn.exceptions.NotFittedError
        When ``estimator`` is not fitted.
    ValueError or TypeError
        scikit-learn's message, followed by what to do about it.
    """
    check_is_fitted(estimator)
    try:
        return validate_data(estimator, X, reset=False, dtype="numeric")
    except (ValueError, TypeError) as err:
        owner = type(estimator).__name__
        _raise_with_fix(err, _explain_bad_X(err, X, estimator.n_features_in_, owner))


def check_partial_fit_call(estimator: Any, classes: Any, first_call: bool) -> None:
    """Refuse what ``partial_fit`` cannot do: a first call without ``classes``, other classes
    later, or ``early_stopping`` (which needs a whole training set to hold rows out of).

    Parameters
    ----------
    estimator : estimator instance
        Its ``classes_`` when fitted, and its ``early_stopping`` parameter.
    classes : array-like or None
        The ``classes`` argument of the call.
    first_call : bool
        True when the call starts a new model.

    Raises
    ------
    ValueError
    """
    if estimator.early_stopping:
        raise ValueError(
            "partial_fit does not support early_stopping=True: early stopping holds "
            "out part of one training set, and partial_fit sees one block at a time. "
            "Set early_stopping=False, or score your own held-out block between calls."
        )
    if first_call and classes is None:
        raise ValueError(
            "classes must be passed on the first call to partial_fit: "
            "partial_fit(X, y, classes=np.unique(y_all)), with every class "
            "that will ever appear."
        )
    if (
        not first_call
        and classes is not None
        and not np.array_equal(unique_labels(classes), estimator.classes_)
    ):
        raise ValueError(
            f"classes={unique_labels(classes).tolist()} differs from the "
            f"classes {estimator.classes_.tolist()} given on the first call to "
            "partial_fit."
        )


def encode_labels(classes: np.ndarray, y: Any, fix: str = "") -> np.ndarray:
    """Indices into ``classes`` of the labels in ``y``.

    Parameters
    ----------
    classes : ndarray of shape (n_classes,)
        Sorted class labels, as ``classes_``.
    y : array-like of shape (n_samples,)
    fix : str, default=""
        What to do about unknown labels, appended to the error.

    Returns
    -------
    ndarray of shape (n_samples,), int
        ``classes[index] == y``.

    Raises
    ------
    ValueError
        When ``y`` holds a label that is not in ``classes``.
    """
    y = np.asarray(y)
    index = np.clip(np.searchsorted(classes, y), 0, len(classes) - 1)
    unknown = classes[index] != y
    if unknown.any():
        raise ValueError(
            f"y contains labels {np.unique(y[unknown])[:5].tolist()} that are not among "
            f"the classes {classes.tolist()}: the estimator was not fitted on them. "
            f"{fix}".rstrip()
        )
    return index


def check_architecture(estimator: Any, n_features: int, n_classes: int) -> None:
    """Refuse a network that cannot be built for data of this shape.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        Its ``depth``, ``skip_first_layer`` and ``label_embedding``.
    n_features : int
        Columns of ``X``.
    n_classes : int
        Distinct labels.

    Raises
    ------
    ValueError
        One class (no wrong label to contrast with), ``skip_first_layer``
        without a second layer, or ``label_embedding="overwrite"`` with no
        more features than classes.
    """
    owner = type(estimator).__name__
    if n_classes < 2:
        raise ValueError(
            f"{owner} needs at least 2 classes in y; got 1 class "
            f"({np.asarray(estimator.classes_[0]).tolist()!r}). Forward-Forward learns "
            "by contrasting the true label with a wrong one, and one class has no "
            "wrong label. Pass samples of at least two classes; to model a single "
            "class, use an outlier detector such as sklearn.ensemble.IsolationForest."
        )
    if getattr(estimator, "skip_first_layer", False) and estimator.depth < 2:
        raise InvalidParameterError(
            "skip_first_layer=True needs depth >= 2 (there would be no layer "
            f"left to predict with); got depth={estimator.depth}."
        )
    if estimator.label_embedding == "overwrite" and n_features <= n_classes:
        raise ValueError(
            f"label_embedding='overwrite' replaces the first {n_classes} features "
            f"with the label, but X has only {n_features} features (it needs more "
            "features than classes). Use label_embedding='concat'."
        )


def check_warm_start(estimator: Any, names: tuple[str, ...]) -> None:
    """Refuse to continue training a network whose architecture parameters changed.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        Fitted; its ``network_.spec`` and ``label_scale_`` hold what the
        network was built with.
    names : tuple of str
        The parameters fixed when the network was built.

    Raises
    ------
    ValueError
        Naming the parameter, its old and its new value.
    """
    spec = estimator.network_.spec
    for name in names:
        old = estimator.label_scale_ if name == "label_scale" else getattr(spec, name)
        new = getattr(estimator, name)
        if name == "label_scale":
            new = resolve_label_scale(new, spec.n_inputs)
        if new != old:
            raise ValueError(
                f"Cannot continue training: {name} changed from {old!r} to {new!r} "
                "since the network was built. Set warm_start=False to train a new network."
            )
