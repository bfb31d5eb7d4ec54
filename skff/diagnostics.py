"""Information-flow diagnostics of Lorberbom et al. (AAAI 2024) for fitted models.

* [`layer_contributions`][skff.diagnostics.layer_contributions]: the
  accuracy of predicting with layers ``1..k`` only, for every ``k``; the
  increments are each layer's marginal contribution.
* [`functional_entropy`][skff.diagnostics.functional_entropy]: per layer, the functional entropy
  ``Ent(h) = E[h log(h / E[h])]`` of the goodness ``h`` at the true labels,
  the paper's measure of how much information a layer's goodness carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from skff.prediction import label_goodness
from skff.validation import encode_labels

if TYPE_CHECKING:
    from skff.estimator import ForwardForwardClassifier

__all__ = [
    "class_indices",
    "contributions_from_goodness",
    "entropy_from_goodness",
    "entropy_of",
    "functional_entropy",
    "goodness_at_labels",
    "layer_contributions",
]


def goodness_at_labels(
    estimator: ForwardForwardClassifier, X: ArrayLike, y: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Every layer's goodness for every label of ``X``, and ``y`` as indices into ``classes_``.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        A fitted estimator.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        True labels, from ``estimator.classes_``.

    Returns
    -------
    goodness : ndarray of shape (n_samples, n_classes, depth)
        As [`skff.prediction.label_goodness`][skff.prediction.label_goodness].
    index : ndarray of shape (n_samples,)
        The column of each row's true label.

    Raises
    ------
    ValueError
        When ``y`` does not hold one known label per row of ``X``.

    See Also
    --------
    skff.diagnostics.contributions_from_goodness : Layer contributions from
        these arrays, without scoring ``X`` again.
    skff.diagnostics.entropy_from_goodness : Functional entropy from them.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skff import ForwardForwardClassifier
    >>> from skff.diagnostics import (
    ...     contributions_from_goodness, entropy_from_goodness, goodness_at_labels
    ... )
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = ForwardForwardClassifier(max_iter=5, random_state=0, device="cpu")
    >>> goodness, index = goodness_at_labels(clf.fit(X, y), X, y)
    >>> goodness.shape, index.shape
    ((150, 3, 2), (150,))
    >>> contributions_from_goodness(goodness, index).shape
    (2,)
    >>> entropy_from_goodness(goodness, index).shape
    (2,)
    """
    goodness = label_goodness(estimator, X)
    return goodness, class_indices(estimator.classes_, y, goodness.shape[0])


def class_indices(classes: np.ndarray, y: ArrayLike, n_rows: int) -> np.ndarray:
    """Indices into ``classes`` of one label per row, with errors that say what is wrong.

    Parameters
    ----------
    classes : ndarray of shape (n_classes,)
        The estimator's ``classes_``.
    y : array-like
        Should be of shape ``(n_rows,)``, with labels from ``classes``.
    n_rows : int

    Returns
    -------
    ndarray of shape (n_rows,), int
        The column of ``classes`` holding each row's label.

    Raises
    ------
    ValueError
    """
    y = np.asarray(y)
    if y.shape != (n_rows,):
        raise ValueError(
            f"y must hold one label per row of X ({n_rows} rows); got an array of shape {y.shape}."
        )
    return encode_labels(np.asarray(classes), y)


def layer_contributions(
    estimator: ForwardForwardClassifier, X: ArrayLike, y: ArrayLike
) -> np.ndarray:
    """Accuracy of predicting with layers ``1..k``, for ``k = 1..depth``.

    Each candidate label is scored by the goodness summed over the first
    ``k`` layers and the best one is taken, as the estimator does with
    ``prediction="goodness"``; entry ``k - 1`` is the accuracy on ``(X, y)``.
    ``np.diff`` of the result gives each deeper layer's marginal contribution.
    The sum always starts at layer 1, whatever ``skip_first_layer``.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        A fitted estimator.
    X : array-like of shape (n_samples, n_features)
        Data.
    y : array-like of shape (n_samples,)
        True labels, from ``estimator.classes_``.

    Returns
    -------
    ndarray of shape (depth,)
        Accuracies in ``[0, 1]``.

    See Also
    --------
    skff.plotting.plot_layer_contributions : Plot it for several models.
    skff.diagnostics.functional_entropy : The paper's other diagnostic.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.diagnostics import layer_contributions
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = ForwardForwardClassifier(
    ...     depth=3, max_iter=5, random_state=0, device="cpu"
    ... )
    >>> layer_contributions(clf.fit(X, y), X, y).shape
    (3,)
    """
    return contributions_from_goodness(*goodness_at_labels(estimator, X, y))


def contributions_from_goodness(goodness: np.ndarray, index: np.ndarray) -> np.ndarray:
    """[`layer_contributions`][skff.diagnostics.layer_contributions], from label goodness.

    Parameters
    ----------
    goodness : ndarray of shape (n_samples, n_classes, depth)
    index : ndarray of shape (n_samples,)
        The true label's column.

    Returns
    -------
    ndarray of shape (depth,)
        One value per layer, layer 1 first.
    """
    cumulative = np.cumsum(goodness, axis=2)
    predicted = cumulative.argmax(axis=1)  # (n, depth)
    return (predicted == index[:, None]).mean(axis=0)


def entropy_of(h: np.ndarray, axis: int = 0) -> np.ndarray:
    """Functional entropy ``E[h log(h / E[h])]`` of non-negative samples.

    Terms with ``h = 0`` count as 0 (``0 log 0 = 0``); a sample whose mean is
    0 has entropy 0.

    Parameters
    ----------
    h : ndarray
        Non-negative values; the expectation runs along ``axis``.
    axis : int, default=0
        Axis of the samples.

    Returns
    -------
    ndarray
        ``h``'s shape without ``axis``.

    Examples
    --------
    >>> import numpy as np
    >>> from skff.diagnostics import entropy_of
    >>> float(entropy_of(np.array([1.0, 1.0, 1.0, 1.0])))  # spread evenly
    0.0
    >>> round(float(entropy_of(np.array([4.0, 0.0, 0.0, 0.0]))), 4)  # on one row
    1.3863
    """
    h = np.asarray(h, dtype=np.float64)
    if np.any(h < 0):
        raise ValueError("Functional entropy needs non-negative values; h has negative entries.")
    mean = h.mean(axis=axis, keepdims=True)
    ratio = np.divide(h, mean, out=np.zeros_like(h), where=mean > 0)
    terms = np.zeros_like(h)
    np.multiply(h, np.log(ratio, out=np.zeros_like(h), where=ratio > 0), out=terms, where=h > 0)
    return terms.mean(axis=axis)


def functional_entropy(
    estimator: ForwardForwardClassifier, X: ArrayLike, y: ArrayLike
) -> np.ndarray:
    """Functional entropy of each layer's goodness at the true labels.

    ``Ent(h) = E[h log(h / E[h])]`` over the rows of ``X``, where ``h`` is a
    layer's goodness (mean of squared activities) of the row shown with its
    true label. It is 0 when ``h`` is the same for every row and grows as
    ``h`` concentrates on fewer rows; Lorberbom et al. report it higher under
    collaborative FF.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        A fitted estimator.
    X : array-like of shape (n_samples, n_features)
        Data.
    y : array-like of shape (n_samples,)
        True labels, from ``estimator.classes_``.

    Returns
    -------
    ndarray of shape (depth,)
        One non-negative value per layer.

    See Also
    --------
    skff.plotting.plot_functional_entropy : Plot it for several models.
    skff.diagnostics.layer_contributions : The paper's other diagnostic.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.diagnostics import functional_entropy
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = ForwardForwardClassifier(max_iter=5, random_state=0, device="cpu")
    >>> entropy = functional_entropy(clf.fit(X, y), X, y)
    >>> entropy.shape, bool((entropy >= 0).all())
    ((2,), True)
    """
    return entropy_from_goodness(*goodness_at_labels(estimator, X, y))


def entropy_from_goodness(goodness: np.ndarray, index: np.ndarray) -> np.ndarray:
    """[`functional_entropy`][skff.diagnostics.functional_entropy], from label goodness.

    Parameters
    ----------
    goodness : ndarray of shape (n_samples, n_classes, depth)
    index : ndarray of shape (n_samples,)
        The true label's column.

    Returns
    -------
    ndarray of shape (depth,)
        One value per layer, layer 1 first.
    """
    at_true = goodness[np.arange(len(index)), index, :]  # (n, depth)
    return entropy_of(at_true, axis=0)
