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


def test_steps_too_small_to_move_the_weights_are_named():
    messages = stalled_messages(tiny(learning_rate_init=1e-12))
    assert len(messages) == 1
    assert "learning_rate_init (now 1e-12)" in messages[0]


@pytest.mark.parametrize("variant", ["ff", "cff", "cff_prev"])
@pytest.mark.parametrize("loss", ["threshold", "symba"])
def test_a_threshold_the_goodness_cannot_reach_is_named(variant, loss):
    # Under SymBa (FF's default) the threshold cancels on paper, but float32 loses a
    # goodness of about 1 beside 1e9: the fit stalls all the same, and must say so.
    messages = stalled_messages(tiny(threshold=1e9, variant=variant, loss=loss))
    assert len(messages) == 1
    assert "threshold (now 1e+09)" in messages[0]


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
