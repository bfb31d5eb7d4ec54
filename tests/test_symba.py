"""SymBa's symmetric loss (``loss="symba"``): closed form, pairing, weights and the estimator."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from _graph_equivalence import assert_graph_step_matches_eager
from sklearn.datasets import load_digits, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.core import variants as variants_module
from skff.core.divergence import idle_losses
from skff.core.trainer import TrainConfig
from skff.core.variants import SYMBA_SCALE, layer_losses, losses_and_goodness_grad
from skff.validation import InvalidParameterError

X_WINE, Y_WINE = load_wine(return_X_y=True)
X_WINE = StandardScaler().fit_transform(X_WINE)


def _goodness(n_pos=5, n_layers=3, seed=1):
    gen = torch.Generator().manual_seed(seed)
    return 4.0 * torch.rand(n_layers, 2 * n_pos, generator=gen, dtype=torch.float64)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("variant", sorted(variants_module.UNIT_SLOPE))
def test_closed_form_equals_autograd(variant, weighted):
    g = _goodness()
    weight = torch.tensor([0.0, 1.0, 2.0, 0.5, 3.0], dtype=torch.float64) if weighted else None
    losses, grad = losses_and_goodness_grad(variant, g, 5, 1.5, weight, loss="symba")
    exact = g.clone().requires_grad_()
    expected = layer_losses(variant, exact[:, :5], exact[:, 5:], 1.5, weight, loss="symba")
    expected.sum().backward()
    torch.testing.assert_close(losses, expected.detach())
    torch.testing.assert_close(grad, exact.grad)
    assert losses.shape == (3,)


def test_loss_pairs_each_positive_with_its_own_negative():
    g = _goodness()
    pos, neg = g[:, :5], g[:, 5:]
    by_hand = torch.nn.functional.softplus(-SYMBA_SCALE * (pos - neg)).mean(dim=1)
    torch.testing.assert_close(layer_losses("ff", pos, neg, 2.0, loss="symba"), by_hand)
    # Another pairing of the same rows is another loss: the order is the pairing.
    shuffled = layer_losses("ff", pos, neg.flip(1), 2.0, loss="symba")
    assert not torch.allclose(shuffled, by_hand)


@pytest.mark.parametrize("variant", sorted(variants_module.UNIT_SLOPE))
def test_threshold_cancels(variant):
    g = _goodness()
    low = losses_and_goodness_grad(variant, g, 5, 0.5, loss="symba")
    high = losses_and_goodness_grad(variant, g, 5, 7.0, loss="symba")
    for a, b in zip(low, high, strict=True):
        torch.testing.assert_close(a, b)


def test_collaborative_logit_keeps_the_other_layers_difference():
    # Under CFF, delta_k includes the other layers' goodness difference (held
    # constant): layer 0's loss moves when only layer 1's goodness does.
    g = _goodness(n_layers=2)
    moved = g.clone()
    moved[1, :5] += 1.0
    cff = layer_losses("cff", g[:, :5], g[:, 5:], 1.0, loss="symba")
    cff_moved = layer_losses("cff", moved[:, :5], moved[:, 5:], 1.0, loss="symba")
    assert cff_moved[0] < cff[0]
    ff = layer_losses("ff", g[:, :5], g[:, 5:], 1.0, loss="symba")
    ff_moved = layer_losses("ff", moved[:, :5], moved[:, 5:], 1.0, loss="symba")
    torch.testing.assert_close(ff_moved[0], ff[0])


def test_variant_outside_the_closed_form_uses_autograd(monkeypatch):
    def steep(goodness, threshold):
        return 3.0 * goodness - threshold

    monkeypatch.setitem(variants_module.VARIANTS, "steep", steep)
    g = _goodness().float()
    losses, grad = losses_and_goodness_grad("steep", g, 5, 0.2, loss="symba")
    exact = g.clone().requires_grad_()
    expected = layer_losses("steep", exact[:, :5], exact[:, 5:], 0.2, loss="symba")
    expected.sum().backward()
    torch.testing.assert_close(losses, expected.detach())
    torch.testing.assert_close(grad, exact.grad)


def test_idle_loss_is_log_two_per_layer():
    np.testing.assert_allclose(idle_losses("cff", 3, 4.0, "symba"), [math.log(2.0)] * 3)


def test_graph_step_matches_the_eager_step(monkeypatch):
    # The CUDA-graph path's CPU stand-in runs the same code as the eager step,
    # weights and the partial last batch included (178 rows, batches of 16).
    monkeypatch.setattr("skff.core.trainer.fused_adam_on_cpu", lambda: False)
    X = torch.as_tensor(X_WINE, dtype=torch.float32)
    y = torch.as_tensor(Y_WINE)
    weight = torch.as_tensor(np.random.default_rng(0).integers(0, 4, len(y)), dtype=torch.float32)
    config = TrainConfig("cff", 1.0, "hard", 16, loss="symba")
    assert_graph_step_matches_eager(X, y, 3, weight / weight.mean(), config, label_scale=4.0)


def test_all_ones_weights_train_the_unweighted_model():
    params = {"loss": "symba", "width": 16, "max_iter": 3, "random_state": 0, "device": "cpu"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = ForwardForwardClassifier(**params).fit(X_WINE, Y_WINE)
        ones = ForwardForwardClassifier(**params).fit(X_WINE, Y_WINE, np.ones(len(Y_WINE)))
    assert plain.loss_curve_ == ones.loss_curve_
    for name, value in plain.network_.state_dict().items():
        assert torch.equal(value, ones.network_.state_dict()[name]), name


@pytest.mark.parametrize("variant", ["cff", "ff"])
def test_fits_digits(variant):
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        StandardScaler().fit_transform(X), y, test_size=0.3, stratify=y, random_state=0
    )
    model = ForwardForwardClassifier(variant=variant, loss="symba", random_state=0, device="cpu")
    model.fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.94
    assert len(model.layer_loss_curve_) == 2
    assert model.loss_curve_[-1] < model.loss_curve_[0]


def test_invalid_loss_is_refused():
    model = ForwardForwardClassifier(loss="symmetric", device="cpu")
    with pytest.raises(InvalidParameterError, match=r"loss.*'threshold'.*'symba'"):
        model.fit(X_WINE, Y_WINE)
