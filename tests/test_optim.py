"""LeanAdam: the stock Adam's arithmetic and state, on flat buffers."""

import pytest
import torch

from skff.core.optim import LeanAdam

SHAPES = [(7, 5), (7, 3), (7,), (4, 7), (4,)]


def _params(seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(torch.randn(*s, generator=gen)) for s in SHAPES]


def _run(optimizer, params, n_steps, seed=1, replace_grads=True, lr_change_at=None):
    """Step with a fixed stream of gradients, set fresh or written in place."""
    gen = torch.Generator().manual_seed(seed)
    for step in range(n_steps):
        for p in params:
            grad = torch.randn(p.shape, generator=gen)
            if replace_grads or p.grad is None:
                p.grad = grad
            else:
                p.grad.copy_(grad)
        if step == lr_change_at:
            for group in optimizer.param_groups:
                group["lr"] *= 0.5
        optimizer.step()


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("replace_grads", [True, False])
def test_lean_adam_follows_stock_adam(weight_decay, replace_grads):
    stock, lean = _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, weight_decay=weight_decay, foreach=True)
    optimizer = LeanAdam(lean, lr=0.01, weight_decay=weight_decay)
    _run(reference, stock, 60, replace_grads=True, lr_change_at=30)
    _run(optimizer, lean, 60, replace_grads=replace_grads, lr_change_at=30)
    # Bias corrections folded into the step size and epsilon: equal up to rounding.
    for a, b in zip(stock, lean, strict=True):
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-6)
    for a, b in zip(stock, lean, strict=True):
        for key in ("exp_avg", "exp_avg_sq"):
            torch.testing.assert_close(
                optimizer.state[b][key], reference.state[a][key], rtol=1e-4, atol=1e-7
            )
        assert float(optimizer.state[b]["step"]) == float(reference.state[a]["step"]) == 60


def test_lean_adam_moves_weights_by_about_lr_on_the_first_step():
    params = _params()
    before = [p.detach().clone() for p in params]
    optimizer = LeanAdam(params, lr=0.1)
    for p in params:
        p.grad = torch.full_like(p, 3.0)
    optimizer.step()
    # Adam's first step is -lr * sign(grad) (up to epsilon).
    for p, b in zip(params, before, strict=True):
        torch.testing.assert_close(p.detach(), b - 0.1, rtol=0, atol=1e-6)


def test_lean_adam_state_dict_round_trips_with_stock_adam():
    lean, stock = _params(), _params()
    optimizer = LeanAdam(lean, lr=0.01)
    _run(optimizer, lean, 5)
    with torch.no_grad():
        for a, b in zip(stock, lean, strict=True):
            a.copy_(b)
    reference = torch.optim.Adam(stock, lr=0.01, foreach=True)
    reference.load_state_dict(optimizer.state_dict())
    resumed = LeanAdam(lean, lr=0.01)
    resumed.load_state_dict(reference.state_dict())
    _run(reference, stock, 5, seed=2)
    _run(resumed, lean, 5, seed=2)
    for a, b in zip(stock, lean, strict=True):
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-6)
    assert float(resumed.state[lean[0]]["step"]) == 10


def test_lean_adam_views_share_the_flat_buffers():
    params = _params()
    optimizer = LeanAdam(params, lr=0.01)
    _run(optimizer, params, 2)
    # The gradients a backward writes in place land in the flat buffer.
    flat = optimizer._flat[0]
    for p in params:
        assert p.grad.data_ptr() >= flat.grad.data_ptr()
        state = optimizer.state[p]
        assert state["exp_avg"].untyped_storage().data_ptr() == flat.exp_avg.data_ptr()


def test_lean_adam_after_zero_grad_and_with_a_missing_grad():
    params = _params()
    optimizer = LeanAdam(params, lr=0.01)
    _run(optimizer, params, 3)
    optimizer.zero_grad()
    assert all(p.grad is None for p in params)
    _run(optimizer, params, 1)
    before = params[0].detach().clone()
    params[0].grad = None  # a parameter without a gradient is left alone
    optimizer.step()
    torch.testing.assert_close(params[0].detach(), before)


@pytest.mark.parametrize("option", [{"amsgrad": True}, {"maximize": True}])
def test_lean_adam_hands_other_options_to_stock_adam(option):
    stock, lean = _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, foreach=True, **option)
    optimizer = LeanAdam(lean, lr=0.01, **option)
    _run(reference, stock, 10)
    _run(optimizer, lean, 10)
    for a, b in zip(stock, lean, strict=True):
        torch.testing.assert_close(b, a, rtol=0, atol=0)
    assert not optimizer._flat


def test_lean_adam_closure_is_evaluated():
    params = _params()
    optimizer = LeanAdam(params, lr=0.01)
    for p in params:
        p.grad = torch.ones_like(p)
    assert optimizer.step(lambda: 1.5) == 1.5


def test_unhooked_step_is_the_step():
    hooked, unhooked = _params(), _params()
    a, b = LeanAdam(hooked, lr=0.01), LeanAdam(unhooked, lr=0.01)
    gen = torch.Generator().manual_seed(0)
    for _ in range(5):
        for p, q in zip(hooked, unhooked, strict=True):
            p.grad = torch.randn(p.shape, generator=gen)
            q.grad = p.grad.clone()
        a.step()
        b.step_unhooked()
    for p, q in zip(hooked, unhooked, strict=True):
        assert torch.equal(p, q)
