"""ForwardForwardClassifier: the scikit-learn face of the Forward-Forward core."""

from __future__ import annotations

import copy
import numbers
import warnings
from typing import Any

import numpy as np
import scipy.sparse
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data
from tqdm.auto import tqdm

from skff.core.embedding import (
    EMBEDDINGS,
    EmbeddedRows,
    embed_rows,
    feature_rms,
    split_body,
)
from skff.core.negatives import NEGATIVES
from skff.core.network import FFNetwork
from skff.core.precision import PRECISIONS, effective_precision, matmul_precision
from skff.core.scoring import head_scores, label_goodness
from skff.core.trainer import TrainConfig, make_optimizer, train_epoch
from skff.core.variants import VARIANTS, layer_losses
from skff.device import resolve_device
from skff.exceptions import DeadLayerWarning
from skff.validation import (
    FLOAT32_MAX,
    InvalidParameterError,
    _check_choice,
    _check_number,
    _explain_bad_X,
    _explain_bad_y,
    _raise_with_fix,
)

SCHEDULES = ("network", "layer")
PREDICTIONS = ("goodness", "softmax")
LEARNING_RATES = ("constant", "linear")
# Rows converted to tensors at a time when predicting: bounds the float32 and
# float64 copies that prediction makes, whatever the size of X.
PREDICT_ROWS = 4096
# An epoch whose loss exceeds that of a network with all activities at zero by
# this factor counts as diverged. Runs with steps far too large pass 1e8 in
# their first epoch and never recover; the largest ratio seen in a run that
# went on to learn (learning_rate_init=10, width=256) was about 4e4.
DIVERGENCE_FACTOR = 1e6

# Row-label passes scored to look for dead layers after a fit: enough that a
# live layer is very unlikely to be silent on all of them, cheap next to an
# epoch; with many classes, fewer rows (but at least DEAD_CHECK_MIN_ROWS).
DEAD_CHECK_PASSES = 8192
DEAD_CHECK_MIN_ROWS = 64


def _as_tensor(X: np.ndarray, device: torch.device) -> torch.Tensor:
    """``X`` as a tensor, sharing its memory on the CPU.

    Read-only arrays (joblib's memory maps in a parallel grid search, for
    example) are used as they are: skff never writes into the input, so
    torch's warning about non-writable arrays does not apply.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The given NumPy array is not writable")
        return torch.as_tensor(X, device=device)


def _idle_losses(variant: str, n_layers: int, threshold: float) -> np.ndarray:
    """Per-layer loss of a network whose activities are all zero.

    Such a network calls every input neither positive nor negative; its loss
    is the natural scale against which a diverging loss is measured.
    """
    zeros = torch.zeros(n_layers, 1)
    return layer_losses(variant, zeros, zeros, threshold).numpy()


def _float32_rows(X: np.ndarray) -> np.ndarray:
    """Validated rows in float32, refusing values that overflow it."""
    with np.errstate(over="ignore"):  # overflow is reported below, as an error
        rows = np.asarray(X, dtype=np.float32)
    if X.dtype != np.float32 and not np.isfinite(rows).all():
        raise ValueError(
            f"X has values beyond +-{FLOAT32_MAX:.1e}, the float32 range the "
            "network computes in, so they would become infinite. Clip them or "
            "rescale those features the way the training data was scaled."
        )
    return rows


def _release_cuda_memory(device: torch.device) -> None:
    """Hand cached CUDA blocks back so that a retry can allocate them."""
    if device.type == "cuda":
        torch.cuda.empty_cache()


def resolve_batch_size(batch_size: int | str, n_rows: int) -> int:
    """Rows per mini-batch for ``n_rows`` training rows.

    Parameters
    ----------
    batch_size : int or "auto"
        The estimator's parameter. ``"auto"`` is ``n_rows // 10`` clipped to
        ``[16, 128]``, so that small data sets still get about ten updates
        per epoch.
    n_rows : int
        Training rows.

    Returns
    -------
    int
        Never more than ``n_rows``.
    """
    if batch_size == "auto":
        batch_size = int(np.clip(n_rows // 10, 16, 128))
    return min(int(batch_size), n_rows)


class ForwardForwardClassifier(ClassifierMixin, BaseEstimator):
    """Classifier trained with Forward-Forward or Collaborative Forward-Forward.

    A stack of fully connected ReLU layers, each trained by its own local
    objective to give high *goodness* (mean of squared activities) to a real
    input paired with its true label and low goodness to the input paired
    with a wrong label. No gradient crosses between layers. With
    ``variant="cff"`` (Lorberbom et al., 2024) each layer's objective also
    sees the rest of the network's goodness as a constant, so the layers
    collaborate. Training runs on CUDA when available and on the CPU
    otherwise.

    Parameters
    ----------
    variant : {"cff", "ff", "cff_prev"}, default="cff"
        The per-layer objective. ``"ff"``: Hinton's, ``sigmoid(g_k - theta)``.
        ``"cff"``: ``sigmoid(g_k + sum_{t != k} g_t - depth * theta)``, the
        other layers' goodness held constant. ``"cff_prev"``: the same over
        the previous layers only, with threshold ``k * theta`` for layer k.
    depth : int, default=2
        Number of hidden layers.
    width : int, default=256
        Units per hidden layer.
    threshold : float, default=4.0
        Threshold theta per layer on the goodness, which is the **mean** of
        the squared activities of a layer (not Hinton's sum), so one value
        works for any ``width``; Hinton's sum-of-squares threshold ``width``
        corresponds to ``threshold=1``. The collaborative variants scale it by
        the number of layers whose goodness they sum.
    schedule : {"network", "layer"}, default="network"
        ``"network"``: every layer is updated on every batch.
        ``"layer"``: greedy; layer k trains for ``max_iter`` epochs, then layer
        k + 1 starts. Layers not yet trained take no part in the objective.
    label_embedding : {"concat", "overwrite"}, default="concat"
        How the label enters the input. ``"concat"`` appends a one-hot block;
        ``"overwrite"`` replaces the first ``n_classes`` features with it, as
        in Hinton's MNIST setup (it needs more features than classes). The
        hot entry equals ``label_scale`` times the RMS of the training
        features.
    label_scale : float, default=1.0
        Value of the one-hot label entry, in units of the RMS of the training
        features, so that it does not depend on how ``X`` is scaled. Larger
        values make the label a larger share of each (length-normalized)
        input row. On images, where hundreds of pixels share the row, 20
        trained markedly better than 1 on MNIST and Fashion-MNIST (see the
        paper benchmark); on small tabular data 1 is a good choice.
    negatives : {"random", "hard"}, default="random"
        ``"random"``: a wrong label uniformly at random, never the true one.
        ``"hard"``: a wrong label drawn in proportion to the model's current
        belief in it (costs one all-label pass per batch).
    prediction : {"goodness", "softmax"}, default="goodness"
        ``"goodness"``: score each label by the goodness summed over layers.
        ``"softmax"``: one pass with a neutral label and a linear softmax head
        on the normalized hidden activities, trained alongside the layers.
    skip_first_layer : bool, default=False
        Leave the first hidden layer out of the goodness sum (prediction and
        hard negatives) and out of the softmax head's input, as Hinton does.
        Needs ``depth >= 2``.
    batch_size : int or "auto", default="auto"
        Rows per mini-batch; ``min(batch_size, n_samples)`` is used.
        ``"auto"``: ``n_samples // 10`` clipped to ``[16, 128]``, so that small
        data sets still get about ten updates per epoch.
    max_iter : int, default=60
        Epochs. With ``schedule="layer"``, epochs per layer.
    learning_rate_init : float, default=0.01
        Adam's step size.
    learning_rate : {"linear", "constant"}, default="linear"
        Learning-rate schedule: ``"linear"`` keeps ``learning_rate_init`` for
        the first half of ``max_iter`` and decays it linearly towards zero
        over the second half, as in Hinton's code. ``partial_fit`` always uses
        the constant rate.
    alpha : float, default=0.0
        L2 penalty (Adam's ``weight_decay``).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified),
        stop when its accuracy has not improved by ``tol`` for
        ``n_iter_no_change`` epochs, and restore the best weights.
    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping.
    n_iter_no_change : int, default=10
        Epochs without improvement of more than ``tol`` before stopping.
    tol : float, default=1e-4
        Improvement below which an epoch counts as no improvement, on the
        training loss or, with early stopping, on the validation accuracy.
    warm_start : bool, default=False
        Continue from the previous fit's weights instead of starting anew.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the validation split, the batch order and the
        negative labels. On the CPU the same seed gives the same model.
    verbose : int, default=0
        ``1`` shows a progress bar over epochs with the loss.
    device : str, default="auto"
        ``"auto"`` (CUDA if available, else CPU), ``"cpu"``, ``"cuda"`` or
        ``"cuda:N"``. Weights are kept on the CPU between calls.
    precision : {"fp32", "tf32", "bf16"}, default="fp32"
        Precision of the layers' matmuls on CUDA. ``"tf32"``: TF32 tensor
        cores (float32 tensors, 10-bit mantissa products). ``"bf16"``:
        bfloat16 operands with float32 accumulation, as ``torch.autocast``
        does. Weights, activities, gradients and the optimizer stay in float32
        either way. On the CPU training and prediction always run in float32:
        ``"tf32"`` and ``"bf16"`` fall back to it with a ``UserWarning`` at fit
        time (TF32 does not exist there, and bfloat16 matmuls are far slower
        than float32 on most CPUs).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names, when ``X`` had string column names.
    network_ : FFNetwork
        The trained network, on the CPU.
    n_iter_ : int
        Epochs run, over all calls and, for ``schedule="layer"``, all layers.
    t_ : int
        Training rows seen.
    loss_curve_ : list of float
        Loss per epoch: the sum of the trained layers' losses (and the
        softmax head's cross-entropy).
    layer_loss_curve_ : list of list of float
        For each layer, its loss over the epochs in which it was trained.
    best_loss_ : float or None
        Lowest value of ``loss_curve_`` (None under early stopping).
    validation_scores_ : list of float or None
        Validation accuracy per epoch, under early stopping.
    best_validation_score_ : float or None
        Best validation accuracy, under early stopping.
    device_ : str
        Device of the last training call.

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The backprop counterpart.

    Notes
    -----
    ``predict_proba`` is the softmax over labels of the per-label logits.
    With ``prediction="goodness"`` the logit of a label is the goodness summed
    over layers: if each ``(x, label)`` pair is positive with probability
    ``sigmoid(logit)`` and exactly one label is right, the posterior of a label
    is the softmax of the logits.

    Fitting needs at least two classes: a negative example is the input with
    a wrong label, and with one class there is none, so ``y`` with a single
    class raises ``ValueError``. Sparse ``X`` raises ``TypeError`` asking to
    densify it with ``X.toarray()``: every layer multiplies dense rows.

    The network computes in float32. Values beyond +-3.4e38 raise
    ``ValueError`` in ``fit`` and ``predict`` alike; any global scale of ``X``
    within that range trains the same model, since the label's value is the
    RMS of the training features and rows are normalized in float64. A
    training loss that turns non-finite, or exceeds a million times that of a
    network with all activities at zero, restores the weights from before
    the epoch and raises ``ValueError`` naming ``learning_rate_init``.

    The same ``random_state`` gives identical results on the CPU; CUDA
    kernels may sum in a different order from run to run. Prediction runs in
    chunks of rows, retried in smaller chunks when CUDA runs out of memory.
    :func:`skff.save` and :func:`skff.load` store a model as safetensors and
    JSON, and load it without running code; pickling works as well.

    References
    ----------
    G. Hinton, "The Forward-Forward Algorithm: Some Preliminary
    Investigations", arXiv:2212.13345, 2022.

    G. Lorberbom, I. Gat, Y. Adi, A. Schwing, T. Hazan, "Layer Collaboration
    in the Forward-Forward Algorithm", AAAI 2024, arXiv:2305.12393.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skff import ForwardForwardClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(
    ...     StandardScaler(), ForwardForwardClassifier(random_state=0, device="cpu")
    ... ).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """

    def __init__(
        self,
        variant: str = "cff",
        depth: int = 2,
        width: int = 256,
        threshold: float = 4.0,
        schedule: str = "network",
        label_embedding: str = "concat",
        label_scale: float = 1.0,
        negatives: str = "random",
        prediction: str = "goodness",
        skip_first_layer: bool = False,
        batch_size: int | str = "auto",
        max_iter: int = 60,
        learning_rate_init: float = 0.01,
        learning_rate: str = "linear",
        alpha: float = 0.0,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 10,
        tol: float = 1e-4,
        warm_start: bool = False,
        random_state: int | np.random.RandomState | None = None,
        verbose: int = 0,
        device: str = "auto",
        precision: str = "fp32",
    ) -> None:
        self.variant = variant
        self.depth = depth
        self.width = width
        self.threshold = threshold
        self.schedule = schedule
        self.label_embedding = label_embedding
        self.label_scale = label_scale
        self.negatives = negatives
        self.prediction = prediction
        self.skip_first_layer = skip_first_layer
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.alpha = alpha
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        self.device = device
        self.precision = precision

    # ------------------------------------------------------------- public API
    def fit(self, X: Any, y: Any) -> ForwardForwardClassifier:
        """Train the network on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target labels; at least two classes.

        Returns
        -------
        self : ForwardForwardClassifier
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False)

    def partial_fit(self, X: Any, y: Any, classes: Any = None) -> ForwardForwardClassifier:
        """Train every layer for one epoch over ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target labels, all among ``classes``.
        classes : array-like of shape (n_classes,), default=None
            Every class that will ever appear. Required on the first call,
            ignored after it.

        Returns
        -------
        self : ForwardForwardClassifier
            The updated estimator.
        """
        return self._fit(X, y, incremental=True, classes=classes)

    def decision_function(self, X: Any) -> np.ndarray:
        """Per-class logits: summed goodness, or the softmax head's logits.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
            For two classes, the logit of ``classes_[1]`` minus that of
            ``classes_[0]``, as scikit-learn's binary classifiers return.
        """
        scores = self._logits(X)
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Log of :meth:`predict_proba`, computed with log-sum-exp.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        # In place: the logits are a fresh array, and each (n_samples, n_classes)
        # temporary saved is 8 bytes per row and class of peak memory.
        log_proba = self._logits(X)
        log_proba -= log_proba.max(axis=1, keepdims=True)
        log_proba -= np.log(np.exp(log_proba).sum(axis=1, keepdims=True))
        return log_proba

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities: the softmax over labels of the per-label logits.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; columns follow ``classes_``.
        """
        proba = self.predict_log_proba(X)
        np.exp(proba, out=proba)
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict(self, X: Any) -> np.ndarray:
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
        logits = self._logits(X)
        return self.classes_[np.argmax(logits, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.input_tags.sparse = False
        return tags

    def __getstate__(self) -> dict[str, Any]:
        """Pickle state with every tensor on the CPU.

        Weights already live on the CPU between calls; this also covers an
        estimator pickled from inside a callback during a CUDA fit, so that
        it unpickles on a machine without CUDA.
        """
        state = self.__dict__.copy()
        if "network_" in state:
            state["network_"] = copy.deepcopy(state["network_"]).cpu()
        if state.get("_optimizer_state") is not None:
            state["_optimizer_state"] = _state_to_cpu(state["_optimizer_state"])
        return state

    # ------------------------------------------------------------ validation
    def _validate_hyperparameters(self) -> None:
        _check_choice("variant", self.variant, tuple(VARIANTS))
        _check_choice("schedule", self.schedule, SCHEDULES)
        _check_choice("label_embedding", self.label_embedding, EMBEDDINGS)
        _check_choice("negatives", self.negatives, NEGATIVES)
        _check_choice("prediction", self.prediction, PREDICTIONS)
        _check_choice("learning_rate", self.learning_rate, LEARNING_RATES)
        _check_number("depth", self.depth, integer=True, low=1)
        _check_number("width", self.width, integer=True, low=1)
        _check_number("threshold", self.threshold)
        _check_number("label_scale", self.label_scale, low=0, low_open=True)
        if self.batch_size != "auto":
            _check_number("batch_size", self.batch_size, integer=True, low=1)
        _check_number("max_iter", self.max_iter, integer=True, low=1)
        _check_number("learning_rate_init", self.learning_rate_init, low=0, low_open=True)
        _check_number("alpha", self.alpha, low=0)
        _check_number(
            "validation_fraction",
            self.validation_fraction,
            low=0,
            high=1,
            low_open=True,
            high_open=True,
        )
        _check_number("n_iter_no_change", self.n_iter_no_change, integer=True, low=1)
        _check_number("tol", self.tol, low=0)
        _check_number("verbose", self.verbose, integer=True, low=0)
        for name in ("skip_first_layer", "early_stopping", "warm_start"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise InvalidParameterError(
                    f"The '{name}' parameter of ForwardForwardClassifier must be "
                    f"a bool; got {getattr(self, name)!r}."
                )
        if self.skip_first_layer and self.depth < 2:
            raise InvalidParameterError(
                "skip_first_layer=True needs depth >= 2 (there would be no layer "
                f"left to predict with); got depth={self.depth}."
            )
        seed = self.random_state
        if not (
            seed is None
            or isinstance(seed, np.random.RandomState)
            or (
                isinstance(seed, numbers.Integral)
                and not isinstance(seed, (bool, np.bool_))
                and 0 <= seed < 2**32
            )
        ):
            raise InvalidParameterError(
                "The 'random_state' parameter of ForwardForwardClassifier must be an "
                "int in [0, 2**32 - 1], a numpy.random.RandomState instance or None; "
                f"got {seed!r}."
            )
        resolve_device(self.device)
        _check_choice("precision", self.precision, PRECISIONS)

    def _check_partial_fit_classes(self, classes: Any, first_pass: bool) -> None:
        if first_pass and classes is None:
            raise ValueError(
                "classes must be passed on the first call to partial_fit: "
                "partial_fit(X, y, classes=np.unique(y_all)), with every class "
                "that will ever appear."
            )
        if (
            not first_pass
            and classes is not None
            and not np.array_equal(unique_labels(classes), self.classes_)
        ):
            raise ValueError(
                f"classes={unique_labels(classes).tolist()} differs from the "
                f"classes {self.classes_.tolist()} given on the first call to "
                "partial_fit."
            )

    def _validate_input(self, X: Any, y: Any, reset: bool) -> tuple[np.ndarray, np.ndarray]:
        try:
            # Values beyond float32 overflow in the cast; the error below names them.
            with np.errstate(over="ignore"):
                X_valid, y_valid = validate_data(
                    self,
                    X,
                    y,
                    reset=reset,
                    dtype=np.float32,
                    order="C",
                    accept_sparse=False,
                    y_numeric=False,
                    multi_output=False,
                )
            check_classification_targets(y_valid)
        except (ValueError, TypeError) as err:
            n_features = None if reset else getattr(self, "n_features_in_", None)
            message = _explain_bad_X(err, X, n_features)
            if message is None and not scipy.sparse.issparse(X):
                message = _explain_bad_y(err, X, y)
            _raise_with_fix(err, message)
        return X_valid, y_valid

    def _validate_predict_input(self, X: Any) -> np.ndarray:
        """Validate ``X`` for prediction, keeping its numeric dtype.

        No whole-array conversion: rows become float32 chunk by chunk, so that
        an int or float64 ``X`` is never copied whole.
        """
        try:
            return validate_data(self, X, reset=False, dtype="numeric")
        except (ValueError, TypeError) as err:
            _raise_with_fix(err, _explain_bad_X(err, X, self.n_features_in_))

    def _encode_labels(self, y: np.ndarray) -> np.ndarray:
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if unseen.size:
            raise ValueError(
                f"y contains labels {unseen.tolist()} that are not among the "
                f"classes {self.classes_.tolist()} this model was initialised "
                "with. Pass every class to the first partial_fit call, or fit "
                "with warm_start=False."
            )
        return self._label_encoder.transform(y)

    # -------------------------------------------------------- initialisation
    def _initialize(self, X: np.ndarray, classes: np.ndarray) -> None:
        self._label_encoder = LabelEncoder().fit(classes)
        self.classes_ = self._label_encoder.classes_
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                "ForwardForwardClassifier needs at least 2 classes in y; got 1 class "
                f"({np.asarray(self.classes_[0]).tolist()!r}). Forward-Forward learns "
                "by contrasting the true label with a wrong one, and one class has no "
                "wrong label. "
                "Pass samples of at least two classes; to model a single class, use "
                "an outlier detector such as sklearn.ensemble.IsolationForest."
            )
        if self.label_embedding == "overwrite" and X.shape[1] <= n_classes:
            raise ValueError(
                f"label_embedding='overwrite' replaces the first {n_classes} "
                f"features with the label, but X has only {X.shape[1]} features "
                "(it needs more features than classes). Use "
                "label_embedding='concat'."
            )
        self._random_state = check_random_state(self.random_state)
        seed = int(self._random_state.randint(np.iinfo(np.int32).max))
        body = split_body(_as_tensor(X, torch.device("cpu")), self.label_embedding, n_classes)
        head_layers: tuple[int, ...] = ()
        if self.prediction == "softmax":
            first = 1 if self.skip_first_layer else 0
            head_layers = tuple(range(first, self.depth))
        self.network_ = FFNetwork(
            n_inputs=body.shape[1],
            n_classes=n_classes,
            depth=self.depth,
            width=self.width,
            head_layers=head_layers,
            label_scale=self.label_scale * feature_rms(body),
            generator=torch.Generator().manual_seed(seed),
        )
        self._architecture = self._architecture_params()
        self._optimizer_state = None
        self.n_iter_ = 0
        self.t_ = 0
        self.loss_curve_: list[float] = []
        self.layer_loss_curve_: list[list[float]] = [[] for _ in range(self.depth)]
        self.best_loss_: float | None = None
        self.validation_scores_: list[float] | None = None
        self.best_validation_score_: float | None = None

    def _architecture_params(self) -> dict[str, Any]:
        return {
            "depth": self.depth,
            "width": self.width,
            "label_embedding": self.label_embedding,
            "label_scale": self.label_scale,
            "prediction": self.prediction,
            "skip_first_layer": self.skip_first_layer,
        }

    def _check_warm_start_compatible(self) -> None:
        for name, old in self._architecture.items():
            new = getattr(self, name)
            if new != old:
                raise ValueError(
                    f"Cannot continue training: {name} changed from {old!r} to "
                    f"{new!r} since the network was built. Set warm_start=False "
                    "to train a new network."
                )

    # --------------------------------------------------------------- training
    def _fit(
        self, X: Any, y: Any, incremental: bool, classes: Any = None
    ) -> ForwardForwardClassifier:
        self._validate_hyperparameters()
        if incremental:
            first_pass = not hasattr(self, "network_")
            self._check_partial_fit_classes(classes, first_pass)
        else:
            first_pass = not (self.warm_start and hasattr(self, "network_"))
        X, y = self._validate_input(X, y, reset=first_pass)
        if first_pass:
            self._initialize(X, unique_labels(classes) if incremental else np.unique(y))
        else:
            self._check_warm_start_compatible()
        y_encoded = self._encode_labels(y)

        device = resolve_device(self.device)
        self.device_ = str(device)
        net = self.network_.to(device)
        generator = torch.Generator(device=device)
        generator.manual_seed(int(self._random_state.randint(np.iinfo(np.int32).max)))
        if effective_precision(self.precision, device) != self.precision:
            warnings.warn(
                f"precision={self.precision!r} applies to CUDA only; training on "
                f"{device} runs in float32.",
                UserWarning,
                stacklevel=3,
            )
        try:
            with matmul_precision(self.precision, device):
                if incremental:
                    self._fit_partial(X, y_encoded, net, device, generator)
                else:
                    self._fit_epochs(X, y_encoded, net, device, generator)
                self._warn_dead_layers(X, net, device)
        except torch.cuda.OutOfMemoryError as err:
            raise torch.cuda.OutOfMemoryError(
                f"CUDA ran out of memory while training on {device}. A step holds "
                f"2 x batch_size = {2 * resolve_batch_size(self.batch_size, len(X))} rows of "
                f"activities (batch_size={self.batch_size!r}, width={self.width}, "
                f"depth={self.depth}), and the {X.shape[0]} x {X.shape[1]} training "
                "set stays on the device for the whole fit. Lower batch_size (or "
                "width), or train with device='cpu'. n_iter_ and loss_curve_ count "
                "the completed epochs only; the weights include the steps taken in "
                "the interrupted one."
            ) from err
        finally:
            self.network_ = net.cpu()
        return self

    def _warn_dead_layers(self, X: np.ndarray, net: FFNetwork, device: torch.device) -> None:
        """Warn when a layer outputs zeros for every training row and label."""
        n_rows = min(len(X), max(DEAD_CHECK_MIN_ROWS, DEAD_CHECK_PASSES // net.n_classes))
        # Rows spread over the training set, not its first rows, which may all
        # be of one class.
        index = np.linspace(0, len(X) - 1, num=n_rows).astype(np.intp)
        with torch.no_grad():
            goodness = label_goodness(net, self._to_rows(_float32_rows(X[index]), device))
        dead = [k + 1 for k in range(self.depth) if not bool((goodness[:, :, k] > 0).any())]
        if not dead:
            return
        names = ", ".join(map(str, dead))
        advice = f"Lower learning_rate_init (now {self.learning_rate_init})"
        if self.variant == "cff" and self.depth > 1:
            advice += (
                f", for example to {self.learning_rate_init / self.depth:.2g}: under "
                "variant='cff' the goodness shared by all layers moves depth times "
                "faster than one layer's. variant='cff_prev' is steadier too"
            )
        warnings.warn(
            f"ForwardForwardClassifier: hidden layer(s) {names} of {self.depth} output "
            "zero for every input checked: all their ReLUs are inactive, so they "
            "get no gradient and will not recover, and the layers above them get "
            f"no label information. {advice}.",
            DeadLayerWarning,
            stacklevel=4,
        )

    def _config(self, n_rows: int) -> TrainConfig:
        return TrainConfig(
            variant=self.variant,
            threshold=float(self.threshold),
            negatives=self.negatives,
            batch_size=resolve_batch_size(self.batch_size, n_rows),
            skip_first_layer=self.skip_first_layer,
        )

    def _to_rows(self, X: np.ndarray, device: torch.device) -> EmbeddedRows:
        net = self.network_
        body = split_body(_as_tensor(X, device), self.label_embedding, net.n_classes)
        return embed_rows(body, net.n_classes, float(net.label_scale))

    def _fit_partial(
        self,
        X: np.ndarray,
        y: np.ndarray,
        net: FFNetwork,
        device: torch.device,
        generator: torch.Generator,
    ) -> None:
        rows = self._to_rows(X, device)
        y_t = torch.as_tensor(y, device=device)
        trainable = range(self.depth)
        optimizer = make_optimizer(net, trainable, self.learning_rate_init, self.alpha)
        if self._optimizer_state is not None:
            optimizer.load_state_dict(self._optimizer_state)
        config = self._config(len(rows))
        snapshot = _snapshot(net)
        losses = train_epoch(net, rows, y_t, trainable, optimizer, config, generator)
        self._record_epoch(losses, trainable, len(rows), net, snapshot)
        self._optimizer_state = _state_to_cpu(optimizer.state_dict())

    def _fit_epochs(
        self,
        X: np.ndarray,
        y: np.ndarray,
        net: FFNetwork,
        device: torch.device,
        generator: torch.Generator,
    ) -> None:
        X_val = y_val = None
        if self.early_stopping:
            try:
                X, X_val, y, y_val = train_test_split(
                    X,
                    y,
                    test_size=self.validation_fraction,
                    random_state=self._random_state,
                    stratify=y,
                )
            except ValueError as err:
                raise ValueError(
                    f"early_stopping=True holds out validation_fraction="
                    f"{self.validation_fraction} of the {len(y)} samples, stratified "
                    f"by class, and cannot here: {err} Pass more samples of each "
                    "class, raise validation_fraction, or set early_stopping=False."
                ) from err
            if self.validation_scores_ is None:
                self.validation_scores_ = []
        rows = self._to_rows(X, device)
        y_t = torch.as_tensor(y, device=device)
        config = self._config(len(rows))
        if self.schedule == "network":
            phases = [range(self.depth)]
        else:
            phases = [range(k, k + 1) for k in range(self.depth)]
        progress = tqdm(
            total=self.max_iter * len(phases),
            disable=not self.verbose,
            desc=f"skff {self.variant}",
            unit="epoch",
            leave=True,
        )
        try:
            converged = [
                self._fit_phase(
                    rows, y_t, X_val, y_val, net, trainable, config, generator, progress
                )
                for trainable in phases
            ]
        finally:
            progress.close()
        if not all(converged):
            warnings.warn(
                f"ForwardForwardClassifier: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet. Increase "
                "max_iter, or ignore this warning if the scores are good.",
                ConvergenceWarning,
                stacklevel=3,
            )

    def _fit_phase(
        self,
        rows: EmbeddedRows,
        y: torch.Tensor,
        X_val: np.ndarray | None,
        y_val: np.ndarray | None,
        net: FFNetwork,
        trainable: range,
        config: TrainConfig,
        generator: torch.Generator,
        progress: tqdm,
    ) -> bool:
        """Train the ``trainable`` layers until convergence or ``max_iter``."""
        optimizer = make_optimizer(net, trainable, self.learning_rate_init, self.alpha)
        best_loss = np.inf
        best_score = -np.inf
        best_weights = None
        no_improvement = 0
        converged = False
        for epoch in range(self.max_iter):
            for group in optimizer.param_groups:
                group["lr"] = self.learning_rate_init * self._lr_factor(epoch)
            snapshot = _snapshot(net)
            losses = train_epoch(net, rows, y, trainable, optimizer, config, generator)
            loss = self._record_epoch(losses, trainable, len(rows), net, snapshot)
            postfix = {"loss": f"{loss:.4f}"}
            if self.early_stopping:
                logits = self._chunk_logits(X_val, net, rows.body.device, trainable.stop)
                score = float(np.mean(logits.argmax(axis=1) == y_val))
                self.validation_scores_.append(score)
                postfix["val"] = f"{score:.4f}"
                if score > best_score:
                    best_weights = _snapshot(net)
                if score < best_score + self.tol:
                    no_improvement += 1
                else:
                    no_improvement = 0
                best_score = max(best_score, score)
            else:
                if loss > best_loss - self.tol:
                    no_improvement += 1
                else:
                    no_improvement = 0
                best_loss = min(best_loss, loss)
            progress.set_postfix(postfix, refresh=False)
            progress.update(1)
            if no_improvement > self.n_iter_no_change:
                converged = True
                progress.update(self.max_iter - epoch - 1)
                break
        if self.early_stopping:
            net.load_state_dict(best_weights)
            self.best_validation_score_ = best_score
            self.best_loss_ = None
        else:
            self.best_loss_ = float(min(self.loss_curve_))
        return converged

    def _lr_factor(self, epoch: int) -> float:
        if self.learning_rate == "constant":
            return 1.0
        return min(1.0, 2.0 * (self.max_iter - epoch) / self.max_iter)

    def _record_epoch(
        self,
        losses: Any,
        trainable: range,
        n_rows: int,
        net: FFNetwork,
        snapshot: dict[str, torch.Tensor],
    ) -> float:
        layer_losses = losses.layers.cpu().numpy()
        head_loss = float(losses.head.cpu())
        total = float(layer_losses[trainable.start :].sum()) + head_loss
        if not np.isfinite(total) or not all(torch.isfinite(p).all() for p in net.parameters()):
            net.load_state_dict(snapshot)
            raise ValueError(
                f"Training diverged in epoch {self.n_iter_ + 1}: the loss or the "
                "weights became non-finite. The weights from before that epoch "
                f"were restored. Lower learning_rate_init (now "
                f"{self.learning_rate_init}) or rescale the features, for "
                "example with StandardScaler."
            )
        idle = _idle_losses(self.variant, len(layer_losses), float(self.threshold))
        ratio = layer_losses[trainable.start :] / idle[trainable.start :]
        if ratio.max() > DIVERGENCE_FACTOR:
            net.load_state_dict(snapshot)
            k = trainable.start + int(ratio.argmax())
            raise ValueError(
                f"Training diverged in epoch {self.n_iter_ + 1}: the loss of layer "
                f"{k + 1} reached {layer_losses[k]:.3g}, over {DIVERGENCE_FACTOR:.0e} "
                "times that of a network whose activities are all zero "
                f"({idle[k]:.4g}), so the steps are far too large. The weights from "
                "before that epoch were restored. Lower learning_rate_init (now "
                f"{self.learning_rate_init}); 1e-3 to 3e-2 suits most data."
            )
        for k in trainable:
            self.layer_loss_curve_[k].append(float(layer_losses[k]))
        self.loss_curve_.append(total)
        self.n_iter_ += 1
        self.t_ += n_rows
        return total

    # ------------------------------------------------------------- prediction
    def _logits(self, X: Any) -> np.ndarray:
        """Per-class logits of ``X``, validated and computed in chunks of rows."""
        logits = self._predict_chunks(X, self._chunk_logits)
        if not np.isfinite(logits).all():
            # Inputs are normalized per row, so only the weights can do this.
            raise ValueError(
                "The network's scores overflowed float32 for some rows: its "
                "weights are too large to give finite probabilities. Fit it again "
                f"with a lower learning_rate_init (now {self.learning_rate_init}) "
                "or with alpha > 0 to keep the weights small."
            )
        return logits

    def _label_goodness(self, X: Any) -> np.ndarray:
        """Goodness of every layer for every label, shape (n, n_classes, depth)."""

        def per_layer(X: np.ndarray, net: FFNetwork, device: torch.device) -> np.ndarray:
            return label_goodness(net, self._to_rows(X, device)).cpu().numpy()

        return self._predict_chunks(X, per_layer)

    def _predict_chunks(self, X: Any, compute: Any) -> np.ndarray:
        check_is_fitted(self)
        X = self._validate_predict_input(X)
        device = resolve_device(self.device)
        net = self.network_.to(device)
        out = None
        start, size = 0, PREDICT_ROWS
        try:
            while start < X.shape[0]:
                rows = _float32_rows(X[start : start + size])
                try:
                    with matmul_precision(self.precision, device):
                        part = compute(rows, net, device)
                    if out is None:
                        out = np.empty((X.shape[0], *part.shape[1:]), dtype=np.float64)
                    out[start : start + len(rows)] = part
                    start += len(rows)
                    continue
                except torch.cuda.OutOfMemoryError as err:
                    if len(rows) == 1:
                        raise torch.cuda.OutOfMemoryError(
                            f"CUDA ran out of memory while predicting a single row on "
                            f"{device} (width={self.width}, {len(self.classes_)} "
                            "classes). Free GPU memory used by other tensors or "
                            "processes, or predict with device='cpu'."
                        ) from err
                # Out of memory. Outside the except block the failed chunk's tensors
                # are no longer referenced, so emptying the cache can free them. The
                # smaller size stays: the memory pressure is likely to last.
                size = max(1, len(rows) // 2)
                del rows
                _release_cuda_memory(device)
        finally:
            self.network_ = net.cpu()
        return out

    def _chunk_logits(
        self,
        X: np.ndarray,
        net: FFNetwork,
        device: torch.device,
        n_layers: int | None = None,
    ) -> np.ndarray:
        """Logits of validated float32 rows; ``n_layers`` limits the goodness sum."""
        n_layers = self.depth if n_layers is None else n_layers
        rows = self._to_rows(X, device)
        if self.prediction == "softmax" and n_layers == self.depth:
            return head_scores(net, rows).cpu().numpy()
        g = label_goodness(net, rows, n_layers)
        if self.skip_first_layer and n_layers > 1:
            g = g[:, :, 1:]
        return g.sum(dim=2).cpu().numpy()


def _snapshot(net: FFNetwork) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in net.state_dict().items()}


def _state_to_cpu(state: Any) -> Any:
    if isinstance(state, torch.Tensor):
        return state.detach().to("cpu", copy=True)
    if isinstance(state, dict):
        return {k: _state_to_cpu(v) for k, v in state.items()}
    if isinstance(state, (list, tuple)):
        return type(state)(_state_to_cpu(v) for v in state)
    return state
