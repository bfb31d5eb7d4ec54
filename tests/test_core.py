"""Tests of the torch core: variants, network, gradients, negatives, scoring."""

import math

import numpy as np
import pytest
import torch

from skff.core import (
    VARIANTS,
    FFNetwork,
    TrainConfig,
    Trainer,
    embed_rows,
    goodness,
    hard_wrong_labels,
    head_scores,
    label_goodness,
    layer_losses,
    random_wrong_labels,
    rms_normalize,
)
from skff.core.embedding import feature_rms


def _trainer(net, config, gen, trainable, optimizer=None):
    """A Trainer in its first phase; ``optimizer`` replaces its Adam (to record gradients)."""
    trainer = Trainer(net, config, gen)
    trainer.start_phase(trainable)
    if optimizer is not None:
        trainer.optimizer = optimizer
    return trainer


def softplus(x):
    return math.log1p(math.exp(x))


# Goodness of a 2-layer network for one positive and one negative row.
G_POS = torch.tensor([[1.0], [3.0]])
G_NEG = torch.tensor([[0.5], [2.0]])
THETA = 1.0
EXPECTED_LOSSES = {
    # FF: each layer on its own goodness minus theta.
    "ff": [softplus(-(1 - 1)) + softplus(0.5 - 1), softplus(-(3 - 1)) + softplus(2 - 1)],
    # CFF: both layers see the total goodness (4 and 2.5) minus 2 * theta.
    "cff": [softplus(-2) + softplus(0.5)] * 2,
    # CFF<t: layer 1 alone minus theta, layer 2 the running sum minus 2 * theta.
    "cff_prev": [softplus(0) + softplus(-0.5), softplus(-2) + softplus(0.5)],
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_loss_matches_hand_computation(variant):
    losses = layer_losses(variant, G_POS, G_NEG, THETA)
    np.testing.assert_allclose(losses.numpy(), EXPECTED_LOSSES[variant], rtol=1e-6)


def test_every_variant_has_a_hand_computed_loss():
    assert set(EXPECTED_LOSSES) == set(VARIANTS)


def _tiny_network():
    """Depth 2, width 2, one input feature, two classes, weights set by hand."""
    net = FFNetwork(n_inputs=1, n_classes=2, depth=2, width=2, label_scale=1.0)
    with torch.no_grad():
        net.weights[0].copy_(torch.tensor([[1.0], [-1.0]]))
        net.label_weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 2.0]]))
        net.biases[0].copy_(torch.tensor([0.0, 0.5]))
        net.weights[1].copy_(torch.tensor([[1.0, 1.0], [1.0, -1.0]]))
        net.biases[1].copy_(torch.tensor([0.0, 0.0]))
    return net


def test_tiny_network_goodness_and_loss_by_hand():
    net = _tiny_network()
    x = torch.tensor([[3.0]])
    rows = embed_rows(x, n_classes=2, label_scale=1.0)
    # Input [3, 1, 0] has RMS sqrt(10 / 3): every entry is scaled by sqrt(3 / 10).
    s = math.sqrt(3 / 10)
    # Label 0: z1 = [3s + s, -3s + 0.5] -> h1 = [4s, 0]; label 1: z1 = [3s, -3s + 2s + 0.5].
    h1_label0 = np.array([4 * s, 0.0])
    h1_label1 = np.array([3 * s, max(0.0, -s + 0.5)])

    def upper(h1):
        a = h1 / math.sqrt(np.mean(h1**2))
        return np.maximum(np.array([a[0] + a[1], a[0] - a[1]]), 0.0)

    g = label_goodness(net, rows)[0].numpy()  # (n_classes, n_layers)
    for label, h1 in enumerate([h1_label0, h1_label1]):
        np.testing.assert_allclose(g[label, 0], np.mean(h1**2), rtol=1e-6)
        np.testing.assert_allclose(g[label, 1], np.mean(upper(h1) ** 2), rtol=1e-6)

    g_pos = torch.tensor(g[0]).unsqueeze(1)
    g_neg = torch.tensor(g[1]).unsqueeze(1)
    theta = 0.5
    total_pos, total_neg = g[0].sum(), g[1].sum()
    expected_cff = softplus(-(total_pos - 2 * theta)) + softplus(total_neg - 2 * theta)
    losses = layer_losses("cff", g_pos, g_neg, theta).numpy()
    np.testing.assert_allclose(losses, [expected_cff, expected_cff], rtol=1e-5)


def _reference_losses(net, rows, labels_pos, labels_neg, variant, theta, n_active):
    """FF losses with autograd through every parameter, layer inputs detached."""
    x = rows.body
    coef = rows.label_coef
    goods = []
    for labels in (labels_pos, labels_neg):
        z = x @ net.weights[0].t() + net.label_weight.t()[labels] * coef[:, None] + net.biases[0]
        h = torch.relu(z)
        g = [goodness(h)]
        for k in range(1, n_active):
            h = torch.relu(rms_normalize(h.detach()) @ net.weights[k].t() + net.biases[k])
            g.append(goodness(h))
        goods.append(torch.stack(g))
    return layer_losses(variant, goods[0], goods[1], theta)


def _random_problem(seed, n=24, d=5, n_classes=3, depth=3, width=7):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=gen) * 2.0
    y = torch.randint(0, n_classes, (n,), generator=gen)
    net = FFNetwork(d, n_classes, depth, width, label_scale=feature_rms(x), generator=gen)
    rows = embed_rows(x, n_classes, float(net.label_scale))
    return net, rows, y, gen


class _RecordingOptimizer:
    """Stands in for Adam: keeps the gradients instead of stepping."""

    def __init__(self, net):
        self.net = net
        self.grads = None

    def step(self):
        self.grads = {
            n: p.grad.clone() for n, p in self.net.named_parameters() if p.grad is not None
        }


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_hand_written_backward_matches_autograd(variant):
    net, rows, y, _ = _random_problem(0)
    theta = 0.3
    config = TrainConfig(variant, theta, "random", batch_size=len(y))
    recorder = _RecordingOptimizer(net)
    gen = torch.Generator().manual_seed(1)
    _trainer(net, config, gen, range(net.depth), recorder).step(rows, y)

    y_neg = random_wrong_labels(y, net.n_classes, torch.Generator().manual_seed(1))
    net.zero_grad(set_to_none=True)
    losses = _reference_losses(net, rows, y, y_neg, variant, theta, net.depth)
    losses.sum().backward()
    for name, param in net.named_parameters():
        np.testing.assert_allclose(
            recorder.grads[name].numpy(), param.grad.numpy(), rtol=1e-4, atol=1e-6, err_msg=name
        )


@pytest.mark.parametrize("variant", ["cff", "cff_prev"])
def test_collaborative_gradient_stays_in_its_layer(variant):
    net, rows, y, gen = _random_problem(2)
    y_neg = random_wrong_labels(y, net.n_classes, gen)
    losses = _reference_losses(net, rows, y, y_neg, variant, 0.3, net.depth)
    for k in range(net.depth):
        net.zero_grad(set_to_none=True)
        losses[k].backward(retain_graph=True)
        own = {id(p) for p in net.layer_parameters(k)}
        for name, param in net.named_parameters():
            grad_norm = 0.0 if param.grad is None else float(param.grad.abs().sum())
            if id(param) in own:
                assert grad_norm > 0, f"layer {k} loss gives no gradient to its own {name}"
            else:
                assert grad_norm == 0, f"layer {k} loss leaks a gradient into {name}"


def test_collaborative_loss_still_depends_on_other_layers():
    g_pos = torch.tensor([[1.0], [3.0]])
    g_neg = torch.tensor([[0.5], [2.0]])
    changed = g_pos.clone()
    changed[1] += 5.0
    base = layer_losses("cff", g_pos, g_neg, 1.0)
    moved = layer_losses("cff", changed, g_neg, 1.0)
    assert moved[0] < base[0]  # layer 1's loss sees layer 2's goodness
    assert torch.equal(
        layer_losses("ff", changed, g_neg, 1.0)[0], layer_losses("ff", g_pos, g_neg, 1.0)[0]
    )


def test_greedy_step_only_changes_the_trained_layer():
    net, rows, y, gen = _random_problem(3)
    before = {n: p.detach().clone() for n, p in net.named_parameters()}
    trainable = range(1, 2)
    config = TrainConfig("cff", 0.3, "random", batch_size=8, learning_rate=0.05)
    _trainer(net, config, gen, trainable).train_epoch(rows, y)
    own = {id(p) for p in net.layer_parameters(1)}
    for name, param in net.named_parameters():
        changed = not torch.equal(param.detach(), before[name])
        assert changed == (id(param) in own), name


def test_random_negatives_are_never_the_true_label_and_are_uniform():
    n_classes = 5
    y = torch.arange(n_classes).repeat(4000)
    neg = random_wrong_labels(y, n_classes, torch.Generator().manual_seed(0))
    assert not torch.any(neg == y)
    counts = torch.bincount((neg - y) % n_classes, minlength=n_classes).numpy()
    assert counts[0] == 0
    np.testing.assert_allclose(counts[1:] / counts[1:].sum(), 0.25, atol=0.02)


def test_random_negatives_with_two_classes_pick_the_other_one():
    y = torch.tensor([0, 1, 1, 0])
    neg = random_wrong_labels(y, 2, torch.Generator().manual_seed(0))
    assert torch.equal(neg, 1 - y)


def test_hard_negatives_follow_belief_and_exclude_truth():
    n = 20000
    y = torch.zeros(n, dtype=torch.long)
    # The true label has by far the highest score: it must still never be drawn.
    scores = torch.log(torch.tensor([[1e6, 0.6, 0.3, 0.1]])).repeat(n, 1)
    neg = hard_wrong_labels(scores, y, torch.Generator().manual_seed(0))
    assert not torch.any(neg == y)
    freq = torch.bincount(neg, minlength=4).numpy() / n
    np.testing.assert_allclose(freq[1:], [0.6, 0.3, 0.1], atol=0.015)


def test_rms_normalize_is_scale_free_and_keeps_zero_rows():
    h = torch.tensor([[3.0, 4.0], [0.0, 0.0], [3e30, 4e30], [3e-30, 4e-30]])
    out = rms_normalize(h)
    expected = torch.tensor([3.0, 4.0]) / math.sqrt(12.5)
    for row in (0, 2, 3):
        torch.testing.assert_close(out[row], expected)
    assert torch.equal(out[1], torch.zeros(2))


def test_embedding_makes_input_rows_unit_rms_for_every_label():
    x = torch.randn(6, 4) * torch.tensor([1.0, 1e3, 1e-3, 5.0])
    rows = embed_rows(x, n_classes=3, label_scale=2.0)
    full = torch.cat([rows.body, rows.label_coef[:, None] * torch.eye(3)[1].repeat(6, 1)], 1)
    torch.testing.assert_close(full.pow(2).mean(1), torch.ones(6))
    neutral = torch.cat(
        [
            rows.body * rows.neutral_ratio[:, None],
            (rows.label_coef * rows.neutral_ratio / 3)[:, None].repeat(1, 3),
        ],
        1,
    )
    torch.testing.assert_close(neutral.pow(2).mean(1), torch.ones(6))


def test_embedding_is_invariant_to_the_scale_of_x():
    x = torch.randn(5, 4, dtype=torch.float64)
    a = embed_rows(x.float(), 3, feature_rms(x.float()))
    for factor in (1e30, 1e-30):
        xs = (x * factor).float()
        b = embed_rows(xs, 3, feature_rms(xs))
        torch.testing.assert_close(a.body, b.body, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(a.label_coef, b.label_coef, rtol=1e-5, atol=1e-6)


def test_label_goodness_equals_one_pass_per_label_and_ignores_chunking(monkeypatch):
    net, rows, _, _ = _random_problem(4, n=50)
    scores = label_goodness(net, rows)
    for label in range(net.n_classes):
        labels = torch.full((len(rows),), label)
        z = rows.body @ net.input_weight.t() + net.biases[0]
        h = torch.relu(z + rows.label_coef[:, None] * net.label_weight.t()[labels])
        activities = net.activities_from_first_layer(h, net.depth)
        expected = torch.stack([goodness(a) for a in activities], dim=1)
        torch.testing.assert_close(scores[:, label], expected.detach(), rtol=1e-5, atol=1e-6)
    monkeypatch.setattr("skff.core.scoring.CHUNK_FLOATS", 3 * net.n_classes * net.width)
    torch.testing.assert_close(label_goodness(net, rows), scores)


def test_chunk_rows_bounds_memory(monkeypatch):
    from skff.core.scoring import MAX_CHUNK_ROWS, chunk_rows

    monkeypatch.setattr("skff.core.scoring.CHUNK_FLOATS", 1 << 22)
    assert chunk_rows(10, 2000) * 10 * 2000 <= 1 << 22
    assert chunk_rows(10_000, 10_000) == 1
    # The input rows' copy counts too, and no chunk exceeds MAX_CHUNK_ROWS rows.
    assert chunk_rows(1, 8, n_features=3072) * 3072 <= 1 << 22
    assert chunk_rows(1, 1) == MAX_CHUNK_ROWS


def test_head_scores_shape_and_training_reduces_head_loss():
    _, rows, y, gen = _random_problem(5, n=60)
    head_net = FFNetwork(
        rows.body.shape[1],
        3,
        3,
        7,
        prediction="softmax",
        skip_first_layer=True,
        label_scale=1.0,
        generator=gen,
    )
    assert head_net.head_layers == (1, 2)
    config = TrainConfig("ff", 0.3, "random", batch_size=20, learning_rate=0.02)
    trainer = _trainer(head_net, config, gen, range(3))
    first = trainer.train_epoch(rows, y).head
    for _ in range(30):
        last = trainer.train_epoch(rows, y).head
    assert last < first
    assert head_scores(head_net, rows).shape == (60, 3)
