"""The Forward-Forward network: fully connected ReLU layers with local objectives.

``h_k = relu(W_k @ rms_normalize(h_{k-1}) + b_k)``, and the first layer reads
the label-embedded input (see :mod:`skff.core.embedding`). The input of every
layer is detached from the layer below, so each layer's gradient comes from
its own loss alone. That makes the backward pass short enough to write by
hand (:func:`backward`), which avoids autograd's graph-building cost on every
step; :mod:`tests.test_core` checks it against autograd.

The hot paths (training step, all-label scoring) work on a :class:`Layers`
snapshot of the parameters, taken once per epoch or prediction call, write
into a reusable :class:`Workspace`, and use few, large kernels: layer 1's
``W_x @ x_hat`` is computed once for the positive and negative rows (and for
every candidate label), the label enters as a gathered column, every layer's
goodness doubles as the scale that normalizes its output for the next layer,
and that scale is applied to the matmul's output (forward) or folded into the
row gradient (backward) instead of to a normalized copy of the activities.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from skff.core.embedding import EmbeddedRows, embed_rows, split_body
from skff.core.precision import addmm, mm


def goodness(h: torch.Tensor) -> torch.Tensor:
    """Goodness of each row: the mean of the squared activities.

    The mean, not Hinton's sum, so that one threshold works whatever the width.
    """
    # The 2-norm kernel reads ``h`` once and allocates no ``h ** 2`` temporary;
    # squaring the norm costs one rounding (relative 1e-7).
    return torch.linalg.vector_norm(h, dim=-1).square() / h.shape[-1]


def rms_normalize(h: torch.Tensor) -> torch.Tensor:
    """Scale each row to unit RMS, so only its direction reaches the next layer.

    Rows are first divided by their largest entry, which keeps the squares
    finite whatever the scale of the activities. All-zero rows stay zero.
    """
    peak = h.abs().amax(dim=-1, keepdim=True).clamp_min(torch.finfo(h.dtype).tiny)
    h = h / peak
    return h * torch.rsqrt(h.pow(2).mean(dim=-1, keepdim=True).clamp_min(1e-12))


def _uniform_(weight: torch.Tensor, fan_in: int, generator: torch.Generator) -> None:
    bound = 1.0 / math.sqrt(fan_in)
    with torch.no_grad():
        weight.uniform_(-bound, bound, generator=generator)


@dataclass(frozen=True)
class Layers:
    """Plain references to a network's parameters, for the hot loops.

    Indexing an ``nn.ParameterList`` costs microseconds per access; a training
    step makes dozens, so the trainer and the scorer take this snapshot once
    per epoch or call. The tensors are the parameters themselves: in-place
    optimizer updates show through.

    Attributes
    ----------
    weights : tuple of torch.Tensor
        ``W_x`` (layer 1, feature columns), then ``W_k`` for layers 2 and up.
    biases : tuple of torch.Tensor
        ``b_k`` of every layer.
    label_weight : torch.Tensor of shape (width, n_classes)
        ``W_y``: layer 1's weights on the label block.
    """

    weights: tuple[torch.Tensor, ...]
    biases: tuple[torch.Tensor, ...]
    label_weight: torch.Tensor

    def label_rows(self) -> torch.Tensor:
        """``W_y`` transposed and contiguous: one row per label, cheap to gather."""
        return self.label_weight.detach().t().contiguous()


PREDICTIONS = ("goodness", "softmax", "combined")


@dataclass(frozen=True)
class NetworkSpec:
    """Everything about a network's shape that its weights do not say.

    A fitted model predicts from this and its weights alone: changing the
    estimator's hyperparameters after ``fit`` does not change the network
    they built.

    Attributes
    ----------
    n_inputs : int
        Feature columns that reach the first layer (the label block excluded).
    n_classes : int
        Number of labels, the size of the label block.
    depth : int
        Number of hidden layers.
    width : int
        Units per hidden layer.
    label_embedding : {"concat", "overwrite"}
        How the label enters the input (:mod:`skff.core.embedding`).
    prediction : {"goodness", "softmax", "combined"}
        Score labels by summed goodness, by the softmax head, or by both
        (:func:`skff.core.scoring.label_scores`).
    skip_first_layer : bool
        Leave layer 1 out of the goodness sum and of the head's input.
    """

    n_inputs: int
    n_classes: int
    depth: int
    width: int
    label_embedding: str = "concat"
    prediction: str = "goodness"
    skip_first_layer: bool = False

    @property
    def first_scored_layer(self) -> int:
        """Zero-based index of the first layer whose goodness scores labels."""
        return 1 if self.skip_first_layer and self.depth > 1 else 0

    @property
    def head_layers(self) -> tuple[int, ...]:
        """Zero-based layers that feed the softmax head; empty without a head."""
        if self.prediction == "goodness":
            return ()
        return tuple(range(self.first_scored_layer, self.depth))

    @property
    def n_features(self) -> int:
        """Columns of the raw input ``X`` the network reads."""
        if self.label_embedding == "overwrite":
            return self.n_inputs + self.n_classes
        return self.n_inputs


class FFNetwork(nn.Module):
    """Weights of a Forward-Forward network, with a hand-written backward pass.

    Parameters
    ----------
    n_inputs : int
        Number of feature columns that reach the first layer (label block
        excluded).
    n_classes : int
        Number of labels, the size of the label block.
    depth : int
        Number of hidden layers.
    width : int
        Units per hidden layer.
    label_embedding : {"concat", "overwrite"}, default="concat"
        How the label enters the input (:mod:`skff.core.embedding`).
    prediction : {"goodness", "softmax", "combined"}, default="goodness"
        ``"softmax"`` and ``"combined"`` add a linear softmax head on the
        normalized activities of the scored layers.
    skip_first_layer : bool, default=False
        Leave layer 1 out of the goodness sum and of the head's input.
    label_scale : float, default=1.0
        Value of the hot entry of the label block.
    generator : torch.Generator, optional
        Source of randomness for the initial weights.

    Attributes
    ----------
    spec : NetworkSpec
        The shape and the prediction rule, fixed when the network is built.
    """

    def __init__(
        self,
        n_inputs: int,
        n_classes: int,
        depth: int,
        width: int,
        *,
        label_embedding: str = "concat",
        prediction: str = "goodness",
        skip_first_layer: bool = False,
        label_scale: float = 1.0,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        if generator is None:
            generator = torch.Generator().manual_seed(0)
        self.spec = NetworkSpec(
            n_inputs=int(n_inputs),
            n_classes=int(n_classes),
            depth=int(depth),
            width=int(width),
            label_embedding=label_embedding,
            prediction=prediction,
            skip_first_layer=bool(skip_first_layer),
        )
        self.register_buffer("label_scale", torch.tensor(float(label_scale)))
        fan_in = n_inputs + n_classes
        input_weight = nn.Parameter(torch.empty(width, n_inputs))
        self.label_weight = nn.Parameter(torch.empty(width, n_classes))
        _uniform_(input_weight, fan_in, generator)
        _uniform_(self.label_weight, fan_in, generator)
        self.weights = nn.ParameterList([input_weight])
        self.biases = nn.ParameterList()
        for k in range(depth):
            if k > 0:
                w = nn.Parameter(torch.empty(width, width))
                _uniform_(w, width, generator)
                self.weights.append(w)
            b = nn.Parameter(torch.empty(width))
            _uniform_(b, fan_in if k == 0 else width, generator)
            self.biases.append(b)
        if self.head_layers:
            n_head = width * len(self.head_layers)
            self.head_weight = nn.Parameter(torch.empty(n_classes, n_head))
            self.head_bias = nn.Parameter(torch.zeros(n_classes))
            _uniform_(self.head_weight, n_head, generator)
        else:
            self.head_weight = None
            self.head_bias = None

    @property
    def n_inputs(self) -> int:
        """Feature columns that reach the first layer."""
        return self.spec.n_inputs

    @property
    def n_classes(self) -> int:
        """Number of labels."""
        return self.spec.n_classes

    @property
    def depth(self) -> int:
        """Number of hidden layers."""
        return self.spec.depth

    @property
    def width(self) -> int:
        """Units per hidden layer."""
        return self.spec.width

    @property
    def head_layers(self) -> tuple[int, ...]:
        """Zero-based layers that feed the softmax head."""
        return self.spec.head_layers

    def embed(self, X: torch.Tensor) -> EmbeddedRows:
        """Rows of raw features ``X``, ready for the first layer.

        Parameters
        ----------
        X : torch.Tensor of shape (n_rows, spec.n_features), float32
            On the network's device.

        Returns
        -------
        EmbeddedRows
        """
        body = split_body(X, self.spec.label_embedding, self.n_classes)
        return embed_rows(body, self.n_classes, float(self.label_scale))

    @property
    def input_weight(self) -> nn.Parameter:
        """``W_x``: layer 1's weights on the feature columns."""
        return self.weights[0]

    def layer_parameters(self, k: int) -> list[nn.Parameter]:
        """Parameters trained by layer ``k``'s objective (zero-based)."""
        params = [self.weights[k], self.biases[k]]
        if k == 0:
            params.insert(1, self.label_weight)
        return params

    def head_parameters(self) -> list[nn.Parameter]:
        """Parameters of the softmax head (empty without a head)."""
        return [] if self.head_weight is None else [self.head_weight, self.head_bias]

    def layers(self) -> Layers:
        """Snapshot of the parameters for :func:`pair_forward`, :func:`backward` and scoring."""
        return Layers(tuple(self.weights), tuple(self.biases), self.label_weight)

    # ------------------------------------------------------------------ forward
    def first_layer_neutral(
        self,
        body: torch.Tensor,
        label_coef: torch.Tensor,
        neutral_ratio: torch.Tensor,
    ) -> torch.Tensor:
        """Layer-1 activities with the neutral label, ``1 / n_classes`` per slot."""
        ratio = neutral_ratio.unsqueeze(1)
        z = torch.addmm(self.biases[0], body * ratio, self.input_weight.t())
        mean_label = self.label_weight.sum(dim=1) / self.n_classes
        return torch.relu(z + (label_coef.unsqueeze(1) * ratio) * mean_label)

    def activities_from_first_layer(self, h: torch.Tensor, n_layers: int) -> list[torch.Tensor]:
        """Activities of layers 1..n_layers given layer 1's ``h`` (included), without autograd."""
        with torch.no_grad():
            activities, _, _ = forward_from_first_layer(self.layers(), h, n_layers)
        return activities

    def head_features(self, activities: list[torch.Tensor]) -> torch.Tensor:
        """The softmax head's input: the head layers' activities, normalized and side by side."""
        return torch.cat([rms_normalize(activities[k]) for k in self.head_layers], 1)

    def head_logits(self, features: torch.Tensor) -> torch.Tensor:
        """Softmax-head logits from :meth:`head_features`."""
        return torch.addmm(self.head_bias, features, self.head_weight.t())

    # ----------------------------------------------------------------- backward
    def head_backward(
        self,
        features: torch.Tensor,
        logits: torch.Tensor,
        targets: torch.Tensor,
        weight: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Gradient of the mean cross-entropy into the head; returns the loss.

        The gradients are written into the existing ``.grad`` when it fits
        (:func:`_write_grad`), and nothing here reads a value back to the
        host, so the step can be captured in a CUDA graph. ``weight`` (one
        per row) multiplies each row's cross-entropy; the mean is still over
        the rows.
        """
        log_p = torch.log_softmax(logits, dim=1)
        targets = targets.unsqueeze(1)
        d_logits = log_p.exp()
        # p - 1 in each row's target column (a scatter: no advanced-indexing checks).
        d_logits.scatter_add_(1, targets, torch.full_like(d_logits[:, :1], -1.0))
        if weight is None:
            loss = -log_p.gather(1, targets).mean()
        else:
            loss = -(log_p.gather(1, targets) * weight.unsqueeze(1)).mean()
            d_logits.mul_(weight.unsqueeze(1))
        d_logits /= len(targets)
        _write_grad(self.head_weight, torch.mm, d_logits.t(), features)
        _write_grad(self.head_bias, torch.sum, d_logits, dim=0)
        return loss


class Workspace:
    """Buffers that the hot loops write into with ``out=``, reused from call to call.

    On the CPU, PyTorch takes every tensor from ``malloc``; once a step frees
    more than glibc's trim threshold, the memory goes back to the kernel and
    the next step page-faults all of it in again. Measured with the MNIST
    network's shapes (2 MB activity tensors), layer 1's forward took 1.5 ms
    with fresh tensors and 0.5 ms without the page faults. A workspace keeps
    one buffer per name and shape, so a training run or a prediction call
    allocates its activities once. A buffer is overwritten by the next call
    that asks for it: results that must outlive a step are copied out (the
    goodness and the losses are small and freshly allocated).
    """

    def __init__(self) -> None:
        self._buffers: dict[tuple[str, tuple[int, ...]], torch.Tensor] = {}

    def get(self, name: str, shape: tuple[int, ...], like: torch.Tensor) -> torch.Tensor:
        """An uninitialised buffer of ``shape`` with the dtype and device of ``like``.

        Parameters
        ----------
        name : str
            What the buffer holds; two live tensors need two names.
        shape : tuple of int
        like : torch.Tensor

        Returns
        -------
        torch.Tensor
        """
        key = (name, tuple(shape))
        buffer = self._buffers.get(key)
        if buffer is None or buffer.dtype != like.dtype or buffer.device != like.device:
            buffer = torch.empty(key[1], dtype=like.dtype, device=like.device)
            self._buffers[key] = buffer
        return buffer


def _out(
    workspace: Workspace | None, name: str, shape: tuple[int, ...], like: torch.Tensor
) -> torch.Tensor | None:
    return None if workspace is None else workspace.get(name, shape, like)


def forward_from_first_layer(
    layers: Layers, h: torch.Tensor, n_layers: int, workspace: Workspace | None = None
) -> tuple[list[torch.Tensor], list[torch.Tensor], list[torch.Tensor]]:
    """Layers 1..n_layers from layer 1's activities ``h`` (rows may be batched).

    Layer ``k``'s input is ``s * h_{k-1}`` with the per-row normalization
    ``s = 1 / sqrt(g_{k-1})``. A row scale commutes with the matmul, so it is
    applied to ``h_{k-1} @ W_k^T`` together with the bias, and the normalized
    input is never materialized: one pass over the activities saved per
    layer, here and in :func:`backward`.

    Parameters
    ----------
    layers : Layers
    h : torch.Tensor of shape (n_rows, width)
        Layer 1's activities.
    n_layers : int
        Run layers ``1..n_layers``.
    workspace : Workspace, optional
        Where to put the activities; new tensors if None.

    Returns
    -------
    activities : list of torch.Tensor
        ``h_k`` of every layer, the first being ``h`` itself.
    scales : list of torch.Tensor of shape (n_rows,)
        The normalization of every layer's output that feeds a next layer
        (``scales[k]`` multiplies ``activities[k]``; one fewer than layers).
    goods : list of torch.Tensor of shape (n_rows,)
        The goodness of every layer, ``goods[k] = goodness(activities[k])``.
    """
    activities, scales = [h], []
    g = goodness(h)
    goods = [g]
    shape = tuple(h.shape)
    for k in range(1, n_layers):
        # The goodness is the mean square, so it gives the RMS normalization without
        # rms_normalize's five passes over h. The two agree to rounding while g is
        # finite; a non-finite goodness means training has diverged (the layer's
        # loss is non-finite too, and the estimator stops). Zero rows stay zero.
        scale = torch.rsqrt(g.clamp_min(torch.finfo(g.dtype).tiny))
        z = mm(h, layers.weights[k].t(), out=_out(workspace, f"h{k}", shape, h))
        h = torch.addcmul(layers.biases[k], z, scale.unsqueeze(-1), out=z).relu_()
        g = goodness(h)
        scales.append(scale)
        activities.append(h)
        goods.append(g)
    return activities, scales, goods


def pair_forward(
    layers: Layers,
    body: torch.Tensor,
    label_coef: torch.Tensor,
    labels: torch.Tensor,
    n_layers: int,
    workspace: Workspace | None = None,
) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
    """Forward pass of ``r`` label sets that share the same ``m`` rows.

    Layer 1's ``W_x @ x_hat + b_1`` is computed once for the ``m`` rows and
    broadcast over the label sets; only the label column differs.

    Parameters
    ----------
    layers : Layers
    body, label_coef : torch.Tensor
        The first layer's inputs for ``m`` rows (:class:`~skff.core.embedding.EmbeddedRows`).
    labels : torch.Tensor of shape (r * m,)
        One label per forward row: ``r`` label sets stacked (in training,
        the positives, then the negatives).
    n_layers : int
        Run layers ``1..n_layers``.
    workspace : Workspace, optional
        Where to put the activities; new tensors if None.

    Returns
    -------
    activities, scales : list of torch.Tensor
        As :func:`forward_from_first_layer`, rows in the order of ``labels``.
    goodness : torch.Tensor of shape (n_layers, r * m)
    """
    m, width = body.shape[0], layers.biases[0].shape[0]
    r = labels.shape[0] // m
    projection = addmm(
        layers.biases[0],
        body,
        layers.weights[0].t(),
        out=_out(workspace, "projection", (m, width), body),
    )
    label_part = torch.index_select(
        layers.label_rows(), 0, labels, out=_out(workspace, "label", (r * m, width), body)
    )
    h = torch.addcmul(
        projection,
        label_part.view(r, m, width),
        label_coef.view(1, m, 1),
        out=_out(workspace, "h0", (r, m, width), body),
    ).relu_()
    activities, scales, goods = forward_from_first_layer(
        layers, h.view(r * m, width), n_layers, workspace
    )
    return activities, scales, torch.stack(goods)


def backward(
    layers: Layers,
    body: torch.Tensor,
    label_coef: torch.Tensor,
    labels: torch.Tensor,
    activities: list[torch.Tensor],
    scales: list[torch.Tensor],
    goodness_grad: torch.Tensor,
    trainable: range,
    workspace: Workspace | None = None,
    label_onehot: torch.Tensor | None = None,
    unit_grads: dict[int, torch.Tensor] | None = None,
    unit_weight: torch.Tensor | None = None,
) -> None:
    """Write each trainable layer's local gradient into ``.grad``.

    Gradients are overwritten, not accumulated, and written into the existing
    ``.grad`` tensors when their shape fits.

    Parameters
    ----------
    layers : Layers
        Snapshot of the network whose parameters receive the gradients.
    body, label_coef : torch.Tensor
        The first layer's inputs, for ``m`` distinct rows.
    labels : torch.Tensor of shape (r * m,)
        The label of every forward row: ``r`` label sets stacked, all
        sharing ``body`` (positives, then negatives).
    activities : list of torch.Tensor of shape (r * m, width)
        ``h_k`` of each layer, rows in the same order as ``labels``.
    scales : list of torch.Tensor of shape (r * m,)
        Input normalizations from :func:`forward_from_first_layer`: layer ``k``'s input
        is ``activities[k - 1] * scales[k - 1]``.
    goodness_grad : torch.Tensor of shape (n_layers, r * m)
        ``d loss / d g_k`` for each layer and row.
    trainable : range
        Zero-based layers to compute gradients for.
    workspace : Workspace, optional
        Where to put the intermediate tensors; new tensors if None.
    label_onehot : torch.Tensor of shape (r * m, n_classes), optional
        Each row's ``label_coef`` in its label's column, zeros elsewhere
        (:func:`label_onehot_rows`); built here when None.
    unit_grads : dict of int to torch.Tensor of shape (width,), optional
        For some layers, a gradient to add to every unit's pre-activation in
        each of the first ``m`` rows (the positives), whether the unit is
        active or not: the peer-normalization term
        (:class:`skff.core.peer.PeerNormalization`).
    unit_weight : torch.Tensor of shape (m,), optional
        The positives' sample weights: ``unit_grads`` reaches each row times
        its weight. None: once each, through the unweighted arithmetic.
    """
    m, width = body.shape[0], layers.biases[0].shape[0]
    unit_grads = unit_grads or {}
    if unit_weight is not None and unit_grads:
        # The bias gradient sums the rows' shares; one host read per step, on a path
        # that stays eager anyway (peer normalization is never captured in a graph).
        weight_sum: float = float(unit_weight.sum())
        unit_grads = {k: (v, v * unit_weight.unsqueeze(1)) for k, v in unit_grads.items()}
    else:
        weight_sum = m
        unit_grads = {k: (v, v) for k, v in unit_grads.items()}
    for k in trainable:
        h = activities[k]
        # g = mean(h^2) and h = relu(z): dL/dz = dL/dg * 2h / width (h is 0 where z <= 0).
        row_grad = goodness_grad[k] * (2.0 / width)
        if k == 0:
            dz = torch.mul(h, row_grad.unsqueeze(1), out=_out(workspace, "dz0", h.shape, h))
            if k in unit_grads:
                dz[:m] += unit_grads[k][1]
            r = dz.shape[0] // m
            # Every label set shares the same x, so one matmul serves them all.
            shared = torch.sum(
                dz.view(r, m, width), dim=0, out=_out(workspace, "shared", (m, width), h)
            )
            _write_grad(layers.biases[0], torch.sum, shared, dim=0)
            _write_grad(layers.weights[0], mm, shared.t(), body)
            # The label block is one-hot with value label_coef: its weight gradient is
            # dz^T @ E, where E holds each row's label_coef in its label's column.
            if label_onehot is None:
                n_classes = layers.label_weight.shape[1]
                label_onehot = label_onehot_rows(labels, label_coef.repeat(r), n_classes)
            _write_grad(layers.label_weight, mm, dz.t(), label_onehot)
        else:
            # db = dz^T 1 = h^T row_grad; dW = dz^T (s * h_{k-1}) = (h * (row_grad * s))^T h_{k-1}:
            # the input's row scale joins the row gradient, so neither dz nor the
            # normalized input is needed.
            _write_grad(layers.biases[k], torch.mv, h.t(), row_grad)
            scaled = torch.mul(
                h,
                (row_grad * scales[k - 1]).unsqueeze(1),
                out=_out(workspace, f"dz{k}", h.shape, h),
            )
            if k in unit_grads:
                per_unit, per_row = unit_grads[k]
                layers.biases[k].grad.add_(per_unit, alpha=weight_sum)
                scaled[:m].addcmul_(per_row, scales[k - 1][:m].unsqueeze(1))
            _write_grad(layers.weights[k], mm, scaled.t(), activities[k - 1])


def label_onehot_rows(
    labels: torch.Tensor, label_coef: torch.Tensor, n_classes: int
) -> torch.Tensor:
    """The label block of the input: ``label_coef`` in each row's label column.

    Parameters
    ----------
    labels : torch.Tensor of shape (n_rows,)
    label_coef : torch.Tensor of shape (n_rows,)
    n_classes : int

    Returns
    -------
    torch.Tensor of shape (n_rows, n_classes)
    """
    onehot = torch.zeros(len(labels), n_classes, dtype=label_coef.dtype, device=labels.device)
    return onehot.scatter_(1, labels.unsqueeze(1), label_coef.unsqueeze(1))


def _write_grad(
    param: torch.Tensor, op: Callable[..., torch.Tensor], *args: Any, **kwargs: Any
) -> None:
    """``param.grad = op(*args)``, written into the existing ``.grad`` when it fits.

    Gradients are overwritten, not accumulated: each step computes them whole.
    Writing in place spares an allocation (and, for big layers on the CPU,
    the page faults of fresh memory) and lets an optimizer keep ``.grad`` as a
    view of a flat buffer (:class:`~skff.core.optim.LeanAdam`).
    """
    grad = param.grad
    if (
        grad is not None
        and grad.shape == param.shape
        and grad.dtype == param.dtype
        and grad.device == param.device
    ):
        op(*args, **kwargs, out=grad)
    else:
        param.grad = op(*args, **kwargs)
