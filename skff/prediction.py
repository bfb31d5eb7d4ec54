"""Prediction over arrays of any size: rows in bounded chunks, with a retry when CUDA runs out.

The estimator's ``predict`` family, the validation scores and the
diagnostics all score rows through ``predict_in_chunks``: it converts
the rows to float32 one chunk at a time (so an int or float64 ``X`` is never
copied whole), sizes the chunks with the one policy of
``skff.core.scoring.chunk_rows``, and halves them when CUDA runs out of
memory. Apart from the device and the matmul precision to compute with, it
reads nothing but the fitted network.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import torch
from numpy.typing import ArrayLike

from skff.core.embedding import EmbeddedRows
from skff.core.network import FFNetwork
from skff.core.precision import FLOAT32_MAX, matmul_precision
from skff.core.scoring import chunk_rows, label_scores
from skff.core.scoring import label_goodness as chunk_label_goodness
from skff.device import resolve_device
from skff.threads import cpu_threads, step_work
from skff.validation import check_predict_input

if TYPE_CHECKING:
    from skff.estimator import ForwardForwardClassifier

#: Computes one chunk's result from its embedded rows, on the network's device.
ChunkScorer = Callable[[FFNetwork, EmbeddedRows], torch.Tensor]


def as_tensor(X: np.ndarray, device: torch.device) -> torch.Tensor:
    """``X`` as a tensor, sharing its memory on the CPU.

    Read-only arrays (joblib's memory maps in a parallel grid search, for
    example) are used as they are: skff never writes into the input, so
    torch's warning about non-writable arrays does not apply.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The given NumPy array is not writable")
        return torch.as_tensor(X, device=device)


def float32_rows(X: np.ndarray) -> np.ndarray:
    """Rows in float32, refusing values that overflow it.

    Raises
    ------
    ValueError
        When a value is beyond the float32 range.
    """
    with np.errstate(over="ignore"):  # overflow is reported below, as an error
        rows = np.asarray(X, dtype=np.float32)
    if X.dtype != np.float32 and not np.isfinite(rows).all():
        raise ValueError(
            f"X has values beyond +-{FLOAT32_MAX:.1e}, the float32 range the "
            "network computes in, so they would become infinite. Clip them or "
            "rescale those features the way the training data was scaled."
        )
    return rows


def predict_in_chunks(
    net: FFNetwork,
    X: np.ndarray,
    score: ChunkScorer,
    n_candidates: int,
    device: torch.device,
    precision: str = "fp32",
) -> np.ndarray:
    """Apply ``score`` to the rows of ``X`` in chunks; the results stacked in float64.

    Parameters
    ----------
    net : FFNetwork
        On ``device``.
    X : ndarray of shape (n_rows, n_features)
        Validated numeric rows, of any dtype that converts to float32.
    score : callable
        ``score(net, rows)`` for one chunk of embedded rows.
    n_candidates : int
        Label passes per row that ``score`` makes, for the chunk size.
    device : torch.device
    precision : {"fp32", "tf32", "bf16"}, default="fp32"
        Matmul precision on CUDA.

    Returns
    -------
    ndarray of shape (n_rows, ...)

    Raises
    ------
    torch.cuda.OutOfMemoryError
        When even a single row does not fit.
    """
    size = chunk_rows(n_candidates, net.width, X.shape[1])
    work = step_work(min(size, len(X)) * n_candidates, net.n_inputs, net.width, net.depth)
    with cpu_threads(device, work, training=False):
        return _predict_chunks(net, X, score, size, device, precision)


def _predict_chunks(
    net: FFNetwork,
    X: np.ndarray,
    score: ChunkScorer,
    size: int,
    device: torch.device,
    precision: str,
) -> np.ndarray:
    out = None
    start = 0
    while start < X.shape[0]:
        rows = float32_rows(X[start : start + size])
        try:
            with matmul_precision(precision, device):
                part = score(net, net.embed(as_tensor(rows, device))).cpu().numpy()
            if out is None:
                out = np.empty((X.shape[0], *part.shape[1:]), dtype=np.float64)
            out[start : start + len(rows)] = part
            start += len(rows)
            continue
        except torch.cuda.OutOfMemoryError as err:
            if len(rows) == 1:
                raise torch.cuda.OutOfMemoryError(
                    f"CUDA ran out of memory while predicting a single row on "
                    f"{device} (width={net.width}, {net.n_classes} classes). Free GPU "
                    "memory used by other tensors or processes, or predict with "
                    "device='cpu'."
                ) from err
        # Out of memory. Outside the except block the failed chunk's tensors are
        # no longer referenced, so emptying the cache can free them. The smaller
        # size stays: the memory pressure is likely to last.
        size = max(1, len(rows) // 2)
        del rows
        if device.type == "cuda":
            torch.cuda.empty_cache()
    return out


def predict_logits(
    net: FFNetwork, X: np.ndarray, device: torch.device, precision: str = "fp32"
) -> np.ndarray:
    """Per-class logits of ``X`` under the network's prediction rule.

    Returns
    -------
    ndarray of shape (n_rows, n_classes), float64

    Raises
    ------
    ValueError
        When some logit is not finite (weights too large).
    """
    n_candidates = 1 if net.spec.prediction == "softmax" else net.n_classes
    logits = predict_in_chunks(net, X, score_labels, n_candidates, device, precision)
    if not np.isfinite(logits).all():
        # Inputs are normalized per row, so only the weights can do this.
        raise ValueError(
            "The network's scores overflowed float32 for some rows: its weights are "
            "too large to give finite probabilities. Fit it again with a lower "
            "learning_rate_init or with alpha > 0 to keep the weights small."
        )
    return logits


def predict_label_goodness(
    net: FFNetwork, X: np.ndarray, device: torch.device, precision: str = "fp32"
) -> np.ndarray:
    """Goodness of every layer for every label of ``X``.

    Returns
    -------
    ndarray of shape (n_rows, n_classes, depth), float64
    """
    return predict_in_chunks(net, X, score_goodness, net.n_classes, device, precision)


def score_labels(net: FFNetwork, rows: EmbeddedRows) -> torch.Tensor:
    """``label_scores`` of one chunk, every layer."""
    return label_scores(net, rows)


def score_goodness(net: FFNetwork, rows: EmbeddedRows) -> torch.Tensor:
    """``label_goodness`` of one chunk, every layer."""
    return chunk_label_goodness(net, rows)


def predict_fitted(
    estimator: ForwardForwardClassifier, predict: Callable[..., np.ndarray], X: ArrayLike
) -> np.ndarray:
    """Validate ``X`` for a fitted estimator and run ``predict`` on its network and device.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        Fitted; its ``device`` and ``precision`` parameters say where and how
        to compute (runtime settings, like ``n_jobs``), everything else comes
        from ``network_``.
    predict : callable
        ``predict(network, X, device, precision)``, such as
        ``predict_logits`` or ``predict_label_goodness``.
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    ndarray
        ``predict``'s result.
    """
    X = check_predict_input(estimator, X)
    device = resolve_device(estimator.device)
    try:
        return predict(estimator.network_.to(device), X, device, estimator.precision)
    finally:
        estimator.network_ = estimator.network_.cpu()


def label_goodness(estimator: ForwardForwardClassifier, X: ArrayLike) -> np.ndarray:
    """Goodness of every layer of a fitted estimator for every label of ``X``.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        A fitted estimator.
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples, n_classes, depth)
        ``[i, c, k]``: the goodness (mean of squared activities) of layer
        ``k + 1`` for row ``i`` shown with ``classes_[c]``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skff import ForwardForwardClassifier
    >>> from skff.prediction import label_goodness
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = ForwardForwardClassifier(max_iter=5, random_state=0, device="cpu")
    >>> clf = clf.fit(X, y)
    >>> label_goodness(clf, X[:4]).shape
    (4, 3, 2)
    """
    return predict_fitted(estimator, predict_label_goodness, X)
