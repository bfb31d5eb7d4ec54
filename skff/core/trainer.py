"""One epoch of Forward-Forward training, on data that stays on the device.

Each step takes a mini-batch from a permutation drawn on the device, pairs
it with negative labels, runs the positive and negative rows through the
active layers, and lets :mod:`skff.core.variants` turn the goodness into
per-layer losses and their gradient with respect to the goodness (in closed
form for the registered variants, by autograd on that small
``(n_layers, rows)`` tensor for others); the layers' gradients come from
:func:`~skff.core.network.backward`, written in place into ``.grad``, which
:class:`~skff.core.optim.LeanAdam` keeps as views of one flat buffer. Losses
accumulate on the device: the only host synchronisation is the caller's, once
per epoch.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.negatives import hard_wrong_labels, random_wrong_labels
from skff.core.network import (
    FFNetwork,
    Layers,
    Workspace,
    backward,
    label_onehot_rows,
    pair_forward,
)
from skff.core.optim import LeanAdam
from skff.core.scoring import label_goodness
from skff.core.variants import losses_and_goodness_grad

# Floats gathered at a time when shuffling an epoch into mini-batches (64 MiB
# in float32).
GATHER_FLOATS = 1 << 24

# The buffers of each training run, keyed by its optimizer: they live as long
# as the run (a fit's optimizer is dropped when the fit ends), not longer.
_WORKSPACES: weakref.WeakKeyDictionary[Any, Workspace] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class TrainConfig:
    """Settings of the training step.

    Attributes
    ----------
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    threshold : float
        Per-layer threshold theta on the mean-of-squares goodness.
    negatives : {"random", "hard"}
        How negative labels are drawn.
    batch_size : int
        Rows per mini-batch.
    skip_first_layer : bool
        Leave layer 1 out of the belief that hard negatives are drawn from.
    """

    variant: str
    threshold: float
    negatives: str
    batch_size: int
    skip_first_layer: bool = False


@dataclass
class EpochLosses:
    """Mean losses of one epoch, still on the device.

    Attributes
    ----------
    layers : torch.Tensor of shape (n_active,)
        Mean loss of each active layer.
    head : torch.Tensor
        Mean cross-entropy of the softmax head (0 without a head).
    """

    layers: torch.Tensor
    head: torch.Tensor


def make_optimizer(
    net: FFNetwork, trainable: range, learning_rate: float, weight_decay: float
) -> torch.optim.Adam:
    """Adam over the trainable layers' parameters and the head's.

    A :class:`~skff.core.optim.LeanAdam`: the stock foreach Adam's arithmetic
    and state, with less overhead per step.
    """
    params = [p for k in trainable for p in net.layer_parameters(k)]
    params += net.head_parameters()
    return LeanAdam(params, lr=learning_rate, weight_decay=weight_decay)


def _negative_labels(
    net: FFNetwork,
    batch: EmbeddedRows,
    y: torch.Tensor,
    n_active: int,
    config: TrainConfig,
    generator: torch.Generator,
    workspace: Workspace | None = None,
) -> torch.Tensor:
    if config.negatives == "random":
        return random_wrong_labels(y, net.n_classes, generator)
    g = label_goodness(net, batch, n_active, workspace)
    if config.skip_first_layer and n_active > 1:
        g = g[:, :, 1:]
    return hard_wrong_labels(g.sum(dim=2), y, generator)


def _step(
    net: FFNetwork,
    layers: Layers,
    workspace: Workspace | None,
    batch: EmbeddedRows,
    y: torch.Tensor,
    labels: torch.Tensor | None,
    onehot: torch.Tensor | None,
    trainable: range,
    optimizer: torch.optim.Optimizer,
    config: TrainConfig,
    generator: torch.Generator,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """One optimizer step; returns the batch's mean layer losses and head loss.

    ``labels`` (and ``onehot``, their label block) hold the positive then the
    negative labels when they were drawn ahead (:func:`_batches`); None draws
    the negatives here.
    """
    n_active = trainable.stop
    m = len(batch)
    if labels is None:
        y_neg = _negative_labels(net, batch, y, n_active, config, generator, workspace)
        labels = torch.cat([y, y_neg])
    activities, scales, g = pair_forward(
        layers, batch.body, batch.label_coef, labels, n_active, workspace
    )
    losses, goodness_grad = losses_and_goodness_grad(config.variant, g, m, config.threshold)
    backward(
        layers,
        batch.body,
        batch.label_coef,
        labels,
        activities,
        scales,
        goodness_grad,
        trainable,
        workspace,
        onehot,
    )
    head_loss = None
    if net.head_weight is not None:
        h = net.first_layer_neutral(batch.body, batch.label_coef, batch.neutral_ratio)
        neutral = net.upper_layers(h, net.depth)
        head_loss = net.head_backward(neutral, net.head_logits(neutral), y)
    if isinstance(optimizer, LeanAdam):
        optimizer.step_unhooked()
    else:
        optimizer.step()
    return losses, head_loss


def train_step(
    net: FFNetwork,
    batch: EmbeddedRows,
    y: torch.Tensor,
    trainable: range,
    optimizer: torch.optim.Optimizer,
    config: TrainConfig,
    generator: torch.Generator,
) -> EpochLosses:
    """One optimizer step on one mini-batch; returns the batch's losses.

    Layers ``0 .. trainable.stop - 1`` run forward; only ``trainable`` ones
    receive gradients.
    """
    with torch.no_grad():
        losses, head_loss = _step(
            net, net.layers(), None, batch, y, None, None, trainable, optimizer, config, generator
        )
    if head_loss is None:
        head_loss = torch.zeros((), device=y.device)
    return EpochLosses(losses, head_loss)


def _batches(
    rows: EmbeddedRows,
    y: torch.Tensor,
    order: torch.Tensor,
    batch_size: int,
    negatives: Callable[[torch.Tensor], torch.Tensor] | None = None,
    n_classes: int = 0,
) -> Iterator[tuple[EmbeddedRows, torch.Tensor, torch.Tensor | None, torch.Tensor | None]]:
    """Mini-batches in the order of ``order``, gathered a block at a time.

    One gather per block of batches instead of one per batch, and the batches
    are views of the block; blocks are bounded in size, so that memory does
    not grow with the data.

    With ``negatives`` (a function of the true labels), the negative labels
    of a block are drawn at once and laid out as each batch's positive labels
    followed by its negative labels, so that a step takes a slice instead of
    drawing and concatenating; so is the label block of layer 1's input that
    the backward pass needs (:func:`~skff.core.network.label_onehot_rows`,
    ``n_classes`` columns). On the CPU the draws are the same numbers as one
    draw per batch: the generator yields them in sequence.

    Yields
    ------
    batch : EmbeddedRows
    y : torch.Tensor
        The batch's true labels.
    labels : torch.Tensor or None
        Positive then negative labels, or None without ``negatives``.
    onehot : torch.Tensor or None
        Their label block, or None (then the backward pass builds it).
    """
    n, n_cols = len(rows), rows.body.shape[1] + 3
    per_block = max(1, GATHER_FLOATS // (batch_size * n_cols)) * batch_size
    for start in range(0, n, per_block):
        index = order[start : start + per_block]
        block, block_y = rows.take(index), y[index]
        paired = block_neg = onehot = None
        full = len(index) // batch_size
        if negatives is not None:
            block_neg = negatives(block_y)
            cut = full * batch_size
            paired = torch.stack(
                [block_y[:cut].view(full, batch_size), block_neg[:cut].view(full, batch_size)],
                dim=1,
            ).view(-1)
            coef = block.label_coef[:cut].view(full, 1, batch_size).expand(full, 2, batch_size)
            onehot = label_onehot_rows(paired, coef.reshape(-1), n_classes)
        for i, offset in enumerate(range(0, len(index), batch_size)):
            part = slice(offset, offset + batch_size)
            if paired is not None and i < full:
                pair = slice(2 * offset, 2 * (offset + batch_size))
                yield block.take(part), block_y[part], paired[pair], onehot[pair]
            elif block_neg is not None:
                labels = torch.cat([block_y[part], block_neg[part]])
                yield block.take(part), block_y[part], labels, None
            else:
                yield block.take(part), block_y[part], None, None


def _workspace(optimizer: torch.optim.Optimizer) -> Workspace:
    """The workspace of the training run that ``optimizer`` belongs to.

    Kept across epochs, so that the buffers are allocated once per run, and
    freed with the optimizer when the run ends.
    """
    try:
        return _WORKSPACES.setdefault(optimizer, Workspace())
    except TypeError:  # not weak-referenceable: one workspace per epoch
        return Workspace()


def train_epoch(
    net: FFNetwork,
    rows: EmbeddedRows,
    y: torch.Tensor,
    trainable: range,
    optimizer: torch.optim.Optimizer,
    config: TrainConfig,
    generator: torch.Generator,
) -> EpochLosses:
    """One pass over ``rows`` in shuffled mini-batches.

    Parameters
    ----------
    net : FFNetwork
    rows : EmbeddedRows
        Training rows, on the network's device.
    y : torch.Tensor of shape (n_rows,)
        Encoded labels in ``[0, n_classes)``, on the same device.
    trainable : range
        Zero-based layers that learn in this epoch; the layers below them run
        forward only, the layers above them do not run.
    optimizer : torch.optim.Optimizer
        From :func:`make_optimizer` with the same ``trainable``.
    config : TrainConfig
    generator : torch.Generator
        On the device: the permutation and negative labels are drawn there.

    Returns
    -------
    EpochLosses
        Batch losses averaged over the epoch, weighted by batch size.
    """
    n = len(rows)
    order = torch.randperm(n, generator=generator, device=y.device)
    layer_sum = torch.zeros(trainable.stop, device=y.device)
    head_sum = torch.zeros((), device=y.device)
    layers = net.layers()
    workspace = _workspace(optimizer)
    negatives = None
    if config.negatives == "random":

        def negatives(labels: torch.Tensor) -> torch.Tensor:
            return random_wrong_labels(labels, net.n_classes, generator)

    with torch.no_grad():
        batches = _batches(rows, y, order, config.batch_size, negatives, net.n_classes)
        for batch, batch_y, labels, onehot in batches:
            losses, head_loss = _step(
                net,
                layers,
                workspace,
                batch,
                batch_y,
                labels,
                onehot,
                trainable,
                optimizer,
                config,
                generator,
            )
            layer_sum.add_(losses, alpha=len(batch))
            if head_loss is not None:
                head_sum.add_(head_loss, alpha=len(batch))
    return EpochLosses(layer_sum / n, head_sum / n)
