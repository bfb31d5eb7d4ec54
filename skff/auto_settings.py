"""The ``"auto"`` hyperparameters that ``ForwardForwardClassifier`` resolves on the rows of a call.

The rules themselves are in :mod:`skff.defaults`; this mixin applies them to an
estimator's call: on the rows of a ``fit`` or of the first ``partial_fit`` call,
while later blocks of one stream keep the first call's choice.
"""

from __future__ import annotations

from typing import Any

from skff.defaults import (
    resolve_alpha,
    resolve_batch_size,
    resolve_epoch_ceiling,
    resolve_learning_rate_init,
    resolve_loss,
    resolve_prediction,
    resolve_tol,
    rows_that_train,
)


class AutoSettingsMixin:
    """The hyperparameters of a call that shape training, ``"auto"`` resolved."""

    def _resolve_alpha(self, X: Any, incremental: bool, first: bool) -> float:
        """``alpha`` as a number: ``"auto"`` is resolved on the rows of the call."""
        kept = self._kept_auto("alpha", incremental, first)
        if kept is not None:
            return float(kept)
        return resolve_alpha(self.alpha, X.shape[1], X.shape[0])

    def _resolve_loss(self, X: Any, n_classes: int, incremental: bool, first: bool) -> str:
        """``loss`` by name: ``"auto"`` is resolved on the rows of the call."""
        kept = self._kept_auto("loss", incremental, first)
        if kept is not None:
            return kept
        return resolve_loss(self.loss, self.variant, X.shape[0], n_classes)

    def _rows_that_train(self, X: Any, incremental: bool) -> int:
        """Rows of the call that train: a ``fit``'s ``early_stopping`` split holds some out."""
        early_stopping = self.early_stopping and not incremental
        return rows_that_train(X.shape[0], early_stopping, self.validation_fraction)

    def _resolve_step_settings(
        self, X: Any, n_classes: int, incremental: bool, first: bool
    ) -> dict[str, Any]:
        """``loss``, ``learning_rate_init``, ``tol`` and ``batch_size`` of the call."""
        trained = self._rows_that_train(X, incremental)
        return {
            "loss": self._resolve_loss(X, n_classes, incremental, first),
            "learning_rate_init": resolve_learning_rate_init(
                self.learning_rate_init, self.variant, trained, incremental
            ),
            "tol": resolve_tol(self.tol, X.shape[0], X.shape[1], n_classes),
            "batch_size": resolve_batch_size(self.batch_size, self.variant, trained, incremental),
        }

    def _resolve_prediction(self, X: Any, n_classes: int, incremental: bool) -> str:
        """The read-out of a network built for the call: ``"auto"`` on the rows that train."""
        trained = self._rows_that_train(X, incremental)
        return resolve_prediction(self.prediction, self.variant, trained, n_classes, incremental)

    def _resolve_max_iter(self, X: Any, n_classes: int) -> int:
        """The epoch ceiling of a ``fit``: ``"auto"`` on the rows that train."""
        trained = self._rows_that_train(X, incremental=False)
        return resolve_epoch_ceiling(self.max_iter, self.variant, trained, X.shape[1], n_classes)

    def _kept_auto(self, name: str, incremental: bool, first: bool) -> Any:
        """The fitted ``name_`` that a ``partial_fit`` after the first keeps for ``"auto"``.

        An ``"auto"`` rule reads the rows of a ``fit`` or of the first ``partial_fit``
        call; later blocks of one stream keep that call's choice, whatever their
        size. None: resolve anew (a ``fit``, a first call, an explicit value, or a
        model file older than the attribute).
        """
        if getattr(self, name) != "auto" or not incremental or first:
            return None
        return getattr(self, f"{name}_", None)
