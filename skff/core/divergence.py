"""The divergence guard: stop training whose loss has blown up, and restore the weights.

A training loss that turns non-finite, or that exceeds
:data:`DIVERGENCE_FACTOR` times the loss of a network whose activities are
all zero (which calls every input neither positive nor negative, the
natural scale of the loss), means the steps are far too large. The guard
restores the weights from before the epoch and raises :class:`TrainingDiverged`.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch

from skff.core.trainer import EpochLosses
from skff.core.variants import layer_losses

# With the one-epoch warm-up, runs that went on to learn stayed under 330
# times the idle loss (learning_rate_init=10, width=256 on standardized iris,
# wine and digits), while runs with steps far too large (learning_rate_init
# 100 to 1e4) passed 1e4 in their first epoch and ended at chance; measured
# with benchmarks/divergence_ratio.py. 1e4 leaves a 30x margin.
DIVERGENCE_FACTOR = 1e4


class TrainingDiverged(ValueError):
    """The training loss or the weights blew up; the weights from before the epoch were restored."""


@functools.lru_cache(maxsize=64)
def idle_losses(
    variant: str, n_layers: int, threshold: float, loss: str = "threshold"
) -> np.ndarray:
    """Per-layer loss of a network whose activities are all zero.

    Cached, and read-only: the guard compares every epoch's losses with it, and on a
    small set computing it took a quarter of the epoch's checks.

    Parameters
    ----------
    variant : str
    n_layers : int
    threshold : float
    loss : {"threshold", "symba"}, default="threshold"
        Under ``"symba"`` it is ``log 2`` for every layer, whatever the threshold.

    Returns
    -------
    ndarray of shape (n_layers,)
    """
    zeros = torch.zeros(n_layers, 1)
    values = layer_losses(variant, zeros, zeros, threshold, loss=loss).numpy()
    values.flags.writeable = False
    return values


class DivergenceGuard:
    """Check each epoch's losses and weights; restore and raise when they blew up.

    Parameters
    ----------
    variant : str
    threshold : float
    learning_rate : float
        The step size, named in the error with the advice to lower it.
    loss : {"threshold", "symba"}, default="threshold"
        The loss the layers are trained on, whose idle value is the scale.
    """

    def __init__(
        self, variant: str, threshold: float, learning_rate: float, loss: str = "threshold"
    ) -> None:
        self.variant = variant
        self.threshold = threshold
        self.learning_rate = learning_rate
        self.loss = loss

    def check(
        self,
        losses: EpochLosses,
        trainable: range,
        net: torch.nn.Module,
        snapshot: dict[str, torch.Tensor],
        epoch_number: int,
    ) -> tuple[float, np.ndarray]:
        """The epoch's total loss and per-layer losses, once they pass the checks.

        Parameters
        ----------
        losses : EpochLosses
        trainable : range
            The layers trained in the epoch.
        net : torch.nn.Module
            The network, restored from ``snapshot`` when the check fails.
        snapshot : dict
            Its weights from before the epoch.
        epoch_number : int
            One-based epoch over the whole training history, for the message.

        Returns
        -------
        total : float
            The trained layers' losses summed, plus the head's.
        layer_losses : ndarray of shape (trainable.stop,)

        Raises
        ------
        TrainingDiverged
        """
        layer_values = losses.layers.cpu().numpy()
        total = float(layer_values[trainable.start :].sum()) + float(losses.head.cpu())
        if not np.isfinite(total) or not weights_finite(net):
            net.load_state_dict(snapshot)
            raise TrainingDiverged(
                f"Training diverged in epoch {epoch_number}: the loss or the "
                "weights became non-finite. The weights from before that epoch "
                f"were restored. Lower learning_rate_init (now "
                f"{self.learning_rate}) or rescale the features, for "
                "example with StandardScaler."
            )
        idle = idle_losses(self.variant, len(layer_values), self.threshold, self.loss)
        ratio = layer_values[trainable.start :] / idle[trainable.start :]
        if ratio.max() > DIVERGENCE_FACTOR:
            net.load_state_dict(snapshot)
            k = trainable.start + int(ratio.argmax())
            raise TrainingDiverged(
                f"Training diverged in epoch {epoch_number}: the loss of layer "
                f"{k + 1} reached {layer_values[k]:.3g}, over {DIVERGENCE_FACTOR:.0e} "
                "times that of a network whose activities are all zero "
                f"({idle[k]:.4g}), so the steps are far too large. The weights from "
                "before that epoch were restored. Lower learning_rate_init (now "
                f"{self.learning_rate}); 1e-3 to 3e-2 suits most data."
            )
        return total, layer_values


def weights_finite(net: torch.nn.Module) -> bool:
    """Whether every weight of ``net`` is finite, read back in one host sync.

    The largest magnitude of each parameter (one fused kernel for all of them) is
    NaN or infinite exactly when the parameter holds a NaN or an infinity: the
    maximum propagates NaN, and it cannot overflow as a sum of squares could. A
    check per parameter cost a host sync and two small kernels each, every epoch.
    """
    params = [p.detach() for p in net.parameters() if p.numel()]
    if not params:
        return True
    peaks = torch._foreach_norm(params, math.inf)
    return bool(torch.stack(peaks).isfinite().all())
