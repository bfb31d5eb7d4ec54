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
