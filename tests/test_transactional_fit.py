"""A refused fit, partial_fit or refit leaves the estimator exactly as it was (issue 20, items 1-3).

Every check that can refuse a training call runs before any fitted attribute
changes: each test below refuses a call on one path and compares the whole
estimator with its state before the call.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

import skff.memory
from skff import ForwardForwardClassifier
from skff.memory import InsufficientMemoryError

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
NAMES = np.array(["setosa", "versicolor", "virginica"])[Y_IRIS]


def tiny(**params):
    params = {"width": 16, "max_iter": 3, "random_state": 0, "device": "cpu", **params}
    return ForwardForwardClassifier(**params)


def state(estimator) -> dict:
    """The whole estimator, parameters and fitted state, as values to compare.

    Pickling the whole estimator is not byte-stable (torch writes storage
    addresses), so the network is compared through its weights and identity.
    """
    values = {k: pickle.dumps(v) for k, v in vars(estimator).items() if k != "network_"}
    if hasattr(estimator, "network_"):
        weights = estimator.network_.state_dict()
        values["network_"] = (
            id(estimator.network_),
            {k: v.numpy().tobytes() for k, v in weights.items()},
        )
    return values


def one_sample_class(X, y):
    """``(X, y)`` with one more class that has a single sample."""
    return np.vstack([X, X[:1]]), np.concatenate([y, [99]])


def assert_refused_unchanged(estimator, call, error=ValueError, match=None):
    before = state(estimator)
    with pytest.raises(error, match=match):
        call()
    assert state(estimator) == before


def assert_refused_unfitted(estimator, call, error=ValueError, match=None):
    params = estimator.get_params()
    with pytest.raises(error, match=match):
        call()
    with pytest.raises(NotFittedError):
        check_is_fitted(estimator)
    assert not [name for name in vars(estimator) if name.endswith("_")]
    assert estimator.get_params() == params
    with pytest.raises(NotFittedError):
        estimator.predict(X_IRIS)


def test_a_refit_refused_by_the_early_stopping_split_keeps_the_model():
    # The finding: the network was rebuilt before the split refused, leaving
    # n_iter_ = 0, four classes and chance accuracy behind a ValueError.
    clf = tiny().fit(X_IRIS, Y_IRIS)
    accuracy = clf.score(X_IRIS, Y_IRIS)
    clf.set_params(early_stopping=True)
    assert_refused_unchanged(
        clf, lambda: clf.fit(*one_sample_class(X_IRIS, Y_IRIS)), match="early_stopping"
    )
    assert clf.score(X_IRIS, Y_IRIS) == accuracy
    assert clf.classes_.tolist() == [0, 1, 2]


@pytest.mark.parametrize("new_data", ["new-classes", "new-features"])
def test_a_refit_refused_by_the_memory_check_keeps_the_model(monkeypatch, new_data):
    clf = tiny().fit(X_IRIS, Y_IRIS)
    predictions = clf.predict(X_IRIS)
    X, y = (X_IRIS, NAMES) if new_data == "new-classes" else (np.hstack([X_IRIS] * 3), Y_IRIS)
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: 1 << 10)
    assert_refused_unchanged(clf, lambda: clf.fit(X, y), InsufficientMemoryError)
    monkeypatch.undo()
    np.testing.assert_array_equal(clf.predict(X_IRIS), predictions)


def test_a_refit_with_an_unavailable_device_keeps_the_model(monkeypatch):
    clf = tiny().fit(X_IRIS, Y_IRIS)
    monkeypatch.setattr("torch.cuda.is_available", lambda: False)
    clf.set_params(device="cuda")
    assert_refused_unchanged(clf, lambda: clf.fit(X_IRIS, NAMES), match="cuda|CUDA")


def test_a_refit_refused_for_a_single_class_keeps_the_model():
    clf = tiny().fit(X_IRIS, Y_IRIS)
    assert_refused_unchanged(clf, lambda: clf.fit(X_IRIS[:40], Y_IRIS[:40]), match="2 classes")


def test_a_warm_start_refused_for_a_changed_architecture_keeps_the_model():
    clf = tiny(warm_start=True).fit(X_IRIS, Y_IRIS)
    clf.set_params(width=32)
    assert_refused_unchanged(clf, lambda: clf.fit(X_IRIS, Y_IRIS), match="width changed")


def test_a_first_fit_refused_for_a_single_class_leaves_it_unfitted():
    clf = tiny()
    assert_refused_unfitted(clf, lambda: clf.fit(X_IRIS[:40], Y_IRIS[:40]), match="2 classes")


def test_a_first_fit_refused_by_the_memory_check_leaves_it_unfitted(monkeypatch):
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: 1 << 10)
    clf = tiny()
    assert_refused_unfitted(clf, lambda: clf.fit(X_IRIS, Y_IRIS), InsufficientMemoryError)


def test_a_first_fit_refused_by_the_early_stopping_split_leaves_it_unfitted():
    random_state = np.random.RandomState(0)
    before = random_state.get_state()[1].copy()
    clf = tiny(early_stopping=True, random_state=random_state)
    assert_refused_unfitted(clf, lambda: clf.fit(*one_sample_class(X_IRIS, Y_IRIS)))
    # The network was built (drawing its seed) before the split refused: the
    # user's generator is rewound, so a retry draws what a first try would.
    np.testing.assert_array_equal(random_state.get_state()[1], before)


def test_a_first_partial_fit_with_a_label_outside_classes_leaves_it_unfitted():
    clf = tiny()
    assert_refused_unfitted(
        clf, lambda: clf.partial_fit(X_IRIS, Y_IRIS, classes=[0, 1]), match="not among"
    )


def test_partial_fit_with_no_classes_names_classes():
    clf = tiny()
    assert_refused_unfitted(
        clf, lambda: clf.partial_fit(X_IRIS, Y_IRIS, classes=[]), match="classes|2 classes"
    )


def test_a_later_partial_fit_with_an_unknown_label_keeps_the_model():
    clf = tiny().partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    y = Y_IRIS.copy()
    y[0] = 7
    assert_refused_unchanged(clf, lambda: clf.partial_fit(X_IRIS, y), match="not among")
    assert clf.n_iter_ == 1


def test_a_later_partial_fit_with_other_features_keeps_the_model():
    clf = tiny().partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    assert_refused_unchanged(clf, lambda: clf.partial_fit(X_IRIS[:, :3], Y_IRIS), match="feature")


def test_a_refit_with_string_column_names_then_plain_arrays_drops_the_old_names():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(X_IRIS, columns=["a", "b", "c", "d"])
    clf = tiny().fit(frame, Y_IRIS)
    assert clf.feature_names_in_.tolist() == ["a", "b", "c", "d"]
    clf.fit(X_IRIS, Y_IRIS)
    assert not hasattr(clf, "feature_names_in_")
