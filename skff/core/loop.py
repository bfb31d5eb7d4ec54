"""The training loop: phases of epochs, with the learning-rate schedule and the callbacks.

A *phase* trains a set of layers for up to ``max_iter`` epochs: all layers at
once under the ``"network"`` schedule, one after another under ``"layer"``
(see :func:`phases`). Each epoch sets the step size from the schedule
(:data:`LEARNING_RATE_SCHEDULES`), trains one pass, lets the
:class:`~skff.core.divergence.DivergenceGuard` check it, then notifies the
callbacks (:mod:`skff.core.callbacks`), which record the history, decide
whether to stop, and show progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

from skff.core.callbacks import Callback, EpochRecord, History, RecordHistory, snapshot_weights
from skff.core.divergence import DivergenceGuard
from skff.core.embedding import EmbeddedRows
from skff.core.stream import RowStream, train_streamed_epoch
from skff.core.trainer import Trainer

#: What an epoch trains on: rows embedded whole, or a large block streamed in chunks.
Rows = EmbeddedRows | RowStream

SCHEDULES = ("network", "layer")


def constant_rate(epoch: int, max_iter: int) -> float:
    """The full step size throughout."""
    return 1.0


def linear_decay(epoch: int, max_iter: int) -> float:
    """The full step size for the first half of training, then linearly down towards zero.

    As in Hinton's code: epoch ``e`` of ``max_iter`` gets
    ``min(1, 2 (max_iter - e) / max_iter)``.
    """
    return min(1.0, 2.0 * (max_iter - epoch) / max_iter)


#: Step-size factor of each epoch, by the estimators' ``learning_rate`` name. Under
#: ``"adaptive"`` the factor is the loop's ``rate_factor``, which
#: :class:`~skff.core.callbacks.PlateauAnneal` sets from the training itself.
LEARNING_RATE_SCHEDULES: dict[str, Callable[[int, int], float]] = {
    "adaptive": constant_rate,
    "constant": constant_rate,
    "linear": linear_decay,
}


def phases(schedule: str, depth: int) -> list[range]:
    """The layers trained together, phase by phase.

    Parameters
    ----------
    schedule : {"network", "layer"}
    depth : int

    Returns
    -------
    list of range
        One range of every layer for ``"network"``; one single-layer range per
        layer, bottom up, for ``"layer"``.
    """
    if schedule == "network":
        return [range(depth)]
    return [range(k, k + 1) for k in range(depth)]


class TrainingLoop:
    """Runs phases of epochs on one :class:`~skff.core.trainer.Trainer`.

    Parameters
    ----------
    trainer : Trainer
    history : History
        Appended to by :class:`~skff.core.callbacks.RecordHistory`, which the
        loop always runs first.
    guard : DivergenceGuard
    callbacks : sequence of Callback
        Notified in order, after the history is recorded.
    max_iter : int, default=1
        Epochs per phase at most.
    schedule : callable, default=constant_rate
        Step-size factor of epoch ``e`` of ``max_iter``.
    """

    def __init__(
        self,
        trainer: Trainer,
        history: History,
        guard: DivergenceGuard,
        callbacks: Sequence[Callback] = (),
        max_iter: int = 1,
        schedule: Callable[[int, int], float] = constant_rate,
    ) -> None:
        self.trainer = trainer
        self.net = trainer.net
        self.history = history
        self.guard = guard
        self.callbacks = [RecordHistory(), *callbacks]
        self.max_iter = max_iter
        self.schedule = schedule
        #: Step-size factor set by callbacks for the next epoch, on top of ``schedule``.
        self.rate_factor = 1.0

    def _notify(self, hook: str, *args: object) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(self, *args)

    def run(self, rows: EmbeddedRows, y: torch.Tensor, phase_list: list[range]) -> list[bool]:
        """Train every phase in turn, then notify ``on_train_end``.

        Parameters
        ----------
        rows : EmbeddedRows
        y : torch.Tensor
        phase_list : list of range
            From :func:`phases`.

        Returns
        -------
        list of bool
            For each phase, whether a callback stopped it before ``max_iter``.
        """
        stopped = [self.run_phase(rows, y, trainable) for trainable in phase_list]
        self.finish()
        return stopped

    def run_single_epoch(
        self,
        rows: Rows,
        y: torch.Tensor | None,
        trainable: range,
        optimizer_state: dict[str, Any] | None = None,
    ) -> EpochRecord:
        """One epoch of ``trainable`` at the full step size, then ``on_train_end``.

        Parameters
        ----------
        rows : EmbeddedRows or RowStream
            A :class:`~skff.core.stream.RowStream` is trained a chunk at a
            time, in one epoch.
        y : torch.Tensor or None
            The labels of ``rows``; None for a ``RowStream``, which holds its own.
        trainable : range
        optimizer_state : dict, optional
            The optimizer state of the previous call, to continue from.

        Returns
        -------
        EpochRecord
        """
        self.trainer.start_phase(trainable, optimizer_state, epochs=1)
        record = self.run_epoch(rows, y)
        self.finish()
        return record

    def finish(self) -> None:
        """Notify ``on_train_end``: training is over (after :meth:`run`, or a lone epoch)."""
        self._notify("on_train_end")

    def run_phase(self, rows: EmbeddedRows, y: torch.Tensor, trainable: range) -> bool:
        """Train ``trainable`` with a new optimizer for up to ``max_iter`` epochs.

        Returns
        -------
        bool
            Whether a callback stopped the phase early.
        """
        self.trainer.start_phase(trainable, epochs=self.max_iter)
        learning_rate = self.trainer.config.learning_rate
        self.rate_factor = 1.0
        self._notify("on_phase_begin", trainable)
        stopped = False
        for index in range(self.max_iter):
            factor = self.schedule(index, self.max_iter) * self.rate_factor
            self.trainer.set_learning_rate(learning_rate * factor)
            if self.run_epoch(rows, y, index).stop:
                stopped = True
                break
        self._notify("on_phase_end", trainable)
        return stopped

    def run_epoch(self, rows: Rows, y: torch.Tensor | None, index: int = 0) -> EpochRecord:
        """One checked epoch of the current phase, and its ``on_epoch_end`` notifications.

        ``rows`` is an :class:`~skff.core.embedding.EmbeddedRows` with its
        labels ``y``, or a :class:`~skff.core.stream.RowStream` (``y`` None).

        Raises
        ------
        TrainingDiverged
            With the weights from before the epoch restored.
        """
        trainable = self.trainer.trainable
        snapshot = snapshot_weights(self.net)
        if isinstance(rows, RowStream):
            losses = train_streamed_epoch(self.trainer, rows)
        else:
            losses = self.trainer.train_epoch(rows, y)
        total, layer_losses = self.guard.check(
            losses, trainable, self.net, snapshot, self.history.n_iter + 1
        )
        record = EpochRecord(index, trainable, total, layer_losses, len(rows))
        self._notify("on_epoch_end", record)
        return record
