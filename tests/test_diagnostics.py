"""Information-flow diagnostics on cases with a known answer, and on a fitted model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.datasets import load_digits

from skff import ForwardForwardClassifier
from skff.diagnostics import (
    class_indices,
    contributions_from_goodness,
    entropy_from_goodness,
    entropy_of,
    functional_entropy,
    layer_contributions,
)


def _entropy(goodness, classes, y):
    """functional_entropy of a model whose per-layer label goodness is ``goodness``."""
    goodness = np.asarray(goodness, dtype=np.float64)
    return entropy_from_goodness(goodness, class_indices(np.asarray(classes), y, len(goodness)))


def _contributions(goodness, classes, y):
    """layer_contributions of a model whose per-layer label goodness is ``goodness``."""
    goodness = np.asarray(goodness, dtype=np.float64)
    index = class_indices(np.asarray(classes), y, len(goodness))
    return contributions_from_goodness(goodness, index)


def test_entropy_is_zero_for_constant_goodness():
    goodness = np.full((50, 3, 2), 2.5)
    y = np.arange(50) % 3
    np.testing.assert_allclose(_entropy(goodness, [0, 1, 2], y), [0.0, 0.0])


@pytest.mark.parametrize(("a", "b", "p"), [(3.0, 1.0, 0.25), (2.0, 0.0, 0.5), (0.5, 7.0, 0.8)])
def test_entropy_matches_the_two_point_closed_form(a, b, p):
    n = 40
    k = round(p * n)
    h = np.array([a] * k + [b] * (n - k))
    mean = p * a + (1 - p) * b
    expected = sum(w * v * math.log(v / mean) for w, v in ((p, a), (1 - p, b)) if v > 0)
    # Layer 0 holds h at the true label; the wrong label's goodness must be ignored.
    goodness = np.zeros((n, 2, 1))
    y = np.array(["cat", "dog"] * (n // 2))
    true = (y == "dog").astype(int)
    goodness[np.arange(n), true, 0] = h
    goodness[np.arange(n), 1 - true, 0] = 100.0
    np.testing.assert_allclose(_entropy(goodness, ["cat", "dog"], y), [expected])


def test_entropy_treats_zero_terms_as_zero_and_rejects_negatives():
    assert entropy_of(np.zeros(5)) == 0.0
    np.testing.assert_allclose(entropy_of(np.array([0.0, 0.0, 4.0, 0.0])), math.log(4.0))
    with pytest.raises(ValueError, match="non-negative"):
        entropy_of(np.array([1.0, -1.0]))


def test_layer_contributions_sum_goodness_over_the_first_k_layers():
    # goodness[row, class, layer]. Row 0 (true class 10): wrong with layer 1
    # alone (1 < 2), right from layer 2 on (3 > 2). Row 1 (true class 20):
    # right with layers 1 and 1..2, wrong once layer 3 is added (4 < 5).
    goodness = np.array(
        [
            [[1.0, 2.0, 0.0], [2.0, 0.0, 0.0]],
            [[0.0, 0.0, 5.0], [1.0, 3.0, 0.0]],
        ]
    )
    result = _contributions(goodness, [10, 20], np.array([10, 20]))
    np.testing.assert_allclose(result, [0.5, 1.0, 0.5])


def test_unknown_labels_are_rejected():
    with pytest.raises(ValueError, match="not fitted on"):
        _contributions(np.zeros((2, 2, 1)), [0, 1], np.array([0, 7]))


def test_diagnostics_of_a_fitted_estimator():
    X, y = load_digits(return_X_y=True)
    X, y = X[:600], y[:600] + 1  # labels 1..10: classes_ must be respected
    # The goodness read-out, which the diagnostics read ("auto" would add the softmax head
    # on 600 rows of 10 classes, and score() would read both).
    model = ForwardForwardClassifier(
        variant="cff",
        depth=3,
        width=64,
        max_iter=20,
        prediction="goodness",
        random_state=0,
        device="cpu",
    ).fit(X, y)
    contributions = layer_contributions(model, X, y)
    assert contributions.shape == (3,)
    assert contributions[-1] == pytest.approx(model.score(X, y))
    assert contributions[-1] > 0.5
    entropy = functional_entropy(model, X, y)
    assert entropy.shape == (3,)
    assert np.all(entropy >= 0) and np.all(np.isfinite(entropy))


def test_collaboration_plots_draw_one_line_per_model(monkeypatch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skff.plotting.collaboration import plot_functional_entropy, plot_layer_contributions

    X, y = load_digits(return_X_y=True)
    X, y = X[:300], y[:300]
    fast = {"depth": 2, "width": 32, "max_iter": 3, "random_state": 0, "device": "cpu"}
    models = {
        "FF": ForwardForwardClassifier(variant="ff", **fast).fit(X, y),
        "CFF": ForwardForwardClassifier(variant="cff", **fast).fit(X, y),
    }
    try:
        ax = plot_layer_contributions(models, X, y)
        assert [line.get_label() for line in ax.get_lines()] == ["FF", "CFF"]
        np.testing.assert_allclose(
            ax.get_lines()[1].get_ydata(), 100 * layer_contributions(models["CFF"], X, y)
        )
        _, given = plt.subplots()
        assert plot_functional_entropy(models, X, y, ax=given) is given
        np.testing.assert_allclose(
            given.get_lines()[0].get_ydata(), functional_entropy(models["FF"], X, y)
        )
        with pytest.raises(ValueError, match="non-empty dict"):
            plot_functional_entropy({}, X, y)
        monkeypatch.setitem(__import__("sys").modules, "matplotlib.pyplot", None)
        with pytest.raises(ImportError, match=r"\.\[plot\]"):
            plot_layer_contributions(models, X, y)
    finally:
        plt.close("all")
