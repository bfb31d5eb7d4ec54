"""Streaming a large ``partial_fit`` block through training, a chunk of rows at a time.

Training on an ``(n_rows, n_features)`` block used to hold it whole two or
three times over: its float32 conversion, the embedded rows (the features
scaled for the first layer) and, while they were computed, the float64 row
norms of every row at once. For one 1,000,000 x 100 block that was 0.8 GB
above the caller's array. A block of more than :func:`stream_chunk_rows`
rows, trained on the CPU, is instead left as the caller passed it (any
numeric dtype), and every pass over it (validation, the features' RMS, the
epoch itself) converts and embeds one chunk of rows at a time, so the extra
memory is bounded by :data:`STREAM_CHUNK_BYTES` whatever the block's size.
On CUDA the block still goes to the device whole: a CUDA graph replays the
steps from one buffer of rows, and would be captured anew for every chunk.

The epoch stays one epoch over the whole block, in one random order of all
its rows: :meth:`RowStream.chunks` draws a permutation of every row of the
block, cuts it into chunks, and the trainer shuffles each chunk again into
its mini-batches. A chunk is therefore a random sample of the block, not a
run of neighbouring rows, and a block sorted by class trains as well as a
shuffled one. Chunks are whole numbers of mini-batches, so only the last
batch of the epoch can be partial, as without streaming.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import torch

from skff.core.embedding import EmbeddedRows, split_body
from skff.core.trainer import EpochLosses, Trainer, resolve_batch_size

if TYPE_CHECKING:
    from skff.core.network import FFNetwork

#: Bytes of float32 features that a streamed ``partial_fit`` converts and embeds at a
#: time (8 MiB: 20,864 rows of 100 features at ``batch_size=128``). Each chunk costs
#: about four times this at its peak: the float32 rows, the float64 row norms computed
#: from them, the embedded rows, and the trainer's shuffled copy of them. On one
#: 1,000,000 x 100 block (random negatives, to measure the memory alone), the call's
#: peak resident memory above its start was 0.13 GB with 16 MiB chunks, 0.055 GB with
#: 8 MiB and 0.022 GB with 4 MiB; 8 MiB stays under ``MLPClassifier.partial_fit``'s
#: 0.08 GB with chunks of over a hundred mini-batches, whose per-chunk costs (a sort,
#: a gather, a call of the trainer) are lost in the training.
STREAM_CHUNK_BYTES = 8 << 20


def is_numeric_matrix(X: object) -> bool:
    """Whether ``X`` is a 2-D numpy array of booleans, integers or floats: what can stream."""
    return isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype.kind in "biuf"


def stream_chunk_rows(X: object, batch_size: int | str) -> int | None:
    """Rows per chunk when ``X`` is streamed, or None when it is trained whole.

    Parameters
    ----------
    X : object
        The caller's ``X``. Only a 2-D numeric numpy array is streamed;
        lists, data frames and sparse matrices are converted whole as before.
    batch_size : int or "auto"
        The estimator's parameter, resolved for ``len(X)`` rows.

    Returns
    -------
    int or None
        A whole number of mini-batches of about :data:`STREAM_CHUNK_BYTES` of
        float32 features; None when ``X`` is not a numeric array or when its
        rows fit in one chunk (then nothing changes: the block is trained
        exactly as before).
    """
    if not is_numeric_matrix(X):
        return None
    n_rows, n_features = X.shape
    if n_rows == 0 or n_features == 0:
        return None
    batch = resolve_batch_size(batch_size, n_rows)
    rows = max(1, STREAM_CHUNK_BYTES // (4 * n_features * batch)) * batch
    return rows if n_rows > rows else None


def float32_chunk(X: np.ndarray, index: np.ndarray | slice) -> np.ndarray:
    """The rows ``X[index]`` as a C-ordered float32 array (a view when they are one already).

    Values beyond the float32 range were refused by validation; the cast does
    not warn about them again.
    """
    with np.errstate(over="ignore"):
        return np.ascontiguousarray(X[index], dtype=np.float32)


def _tensor(rows: np.ndarray, device: torch.device | str = "cpu") -> torch.Tensor:
    # Read-only arrays (memory maps) are only read: torch's warning does not apply.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The given NumPy array is not writable")
        return torch.as_tensor(rows, device=device)


def streamed_feature_rms(
    X: np.ndarray,
    chunk_rows: int,
    label_embedding: str,
    n_classes: int,
    weight: np.ndarray | None = None,
) -> float:
    """:func:`~skff.core.embedding.feature_rms` of ``X``'s body, a chunk of rows at a time.

    The same value up to rounding (the squares are summed chunk by chunk, in
    float64), without the whole float32 and float64 copies of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_rows, n_features)
        Any numeric dtype; rows are taken in float32, as training sees them.
    chunk_rows : int
    label_embedding : str
        ``"overwrite"`` leaves the first ``n_classes`` columns out.
    n_classes : int
    weight : ndarray of shape (n_rows,), optional
        Non-negative row weights: each row's squares count that many times.

    Returns
    -------
    float
        1.0 for an empty, all-zero or non-finite result, as ``feature_rms``.
    """
    squares, count = 0.0, 0.0
    for start in range(0, len(X), chunk_rows):
        part = slice(start, start + chunk_rows)
        body = split_body(_tensor(float32_chunk(X, part)), label_embedding, n_classes)
        if weight is None:
            count += body.numel()
        else:
            w = torch.as_tensor(weight[part], dtype=torch.float64)
            body = body * w.sqrt().to(body.dtype).unsqueeze(1)
            count += float(w.sum()) * body.shape[1]
        squares += float(torch.linalg.vector_norm(body, dtype=torch.float64)) ** 2
    if count == 0:
        return 1.0
    rms = math.sqrt(squares / count)
    return rms if 0.0 < rms < float("inf") else 1.0


class RowStream:
    """A block's training rows, embedded one chunk at a time as the epoch reaches them.

    Stands where :class:`~skff.core.embedding.EmbeddedRows` and its labels
    would in :class:`~skff.core.loop.TrainingLoop`, which trains one epoch
    over it with :func:`train_streamed_epoch`.

    Parameters
    ----------
    X : ndarray of shape (n_rows, n_features)
        The validated rows, in the caller's dtype (taken in float32 a chunk at
        a time). Never written to.
    y : ndarray of shape (n_rows,)
        Encoded labels.
    net : FFNetwork
        Embeds the rows, on its device.
    chunk_rows : int
        Rows converted and embedded at a time (:func:`stream_chunk_rows`).
    weight : ndarray of shape (n_rows,), optional
        Each row's sample weight, already scaled to mean 1 over the block.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        net: FFNetwork,
        chunk_rows: int,
        weight: np.ndarray | None = None,
    ) -> None:
        self.X, self.y, self.net = X, y, net
        self.chunk_rows = chunk_rows
        self.weight = weight

    def __len__(self) -> int:
        return len(self.y)

    def chunks(self, generator: torch.Generator) -> Iterator[np.ndarray]:
        """The row indices of each chunk of one epoch, sorted within the chunk.

        One permutation of all rows, drawn from ``generator``, cut into
        chunks: each chunk is a random sample of the block, and the chunks
        together hold every row once. The indices are sorted so that gathering
        the rows reads ``X`` in order; the trainer shuffles the chunk anyway.
        """
        n = len(self)
        order = torch.randperm(n, generator=generator, device=generator.device).cpu().numpy()
        for start in range(0, n, self.chunk_rows):
            yield np.sort(order[start : start + self.chunk_rows])

    def take(self, index: np.ndarray) -> tuple[EmbeddedRows, torch.Tensor]:
        """The embedded rows ``index`` and their labels, on the network's device."""
        device = self.net.label_scale.device
        rows = self.net.embed(_tensor(float32_chunk(self.X, index), device))
        if self.weight is not None:
            rows.weight = torch.as_tensor(self.weight[index], dtype=torch.float32, device=device)
        return rows, torch.as_tensor(self.y[index], device=device)


def train_streamed_epoch(trainer: Trainer, stream: RowStream) -> EpochLosses:
    """One epoch of ``trainer`` over every chunk of ``stream``.

    Parameters
    ----------
    trainer : Trainer
        Trains each chunk as one call of
        :meth:`~skff.core.trainer.Trainer.train_epoch`; its step count (and
        warm-up) and optimizer carry over from chunk to chunk.
    stream : RowStream

    Returns
    -------
    EpochLosses
        The chunks' mean losses weighted by their rows: the mean over the
        block's batches, weighted by batch size, as an unstreamed epoch's.
    """
    layer_sum = head_sum = None
    for index in stream.chunks(trainer.generator):
        rows, y = stream.take(index)
        losses = trainer.train_epoch(rows, y)
        n = len(rows)
        # The next chunk replaces this one instead of joining it in memory.
        del rows, y
        layer_sum = losses.layers * n if layer_sum is None else layer_sum + losses.layers * n
        head_sum = losses.head * n if head_sum is None else head_sum + losses.head * n
    n_rows = len(stream)
    return EpochLosses(layer_sum / n_rows, head_sum / n_rows)
