"""Checking hyperparameters and inputs, with error messages that name the fix.

scikit-learn's own wording stays at the front of each message (its estimator
checks match on it) and a sentence saying what to do is appended, chosen by
looking at ``X`` and ``y`` themselves.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from skff.core.stream import is_numeric_matrix
from skff.defaults import resolve_label_scale
from skff.device import is_device_string, resolve_device
from skff.input_messages import (
    check_no_dates,
    check_no_missing_labels,
    explain_bad_X,
    explain_bad_y,
    missing_mask,
    raise_with_fix,
)


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


# ---------------------------------------------------------------------- inputs
def check_fit_input(
    estimator: Any, X: Any, y: Any, reset: bool, chunk_rows: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
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
    chunk_rows : int, optional
        Validate a numeric array ``X`` (and a 1-D ``y`` as long) this many rows
        at a time, with the same checks and messages, and return ``X`` as it
        came instead of a float32 copy: a streamed ``partial_fit``
        (:mod:`skff.core.stream`) converts it a chunk at a time. None: all at
        once.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        float32; with ``chunk_rows``, the caller's array, unconverted.
    y : ndarray of shape (n_samples,)

    Raises
    ------
    ValueError or TypeError
        scikit-learn's message, followed by what to do about it; for datetime
        or timedelta columns, or missing labels in ``y``, a message of its own.
    """
    if chunk_rows is not None and _streamable(X, y):
        return _check_fit_input_in_chunks(estimator, X, y, reset, chunk_rows)
    # Before scikit-learn: it would cast datetime64 to float silently, or fail with
    # numpy's DTypePromotionError on a frame, and call missing labels "mixed types".
    check_no_dates(X, type(estimator).__name__)
    check_no_missing_labels(y)
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
        message = explain_bad_X(err, X, n_features, owner)
        if message is None and not scipy.sparse.issparse(X):
            message = explain_bad_y(err, X, y, owner)
        raise_with_fix(err, message)
    return X_valid, y_valid


def _streamable(X: Any, y: Any) -> bool:
    """Whether ``X`` is a numeric array and ``y`` a 1-D array-like of as many labels."""
    if not is_numeric_matrix(X):
        return False
    try:
        return np.ndim(y) == 1 and len(y) == len(X)
    except (TypeError, ValueError):
        return False


def _check_fit_input_in_chunks(
    estimator: Any, X: np.ndarray, y: Any, reset: bool, chunk_rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`check_fit_input` on each chunk of rows in turn; ``X`` is returned unconverted.

    Every chunk passes the whole checks (a NaN in the last row refuses the
    call as it would without chunks), but no float32 copy of ``X`` outlives
    its chunk. The labels are checked once more as a whole.
    """
    check_no_missing_labels(y)  # whole: its message says where the first missing label is
    y = np.asarray(y)
    labels = [
        check_fit_input(
            estimator, X[start : start + chunk_rows], y[start : start + chunk_rows],
            reset=reset and start == 0,
        )[1]
        for start in range(0, len(X), chunk_rows)
    ]  # fmt: skip
    y_valid = np.concatenate(labels)
    try:
        check_classification_targets(y_valid)
    except (ValueError, TypeError) as err:
        raise_with_fix(err, explain_bad_y(err, X, y, type(estimator).__name__))
    return X, y_valid


def check_fit_sample_weight(sample_weight: Any, X: np.ndarray) -> np.ndarray:
    """Validate ``sample_weight`` for ``fit`` or ``partial_fit`` on the checked ``X``.

    scikit-learn's checks (a 1-D array of ``len(X)`` finite, non-negative
    numbers), then one of its own: weights that are all zero leave nothing to
    learn from.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,) or scalar
        A scalar stands for that weight on every row.
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples,), float64
        Never the caller's array: training does not write into it anyway.

    Raises
    ------
    ValueError
        Naming the problem and what to pass instead.
    """
    try:
        weights = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True, copy=True
        )
    except (ValueError, TypeError) as err:
        raise type(err)(
            f"{err} sample_weight must be None or {len(X)} finite, non-negative numbers "
            "(one per row of X), not all zero."
        ) from err
    if not np.any(weights > 0):
        raise ValueError(
            "sample_weight is zero for every row, which leaves nothing to learn from: "
            "give at least one row a positive weight."
        )
    return weights


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
        scikit-learn's message, followed by what to do about it; for datetime
        or timedelta columns, a message of its own.
    """
    check_is_fitted(estimator)
    check_no_dates(X, type(estimator).__name__)
    try:
        return validate_data(estimator, X, reset=False, dtype="numeric")
    except (ValueError, TypeError) as err:
        owner = type(estimator).__name__
        raise_with_fix(err, explain_bad_X(err, X, estimator.n_features_in_, owner))


#: What ``classes`` of ``partial_fit`` should be, for the messages.
_CLASSES_EXPECTED = (
    "classes must list every class label once, as a 1-D array-like of at least two "
    "labels, for example classes=np.unique(y_all) or classes=[0, 1, 2]"
)


def check_classes(classes: Any, owner: str = "ForwardForwardClassifier") -> np.ndarray:
    """Check the ``classes`` argument of ``partial_fit``; its labels, sorted.

    Parameters
    ----------
    classes : array-like of shape (n_classes,)
        Every class label, once.
    owner : str, default="ForwardForwardClassifier"
        The estimator's name, for the messages.

    Returns
    -------
    ndarray of shape (n_classes,)
        The labels, sorted (as ``classes_``).

    Raises
    ------
    TypeError
        When ``classes`` is a single value (a number, NaN, a string) or its
        labels mix types that cannot be sorted.
    ValueError
        When it is not 1-D, holds fewer than two labels, a missing label
        (None, NaN) or a label twice.
    """
    if isinstance(classes, (str, bytes)) or np.ndim(classes) == 0:
        raise TypeError(f"{_CLASSES_EXPECTED}; got {classes!r}, a single value.")
    try:
        labels = np.asarray(classes)
    except (ValueError, TypeError):  # ragged nesting
        raise ValueError(f"{_CLASSES_EXPECTED}; got {classes!r}.") from None
    if labels.ndim != 1:
        raise ValueError(
            f"{_CLASSES_EXPECTED}; got an array of shape {labels.shape}. Pass a flat list "
            "of labels, for example np.unique(y_all), or np.ravel(classes)."
        )
    if len(labels) < 2:
        raise ValueError(
            f"{_CLASSES_EXPECTED}; got {labels.tolist()!r}, {len(labels)} label(s). "
            f"{owner} needs at least 2 classes: it contrasts the true label with a wrong one."
        )
    missing = missing_mask(labels) if labels.dtype.kind == "O" else labels != labels
    if missing.any():
        position = int(np.argmax(missing))
        raise ValueError(
            f"{_CLASSES_EXPECTED}; got {labels.tolist()!r}, whose entry {position} "
            f"({labels[position]!r}) is a missing value, not a label. Drop the samples "
            "without a label and leave it out."
        )
    try:
        unique, counts = np.unique(labels, return_counts=True)
    except TypeError:  # labels that cannot be compared, such as 1 and "a" in an object array
        raise TypeError(
            f"{_CLASSES_EXPECTED}; got {labels.tolist()!r}, whose labels are of types that "
            "cannot be sorted. Make them one type, for example np.asarray(classes, dtype=str)."
        ) from None
    if len(unique) < len(labels):
        twice = unique[counts > 1][:5].tolist()
        raise ValueError(
            f"{_CLASSES_EXPECTED}; got {labels.tolist()!r}, which lists {twice!r} more than "
            "once. Pass each label once, for example np.unique(classes)."
        )
    return unique


def check_partial_fit_call(estimator: Any, classes: Any, first_call: bool) -> None:
    """Refuse what ``partial_fit`` cannot do: a first call without ``classes``, other classes
    later, odd ``classes`` (see :func:`check_classes`), or ``early_stopping`` (which needs a
    whole training set to hold rows out of).

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
    ValueError or TypeError
        Naming ``classes`` (or ``early_stopping``) and what is expected.
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
    if classes is None:
        return
    labels = check_classes(classes, type(estimator).__name__)
    if not first_call and not np.array_equal(unique_labels(labels), estimator.classes_):
        raise ValueError(
            f"classes={labels.tolist()} differs from the "
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
        got = (
            f"1 class ({np.asarray(estimator.classes_[0]).tolist()!r})"
            if n_classes == 1
            else "no class"
        )
        raise ValueError(
            f"{owner} needs at least 2 classes in y; got {got}. Forward-Forward learns "
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


def warn_collaborative_skip(estimator: Any, stacklevel: int = 2) -> None:
    """Warn that ``skip_first_layer`` undoes what ``variant="cff"`` trained for.

    CFF trains every layer on the whole network's goodness, the first layer's
    included, so the later layers learn to complete the first one rather than to
    tell labels apart on their own; a goodness sum without the first layer then
    predicts poorly (``load_digits``, a quarter held out: 0.42 accuracy against
    0.99 with every layer; ``variant="ff"`` 0.95 against 0.98;
    ``benchmarks/skip_first_layer.py``). The softmax read-out is trained on the
    layers it reads, and is not affected; the combined one is, through its
    goodness half.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        Its ``variant``, ``skip_first_layer`` and ``prediction``.
    stacklevel : int, default=2
        Passed to :func:`warnings.warn`, so that the warning names the user's call.
    """
    if (
        estimator.variant == "cff"
        and getattr(estimator, "skip_first_layer", False)
        and estimator.prediction != "softmax"
    ):
        warnings.warn(
            "skip_first_layer=True with variant='cff' predicts from the later layers' "
            "goodness alone, but CFF trained every layer to add to the whole network's "
            "goodness, the first layer's included: the later layers alone tell labels "
            "apart poorly (load_digits: 0.42 accuracy against 0.99). Use "
            "skip_first_layer=False with variant='cff', or variant='ff' to skip the "
            "first layer.",
            UserWarning,
            stacklevel=stacklevel + 1,
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
        if name == "prediction" and new == "auto":
            continue  # "auto" keeps the read-out the network was built with
        if new != old:
            raise ValueError(
                f"Cannot continue training: {name} changed from {old!r} to {new!r} "
                "since the network was built. Set warm_start=False to train a new network."
            )
