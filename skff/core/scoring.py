"""Prediction: score every candidate label, in chunks of bounded memory.

Layer 1's ``W_x @ x_hat`` is computed once per row and shared by all
candidate labels; only the label column differs. Rows are processed in chunks
sized so that the activities of one chunk stay under a fixed number of
floats, whatever the number of rows, and the chunks of a call reuse the same
buffers (:class:`~skff.core.network.Workspace`).
"""

from __future__ import annotations

from collections.abc import Iterator

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.network import FFNetwork, Workspace, upper_forward
from skff.core.precision import addmm

# Floats in one activity tensor of a chunk (16 MiB in float32).
CHUNK_FLOATS = 1 << 22


def chunk_rows(n_candidates: int, width: int, chunk_floats: int | None = None) -> int:
    """Rows per chunk so that ``rows * n_candidates * width <= chunk_floats``.

    ``chunk_floats`` defaults to :data:`CHUNK_FLOATS`.
    """
    budget = CHUNK_FLOATS if chunk_floats is None else chunk_floats
    return max(1, budget // max(1, n_candidates * width))


def _chunks(n_rows: int, size: int) -> Iterator[slice]:
    for start in range(0, n_rows, size):
        yield slice(start, min(start + size, n_rows))


def label_goodness(
    net: FFNetwork,
    rows: EmbeddedRows,
    n_layers: int | None = None,
    workspace: Workspace | None = None,
) -> torch.Tensor:
    """Goodness of every layer for every candidate label.

    Parameters
    ----------
    net : FFNetwork
    rows : EmbeddedRows
        Rows on the network's device.
    n_layers : int, optional
        Use layers ``1..n_layers`` only; all layers by default.
    workspace : Workspace, optional
        Buffers to reuse; by default one for this call, shared by its chunks.

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes, n_layers)
    """
    n_layers = net.depth if n_layers is None else n_layers
    n_classes, width = net.n_classes, net.width
    workspace = Workspace() if workspace is None else workspace
    out = torch.empty(len(rows), n_classes, n_layers, device=rows.body.device)
    with torch.no_grad():
        layers = net.layers()
        labels = layers.label_rows().unsqueeze(0)
        for part in _chunks(len(rows), chunk_rows(n_classes, width)):
            chunk = rows.take(part)
            shape = (len(chunk), n_classes, width)
            projection = addmm(
                layers.biases[0],
                chunk.body,
                layers.weights[0].t(),
                out=workspace.get("projection", shape[::2], chunk.body),
            )
            h = torch.addcmul(
                projection.unsqueeze(1),
                chunk.label_coef.view(-1, 1, 1),
                labels,
                out=workspace.get("h0", shape, chunk.body),
            ).relu_()
            _, _, goods = upper_forward(layers, h.view(-1, width), n_layers, workspace)
            torch.stack(goods, dim=1, out=out[part].view(-1, n_layers))
    return out


def head_scores(net: FFNetwork, rows: EmbeddedRows) -> torch.Tensor:
    """Softmax-head logits from one pass with the neutral label.

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes)
    """
    out = torch.empty(len(rows), net.n_classes, device=rows.body.device)
    with torch.no_grad():
        for part in _chunks(len(rows), chunk_rows(1, net.width)):
            chunk = rows.take(part)
            h = net.first_layer_neutral(chunk.body, chunk.label_coef, chunk.neutral_ratio)
            activities = net.upper_layers(h, net.depth)
            out[part] = net.head_logits(activities)
    return out
