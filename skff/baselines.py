"""The backprop baseline: the same ReLU network, trained end to end with skorch."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import torch
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from torch import nn

from skff.core.trainer import resolve_batch_size
from skff.defaults import resolve_max_iter
from skff.device import resolve_device
from skff.estimator import PARAMETER_CONSTRAINTS
from skff.sklearn_methods import SklearnMethodsMixin
from skff.validation import check_fit_input, check_parameters, check_predict_input


class MLPModule(nn.Module):
    """``depth`` fully connected ReLU layers of ``width`` units and a linear output.

    Parameters
    ----------
    n_inputs : int
        Input features.
    n_classes : int
        Output logits.
    depth : int
        Hidden layers.
    width : int
        Units per hidden layer.
    """

    def __init__(self, n_inputs: int, n_classes: int, depth: int, width: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        size = n_inputs
        for _ in range(depth):
            layers += [nn.Linear(size, width), nn.ReLU()]
            size = width
        layers.append(nn.Linear(size, n_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Class logits of ``X``."""
        return self.layers(X)


class BackpropClassifier(SklearnMethodsMixin, BaseEstimator):
    """Same-shape backprop baseline for [`ForwardForwardClassifier`][skff.ForwardForwardClassifier].

    A skorch ``NeuralNetClassifier`` over ``depth`` ReLU layers of ``width``
    units and a softmax output, trained with Adam and cross-entropy, with the
    same ``batch_size`` rule and device handling as the Forward-Forward
    estimator, so that one ``GridSearchCV`` can compare them. It trains for
    all ``max_iter`` epochs (60 by default), where the Forward-Forward
    estimator's default ``learning_rate="adaptive"`` stops on its own: give
    that one ``learning_rate="linear"`` and the same ``max_iter`` for equal
    budgets.

    Parameters
    ----------
    depth : int, default=2
        Hidden layers.
    width : int, default=128
        Units per hidden layer.
    batch_size : int or "auto", default="auto"
        Rows per batch; ``"auto"`` as in ForwardForwardClassifier.
    max_iter : int or "auto", default=60
        Epochs; ``"auto"`` is ``n_samples // 50`` clipped to ``[20, 60]``.
    learning_rate_init : float, default=0.001
        Adam's step size.
    alpha : float, default=0.0
        L2 penalty (Adam's ``weight_decay``).
    random_state : int or None, default=None
        Seeds the weights and the batch order.
    verbose : int, default=0
        skorch's per-epoch table when positive.
    device : str, default="auto"
        ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net, its module on the CPU.
    n_iter_ : int
        Epochs run.
    loss_curve_ : list of float
        Training loss per epoch.

    See Also
    --------
    skff.ForwardForwardClassifier : The same hidden layers trained with
        local objectives.
    skff.baselines.BackpropPairwiseClassifier : Forward-Forward's objective
        with the gradient through all layers.
    sklearn.neural_network.MLPClassifier : scikit-learn's backprop network.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skff.baselines import BackpropClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = BackpropClassifier(max_iter=30, random_state=0, device="cpu")
    >>> clf = clf.fit(X, y)
    >>> clf.score(X, y) > 0.9
    True
    """

    # The same checks, and messages naming this class, as ForwardForwardClassifier's.
    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        name: PARAMETER_CONSTRAINTS[name]
        for name in (
            "depth",
            "width",
            "batch_size",
            "max_iter",
            "learning_rate_init",
            "alpha",
            "random_state",
            "verbose",
            "device",
        )
    }

    def __init__(
        self,
        depth: int = 2,
        width: int = 128,
        batch_size: int | str = "auto",
        max_iter: int = 60,
        learning_rate_init: float = 0.001,
        alpha: float = 0.0,
        random_state: int | None = None,
        verbose: int = 0,
        device: str = "auto",
    ) -> None:
        self.depth = depth
        self.width = width
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.learning_rate_init = learning_rate_init
        self.alpha = alpha
        self.random_state = random_state
        self.verbose = verbose
        self.device = device

    def fit(self, X: ArrayLike, y: ArrayLike) -> BackpropClassifier:
        """Train the network with backpropagation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target labels.

        Returns
        -------
        self : BackpropClassifier
            The fitted estimator.
        """
        from skorch import NeuralNetClassifier

        check_parameters(self)
        X, y = check_fit_input(self, X, y, reset=True)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        device = resolve_device(self.device)
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        torch.manual_seed(seed)
        self.net_ = NeuralNetClassifier(
            MLPModule,
            module__n_inputs=X.shape[1],
            module__n_classes=len(self.classes_),
            module__depth=self.depth,
            module__width=self.width,
            criterion=nn.CrossEntropyLoss,
            optimizer=torch.optim.Adam,
            optimizer__weight_decay=self.alpha,
            lr=self.learning_rate_init,
            max_epochs=resolve_max_iter(self.max_iter, X.shape[0]),
            batch_size=resolve_batch_size(self.batch_size, X.shape[0]),
            iterator_train__shuffle=True,
            train_split=None,
            device=str(device),
            verbose=self.verbose,
        )
        self.net_.fit(X, encoder.transform(y).astype(np.int64))
        self.net_.module_.cpu()
        self.net_.device = "cpu"
        self.n_iter_ = len(self.net_.history)
        self.loss_curve_ = [float(v) for v in self.net_.history[:, "train_loss"]]
        return self

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; columns follow ``classes_``.
        """
        X = np.asarray(check_predict_input(self, X), dtype=np.float32, order="C")
        device = resolve_device(self.device)
        self.net_.device = str(device)
        self.net_.module_.to(device)
        try:
            proba = self.net_.predict_proba(X).astype(np.float64)
        finally:
            self.net_.module_.cpu()
            self.net_.device = "cpu"
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


# The FF objective trained end to end lives in its own module; it is a baseline too.
from skff.pairwise import BackpropPairwiseClassifier  # noqa: E402

__all__ = ["BackpropClassifier", "BackpropPairwiseClassifier", "MLPModule"]
