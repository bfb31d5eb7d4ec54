"""Callbacks of the training loop: what happens around the epochs, one small class each.

:class:`~skff.core.loop.TrainingLoop` calls every callback, in order, at the
start and end of each phase (the layers trained together: all of them under
the ``"network"`` schedule, one at a time under ``"layer"``), at the end of
each epoch, and once when training ends, in the manner of skorch's
``on_epoch_end`` notifications. A new behaviour (a metric, a logger, another
stopping rule) is a new :class:`Callback` subclass added to the list the
estimator builds; the loop does not change.

An epoch's callbacks see an :class:`EpochRecord`: they may read it, add a
metric to it, or set ``stop`` to end the phase.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import torch
from tqdm.auto import tqdm

from skff.core.divergence import idle_losses
from skff.core.embedding import EmbeddedRows
from skff.core.scoring import label_goodness, label_scores
from skff.exceptions import DeadLayerWarning, StalledTrainingWarning

if TYPE_CHECKING:
    from skff.core.loop import TrainingLoop

# Row-label passes scored to look for dead layers after a fit: enough that a
# live layer is very unlikely to be silent on all of them, cheap next to an
# epoch; with many classes, fewer rows (but at least DEAD_CHECK_MIN_ROWS).
DEAD_CHECK_PASSES = 8192
DEAD_CHECK_MIN_ROWS = 64


@dataclass
class History:
    """What training recorded, over every call that trained the network.

    Attributes
    ----------
    loss_curve : list of float
        Loss per epoch: the trained layers' losses summed, plus the head's.
    layer_loss_curve : list of list of float
        Each layer's loss over the epochs in which it was trained.
    n_iter : int
        Epochs run.
    t : int
        Training rows seen.
    validation_scores : list of float or None
        Validation accuracy per epoch, under early stopping.
    best_loss : float or None
        Lowest loss, once a stopping rule on the loss has run.
    best_validation_score : float or None
        Best validation accuracy, under early stopping.
    variant : str or None
        The objective of the latest training call.
    threshold : float or None
        The per-layer threshold of the latest training call.
    """

    loss_curve: list[float] = field(default_factory=list)
    layer_loss_curve: list[list[float]] = field(default_factory=list)
    n_iter: int = 0
    t: int = 0
    validation_scores: list[float] | None = None
    best_loss: float | None = None
    best_validation_score: float | None = None
    variant: str | None = None
    threshold: float | None = None


@dataclass
class EpochRecord:
    """One finished epoch, as the callbacks see it.

    Attributes
    ----------
    index : int
        Zero-based epoch within the phase.
    trainable : range
        The layers trained in this phase.
    loss : float
        The trained layers' losses summed, plus the head's.
    layer_losses : ndarray of shape (trainable.stop,)
        Mean loss of every active layer.
    n_rows : int
        Training rows in the epoch.
    metrics : dict of str to float
        Further figures added by callbacks (``"val"`` under early stopping).
    stop : bool
        Set by a callback to end the phase after this epoch.
    """

    index: int
    trainable: range
    loss: float
    layer_losses: np.ndarray
    n_rows: int
    metrics: dict[str, float] = field(default_factory=dict)
    stop: bool = False


class Callback:
    """Base class: every hook does nothing."""

    def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
        """Before the first epoch of a phase."""

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """After each epoch that trained without diverging."""

    def on_phase_end(self, loop: TrainingLoop, trainable: range) -> None:
        """After the last epoch of a phase (also when a callback stopped it)."""

    def on_train_end(self, loop: TrainingLoop) -> None:
        """Once, after every phase (also after a single :meth:`TrainingLoop.run_epoch`)."""


class RecordHistory(Callback):
    """Append each epoch's losses to the loop's :class:`History`."""

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """Append the losses and count the epoch and its rows."""
        history = loop.history
        for k in epoch.trainable:
            history.layer_loss_curve[k].append(float(epoch.layer_losses[k]))
        history.loss_curve.append(epoch.loss)
        history.n_iter += 1
        history.t += epoch.n_rows


class _NoImprovement:
    """Counts epochs without an improvement of more than ``tol``."""

    def __init__(self, tol: float, n_iter_no_change: int) -> None:
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.count = 0

    def update(self, improved: bool) -> bool:
        """Count one epoch; True when the patience is exhausted."""
        self.count = 0 if improved else self.count + 1
        return self.count > self.n_iter_no_change


class LossPlateau(Callback):
    """Stop a phase once the training loss stops falling by ``tol`` for ``n_iter_no_change`` epochs.

    Parameters
    ----------
    tol : float
    n_iter_no_change : int
    count_from : int, default=0
        Zero-based epoch of the phase from which epochs without improvement
        count (the start of the learning-rate decay).
    settle : int, default=0
        Epochs at the start of a phase whose loss is not kept as the best
        (see :class:`PlateauAnneal`).
    """

    def __init__(
        self, tol: float, n_iter_no_change: int, count_from: int = 0, settle: int = 0
    ) -> None:
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.count_from = count_from
        self.settle = settle

    def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
        """Reset the best loss and the patience."""
        self._best = np.inf
        self._patience = _NoImprovement(self.tol, self.n_iter_no_change)

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """Count the epoch as an improvement or not; stop when patience runs out."""
        if epoch.index < self.settle:
            return
        improved = epoch.loss <= self._best - self.tol or epoch.index < self.count_from
        epoch.stop = self._patience.update(improved)
        self._best = min(self._best, epoch.loss)

    def on_phase_end(self, loop: TrainingLoop, trainable: range) -> None:
        """Record the lowest loss of the whole history."""
        loop.history.best_loss = float(min(loop.history.loss_curve))


class PlateauAnneal(Callback):
    """``learning_rate="adaptive"``: the full step size until learning levels off, then anneal.

    The phase trains at the full step size while the monitored figure (the
    training loss, or the validation accuracy under early stopping) improves
    by more than ``tol``. Once it has not for ``n_iter_no_change`` epochs,
    the step size falls linearly towards zero over an anneal of
    ``anneal_fraction`` times the epochs run so far (at least
    ``min_anneal`` epochs), and the phase stops: it has converged. The
    length of training thus follows the data, as ``MLPClassifier``'s
    stopping rule does, and every fit ends with the decay that Hinton's
    linear schedule gives the second half of training. When the plateau
    does not come in time, the anneal starts early enough to end at
    ``max_iter``, and the phase counts as not converged.

    Parameters
    ----------
    tol : float
    n_iter_no_change : int
    anneal_fraction : float
    min_anneal : int
    monitor : {"loss", "val"}, default="loss"
        ``"val"`` reads ``epoch.metrics["val"]``, which
        :class:`EarlyStopping` (listed before this callback) records.
    settle : int, default=0
        Epochs at the start of a phase whose figure is neither compared nor
        kept as the best: while the negatives grow harder (cached scores
        that start at zero), the loss rises as the model learns, and its
        early low would read as a plateau.
    """

    def __init__(
        self,
        tol: float,
        n_iter_no_change: int,
        anneal_fraction: float,
        min_anneal: int,
        monitor: str = "loss",
        settle: int = 0,
    ) -> None:
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.anneal_fraction = anneal_fraction
        self.min_anneal = min_anneal
        self.monitor = monitor
        self.settle = settle

    def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
        """Start at the full step size, with a fresh patience."""
        self._best = np.inf
        self._patience = _NoImprovement(self.tol, self.n_iter_no_change)
        self._anneal: range | None = None
        self._converged = False

    def anneal_length(self, epochs_run: int) -> int:
        """Epochs of the anneal after ``epochs_run`` epochs at the full step size."""
        return max(self.min_anneal, math.ceil(self.anneal_fraction * epochs_run))

    def improved(self, loop: TrainingLoop, epoch: EpochRecord) -> bool:
        """Whether the epoch improved the monitored figure by more than ``tol``; keeps the best.

        A subclass that watches another figure as well overrides this alone.
        """
        # Lower is better for both figures once the accuracy is negated.
        value = -epoch.metrics["val"] if self.monitor == "val" else epoch.loss
        better = value <= self._best - self.tol
        self._best = min(self._best, value)
        return better

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """Watch for the plateau, then set the next epoch's step size; stop after the anneal."""
        done = epoch.index + 1
        if self._anneal is None and epoch.index >= self.settle:
            self._converged = self._patience.update(self.improved(loop, epoch))
        if self._anneal is None:
            length = self.anneal_length(done)
            if self._converged or done + length >= loop.max_iter:
                self._anneal = range(done, min(loop.max_iter, done + length))
        if self._anneal is not None:
            left = self._anneal.stop - done
            loop.rate_factor = left / (len(self._anneal) + 1)
            # A converged phase stops when its anneal ends; one that ran into
            # max_iter simply ends there, so the loop reports it unconverged.
            epoch.stop = self._converged and left <= 0

    def on_phase_end(self, loop: TrainingLoop, trainable: range) -> None:
        """Record the lowest loss of the whole history (not under early stopping)."""
        if self.monitor == "loss":
            loop.history.best_loss = float(min(loop.history.loss_curve))


class EarlyStopping(Callback):
    """Stop a phase when the validation accuracy stalls, and restore its best weights.

    Parameters
    ----------
    rows : EmbeddedRows
        The held-out rows, on the network's device.
    y : ndarray of shape (n_rows,)
        Their encoded labels.
    tol : float
        Improvement below which an epoch counts as no improvement.
    n_iter_no_change : int
        Epochs without improvement before stopping.
    stops : bool, default=True
        False when another callback (:class:`PlateauAnneal`) decides when to
        stop from the scores recorded here.
    weight : ndarray of shape (n_rows,), optional
        The held-out rows' sample weights: the accuracy is weighted by them.
    """

    def __init__(
        self,
        rows: EmbeddedRows,
        y: np.ndarray,
        tol: float,
        n_iter_no_change: int,
        stops: bool = True,
        weight: np.ndarray | None = None,
    ) -> None:
        self.rows = rows
        self.y = y
        self.weight = weight
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.stops = stops

    def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
        """Reset the best score, the best weights and the patience."""
        if loop.history.validation_scores is None:
            loop.history.validation_scores = []
        self._best = -np.inf
        self._best_weights: dict[str, torch.Tensor] | None = None
        self._patience = _NoImprovement(self.tol, self.n_iter_no_change)

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """Score the held-out rows with the layers trained so far."""
        logits = label_scores(loop.net, self.rows, epoch.trainable.stop).cpu().numpy()
        score = float(np.average(logits.argmax(axis=1) == self.y, weights=self.weight))
        loop.history.validation_scores.append(score)
        epoch.metrics["val"] = score
        if score > self._best:
            self._best_weights = snapshot_weights(loop.net)
        exhausted = self._patience.update(score >= self._best + self.tol)
        epoch.stop = exhausted and self.stops
        self._best = max(self._best, score)

    def on_phase_end(self, loop: TrainingLoop, trainable: range) -> None:
        """Restore the weights of the best epoch."""
        loop.net.load_state_dict(self._best_weights)
        loop.history.best_validation_score = self._best
        loop.history.best_loss = None


class ProgressBar(Callback):
    """A tqdm bar over every epoch of every phase, with the loss (and validation score).

    Parameters
    ----------
    total : int
        Epochs in all phases at most.
    description : str
    """

    def __init__(self, total: int, description: str) -> None:
        self.bar = tqdm(total=total, desc=description, unit="epoch", leave=True)

    def on_epoch_end(self, loop: TrainingLoop, epoch: EpochRecord) -> None:
        """Advance by one epoch (by the rest of the phase when it stops early)."""
        postfix = {"loss": f"{epoch.loss:.4f}"}
        postfix.update({name: f"{value:.4f}" for name, value in epoch.metrics.items()})
        self.bar.set_postfix(postfix, refresh=False)
        self.bar.update(1)
        if epoch.stop:
            self.bar.update(loop.max_iter - epoch.index - 1)

    def close(self) -> None:
        """Close the bar (also when training raised)."""
        self.bar.close()


class DeadLayerCheck(Callback):
    """Warn when a layer outputs zeros for every row and label checked after training.

    A ReLU layer inactive for every input gets no gradient and never
    recovers. The check scores a bounded sample of row-label passes
    (:data:`DEAD_CHECK_PASSES`), rows spread over the training set.

    Parameters
    ----------
    X : ndarray of shape (n_rows, n_features)
        The training rows, before embedding: float32, or any numeric dtype
        (a streamed block), the sample being taken in float32.
    advice : str
        What to do about it, appended to the warning.
    stacklevel : int
        Passed to :func:`warnings.warn`, so that the warning points at the
        user's call.
    """

    def __init__(self, X: np.ndarray, advice: str, stacklevel: int) -> None:
        self.X = X
        self.advice = advice
        self.stacklevel = stacklevel

    def on_train_end(self, loop: TrainingLoop) -> None:
        """Score the sample and warn with the dead layers' numbers."""
        net = loop.net
        n_rows = min(len(self.X), max(DEAD_CHECK_MIN_ROWS, DEAD_CHECK_PASSES // net.n_classes))
        # Rows spread over the training set, not its first rows, which may all
        # be of one class.
        index = np.linspace(0, len(self.X) - 1, num=n_rows).astype(np.intp)
        device = net.label_scale.device
        sample = np.ascontiguousarray(self.X[index], dtype=np.float32)  # a streamed X: any dtype
        rows = net.embed(torch.as_tensor(sample, device=device))
        with torch.no_grad():
            goodness = label_goodness(net, rows)
        dead = [k + 1 for k in range(net.depth) if not bool((goodness[:, :, k] > 0).any())]
        if not dead:
            return
        warnings.warn(
            f"ForwardForwardClassifier: hidden layer(s) {', '.join(map(str, dead))} of "
            f"{net.depth} output zero for every input checked: all their ReLUs are "
            "inactive, so they get no gradient and will not recover, and the layers "
            f"above them get no label information. {self.advice}.",
            DeadLayerWarning,
            stacklevel=self.stacklevel,
        )


#: Relative change of the weights over a training call below which nothing was learned.
STALLED_WEIGHT_CHANGE = 1e-6
#: A layer whose final loss is this share of the idle loss or more, with an idle loss of
#: at least STALLED_IDLE_LOSS (a threshold in softplus's linear range), learned nothing.
STALLED_LOSS_RATIO = 0.5
STALLED_IDLE_LOSS = 10.0
#: ... and whose loss stayed there: it fell by less than this share of the idle loss from
#: the first epoch to the last. A loss that is falling is a fit cut short (a few epochs at
#: a small step), not a threshold the goodness cannot reach.
STALLED_FALL = 0.02


class StalledTrainingCheck(Callback):
    """Warn when a training call left the network as it found it.

    Parameters
    ----------
    learning_rate : float
        ``learning_rate_init``, named in the advice.
    variant : str
    threshold : float
    stacklevel : int
        Passed to :func:`warnings.warn`.
    loss : {"threshold", "symba"}, default="threshold"
        The layers' loss. SymBa's idle loss is ``log 2``, below
        ``STALLED_IDLE_LOSS``, and no threshold enters it
        (:data:`skff.core.variants.SYMBA_THRESHOLD`), so only the weight check
        applies to it.
    """

    def __init__(
        self,
        learning_rate: float,
        variant: str,
        threshold: float,
        stacklevel: int,
        loss: str = "threshold",
    ):
        self.learning_rate = learning_rate
        self.variant = variant
        self.threshold = threshold
        self.stacklevel = stacklevel
        self.loss = loss
        self._start: dict[str, torch.Tensor] | None = None

    def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
        """Keep the weights of the first phase's start."""
        if self._start is None:
            self._start = snapshot_weights(loop.net)

    def on_train_end(self, loop: TrainingLoop) -> None:
        """Compare the weights with the start, and the last losses with the idle loss."""
        if self._start is None:  # a lone epoch (partial_fit) has no phase
            return
        owner = "ForwardForwardClassifier"
        now = loop.net.state_dict()
        # Relative to where each tensor started; a tensor that started at zero (the
        # softmax head's bias) has no scale to be relative to, and any step at all moved
        # it "infinitely", which hid a stalled fit behind it.
        change = max(
            (
                float(torch.linalg.vector_norm(now[name] - before))
                / float(torch.linalg.vector_norm(before))
                for name, before in self._start.items()
                if before.is_floating_point() and before.numel() and before.any()
            ),
            default=float("inf"),
        )
        if change < STALLED_WEIGHT_CHANGE:
            warnings.warn(
                f"{owner}: the weights moved by a relative {change:.1g} over the whole fit, "
                "so the network learned nothing: the steps are too small. Raise "
                f"learning_rate_init (now {self.learning_rate:g}); 1e-3 to 3e-2 suits most "
                "data.",
                StalledTrainingWarning,
                stacklevel=self.stacklevel,
            )
            return
        curves = loop.history.layer_loss_curve
        idle = idle_losses(self.variant, len(curves), self.threshold, self.loss)
        stuck = [
            k + 1
            for k, curve in enumerate(curves)
            if curve
            and idle[k] >= STALLED_IDLE_LOSS
            and curve[-1] >= STALLED_LOSS_RATIO * idle[k]
            and curve[0] - curve[-1] < STALLED_FALL * idle[k]
        ]
        if stuck:
            k = stuck[0] - 1
            warnings.warn(
                f"{owner}: the loss of layer(s) {', '.join(map(str, stuck))} stayed at "
                f"{curves[k][-1]:.4g}, {curves[k][-1] / idle[k]:.0%} of that of a network "
                f"whose activities are all zero ({idle[k]:.4g}): the goodness (the mean "
                "squared activity, about 1 for normalized inputs) never came near the "
                f"threshold, so the layers cannot tell positive from negative. Lower "
                f"threshold (now {self.threshold:g}); 1 to 10 suits most data.",
                StalledTrainingWarning,
                stacklevel=self.stacklevel,
            )


def snapshot_weights(net: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A copy of every weight and buffer of ``net``, to restore with ``load_state_dict``."""
    return {k: v.detach().clone() for k, v in net.state_dict().items()}
