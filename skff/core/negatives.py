"""Negative labels: the wrong labels that make negative data.

A negative row is a real ``x`` paired with a label that is not its own. Every
sampler below excludes the true label by construction.

**Hard negatives** (the estimator's default) are drawn in two stages:
:func:`hard_candidates` takes :data:`HARD_CANDIDATES` wrong labels per row in
proportion to ``softmax`` of layer 1's goodness, which needs no matmul beyond
the projection ``W_x x_hat + b_1`` that the training step computes anyway
(:func:`~skff.core.scoring.first_layer_goodness`); the training step's
forward pass then runs the candidates beside the positive rows, and
:func:`choose_candidate` picks each row's negative among them in proportion
to ``softmax`` of the goodness summed over the trained layers, as the exact
draw does over all labels. The candidates' pass is the negative pass, so a
step costs 1 + k/2 forward passes and one backward pass instead of a
training step plus an all-label pass. Measured on one run of a shared
2-core AVX2 EPYC (``benchmarks/hard_negatives.py``, ``benchmarks/speed.py``):
the exact all-label draw cost 2.05-2.30x a random-negative epoch on MNIST
(2 x 1000, batch 256), the two stages 1.22-1.25x; layer 1's scores alone
(1.15x) lost 2.6-3 points on digits, two candidates 0.7-1.5 points, three
candidates 0.5 points on digits and 0.8 on 20 synthetic classes (mean of two
seeds) and gained 0.1 on 10,000 MNIST rows (one seed); with three classes or
fewer the draw is exact, and with two classes the one wrong label. The exact
draw over all labels, through every layer, remains :func:`hard_wrong_labels`
over :func:`~skff.core.scoring.label_scores` (the backprop baseline of
:mod:`skff.pairwise` uses it).

Each sampler also comes in two halves for the CUDA-graph step
(:mod:`skff.core.graphs`): the random numbers, drawn outside the graph with
the same generator calls (:func:`random_label_offsets`,
:func:`exponential_noise`), and the arithmetic that turns them into labels
inside it (:func:`offset_labels`, :func:`hard_wrong_labels_from_noise`,
:func:`hard_candidates` and :func:`choose_candidate`). Given the same
generator state, the halves return exactly the labels of the whole.
"""

from __future__ import annotations

import math

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.network import Layers, Workspace, first_projection, pair_forward
from skff.core.scoring import first_layer_goodness

NEGATIVES = ("random", "hard")

#: Wrong labels per row that hard negatives score through every layer: the
#: draw's candidates, taken from layer 1's goodness.
HARD_CANDIDATES = 3


def random_wrong_labels(
    y: torch.Tensor, n_classes: int, generator: torch.Generator
) -> torch.Tensor:
    """Draw, for each row, a label uniformly among the ``n_classes - 1`` wrong ones.

    Adding an offset in ``[1, n_classes)`` modulo ``n_classes`` never returns
    ``y`` itself, and every wrong label has the same probability.
    """
    return offset_labels(y, random_label_offsets(y, n_classes, generator), n_classes)


def random_label_offsets(
    y: torch.Tensor, n_classes: int, generator: torch.Generator
) -> torch.Tensor:
    """The random half of :func:`random_wrong_labels`: an offset in ``[1, n_classes)`` per row."""
    return torch.randint(1, n_classes, y.shape, generator=generator, device=y.device, dtype=y.dtype)


def offset_labels(y: torch.Tensor, offset: torch.Tensor, n_classes: int) -> torch.Tensor:
    """The arithmetic half of :func:`random_wrong_labels`: ``(y + offset) % n_classes``."""
    return (y + offset) % n_classes


def hard_wrong_labels(
    scores: torch.Tensor, y: torch.Tensor, generator: torch.Generator
) -> torch.Tensor:
    """Draw a wrong label in proportion to the model's belief in it.

    Parameters
    ----------
    scores : torch.Tensor of shape (n_rows, n_classes)
        The model's logits for every label (summed goodness).
    y : torch.Tensor of shape (n_rows,)
        True labels; they get probability zero, as in Hinton's code.
    generator : torch.Generator
        Source of randomness, on the same device as ``scores``.
    """
    masked = scores.float().clone()
    masked.scatter_(1, y.unsqueeze(1), float("-inf"))
    probs = torch.softmax(masked, dim=1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(1)


def exponential_noise(
    n_rows: int, n_classes: int, generator: torch.Generator, out: torch.Tensor | None = None
) -> torch.Tensor:
    """The random half of :func:`hard_wrong_labels`: one Exp(1) draw per row and label.

    ``torch.multinomial`` draws one sample per row as ``argmax(p / q)`` with
    ``q ~ Exp(1)`` drawn by ``exponential_`` on a tensor shaped like ``p``
    (the exponential form of the Gumbel-max trick), so drawing ``q`` here with
    the same generator consumes it the same way.

    Parameters
    ----------
    n_rows, n_classes : int
    generator : torch.Generator
    out : torch.Tensor of shape (n_rows, n_classes), float32, optional
        Where to draw (a graph's input buffer); a new tensor on the
        generator's device if None.

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes)
    """
    if out is None:
        out = torch.empty(n_rows, n_classes, dtype=torch.float32, device=generator.device)
    return out.exponential_(1.0, generator=generator)


def hard_wrong_labels_from_noise(
    scores: torch.Tensor, y: torch.Tensor, noise: torch.Tensor
) -> torch.Tensor:
    """:func:`hard_wrong_labels` with its random numbers drawn ahead, without a host sync.

    ``argmax(p / q)`` with ``q ~ Exp(1)`` (:func:`exponential_noise`) is a draw
    from ``p``: ``log p - log q`` is ``log p`` plus Gumbel noise. The true
    label has ``p = 0`` and is never drawn. Unlike ``torch.multinomial``, it
    checks nothing on the host, so it can run inside a CUDA graph; with the
    same noise it returns ``torch.multinomial``'s labels.

    Parameters
    ----------
    scores : torch.Tensor of shape (n_rows, n_classes)
    y : torch.Tensor of shape (n_rows,)
    noise : torch.Tensor of shape (n_rows, n_classes)

    Returns
    -------
    torch.Tensor of shape (n_rows,)
    """
    masked = scores.float().clone()
    masked.scatter_(1, y.unsqueeze(1), float("-inf"))
    probs = torch.softmax(masked, dim=1)
    return torch.div(probs, noise).argmax(dim=1)


def hard_noise_columns(n_classes: int) -> int:
    """Exp(1) draws per row that :func:`hard_negatives_from_noise` reads."""
    return n_classes + min(HARD_CANDIDATES, n_classes - 1)


def hard_candidates(
    layers: Layers,
    batch: EmbeddedRows,
    y: torch.Tensor,
    noise: torch.Tensor,
    workspace: Workspace | None = None,
    projection: torch.Tensor | None = None,
) -> torch.Tensor:
    """Stage 1 of hard negatives: :data:`HARD_CANDIDATES` wrong labels per row, from layer 1.

    Drawn without replacement in proportion to ``softmax`` of layer 1's
    goodness (:func:`~skff.core.scoring.first_layer_goodness`), by the
    Gumbel-top-k trick: the ``k`` largest ``log p - log q``, ``q ~ Exp(1)``
    (the first ``n_classes`` columns of ``noise``).

    Parameters
    ----------
    layers : Layers
    batch : EmbeddedRows
    y : torch.Tensor of shape (n_rows,)
        True labels; never drawn.
    noise : torch.Tensor of shape (n_rows, hard_noise_columns(n_classes))
        Exp(1) draws (:func:`exponential_noise`).
    workspace : Workspace, optional
    projection : torch.Tensor of shape (n_rows, width), optional
        ``W_x x_hat + b_1`` of the batch, if computed already.

    Returns
    -------
    torch.Tensor of shape (n_rows, k), ``k = min(HARD_CANDIDATES, n_classes - 1)``
    """
    n_classes = layers.label_weight.shape[1]
    k = min(HARD_CANDIDATES, n_classes - 1)
    with torch.no_grad():
        if projection is None:
            projection = first_projection(layers, batch.body, workspace)
        first = first_layer_goodness(layers, projection, batch.label_coef, workspace)
        # log softmax up to a per-row constant, which top-k ignores.
        keys = first - torch.log(noise[:, :n_classes])
        keys.scatter_(1, y.unsqueeze(1), -math.inf)
        return keys.topk(k, dim=1).indices


def choose_candidate(
    goodness: torch.Tensor, noise: torch.Tensor, skip_first_layer: bool = False
) -> torch.Tensor:
    """Stage 2 of hard negatives: one candidate per row, from every layer's goodness.

    In proportion to ``softmax`` of the goodness summed over layers (layer 1
    left out under ``skip_first_layer`` when a later layer is summed), as the
    exact draw does over all labels; Gumbel-max with the last ``k`` columns
    of ``noise``.

    Parameters
    ----------
    goodness : torch.Tensor of shape (n_layers, k * n_rows)
        The candidates' goodness, the ``k`` candidate sets stacked.
    noise : torch.Tensor of shape (n_rows, n_classes + k)
    skip_first_layer : bool, default=False

    Returns
    -------
    torch.Tensor of shape (n_rows,)
        The chosen candidate's position in ``[0, k)``.
    """
    n_rows = noise.shape[0]
    k = goodness.shape[1] // n_rows
    if skip_first_layer and goodness.shape[0] > 1:
        goodness = goodness[1:]
    scores = goodness.sum(dim=0).view(k, n_rows).t()
    return (scores - torch.log(noise[:, -k:])).argmax(dim=1)


def hard_negatives_from_noise(
    layers: Layers,
    batch: EmbeddedRows,
    y: torch.Tensor,
    noise: torch.Tensor,
    n_layers: int,
    *,
    skip_first_layer: bool = False,
    workspace: Workspace | None = None,
) -> torch.Tensor:
    """Hard negatives in two stages, the candidates in a pass of their own.

    :func:`hard_candidates`, their goodness through layers ``1..n_layers``,
    then :func:`choose_candidate`. The training step draws the same labels
    without this separate pass: its forward pass runs the candidates beside
    the positive rows and keeps the chosen one's activities
    (:func:`skff.core.trainer.compute_gradients`).

    Parameters
    ----------
    layers : Layers
    batch : EmbeddedRows
    y : torch.Tensor of shape (n_rows,)
    noise : torch.Tensor of shape (n_rows, hard_noise_columns(n_classes))
    n_layers : int
        Layers trained so far: the scores sum their goodness.
    skip_first_layer : bool, default=False
    workspace : Workspace, optional

    Returns
    -------
    torch.Tensor of shape (n_rows,)
    """
    with torch.no_grad():
        projection = first_projection(layers, batch.body, workspace)
        candidates = hard_candidates(layers, batch, y, noise, workspace, projection)
        labels = candidates.t().reshape(-1)
        _, _, g = pair_forward(
            layers, batch.body, batch.label_coef, labels, n_layers, workspace, projection
        )
        choice = choose_candidate(g, noise, skip_first_layer)
        return candidates.gather(1, choice.unsqueeze(1)).squeeze(1)
