"""``benchmarks/unhooked_adam.py``: what each change's "before" restores, and that it is undone."""

import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import unhooked_adam

from skff import ForwardForwardClassifier
from skff.core.fused_adam import UnhookedFusedAdam

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)


def test_no_inference_mode_runs_the_epoch_under_no_grad_only():
    with unhooked_adam.no_inference_mode(), torch.inference_mode():
        assert not torch.is_inference_mode_enabled()
    with torch.inference_mode():
        assert torch.is_inference_mode_enabled()


def test_stock_step_swaps_the_step_back_for_the_block_only():
    original = UnhookedFusedAdam.step_unhooked
    with unhooked_adam.stock_step():
        assert UnhookedFusedAdam.step_unhooked is torch.optim.Adam.step
    assert UnhookedFusedAdam.step_unhooked is original


@pytest.mark.parametrize("change", sorted(unhooked_adam.CHANGES))
def test_before_and_after_fit_the_same_weights(change):
    def fit():
        clf = ForwardForwardClassifier(random_state=0, max_iter=12, width=32)
        return clf.fit(X_IRIS, Y_IRIS).predict_proba(X_IRIS)

    with unhooked_adam.CHANGES[change][2]():
        before = fit()
    np.testing.assert_array_equal(before, fit())
