"""How far above the idle loss does a run's first-epoch loss go, learning or not?

The divergence guard (``skff/core/divergence.py``) stops a fit whose loss of
some layer exceeds ``DIVERGENCE_FACTOR`` times the loss of a network whose
activities are all zero. This script measures the largest such ratio over a
fit for learning rates from 0.1 to 1e4, at widths 8 and 256, on three
standardized scikit-learn data sets, next to the training accuracy, so the
factor can sit between runs that learn and runs that do not. Run from the
repository root::

    python benchmarks/divergence_ratio.py > benchmarks/results/divergence_ratio.txt
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.preprocessing import StandardScaler

import skff.core.divergence as divergence
from skff import ForwardForwardClassifier

largest = [0.0]
FACTOR_IN_SKFF = divergence.DIVERGENCE_FACTOR
check = divergence.DivergenceGuard.check


def recording_check(self, net, losses, *args, **kwargs):
    """The guard's check, remembering the largest layer ratio, never raising on a ratio."""
    total, layer_values = check(self, net, losses, *args, **kwargs)
    idle = divergence.idle_losses(self.variant, len(layer_values), self.threshold)
    largest[0] = max(largest[0], float(np.max(layer_values / idle)))
    return total, layer_values


def main() -> None:
    divergence.DIVERGENCE_FACTOR = float("inf")
    divergence.DivergenceGuard.check = recording_check
    warnings.simplefilter("ignore")
    print(f"{'data':8} {'lr':>7} {'width':>5} {'largest ratio':>14} {'train acc':>9}")
    for name, loader in [("iris", load_iris), ("wine", load_wine), ("digits", load_digits)]:
        X, y = loader(return_X_y=True)
        X = StandardScaler().fit_transform(X)
        for lr in [0.1, 1.0, 10.0, 100.0, 1e4]:
            for width in [8, 256]:
                largest[0] = 0.0
                clf = ForwardForwardClassifier(
                    width=width, max_iter=10, learning_rate_init=lr, random_state=0, device="cpu"
                ).fit(X, y)
                print(f"{name:8} {lr:7g} {width:5d} {largest[0]:14.3g} {clf.score(X, y):9.3f}")
    print(f"DIVERGENCE_FACTOR in skff: {FACTOR_IN_SKFF:g}")


if __name__ == "__main__":
    main()
