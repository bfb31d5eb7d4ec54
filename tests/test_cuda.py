"""CUDA tests; skipped cleanly where no CUDA device is present."""

import pickle
import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

pytestmark = pytest.mark.cuda

X, Y = load_digits(return_X_y=True)
X = StandardScaler().fit_transform(X)


@pytest.mark.parametrize("variant", ["ff", "cff"])
def test_fit_on_cuda_keeps_weights_on_cpu_between_calls(variant):
    clf = ForwardForwardClassifier(variant=variant, device="cuda", random_state=0).fit(X, Y)
    assert clf.device_.startswith("cuda")
    assert all(p.device.type == "cpu" for p in clf.network_.parameters())
    assert clf.score(X, Y) > 0.95


def test_cuda_model_predicts_on_cpu_after_pickle():
    clf = ForwardForwardClassifier(device="cuda", random_state=0, max_iter=10).fit(X, Y)
    restored = pickle.loads(pickle.dumps(clf))
    restored.set_params(device="cpu")
    np.testing.assert_allclose(
        restored.predict_proba(X), clf.predict_proba(X), rtol=1e-4, atol=1e-6
    )


def test_cuda_and_cpu_scores_agree_for_the_same_weights():
    clf = ForwardForwardClassifier(device="cuda", random_state=0, max_iter=5).fit(X, Y)
    on_cuda = clf.decision_function(X)
    on_cpu = clf.set_params(device="cpu").decision_function(X)
    np.testing.assert_allclose(on_cuda, on_cpu, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize(
    "params",
    [
        {"negatives": "hard"},
        {"prediction": "softmax", "depth": 3, "skip_first_layer": True},
        {"prediction": "combined"},
        {"schedule": "layer", "max_iter": 5},
        {"early_stopping": True},
        {"label_embedding": "overwrite"},
    ],
)
def test_options_run_on_cuda(params):
    clf = ForwardForwardClassifier(device="cuda:0", random_state=0, **params).fit(X, Y)
    assert clf.score(X, Y) > 0.8


def test_partial_fit_on_cuda_keeps_optimizer_state_on_cpu():
    clf = ForwardForwardClassifier(device="cuda", random_state=0)
    for _ in range(3):
        clf.partial_fit(X, Y, classes=np.arange(10))
    state = clf._optimizer_state["state"]
    assert all(t.device.type == "cpu" for s in state.values() for t in s.values())


@pytest.mark.parametrize("max_iter", [3, 10])  # eager steps; a captured CUDA graph
def test_cuda_memory_is_released_after_fit(max_iter):
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    ForwardForwardClassifier(device="cuda", random_state=0, max_iter=max_iter).fit(X, Y)
    torch.cuda.synchronize()
    assert torch.cuda.memory_allocated() - before < 1 << 20


@pytest.mark.parametrize("precision", ["tf32", "bf16"])
def test_reduced_precision_trains_on_cuda_and_restores_the_global_setting(precision):
    before = torch.get_float32_matmul_precision()
    clf = ForwardForwardClassifier(device="cuda", precision=precision, random_state=0).fit(X, Y)
    assert torch.get_float32_matmul_precision() == before
    assert all(p.dtype == torch.float32 for p in clf.network_.parameters())
    assert clf.score(X, Y) > 0.95
    full = clf.set_params(precision="fp32").decision_function(X)
    reduced = clf.set_params(precision=precision).decision_function(X)
    np.testing.assert_allclose(reduced, full, rtol=5e-2, atol=5e-2)


def test_hand_written_backward_matches_autograd_on_cuda():
    from skff.core import FFNetwork, TrainConfig, Trainer, embed_rows, goodness, layer_losses
    from skff.core.embedding import feature_rms
    from skff.core.network import rms_normalize

    gen = torch.Generator().manual_seed(0)
    x = torch.randn(24, 5, generator=gen) * 2.0
    y = torch.randint(0, 3, (24,), generator=gen)
    net = FFNetwork(5, 3, 3, 7, label_scale=feature_rms(x), generator=gen).cuda()
    rows = embed_rows(x.cuda(), 3, float(net.label_scale))
    y = y.cuda()
    grads = {}

    class Recorder:
        def step(self):
            grads.update({n: p.grad.clone() for n, p in net.named_parameters()})

    cuda_gen = torch.Generator(device="cuda").manual_seed(1)
    y_neg = (y + torch.randint(1, 3, y.shape, generator=cuda_gen, device="cuda")) % 3
    cuda_gen.manual_seed(1)
    trainer = Trainer(net, TrainConfig("cff", 0.3, "random", 24), cuda_gen)
    trainer.start_phase(range(3))
    trainer.optimizer = Recorder()
    trainer.step(rows, y)
    net.zero_grad(set_to_none=True)
    goods = []
    for labels in (y, y_neg):
        z = rows.body @ net.weights[0].t() + net.label_weight.t()[labels] * rows.label_coef[:, None]
        h = torch.relu(z + net.biases[0])
        g = [goodness(h)]
        for k in range(1, 3):
            h = torch.relu(rms_normalize(h.detach()) @ net.weights[k].t() + net.biases[k])
            g.append(goodness(h))
        goods.append(torch.stack(g))
    layer_losses("cff", goods[0], goods[1], 0.3).sum().backward()
    for name, param in net.named_parameters():
        torch.testing.assert_close(grads[name], param.grad, rtol=1e-4, atol=1e-6, msg=name)


def test_lean_adam_on_cuda_follows_stock_adam():
    from skff.core.optim import LeanAdam

    gen = torch.Generator().manual_seed(0)
    shapes = [(6, 4), (6,), (3, 6)]
    stock = [torch.nn.Parameter(torch.randn(*s, generator=gen).cuda()) for s in shapes]
    lean = [torch.nn.Parameter(p.detach().clone()) for p in stock]
    reference = torch.optim.Adam(stock, lr=0.01, foreach=True)
    optimizer = LeanAdam(lean, lr=0.01)
    for _ in range(20):
        for a, b in zip(stock, lean, strict=True):
            grad = torch.randn(a.shape, generator=gen).cuda()
            a.grad, b.grad = grad, grad.clone()
        reference.step()
        optimizer.step()
    for a, b in zip(stock, lean, strict=True):
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-6)


# ----------------------------------------------------------------- CUDA graphs
def _graph_trainer(graphs, negatives="hard", prediction="goodness", precision="fp32", epochs=2):
    """A digits trainer on CUDA, with or without graphs; returns it after ``epochs``."""
    from skff.core import FFNetwork, TrainConfig, Trainer, matmul_precision
    from skff.core.embedding import feature_rms

    x = torch.as_tensor(X, dtype=torch.float32)
    y = torch.as_tensor(Y).cuda()
    gen = torch.Generator().manual_seed(0)
    net = FFNetwork(64, 10, 3, 64, label_scale=feature_rms(x), prediction=prediction, generator=gen)
    net = net.cuda()
    rows = net.embed(x.cuda())
    config = TrainConfig("cff", 4.0, negatives, 100, learning_rate=0.01, warmup_steps=18)
    trainer = Trainer(net, config, torch.Generator(device="cuda").manual_seed(1), graphs=graphs)
    trainer.start_phase(range(3))
    losses = []
    with matmul_precision(precision, torch.device("cuda")):
        for epoch in range(epochs):
            trainer.set_learning_rate(0.01 * (1 - 0.2 * epoch))
            losses.append(trainer.train_epoch(rows, y).layers)
    torch.cuda.synchronize()
    return trainer, torch.stack(losses)


@pytest.mark.parametrize(
    "options",
    [
        {"negatives": "hard"},
        {"negatives": "random"},
        {"negatives": "hard", "prediction": "softmax"},
        {"negatives": "hard", "precision": "tf32"},
        {"negatives": "random", "precision": "bf16"},
        {"negatives": "hard_cached"},  # the cached scores written back inside the graph
    ],
)
def test_cuda_graph_captures_and_trains_like_the_eager_step(options):
    from skff.core.graphs import GraphCaptureWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", GraphCaptureWarning)
        graphed, graphed_losses = _graph_trainer(True, **options)
    eager, eager_losses = _graph_trainer(False, **options)
    assert graphed.graph_step.captured and not graphed.graph_step.failed
    assert eager.graph_step is None
    # The same kernels on the same numbers: equal, or (if a library picked
    # another kernel for the captured shapes) equal to rounding over 27 steps.
    torch.testing.assert_close(graphed_losses, eager_losses, rtol=1e-4, atol=1e-6)
    for p, q in zip(graphed.net.parameters(), eager.net.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)
    assert graphed.steps_taken == eager.steps_taken == 2 * 18
    if options["negatives"] == "hard_cached":
        torch.testing.assert_close(
            graphed.score_cache.scores, eager.score_cache.scores, rtol=1e-4, atol=1e-4
        )


def test_cuda_graph_capture_failure_warns_and_trains_eagerly(monkeypatch):
    from skff.core import trainer as trainer_module
    from skff.core.graphs import GraphCaptureWarning

    original = trainer_module.compute_gradients

    def syncing(*args, **kwargs):
        losses, head = original(*args, **kwargs)
        float(losses.sum())  # a host read: illegal while a stream is capturing
        return losses, head

    monkeypatch.setattr(trainer_module, "compute_gradients", syncing)
    with pytest.warns(GraphCaptureWarning):
        graphed, losses = _graph_trainer(True)
    assert graphed.graph_step.failed and not graphed.graph_step.captured
    assert torch.isfinite(losses).all()
    assert torch.cuda.current_stream() == torch.cuda.default_stream()
    _, eager_losses = _graph_trainer(False)
    torch.testing.assert_close(losses, eager_losses, rtol=1e-4, atol=1e-6)


def test_cuda_graphs_on_and_off_fit_the_same_model():
    kwargs = {"device": "cuda", "random_state": 0, "max_iter": 10, "negatives": "hard"}
    on = ForwardForwardClassifier(cuda_graphs=True, **kwargs).fit(X, Y)
    off = ForwardForwardClassifier(cuda_graphs=False, **kwargs).fit(X, Y)
    assert on.score(X, Y) > 0.9
    assert abs(on.score(X, Y) - off.score(X, Y)) < 0.02
    np.testing.assert_allclose(on.loss_curve_, off.loss_curve_, rtol=1e-3)
