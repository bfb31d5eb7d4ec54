"""``max_iter="auto"``: 120 epochs for a CFF ``fit`` of 500 training rows or more, unless
classes outnumber features; ``MLPClassifier``'s 200 otherwise."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_classification
from sklearn.exceptions import ConvergenceWarning

from skff import ForwardForwardClassifier
from skff.defaults import (
    MAX_ITER,
    SHORT_CEILING,
    SHORT_CEILING_MIN_ROWS,
    SHORT_CEILING_VARIANTS,
    resolve_epoch_ceiling,
)

# 500 rows of 6 features in 3 classes: the rule's side of the row boundary.
X_500, Y_500 = make_classification(
    n_samples=500, n_features=6, n_informative=4, n_classes=3, random_state=0
)
FAST = {"width": 16, "random_state": 0, "device": "cpu"}


def _fit(X=X_500, y=Y_500, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**{**FAST, **params}).fit(X, y)


def test_rule_constants():
    assert (SHORT_CEILING, SHORT_CEILING_MIN_ROWS, MAX_ITER) == (120, 500, 200)
    assert SHORT_CEILING_VARIANTS == ("cff",)


def test_epoch_ceiling_at_its_boundaries():
    assert resolve_epoch_ceiling("auto", "cff", 500, 6, 3) == 120
    assert resolve_epoch_ceiling("auto", "cff", 499, 6, 3) == 200
    assert resolve_epoch_ceiling("auto", "ff", 500, 6, 3) == 200
    assert resolve_epoch_ceiling("auto", "cff_prev", 5000, 6, 3) == 200
    # More classes than features on 1,000+ rows: the fits that need tol=1e-3's long run.
    assert resolve_epoch_ceiling("auto", "cff", 1000, 3, 4) == 200
    assert resolve_epoch_ceiling("auto", "cff", 999, 3, 4) == 120
    assert resolve_epoch_ceiling("auto", "cff", 1000, 4, 4) == 120
    assert resolve_epoch_ceiling(7, "cff", 5000, 6, 3) == 7
    assert resolve_epoch_ceiling(300, "ff", 10, 6, 3) == 300


def test_fit_records_the_ceiling_used():
    assert ForwardForwardClassifier().max_iter == "auto"
    assert _fit(max_iter="auto").max_iter_ == 120
    assert _fit(X_500[:499], Y_500[:499]).max_iter_ == 200
    assert _fit(variant="ff").max_iter_ == 200
    assert _fit(max_iter=3).max_iter_ == 3
    # The early-stopping split leaves 450 rows to train: below the boundary.
    assert _fit(early_stopping=True).max_iter_ == 200
    X, y = make_blobs(n_samples=1000, n_features=3, centers=6, random_state=0)
    assert _fit(X, y, max_iter="auto").max_iter_ == 200


def test_auto_trains_as_the_ceiling_it_names():
    # learning_rate="linear" decays over the second half of the ceiling, so the step
    # sizes, and with them the loss curve, tell 120 from 200 from the 61st epoch on.
    auto = _fit(learning_rate="linear")
    named = _fit(learning_rate="linear", max_iter=120)
    np.testing.assert_array_equal(auto.predict_proba(X_500), named.predict_proba(X_500))
    assert auto.loss_curve_ == named.loss_curve_
    assert auto.loss_curve_ != _fit(learning_rate="linear", max_iter=200).loss_curve_


def test_a_fit_at_the_ceiling_anneals_before_it_and_warns():
    # A fit whose patience never runs out anneals to end at the ceiling, and warns.
    with pytest.warns(ConvergenceWarning, match=r"maximum iterations \(120\)"):
        clf = ForwardForwardClassifier(**FAST, n_iter_no_change=1000).fit(X_500, Y_500)
    assert clf.n_iter_ == 120


def test_partial_fit_keeps_one_epoch_per_call():
    clf = ForwardForwardClassifier(**FAST).partial_fit(X_500, Y_500, classes=[0, 1, 2])
    assert clf.n_iter_ == 1
    assert not hasattr(clf, "max_iter_")


def test_max_iter_refuses_other_strings():
    with pytest.raises(ValueError, match="max_iter"):
        ForwardForwardClassifier(max_iter="long").fit(X_500, Y_500)
