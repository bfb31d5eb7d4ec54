"""Negative labels: the wrong labels that make negative data.

A negative row is a real ``x`` paired with a label that is not its own. Both
samplers below exclude the true label by construction.

**Hard negatives** (``"hard"``, the estimator's default) are drawn over every label, through
every trained layer, from each batch's scores under the current weights
(:func:`hard_wrong_labels`): about 2.4x the epoch time of random ones on MNIST.
``"hard_cached"`` draws them from scores cached per training row
(:mod:`skff.core.score_cache`) at about 1.3x, and a little less accuracy. Two cheaper
draws were measured and not kept, on the paper table's CFF network row (full MNIST and
Fashion-MNIST, 2 x 500, 15 epochs, ``skff bench``, seed 0), where the exact draw gives
1.55 % and 11.19 % test error: a two-stage draw (three candidates from layer 1's
goodness, the choice among them from every layer's; 1.2x) gave 2.29 % and 18.8 %, and
the cached draw 1.62 % and 11.36 % (``benchmarks/results/hard_negatives.md``).

Each sampler also comes in two halves for the CUDA-graph step
(:mod:`skff.core.graphs`): the random numbers, drawn outside the graph with
the same generator calls (:func:`random_label_offsets`,
:func:`exponential_noise`), and the arithmetic that turns them into labels
inside it (:func:`offset_labels`, :func:`hard_wrong_labels_from_noise`). Given
the same generator state, the halves return exactly the labels of the whole.
The trainer's eager step draws hard negatives through the halves too: the
same labels as ``torch.multinomial``, without the checks that made it
synchronize the device twice a step on CUDA.
"""

from __future__ import annotations

import torch

NEGATIVES = ("random", "hard", "hard_cached")


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
