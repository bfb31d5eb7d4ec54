"""Scoring labels: the goodness of every candidate label, and the rule that turns it into logits.

Layer 1's ``W_x @ x_hat`` is computed once per row and shared by all
candidate labels; only the label column differs. Every caller that scores
labels (prediction, validation scores, hard negatives, the diagnostics) goes
through :func:`label_scores` or :func:`label_goodness`, and every caller that
holds more rows than one chunk splits them with :func:`chunk_rows`, so that
the memory of a call stays bounded whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.network import FFNetwork, Layers, Workspace, forward_from_first_layer
from skff.core.precision import addmm

# Floats in one tensor of a chunk (16 MiB in float32): the activities of all
# candidate labels, or the chunk's copy of the input rows.
CHUNK_FLOATS = 1 << 22
# Rows in one chunk at most, however narrow the network: bounds the per-row
# temporaries (row norms, logits) and keeps chunks the same size as before
# this limit existed for every network of 1024 label-units or more.
MAX_CHUNK_ROWS = 4096

#: ``prediction="combined"``: the goodness read-out's logits are multiplied by this before
#: its log-probabilities are added to the softmax head's. 2 read better than 1 on the
#: corpus study's 68 small multiclass tuning sets of batteries one to eight, in a probe
#: outside the repository (``docs/user-guide/defaults-study.md``, "Round nine").
COMBINED_GOODNESS_WEIGHT = 2.0


def chunk_rows(n_candidates: int, width: int, n_features: int = 0) -> int:
    """Rows per chunk, so that no tensor of a chunk holds more than :data:`CHUNK_FLOATS` floats.

    Parameters
    ----------
    n_candidates : int
        Label passes per row (``n_classes`` when every label is scored, 1 for
        the softmax head's neutral pass).
    width : int
        Units per hidden layer.
    n_features : int, default=0
        Columns of the input rows, when the chunk also holds a copy of them.

    Returns
    -------
    int
        At least 1 and at most :data:`MAX_CHUNK_ROWS`.
    """
    per_row = max(1, n_candidates * width, n_features)
    return max(1, min(MAX_CHUNK_ROWS, CHUNK_FLOATS // per_row))


def chunks(n_rows: int, size: int) -> Iterator[slice]:
    """Consecutive slices of at most ``size`` rows covering ``range(n_rows)``."""
    for start in range(0, n_rows, size):
        yield slice(start, min(start + size, n_rows))


def label_goodness(
    net: FFNetwork,
    rows: EmbeddedRows,
    n_layers: int | None = None,
    workspace: Workspace | None = None,
    layers: Layers | None = None,
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
    layers : Layers, optional
        ``net.layers()``, when the caller holds it (a training step: taking the
        snapshot anew costs more than the step's matmuls on a small batch).

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes, n_layers)
    """
    n_layers = net.depth if n_layers is None else n_layers
    n_classes, width = net.n_classes, net.width
    workspace = Workspace() if workspace is None else workspace
    out = torch.empty(len(rows), n_classes, n_layers, device=rows.body.device)
    with torch.no_grad():
        layers = net.layers() if layers is None else layers
        labels = layers.label_rows().unsqueeze(0)
        for part in chunks(len(rows), chunk_rows(n_classes, width)):
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
            _, _, goods = forward_from_first_layer(layers, h.view(-1, width), n_layers, workspace)
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
        for part in chunks(len(rows), chunk_rows(1, net.width)):
            chunk = rows.take(part)
            h = net.first_layer_neutral(chunk.body, chunk.label_coef, chunk.neutral_ratio)
            activities = net.activities_from_first_layer(h, net.depth)
            out[part] = net.head_logits(net.head_features(activities))
    return out


def label_scores(
    net: FFNetwork,
    rows: EmbeddedRows,
    n_layers: int | None = None,
    *,
    use_head: bool = True,
    workspace: Workspace | None = None,
    layers: Layers | None = None,
) -> torch.Tensor:
    """The logit of every candidate label under the network's prediction rule.

    With ``prediction="softmax"`` (and all layers trained), the softmax head's
    logits; with ``prediction="combined"``, the head's log-probability plus the
    log-probability of the goodness read-out sharpened by
    :data:`COMBINED_GOODNESS_WEIGHT`, so that a label must convince both.
    Otherwise the goodness summed over layers ``1..n_layers``, leaving layer 1
    out under ``skip_first_layer`` when a later layer is summed too.

    Parameters
    ----------
    net : FFNetwork
    rows : EmbeddedRows
        Rows on the network's device.
    n_layers : int, optional
        Score with layers ``1..n_layers`` (the ones trained so far under the
        greedy schedule); all layers by default.
    use_head : bool, default=True
        False scores by goodness even when the network has a softmax head
        (hard negatives are drawn from the goodness, which the layers learn).
    workspace : Workspace, optional
        Buffers to reuse.
    layers : Layers, optional
        ``net.layers()``, when the caller holds it (:func:`label_goodness`).

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes)
    """
    spec = net.spec
    n_layers = spec.depth if n_layers is None else n_layers
    head = use_head and spec.prediction != "goodness" and n_layers == spec.depth
    if head and spec.prediction == "softmax":
        return head_scores(net, rows)
    g = label_goodness(net, rows, n_layers, workspace, layers)
    if spec.skip_first_layer and n_layers > 1:
        g = g[:, :, 1:]
    goodness = g.sum(dim=2)
    if not head:
        return goodness
    return torch.log_softmax(head_scores(net, rows), dim=1) + torch.log_softmax(
        COMBINED_GOODNESS_WEIGHT * goodness, dim=1
    )
