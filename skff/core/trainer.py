"""One epoch of Forward-Forward training, on data that stays on the device.

Each step takes a mini-batch from a permutation drawn on the device, pairs
it with negative labels, runs the positive and negative rows through the
active layers, and lets :mod:`skff.core.variants` turn the goodness into
per-layer losses. Autograd is used only on that small ``(n_layers, rows)``
goodness tensor; the layers' gradients come from
:meth:`~skff.core.network.FFNetwork.backward`. Losses accumulate on the
device: the only host synchronisation is the caller's, once per epoch.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.negatives import hard_wrong_labels, random_wrong_labels
from skff.core.network import FFNetwork, goodness
from skff.core.scoring import label_goodness
from skff.core.variants import layer_losses


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
    """Adam over the trainable layers' parameters and the head's."""
    params = [p for k in trainable for p in net.layer_parameters(k)]
    params += net.head_parameters()
    return torch.optim.Adam(params, lr=learning_rate, weight_decay=weight_decay, foreach=True)


def _negative_labels(
    net: FFNetwork,
    batch: EmbeddedRows,
    y: torch.Tensor,
    n_active: int,
    config: TrainConfig,
    generator: torch.Generator,
) -> torch.Tensor:
    if config.negatives == "random":
        return random_wrong_labels(y, net.n_classes, generator)
    g = label_goodness(net, batch, n_active)
    if config.skip_first_layer and n_active > 1:
        g = g[:, :, 1:]
    return hard_wrong_labels(g.sum(dim=2), y, generator)


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
    n_active = trainable.stop
    m = len(batch)
    with torch.no_grad():
        y_neg = _negative_labels(net, batch, y, n_active, config, generator)
        labels = torch.cat([y, y_neg])
        projection = net.input_projection(batch.body).repeat(2, 1)
        h = net.first_layer(projection, batch.label_coef.repeat(2), labels)
        activities, inputs = net.upper_layers(h, n_active)
        g = torch.stack([goodness(a) for a in activities])
    with torch.enable_grad():
        g = g.requires_grad_()
        losses = layer_losses(config.variant, g[:, :m], g[:, m:], config.threshold)
        (goodness_grad,) = torch.autograd.grad(losses[trainable.start :].sum(), g)
    with torch.no_grad():
        net.backward(
            batch.body,
            batch.label_coef,
            labels,
            activities,
            inputs,
            goodness_grad,
            trainable,
        )
        head_loss = torch.zeros((), device=y.device)
        if net.head_weight is not None:
            h = net.first_layer_neutral(batch.body, batch.label_coef, batch.neutral_ratio)
            neutral, _ = net.upper_layers(h, net.depth)
            head_loss = net.head_backward(neutral, net.head_logits(neutral), y)
        optimizer.step()
    return EpochLosses(losses.detach(), head_loss)


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
    for start in range(0, n, config.batch_size):
        index = order[start : start + config.batch_size]
        step = train_step(net, rows.take(index), y[index], trainable, optimizer, config, generator)
        layer_sum += step.layers * len(index)
        head_sum += step.head * len(index)
    return EpochLosses(layer_sum / n, head_sum / n)
