"""UnhookedFusedAdam: the stock fused Adam's step, bit for bit, without its bookkeeping."""

import pytest
import torch

from skff.core.fused_adam import UnhookedFusedAdam
from skff.core.network import FFNetwork
from skff.core.trainer import fused_adam_on_cpu, make_optimizer

pytestmark = pytest.mark.skipif(
    not fused_adam_on_cpu(), reason="this torch has no fused Adam for CPU tensors (2.4+)"
)

SHAPES = [(7, 5), (7, 3), (7,), (4, 7), (4,)]


def _params(seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(torch.randn(*s, generator=gen)) for s in SHAPES]


def _grads(params, gen, in_place):
    """A fresh gradient for each parameter, written into ``.grad`` or set anew."""
    for p in params:
        grad = torch.randn(p.shape, generator=gen)
        if in_place and p.grad is not None:
            p.grad.copy_(grad)
        else:
            p.grad = grad


def _run(optimizer, params, n_steps, step, in_place=True, lr_change_at=None, seed=1):
    gen = torch.Generator().manual_seed(seed)
    for index in range(n_steps):
        _grads(params, gen, in_place)
        if index == lr_change_at:
            for group in optimizer.param_groups:
                group["lr"] *= 0.5
        step(optimizer)


def _assert_same(stock_opt, stock, ours_opt, ours):
    for a, b in zip(stock, ours, strict=True):
        assert torch.equal(a, b)
        for key in ("step", "exp_avg", "exp_avg_sq"):
            assert torch.equal(ours_opt.state[b][key], stock_opt.state[a][key])


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("in_place", [True, False])
def test_step_unhooked_is_the_stock_fused_step_bit_for_bit(weight_decay, in_place):
    stock, ours = _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, weight_decay=weight_decay, fused=True)
    optimizer = UnhookedFusedAdam(ours, lr=0.01, weight_decay=weight_decay)
    _run(reference, stock, 40, torch.optim.Adam.step, lr_change_at=20)
    _run(optimizer, ours, 40, UnhookedFusedAdam.step_unhooked, in_place, lr_change_at=20)
    _assert_same(reference, stock, optimizer, ours)
    assert float(optimizer.state[ours[0]]["step"]) == 40


def test_step_unhooked_skips_the_stock_step_once_the_state_exists(monkeypatch):
    params = _params()
    optimizer = UnhookedFusedAdam(params, lr=0.01)
    calls = []
    stock_step = torch.optim.Adam.step
    monkeypatch.setattr(
        UnhookedFusedAdam, "step", lambda self, *a: calls.append(1) or stock_step(self, *a)
    )
    _run(optimizer, params, 10, UnhookedFusedAdam.step_unhooked)
    # The first step makes the state; the other nine reuse the lists.
    assert len(calls) == 1
    # A gradient set anew (not written in place) is not the listed tensor: the stock
    # step takes it, on each of the three steps that set them anew.
    _run(optimizer, params, 3, UnhookedFusedAdam.step_unhooked, in_place=False)
    assert len(calls) == 4


def test_step_unhooked_takes_the_stock_step_for_a_parameter_without_gradient():
    stock, ours = _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, fused=True)
    optimizer = UnhookedFusedAdam(ours, lr=0.01)
    gen_a, gen_b = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    for index in range(6):
        _grads(stock, gen_a, in_place=True)
        _grads(ours, gen_b, in_place=True)
        if index == 3:  # a parameter left out of one step: Adam skips it
            stock[1].grad = ours[1].grad = None
        reference.step()
        optimizer.step_unhooked()
    _assert_same(reference, stock, optimizer, ours)
    assert float(optimizer.state[ours[1]]["step"]) == 5


def test_state_dict_moves_between_stock_and_unhooked_adam():
    stock, ours = _params(), _params()
    reference = torch.optim.Adam(stock, lr=0.01, fused=True)
    _run(reference, stock, 5, torch.optim.Adam.step)
    with torch.no_grad():
        for a, b in zip(stock, ours, strict=True):
            b.copy_(a)
    optimizer = UnhookedFusedAdam(ours, lr=0.01)
    optimizer.load_state_dict(reference.state_dict())
    # The loaded moments are copies: the two optimizers do not update one tensor twice.
    assert optimizer.state[ours[0]]["exp_avg"] is not reference.state[stock[0]]["exp_avg"]
    _run(reference, stock, 5, torch.optim.Adam.step, seed=2)
    _run(optimizer, ours, 5, UnhookedFusedAdam.step_unhooked, seed=2)
    _assert_same(reference, stock, optimizer, ours)
    assert optimizer.state_dict()["state"].keys() == reference.state_dict()["state"].keys()


def test_make_optimizer_gives_the_unhooked_fused_adam_on_the_cpu():
    net = FFNetwork(n_inputs=4, n_classes=3, depth=2, width=8)
    optimizer = make_optimizer(net, range(2), learning_rate=0.01, weight_decay=0.0)
    assert isinstance(optimizer, UnhookedFusedAdam)
    assert optimizer.param_groups[0]["fused"]
