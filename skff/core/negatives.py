"""Negative labels: the wrong labels that make negative data.

A negative row is a real ``x`` paired with a label that is not its own. Both
samplers below exclude the true label by construction.
"""

from __future__ import annotations

import torch

NEGATIVES = ("random", "hard")


def random_wrong_labels(
    y: torch.Tensor, n_classes: int, generator: torch.Generator
) -> torch.Tensor:
    """Draw, for each row, a label uniformly among the ``n_classes - 1`` wrong ones.

    Adding an offset in ``[1, n_classes)`` modulo ``n_classes`` never returns
    ``y`` itself, and every wrong label has the same probability.
    """
    offset = torch.randint(
        1, n_classes, y.shape, generator=generator, device=y.device, dtype=y.dtype
    )
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
