"""Peer normalization: keep every unit of a layer in use (Hinton, 2022; section 3.2).

Each layer keeps a running mean of every unit's activity on positive rows,
``r_j <- momentum * r_j + (1 - momentum) * mean_b h_bj``, and is penalized by
``weight * mean_j (r_j - mean(r))**2``: units more active than their peers are
pushed down, units less active (silent ones included) are pushed up. The
gradient reaches a unit's pre-activation whether the unit is active or not,
as in Hinton's code and its public PyTorch reproduction, so a unit that went
silent is brought back instead of staying off for good.
"""

from __future__ import annotations

import torch


class PeerNormalization:
    """The running unit means of a training run and their gradient.

    Parameters
    ----------
    weight : float
        Weight of the penalty next to the layer's Forward-Forward loss.
    momentum : float, default=0.9
        Of the running means.
    """

    def __init__(self, weight: float, momentum: float = 0.9) -> None:
        self.weight = weight
        self.momentum = momentum
        self.means: dict[int, torch.Tensor] = {}

    def unit_grads(
        self,
        activities: list[torch.Tensor],
        trainable: range,
        n_pos: int,
        weight: torch.Tensor | None = None,
    ) -> dict[int, torch.Tensor]:
        """Update the running means from the positive rows; the gradient for each trainable layer.

        Parameters
        ----------
        activities : list of torch.Tensor of shape (rows, width)
            Every layer's activities, the first ``n_pos`` rows positive.
        trainable : range
        n_pos : int
        weight : torch.Tensor of shape (n_pos,), optional
            Sample weights of the positive rows: the batch mean of a unit's
            activity is weighted by them (still divided by ``n_pos``).

        Returns
        -------
        dict of int to torch.Tensor of shape (width,)
            ``d penalty / d z`` of one positive row, for :func:`skff.core.network.backward`.
        """
        grads = {}
        for k in trainable:
            if weight is None:
                batch_mean = activities[k][:n_pos].mean(dim=0)
            else:
                batch_mean = (activities[k][:n_pos] * weight.unsqueeze(1)).sum(dim=0) / n_pos
            previous = self.means.get(k)
            if previous is None:  # the first batch starts the running means
                running, share = batch_mean, 1.0
            else:
                running = previous.mul(self.momentum).add_(batch_mean, alpha=1 - self.momentum)
                share = 1.0 - self.momentum
            self.means[k] = running
            # d/dh_bj of weight * mean_j (r_j - mean r)^2 through
            # r_j = ... + share * mean_b h_bj; the mean's own term cancels.
            scale = 2.0 * self.weight * share / (running.numel() * n_pos)
            grads[k] = (running - running.mean()) * scale
        return grads
