"""One call of ``fit`` or ``partial_fit``: from validated arrays to a trained network.

:func:`train_network` is what :class:`~skff.ForwardForwardClassifier` hands
its validated data to. It holds out the early-stopping rows, embeds the rest
on the device, assembles the :class:`~skff.core.trainer.Trainer`, the
:class:`~skff.core.loop.TrainingLoop` and its callbacks from
:class:`TrainingSettings`, runs them under the matmul precision, and turns a
CUDA out-of-memory error or an unfinished optimization into the messages a
scikit-learn user expects. It reads no estimator: everything comes in as
arguments, and :class:`FitPlan` carries a call from the estimator's checks to it.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skff.core.callbacks import (
    DeadLayerCheck,
    EarlyStopping,
    History,
    LossPlateau,
    PlateauAnneal,
    ProgressBar,
    StalledTrainingCheck,
)
from skff.core.divergence import DivergenceGuard
from skff.core.embedding import EmbeddedRows, feature_rms, split_body
from skff.core.loop import LEARNING_RATE_SCHEDULES, TrainingLoop, phases
from skff.core.network import FFNetwork
from skff.core.precision import effective_precision, matmul_precision
from skff.core.stream import RowStream, float32_chunk, streamed_feature_rms
from skff.core.trainer import TrainConfig, Trainer, resolve_batch_size
from skff.defaults import ANNEAL_FRACTION, MIN_ANNEAL_EPOCHS, resolve_negatives
from skff.device import resolve_device
from skff.memory import check_training_memory
from skff.prediction import as_tensor
from skff.threads import cpu_threads, step_work


@dataclass(frozen=True)
class TrainingSettings:
    """The hyperparameters that shape training (not the network), as the estimator holds them.

    Attributes
    ----------
    variant, threshold, negatives, schedule : str, float, str, str
    batch_size : int or "auto"
    max_iter : int
    learning_rate_init : float
        Resolved (``"auto"`` is the estimator's to resolve).
    learning_rate : {"adaptive", "constant", "linear"}
    alpha : float
    early_stopping : bool
    validation_fraction : float
    n_iter_no_change : int
    tol : float
    verbose : int
    precision : str
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
    peer_normalization : float
        Weight of the peer-normalization penalty.
    cuda_graphs : bool
        Replay the training step from a CUDA graph on CUDA.
    loss : {"threshold", "symba"}
        The per-layer loss on the logits.
    """

    variant: str
    threshold: float
    negatives: str
    schedule: str
    batch_size: int | str
    max_iter: int
    learning_rate_init: float
    learning_rate: str
    alpha: float
    early_stopping: bool
    validation_fraction: float
    n_iter_no_change: int
    tol: float
    verbose: int
    precision: str
    device: str
    peer_normalization: float = 0.0
    cuda_graphs: bool = True
    loss: str = "threshold"

    def config(self, n_rows: int, incremental: bool = False) -> TrainConfig:
        """The training step's settings for ``n_rows`` training rows (of a ``partial_fit``
        call with ``incremental``)."""
        batch_size = resolve_batch_size(self.batch_size, n_rows)
        return TrainConfig(
            variant=self.variant,
            threshold=float(self.threshold),
            negatives=resolve_negatives(self.negatives, n_rows, incremental),
            batch_size=batch_size,
            learning_rate=self.learning_rate_init,
            weight_decay=self.alpha,
            # One epoch of warm-up: Adam's first steps move every weight by the full
            # step size, which on wide layers fed non-negative inputs shifts every
            # pre-activation at once and can silence a layer for good.
            warmup_steps=-(-n_rows // batch_size),
            peer_normalization=float(self.peer_normalization),
            cuda_graphs=bool(self.cuda_graphs),
            loss=self.loss,
        )

    def dead_layer_advice(self, depth: int) -> str:
        """What to do when a layer died, for :class:`~skff.core.callbacks.DeadLayerCheck`."""
        advice = f"Lower learning_rate_init (now {self.learning_rate_init})"
        if self.variant == "cff" and depth > 1:
            advice += (
                f", for example to {self.learning_rate_init / depth:.2g}: under "
                "variant='cff' the goodness shared by all layers moves depth times "
                "faster than one layer's. variant='cff_prev' is steadier too"
            )
        return advice


@dataclass(frozen=True)
class FitPlan:
    """A checked training call, ready to change the estimator and train.

    Attributes
    ----------
    first : bool
        The call starts a new model.
    probe : ForwardForwardClassifier
        A shallow copy holding the new input attributes (``n_features_in_``,
        ``feature_names_in_``, ``classes_``, ``label_scale_``) of a first call.
    X, y : ndarray
        Validated rows and encoded labels; ``X`` is float32, or the caller's
        array when it is streamed (``chunk_rows``).
    network : FFNetwork
        The network to train: new on a first call, else the fitted one.
    random_state : numpy.random.RandomState
    device : str
    max_iter : int or None
        The resolved ``max_iter`` of a ``fit``; None for ``partial_fit``.
    settings : TrainingSettings
    sample_weight : ndarray of shape (n_samples,), float64, or None
        Validated weights; None when the call got none.
    chunk_rows : int or None
        Rows per chunk of a ``partial_fit`` block streamed through training
        (:mod:`skff.core.stream`); None when it is embedded whole.
    batch_size : int or None
        The rows per mini-batch the call trains with, ``"auto"`` resolved on its
        rows that train; None where the plan was made without it.
    """

    first: bool
    probe: Any
    X: np.ndarray
    y: np.ndarray
    network: Any
    random_state: np.random.RandomState
    device: str
    max_iter: int | None
    settings: TrainingSettings
    sample_weight: np.ndarray | None = None
    chunk_rows: int | None = None
    batch_size: int | None = None


def build_network(
    X: np.ndarray,
    n_classes: int,
    *,
    depth: int,
    width: int,
    label_embedding: str,
    prediction: str,
    skip_first_layer: bool,
    label_scale: float,
    seed: int,
    sample_weight: np.ndarray | None = None,
    chunk_rows: int | None = None,
) -> FFNetwork:
    """A new network for rows like ``X``, its label entry ``label_scale`` times their RMS.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32
        The training rows: their shape and the RMS of the features that
        reach the first layer.
    n_classes : int
    depth, width : int
    label_embedding, prediction : str
    skip_first_layer : bool
    label_scale : float
        In units of the features' RMS.
    seed : int
        Seeds the initial weights.
    sample_weight : ndarray of shape (n_samples,), optional
        Weights of the rows in the features' RMS (rows of weight 0 do not
        count); None: every row once.
    chunk_rows : int, optional
        ``X`` is streamed (:mod:`skff.core.stream`): any numeric dtype, its
        RMS summed this many rows at a time.

    Returns
    -------
    FFNetwork
        On the CPU.
    """
    if chunk_rows is None:
        body = split_body(as_tensor(X, torch.device("cpu")), label_embedding, n_classes)
        weight = None
        if sample_weight is not None:
            weight = torch.as_tensor(sample_weight, dtype=torch.float64)
        rms = feature_rms(body, weight)
    else:
        rms = streamed_feature_rms(X, chunk_rows, label_embedding, n_classes, sample_weight)
    n_body = X.shape[1] - (n_classes if label_embedding == "overwrite" else 0)
    return FFNetwork(
        n_body,
        n_classes,
        depth,
        width,
        label_embedding=label_embedding,
        prediction=prediction,
        skip_first_layer=skip_first_layer,
        label_scale=label_scale * rms,
        generator=torch.Generator().manual_seed(seed),
    )


#: Root mean square of the features below which float32 cannot hold them: the
#: validated X is float32, whose normal numbers end at 1.2e-38; below, values turn
#: subnormal (losing precision) or zero. The rows are normalized in float64, so any
#: larger scale trains the same model.
MIN_FEATURE_RMS = 1e-35


def check_feature_scale(X: np.ndarray) -> None:
    """Refuse features too small for float32.

    Features around 1e-40 are subnormal in float32: they keep a few bits of
    precision or none, and used to end in a divergence error that blamed the
    learning rate.

    Raises
    ------
    ValueError
        Naming the features' RMS and the fix (rescale ``X``).
    """
    if X.size == 0:
        return
    squares, rows = 0.0, max(1, (1 << 20) // X.shape[1])
    for start in range(0, len(X), rows):  # float64 blocks: no whole copy of X
        # In float32 first, as training sees the rows (a streamed X is in the caller's dtype).
        block = float32_chunk(X, slice(start, start + rows)).astype(np.float64).reshape(-1)
        squares += float(block @ block)
    rms = (squares / X.size) ** 0.5
    if 0.0 < rms < MIN_FEATURE_RMS:
        raise ValueError(
            f"The features of X have a root mean square of {rms:.3g}, below "
            f"{MIN_FEATURE_RMS:.0e}: in float32, which the network computes in, such "
            "values are subnormal or zero and lose their precision. Rescale X, for "
            "example with sklearn.preprocessing.StandardScaler, or multiply it by a "
            f"constant such as {1 / rms:.0e}; any global scale of X trains the same model."
        )


def check_training(
    net: FFNetwork,
    X: np.ndarray,
    y: np.ndarray,
    settings: TrainingSettings,
    incremental: bool = False,
    sample_weight: np.ndarray | None = None,
    random_state: np.random.RandomState | None = None,
    chunk_rows: int | None = None,
) -> None:
    """Refuse a training call before it changes anything: memory, and the early-stopping split.

    Parameters
    ----------
    net : FFNetwork
        The network to train.
    X : ndarray of shape (n_samples, n_features), float32
    y : ndarray of shape (n_samples,)
        Encoded labels.
    settings : TrainingSettings
    incremental : bool, default=False
        A ``partial_fit`` call (no early stopping).
    sample_weight : ndarray of shape (n_samples,), optional
        Validated weights (non-negative, not all zero).
    random_state : numpy.random.RandomState, optional
        The state :func:`train_network` will draw from (not advanced here):
        with ``sample_weight`` and early stopping, the real split is drawn
        from a copy of it, to refuse one that leaves either side no weight.
    chunk_rows : int, optional
        ``X`` is streamed this many rows at a time (:mod:`skff.core.stream`);
        the memory estimate holds one chunk of rows, not all of them.

    Raises
    ------
    InsufficientMemoryError
        When the call would not fit in the device's memory.
    ValueError
        When ``early_stopping`` cannot hold out a stratified validation set,
        or, with ``sample_weight``, one whose both sides have some weight.
    """
    device = resolve_device(settings.device)
    check_training_memory(net, *X.shape, settings, device, incremental, stream_rows=chunk_rows)
    check_feature_scale(X)
    if settings.early_stopping and not incremental:
        # Splitting indices with a throwaway seed runs the same checks as the real split,
        # without drawing from the estimator's random state or copying X.
        holdout(np.arange(len(y)), y, settings.validation_fraction, np.random.RandomState(0))
        if sample_weight is not None and random_state is not None:
            check_weighted_split(y, sample_weight, settings.validation_fraction, random_state)


def train_network(
    net: FFNetwork,
    X: np.ndarray,
    y: np.ndarray,
    settings: TrainingSettings,
    history: History,
    random_state: np.random.RandomState,
    *,
    incremental: bool = False,
    optimizer_state: dict[str, Any] | None = None,
    stacklevel: int = 2,
    sample_weight: np.ndarray | None = None,
    chunk_rows: int | None = None,
) -> dict[str, Any] | None:
    """Train ``net`` on ``(X, y)``: all epochs (``fit``) or one (``partial_fit``).

    Parameters
    ----------
    net : FFNetwork
        Moved to ``settings.device`` for training, and back to the CPU after.
    X : ndarray of shape (n_samples, n_features), float32
        Validated training rows.
    y : ndarray of shape (n_samples,)
        Encoded labels.
    settings : TrainingSettings
    history : History
        Extended in place with this call's epochs.
    random_state : numpy.random.RandomState
        Seeds the device generator (batch order, negative labels), then
        draws the early-stopping split.
    incremental : bool, default=False
        One epoch of every layer at the constant rate, continuing from
        ``optimizer_state``.
    optimizer_state : dict, optional
        The optimizer of the previous ``partial_fit`` call.
    stacklevel : int, default=2
        The ``stacklevel`` that a warning issued in this function needs to
        point at the user's call; the warnings of the callbacks add their
        own depth to it.
    sample_weight : ndarray of shape (n_samples,), optional
        Validated weights. They go with their rows into the early-stopping
        split (the validation accuracy is weighted), are scaled to mean 1 over
        the training rows, and multiply each row's losses (its negative's
        too), so the loss curve is the weighted mean loss. None: the
        unweighted arithmetic.
    chunk_rows : int, optional
        With ``incremental``: stream ``X`` (any numeric dtype) through the
        epoch this many rows at a time (:class:`~skff.core.stream.RowStream`)
        instead of embedding it whole. None: embed it whole.

    Returns
    -------
    dict or None
        The optimizer's state, on the CPU, after ``partial_fit``; None after ``fit``.
    """
    device = resolve_device(settings.device)
    check_training(net, X, y, settings, incremental, sample_weight, random_state, chunk_rows)
    generator = torch.Generator(device=device)
    generator.manual_seed(int(random_state.randint(np.iinfo(np.int32).max)))
    if effective_precision(settings.precision, device) != settings.precision:
        warnings.warn(
            f"precision={settings.precision!r} applies to CUDA only; training on "
            f"{device} runs in float32.",
            UserWarning,
            stacklevel=stacklevel,
        )
    batch_size = resolve_batch_size(settings.batch_size, len(X))
    # A step runs the batch's positive and negative rows.
    work = step_work(2 * batch_size, net.n_inputs, net.width, net.depth)
    try:
        with cpu_threads(device, work):
            return _train_on_device(
                net.to(device), X, y, settings, history, generator, random_state,
                incremental, optimizer_state, stacklevel + 1, sample_weight, chunk_rows,
            )  # fmt: skip
    finally:
        net.cpu()


def _train_on_device(
    net: FFNetwork,
    X: np.ndarray,
    y: np.ndarray,
    settings: TrainingSettings,
    history: History,
    generator: torch.Generator,
    random_state: np.random.RandomState,
    incremental: bool,
    optimizer_state: dict[str, Any] | None,
    stacklevel: int,
    sample_weight: np.ndarray | None = None,
    chunk_rows: int | None = None,
) -> dict[str, Any] | None:
    device = net.label_scale.device
    history.variant, history.threshold = settings.variant, float(settings.threshold)
    X_fit, y_fit, w_fit, callbacks = X, y, sample_weight, []
    adaptive = settings.learning_rate == "adaptive"
    if settings.early_stopping and not incremental:
        w_val = None
        if sample_weight is None:
            X_fit, X_val, y_fit, y_val = holdout(X, y, settings.validation_fraction, random_state)
        else:
            X_fit, X_val, y_fit, y_val, w_fit, w_val = holdout(
                X, y, settings.validation_fraction, random_state, sample_weight
            )
        val_rows = net.embed(as_tensor(X_val, device))
        callbacks.append(
            EarlyStopping(
                val_rows,
                y_val,
                settings.tol,
                settings.n_iter_no_change,
                stops=not adaptive,
                weight=w_val,
            )
        )
    # A network with epochs behind it (warm start, partial_fit) scores labels meaningfully.
    trainer = Trainer(
        net, settings.config(len(X_fit), incremental), generator, trained=history.n_iter > 0
    )
    # Held-out accuracy does not depend on the negatives: only the loss settles.
    settle = 0 if settings.early_stopping else trainer.settling_epochs()
    if adaptive and not incremental:
        callbacks.append(
            PlateauAnneal(
                settings.tol,
                settings.n_iter_no_change,
                ANNEAL_FRACTION,
                MIN_ANNEAL_EPOCHS,
                monitor="val" if settings.early_stopping else "loss",
                settle=settle,
            )
        )
    elif not (incremental or settings.early_stopping):
        schedule = LEARNING_RATE_SCHEDULES[settings.learning_rate]
        # Under a decaying schedule, a plateau at the full step size is where the
        # decay helps most: count epochs without improvement only once it started.
        decay_from = next(
            (e for e in range(settings.max_iter) if schedule(e, settings.max_iter) < 1.0), 0
        )
        callbacks.append(LossPlateau(settings.tol, settings.n_iter_no_change, decay_from, settle))
    # Mean 1 over the training rows: a batch's loss (weighted sum over its size) is
    # then an unbiased estimate of the weighted mean loss, all-ones weights stay
    # exactly ones, and any multiple of the weights gives the same factors.
    scaled = None if w_fit is None else w_fit / np.mean(w_fit)
    if chunk_rows is not None and incremental:
        # Embedded a chunk at a time in the epoch; the weights are scaled over the block.
        rows: EmbeddedRows | RowStream = RowStream(X_fit, y_fit, net, chunk_rows, scaled)
        y_t = None
    else:
        rows = net.embed(as_tensor(X_fit, device))
        if scaled is not None:
            rows.weight = torch.as_tensor(scaled, dtype=torch.float32, device=device)
        y_t = torch.as_tensor(y_fit, device=device)
    phase_list = phases(settings.schedule, net.depth)
    progress = None
    if settings.verbose and not incremental:
        progress = ProgressBar(settings.max_iter * len(phase_list), f"skff {settings.variant}")
        callbacks.append(progress)
    advice = settings.dead_layer_advice(net.depth)
    # The check warns from TrainingLoop.finish, four calls below this function.
    callbacks.append(DeadLayerCheck(X, advice, stacklevel=stacklevel + 4))
    callbacks.append(
        StalledTrainingCheck(
            settings.learning_rate_init,
            settings.variant,
            float(settings.threshold),
            stacklevel=stacklevel + 4,
            loss=settings.loss,
        )
    )
    loop = TrainingLoop(
        trainer,
        history,
        DivergenceGuard(
            settings.variant,
            float(settings.threshold),
            settings.learning_rate_init,
            settings.loss,
        ),
        callbacks,
        settings.max_iter,
        LEARNING_RATE_SCHEDULES[settings.learning_rate],
    )
    try:
        with matmul_precision(settings.precision, device):
            if incremental:
                loop.run_single_epoch(rows, y_t, range(net.depth), optimizer_state)
                return trainer.optimizer_state()
            stopped = loop.run(rows, y_t, phase_list)
    except torch.cuda.OutOfMemoryError as err:
        raise torch.cuda.OutOfMemoryError(
            f"CUDA ran out of memory while training on {device}. A step holds "
            f"2 x batch_size = {2 * trainer.config.batch_size} rows of activities "
            f"(batch_size={settings.batch_size!r}, width={net.width}, depth={net.depth}), "
            f"and the {X.shape[0]} x {X.shape[1]} training set stays on the device for "
            "the whole fit. Lower batch_size (or width), or train with device='cpu'. "
            "n_iter_ and loss_curve_ count the completed epochs only; the weights "
            "include the steps taken in the interrupted one."
        ) from err
    finally:
        if progress is not None:
            progress.close()
    if not all(stopped):
        warnings.warn(
            f"ForwardForwardClassifier: maximum iterations ({settings.max_iter}) "
            "reached and the optimization hasn't converged yet. Increase "
            "max_iter, or ignore this warning if the scores are good.",
            ConvergenceWarning,
            stacklevel=stacklevel,
        )
    return None


def holdout(
    X: np.ndarray,
    y: np.ndarray,
    fraction: float,
    random_state: np.random.RandomState,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, ...]:
    """Split off ``fraction`` of the rows, stratified by class, for early stopping.

    Returns
    -------
    X_train, X_val, y_train, y_val : ndarray
        Followed by ``w_train, w_val`` when ``sample_weight`` is given: the
        weights go with their rows (the split itself does not depend on them).

    Raises
    ------
    ValueError
        When some class has too few rows to appear on both sides.
    """
    arrays = (X, y) if sample_weight is None else (X, y, sample_weight)
    try:
        return train_test_split(*arrays, test_size=fraction, random_state=random_state, stratify=y)
    except ValueError as err:
        raise ValueError(
            f"early_stopping=True holds out validation_fraction={fraction} of the "
            f"{len(y)} samples, stratified by class, and cannot here: {err} Pass more "
            "samples of each class, raise validation_fraction, or set "
            "early_stopping=False."
        ) from err


def check_weighted_split(
    y: np.ndarray, sample_weight: np.ndarray, fraction: float, random_state: np.random.RandomState
) -> None:
    """Refuse an early-stopping split that leaves the training or the validation rows no weight.

    Draws from a copy of ``random_state`` in :func:`train_network`'s order (the
    device generator's seed, then the split), so the split checked is the one
    training will use, and the estimator's random state does not move.

    Raises
    ------
    ValueError
        Naming the side without weight and the fixes.
    """
    probe = copy.deepcopy(random_state)
    probe.randint(np.iinfo(np.int32).max)
    _, _, _, _, w_train, w_val = holdout(np.arange(len(y)), y, fraction, probe, sample_weight)
    for side, weights in (("training", w_train), ("validation", w_val)):
        if not np.any(weights > 0):
            raise ValueError(
                f"early_stopping=True holds out validation_fraction={fraction} of the "
                f"{len(y)} samples, and every {side} row of the split has sample_weight 0, "
                "so it cannot be trained or scored. Give more rows a positive weight, change "
                "validation_fraction or random_state, or set early_stopping=False."
            )
