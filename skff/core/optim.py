"""Adam on flat buffers, for training steps bound by overhead or memory traffic.

On a small network (sklearn's digits, 2 x 256 units) a training step costs
about a millisecond, and ``torch.optim.Adam(foreach=True).step`` took a
third of it: on the CPU a ``_foreach`` kernel is a loop over the tensors, so
each of its ten kernels costs one dispatch per parameter, plus the Python
bookkeeping and a new ``sqrt(v)`` temporary on every step. On a big network
the step is bound by memory traffic instead: ten passes over every moment.

:class:`LeanAdam` keeps each parameter group's gradients and moments in one
flat buffer each; the per-parameter ``.grad`` and state tensors are views of
those buffers, so the state (and ``state_dict``) has the stock optimizer's
layout, and a backward that writes into ``.grad`` in place fills the flat
gradient directly. A step is four single-tensor kernels and one
``_foreach_addcdiv_`` on the parameters, with no allocation: the bias
corrections are folded into the step size and epsilon (Kingma & Ba, 2015, end
of section 2), which is the stock update up to rounding
(``tests/test_optim.py`` checks it against ``torch.optim.Adam``). Whatever
the flat step does not cover (AMSGrad, maximize, capturable, differentiable,
fused, decoupled weight decay, tensor hyperparameters, parameters without a
gradient, complex or mixed device or dtype groups, unequal step counts, a
closure) goes to the stock step.

**Device scalars.** A step size that changes every step (the bias
corrections, the learning-rate schedule) is a kernel argument in the step
above, so a CUDA graph that captured it would replay the first step's size
forever. With ``device_scalars`` (the default on CUDA) the step reads it from
two one-element device tensors instead: the host computes the same float64
values and writes them with two ``fill_`` kernels (:meth:`LeanAdam.prepare_step`),
and the kernels that do the arithmetic (:meth:`LeanAdam.apply_step`) never
change, so they can be captured once and replayed (:mod:`skff.core.graphs`).
The update is then ``p += m / d`` with ``d = sqrt(v) / s + eps' / s``: the same
number of passes over the buffers, equal to the stock update up to rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch

_STOCK_ONLY = ("amsgrad", "maximize", "capturable", "differentiable", "fused")

# The largest float32: the device scalars are clipped to it, so that a zero step size
# (an infinite inverse) leaves the weights unchanged instead of making them NaN.
_FLOAT32_MAX = float(torch.finfo(torch.float32).max)


def _scalar_dtype() -> torch.dtype:
    # The stock optimizer's dtype for the step count (torch.optim.optimizer._get_scalar_dtype).
    return torch.float64 if torch.get_default_dtype() == torch.float64 else torch.float32


class _FlatGroup:
    """Flat buffers of one parameter group, and the views handed out of them."""

    def __init__(self, params: list[torch.Tensor], state: dict[Any, Any]) -> None:
        self.params = params
        numel = sum(p.numel() for p in params)
        like = params[0]
        self.grad, self.grads = self._buffer(numel, like)
        self.exp_avg, self.exp_avgs = self._buffer(numel, like)
        self.exp_avg_sq, self.exp_avg_sqs = self._buffer(numel, like)
        self.denominator, self.denominators = self._buffer(numel, like)
        self.decayed: tuple[torch.Tensor, list[torch.Tensor]] | None = None
        # The step's scalars, set by LeanAdam.prepare_step: Python floats, and with
        # device scalars also 1 / step_size and eps_term / step_size on the device.
        self.step_size = 0.0
        self.eps_term = 0.0
        self.inverse_step = torch.zeros((), dtype=like.dtype, device=like.device)
        self.eps_over_step = torch.zeros((), dtype=like.dtype, device=like.device)
        # The step counts too: one CPU tensor whose elements are the parameters'
        # "step" entries, so that counting a step is one kernel, not one per tensor.
        self.step_count = torch.zeros(len(params), dtype=_scalar_dtype())
        self.steps = list(self.step_count.unbind())
        for i, p in enumerate(params):
            old = state[p]
            if old:
                self.exp_avgs[i].copy_(old["exp_avg"])
                self.exp_avg_sqs[i].copy_(old["exp_avg_sq"])
                self.steps[i].copy_(old["step"])
            else:
                self.exp_avgs[i].zero_()
                self.exp_avg_sqs[i].zero_()
            state[p] = {
                "step": self.steps[i],
                "exp_avg": self.exp_avgs[i],
                "exp_avg_sq": self.exp_avg_sqs[i],
            }
            self.grads[i].copy_(p.grad)
            p.grad = self.grads[i]

    def _buffer(self, numel: int, like: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        flat = torch.empty(numel, dtype=like.dtype, device=like.device)
        views, offset = [], 0
        for p in self.params:
            views.append(flat[offset : offset + p.numel()].view(p.shape))
            offset += p.numel()
        return flat, views

    def current(self, params: list[torch.Tensor], state: dict[Any, Any]) -> bool:
        """Whether the group and the optimizer state still are these buffers' views."""
        return holds_current_state(self, params, state)


def holds_current_state(held: Any, params: list[torch.Tensor], state: dict[Any, Any]) -> bool:
    """Whether ``params`` and their Adam ``state`` are still the tensors ``held`` keeps.

    Parameters
    ----------
    held : object
        With lists ``params``, ``exp_avgs``, ``exp_avg_sqs`` and ``steps``, one entry per
        parameter (:class:`_FlatGroup`, or :class:`skff.core.fused_adam.UnhookedFusedAdam`'s
        lists).
    params : list of torch.Tensor
        The parameter group's parameters now.
    state : dict
        The optimizer's state now.

    Returns
    -------
    bool
    """
    if len(params) != len(held.params):
        return False
    for i, p in enumerate(params):
        s = state.get(p)
        if (
            p is not held.params[i]
            or s is None
            or s.get("exp_avg") is not held.exp_avgs[i]
            or s.get("exp_avg_sq") is not held.exp_avg_sqs[i]
            or s.get("step") is not held.steps[i]
        ):
            return False
    return True


def copy_state_tensors(optimizer: torch.optim.Optimizer) -> None:
    """Replace every tensor of ``optimizer.state`` by a copy, after ``load_state_dict``.

    ``torch.optim.Optimizer.load_state_dict`` keeps the given tensors when their device
    and dtype already fit, so two optimizers loaded from one state would update the same
    moments in place; the copies keep each optimizer's state its own.
    """
    for state in optimizer.state.values():
        for key, value in state.items():
            if torch.is_tensor(value):
                state[key] = value.clone()


class LeanAdam(torch.optim.Adam):
    """``torch.optim.Adam(foreach=True)`` with its state in flat buffers.

    Parameters
    ----------
    params : iterable of torch.Tensor or dict
        As for ``torch.optim.Adam``.
    device_scalars : bool or None, default=None
        Read the step size from device tensors (see the module docstring), so
        that :meth:`apply_step` can be captured in a CUDA graph. None: on CUDA
        parameters only (on the CPU a kernel argument costs nothing and the
        results stay those of the plain flat step).
    **kwargs
        Any ``torch.optim.Adam`` option; ``foreach`` defaults to True.
    """

    def __init__(
        self, params: Iterable[Any], *, device_scalars: bool | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("foreach", True)
        super().__init__(params, **kwargs)
        self.device_scalars = device_scalars
        self._flat: dict[int, _FlatGroup] = {}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state, copying its tensors.

        ``torch.optim.Optimizer.load_state_dict`` keeps the given tensors when
        their device and dtype already fit, so two optimizers loaded from one
        state would update the same moments in place; the copies keep this
        optimizer's state its own.

        Parameters
        ----------
        state_dict : dict
            From ``state_dict()`` of this class or of ``torch.optim.Adam``.
        """
        super().load_state_dict(state_dict)
        self._flat.clear()
        copy_state_tensors(self)

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> float | None:
        """Perform one optimization step.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss; handed to the stock
            step, which handles it.

        Returns
        -------
        float or None
            The closure's loss, if a closure was given.
        """
        flats = None if closure is not None else self._flat_groups()
        if flats is None:
            self._flat.clear()
            return super().step(closure)
        for group, flat in zip(self.param_groups, flats, strict=True):
            if flat is not None:
                self._flat_step(group, flat)
        return None

    def step_unhooked(self) -> None:
        """:meth:`step` without ``torch.optim``'s wrapper around it.

        ``torch.optim.Optimizer`` wraps every ``step`` in a profiler range and
        its step-hook calls; on the digits network that wrapper cost 70 us, as
        much as half the arithmetic of the step. The training loop, which
        registers no hooks, calls this instead.
        """
        if torch.is_grad_enabled():
            with torch.no_grad():
                self.step_unhooked()
            return
        flats = self._flat_groups()
        if flats is None:
            self._flat.clear()
            super().step()
            return
        for group, flat in zip(self.param_groups, flats, strict=True):
            if flat is not None:
                self._flat_step(group, flat)

    def _flat_groups(self) -> list[_FlatGroup | None] | None:
        """The flat buffers of every group (None for an empty group), or None for the stock step."""
        flats: list[_FlatGroup | None] = []
        for index, group in enumerate(self.param_groups):
            params = group["params"]
            flat = self._flat.get(index)
            if flat is None or not flat.current(params, self.state):
                if not params:
                    flats.append(None)
                    continue
                if not self._flattenable(group):
                    return None
                flat = self._flat[index] = _FlatGroup(params, self.state)
            for p, g in zip(params, flat.grads, strict=True):
                if p.grad is None:
                    return None
                if p.grad is not g:
                    # Someone replaced .grad: take its values, and hand the view back.
                    g.copy_(p.grad)
                    p.grad = g
            flats.append(flat)
        return flats

    def _flattenable(self, group: dict[str, Any]) -> bool:
        params = group["params"]
        if not group["foreach"] or any(group[k] for k in _STOCK_ONLY):
            return False
        if group.get("decoupled_weight_decay", False):
            return False
        hyper = [group["lr"], group["eps"], group["weight_decay"], *group["betas"]]
        if any(torch.is_tensor(h) for h in hyper):
            return False
        first = params[0]
        if any(
            p.grad is None
            or p.grad.is_sparse
            or p.is_complex()
            or p.device != first.device
            or p.dtype != first.dtype
            for p in params
        ):
            return False
        old = [self.state[p] for p in params]
        if any(old) and not all(old):
            return False
        steps = {float(s["step"]) for s in old if s}
        return len(steps) <= 1

    def flat_groups_ready(self) -> bool:
        """Whether every non-empty group has its flat buffers and reads device scalars.

        Then :meth:`prepare_step` followed by :meth:`apply_step` is a whole
        step, and the kernels of :meth:`apply_step` are the same every step:
        what :class:`~skff.core.graphs.GraphStep` needs before it captures
        them. True after one :meth:`step` with every gradient present, unless
        the group needs the stock step (see the module docstring).
        """
        for index, group in enumerate(self.param_groups):
            if not group["params"]:
                continue
            flat = self._flat.get(index)
            if flat is None or not flat.current(group["params"], self.state):
                return False
            if not self._uses_device_scalars(flat):
                return False
        return True

    def prepare_step(self) -> None:
        """The host half of a step: count it and set its step size on the device.

        Only after :meth:`flat_groups_ready`; :meth:`apply_step` must follow.
        """
        for index, group in enumerate(self.param_groups):
            if group["params"]:
                self._prepare(group, self._flat[index])

    @torch.no_grad()
    def apply_step(self) -> None:
        """The device half of a step, after :meth:`prepare_step`: kernels only, capturable.

        It reads the gradients from the flat buffer and the step size from
        the device scalars, and launches the same kernels with the same
        arguments every step.
        """
        for index, group in enumerate(self.param_groups):
            if group["params"]:
                self._apply(group, self._flat[index])

    def _uses_device_scalars(self, flat: _FlatGroup) -> bool:
        if self.device_scalars is None:
            return flat.grad.is_cuda
        return self.device_scalars

    def _flat_step(self, group: dict[str, Any], flat: _FlatGroup) -> None:
        self._prepare(group, flat)
        self._apply(group, flat)

    def _prepare(self, group: dict[str, Any], flat: _FlatGroup) -> None:
        beta1, beta2 = group["betas"]
        flat.step_count.add_(1)
        t = flat.step_count[0].item()
        correction1 = 1 - beta1**t
        correction2_sqrt = (1 - beta2**t) ** 0.5
        # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections folded into the
        # step size and epsilon (Kingma & Ba, end of section 2): two passes over
        # the denominator instead of four.
        flat.eps_term = group["eps"] * correction2_sqrt
        flat.step_size = -group["lr"] * correction2_sqrt / correction1
        if self._uses_device_scalars(flat):
            inverse = 1.0 / flat.step_size if flat.step_size != 0 else -_FLOAT32_MAX
            inverse = min(max(inverse, -_FLOAT32_MAX), _FLOAT32_MAX)
            eps_over = min(max(flat.eps_term * inverse, -_FLOAT32_MAX), _FLOAT32_MAX)
            flat.inverse_step.fill_(inverse)
            flat.eps_over_step.fill_(eps_over)

    def _apply(self, group: dict[str, Any], flat: _FlatGroup) -> None:
        beta1, beta2 = group["betas"]
        weight_decay = group["weight_decay"]
        grad = flat.grad
        if weight_decay != 0:
            if flat.decayed is None:
                flat.decayed = flat._buffer(grad.numel(), grad)
            grad, views = flat.decayed
            grad.copy_(flat.grad)
            torch._foreach_add_(views, flat.params, alpha=weight_decay)
        flat.exp_avg.lerp_(grad, 1 - beta1)
        flat.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        torch.sqrt(flat.exp_avg_sq, out=flat.denominator)
        if self._uses_device_scalars(flat):
            # d = sqrt(v) / s + eps' / s, then p += m / d: the step size s enters
            # through tensors, in as many passes as the scalar form below.
            torch.addcmul(
                flat.eps_over_step, flat.denominator, flat.inverse_step, out=flat.denominator
            )
            torch._foreach_addcdiv_(flat.params, flat.exp_avgs, flat.denominators)
        else:
            flat.denominator.add_(flat.eps_term)
            torch._foreach_addcdiv_(flat.params, flat.exp_avgs, flat.denominators, flat.step_size)
