"""Fits that cannot learn say why (issue 20, WEAK): tiny steps, an unreachable threshold,
features too small for float32."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.exceptions import StalledTrainingWarning

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_STD = StandardScaler().fit_transform(X_IRIS)


def tiny(**params):
    return ForwardForwardClassifier(width=16, max_iter=4, random_state=0, **params)


def stalled_messages(clf, X=X_STD, y=Y_IRIS):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf.fit(X, y)
    return [str(w.message) for w in caught if w.category is StalledTrainingWarning]


@pytest.mark.parametrize("prediction", ["goodness", "softmax", "combined"])
def test_steps_too_small_to_move_the_weights_are_named(prediction):
    # The softmax head's bias starts at zero: once, its first step hid the stall.
    messages = stalled_messages(tiny(learning_rate_init=1e-12, prediction=prediction))
    assert len(messages) == 1
    assert "learning_rate_init (now 1e-12)" in messages[0]


@pytest.mark.parametrize("variant", ["ff", "cff", "cff_prev"])
def test_a_threshold_the_goodness_cannot_reach_is_named(variant):
    messages = stalled_messages(tiny(threshold=1e9, variant=variant, loss="threshold"))
    assert len(messages) == 1
    assert "threshold (now 1e+09)" in messages[0]


@pytest.mark.parametrize("variant", ["ff", "cff", "cff_prev"])
def test_symba_trains_the_same_model_whatever_the_threshold(variant):
    # The threshold cancels in SymBa's difference, and is kept out of it in float32
    # too: beside 1e9, a goodness of about 1 would round away and nothing be learned.
    reference = tiny(variant=variant, loss="symba").fit(X_STD, Y_IRIS)
    assert stalled_messages(tiny(threshold=1e9, variant=variant, loss="symba")) == []
    huge = tiny(threshold=1e9, variant=variant, loss="symba").fit(X_STD, Y_IRIS)
    assert huge.loss_curve_ == reference.loss_curve_
    np.testing.assert_array_equal(huge.predict_proba(X_STD), reference.predict_proba(X_STD))


@pytest.mark.parametrize("params", [{}, {"variant": "ff"}, {"threshold": 1.0}, {"depth": 4}])
def test_a_fit_that_learns_does_not_warn(params):
    assert stalled_messages(tiny(**params)) == []


@pytest.mark.parametrize("scale", [1e-40, 1e-38])
def test_features_too_small_for_float32_are_refused(scale):
    clf = tiny()
    with pytest.raises(ValueError, match=r"root mean square.*Rescale X") as info:
        clf.fit(X_STD * scale, Y_IRIS)
    assert "learning_rate" not in str(info.value)
    assert not hasattr(clf, "network_")


@pytest.mark.parametrize("scale", [1e-30, 1e30])
def test_any_scale_float32_holds_trains_the_same_model(scale):
    reference = tiny().fit(X_STD, Y_IRIS)
    scaled = tiny().fit(X_STD * scale, Y_IRIS)
    np.testing.assert_array_equal(scaled.predict(X_STD * scale), reference.predict(X_STD))


def test_a_fit_cut_short_while_its_loss_falls_does_not_blame_the_threshold():
    # Four epochs at a small step leave a deep CFF's loss near the idle loss (12 for
    # threshold 4 and three layers) but falling: the threshold is not what stops it.
    from skff.core.callbacks import STALLED_LOSS_RATIO

    clf = tiny(depth=3, learning_rate_init=0.003, loss="threshold")
    assert stalled_messages(clf) == []
    last = [curve[-1] for curve in clf.layer_loss_curve_]
    assert max(last) >= STALLED_LOSS_RATIO * 12  # the level alone would have warned
