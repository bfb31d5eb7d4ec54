"""Plots of the layer-collaboration diagnostics of ``skff.diagnostics``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from skff.diagnostics import functional_entropy, layer_contributions
from skff.estimator import ForwardForwardClassifier
from skff.plotting.training import require_pyplot

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def _axes(ax: Any) -> Any:
    if ax is None:
        _, ax = require_pyplot().subplots()
    return ax


def _plot_per_layer(
    models: Mapping[str, Any],
    X: Any,
    y: Any,
    ax: Any,
    measure: Callable[[Any, Any, Any], np.ndarray],
    marker: str,
) -> Any:
    """One line per model of ``measure(model, X, y)`` against the layer index."""
    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a non-empty dict mapping a legend label to a fitted "
            f"ForwardForwardClassifier; got {models!r}."
        )
    ax = _axes(ax)
    depth = 1
    for label, model in models.items():
        values = measure(model, X, y)
        depth = max(depth, len(values))
        ax.plot(np.arange(1, len(values) + 1), values, marker=marker, label=label)
    ax.set_xticks(np.arange(1, depth + 1))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def plot_layer_contributions(
    models: Mapping[str, ForwardForwardClassifier],
    X: ArrayLike,
    y: ArrayLike,
    ax: Axes | None = None,
) -> Axes:
    """Plot the accuracy of predicting with layers ``1..k`` against ``k``.

    One line per model (see
    [`skff.diagnostics.layer_contributions`][skff.diagnostics.layer_contributions]). A line that
    rises shows deeper layers adding to the prediction; a flat or falling one shows them adding
    nothing or hurting.

    Parameters
    ----------
    models : dict of str to ForwardForwardClassifier
        Fitted estimators, keyed by legend label.
    X : array-like of shape (n_samples, n_features)
        Evaluation data.
    y : array-like of shape (n_samples,)
        True labels.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with one line per model and a legend.

    See Also
    --------
    skff.diagnostics.layer_contributions : The values plotted, for one model.
    skff.plotting.plot_functional_entropy : The paper's other diagnostic, plotted alike.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.plotting import plot_layer_contributions
    >>> X, y = load_digits(return_X_y=True)
    >>> models = {
    ...     variant: ForwardForwardClassifier(
    ...         variant=variant, max_iter=5, random_state=0, device="cpu"
    ...     ).fit(X, y)
    ...     for variant in ("ff", "cff")
    ... }
    >>> ax = plot_layer_contributions(models, X, y)  # doctest: +SKIP
    >>> ax.figure.savefig("layer_contributions.png")  # doctest: +SKIP
    """

    def accuracy_percent(model: Any, X: Any, y: Any) -> np.ndarray:
        return 100.0 * layer_contributions(model, X, y)

    ax = _plot_per_layer(models, X, y, ax, accuracy_percent, marker="o")
    ax.set_xlabel("layers used for prediction (1..k)")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("Marginal contribution of each layer")
    return ax


def plot_functional_entropy(
    models: Mapping[str, ForwardForwardClassifier],
    X: ArrayLike,
    y: ArrayLike,
    ax: Axes | None = None,
) -> Axes:
    """Plot each layer's functional entropy of goodness, one line per model.

    See [`skff.diagnostics.functional_entropy`][skff.diagnostics.functional_entropy].

    Parameters
    ----------
    models : dict of str to ForwardForwardClassifier
        Fitted estimators, keyed by legend label.
    X : array-like of shape (n_samples, n_features)
        Evaluation data.
    y : array-like of shape (n_samples,)
        True labels.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with one line per model and a legend.

    See Also
    --------
    skff.diagnostics.functional_entropy : The values plotted, for one model.
    skff.plotting.plot_layer_contributions : The paper's other diagnostic, plotted alike.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skff import ForwardForwardClassifier
    >>> from skff.plotting import plot_functional_entropy
    >>> X, y = load_digits(return_X_y=True)
    >>> models = {
    ...     variant: ForwardForwardClassifier(
    ...         variant=variant, max_iter=5, random_state=0, device="cpu"
    ...     ).fit(X, y)
    ...     for variant in ("ff", "cff")
    ... }
    >>> ax = plot_functional_entropy(models, X, y)  # doctest: +SKIP
    >>> ax.figure.savefig("functional_entropy.png")  # doctest: +SKIP
    """
    ax = _plot_per_layer(models, X, y, ax, functional_entropy, marker="s")
    ax.set_xlabel("layer")
    ax.set_ylabel("Ent(goodness) at the true label")
    ax.set_title("Functional entropy per layer")
    return ax
