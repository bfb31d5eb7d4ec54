"""Plots of one fitted model's training: loss per layer and goodness histograms.

matplotlib is an optional dependency (``pip install -e ".[plot]"`` in the
clone of skff); it is imported when a plot is drawn, not when this module is
imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from skff.diagnostics import goodness_at_labels
from skff.estimator import ForwardForwardClassifier

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from sklearn.pipeline import Pipeline


def require_pyplot() -> Any:
    """Import and return ``matplotlib.pyplot``, or say how to install it.

    Returns
    -------
    module
        ``matplotlib.pyplot``.

    Raises
    ------
    ImportError
        When matplotlib is not installed; the message names the ``plot``
        extra that installs it.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "skff.plotting needs matplotlib, which is not installed. Install the "
            'plot extra: pip install -e ".[plot]" in the clone of skff '
            "(or pip install matplotlib)."
        ) from exc
    return plt


def _final_estimator(estimator: Any, X: Any = None) -> tuple[Any, Any]:
    """The Forward-Forward estimator at the end of ``estimator``, and ``X`` fed to it.

    A fitted [`Pipeline`][sklearn.pipeline.Pipeline] is unwrapped: its last step
    is returned and ``X`` is transformed by the steps before it.
    """
    if hasattr(estimator, "steps"):
        final = estimator.steps[-1][1]
        if X is not None and len(estimator.steps) > 1:
            X = estimator[:-1].transform(X)
    else:
        final = estimator
    if not isinstance(final, ForwardForwardClassifier):
        raise TypeError(
            "skff.plotting needs a ForwardForwardClassifier, or a Pipeline whose last "
            f"step is one; got {type(final).__name__}."
        )
    check_is_fitted(final)
    return final, X


def plot_loss_curves(
    estimator: ForwardForwardClassifier | Pipeline, ax: Axes | None = None
) -> Axes:
    """Plot each layer's training loss over the epochs, from ``layer_loss_curve_``.

    With ``schedule="network"`` all layers share the epoch axis. With
    ``schedule="layer"`` layer ``k + 1``'s curve starts where layer ``k``'s
    ended, as the layers were trained one after another. Under
    ``variant="cff"`` every layer's logit is the whole network's goodness
    minus ``depth * threshold``, so all layers report the same loss and the
    curves coincide (each layer still gets only its own gradient).

    Parameters
    ----------
    estimator : ForwardForwardClassifier or Pipeline
        A fitted estimator, or a fitted pipeline ending in one.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with one line per layer that was trained and a legend;
        layers whose curves are identical share one line.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.plotting import plot_loss_curves
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = ForwardForwardClassifier(max_iter=5, random_state=0, device="cpu")
    >>> clf = clf.fit(X, y)
    >>> ax = plot_loss_curves(clf)  # doctest: +SKIP
    >>> ax.figure.savefig("loss.png")  # doctest: +SKIP
    """
    plt = require_pyplot()
    model, _ = _final_estimator(estimator)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    curves = model.layer_loss_curve_
    # Under the greedy schedule each epoch trained one layer, so the curves
    # add up to the epoch count; under "network" each layer has every epoch.
    sequential = len(curves) > 1 and sum(len(curve) for curve in curves) == model.n_iter_
    offset = 0
    drawn: list[tuple[np.ndarray, list[int], Any]] = []  # (curve, its layers, line)
    for k, curve in enumerate(curves):
        if not curve:
            continue
        epochs = offset + np.arange(1, len(curve) + 1)
        if sequential:
            offset += len(curve)
        # Coinciding curves (every layer of variant="cff" reports the network's loss)
        # are one line, so the legend names no layer that cannot be seen.
        for seen, layers, _ in drawn:
            if not sequential and len(seen) == len(curve) and np.allclose(seen, curve):
                layers.append(k)
                break
        else:
            (line,) = ax.plot(epochs, curve)
            drawn.append((np.asarray(curve), [k], line))
    for _, layers, line in drawn:
        names = ", ".join(str(k + 1) for k in layers)
        line.set_label(f"layers {names} (identical)" if len(layers) > 1 else f"layer {names}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (mean over the epoch's rows)")
    schedule = "layer" if sequential else "network"
    ax.set_title(f"Loss per layer, variant={model.variant_!r}, schedule={schedule!r}")
    ax.legend()
    return ax


def goodness_samples(
    estimator: ForwardForwardClassifier | Pipeline,
    X: ArrayLike,
    y: ArrayLike,
    random_state: int | np.random.RandomState | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Each layer's goodness of positive and negative data.

    Positive: each row of ``X`` shown with its true label. Negative: the
    same row shown with a wrong label drawn uniformly among the others, as
    ``negatives="random"`` draws them in training.

    Parameters
    ----------
    estimator : ForwardForwardClassifier or Pipeline
        A fitted estimator, or a fitted pipeline ending in one (``X`` is then
        transformed by the steps before it).
    X : array-like of shape (n_samples, n_features)
        Data.
    y : array-like of shape (n_samples,)
        True labels, from the estimator's ``classes_``.
    random_state : int, RandomState instance or None, default=0
        Seeds the choice of the wrong labels.

    Returns
    -------
    positive : ndarray of shape (n_samples, depth)
        Goodness (mean of squared activities) of each layer at the true label.
    negative : ndarray of shape (n_samples, depth)
        Goodness of each layer at one wrong label per row.
    """
    model, X = _final_estimator(estimator, X)
    goodness, index = goodness_at_labels(model, X, y)
    n_classes = goodness.shape[1]
    rng = check_random_state(random_state)
    wrong = (index + rng.randint(1, n_classes, size=len(index))) % n_classes
    rows = np.arange(len(index))
    return goodness[rows, index, :], goodness[rows, wrong, :]


def plot_goodness_histograms(
    estimator: ForwardForwardClassifier | Pipeline,
    X: ArrayLike,
    y: ArrayLike,
    *,
    bins: int = 30,
    axes: ArrayLike | None = None,
    random_state: int | np.random.RandomState | None = 0,
) -> np.ndarray:
    """Histogram the goodness of positive and negative data, one panel per layer.

    A layer separates the data well when the positive histogram lies above
    the threshold and the negative one below it. The dashed line marks
    ``threshold``, the per-layer θ. Under ``variant="ff"`` each layer is
    compared with θ alone; under the collaborative variants the summed
    goodness is compared with θ times the number of layers summed, so a
    layer's goodness may sit on either side of θ as long as the sum does not.
    A model trained with SymBa's loss (``loss_ == "symba"``) gets no line: that
    loss compares a row's goodness with its negative's, and θ plays no part.

    Parameters
    ----------
    estimator : ForwardForwardClassifier or Pipeline
        A fitted estimator, or a fitted pipeline ending in one.
    X : array-like of shape (n_samples, n_features)
        Data, for example a held-out set.
    y : array-like of shape (n_samples,)
        True labels.
    bins : int, default=30
        Bins per panel, shared by the positive and the negative histogram.
    axes : array-like of matplotlib.axes.Axes, optional
        One axes per layer; a new figure with two panels a row is made when
        omitted.
    random_state : int, RandomState instance or None, default=0
        Seeds the wrong labels of the negative data (see
        [`goodness_samples`][skff.plotting.goodness_samples]).

    Returns
    -------
    ndarray of matplotlib.axes.Axes, shape (depth,)
        The panels, layer 1 first.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.plotting import plot_goodness_histograms
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = ForwardForwardClassifier(max_iter=5, random_state=0, device="cpu")
    >>> clf = clf.fit(X, y)
    >>> axes = plot_goodness_histograms(clf, X, y)  # doctest: +SKIP
    >>> axes[0].figure.savefig("goodness.png")  # doctest: +SKIP
    """
    plt = require_pyplot()
    model, _ = _final_estimator(estimator)
    positive, negative = goodness_samples(estimator, X, y, random_state=random_state)
    depth = positive.shape[1]
    if axes is None:
        # At most two panels a row: one row of three or more panels, shrunk to a
        # page's width, leaves each about 200 px tall with unreadable labels.
        ncols = min(depth, 2)
        nrows = -(-depth // ncols)
        fig, grid = plt.subplots(
            nrows,
            ncols,
            figsize=(3.8 * ncols + 0.4, 3.2 * nrows + 0.5),
            layout="constrained",
            squeeze=False,
        )
        for extra in grid.ravel()[depth:]:
            fig.delaxes(extra)
        axes = grid.ravel()[:depth]
        for row in grid[:, 0]:
            row.set_ylabel("rows")
        fig.suptitle(f"Goodness of positive and negative data, variant={model.variant_!r}")
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size != depth:
        raise ValueError(
            f"axes must hold one Axes per layer: the model has depth={depth}, got {axes.size} axes."
        )
    for k, ax in enumerate(axes):
        edges = np.histogram_bin_edges(np.concatenate([positive[:, k], negative[:, k]]), bins)
        ax.hist(positive[:, k], bins=edges, alpha=0.6, label="positive (true label)")
        ax.hist(negative[:, k], bins=edges, alpha=0.6, label="negative (wrong label)")
        if getattr(model, "loss_", None) != "symba":
            ax.axvline(model.threshold_, color="black", linestyle="--", linewidth=1, label="θ")
        ax.set_title(f"layer {k + 1}")
        ax.set_xlabel("goodness (mean of squares)")
    axes[0].set_ylabel("rows")
    axes[0].legend(fontsize="small", framealpha=0.7)
    return axes
