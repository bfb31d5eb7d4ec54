"""``batch_size="auto"``: at least 32 rows a batch for a CFF or FF ``fit``, 16 elsewhere."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier, load, save
from skff.core.trainer import resolve_batch_size as rows_per_batch
from skff.defaults import MAX_BATCH_ROWS, MIN_BATCH_ROWS, resolve_batch_size

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)
FAST = {"width": 32, "max_iter": 6, "random_state": 0, "device": "cpu"}


def _fit(X=X_IRIS, y=Y_IRIS, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**{**FAST, **params}).fit(X, y)


def test_rule_constants():
    assert (MIN_BATCH_ROWS, MAX_BATCH_ROWS) == (32, 128)


@pytest.mark.parametrize(
    ("n_rows", "expected"),
    [(20, 32), (150, 32), (319, 32), (320, 32), (330, 33), (1279, 127), (1280, 128), (10**6, 128)],
)
@pytest.mark.parametrize("variant", ["cff", "ff"])
def test_fit_takes_at_least_32_rows_a_batch(variant, n_rows, expected):
    assert resolve_batch_size("auto", variant, n_rows) == expected
    # Never more rows than the fit has: the core's cap still applies.
    assert rows_per_batch(resolve_batch_size("auto", variant, n_rows), n_rows) == min(
        expected, n_rows
    )


def test_other_calls_keep_the_core_rule():
    # The other variants and partial_fit: "auto" is left to the core, 16 rows at least.
    assert resolve_batch_size("auto", "cff_prev", 150) == "auto"
    assert resolve_batch_size("auto", "cff", 150, incremental=True) == "auto"
    assert resolve_batch_size("auto", "ff", 150, incremental=True) == "auto"
    assert rows_per_batch("auto", 150) == 16
    assert resolve_batch_size(8, "cff", 150) == 8


def test_fit_records_the_batch_size_used():
    assert ForwardForwardClassifier().batch_size == "auto"
    assert _fit().batch_size_ == 32  # 150 rows under CFF
    assert _fit(variant="ff").batch_size_ == 32
    assert _fit(variant="cff_prev").batch_size_ == 16
    assert _fit(batch_size=8).batch_size_ == 8
    assert _fit(batch_size=500).batch_size_ == 150
    X = np.repeat(X_IRIS, 3, axis=0)[:400]
    y = np.repeat(Y_IRIS, 3)[:400]
    assert _fit(X, y).batch_size_ == 40
    # Early stopping holds out 40 of the 400 rows: 360 train.
    assert _fit(X, y, early_stopping=True).batch_size_ == 36


def test_partial_fit_keeps_the_core_rule():
    clf = ForwardForwardClassifier(**FAST)
    clf.partial_fit(X_IRIS[:100], Y_IRIS[:100], classes=[0, 1, 2])
    assert clf.batch_size_ == 16
    named = ForwardForwardClassifier(**FAST, batch_size=16)
    named.partial_fit(X_IRIS[:100], Y_IRIS[:100], classes=[0, 1, 2])
    np.testing.assert_array_equal(clf.predict_proba(X_IRIS), named.predict_proba(X_IRIS))


def test_auto_trains_as_the_value_it_names():
    auto = _fit()
    named = _fit(batch_size=32)
    smaller = _fit(batch_size=16)
    np.testing.assert_array_equal(auto.predict_proba(X_IRIS), named.predict_proba(X_IRIS))
    assert auto.loss_curve_ == named.loss_curve_ != smaller.loss_curve_


def test_batch_size_survives_a_model_file(tmp_path):
    clf = _fit()
    save(clf, tmp_path / "model.skff")
    assert load(tmp_path / "model.skff").batch_size_ == 32
