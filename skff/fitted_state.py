"""The fitted state of ``ForwardForwardClassifier`` as one dictionary, and its pickling.

Persistence (``skff.save`` / ``skff.load``) and pickle both need everything a
fit produced and nothing else: the network, the classes, the plain fitted
attributes, and the training state that ``partial_fit`` continues from (the
random state and the optimizer's state). The estimator lists its plain
fitted attributes in ``_fitted_attributes``; this mixin does the rest, so
that no other module reads the estimator's private attributes.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import Any, ClassVar

from skff.core.callbacks import History
from skff.core.trainer import state_to_cpu


class FittedStateMixin:
    """``_get_state`` / ``_set_state`` for persistence, a CPU-only pickle, and the history."""

    #: Fitted attributes that are plain values (``classes_`` and ``network_`` aside).
    _fitted_attributes: ClassVar[tuple[str, ...]] = ()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle state with every tensor on the CPU, so that a model trained on
        CUDA (even pickled during a fit) unpickles on a machine without it."""
        state = self.__dict__.copy()
        if "network_" in state:
            state["network_"] = copy.deepcopy(state["network_"]).cpu()
        if state.get("_optimizer_state") is not None:
            state["_optimizer_state"] = state_to_cpu(state["_optimizer_state"])
        return state

    def _get_state(self) -> dict[str, Any]:
        """Everything fitted, for [`skff.save`][skff.save]: network, classes, attributes, RNGs."""
        names = [*self._fitted_attributes, "feature_names_in_"]
        return {
            "network": self.network_,
            "classes": self.classes_,
            "attributes": {name: getattr(self, name) for name in names if hasattr(self, name)},
            "random_state": self._random_state,
            "optimizer_state": self._optimizer_state,
        }

    def _set_state(self, state: dict[str, Any]) -> Any:
        """Restore what ``_get_state`` returned (for [`skff.load`][skff.load])."""
        self.network_, self.classes_ = state["network"], state["classes"]
        for name, value in state["attributes"].items():
            setattr(self, name, value)
        self._random_state = state["random_state"]
        self._optimizer_state = state["optimizer_state"]
        return self

    def _history(self) -> History:
        """The history attributes (``loss_curve_``, ``n_iter_``, ...) as one object."""
        return History(**{f.name: getattr(self, f"{f.name}_") for f in fields(History)})

    def _set_history(self, history: History) -> None:
        """Set the history attributes from ``history``."""
        for f in fields(History):
            setattr(self, f"{f.name}_", getattr(history, f.name))
