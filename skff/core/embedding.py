"""Label embedding: how the label enters the first layer's input.

The first layer sees ``[x_body, label_vector]``, normalized to unit RMS per
row. Two embeddings exist:

* ``"concat"``: ``x_body`` is every feature, and a one-hot block is appended.
* ``"overwrite"``: the first ``n_classes`` features are replaced by the one-hot
  block (Hinton's MNIST setup), so ``x_body`` is ``x[:, n_classes:]``.

Both are the same network: overwrite is concat with the overwritten columns
dropped. Since a one-hot vector has the same length whatever the label, the
row normalization does not depend on the label, and the first layer's
pre-activation splits into ``W_x @ x_hat + c * W_y[:, label] + b``: the
``W_x @ x_hat`` part is computed once per row and shared by the positive
pass, the negative pass and every candidate label at prediction time.

The one-hot entry has the value ``label_scale`` (the RMS of the training
features), so the label neither drowns in large features nor drowns small
ones: the model is invariant to a global rescaling of ``X``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

EMBEDDINGS = ("concat", "overwrite")


def split_body(X: torch.Tensor, embedding: str, n_classes: int) -> torch.Tensor:
    """Return the feature columns that reach ``W_x`` under ``embedding``."""
    if embedding == "overwrite":
        return X[:, n_classes:]
    return X


def feature_rms(X: torch.Tensor, weight: torch.Tensor | None = None) -> float:
    """RMS of all entries of ``X``, computed without overflow; 1.0 for zeros.

    With ``weight`` (one non-negative number per row, float64), each row's
    squares count that many times: rows of weight 0 do not matter, and
    all-ones weights give the unweighted value bit for bit.
    """
    if X.numel() == 0:
        return 1.0
    if weight is None:
        # The norm kernel accumulates in float64 without a float64 copy of X.
        rms = torch.linalg.vector_norm(X, dtype=torch.float64).item() / X.numel() ** 0.5
    else:
        scaled = X * weight.sqrt().to(X.dtype).unsqueeze(1)
        count = float(weight.sum()) * X.shape[1]
        rms = torch.linalg.vector_norm(scaled, dtype=torch.float64).item() / count**0.5
    return rms if 0.0 < rms < float("inf") else 1.0


@dataclass
class EmbeddedRows:
    """Rows ready for the first layer.

    Attributes
    ----------
    body : torch.Tensor of shape (n_rows, n_body)
        ``x_body`` scaled so that ``[x_body, one_hot * label_scale]`` has
        unit RMS.
    label_coef : torch.Tensor of shape (n_rows,)
        The value of the hot entry after that scaling.
    neutral_ratio : torch.Tensor of shape (n_rows,)
        How much larger the row scale is when the label block is neutral
        (``label_scale / n_classes`` in every slot) instead of one-hot.
    weight : torch.Tensor of shape (n_rows,) or None, default=None
        Training rows only: each row's sample weight, scaled to mean 1 over
        the training rows; a row's losses (positive and negative) count that
        many times. None: every row counts once, through the unweighted
        arithmetic.
    """

    body: torch.Tensor
    label_coef: torch.Tensor
    neutral_ratio: torch.Tensor
    weight: torch.Tensor | None = None

    def __len__(self) -> int:
        return self.body.shape[0]

    def take(self, index: torch.Tensor | slice) -> EmbeddedRows:
        """Select rows by index tensor or slice."""
        weight = None if self.weight is None else self.weight[index]
        return EmbeddedRows(
            self.body[index], self.label_coef[index], self.neutral_ratio[index], weight
        )


def embed_rows(body: torch.Tensor, n_classes: int, label_scale: float) -> EmbeddedRows:
    """Scale feature rows for the first layer.

    Parameters
    ----------
    body : torch.Tensor of shape (n_rows, n_body), float32
        Feature columns from :func:`split_body`.
    n_classes : int
        Size of the label block.
    label_scale : float
        Value of the hot entry before normalization.

    Returns
    -------
    EmbeddedRows
    """
    # Row norms in float64: squares of float32 features overflow above ~1e19
    # and underflow below ~1e-19, and both are inputs users really pass.
    sq = torch.linalg.vector_norm(body, dim=1, dtype=torch.float64).square()
    n_inputs = body.shape[1] + n_classes
    label_sq = label_scale**2
    scale_onehot = torch.rsqrt((sq + label_sq) / n_inputs)
    scale_neutral = torch.rsqrt((sq + label_sq / n_classes) / n_inputs)
    return EmbeddedRows(
        body=body * scale_onehot.to(body.dtype).unsqueeze(1),
        label_coef=(label_scale * scale_onehot).to(body.dtype),
        neutral_ratio=(scale_neutral / scale_onehot).to(body.dtype),
    )
