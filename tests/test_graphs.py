"""The CUDA-graph path of the training step, run eagerly on the CPU.

:class:`~skff.core.graphs.GraphStep` captures nothing on the CPU: its
"replay" calls the step function that CUDA would capture. That is the code
the graph runs (the gather at a device position, the negatives from noise
drawn ahead, the optimizer split into a host and a device half), so these
tests check it, bit for bit, against the eager step. tests/test_cuda.py
checks the capture itself where a GPU is present.

On CUDA both paths step with LeanAdam; on the CPU the eager step would take
``Adam(fused=True)``, whose rounding differs, so these tests pin the eager
step to LeanAdam, as on CUDA.
"""

import warnings

import numpy as np
import pytest
import torch

from skff import ForwardForwardClassifier
from skff.core import FFNetwork, TrainConfig, Trainer, embed_rows
from skff.core import graphs as graphs_module
from skff.core.embedding import feature_rms
from skff.core.graphs import (
    MIN_FULL_BATCHES,
    MIN_GRAPH_STEPS,
    WARMUP_STEPS,
    GraphCaptureWarning,
    GraphStep,
)
from skff.core.negatives import (
    exponential_noise,
    hard_wrong_labels,
    hard_wrong_labels_from_noise,
    offset_labels,
    random_label_offsets,
    random_wrong_labels,
)
from skff.core.optim import LeanAdam
from skff.core.scoring import label_scores
from skff.validation import InvalidParameterError


@pytest.fixture(autouse=True)
def eager_steps_with_lean_adam(monkeypatch):
    monkeypatch.setattr("skff.core.trainer.fused_adam_on_cpu", lambda: False)


def _problem(n=203, n_classes=4, depth=3, width=9, prediction="goodness", seed=0):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 6, generator=gen)
    y = torch.randint(0, n_classes, (n,), generator=gen)
    net = FFNetwork(
        6, n_classes, depth, width, label_scale=feature_rms(x), prediction=prediction, generator=gen
    )
    return net, embed_rows(x, n_classes, float(net.label_scale)), y


def _train(graphs, *, phases=None, epochs=2, batch_size=16, load_state_at=None, **options):
    """Train a fresh problem; returns the network, the epoch losses and the trainer."""
    problem = {k: options.pop(k) for k in ("n", "n_classes", "depth", "prediction") if k in options}
    net, rows, y = _problem(**problem)
    config = TrainConfig(
        options.pop("variant", "cff"),
        0.5,
        options.pop("negatives", "random"),
        batch_size,
        learning_rate=0.02,
        weight_decay=options.pop("weight_decay", 0.0),
        warmup_steps=7,
    )
    assert not options, options
    trainer = Trainer(net, config, torch.Generator().manual_seed(3), graphs=graphs)
    losses = []
    for trainable in phases or [range(net.depth)]:
        trainer.start_phase(trainable)
        # Both sides read the step size from device scalars: the graph path's arithmetic.
        trainer.optimizer.device_scalars = True
        for epoch in range(epochs):
            trainer.set_learning_rate(0.02 * (1 - 0.3 * epoch))  # a per-epoch schedule
            if epoch == load_state_at:
                trainer.optimizer.load_state_dict(trainer.optimizer.state_dict())
            record = trainer.train_epoch(rows, y)
            losses.append((record.layers.clone(), record.head.clone()))
    return net, losses, trainer


def _assert_same_training(a, b):
    net_a, losses_a, trainer_a = a
    net_b, losses_b, trainer_b = b
    for (name, p), q in zip(net_a.named_parameters(), net_b.parameters(), strict=True):
        assert torch.equal(p, q), name
    for (layers_a, head_a), (layers_b, head_b) in zip(losses_a, losses_b, strict=True):
        assert torch.equal(layers_a, layers_b) and torch.equal(head_a, head_b)
    state_a, state_b = trainer_a.optimizer.state_dict(), trainer_b.optimizer.state_dict()
    for key, entry in state_a["state"].items():
        for name, value in entry.items():
            assert torch.equal(value, state_b["state"][key][name]), (key, name)
    assert trainer_a.steps_taken == trainer_b.steps_taken
    assert torch.equal(trainer_a.generator.get_state(), trainer_b.generator.get_state())
    cache_a, cache_b = trainer_a.score_cache, trainer_b.score_cache
    assert (cache_a is None) == (cache_b is None)
    if cache_a is not None:
        assert torch.equal(cache_a.scores, cache_b.scores)


@pytest.mark.parametrize(
    "options",
    [
        {},  # random negatives, a partial last batch (203 rows, batch 16)
        {"negatives": "hard"},
        {"negatives": "hard", "n_classes": 2},
        {"prediction": "softmax", "negatives": "hard", "variant": "ff"},
        {"variant": "cff_prev", "weight_decay": 0.01},
        {"n": 192},  # no partial batch
        {"negatives": "hard_cached"},  # drawn ahead from cached scores, recorded by the graph
        {"negatives": "hard_cached", "n_classes": 2},
    ],
    ids=[
        "random",
        "hard",
        "binary",
        "softmax_hard",
        "cff_prev_decay",
        "whole_batches",
        "hard_cached",
        "hard_cached_binary",
    ],
)
def test_graph_path_trains_bit_for_bit_like_the_eager_step(options):
    eager = _train(False, **dict(options))
    graphed = _train(True, **dict(options))
    assert graphed[2].graph_step is not None and graphed[2].graph_step.captured
    assert eager[2].graph_step is None
    _assert_same_training(eager, graphed)


def test_graph_path_recaptures_per_phase_and_matches_the_greedy_schedule():
    phases = [range(0, 1), range(1, 2), range(2, 3)]
    eager = _train(False, phases=phases)
    graphed = _train(True, phases=phases)
    _assert_same_training(eager, graphed)
    assert graphed[2].graph_step.optimizer is graphed[2].optimizer  # the last phase's


def test_graph_step_captures_after_its_warmup_and_replays_from_then_on():
    net, rows, y = _problem(n=160)
    trainer = Trainer(net, TrainConfig("ff", 0.5, "random", 16), torch.Generator(), graphs=True)
    trainer.start_phase(range(3))
    calls = []
    original = GraphStep._body

    def counting(self, apply):
        calls.append(apply)
        original(self, apply)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(GraphStep, "_body", counting)
        trainer.train_epoch(rows, y)
        trainer.train_epoch(rows, y)
    # Epoch 1: the warm-up steps run the eager optimizer step, then the captured
    # step (with its device half) runs every batch; epoch 2 replays throughout.
    assert calls == [False] * WARMUP_STEPS + [True] * (20 - WARMUP_STEPS)
    assert trainer.graph_step.captured and trainer.steps_taken == 20


def test_reloaded_optimizer_state_makes_the_graph_capture_again():
    eager = _train(False, epochs=3, load_state_at=2)
    graphed = _train(True, epochs=3, load_state_at=2)
    _assert_same_training(eager, graphed)


def test_small_epochs_short_phases_and_autograd_variants_stay_eager(monkeypatch):
    few = _train(True, n=16 * MIN_FULL_BATCHES - 1)
    assert few[2].graph_step is None
    net, rows, y = _problem()  # 12 full batches of 16
    trainer = Trainer(net, TrainConfig("cff", 0.5, "random", 16), torch.Generator(), graphs=True)
    for epochs, graphed in [(1, False), (MIN_GRAPH_STEPS // 12 + 1, True)]:
        trainer.start_phase(range(3), epochs=epochs)  # a partial_fit call; a short fit
        trainer.train_epoch(rows, y)
        assert (trainer.graph_step is not None) == graphed
    monkeypatch.setattr("skff.core.trainer.UNIT_SLOPE", frozenset())
    assert _train(True)[2].graph_step is None


def test_failed_capture_warns_and_trains_on_with_eager_steps(monkeypatch):
    def fail(self):
        raise RuntimeError("operation not permitted when stream is capturing")

    monkeypatch.setattr(GraphStep, "_record", fail)
    with pytest.warns(GraphCaptureWarning, match="operation not permitted"):
        graphed = _train(True, negatives="hard")
    assert graphed[2].graph_step.failed and not graphed[2].graph_step.captured
    # The batch whose capture failed, and every later one, ran eagerly: same result.
    _assert_same_training(_train(False, negatives="hard"), graphed)


def test_graph_step_is_not_used_without_cuda_unless_asked():
    net, _, _ = _problem()
    config = TrainConfig("cff", 0.5, "random", 16, cuda_graphs=True)
    assert not Trainer(net, config, torch.Generator()).graphs
    assert not graphs_module.graphs_supported(torch.device("cpu"))


# ------------------------------------------------------------------ negatives
def test_random_offsets_then_offset_labels_are_random_wrong_labels():
    y = torch.randint(0, 7, (500,), generator=torch.Generator().manual_seed(0))
    whole = random_wrong_labels(y, 7, torch.Generator().manual_seed(5))
    offsets = random_label_offsets(y, 7, torch.Generator().manual_seed(5))
    assert torch.equal(offset_labels(y, offsets, 7), whole)
    assert not torch.any(whole == y)


def test_hard_negatives_from_noise_are_multinomials_draws():
    gen = torch.Generator().manual_seed(0)
    scores = 3.0 * torch.randn(300, 10, generator=gen)
    y = torch.randint(0, 10, (300,), generator=gen)
    for seed in range(5):
        drawn = hard_wrong_labels(scores, y, torch.Generator().manual_seed(seed))
        noise = exponential_noise(300, 10, torch.Generator().manual_seed(seed))
        assert torch.equal(hard_wrong_labels_from_noise(scores, y, noise), drawn)


def test_eager_step_draws_hard_negatives_as_multinomial_does():
    net, rows, y = _problem(n_classes=6)
    trainer = Trainer(net, TrainConfig("cff", 0.5, "hard", 16), torch.Generator().manual_seed(4))
    trainer.start_phase(range(3))
    drawn = trainer.negative_labels(rows, y)
    scores = label_scores(net, rows, use_head=False)
    assert torch.equal(drawn, hard_wrong_labels(scores, y, torch.Generator().manual_seed(4)))


def test_hard_negatives_from_noise_follow_the_softmax_over_the_wrong_labels():
    n, n_classes = 40_000, 5
    scores = torch.tensor([[0.0, 1.0, 2.0, -1.0, 0.5]]).expand(n, n_classes)
    y = torch.full((n,), 2)
    noise = exponential_noise(n, n_classes, torch.Generator().manual_seed(1))
    drawn = hard_wrong_labels_from_noise(scores, y, noise)
    counts = torch.bincount(drawn, minlength=n_classes).double()
    assert counts[2] == 0  # never the true label
    masked = scores[0].clone()
    masked[2] = float("-inf")
    expected = torch.softmax(masked.double(), 0) * n
    wrong = torch.tensor([0, 1, 3, 4])
    chi2 = float(((counts[wrong] - expected[wrong]) ** 2 / expected[wrong]).sum())
    assert chi2 < 16.3  # the 0.999 quantile of chi-square with 3 degrees of freedom


def test_noise_is_drawn_into_the_buffer_given():
    out = torch.zeros(4, 3)
    noise = exponential_noise(4, 3, torch.Generator().manual_seed(0), out=out)
    assert noise is out and bool((out > 0).all())


# ------------------------------------------------------------------ optimizer
def _grads(params, gen):
    for p in params:
        p.grad = torch.randn(p.shape, generator=gen)


def _params(seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(torch.randn(*s, generator=gen)) for s in [(7, 5), (7,), (4, 7)]]


def test_device_scalars_follow_stock_adam_and_split_into_host_and_device_halves():
    stock, whole, split = _params(), _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, weight_decay=0.02, foreach=True)
    a = LeanAdam(whole, lr=0.01, weight_decay=0.02, device_scalars=True)
    b = LeanAdam(split, lr=0.01, weight_decay=0.02, device_scalars=True)
    gen = torch.Generator().manual_seed(1)
    for step in range(40):
        _grads(stock, gen)
        for p, q, r in zip(stock, whole, split, strict=True):
            q.grad, r.grad = p.grad.clone(), p.grad.clone()
        if step == 20:
            for opt in (reference, a, b):
                opt.param_groups[0]["lr"] = 0.003
        reference.step()
        a.step()
        if step == 0:
            b.step()  # the first step builds the flat buffers
            assert b.flat_groups_ready()
        else:
            for p, g in zip(split, b._flat[0].grads, strict=True):
                g.copy_(p.grad)  # what the backward pass writes in place
            b.prepare_step()
            b.apply_step()
    for p, q, r in zip(stock, whole, split, strict=True):
        torch.testing.assert_close(q, p, rtol=1e-5, atol=1e-6)
        assert torch.equal(q, r)
    assert float(b.state[split[0]]["step"]) == 40


def test_device_scalars_are_off_on_the_cpu_by_default_and_a_zero_step_is_no_step():
    params = _params()
    optimizer = LeanAdam(params, lr=0.01)
    _grads(params, torch.Generator().manual_seed(0))
    optimizer.step()
    assert not optimizer.flat_groups_ready()  # on the CPU the step size is a kernel argument
    optimizer.device_scalars = True
    before = [p.detach().clone() for p in params]
    optimizer.param_groups[0]["lr"] = 0.0
    optimizer.step()
    for p, b in zip(params, before, strict=True):
        assert torch.equal(p.detach(), b)


# ------------------------------------------------------------------ estimator
def test_cuda_graphs_parameter_is_checked_and_ignored_on_the_cpu():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    with pytest.raises(InvalidParameterError, match="cuda_graphs"):
        ForwardForwardClassifier(cuda_graphs="yes", device="cpu").fit(X, y)
    probas = []
    for cuda_graphs in (True, False):
        clf = ForwardForwardClassifier(
            cuda_graphs=cuda_graphs, max_iter=3, width=16, device="cpu", random_state=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            probas.append(clf.fit(X, y).predict_proba(X))
    np.testing.assert_array_equal(probas[0], probas[1])
