"""The fast training step: same results as the plain one, whatever its shortcuts."""

import pytest
import torch

from skff.core import FFNetwork, TrainConfig, Trainer, embed_rows
from skff.core import variants as variants_module
from skff.core.batches import epoch_batches
from skff.core.embedding import feature_rms
from skff.core.negatives import random_wrong_labels
from skff.core.network import Workspace, forward_from_first_layer, goodness, label_onehot_rows
from skff.core.scoring import label_goodness
from skff.core.variants import FLUSH, layer_losses, losses_and_goodness_grad


def _problem(seed=0, n=50, d=6, n_classes=4, depth=3, width=9):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=gen)
    y = torch.randint(0, n_classes, (n,), generator=gen)
    net = FFNetwork(d, n_classes, depth, width, label_scale=feature_rms(x), generator=gen)
    return net, embed_rows(x, n_classes, float(net.label_scale)), y


def test_epoch_equals_plain_steps_bitwise():
    """Workspace reuse, block-drawn negatives and batch views change nothing."""
    net_a, rows, y = _problem()
    net_b, _, _ = _problem()
    # 50 rows: a partial batch
    config = TrainConfig("cff", 0.5, "random", batch_size=16, learning_rate=0.05)
    gen_a, gen_b = torch.Generator().manual_seed(7), torch.Generator().manual_seed(7)
    trainer_a, trainer_b = Trainer(net_a, config, gen_a), Trainer(net_b, config, gen_b)
    trainer_a.start_phase(range(3))
    trainer_b.start_phase(range(3))
    for _ in range(2):
        trainer_a.train_epoch(rows, y)
        order = torch.randperm(len(rows), generator=gen_b)
        for start in range(0, len(rows), 16):
            index = order[start : start + 16]
            trainer_b.step(rows.take(index), y[index])
    for (name, a), b in zip(net_a.named_parameters(), net_b.parameters(), strict=True):
        assert torch.equal(a, b), name


def test_block_negatives_are_the_per_batch_draws():
    _, rows, y = _problem(n=45)
    order = torch.randperm(45, generator=torch.Generator().manual_seed(0))
    gen = torch.Generator().manual_seed(3)
    batches = list(
        epoch_batches(rows, y, order, 10, lambda i, t: random_wrong_labels(t, 4, gen), 4)
    )
    gen = torch.Generator().manual_seed(3)
    for i, (batch, batch_y, labels, onehot, index) in enumerate(batches):
        assert torch.equal(index, order[10 * i : 10 * i + 10])
        assert torch.equal(batch_y, y[order[10 * i : 10 * i + 10]])
        assert torch.equal(batch.body, rows.body[order[10 * i : 10 * i + 10]])
        expected = random_wrong_labels(batch_y, 4, gen)
        assert torch.equal(labels, torch.cat([batch_y, expected]))
        assert not torch.any(labels[len(batch_y) :] == batch_y)
        if onehot is not None:  # the full batches: the label block, drawn ahead
            coef = batch.label_coef.repeat(2)
            assert torch.equal(onehot, label_onehot_rows(labels, coef, 4))
            assert torch.equal(onehot.sum(dim=1), coef)
    assert sum(b[3] is None for b in batches) == 1  # the last, partial batch


def test_saturated_rows_give_exactly_zero_gradient():
    # Positives far above and negatives far below the threshold: probabilities
    # within 2**-64 of their targets, whose exact gradients would be denormal.
    g = torch.tensor([[200.0, 1.0, -150.0, 0.5], [300.0, 2.0, -100.0, 1.5]])
    losses, grad = losses_and_goodness_grad("ff", g, 2, 1.0)
    assert grad[:, 0].eq(0).all() and grad[:, 2].eq(0).all()
    exact = g.clone().requires_grad_()
    layer_losses("ff", exact[:, :2], exact[:, 2:], 1.0).sum().backward()
    torch.testing.assert_close(grad[:, [1, 3]], exact.grad[:, [1, 3]])
    torch.testing.assert_close(losses, layer_losses("ff", g[:, :2], g[:, 2:], 1.0))
    assert FLUSH < 1e-18


def test_variant_outside_the_closed_form_uses_autograd(monkeypatch):
    def steep(goodness, threshold):
        return 3.0 * goodness - threshold

    monkeypatch.setitem(variants_module.VARIANTS, "steep", steep)
    assert "steep" not in variants_module.UNIT_SLOPE
    g = torch.randn(2, 6, generator=torch.Generator().manual_seed(0))
    losses, grad = losses_and_goodness_grad("steep", g, 3, 0.2)
    exact = g.clone().requires_grad_()
    expected = layer_losses("steep", exact[:, :3], exact[:, 3:], 0.2)
    expected.sum().backward()
    torch.testing.assert_close(losses, expected.detach())
    torch.testing.assert_close(grad, exact.grad)
    # The slope 3 shows: ff on the same logits (3g - theta) gives a third of it.
    _, unit = losses_and_goodness_grad("ff", 3.0 * g, 3, 0.2)
    torch.testing.assert_close(grad, 3.0 * unit)


@pytest.mark.parametrize("variant", sorted(variants_module.UNIT_SLOPE))
def test_closed_form_equals_autograd(variant):
    g = torch.rand(3, 8, generator=torch.Generator().manual_seed(1)) * 4
    losses, grad = losses_and_goodness_grad(variant, g, 4, 1.5)
    exact = g.clone().requires_grad_()
    expected = layer_losses(variant, exact[:, :4], exact[:, 4:], 1.5)
    expected.sum().backward()
    torch.testing.assert_close(losses, expected.detach())
    torch.testing.assert_close(grad, exact.grad)


def test_zero_rows_stay_zero_through_the_layers():
    net, _, _ = _problem()
    h = torch.rand(4, 9)
    h[1] = 0.0
    with torch.no_grad():
        activities, scales, goods = forward_from_first_layer(net.layers(), h, 3)
    assert all(torch.isfinite(a).all() for a in activities)
    assert all(torch.isfinite(s).all() for s in scales)
    torch.testing.assert_close(goods[0], goodness(h))


def test_label_goodness_with_a_reused_workspace_matches_fresh_buffers():
    net, rows, _ = _problem(n=30)
    workspace = Workspace()
    first = label_goodness(net, rows.take(slice(0, 30)), workspace=workspace)
    label_goodness(net, rows.take(slice(0, 7)), workspace=workspace)
    again = label_goodness(net, rows.take(slice(0, 30)), workspace=workspace)
    assert torch.equal(first, again)
    assert torch.equal(first, label_goodness(net, rows))


def test_workspace_hands_back_the_same_buffer_per_name_and_shape():
    workspace = Workspace()
    like = torch.zeros(1)
    a = workspace.get("a", (3, 4), like)
    assert workspace.get("a", (3, 4), like) is a
    assert workspace.get("a", (2, 4), like) is not a
    assert workspace.get("b", (3, 4), like) is not a
    assert workspace.get("a", (3, 4), like.double()).dtype == torch.float64


def test_variant_outside_the_closed_form_trains_in_the_cpu_epoch(monkeypatch):
    # The CPU epoch runs under inference mode, where no enable_grad brings autograd
    # back; the autograd loss leaves it for its few operations.
    def steep(goodness, threshold):
        return 3.0 * goodness - threshold

    monkeypatch.setitem(variants_module.VARIANTS, "steep", steep)
    net, rows, y = _problem()
    before = [p.detach().clone() for p in net.parameters()]
    trainer = Trainer(net, TrainConfig("steep", 0.5, "random", 16), torch.Generator())
    trainer.start_phase(range(3))
    losses = trainer.train_epoch(rows, y)
    assert torch.isfinite(losses.layers).all()
    assert all(not torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))


def test_cpu_epoch_state_is_usable_outside_inference_mode():
    net, rows, y = _problem()
    trainer = Trainer(net, TrainConfig("cff", 0.5, "hard", 16), torch.Generator())
    trainer.start_phase(range(3))
    trainer.train_epoch(rows, y)
    assert not torch.is_inference_mode_enabled()
    # A step called alone, after an epoch made the gradients and Adam's moments.
    batch = rows.take(slice(0, 16))
    trainer.step(batch, y[:16])
    # The optimizer state moves on to a later call's optimizer (partial_fit), whose
    # epoch updates the loaded moments.
    state = trainer.optimizer.state_dict()
    later = Trainer(net, TrainConfig("cff", 0.5, "hard", 16), torch.Generator())
    later.start_phase(range(3), optimizer_state=state)
    assert torch.isfinite(later.train_epoch(rows, y).layers).all()
    # A backward pass of the caller's own through the trained weights accumulates
    # into the gradients the epochs wrote: they were made outside inference mode.
    assert not any(p.grad.is_inference() for p in net.parameters())
    written = net.weights[0].grad.clone()
    with torch.enable_grad():
        net.weights[0].sum().backward()
    torch.testing.assert_close(net.weights[0].grad, written + 1.0)
