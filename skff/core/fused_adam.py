"""``torch.optim.Adam(fused=True)`` without ``torch.optim``'s per-step bookkeeping.

On the CPU the fused Adam step is one kernel per parameter, but
``Optimizer.step`` wraps it in a profiler range, hook calls, a grad-mode
switch and a rebuild of the parameter, gradient and state lists, and
``torch.optim.adam`` groups the tensors by device and dtype again on every
call. On a corpus set of 216 training rows (2 features, a 2 x 128 network,
21-row batches) that bookkeeping took 0.17 ms of a 0.79 ms training step,
where the two kernels that do the work took 0.05 ms.

:class:`UnhookedFusedAdam` is the stock optimizer, state and ``state_dict``
included; only :meth:`UnhookedFusedAdam.step_unhooked`, which the training loop
calls, differs: once the stock step has made the state, it keeps the lists and
launches the same two kernels with the same arguments (``_foreach_add_`` on
the step counts, then ``_fused_adam_``), so the weights are the stock step's
bit for bit (``tests/test_fused_adam.py``). Anything the lists do not cover (a
parameter without a gradient, a state replaced by ``load_state_dict``, a tensor
hyperparameter, AMSGrad, maximize, gradient scaling, several devices or dtypes)
goes to the stock step.
"""

from __future__ import annotations

from typing import Any

import torch

from skff.core.optim import copy_state_tensors, holds_current_state

_STOCK_ONLY = ("amsgrad", "maximize", "capturable", "differentiable", "decoupled_weight_decay")


class _GroupLists:
    """The lists the fused kernel takes for one parameter group, and what they were built from."""

    def __init__(self, params: list[torch.Tensor], state: dict[Any, Any]) -> None:
        self.params = params
        self.grads = [p.grad for p in params]
        self.states = [state[p] for p in params]
        self.exp_avgs = [s["exp_avg"] for s in self.states]
        self.exp_avg_sqs = [s["exp_avg_sq"] for s in self.states]
        self.steps = [s["step"] for s in self.states]

    def current(self, params: list[torch.Tensor], state: dict[Any, Any]) -> bool:
        """Whether the group's parameters, gradients and state are still these lists' tensors."""
        return (
            holds_current_state(self, params, state)
            and all(p.grad is g for p, g in zip(params, self.grads, strict=True))
            and all(state[p] is s for p, s in zip(params, self.states, strict=True))
        )


class UnhookedFusedAdam(torch.optim.Adam):
    """``torch.optim.Adam(fused=True)`` with a :meth:`step_unhooked` for the training loop.

    Parameters
    ----------
    params : iterable of torch.Tensor or dict
        As for ``torch.optim.Adam``.
    **kwargs
        Any ``torch.optim.Adam`` option; ``fused`` is always True.
    """

    def __init__(self, params: Any, **kwargs: Any) -> None:
        super().__init__(params, **{**kwargs, "fused": True})
        self._lists: dict[int, _GroupLists] = {}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a state, copying its tensors (as LeanAdam does); the next step rebuilds the lists.

        Parameters
        ----------
        state_dict : dict
            From ``state_dict()`` of this class, of ``torch.optim.Adam`` or of
            :class:`~skff.core.optim.LeanAdam`.
        """
        super().load_state_dict(state_dict)
        self._lists.clear()
        copy_state_tensors(self)

    @torch.no_grad()
    def step_unhooked(self) -> None:
        """One step, as :meth:`step` would take it, without the per-step bookkeeping."""
        lists = self._group_lists()
        if lists is None:
            self._lists.clear()
            self.step()
            self._lists = {i: _GroupLists(g["params"], self.state) for i, g in self._ready()}
            return
        for group, group_lists in zip(self.param_groups, lists, strict=True):
            beta1, beta2 = group["betas"]
            torch._foreach_add_(group_lists.steps, 1)
            torch._fused_adam_(
                group_lists.params,
                group_lists.grads,
                group_lists.exp_avgs,
                group_lists.exp_avg_sqs,
                [],
                group_lists.steps,
                amsgrad=False,
                lr=group["lr"],
                beta1=beta1,
                beta2=beta2,
                weight_decay=group["weight_decay"],
                eps=group["eps"],
                maximize=False,
                grad_scale=None,
                found_inf=None,
            )

    def _ready(self) -> list[tuple[int, dict[str, Any]]]:
        """The groups the direct step can take: every one, or none."""
        ready = []
        for index, group in enumerate(self.param_groups):
            params = group["params"]
            if (
                not params
                or any(group.get(k) for k in _STOCK_ONLY)
                or any(torch.is_tensor(group[k]) for k in ("lr", "eps", "weight_decay"))
                or any(torch.is_tensor(b) for b in group["betas"])
                or any(p.grad is None or not self.state.get(p) for p in params)
                or len({(p.device, p.dtype) for p in params}) != 1
            ):
                return []
            ready.append((index, group))
        return ready

    def _group_lists(self) -> list[_GroupLists] | None:
        """Each group's current lists, or None when the stock step must run."""
        if any(getattr(self, k, None) is not None for k in ("grad_scale", "found_inf")):
            return None
        lists = []
        for index, group in enumerate(self.param_groups):
            group_lists = self._lists.get(index)
            if group_lists is None or not group_lists.current(group["params"], self.state):
                return None
            lists.append(group_lists)
        return lists
