"""The backprop pairwise baseline: FF's objective, with gradients through every layer."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.baselines import BackpropPairwiseClassifier
from skff.core.network import FFNetwork, backward, pair_forward
from skff.core.variants import layer_losses, losses_and_goodness_grad
from skff.diagnostics import layer_contributions
from skff.exceptions import StalledTrainingWarning
from skff.pairwise import pair_goodness
from skff.validation import InvalidParameterError

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)


@pytest.fixture(scope="module")
def digits():
    X_train, X_test, y_train, y_test = train_test_split(
        X_DIGITS, Y_DIGITS, test_size=0.3, stratify=Y_DIGITS, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def _batch(depth: int = 3, m: int = 32):
    """A small random network, a batch of embedded rows and its positive + negative labels."""
    torch.manual_seed(0)
    net = FFNetwork(20, 5, depth, 16, label_scale=3.0, generator=torch.Generator().manual_seed(1))
    rows = net.embed(torch.randn(m, 20))
    y = torch.randint(0, 5, (m,))
    labels = torch.cat([y, (y + torch.randint(1, 5, (m,))) % 5])
    return net, rows, labels


def _grads(net: FFNetwork) -> list[torch.Tensor]:
    return [p.grad.clone() for p in net.parameters()]


def test_forward_is_the_ff_forward():
    net, rows, labels = _batch()
    with torch.no_grad():
        _, _, reference = pair_forward(net.layers(), rows.body, rows.label_coef, labels, 3)
        torch.testing.assert_close(pair_goodness(net, rows, labels), reference)


def test_top_layer_loss_reaches_every_lower_layer():
    net, rows, labels = _batch(depth=3)
    m = len(rows)
    g = pair_goodness(net, rows, labels)
    top = layer_losses("ff", g[:, :m], g[:, m:], 8.0)[-1]
    top.backward()
    # Every parameter of every layer, label weights included, gets a gradient from the top loss.
    for k in range(net.depth):
        for param in net.layer_parameters(k):
            assert param.grad is not None and param.grad.abs().sum() > 0, k


def test_gradient_is_the_local_ff_gradient_plus_what_comes_from_above():
    net, rows, labels = _batch(depth=2)
    m = len(rows)
    # FF: each layer's gradient from its own loss only (the hand-written backward).
    with torch.no_grad():
        layers = net.layers()
        activities, scales, g = pair_forward(layers, rows.body, rows.label_coef, labels, 2)
        _, goodness_grad = losses_and_goodness_grad("ff", g, m, 8.0)
        backward(layers, rows.body, rows.label_coef, labels, activities, scales, goodness_grad,
                 range(2))  # fmt: skip
    local = {k: [p.grad.clone() for p in net.layer_parameters(k)] for k in range(2)}
    net.zero_grad(set_to_none=True)
    # Pairwise: the summed loss, backpropagated through both layers.
    g = pair_goodness(net, rows, labels)
    losses = layer_losses("ff", g[:, :m], g[:, m:], 8.0)
    losses.sum().backward()
    pairwise = {k: [p.grad.clone() for p in net.layer_parameters(k)] for k in range(2)}
    net.zero_grad(set_to_none=True)
    # Layer 2's loss alone, through both layers.
    g = pair_goodness(net, rows, labels)
    layer_losses("ff", g[:, :m], g[:, m:], 8.0)[1].backward()
    from_above = [p.grad.clone() for p in net.layer_parameters(0)]

    # The top layer learns exactly as in FF; the first one also from the layer above.
    for ours, theirs in zip(pairwise[1], local[1], strict=True):
        torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-6)
    for ours, theirs, extra in zip(pairwise[0], local[0], from_above, strict=True):
        assert extra.abs().max() > 1e-3 * theirs.abs().max()
        torch.testing.assert_close(ours, theirs + extra, rtol=1e-4, atol=1e-6)


def test_a_dead_row_keeps_the_gradient_finite():
    net, rows, labels = _batch(depth=3)
    with torch.no_grad():
        net.biases[0][:] = -1e3  # every unit of layer 1 off for every row: zero activities
    m = len(rows)
    g = pair_goodness(net, rows, labels)
    layer_losses("ff", g[:, :m], g[:, m:], 8.0).sum().backward()
    assert all(torch.isfinite(p.grad).all() for p in net.parameters())


def test_learns_on_digits(digits):
    X_train, X_test, y_train, y_test = digits
    clf = BackpropPairwiseClassifier(
        width=64, max_iter=20, learning_rate_init=0.01, random_state=0, device="cpu"
    ).fit(X_train, y_train)
    assert clf.score(X_test, y_test) > 0.92
    assert clf.n_iter_ == 20 and len(clf.loss_curve_) == 20
    assert clf.loss_curve_[-1] < 0.5 * clf.loss_curve_[0]
    assert [len(c) for c in clf.layer_loss_curve_] == [20, 20]
    proba = clf.predict_proba(X_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X_test))
    # The diagnostics read its network as they read ForwardForwardClassifier's.
    by_depth = layer_contributions(clf, X_test, y_test)
    assert len(by_depth) == 2 and by_depth[-1] == pytest.approx(clf.score(X_test, y_test))


def test_same_seed_same_model_and_ff_starting_weights(digits):
    X_train, X_test, y_train, _ = digits
    params = dict(width=16, max_iter=2, random_state=3, device="cpu", label_scale=2.0)
    a = BackpropPairwiseClassifier(**params, negatives="random").fit(X_train, y_train)
    b = clone(a).fit(X_train, y_train)
    np.testing.assert_array_equal(a.decision_function(X_test), b.decision_function(X_test))
    # Built from the same random_state as FF's network: the same first weights.
    # A fit whose steps are too small to move a weight keeps the initial network.
    ff = ForwardForwardClassifier(**{**params, "learning_rate_init": 1e-30}, variant="ff")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StalledTrainingWarning)
        ff.fit(X_train, y_train)
    untrained = BackpropPairwiseClassifier(**{**params, "learning_rate_init": 1e-30})
    untrained.fit(X_train, y_train)
    for ours, theirs in zip(untrained.network_.parameters(), ff.network_.parameters(), strict=True):
        torch.testing.assert_close(ours, theirs)


def test_two_classes_and_string_labels(digits):
    X_train, _, y_train, _ = digits
    keep = np.isin(y_train, (3, 8))
    y = np.where(y_train[keep] == 3, "three", "eight")
    clf = BackpropPairwiseClassifier(
        width=32, max_iter=10, learning_rate_init=0.01, random_state=0, device="cpu"
    ).fit(X_train[keep], y)
    assert set(clf.classes_) == {"three", "eight"}
    assert clf.decision_function(X_train[keep]).shape == (keep.sum(),)
    assert clf.score(X_train[keep], y) > 0.9


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("depth", 0),
        ("negatives", "some"),
        ("negatives", "hard_cached"),  # the estimator's option; this baseline has no cache
        ("label_scale", "loud"),
        ("threshold", np.nan),
    ],
)
def test_bad_parameters_are_refused_with_the_estimators_name(param, value):
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of BackpropPair"):
        BackpropPairwiseClassifier(**{param: value}).fit(X_DIGITS[:50], Y_DIGITS[:50])


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="at least 2 classes"):
        BackpropPairwiseClassifier(device="cpu").fit(X_DIGITS[:10], np.zeros(10))


@pytest.mark.parametrize("negatives", ["hard", "random"])
def test_a_diverging_fit_says_what_to_change(negatives):
    X = np.random.default_rng(0).normal(size=(60, 4))
    y = np.arange(60) % 3
    clf = BackpropPairwiseClassifier(
        width=8, max_iter=5, learning_rate_init=1e30, negatives=negatives, device="cpu"
    )
    with pytest.raises(ValueError, match="learning_rate_init"):
        clf.fit(X, y)
