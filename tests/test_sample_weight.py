"""``sample_weight`` in ``fit`` and ``partial_fit`` (issue 22, last item).

The guarantees tested here, on the CPU:

* all-ones weights train the unweighted model bit for bit (weights, loss
  curve, validation scores), on every path the weights reach;
* a row of weight 0 has no influence: changing its features (and, without
  early stopping, whose split is stratified by ``y``, its label among the
  classes) gives the identical model. It still takes a slot in its
  mini-batch, so removing the row instead trains a model that differs by
  the batch composition: equal only in distribution, not in bits;
* multiplying the weights by a constant trains the identical model (they are
  scaled to mean 1), and integer weights act like repeated rows in
  expectation;
* invalid weights are refused with a message, leaving the estimator as it was.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from _graph_equivalence import assert_graph_step_matches_eager
from sklearn.datasets import load_digits, load_iris, load_wine, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import recall_score
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.core.embedding import feature_rms
from skff.core.trainer import TrainConfig
from skff.core.variants import VARIANTS, layer_losses, losses_and_goodness_grad
from skff.prediction import label_goodness
from skff.training import holdout

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_WINE, Y_WINE = load_wine(return_X_y=True)
X_WINE = StandardScaler().fit_transform(X_WINE)
X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
X_DIGITS, Y_DIGITS = X_DIGITS[:400], Y_DIGITS[:400]

# Each configuration sends the weights down a different path: hard and random
# negatives, the softmax head, peer normalization, the greedy schedule, early
# stopping and the autograd-free variants.
CONFIGS: list[dict[str, Any]] = [
    {},
    {"variant": "ff", "negatives": "random"},
    {"prediction": "softmax", "peer_normalization": 0.1},
    {"schedule": "layer", "max_iter": 4, "variant": "cff_prev"},
    {"early_stopping": True, "validation_fraction": 0.2},
    {"learning_rate": "adaptive", "label_embedding": "overwrite"},
]


def clf(**params: Any) -> ForwardForwardClassifier:
    params = {"width": 32, "max_iter": 8, "random_state": 0, "device": "cpu", **params}
    return ForwardForwardClassifier(**params)


def fit_quietly(model: ForwardForwardClassifier, *args: Any, **kwargs: Any) -> Any:
    # Short fits do not converge; the warning is not what these tests are about.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(*args, **kwargs)


def assert_same_model(a: ForwardForwardClassifier, b: ForwardForwardClassifier) -> None:
    sa, sb = a.network_.state_dict(), b.network_.state_dict()
    assert sa.keys() == sb.keys()
    for name in sa:
        assert torch.equal(sa[name], sb[name]), name
    assert a.loss_curve_ == b.loss_curve_
    assert a.layer_loss_curve_ == b.layer_loss_curve_
    assert a.validation_scores_ == b.validation_scores_
    assert a.n_iter_ == b.n_iter_


def random_weights(n: int, seed: int = 0) -> np.ndarray:
    """Integer weights in 0..3: about a quarter of the rows at weight 0."""
    return np.random.RandomState(seed).randint(0, 4, n).astype(float)


# ------------------------------------------------------------ all-ones weights
@pytest.mark.parametrize("params", CONFIGS, ids=lambda p: ",".join(p) or "default")
def test_all_ones_weights_train_the_unweighted_model_bit_for_bit(params: dict) -> None:
    plain = fit_quietly(clf(**params), X_WINE, Y_WINE)
    ones = fit_quietly(clf(**params), X_WINE, Y_WINE, sample_weight=np.ones(len(Y_WINE)))
    assert_same_model(plain, ones)
    np.testing.assert_array_equal(plain.predict_proba(X_WINE), ones.predict_proba(X_WINE))


def test_all_ones_weights_in_partial_fit_train_the_unweighted_model() -> None:
    plain, ones = clf(), clf()
    for start in range(0, len(Y_DIGITS), 100):
        part = slice(start, start + 100)
        classes = np.arange(10)
        plain.partial_fit(X_DIGITS[part], Y_DIGITS[part], classes=classes)
        ones.partial_fit(
            X_DIGITS[part], Y_DIGITS[part], classes=classes, sample_weight=np.ones(100)
        )
    assert_same_model(plain, ones)


def test_a_scalar_weight_counts_for_every_row() -> None:
    # scikit-learn's _check_sample_weight turns a scalar into that weight per row;
    # weights are scaled to mean 1, so any constant is the unweighted model.
    plain = fit_quietly(clf(), X_IRIS, Y_IRIS)
    assert_same_model(plain, fit_quietly(clf(), X_IRIS, Y_IRIS, sample_weight=2.5))


def test_multiplying_the_weights_by_a_constant_trains_the_same_model() -> None:
    w = random_weights(len(Y_WINE))
    assert_same_model(
        fit_quietly(clf(), X_WINE, Y_WINE, sample_weight=w),
        fit_quietly(clf(), X_WINE, Y_WINE, sample_weight=4.0 * w),
    )


# ------------------------------------------------------------- zero weights
@pytest.mark.parametrize("params", CONFIGS, ids=lambda p: ",".join(p) or "default")
def test_zero_weight_rows_do_not_influence_the_model(params: dict) -> None:
    w = random_weights(len(Y_WINE))
    zero = w == 0
    rng = np.random.RandomState(1)
    X_other = X_WINE.copy()
    X_other[zero] = 10.0 * rng.normal(size=X_other[zero].shape)
    y_other = Y_WINE.copy()
    if not params.get("early_stopping"):
        # The early-stopping split is stratified by y, so there the labels of every
        # row choose the split; elsewhere a zero-weight row's label is free.
        y_other[zero] = (Y_WINE[zero] + 1) % 3
    a = fit_quietly(clf(**params), X_WINE, Y_WINE, sample_weight=w)
    b = fit_quietly(clf(**params), X_other, y_other, sample_weight=w)
    assert_same_model(a, b)


def test_zero_weight_rows_do_not_set_the_label_scale() -> None:
    # The label's value is the RMS of the features: weighted, so that rows of
    # weight 0 do not move it, and all-ones weights give the plain RMS.
    X = torch.as_tensor(X_IRIS, dtype=torch.float32)
    ones = torch.ones(len(X), dtype=torch.float64)
    assert feature_rms(X, ones) == feature_rms(X)
    w = ones.clone()
    w[:50] = 0.0
    assert feature_rms(X, w) == pytest.approx(feature_rms(X[50:]), rel=1e-6)
    assert feature_rms(X, 2.0 * w) == pytest.approx(feature_rms(X[50:]), rel=1e-6)


def test_removing_zero_weight_rows_trains_a_comparable_model() -> None:
    # Removing the rows changes the mini-batches (the permutation runs over all
    # rows), so the models differ in bits but not in what they learned.
    w = random_weights(len(Y_WINE))
    weighted = fit_quietly(clf(max_iter=30), X_WINE, Y_WINE, sample_weight=w)
    kept = w > 0
    removed = fit_quietly(clf(max_iter=30), X_WINE[kept], Y_WINE[kept], sample_weight=w[kept])
    assert weighted.score(X_WINE, Y_WINE) > 0.9
    assert removed.score(X_WINE, Y_WINE) > 0.9


# ------------------------------------------------------- weights as repeated rows
def test_integer_weights_act_like_repeated_rows_in_expectation() -> None:
    # An imbalanced problem where the minority class's recall shows the weight it
    # gets: weighting it k times and repeating its rows k times both raise the
    # recall well above the unweighted fit's, to about the same level (averaged
    # over seeds, the batches being random).
    X, y = make_classification(
        n_samples=600,
        n_features=8,
        n_informative=4,
        weights=[0.9, 0.1],
        class_sep=0.7,
        flip_y=0.02,
        random_state=1,
    )
    X = StandardScaler().fit_transform(X)
    k = 6
    w = np.where(y == 1, k, 1)
    X_rep, y_rep = np.repeat(X, w, axis=0), np.repeat(y, w)
    recalls: dict[str, list[float]] = {"plain": [], "weighted": [], "repeated": []}
    for seed in range(3):
        params = {"max_iter": 20, "random_state": seed}
        models = {
            "plain": fit_quietly(clf(**params), X, y),
            "weighted": fit_quietly(clf(**params), X, y, sample_weight=w),
            "repeated": fit_quietly(clf(**params), X_rep, y_rep),
        }
        for name, model in models.items():
            recalls[name].append(recall_score(y, model.predict(X)))
    mean = {name: float(np.mean(values)) for name, values in recalls.items()}
    assert mean["weighted"] > mean["plain"] + 0.15, mean
    assert mean["repeated"] > mean["plain"] + 0.15, mean
    assert abs(mean["weighted"] - mean["repeated"]) < 0.1, mean


def test_weighted_losses_match_autograd_and_repeated_rows() -> None:
    gen = torch.Generator().manual_seed(0)
    goodness = 8.0 * torch.rand(3, 2 * 6, generator=gen)
    weight = torch.tensor([0.0, 1.0, 2.0, 0.5, 1.0, 3.0])
    for variant in VARIANTS:
        losses, grad = losses_and_goodness_grad(variant, goodness, 6, 2.0, weight)
        g = goodness.clone().requires_grad_()
        expected = layer_losses(variant, g[:, :6], g[:, 6:], 2.0, weight)
        (expected_grad,) = torch.autograd.grad(expected.sum(), g)
        torch.testing.assert_close(losses, expected.detach())
        torch.testing.assert_close(grad, expected_grad)
        # Weight 2 on a row is the row twice (over the same number of rows).
        pos, neg = goodness[:, :6], goodness[:, 6:]
        rep = weight.to(torch.long)
        doubled = layer_losses(
            variant, pos.repeat_interleave(rep, dim=1), neg.repeat_interleave(rep, dim=1), 2.0
        )
        whole = layer_losses(variant, pos, neg, 2.0, torch.tensor([0, 1, 2, 0, 1, 3.0]))
        torch.testing.assert_close(whole * 6 / int(rep.sum()), doubled)


def test_weighted_graph_step_matches_the_eager_step(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CUDA-graph path gathers the weights with the rows; on the CPU its
    # stand-in runs the same code, which must equal the eager step bit for bit
    # when both use the graph path's optimizer (LeanAdam with device scalars).
    monkeypatch.setattr("skff.core.trainer.fused_adam_on_cpu", lambda: False)
    X = torch.as_tensor(StandardScaler().fit_transform(X_DIGITS), dtype=torch.float32)
    y = torch.as_tensor(Y_DIGITS)
    weight = torch.as_tensor(random_weights(len(y)) / 1.5, dtype=torch.float32)
    config = TrainConfig("cff", 1.0, "hard", 16)
    assert_graph_step_matches_eager(X, y, 10, weight, config, label_scale=8.0)


# --------------------------------------------------- split, curve and scores
def test_weights_follow_their_rows_into_the_validation_split() -> None:
    X = np.arange(len(Y_IRIS), dtype=float)[:, None]
    w = np.arange(len(Y_IRIS), dtype=float)
    X_fit, X_val, _, _, w_fit, w_val = holdout(X, Y_IRIS, 0.2, np.random.RandomState(0), w)
    np.testing.assert_array_equal(w_fit, X_fit[:, 0])
    np.testing.assert_array_equal(w_val, X_val[:, 0])
    # The same split as without weights: they do not choose the rows.
    plain = holdout(X, Y_IRIS, 0.2, np.random.RandomState(0))
    np.testing.assert_array_equal(plain[1], X_val)


def test_validation_accuracy_is_weighted() -> None:
    model = fit_quietly(
        clf(early_stopping=True, validation_fraction=0.3, max_iter=3),
        X_WINE,
        Y_WINE,
        sample_weight=random_weights(len(Y_WINE)),
    )
    # Weighted accuracies of a held-out set with integer weights in 0..3 need not be
    # multiples of 1 / n_val, as unweighted ones are.
    n_val = round(0.3 * len(Y_WINE))
    assert any(abs(s * n_val - round(s * n_val)) > 1e-9 for s in model.validation_scores_)


@pytest.mark.parametrize("loss", ["threshold", "symba"])
def test_loss_curve_is_the_weighted_mean_loss(loss: str) -> None:
    # Two classes make the negatives deterministic (the other label), and a
    # vanishing step size keeps the model where it started: the epoch's loss is
    # then the weighted mean over the rows of each row's loss (SymBa: of each row
    # and its own negative), summed over layers.
    two = Y_WINE < 2
    X, y = X_WINE[two], Y_WINE[two]
    w = random_weights(len(y))
    model = clf(learning_rate_init=1e-30, max_iter=1, loss=loss)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nothing converges or moves, on purpose
        model.fit(X, y, sample_weight=w)
    g = torch.as_tensor(label_goodness(model, X))  # (rows, labels, layers)
    rows = torch.arange(len(y))
    pos, neg = g[rows, torch.as_tensor(y)].T, g[rows, torch.as_tensor(1 - y)].T
    weight = torch.as_tensor(w / w.mean(), dtype=torch.float32)
    expected = layer_losses("cff", pos, neg, model.threshold, weight, loss=loss).sum()
    assert model.loss_curve_[0] == pytest.approx(float(expected), rel=1e-5)
    unweighted = layer_losses("cff", pos, neg, model.threshold, loss=loss).sum()
    # The weights matter: the unweighted mean is ten times farther off.
    error = abs(model.loss_curve_[0] - float(expected))
    assert abs(model.loss_curve_[0] - float(unweighted)) > 10 * error


# ------------------------------------------------------------------ refusals
def state(estimator: ForwardForwardClassifier) -> dict:
    """The estimator's parameters and fitted state, as comparable values."""
    values = {k: pickle.dumps(v) for k, v in vars(estimator).items() if k != "network_"}
    if hasattr(estimator, "network_"):
        values["network_"] = {
            k: v.numpy().tobytes() for k, v in estimator.network_.state_dict().items()
        }
    return values


BAD_WEIGHTS: list[tuple[str, Callable[[int], Any], str]] = [
    ("negative", lambda n: np.r_[-1.0, np.ones(n - 1)], "Negative values in data"),
    ("nan", lambda n: np.r_[np.nan, np.ones(n - 1)], "NaN"),
    ("infinite", lambda n: np.r_[np.inf, np.ones(n - 1)], "infinity"),
    ("short", lambda n: np.ones(n - 1), r"sample_weight.shape == \(149,\)"),
    ("2d", lambda n: np.ones((n, 1)), "1D array or scalar"),
    # scikit-learn >= 1.7 refuses all-zero weights itself, older ones leave it to skff.
    ("all-zero", lambda n: np.zeros(n), "non-zero|positive weight"),
    ("strings", lambda n: np.array(["a"] * n), "could not convert|numeric"),
]


@pytest.mark.parametrize(
    ("weights", "match"), [b[1:] for b in BAD_WEIGHTS], ids=[b[0] for b in BAD_WEIGHTS]
)
@pytest.mark.parametrize("method", ["fit", "partial_fit", "refit", "unfitted"])
def test_bad_weights_are_refused_and_leave_the_estimator_unchanged(
    weights: Callable[[int], Any], match: str, method: str
) -> None:
    model = clf(max_iter=2)
    if method != "unfitted":
        fit_quietly(model, X_IRIS, Y_IRIS)
    if method == "refit":
        model.set_params(warm_start=True)
    before = state(model)
    sample_weight = weights(len(Y_IRIS))
    with pytest.raises((ValueError, TypeError), match=match) as info:
        if method == "partial_fit":
            model.partial_fit(X_IRIS, Y_IRIS, sample_weight=sample_weight)
        else:
            model.fit(X_IRIS, Y_IRIS, sample_weight=sample_weight)
    assert "sample_weight" in str(info.value)
    assert state(model) == before


def test_an_early_stopping_split_without_weight_on_one_side_is_refused() -> None:
    # Only one row has weight: one side of the split has none.
    model = fit_quietly(clf(max_iter=2), X_IRIS, Y_IRIS)
    model.set_params(early_stopping=True)
    w = np.zeros(len(Y_IRIS))
    w[0] = 1.0
    before = state(model)
    with pytest.raises(ValueError, match="sample_weight 0"):
        model.fit(X_IRIS, Y_IRIS, sample_weight=w)
    assert state(model) == before


def test_weights_are_not_written_to() -> None:
    w = random_weights(len(Y_IRIS))
    copy = w.copy()
    fit_quietly(clf(early_stopping=True), X_IRIS, Y_IRIS, sample_weight=w)
    clf().partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2], sample_weight=w)
    np.testing.assert_array_equal(w, copy)
