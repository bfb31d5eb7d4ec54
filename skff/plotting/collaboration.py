"""Plots of the layer-collaboration diagnostics of :mod:`skff.diagnostics`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from skff.diagnostics import functional_entropy, layer_contributions


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "skff's plotting functions need matplotlib, which is not installed. "
            "Install it with `pip install skff[plot]`."
        ) from exc
    return plt


def _axes(ax: Any) -> Any:
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def _check_models(models: Mapping[str, Any]) -> None:
    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a non-empty dict mapping a legend label to a fitted "
            f"ForwardForwardClassifier; got {models!r}."
        )


def plot_layer_contributions(models: Mapping[str, Any], X: Any, y: Any, ax: Any = None) -> Any:
    """Plot the accuracy of predicting with layers ``1..k`` against ``k``.

    One line per model (see :func:`skff.diagnostics.layer_contributions`).
    A line that rises shows deeper layers adding to the prediction; a flat or
    falling one shows them adding nothing or hurting.

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
    """
    _check_models(models)
    ax = _axes(ax)
    depth = 1
    for label, model in models.items():
        accuracy = 100.0 * layer_contributions(model, X, y)
        layers = np.arange(1, len(accuracy) + 1)
        depth = max(depth, len(accuracy))
        ax.plot(layers, accuracy, marker="o", label=label)
    ax.set_xticks(np.arange(1, depth + 1))
    ax.set_xlabel("layers used for prediction (1..k)")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("Marginal contribution of each layer")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def plot_functional_entropy(models: Mapping[str, Any], X: Any, y: Any, ax: Any = None) -> Any:
    """Plot each layer's functional entropy of goodness, one line per model.

    See :func:`skff.diagnostics.functional_entropy`.

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
    """
    _check_models(models)
    ax = _axes(ax)
    depth = 1
    for label, model in models.items():
        entropy = functional_entropy(model, X, y)
        layers = np.arange(1, len(entropy) + 1)
        depth = max(depth, len(entropy))
        ax.plot(layers, entropy, marker="s", label=label)
    ax.set_xticks(np.arange(1, depth + 1))
    ax.set_xlabel("layer")
    ax.set_ylabel("Ent(goodness) at the true label")
    ax.set_title("Functional entropy per layer")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
