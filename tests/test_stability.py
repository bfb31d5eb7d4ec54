"""Training that cannot die: the warm-up, and a configuration that used to kill a layer."""

import warnings

import numpy as np
import pytest
import torch

from skff import ForwardForwardClassifier
from skff.core import FFNetwork, TrainConfig, Trainer, embed_rows
from skff.exceptions import DeadLayerWarning
from skff.prediction import label_goodness


def _sparse_images(n=600, d=784, n_classes=10, seed=0):
    """Non-negative, sparse rows like MNIST's pixels: a noisy prototype per class."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    prototypes = (rng.random((n_classes, d)) > 0.8) * rng.random((n_classes, d))
    noise = (rng.random((n, d)) > 0.9) * rng.random((n, d))
    return np.clip(prototypes[y] + 0.3 * noise, 0, 1).astype(np.float32), y


def test_wide_collaborative_network_on_non_negative_inputs_keeps_every_layer_alive():
    # Before the warm-up, Adam's first full step moved each of layer 1's weights
    # by the step size: on 784 non-negative inputs that shifted every
    # pre-activation by several units, and under variant="cff" the shared logit
    # kept pushing until every unit was off (DeadLayerWarning, 11 % accuracy).
    X, y = _sparse_images()
    clf = ForwardForwardClassifier(
        variant="cff",
        depth=2,
        width=2000,
        learning_rate_init=0.01,
        max_iter=1,
        label_scale=20.0,
        negatives="hard",
        batch_size=50,
        threshold=4.0,
        random_state=0,
        device="cpu",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeadLayerWarning)
        clf.fit(X, y)
    goodness = label_goodness(clf, X)
    assert all((goodness[:, :, k] > 0).any() for k in range(clf.depth))
    assert clf.score(X, y) > 0.9


def _trainer(warmup_steps):
    gen = torch.Generator().manual_seed(0)
    x, y = torch.rand(40, 5, generator=gen), torch.randint(0, 3, (40,), generator=gen)
    net = FFNetwork(5, 3, 2, 8, generator=gen)
    config = TrainConfig(
        "ff", 1.0, "random", batch_size=10, learning_rate=0.02, warmup_steps=warmup_steps
    )
    trainer = Trainer(net, config, gen)
    trainer.start_phase(range(2))
    return trainer, embed_rows(x, 3, 1.0), y


def test_warm_up_raises_the_step_size_linearly_over_its_steps():
    trainer, rows, y = _trainer(warmup_steps=4)
    rates = []
    for start in range(0, 40, 10):
        rates.append(trainer.optimizer.param_groups[0]["lr"])
        trainer.step(rows.take(slice(start, start + 10)), y[start : start + 10])
    rates.append(trainer.optimizer.param_groups[0]["lr"])
    np.testing.assert_allclose(rates, [0.005, 0.01, 0.015, 0.02, 0.02])
    # An epoch's schedule sets the rate it reaches; a later phase warms up anew.
    trainer.set_learning_rate(0.01)
    assert trainer.optimizer.param_groups[0]["lr"] == pytest.approx(0.01)
    trainer.start_phase(range(1, 2))
    assert trainer.optimizer.param_groups[0]["lr"] == pytest.approx(0.005)


def test_a_restored_optimizer_continues_its_warm_up_where_it_stopped():
    # partial_fit restores the optimizer of the previous call: its warm-up is
    # not repeated, and one that was cut short resumes.
    trainer, rows, y = _trainer(warmup_steps=4)
    for start in (0, 10):
        trainer.step(rows.take(slice(start, start + 10)), y[start : start + 10])
    resumed, _, _ = _trainer(warmup_steps=4)
    resumed.start_phase(range(2), optimizer_state=trainer.optimizer_state())
    assert resumed.steps_taken == 2
    assert resumed.optimizer.param_groups[0]["lr"] == pytest.approx(0.015)
    X, y_all = _sparse_images(n=200, d=30, n_classes=3)
    clf = ForwardForwardClassifier(width=16, batch_size=50, random_state=0, device="cpu")
    clf.partial_fit(X, y_all, classes=[0, 1, 2])  # 4 steps: the whole warm-up
    assert float(clf._optimizer_state["state"][0]["step"]) == 4
    assert clf._optimizer_state["param_groups"][0]["lr"] == pytest.approx(0.01)


class _StraightThroughReLU(torch.autograd.Function):
    """ReLU forward, identity backward: the reference for the peer gradient."""

    @staticmethod
    def forward(ctx, z):
        return z.clamp(min=0)

    @staticmethod
    def backward(ctx, grad):
        return grad


def test_peer_normalization_gradient_matches_autograd_and_reaches_silent_units():
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(12, 5, generator=gen), torch.randint(0, 3, (12,), generator=gen)
    rows = embed_rows(x, 3, 1.0)
    labels = torch.cat([y, (y + 1) % 3])
    grads = {}
    for weight in (0.0, 0.5):
        net = FFNetwork(5, 3, 2, 6, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            net.biases[0][0] = -50.0  # a silent unit: only the peer term can revive it
        config = TrainConfig("ff", 1.0, "random", 12, peer_normalization=weight)
        trainer = Trainer(net, config, torch.Generator().manual_seed(2))
        trainer.start_phase(range(2))

        class Record:
            def step(self, weight=weight, net=net):
                grads[weight] = {n: p.grad.clone() for n, p in net.named_parameters()}

        trainer.optimizer = Record()
        trainer.step(rows, y, labels)
    # The penalty alone, by autograd: the running means of the first batch are its means.
    net.zero_grad(set_to_none=True)
    z0 = rows.body @ net.weights[0].t() + net.biases[0]
    h0 = _StraightThroughReLU.apply(z0 + rows.label_coef[:, None] * net.label_weight.t()[y])
    scale = torch.rsqrt(h0.detach().pow(2).mean(dim=1))
    z1 = (h0.detach() @ net.weights[1].t()) * scale[:, None] + net.biases[1]
    h1 = _StraightThroughReLU.apply(z1)
    penalty = sum(0.5 * (h.mean(0) - h.mean(0).mean()).pow(2).mean() for h in (h0, h1))
    penalty.backward()
    for name, param in net.named_parameters():
        torch.testing.assert_close(grads[0.5][name] - grads[0.0][name], param.grad, msg=name)
    assert grads[0.5]["biases.0"][0] < 0 == grads[0.0]["biases.0"][0]  # pushed up, from nothing
