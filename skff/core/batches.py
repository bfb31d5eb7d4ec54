"""Cutting an epoch into mini-batches: rows gathered a block at a time, negatives drawn ahead."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.network import label_onehot_rows

# Floats gathered at a time when shuffling an epoch into mini-batches (64 MiB
# in float32).
GATHER_FLOATS = 1 << 24

#: ``negatives(index, y)``: one wrong label for each training row at positions
#: ``index``, whose true labels are ``y`` (:meth:`Trainer.epoch_negatives`).
DrawNegatives = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def epoch_batches(
    rows: EmbeddedRows,
    y: torch.Tensor,
    order: torch.Tensor,
    batch_size: int,
    negatives: DrawNegatives | None = None,
    n_classes: int = 0,
) -> Iterator[
    tuple[EmbeddedRows, torch.Tensor, torch.Tensor | None, torch.Tensor | None, torch.Tensor]
]:
    """Mini-batches in the order of ``order``, gathered a block at a time.

    One gather per block of batches instead of one per batch, and the batches
    are views of the block; blocks are bounded in size, so that memory does
    not grow with the data.

    With ``negatives`` (:data:`DrawNegatives`), the negative labels
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
    index : torch.Tensor
        The batch's positions in ``rows``.
    """
    n = len(rows)
    per_block = rows_per_block(rows, batch_size)
    for start in range(0, n, per_block):
        index = order[start : start + per_block]
        block, block_y = rows.take(index), y[index]
        paired = block_neg = onehot = None
        full = len(index) // batch_size
        if negatives is not None:
            block_neg = negatives(index, block_y)
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
                yield block.take(part), block_y[part], paired[pair], onehot[pair], index[part]
            elif block_neg is not None:
                labels = torch.cat([block_y[part], block_neg[part]])
                yield block.take(part), block_y[part], labels, None, index[part]
            else:
                yield block.take(part), block_y[part], None, None, index[part]


def rows_per_block(rows: EmbeddedRows, batch_size: int) -> int:
    """Rows gathered at a time by :func:`epoch_batches`: whole batches, ~GATHER_FLOATS floats."""
    n_cols = rows.body.shape[1] + 3
    return max(1, GATHER_FLOATS // (batch_size * n_cols)) * batch_size
