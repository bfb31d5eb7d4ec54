"""The ``precision`` option: validated everywhere; TF32 is float32 on the CPU, bf16 runs there."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.core import FFNetwork, TrainConfig, Trainer, embed_rows
from skff.core.precision import addmm, effective_precision, matmul_precision, mm

X, Y = load_iris(return_X_y=True)
X = StandardScaler().fit_transform(X)


def test_default_precision_is_fp32():
    assert ForwardForwardClassifier().get_params()["precision"] == "fp32"


@pytest.mark.parametrize("bad", ["fp16", "FP32", None, 32])
def test_invalid_precision_is_rejected_before_training(bad):
    with pytest.raises(ValueError, match="precision"):
        ForwardForwardClassifier(precision=bad, device="cpu").fit(X, Y)


def test_tf32_falls_back_to_fp32_on_the_cpu():
    # One thread for both fits: the thread policy gives a fit fewer threads when other
    # threads are busy at its start, and another thread count rounds the sums otherwise.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        params = {"device": "cpu", "random_state": 0, "max_iter": 5}
        reference = ForwardForwardClassifier(**params).fit(X, Y)
        with pytest.warns(UserWarning, match="float32"):
            model = ForwardForwardClassifier(precision="tf32", **params).fit(X, Y)
        scores = model.decision_function(X), reference.decision_function(X)
    finally:
        torch.set_num_threads(threads)
    np.testing.assert_array_equal(*scores)


def test_bf16_trains_and_predicts_on_the_cpu_close_to_fp32():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    Xd, yd = load_digits(return_X_y=True)
    Xd = StandardScaler().fit_transform(Xd)
    X_train, X_test, y_train, y_test = train_test_split(
        Xd, yd, test_size=0.3, stratify=yd, random_state=0
    )
    params = {"device": "cpu", "random_state": 0, "max_iter": 10}
    full = ForwardForwardClassifier(**params).fit(X_train, y_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no fallback warning: bf16 runs
        warnings.simplefilter("ignore", ConvergenceWarning)
        low = ForwardForwardClassifier(precision="bf16", **params).fit(X_train, y_train)
    for name, weight in low.network_.named_parameters():
        assert weight.dtype == torch.float32, name
    # Rounded operands: not the float32 model, but one as good.
    assert not np.array_equal(low.decision_function(X_test), full.decision_function(X_test))
    assert low.score(X_test, y_test) >= full.score(X_test, y_test) - 0.02
    assert low.score(X_test, y_test) > 0.9


def test_effective_precision():
    assert effective_precision("bf16", torch.device("cpu")) == "bf16"
    assert effective_precision("tf32", torch.device("cpu")) == "fp32"
    assert effective_precision("tf32", torch.device("cuda", 0)) == "tf32"
    assert effective_precision("fp32", torch.device("cuda")) == "fp32"
    with pytest.raises(ValueError, match="precision"):
        effective_precision("half", torch.device("cpu"))


def test_tf32_sets_the_matmul_precision_only_inside_the_block():
    before = torch.get_float32_matmul_precision()
    with matmul_precision("tf32", torch.device("cuda")) as effective:
        assert effective == "tf32"
        assert torch.get_float32_matmul_precision() == "high"
    assert torch.get_float32_matmul_precision() == before
    with matmul_precision("tf32", torch.device("cpu")) as effective:
        assert effective == "fp32"
        assert torch.get_float32_matmul_precision() == before


def test_bf16_path_rounds_operands_and_keeps_float32_results():
    gen = torch.Generator().manual_seed(0)
    a, b, bias = (
        torch.randn(8, 16, generator=gen),
        torch.randn(16, 5, generator=gen),
        torch.randn(5),
    )
    out = torch.empty(8, 5)
    with matmul_precision("bf16", torch.device("cpu")) as effective:
        assert effective == "bf16"
        low = mm(a, b)
        low_out = mm(a, b, out=out)
        low_bias = addmm(bias, a, b)
    assert low.dtype == low_bias.dtype == torch.float32 and low_out is out
    exact = a @ b
    expected = a.bfloat16().float() @ b.bfloat16().float()
    torch.testing.assert_close(low, expected, rtol=1e-2, atol=1e-2)
    torch.testing.assert_close(low_bias, expected + bias, rtol=1e-2, atol=1e-2)
    assert not torch.equal(low, exact)
    # Outside the block, the helpers are the float32 matmuls again.
    torch.testing.assert_close(mm(a, b), exact)
    torch.testing.assert_close(addmm(bias, a, b), exact + bias)


def test_bf16_context_is_restored_after_an_error():
    a = torch.randn(3, 3)
    with pytest.raises(RuntimeError), matmul_precision("bf16", torch.device("cpu")):
        raise RuntimeError
    assert torch.equal(mm(a, a), a @ a)


def test_training_step_under_bf16_gives_float32_gradients_close_to_fp32():
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(40, 6, generator=gen), torch.randint(0, 3, (40,), generator=gen)
    rows = embed_rows(x, 3, 1.0)
    config = TrainConfig("cff", 0.5, "random", batch_size=40)

    def gradients(precision):
        net = FFNetwork(6, 3, 2, 16, generator=torch.Generator().manual_seed(1))
        grads = {}

        class Recorder:
            def step(self):
                grads.update({n: p.grad.clone() for n, p in net.named_parameters()})

        trainer = Trainer(net, config, torch.Generator().manual_seed(2))
        trainer.start_phase(range(2))
        trainer.optimizer = Recorder()
        with matmul_precision(precision, torch.device("cpu")):
            trainer.step(rows, y)
        return grads

    full, low = gradients("fp32"), gradients("bf16")
    for name, grad in low.items():
        assert grad.dtype == torch.float32
        scale = full[name].abs().max()
        torch.testing.assert_close(grad, full[name], rtol=0, atol=0.05 * float(scale), msg=name)
    assert any(not torch.equal(low[n], full[n]) for n in full)
