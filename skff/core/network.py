"""The Forward-Forward network: fully connected ReLU layers with local objectives.

``h_k = relu(W_k @ rms_normalize(h_{k-1}) + b_k)``, and the first layer reads
the label-embedded input (see :mod:`skff.core.embedding`). The input of every
layer is detached from the layer below, so each layer's gradient comes from
its own loss alone. That makes the backward pass short enough to write by
hand (:meth:`FFNetwork.backward`), which avoids autograd's graph-building
cost on every step; :mod:`tests.test_core` checks it against autograd.
"""

from __future__ import annotations

import math

import torch
from torch import nn


def goodness(h: torch.Tensor) -> torch.Tensor:
    """Goodness of each row: the mean of the squared activities.

    The mean, not Hinton's sum, so that one threshold works whatever the width.
    """
    return h.pow(2).mean(dim=-1)


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
    head_layers : tuple of int, default=()
        Zero-based indices of the layers whose normalized activities feed a
        linear softmax head. Empty for no head.
    label_scale : float, default=1.0
        Value of the hot entry of the label block.
    generator : torch.Generator, optional
        Source of randomness for the initial weights.
    """

    def __init__(
        self,
        n_inputs: int,
        n_classes: int,
        depth: int,
        width: int,
        head_layers: tuple[int, ...] = (),
        label_scale: float = 1.0,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        if generator is None:
            generator = torch.Generator().manual_seed(0)
        self.n_inputs = n_inputs
        self.n_classes = n_classes
        self.depth = depth
        self.width = width
        self.head_layers = tuple(head_layers)
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

    # ------------------------------------------------------------------ forward
    def input_projection(self, body: torch.Tensor) -> torch.Tensor:
        """``x_hat @ W_x^T + b_1``: the part of layer 1 that ignores the label."""
        return torch.addmm(self.biases[0], body, self.input_weight.t())

    def first_layer(
        self, projection: torch.Tensor, label_coef: torch.Tensor, labels: torch.Tensor
    ) -> torch.Tensor:
        """Layer-1 activities for one label per row."""
        label_part = self.label_weight.t()[labels] * label_coef.unsqueeze(1)
        return torch.relu(projection + label_part)

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

    def upper_layers(
        self, h: torch.Tensor, n_layers: int
    ) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        """Activities of layers 1..n_layers given layer 1's ``h``.

        Returns the activities and the normalized input of each layer above
        the first (``inputs[k - 1]`` feeds layer ``k``), kept for the backward
        pass.
        """
        activities, inputs = [h], []
        for k in range(1, n_layers):
            a = rms_normalize(h)
            h = torch.relu(torch.addmm(self.biases[k], a, self.weights[k].t()))
            inputs.append(a)
            activities.append(h)
        return activities, inputs

    def head_logits(self, activities: list[torch.Tensor]) -> torch.Tensor:
        """Softmax-head logits from the normalized activities of the head layers."""
        features = torch.cat([rms_normalize(activities[k]) for k in self.head_layers], 1)
        return torch.addmm(self.head_bias, features, self.head_weight.t())

    # ----------------------------------------------------------------- backward
    def backward(
        self,
        body: torch.Tensor,
        label_coef: torch.Tensor,
        labels: torch.Tensor,
        activities: list[torch.Tensor],
        inputs: list[torch.Tensor],
        goodness_grad: torch.Tensor,
        trainable: range,
    ) -> None:
        """Write each trainable layer's local gradient into ``.grad``.

        Parameters
        ----------
        body, label_coef : torch.Tensor
            The first layer's inputs, for ``m`` distinct rows.
        labels : torch.Tensor of shape (r * m,)
            The label of every forward row: ``r`` label sets stacked, all
            sharing ``body`` (positives, then negatives).
        activities : list of torch.Tensor of shape (r * m, width)
            ``h_k`` of each layer, rows in the same order as ``labels``.
        inputs : list of torch.Tensor of shape (r * m, width)
            Normalized inputs of layers 2 and up, from :meth:`upper_layers`.
        goodness_grad : torch.Tensor of shape (n_layers, r * m)
            ``d loss / d g_k`` for each layer and row.
        trainable : range
            Zero-based layers to compute gradients for.
        """
        m = body.shape[0]
        for k in trainable:
            # g = mean(h^2) and h = relu(z): dL/dz = dL/dg * 2h / width (h is 0 where z <= 0).
            dz = activities[k] * (goodness_grad[k] * (2.0 / self.width)).unsqueeze(1)
            self.biases[k].grad = dz.sum(dim=0)
            if k == 0:
                r = dz.shape[0] // m
                # Every label set shares the same x, so one matmul serves them all.
                self.input_weight.grad = dz.view(r, m, -1).sum(dim=0).t() @ body
                label_grad = torch.zeros_like(self.label_weight)
                label_grad.index_add_(1, labels, (dz * label_coef.repeat(r).unsqueeze(1)).t())
                self.label_weight.grad = label_grad
            else:
                self.weights[k].grad = dz.t() @ inputs[k - 1]

    def head_backward(
        self,
        activities: list[torch.Tensor],
        logits: torch.Tensor,
        targets: torch.Tensor,
    ) -> torch.Tensor:
        """Gradient of the mean cross-entropy into the head; returns the loss."""
        log_p = torch.log_softmax(logits, dim=1)
        loss = -log_p.gather(1, targets.unsqueeze(1)).mean()
        d_logits = log_p.exp()
        d_logits[torch.arange(len(targets), device=targets.device), targets] -= 1.0
        d_logits /= len(targets)
        features = torch.cat([rms_normalize(activities[k]) for k in self.head_layers], 1)
        self.head_weight.grad = d_logits.t() @ features
        self.head_bias.grad = d_logits.sum(dim=0)
        return loss
