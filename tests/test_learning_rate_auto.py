"""``learning_rate_init="auto"``: a smaller step for a CFF ``fit`` of fewer than 320
training rows."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.defaults import (
    LEARNING_RATE_INIT,
    SMALL_FIT_LEARNING_RATE,
    SMALL_FIT_ROWS,
    resolve_learning_rate_init,
    rows_that_train,
)
from skff.training import holdout

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)
FAST = {"width": 32, "max_iter": 8, "random_state": 0, "device": "cpu"}


def _fit(X=X_IRIS, y=Y_IRIS, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**{**FAST, **params}).fit(X, y)


def test_rule_constants():
    assert (SMALL_FIT_ROWS, SMALL_FIT_LEARNING_RATE, LEARNING_RATE_INIT) == (320, 0.003, 0.01)


def test_learning_rate_auto_at_its_boundaries():
    assert resolve_learning_rate_init("auto", "cff", 199) == 0.003
    assert resolve_learning_rate_init("auto", "cff", 200) == 0.003
    assert resolve_learning_rate_init("auto", "cff", 319) == 0.003
    assert resolve_learning_rate_init("auto", "cff", 320) == 0.01
    assert resolve_learning_rate_init("auto", "ff", 50) == 0.01
    assert resolve_learning_rate_init("auto", "cff_prev", 50) == 0.01
    # partial_fit: a block's size says nothing about the size of the data.
    assert resolve_learning_rate_init("auto", "cff", 50, incremental=True) == 0.01
    assert resolve_learning_rate_init(0.05, "cff", 50) == 0.05


@pytest.mark.parametrize("n_rows", [20, 199, 200, 222, 223, 354, 355, 1001])
@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.33])
def test_rows_that_train_match_the_early_stopping_split(n_rows, fraction):
    X, y = np.zeros((n_rows, 1)), np.arange(n_rows) % 2
    # The split training makes, not a copy of it.
    kept = holdout(X, y, fraction, np.random.RandomState(0))[0]
    assert rows_that_train(n_rows, True, fraction) == len(kept)
    assert rows_that_train(n_rows, False, fraction) == n_rows


def test_fit_records_the_learning_rate_used():
    assert ForwardForwardClassifier().learning_rate_init == "auto"
    assert _fit().learning_rate_init_ == 0.003  # 150 rows under CFF
    assert _fit(variant="ff").learning_rate_init_ == 0.01
    assert _fit(learning_rate_init=0.02).learning_rate_init_ == 0.02
    X = np.repeat(X_IRIS, 3, axis=0)[:355]
    y = np.repeat(Y_IRIS, 3)[:355]
    assert _fit(X, y).learning_rate_init_ == 0.01
    # Early stopping holds out 36 of the 355 rows: 319 train.
    assert rows_that_train(355, True, 0.1) == 319
    assert _fit(X, y, early_stopping=True).learning_rate_init_ == 0.003


def test_partial_fit_takes_the_large_fit_values():
    clf = ForwardForwardClassifier(**FAST)
    clf.partial_fit(X_IRIS[:100], Y_IRIS[:100], classes=[0, 1, 2])
    assert clf.learning_rate_init_ == 0.01
    named = ForwardForwardClassifier(**FAST, learning_rate_init=0.01)
    named.partial_fit(X_IRIS[:100], Y_IRIS[:100], classes=[0, 1, 2])
    np.testing.assert_array_equal(clf.predict_proba(X_IRIS), named.predict_proba(X_IRIS))


def test_auto_trains_as_the_values_it_names():
    auto = _fit()
    named = _fit(learning_rate_init=0.003)
    larger = _fit(learning_rate_init=0.01)
    np.testing.assert_array_equal(auto.predict_proba(X_IRIS), named.predict_proba(X_IRIS))
    assert auto.loss_curve_ == named.loss_curve_ != larger.loss_curve_


def test_learning_rate_init_refuses_other_strings():
    with pytest.raises(ValueError, match="learning_rate_init"):
        ForwardForwardClassifier(learning_rate_init="fast").fit(X_IRIS, Y_IRIS)
