"""``tol="auto"``: a finer tolerance on data of 1,000 rows or more with more classes than
features, whose loss falls slowly while the accuracy still climbs."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from skff import ForwardForwardClassifier
from skff.defaults import MANY_CLASSES_MIN_ROWS, MANY_CLASSES_TOL, TOL, resolve_tol

# 1,000 rows of 3 features in 6 classes: the rule's side of both boundaries.
X_MANY, Y_MANY = make_blobs(n_samples=1000, n_features=3, centers=6, random_state=0)
FAST = {"width": 16, "max_iter": 120, "random_state": 0, "device": "cpu"}


def _fit(X=X_MANY, y=Y_MANY, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**{**FAST, **params}).fit(X, y)


def test_rule_constants():
    assert (MANY_CLASSES_MIN_ROWS, MANY_CLASSES_TOL, TOL) == (1000, 1e-3, 1e-2)


def test_tol_auto_at_its_boundaries():
    assert resolve_tol("auto", 1000, 3, 4) == 1e-3
    assert resolve_tol("auto", 999, 3, 4) == 1e-2
    assert resolve_tol("auto", 1000, 4, 4) == 1e-2  # as many features as classes
    assert resolve_tol("auto", 50_000, 784, 10) == 1e-2  # images: many features
    assert resolve_tol(0.05, 1000, 3, 4) == 0.05
    assert resolve_tol(0, 1000, 3, 4) == 0.0


def test_fit_records_the_tol_used():
    assert ForwardForwardClassifier().tol == "auto"
    assert _fit(max_iter=2).tol_ == 1e-3
    assert _fit(X_MANY[:999], Y_MANY[:999], max_iter=2).tol_ == 1e-2
    # Two more (constant) features than classes: the usual tolerance.
    wide = np.hstack([X_MANY, np.ones((1000, 4))])
    assert _fit(wide, max_iter=2).tol_ == 1e-2
    assert _fit(tol=0.5, max_iter=2).tol_ == 0.5


@pytest.mark.parametrize("variant", ["cff", "ff"])
def test_auto_trains_as_the_tolerance_it_names(variant):
    auto = _fit(variant=variant)
    named = _fit(variant=variant, tol=1e-3)
    coarse = _fit(variant=variant, tol=1e-2)
    np.testing.assert_array_equal(auto.predict_proba(X_MANY), named.predict_proba(X_MANY))
    assert auto.loss_curve_ == named.loss_curve_
    # The finer tolerance is what lets these fits run on.
    assert auto.n_iter_ > coarse.n_iter_


def test_tol_refuses_other_strings():
    with pytest.raises(ValueError, match="tol"):
        ForwardForwardClassifier(tol="fine").fit(X_MANY, Y_MANY)
