"""``prediction="combined"`` and ``prediction="auto"``: the softmax head and the goodness
read-out together, the default of CFF fits of fewer than 1,000 rows in 3 classes or more."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

import skff
from skff import ForwardForwardClassifier
from skff.core.scoring import COMBINED_GOODNESS_WEIGHT, head_scores
from skff.defaults import (
    COMBINED_MAX_ROWS,
    COMBINED_MIN_CLASSES,
    COMBINED_VARIANTS,
    resolve_prediction,
)
from skff.prediction import label_goodness

X, Y = make_blobs(n_samples=240, n_features=5, centers=4, cluster_std=3.0, random_state=0)
FAST = {"width": 16, "max_iter": 30, "random_state": 0, "device": "cpu"}


def _fit(X=X, y=Y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**{**FAST, **params}).fit(X, y)


def test_rule_constants():
    assert (COMBINED_MAX_ROWS, COMBINED_MIN_CLASSES, COMBINED_VARIANTS) == (1000, 3, ("cff",))
    assert COMBINED_GOODNESS_WEIGHT == 2.0


def test_prediction_auto_at_its_boundaries():
    assert resolve_prediction("auto", "cff", 499, 3) == "combined"
    assert resolve_prediction("auto", "cff", 999, 3) == "combined"
    assert resolve_prediction("auto", "cff", 1000, 3) == "goodness"
    assert resolve_prediction("auto", "cff", 999, 2) == "goodness"
    assert resolve_prediction("auto", "ff", 100, 5) == "goodness"
    assert resolve_prediction("auto", "cff_prev", 100, 5) == "goodness"
    assert resolve_prediction("auto", "cff", 100, 5, incremental=True) == "goodness"
    for named in ("goodness", "softmax", "combined"):
        assert resolve_prediction(named, "cff", 100, 5) == named
        assert resolve_prediction(named, "ff", 10_000, 2, incremental=True) == named


def test_fit_builds_the_read_out_it_resolves():
    assert ForwardForwardClassifier().prediction == "auto"
    assert _fit(max_iter=2).prediction_ == "combined"
    assert _fit(max_iter=2, variant="ff").prediction_ == "goodness"
    two = Y < 2
    assert _fit(X[two], Y[two], max_iter=2).prediction_ == "goodness"
    many = np.repeat(X, 5, axis=0), np.repeat(Y, 5)  # 1,200 rows
    assert _fit(*many, max_iter=2).prediction_ == "goodness"
    # Rows held out for early stopping do not train: 1,100 rows, 990 of which train.
    kept = _fit(*(a[:1100] for a in many), max_iter=2, early_stopping=True)
    assert kept.prediction_ == "combined"
    assert kept.network_.head_layers == (0, 1)
    assert _fit(max_iter=2, prediction="softmax").prediction_ == "softmax"
    assert not hasattr(ForwardForwardClassifier(), "prediction_")


def test_auto_trains_as_the_read_out_it_names():
    auto = _fit()
    named = _fit(prediction="combined")
    np.testing.assert_array_equal(auto.predict_proba(X), named.predict_proba(X))
    assert auto.loss_curve_ == named.loss_curve_


def test_combined_logits_are_both_read_outs_log_probabilities():
    clf = _fit(prediction="combined")
    net = clf.network_
    head = head_scores(net, net.embed(torch.as_tensor(X, dtype=torch.float32)))
    goodness = torch.as_tensor(label_goodness(clf, X).sum(axis=2))
    expected = torch.log_softmax(head.double(), 1) + torch.log_softmax(2.0 * goodness, 1)
    np.testing.assert_allclose(clf.decision_function(X), expected.numpy(), rtol=1e-4, atol=1e-4)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # The two read-outs disagree on some rows, so the sum is not one of them in disguise.
    assert (head.argmax(1) != goodness.argmax(1)).any()


def test_combined_trains_as_softmax_and_predicts_differently():
    softmax = _fit(prediction="softmax")
    combined = _fit(prediction="combined")
    assert softmax.loss_curve_ == combined.loss_curve_
    assert not np.array_equal(softmax.decision_function(X), combined.decision_function(X))


def test_partial_fit_keeps_the_goodness_read_out():
    clf = ForwardForwardClassifier(**FAST).partial_fit(X, Y, classes=np.unique(Y))
    assert clf.prediction_ == "goodness"
    assert clf.network_.head_layers == ()


def test_warm_start_keeps_the_read_out_the_network_was_built_with():
    clf = _fit(max_iter=2, warm_start=True)
    assert clf.prediction_ == "combined"
    many = np.repeat(X, 3, axis=0), np.repeat(Y, 3)  # "auto" would now pick "goodness"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(*many)
    assert clf.prediction_ == "combined"
    clf.set_params(prediction="goodness")
    with pytest.raises(ValueError, match="prediction changed from 'combined' to 'goodness'"):
        clf.fit(X, Y)


def test_combined_model_round_trips_through_a_file(tmp_path):
    clf = _fit(prediction="combined")
    skff.save(clf, tmp_path / "combined.safetensors")
    loaded = skff.load(tmp_path / "combined.safetensors")
    assert loaded.prediction_ == "combined"
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))


def test_prediction_refuses_other_strings():
    with pytest.raises(ValueError, match="prediction"):
        ForwardForwardClassifier(prediction="both").fit(X, Y)
