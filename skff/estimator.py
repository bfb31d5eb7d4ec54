"""ForwardForwardClassifier: the scikit-learn face of the Forward-Forward core.

This module holds the scikit-learn concerns only: the parameters and their
documentation, ``fit`` / ``partial_fit`` / ``predict*``, the tags and the
fitted state. Checking (``skff.validation``), training
(``skff.training`` over ``skff.core``) and prediction
(``skff.prediction``) live in their own modules; ``docs/architecture.md``
shows how they fit together.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import unique_labels

from skff.auto_settings import AutoSettingsMixin
from skff.core.callbacks import History
from skff.core.embedding import EMBEDDINGS
from skff.core.loop import LEARNING_RATE_SCHEDULES, SCHEDULES
from skff.core.negatives import NEGATIVES
from skff.core.network import PREDICTIONS
from skff.core.precision import PRECISIONS
from skff.core.stream import stream_chunk_rows
from skff.core.trainer import resolve_batch_size as rows_per_batch
from skff.core.variants import LOSSES, VARIANTS
from skff.defaults import resolve_label_scale
from skff.device import resolve_device
from skff.fitted_state import FittedStateMixin
from skff.label_predictions import LabelPredictionsMixin
from skff.memory import check_fit_memory
from skff.sklearn_methods import SklearnMethodsMixin
from skff.training import (
    FitPlan,
    TrainingSettings,
    build_network,
    check_training,
    train_network,
)
from skff.validation import (
    Boolean,
    Device,
    Interval,
    Options,
    RandomState,
    check_architecture,
    check_fit_input,
    check_fit_sample_weight,
    check_parameters,
    check_partial_fit_call,
    check_warm_start,
    encode_labels,
    warn_collaborative_skip,
)

#: What each parameter accepts: a list of alternatives, any of which will do.
PARAMETER_CONSTRAINTS: dict[str, list[Any]] = {
    "variant": [Options(tuple(VARIANTS))],
    "depth": [Interval(integer=True, low=1)],
    "width": [Interval(integer=True, low=1)],
    "threshold": [Interval()],
    "loss": [Options(("auto", *LOSSES))],
    "schedule": [Options(SCHEDULES)],
    "label_embedding": [Options(EMBEDDINGS)],
    "label_scale": [Options(("auto",)), Interval(low=0, low_open=True)],
    "negatives": [Options(("auto", *NEGATIVES))],
    "prediction": [Options(("auto", *PREDICTIONS))],
    "skip_first_layer": [Boolean()],
    "batch_size": [Options(("auto",)), Interval(integer=True, low=1)],
    "max_iter": [Options(("auto",)), Interval(integer=True, low=1)],
    "learning_rate_init": [Options(("auto",)), Interval(low=0, low_open=True)],
    "learning_rate": [Options(tuple(LEARNING_RATE_SCHEDULES))],
    "alpha": [Options(("auto",)), Interval(low=0)],
    "peer_normalization": [Interval(low=0)],
    "early_stopping": [Boolean()],
    "validation_fraction": [Interval(low=0, high=1, low_open=True, high_open=True)],
    "n_iter_no_change": [Interval(integer=True, low=1)],
    "tol": [Options(("auto",)), Interval(low=0)],
    "warm_start": [Boolean()],
    "random_state": [RandomState()],
    "verbose": [Interval(integer=True, low=0), Boolean()],
    "device": [Device()],
    "precision": [Options(PRECISIONS)],
    "cuda_graphs": [Boolean()],
}

#: Hyperparameters fixed when the network is built: warm_start refuses to change them.
ARCHITECTURE_PARAMS = (
    "depth",
    "width",
    "label_embedding",
    "label_scale",
    "prediction",
    "skip_first_layer",
)

WARM_START_ADVICE = "Pass every class to the first partial_fit call, or fit with warm_start=False."

#: Fitted attributes that are plain values (classes_ and network_ aside).
FITTED_ATTRIBUTES = (
    "n_features_in_",
    "label_scale_",
    "alpha_",
    "loss_",
    "learning_rate_init_",
    "batch_size_",
    "tol_",
    "max_iter_",
    "n_iter_",
    "t_",
    "loss_curve_",
    "layer_loss_curve_",
    "best_loss_",
    "validation_scores_",
    "best_validation_score_",
    "variant_",
    "threshold_",
    "device_",
)


class ForwardForwardClassifier(
    AutoSettingsMixin, FittedStateMixin, LabelPredictionsMixin, SklearnMethodsMixin, BaseEstimator
):
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
    width : int, default=128
        Units per hidden layer.
    threshold : float, default=4.0
        Threshold theta per layer on the goodness, which is the **mean** of
        the squared activities of a layer (not Hinton's sum), so one value
        works for any ``width``; Hinton's sum-of-squares threshold ``width``
        corresponds to ``threshold=1``. The collaborative variants scale it by
        the number of layers whose goodness they sum. Unused under
        ``loss="symba"`` (the default of ``variant="ff"``, and of CFF on 3
        classes or more and 1,000 training rows or more).
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
    label_scale : float or "auto", default="auto"
        Value of the one-hot label entry, in units of the RMS of the training
        features, so that it does not depend on how ``X`` is scaled. Larger
        values make the label a larger share of each (length-normalized)
        input row. ``"auto"``: ``sqrt(d)`` for ``d`` features reaching the
        first layer, which makes the label half of every row's squared length
        (28 on MNIST); ``label_scale_`` holds the value used.
    negatives : {"auto", "hard", "hard_cached", "random"}, default="auto"
        ``"hard"``: a wrong label drawn in proportion to the model's belief in
        it, scored for every label on each batch before its step (with two
        classes, the other label). ``"hard_cached"``: the same draw from label
        scores cached per training row, which each epoch renews for a quarter
        of the rows and each step for the labels it drew: about 1.3 times the
        epoch time of ``"random"`` instead of 2.5 on MNIST, as accurate on
        large training sets and 0.3-0.6 points less on small ones.
        ``"auto"``: ``"hard_cached"`` for ``fit`` on 10,000 training rows or
        more, ``"hard"`` otherwise (and in ``partial_fit``, whose new rows get
        one epoch, over which no cache pays off). ``"random"``: a wrong label
        uniformly at random, never the true one.
    prediction : {"auto", "goodness", "softmax", "combined"}, default="auto"
        ``"goodness"``: score each label by the goodness summed over layers.
        ``"softmax"``: one pass with a neutral label and a linear softmax head
        on the normalized hidden activities, trained alongside the layers
        (its cross-entropy counts in the training loss). ``"combined"``: the
        same head, and each label scored by the head's log-probability plus
        that of the goodness read-out at twice the goodness, so that a label
        must convince both. ``"auto"``: ``"combined"`` for a ``fit`` of fewer
        than 1,000 training rows (after the ``early_stopping`` split) of 3
        classes or more under ``variant="cff"``, where it was more accurate
        (the goodness alone trails on few features and few rows per class),
        and ``"goodness"`` otherwise and in ``partial_fit``. A
        ``warm_start`` fit or a later ``partial_fit`` call keeps the read-out
        the network was built with; ``prediction_`` holds it.
    skip_first_layer : bool, default=False
        Leave the first hidden layer out of the goodness sum (prediction and
        hard negatives) and out of the softmax head's input, as Hinton does.
        Needs ``depth >= 2``. With ``variant="cff"`` and goodness prediction
        the fit warns: CFF trains every layer to add to the whole network's
        goodness, so the later layers alone predict poorly; skip with ``"ff"``.
    batch_size : int or "auto", default="auto"
        Rows per mini-batch; ``min(batch_size, n_samples)`` is used.
        ``"auto"``: ``n_samples // 10`` clipped to ``[32, 128]`` for a
        ``fit`` under ``variant="cff"`` or ``"ff"`` (on the rows that
        train), and to ``[16, 128]`` otherwise and in ``partial_fit`` (on
        the rows of the call), so that data sets get about ten updates per
        epoch, and small ones fewer steps whose cost is mostly fixed overhead;
        ``batch_size_`` holds it.
    max_iter : int or "auto", default="auto"
        Most epochs to train for (per layer under ``schedule="layer"``), as
        in ``MLPClassifier``: the default ``learning_rate="adaptive"`` stops
        once the loss has levelled off and the step size has annealed, usually
        well before; a fit that reaches ``max_iter`` first warns with a
        ``ConvergenceWarning``. ``learning_rate="linear"`` decays over the second
        half of ``max_iter`` and stops there if the loss levels off. ``"auto"``: 120
        for a CFF ``fit`` of 500 training rows or more (after the
        ``early_stopping`` split), where longer fits were fitting noise, unless
        classes outnumber features on 1,000 of them; else 200. See ``max_iter_``.
    learning_rate_init : float or "auto", default="auto"
        Adam's step size. ``"auto"``: 0.003 for a ``fit`` of fewer than 320
        training rows (after the ``early_stopping`` split) under
        ``variant="cff"``, where it was more accurate, and 0.01 otherwise and
        in ``partial_fit``; ``learning_rate_init_`` holds the value used.
    learning_rate : {"adaptive", "linear", "constant"}, default="adaptive"
        Learning-rate schedule. ``"adaptive"`` keeps ``learning_rate_init``
        while the training loss (or, under ``early_stopping``, the validation
        accuracy) improves by more than ``tol``; once it has not for
        ``n_iter_no_change`` epochs, the step size decays linearly towards
        zero over half as many epochs as were run (at least 5), and training
        stops there: the number of epochs follows the data, up to
        ``max_iter``. ``"linear"`` keeps ``learning_rate_init`` for the first
        half of ``max_iter`` and decays it linearly towards zero over the
        second half, as in Hinton's code. ``partial_fit`` always uses the
        constant rate. Every schedule raises the step size linearly over the
        first epoch of training (warm-up).
    alpha : float or "auto", default="auto"
        L2 penalty (Adam's ``weight_decay``). ``"auto"``: 1e-3 when the
        training data has at least half as many features as rows (wide
        series, spectra, gene expression), where it helped, and 0 otherwise,
        where it cost accuracy; ``alpha_`` holds the value used.
    peer_normalization : float, default=0.0
        Weight of Hinton's peer normalization: a penalty on each unit's
        running mean activity (on positive rows) straying from its layer's
        average, whose gradient also reaches silent units, so that every
        unit stays in use. 0 turns it off.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified),
        stop when its accuracy has not improved by ``tol`` for
        ``n_iter_no_change`` epochs, and restore the best weights.
    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping.
    n_iter_no_change : int, default=10
        Epochs without improvement of more than ``tol`` before the step size
        anneals (``learning_rate="adaptive"``) or training stops (the other
        schedules; under ``"linear"`` they count from the start of the decay).
        Under the cached hard-negative draw (more than two classes), the first
        4 epochs of a fresh fit do not count: their negatives are still
        hardening, so their loss is not comparable with the later epochs'.
    tol : float or "auto", default="auto"
        Improvement below which an epoch counts as no improvement, on the
        training loss (the sum over layers of each layer's mean loss) or,
        with early stopping, on the validation accuracy. ``"auto"``: 1e-3 on
        data of at least 1,000 rows with more classes than features, whose
        loss falls slowly while the accuracy still climbs, and 1e-2
        otherwise; ``tol_`` holds the value used. 1e-2 is larger than
        ``MLPClassifier``'s 1e-4: the FF loss keeps creeping down long after
        the accuracy has settled, and 1e-2 stopped as accurately in fewer
        epochs (the defaults page has the figures).
    warm_start : bool, default=False
        Continue from the previous fit's weights instead of starting anew.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the validation split, the batch order and the
        negative labels. On the CPU the same seed gives the same model.
    verbose : int or bool, default=0
        ``1`` (or ``True``) shows a progress bar over epochs with the loss.
    device : str, default="auto"
        ``"auto"`` (CUDA if available, else CPU), ``"cpu"``, ``"cuda"`` or
        ``"cuda:N"``. Weights are kept on the CPU between calls.
    precision : {"fp32", "tf32", "bf16"}, default="fp32"
        Precision of the layers' matmuls: TF32 tensor cores (CUDA only; the
        CPU computes in float32 and warns at fit time), or bfloat16 operands
        with float32 accumulation (CUDA and the CPU; fast on CPUs with
        AVX512-BF16 or AMX, slower than float32 on others); weights,
        activities, gradients and the optimizer stay in float32.
    cuda_graphs : bool, default=True
        On CUDA, capture the training step once as a CUDA graph and replay it
        for every full mini-batch, which removes most of the per-step launch
        overhead; the same random draws and arithmetic as without, and a
        warning and ordinary steps if the capture fails. Ignored on the CPU.
    loss : {"auto", "threshold", "symba"}, default="auto"
        How each layer's logit becomes its loss. ``"threshold"``: FF's
        ``softplus(-logit(pos)) + softplus(logit(neg))`` on every row.
        ``"symba"``: SymBa's symmetric loss ``softplus(-(logit(pos) -
        logit(neg)))`` on each training row paired with its own negative (the
        same row with a wrong label), in which the threshold cancels (Lee and
        Song, 2023). ``"auto"``: ``"symba"`` under ``variant="ff"``, where it
        was more accurate and faster on the corpus study's tuning sets; under
        ``variant="cff"``, ``"symba"`` on 3 classes or more and 1,000 training
        rows or more, where the threshold loss underfits, and ``"threshold"``
        otherwise, as under ``"cff_prev"``; ``loss_`` holds the loss used. For
        Hinton's FF as published, pass ``variant="ff", loss="threshold"``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names, when ``X`` had string column names.
    network_ : FFNetwork
        The trained network, on the CPU. Its ``spec`` fixes the architecture,
        the label embedding and the prediction rule: ``predict`` reads them
        there, so hyperparameters changed after ``fit`` take effect at the
        next ``fit``.
    label_scale_ : float
        The ``label_scale`` the network was built with.
    prediction_ : str
        The read-out the network was built with (``"auto"`` resolved), from
        ``network_.spec``.
    alpha_ : float or None
        The ``alpha`` of the latest training call (``"auto"`` resolved on the
        rows of the ``fit``, or of the first ``partial_fit`` call); None in a
        model loaded from a file of a version that did not record it.
    loss_ : str or None
        The ``loss`` of the latest training call (``"auto"`` resolved for its
        ``variant`` on the rows of the ``fit``, or of the first ``partial_fit``
        call); None in a model loaded from a file of a version that did not
        record it.
    learning_rate_init_ : float or None
        The ``learning_rate_init`` of the latest training call (``"auto"``
        resolved for its ``variant`` on the rows that train); None in a model
        loaded from a file of a version that did not record it.
    batch_size_ : int or None
        The rows per mini-batch of the latest training call (``"auto"``
        resolved on its rows that train, and never more than they); None in a
        model loaded from a file of a version that did not record it.
    tol_ : float or None
        The ``tol`` of the latest training call (``"auto"`` resolved on the
        rows, features and classes of the call); None in a model loaded from
        a file of a version that did not record it.
    max_iter_ : int
        The ``max_iter`` of the latest ``fit`` (``"auto"`` resolved).
    variant_ : str
        The ``variant`` of the latest training call.
    threshold_ : float
        The ``threshold`` of the latest training call.
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
    skff.baselines.BackpropClassifier : The same hidden layers trained by
        backprop with a softmax output, for comparison.
    skff.baselines.BackpropPairwiseClassifier : The same objective with the
        gradient through all layers, the paper's control.
    sklearn.neural_network.MLPClassifier : scikit-learn's backprop network.
    skff.save : Store a fitted model without pickle.
    skff.diagnostics.layer_contributions : Accuracy with layers 1..k.

    Notes
    -----
    ``predict_proba`` is the softmax over labels of the per-label logits.
    With ``prediction="goodness"`` the logit of a label is the goodness summed
    over layers: if each ``(x, label)`` pair is positive with probability
    ``sigmoid(logit)`` and exactly one label is right, the posterior of a label
    is the softmax of the logits. With ``"combined"`` it is the sum of the two
    read-outs' log-probabilities, so ``predict_proba`` is their normalized
    product.

    The network computes in float32; any global scale of ``X`` trains the same
    model, since the label's value is the RMS of the training features. A
    training loss that blows up restores the weights from before the epoch
    and raises ``ValueError`` naming ``learning_rate_init``. The same
    ``random_state`` gives identical results on the CPU. Prediction runs in
    chunks of bounded memory. [`skff.save`][skff.save] and [`skff.load`][skff.load] store a
    model without pickle; pickling works as well.

    References
    ----------
    G. Hinton, "The Forward-Forward Algorithm: Some Preliminary
    Investigations", 2022, [arXiv:2212.13345](https://arxiv.org/abs/2212.13345).

    G. Lorberbom, I. Gat, Y. Adi, A. Schwing, T. Hazan, "Layer Collaboration
    in the Forward-Forward Algorithm", AAAI 2024,
    [arXiv:2305.12393](https://arxiv.org/abs/2305.12393).

    H.-C. Lee, J. Song, "SymBa: A Symmetric Balanced Loss for Forward-Forward
    Training", 2023, [arXiv:2303.08418](https://arxiv.org/abs/2303.08418).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skff import ForwardForwardClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(
    ...     StandardScaler(),
    ...     ForwardForwardClassifier(random_state=0, device="cpu"),
    ... ).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = PARAMETER_CONSTRAINTS
    _fitted_attributes: ClassVar[tuple[str, ...]] = FITTED_ATTRIBUTES

    def __init__(
        self,
        variant: str = "cff",
        depth: int = 2,
        width: int = 128,
        threshold: float = 4.0,
        schedule: str = "network",
        label_embedding: str = "concat",
        label_scale: float | str = "auto",
        negatives: str = "auto",
        prediction: str = "auto",
        skip_first_layer: bool = False,
        batch_size: int | str = "auto",
        max_iter: int | str = "auto",
        learning_rate_init: float | str = "auto",
        learning_rate: str = "adaptive",
        alpha: float | str = "auto",
        peer_normalization: float = 0.0,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 10,
        tol: float | str = "auto",
        warm_start: bool = False,
        random_state: int | np.random.RandomState | None = None,
        verbose: int = 0,
        device: str = "auto",
        precision: str = "fp32",
        cuda_graphs: bool = True,
        loss: str = "auto",
    ) -> None:
        self.variant = variant
        self.depth = depth
        self.width = width
        self.threshold = threshold
        self.loss = loss
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
        self.peer_normalization = peer_normalization
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        self.device = device
        self.precision = precision
        self.cuda_graphs = cuda_graphs

    # ------------------------------------------------------------- public API
    @property
    def prediction_(self) -> str:
        """The read-out of the fitted network (``prediction`` with ``"auto"`` resolved)."""
        return self.network_.spec.prediction

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> ForwardForwardClassifier:
        """Train the network on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target labels; at least two classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero. Each row's losses (on its
            positive and its negative pass) are multiplied by its weight, the
            weights scaled to mean 1 over the training rows; they follow their
            rows into the early-stopping split, where the validation accuracy
            is weighted, and the loss curve is the weighted mean loss. A row of
            weight 0 has no influence on the model, though it still takes a
            slot in its mini-batch. None: every row counts once (all-ones
            weights train the same model, bit for bit).

        Returns
        -------
        self : ForwardForwardClassifier
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False, sample_weight=sample_weight)

    def partial_fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        classes: ArrayLike | None = None,
        sample_weight: ArrayLike | None = None,
    ) -> ForwardForwardClassifier:
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
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights, not all zero, as in ``fit``; scaled to
            mean 1 over this call's rows.

        Returns
        -------
        self : ForwardForwardClassifier
            The updated estimator.
        """
        return self._fit(X, y, incremental=True, classes=classes, sample_weight=sample_weight)

    # --------------------------------------------------------------- fitting
    def _fit(
        self, X: Any, y: Any, incremental: bool, classes: Any = None, sample_weight: Any = None
    ) -> Any:
        plan = self._plan_fit(X, y, incremental, classes, sample_weight)
        self._commit_plan(plan)
        history = self._history()
        try:
            state = train_network(
                self.network_, plan.X, plan.y, plan.settings, history, self._random_state,
                incremental=incremental, optimizer_state=self._optimizer_state, stacklevel=4,
                sample_weight=plan.sample_weight, chunk_rows=plan.chunk_rows,
            )  # fmt: skip
            if incremental:
                self._optimizer_state = state
        finally:
            self._set_history(history)
        return self

    def _plan_fit(
        self, X: Any, y: Any, incremental: bool, classes: Any, sample_weight: Any = None
    ) -> FitPlan:
        """Every check that can refuse the call, with nothing on ``self`` changed.

        A refused ``fit`` or ``partial_fit`` must leave the estimator exactly as
        it was (fitted or not): validation runs on a shallow copy, the new
        network is built aside, and the random state is rewound on refusal.
        A ``partial_fit`` block of more rows than one chunk
        (:func:`~skff.core.stream.stream_chunk_rows`), trained on the CPU, is
        checked chunk by chunk here, all of it before training starts, and
        kept unconverted.
        """
        check_parameters(self)
        first = not hasattr(self, "network_") or not (incremental or self.warm_start)
        if incremental:
            check_partial_fit_call(self, classes, first_call=first)
        probe = copy.copy(self)
        # On CUDA the block goes to the device whole, as before: a CUDA graph replays its
        # steps from one buffer of rows, and would be captured again for every chunk.
        on_cpu = resolve_device(self.device).type == "cpu"
        chunk_rows = stream_chunk_rows(X, self.batch_size) if incremental and on_cpu else None
        random_state = check_random_state(self.random_state) if first else self._random_state
        saved_rng = random_state.get_state()
        try:
            X, y = check_fit_input(probe, X, y, reset=first, chunk_rows=chunk_rows)
            if sample_weight is not None:
                sample_weight = check_fit_sample_weight(sample_weight, X)
            alpha = self._resolve_alpha(X, incremental, first)
            if first:
                probe.classes_ = (
                    LabelEncoder()
                    .fit(unique_labels(classes) if incremental else np.unique(y))
                    .classes_
                )
                network = self._new_network(
                    probe, X, random_state, alpha, incremental, sample_weight, chunk_rows
                )
            else:
                check_warm_start(self, ARCHITECTURE_PARAMS)
                network = self.network_
            y = encode_labels(probe.classes_, y, WARM_START_ADVICE)
            device = str(resolve_device(self.device))
            max_iter = None if incremental else self._resolve_max_iter(X, len(probe.classes_))
            params = {f.name: getattr(self, f.name) for f in fields(TrainingSettings)}
            run_max_iter = max_iter or getattr(self, "max_iter_", 1)
            step = self._resolve_step_settings(X, len(probe.classes_), incremental, first)
            settings = TrainingSettings(
                **{**params, **step, "max_iter": run_max_iter, "alpha": alpha}
            )
            check_training(
                network, X, y, settings, incremental, sample_weight, random_state, chunk_rows
            )
        except BaseException:
            random_state.set_state(saved_rng)
            raise
        return FitPlan(
            first, probe, X, y, network, random_state, device, max_iter, settings, sample_weight,
            chunk_rows, rows_per_batch(settings.batch_size, self._rows_that_train(X, incremental)),
        )  # fmt: skip

    def _new_network(
        self,
        probe: Any,
        X: np.ndarray,
        random_state: Any,
        alpha: float,
        incremental: bool,
        sample_weight: Any = None,
        chunk_rows: int | None = None,
    ) -> Any:
        """A network for ``X`` and ``probe.classes_``, after the checks that precede building."""
        n_classes = len(probe.classes_)
        prediction = self._resolve_prediction(X, n_classes, incremental)
        check_architecture(probe, X.shape[1], n_classes)
        # The user's line: it called fit, which called _fit, _plan_fit and this method.
        warn_collaborative_skip(probe, stacklevel=5)
        check_fit_memory(
            *X.shape, n_classes, self.depth, self.width, self.batch_size, self.negatives,
            self.device, schedule=self.schedule, early_stopping=self.early_stopping,
            alpha=alpha, prediction=prediction, label_embedding=self.label_embedding,
            stream_rows=chunk_rows,
        )  # fmt: skip
        n_inputs = X.shape[1] - (n_classes if self.label_embedding == "overwrite" else 0)
        probe.label_scale_ = resolve_label_scale(self.label_scale, n_inputs)
        return build_network(
            X,
            n_classes,
            seed=int(random_state.randint(np.iinfo(np.int32).max)),
            sample_weight=sample_weight,
            chunk_rows=chunk_rows,
            **{
                **{name: getattr(self, name) for name in ARCHITECTURE_PARAMS},
                "label_scale": probe.label_scale_,
                "prediction": prediction,
            },
        )

    def _commit_plan(self, plan: FitPlan) -> None:
        """Take on the checked call's state: from here on the call trains."""
        if plan.first:
            for name in ("n_features_in_", "feature_names_in_", "classes_", "label_scale_"):
                if hasattr(plan.probe, name):
                    setattr(self, name, getattr(plan.probe, name))
                elif hasattr(self, name):
                    delattr(self, name)
            self.network_ = plan.network
            self._random_state = plan.random_state
            self._optimizer_state = None
            self._set_history(History(layer_loss_curve=[[] for _ in range(self.depth)]))
        self.device_ = plan.device
        self.alpha_ = plan.settings.alpha
        self.loss_ = plan.settings.loss
        self.learning_rate_init_ = plan.settings.learning_rate_init
        self.batch_size_ = plan.batch_size
        self.tol_ = plan.settings.tol
        if plan.max_iter is not None:
            self.max_iter_ = plan.max_iter
