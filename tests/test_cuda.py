"""CUDA tests; skipped cleanly where no CUDA device is present."""

import pickle

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


def test_cuda_memory_is_released_after_fit():
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    ForwardForwardClassifier(device="cuda", random_state=0, max_iter=3).fit(X, Y)
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
