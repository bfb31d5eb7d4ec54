"""The Forward-Forward variants: one function each, registered in :data:`VARIANTS`.

A variant maps the goodness of every layer to the logit of "this input is
positive" that each layer is trained on. Every variant shares the same loss
(:func:`layer_losses`), so adding a variant means writing one small function
and adding one line to :data:`VARIANTS`.

Goodness arrives as a tensor of shape ``(n_layers, n_rows)``. A variant must
let the gradient of row ``k`` of its output reach only row ``k`` of the
goodness (use ``.detach()`` for whatever a layer sees of the others), so that
each layer is trained by its own objective.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

Variant = Callable[[torch.Tensor, float], torch.Tensor]


def ff_logits(goodness: torch.Tensor, threshold: float) -> torch.Tensor:
    """Hinton's Forward-Forward: each layer's logit is its own goodness minus theta."""
    return goodness - threshold


def cff_logits(goodness: torch.Tensor, threshold: float) -> torch.Tensor:
    """Collaborative FF (CFF-gamma): add the other layers' goodness as a constant.

    ``logit_k = g_k + sum_{t != k} g_t.detach() - L * theta``; the whole
    network's goodness enters every logit, so the threshold scales with the
    number of layers ``L``.
    """
    total = goodness.sum(dim=0, keepdim=True)
    return goodness + (total - goodness).detach() - threshold * goodness.shape[0]


def cff_prev_logits(goodness: torch.Tensor, threshold: float) -> torch.Tensor:
    """Collaborative FF over previous layers only (CFF-gamma<t).

    ``logit_k = g_k + sum_{t < k} g_t.detach() - k * theta``.
    """
    cumulative = goodness.cumsum(dim=0)
    n_summed = torch.arange(
        1, goodness.shape[0] + 1, device=goodness.device, dtype=goodness.dtype
    ).unsqueeze(1)
    return goodness + (cumulative - goodness).detach() - threshold * n_summed


VARIANTS: dict[str, Variant] = {
    "ff": ff_logits,
    "cff": cff_logits,
    "cff_prev": cff_prev_logits,
}


def layer_losses(
    variant: str,
    goodness_pos: torch.Tensor,
    goodness_neg: torch.Tensor,
    threshold: float,
) -> torch.Tensor:
    """Per-layer FF loss, ``softplus(-logit(pos)) + softplus(logit(neg))``.

    Parameters
    ----------
    variant : str
        A key of :data:`VARIANTS`.
    goodness_pos, goodness_neg : torch.Tensor of shape (n_layers, n_rows)
        Goodness of every layer for positive and negative rows.
    threshold : float
        Per-layer threshold theta.

    Returns
    -------
    torch.Tensor of shape (n_layers,)
        The loss of each layer, averaged over rows.
    """
    logits = VARIANTS[variant]
    pos = F.softplus(-logits(goodness_pos, threshold)).mean(dim=1)
    neg = F.softplus(logits(goodness_neg, threshold)).mean(dim=1)
    return pos + neg
