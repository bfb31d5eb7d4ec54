"""The Forward-Forward variants: one function each, registered in :data:`VARIANTS`.

A variant maps the goodness of every layer to the logit of "this input is
positive" that each layer is trained on. Every variant shares the same loss
(:func:`layer_losses`), so adding a variant means writing one small function
and adding one line to :data:`VARIANTS`.

Goodness arrives as a tensor of shape ``(n_layers, n_rows)``. A variant must
let the gradient of row ``k`` of its output reach only row ``k`` of the
goodness (use ``.detach()`` for whatever a layer sees of the others), so that
each layer is trained by its own objective.

Two losses turn the logits into each layer's objective (:data:`LOSSES`):
``"threshold"``, FF's ``softplus(-logit(pos)) + softplus(logit(neg))`` on
every row, and ``"symba"``, SymBa's ``softplus(-SYMBA_SCALE * (logit(pos) -
logit(neg)))`` on each positive row and its own negative (Lee and Song, 2023,
arXiv 2303.08418), in which the threshold cancels.

The trainer needs ``d loss / d goodness``. For the variants listed in
:data:`UNIT_SLOPE` it has a closed form (:func:`losses_and_goodness_grad`);
any other variant gets it from autograd on the small goodness tensor, so a new
variant works without more than its one function.
"""

from __future__ import annotations

import functools
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


#: Variants whose logit for layer k is ``g_k`` plus terms held constant
#: (``d logit_k / d g_k = 1``) and which treat every row on its own. For them
#: ``d loss_k / d g_k = -sigmoid(-logit_k)`` for a positive row and
#: ``sigmoid(logit_k)`` for a negative one, divided by the number of rows.
#: Add a variant here only if it has both properties; tests/test_core.py checks
#: every member against autograd.
UNIT_SLOPE: frozenset[str] = frozenset({"ff", "cff", "cff_prev"})

#: A row whose probability is within this of its target (``sigmoid(signed
#: logit) < FLUSH``) gives a zero gradient. Its exact gradient would be below
#: float32 resolution next to that of any unsaturated row, and on the CPU it
#: made the weight-gradient matmuls run on denormal numbers: 20 % slower per
#: epoch for FF on MNIST, where confident layers saturate.
FLUSH = 2.0**-64

#: The per-layer objectives on the logits: FF's threshold loss on each row, or
#: SymBa's symmetric loss on the difference between a positive row's logit and its
#: negative's.
LOSSES: tuple[str, ...] = ("threshold", "symba")

#: SymBa's alpha: the loss is ``softplus(-SYMBA_SCALE * (logit(pos) - logit(neg)))``.
#: The paper's 4 was for its own goodness. On this package's mean-of-squares goodness,
#: 1 beat 4 on four sets of the corpus's tuning half (crabs, womenlf, italy_power,
#: tissue_genes; mean gap to MLPClassifier -0.8 against -1.2 points for CFF, +0.4
#: against -1.1 for FF; the defaults page, "SymBa's symmetric loss").
SYMBA_SCALE = 1.0

#: The threshold SymBa's logits are computed with, whatever the estimator's. A variant
#: subtracts the same multiple of the threshold from both rows of a pair, so it cancels
#: in their difference, but only on paper: in float32, a goodness of about 1 beside a
#: threshold of 1e9 rounds away, and such a fit learned nothing. With 0 it never enters.
SYMBA_THRESHOLD = 0.0


def losses_and_goodness_grad(
    variant: str,
    goodness: torch.Tensor,
    n_pos: int,
    threshold: float,
    weight: torch.Tensor | None = None,
    loss: str = "threshold",
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-layer losses and their gradient with respect to the goodness.

    Parameters
    ----------
    variant : str
        A key of :data:`VARIANTS`.
    goodness : torch.Tensor of shape (n_layers, 2 * n_pos)
        Goodness of every layer; the first ``n_pos`` rows are positive, the
        rest negative (as many as the positives).
    n_pos : int
        Number of positive rows.
    threshold : float
        Per-layer threshold theta.
    weight : torch.Tensor of shape (n_pos,), optional
        Each positive row's sample weight, which its negative row shares: a
        row's two loss terms and their gradients are multiplied by it, and the
        sum is still divided by ``n_pos`` (weights of mean 1 over the training
        rows make this an unbiased estimate of the weighted mean loss). None
        runs the unweighted arithmetic; all-ones weights give the same bits,
        since multiplying by 1.0 is exact.
    loss : {"threshold", "symba"}, default="threshold"
        A member of :data:`LOSSES`. Under ``"symba"`` positive row ``k`` is
        paired with negative row ``n_pos + k`` (the same input with a wrong
        label), and ``weight[k]`` multiplies the pair's loss.

    Returns
    -------
    losses : torch.Tensor of shape (n_layers,)
        As :func:`layer_losses` (weighted when ``weight`` is given).
    goodness_grad : torch.Tensor of shape (n_layers, 2 * n_pos)
        ``d losses[k] / d goodness[k]``; by the contract of the variants,
        ``losses[k]`` depends on no other layer's goodness with a gradient.
    """
    if variant not in UNIT_SLOPE:
        return _autograd_losses_and_grad(variant, goodness, n_pos, threshold, weight, loss)
    if loss == "symba":
        return _symba_losses_and_grad(variant, goodness, n_pos, threshold, weight)
    with torch.no_grad():
        logits = VARIANTS[variant](goodness, threshold)
        # softplus(-logit) for positives and softplus(logit) for negatives:
        # flip the positives' sign once, and the sign is also d(signed)/d(logit).
        sign, sign_over_n = _signs(n_pos, goodness.shape[1], goodness.dtype, goodness.device)
        signed = logits * sign
        if weight is None:
            losses = F.softplus(signed).sum(dim=1) / n_pos
            goodness_grad = F.threshold(torch.sigmoid(signed), FLUSH, 0.0).mul_(sign_over_n)
            return losses, goodness_grad
        # The same operations with one exact-for-ones multiplication each, so that
        # all-ones weights reproduce the unweighted bits.
        pair_weight = torch.cat([weight, weight])
        losses = (F.softplus(signed) * pair_weight).sum(dim=1) / n_pos
        goodness_grad = F.threshold(torch.sigmoid(signed), FLUSH, 0.0).mul_(sign_over_n)
        goodness_grad.mul_(pair_weight)
    return losses, goodness_grad


def _symba_losses_and_grad(
    variant: str,
    goodness: torch.Tensor,
    n_pos: int,
    threshold: float,
    weight: torch.Tensor | None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """:func:`losses_and_goodness_grad` of SymBa's loss, for a :data:`UNIT_SLOPE` variant.

    With ``delta_k = logit_k(pos) - logit_k(neg)`` of a pair (the logits taken
    with :data:`SYMBA_THRESHOLD`) and ``a = SYMBA_SCALE``, the pair's loss is
    ``softplus(-a * delta_k)``, whose derivative is ``-a * sigmoid(-a *
    delta_k)`` with respect to the positive row's goodness and the opposite with
    respect to the negative's (unit slope: the other layers' goodness in a
    collaborative logit is a constant).
    """
    with torch.no_grad():
        logits = VARIANTS[variant](goodness, SYMBA_THRESHOLD)
        signed = (logits[:, n_pos:] - logits[:, :n_pos]).mul_(SYMBA_SCALE)
        pair_loss = F.softplus(signed)
        slope = F.threshold(torch.sigmoid(signed), FLUSH, 0.0).mul_(SYMBA_SCALE / n_pos)
        if weight is not None:
            pair_loss.mul_(weight)
            slope.mul_(weight)
        losses = pair_loss.sum(dim=1) / n_pos
        goodness_grad = torch.cat([-slope, slope], dim=1)
    return losses, goodness_grad


@functools.lru_cache(maxsize=32)
def _signs(
    n_pos: int, n_rows: int, dtype: torch.dtype, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """-1 for the positive rows and +1 for the others, and the same over ``n_pos``.

    Cached: an epoch has at most two batch sizes, and building these costs
    more than the arithmetic they serve.
    """
    sign = torch.ones(n_rows, dtype=dtype, device=device)
    sign[:n_pos] = -1.0
    return sign, sign / n_pos


def _autograd_losses_and_grad(
    variant: str,
    goodness: torch.Tensor,
    n_pos: int,
    threshold: float,
    weight: torch.Tensor | None = None,
    loss: str = "threshold",
) -> tuple[torch.Tensor, torch.Tensor]:
    # The CPU epoch runs under inference mode (Trainer.train_epoch), which no
    # enable_grad undoes: leave it, and clone the goodness out of its inference tensors.
    with torch.inference_mode(False), torch.enable_grad():
        g = goodness.clone().requires_grad_()
        losses = layer_losses(variant, g[:, :n_pos], g[:, n_pos:], threshold, weight, loss)
        (goodness_grad,) = torch.autograd.grad(losses.sum(), g)
    # SymBa's slope is SYMBA_SCALE times a sigmoid: flush by the same sigmoid as FLUSH.
    flush = FLUSH / n_pos * (SYMBA_SCALE if loss == "symba" else 1.0)
    if weight is None:
        goodness_grad.masked_fill_(goodness_grad.abs() < flush, 0.0)
    else:
        # Flush by the unweighted size (what the closed form thresholds), so that a
        # small weight scales a row's gradient instead of zeroing it.
        pair_weight = torch.cat([weight, weight])
        goodness_grad.masked_fill_(goodness_grad.abs() < pair_weight * flush, 0.0)
    return losses.detach(), goodness_grad


def layer_losses(
    variant: str,
    goodness_pos: torch.Tensor,
    goodness_neg: torch.Tensor,
    threshold: float,
    weight: torch.Tensor | None = None,
    loss: str = "threshold",
) -> torch.Tensor:
    """Per-layer FF loss, ``softplus(-logit(pos)) + softplus(logit(neg))``, or SymBa's.

    Under ``loss="symba"``: ``softplus(-SYMBA_SCALE * (logit(pos) -
    logit(neg)))``, row ``k`` of ``goodness_pos`` paired with row ``k`` of
    ``goodness_neg``.

    Parameters
    ----------
    variant : str
        A key of :data:`VARIANTS`.
    goodness_pos, goodness_neg : torch.Tensor of shape (n_layers, n_rows)
        Goodness of every layer for positive and negative rows.
    threshold : float
        Per-layer threshold theta.
    weight : torch.Tensor of shape (n_rows,), optional
        Per-row factors of both terms (the sum is still divided by ``n_rows``).
    loss : {"threshold", "symba"}, default="threshold"
        A member of :data:`LOSSES`.

    Returns
    -------
    torch.Tensor of shape (n_layers,)
        The loss of each layer, averaged over rows.
    """
    logits = VARIANTS[variant]
    if loss == "symba":
        delta = logits(goodness_pos, SYMBA_THRESHOLD) - logits(goodness_neg, SYMBA_THRESHOLD)
        pair_loss = F.softplus(-SYMBA_SCALE * delta)
        if weight is not None:
            pair_loss = pair_loss * weight
        return pair_loss.mean(dim=1)
    if weight is None:
        pos = F.softplus(-logits(goodness_pos, threshold)).mean(dim=1)
        neg = F.softplus(logits(goodness_neg, threshold)).mean(dim=1)
        return pos + neg
    pos = (F.softplus(-logits(goodness_pos, threshold)) * weight).mean(dim=1)
    neg = (F.softplus(logits(goodness_neg, threshold)) * weight).mean(dim=1)
    return pos + neg
