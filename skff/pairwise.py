"""The paper's "backprop pairwise" control: the FF objective, trained end to end.

[`BackpropPairwiseClassifier`][skff.baselines.BackpropPairwiseClassifier] is
[`ForwardForwardClassifier`][skff.ForwardForwardClassifier] with one thing changed: the gradient.
It has the same network (``FFNetwork``: the same weights, initialised the same way from the same
``random_state``), the same label embedding (``FFNetwork.embed``), the same goodness (mean of
squares), the same threshold, the same per-layer FF loss (``layer_losses`` with variant ``"ff"``)
on the same positive and negative rows, and the same prediction (goodness summed over the layers
for every candidate label, ``label_scores``). But the RMS normalization between layers is **not
detached**: the sum of the layers' losses is backpropagated through the whole network in one
backward pass, so a layer's weights also learn from the losses of the layers above it. Lorberbom et
al. (AAAI 2024) report it as "backprop pairwise"; it tells how much of the gap between FF and
backprop comes from the objective and how much from the local gradient.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import torch
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state

from skff.core.embedding import EmbeddedRows
from skff.core.loop import LEARNING_RATE_SCHEDULES
from skff.core.negatives import hard_wrong_labels, random_wrong_labels
from skff.core.network import FFNetwork, Workspace, goodness
from skff.core.scoring import label_scores
from skff.core.trainer import resolve_batch_size
from skff.core.variants import layer_losses
from skff.defaults import resolve_label_scale, resolve_max_iter
from skff.device import resolve_device
from skff.estimator import PARAMETER_CONSTRAINTS
from skff.label_predictions import LabelPredictionsMixin
from skff.prediction import as_tensor
from skff.sklearn_methods import SklearnMethodsMixin
from skff.training import build_network
from skff.validation import (
    Interval,
    Options,
    check_architecture,
    check_fit_input,
    check_parameters,
    encode_labels,
)

__all__ = ["BackpropPairwiseClassifier", "pair_goodness"]


def pair_goodness(net: FFNetwork, rows: EmbeddedRows, labels: torch.Tensor) -> torch.Tensor:
    """Goodness of every layer for ``r`` label sets of the same rows, with autograd.

    The forward pass of ``skff.core.network.pair_forward`` and of the
    scorer, operation for operation, written without ``out=`` buffers and
    without detaching anything, so that autograd differentiates the goodness
    of every layer with respect to the weights of every layer below it.

    Parameters
    ----------
    net : FFNetwork
    rows : EmbeddedRows
        ``m`` rows on the network's device.
    labels : torch.Tensor of shape (r * m,)
        One label per forward row: ``r`` label sets stacked (positives, then
        negatives).

    Returns
    -------
    torch.Tensor of shape (depth, r * m)
    """
    m, width = len(rows), net.width
    r = labels.shape[0] // m
    projection = torch.addmm(net.biases[0], rows.body, net.input_weight.t())
    label_part = net.label_weight.t().index_select(0, labels).view(r, m, width)
    h = torch.relu(torch.addcmul(projection, label_part, rows.label_coef.view(1, m, 1)))
    h = h.view(r * m, width)
    goods = [goodness(h)]
    for k in range(1, net.depth):
        # RMS normalization from the goodness, as the FF forward pass does: not detached.
        scale = torch.rsqrt(goods[-1].clamp_min(torch.finfo(h.dtype).tiny))
        z = h @ net.weights[k].t()
        h = torch.relu(torch.addcmul(net.biases[k], z, scale.unsqueeze(-1)))
        goods.append(goodness(h))
    return torch.stack(goods)


class BackpropPairwiseClassifier(LabelPredictionsMixin, SklearnMethodsMixin, BaseEstimator):
    """The Forward-Forward objective trained end to end by backpropagation.

    The network, label embedding, goodness, threshold, per-layer loss,
    negative labels and prediction rule of
    [`ForwardForwardClassifier`][skff.ForwardForwardClassifier] with ``variant="ff"``; the
    difference is the gradient. FF detaches each layer's input, so each layer
    learns from its own loss only; here nothing is detached, and the sum of
    all the layers' losses is backpropagated through every layer with
    autograd. This is the "backprop pairwise" row of Lorberbom et al. (AAAI
    2024). Training uses ``torch.optim.Adam``.

    Parameters
    ----------
    depth : int, default=2
        Number of hidden layers.
    width : int, default=128
        Units per hidden layer.
    threshold : float, default=4.0
        Threshold theta of every layer on its goodness, the **mean** of its
        squared activities, as in ForwardForwardClassifier.
    label_embedding : {"concat", "overwrite"}, default="concat"
        How the label enters the input, as in ForwardForwardClassifier.
    label_scale : float or "auto", default="auto"
        Value of the one-hot label entry in units of the RMS of the training
        features, as in ForwardForwardClassifier (``"auto"``: the square root
        of the number of features).
    negatives : {"hard", "random"}, default="hard"
        ``"hard"``: a wrong label drawn in proportion to the model's current
        belief in it (one all-label pass per batch). ``"random"``: a wrong
        label uniformly at random, never the true one.
    batch_size : int or "auto", default="auto"
        Rows per mini-batch; ``"auto"`` as in ForwardForwardClassifier.
    max_iter : int or "auto", default="auto"
        Epochs, all of them run; ``"auto"`` is ``n_samples // 50`` clipped to
        ``[20, 60]`` (``max_iter_`` holds the value used).
    learning_rate_init : float, default=0.01
        Adam's step size, ForwardForwardClassifier's default. On MNIST and
        Fashion-MNIST (2 x 500 units) it beat 0.003 and 0.001 (see the paper
        benchmark).
    learning_rate : {"linear", "constant"}, default="linear"
        ``"linear"``: the full step size for the first half of ``max_iter``,
        then linearly down towards zero, as ForwardForwardClassifier's
        ``learning_rate="linear"``.
    alpha : float, default=0.0
        L2 penalty (Adam's ``weight_decay``).
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the batch order and the negative labels. The same
        ``random_state`` gives the same initial weights as
        ForwardForwardClassifier with the same architecture. On the CPU the
        same seed gives the same model.
    verbose : int or bool, default=0
        Positive: print the loss after every epoch.
    device : str, default="auto"
        ``"auto"`` (CUDA if available, else CPU), ``"cpu"``, ``"cuda"`` or
        ``"cuda:N"``. Weights are kept on the CPU between calls.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit.
    network_ : FFNetwork
        The trained network, on the CPU; ``skff.diagnostics`` reads it as it
        reads ForwardForwardClassifier's.
    label_scale_ : float
        The ``label_scale`` the network was built with.
    max_iter_ : int
        The epochs trained.
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Sum over layers of the FF loss, averaged over each epoch's batches.
    layer_loss_curve_ : list of list of float
        For each layer, its FF loss per epoch.

    See Also
    --------
    skff.ForwardForwardClassifier : The same objective with local gradients.
    skff.baselines.BackpropClassifier : A softmax network with the same
        hidden layers, without label input.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skff.baselines import BackpropPairwiseClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> clf = BackpropPairwiseClassifier(max_iter=30, random_state=0, device="cpu")
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    """

    # ForwardForwardClassifier's checks and messages for the parameters they share.
    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        name: PARAMETER_CONSTRAINTS[name]
        for name in (
            "depth",
            "width",
            "threshold",
            "label_embedding",
            "label_scale",
            "batch_size",
            "learning_rate_init",
            "alpha",
            "random_state",
            "verbose",
            "device",
        )
    } | {
        # The exact draws only: this baseline has no score cache ("hard_cached").
        "negatives": [Options(("hard", "random"))],
        # A fixed budget of epochs under a fixed schedule: no adaptive stop here.
        "max_iter": [Options(("auto",)), Interval(integer=True, low=1)],
        "learning_rate": [Options(("linear", "constant"))],
    }

    #: Matmul precision for ``skff.prediction.predict_fitted``: always float32.
    precision: ClassVar[str] = "fp32"

    def __init__(
        self,
        depth: int = 2,
        width: int = 128,
        threshold: float = 4.0,
        label_embedding: str = "concat",
        label_scale: float | str = "auto",
        negatives: str = "hard",
        batch_size: int | str = "auto",
        max_iter: int | str = "auto",
        learning_rate_init: float = 0.01,
        learning_rate: str = "linear",
        alpha: float = 0.0,
        random_state: int | np.random.RandomState | None = None,
        verbose: int = 0,
        device: str = "auto",
    ) -> None:
        self.depth = depth
        self.width = width
        self.threshold = threshold
        self.label_embedding = label_embedding
        self.label_scale = label_scale
        self.negatives = negatives
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.alpha = alpha
        self.random_state = random_state
        self.verbose = verbose
        self.device = device

    def fit(self, X: ArrayLike, y: ArrayLike) -> BackpropPairwiseClassifier:
        """Train the network with backpropagation through every layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target labels; at least two classes.

        Returns
        -------
        self : BackpropPairwiseClassifier
            The fitted estimator.

        Raises
        ------
        ValueError
            For a single class, ``label_embedding="overwrite"`` without more
            features than classes, or a loss that stops being finite (the
            message names ``learning_rate_init``).
        """
        check_parameters(self)
        X, y = check_fit_input(self, X, y, reset=True)
        self.classes_ = LabelEncoder().fit(y).classes_
        n_classes = len(self.classes_)
        check_architecture(self, X.shape[1], n_classes)
        random_state = check_random_state(self.random_state)
        # The weight seed first, then the generator's: ForwardForwardClassifier's order.
        n_inputs = X.shape[1] - (n_classes if self.label_embedding == "overwrite" else 0)
        self.label_scale_ = resolve_label_scale(self.label_scale, n_inputs)
        self.max_iter_ = resolve_max_iter(self.max_iter, X.shape[0])
        self.network_ = build_network(
            X,
            len(self.classes_),
            depth=self.depth,
            width=self.width,
            label_embedding=self.label_embedding,
            prediction="goodness",
            skip_first_layer=False,
            label_scale=self.label_scale_,
            seed=int(random_state.randint(np.iinfo(np.int32).max)),
        )
        device = resolve_device(self.device, owner=type(self).__name__)
        generator = torch.Generator(device=device)
        generator.manual_seed(int(random_state.randint(np.iinfo(np.int32).max)))
        y = encode_labels(self.classes_, y)
        self.loss_curve_: list[float] = []
        self.layer_loss_curve_: list[list[float]] = [[] for _ in range(self.depth)]
        self.n_iter_ = 0
        net = self.network_.to(device)
        try:
            self._train(net, X, y, device, generator)
        finally:
            self.network_ = net.cpu()
        return self

    def _train(
        self,
        net: FFNetwork,
        X: np.ndarray,
        y: np.ndarray,
        device: torch.device,
        generator: torch.Generator,
    ) -> None:
        rows = net.embed(as_tensor(X, device))
        y_t = torch.as_tensor(y, device=device)
        n, n_classes = len(rows), net.n_classes
        batch_size = resolve_batch_size(self.batch_size, n)
        optimizer = torch.optim.Adam(
            net.parameters(), lr=self.learning_rate_init, weight_decay=self.alpha
        )
        schedule = LEARNING_RATE_SCHEDULES[self.learning_rate]
        workspace = Workspace()
        threshold = float(self.threshold)
        for epoch in range(self.max_iter_):
            for group in optimizer.param_groups:
                group["lr"] = self.learning_rate_init * schedule(epoch, self.max_iter_)
            order = torch.randperm(n, generator=generator, device=device)
            layer_sum = torch.zeros(net.depth, device=device)
            for start in range(0, n, batch_size):
                index = order[start : start + batch_size]
                batch, batch_y = rows.take(index), y_t[index]
                if self.negatives == "random":
                    wrong = random_wrong_labels(batch_y, n_classes, generator)
                else:
                    scores = label_scores(net, batch, use_head=False, workspace=workspace)
                    try:
                        wrong = hard_wrong_labels(scores, batch_y, generator)
                    except RuntimeError:
                        if torch.isfinite(scores).all():
                            raise
                        raise self._diverged(epoch) from None
                g = pair_goodness(net, batch, torch.cat([batch_y, wrong]))
                m = len(batch)
                losses = layer_losses("ff", g[:, :m], g[:, m:], threshold)
                optimizer.zero_grad(set_to_none=True)
                losses.sum().backward()
                optimizer.step()
                layer_sum += losses.detach() * m
            layer_loss = (layer_sum / n).tolist()
            if not all(math.isfinite(v) for v in layer_loss):
                raise self._diverged(epoch)
            for k, value in enumerate(layer_loss):
                self.layer_loss_curve_[k].append(value)
            self.loss_curve_.append(float(sum(layer_loss)))
            self.n_iter_ = epoch + 1
            if self.verbose:
                print(f"epoch {epoch + 1}/{self.max_iter_}: loss {self.loss_curve_[-1]:.4f}")

    def _diverged(self, epoch: int) -> ValueError:
        return ValueError(
            f"The training loss of {type(self).__name__} stopped being finite in epoch "
            f"{epoch + 1}: lower learning_rate_init (now {self.learning_rate_init})."
        )
