"""learning_rate="adaptive": full rate until learning levels off, a linear anneal, then stop."""

from __future__ import annotations

import itertools
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.datasets import load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier, training
from skff.core.callbacks import EpochRecord, History, LossPlateau, PlateauAnneal
from skff.core.score_cache import REFRESH_EPOCHS

X_WINE, Y_WINE = load_wine(return_X_y=True)
X_WINE = StandardScaler().fit_transform(X_WINE)


def run_callback(callback, losses, max_iter, vals=None):
    """Feed ``losses`` to ``callback`` as a TrainingLoop would; the factors and the stop."""
    loop = SimpleNamespace(max_iter=max_iter, rate_factor=1.0, history=History(loss_curve=[]))
    callback.on_phase_begin(loop, range(1))
    factors = []
    for index, loss in enumerate(losses):
        factors.append(loop.rate_factor)  # the factor this epoch trained at
        record = EpochRecord(index, range(1), loss, np.array([loss]), 10)
        if vals is not None:
            record.metrics["val"] = vals[index]
        loop.history.loss_curve.append(loss)
        callback.on_epoch_end(loop, record)
        if record.stop:
            return factors, index + 1
    return factors, None


def test_the_anneal_starts_at_the_plateau_and_stops_the_phase():
    # Improves for 6 epochs, then flat: the fourth epoch in a row without an
    # improvement (patience 3, as MLPClassifier counts) is epoch 10, after which
    # the anneal runs half of 10 epochs = 5, at falling factors, and stops.
    losses = [10.0 - k for k in range(6)] + [5.0] * 30
    callback = PlateauAnneal(tol=1e-4, n_iter_no_change=3, anneal_fraction=0.5, min_anneal=2)
    factors, stopped_after = run_callback(callback, losses, max_iter=100)
    assert factors[:10] == [1.0] * 10
    np.testing.assert_allclose(factors[10:], [5 / 6, 4 / 6, 3 / 6, 2 / 6, 1 / 6])
    assert stopped_after == 15


def test_the_anneal_is_at_least_min_anneal_epochs():
    callback = PlateauAnneal(tol=1e-4, n_iter_no_change=1, anneal_fraction=0.1, min_anneal=4)
    factors, stopped_after = run_callback(callback, [1.0] * 20, max_iter=100)
    assert stopped_after == 3 + 4
    np.testing.assert_allclose(factors[3:], [4 / 5, 3 / 5, 2 / 5, 1 / 5])


def test_without_a_plateau_the_anneal_ends_at_max_iter_and_does_not_stop():
    # A loss that keeps falling never plateaus: the anneal is placed so that it
    # ends at max_iter, and the phase is not stopped (the fit warns, unconverged).
    callback = PlateauAnneal(tol=1e-4, n_iter_no_change=3, anneal_fraction=0.5, min_anneal=2)
    factors, stopped_after = run_callback(callback, [100.0 - k for k in range(30)], max_iter=30)
    assert stopped_after is None
    assert factors[0] == 1.0 and factors[-1] < 0.2
    assert all(a >= b for a, b in itertools.pairwise(factors))
    assert factors.count(1.0) == 20  # anneal of 10 = half of the 20 epochs before it


def test_under_early_stopping_the_validation_score_is_watched():
    # The loss keeps falling, but the validation accuracy stops rising.
    vals = [0.5, 0.6, 0.7] + [0.7] * 40
    callback = PlateauAnneal(1e-4, 2, 0.5, 2, monitor="val")
    _, stopped_after = run_callback(callback, [10.0 - k for k in range(43)], 100, vals)
    assert stopped_after == 6 + 3


def test_settling_epochs_do_not_set_the_best_loss():
    # Cached hard negatives harden over the first epochs: the loss dips, rises
    # and only then falls for good. Without settling, the dip at epoch 2 is the
    # best and the slow fall after it reads as a plateau.
    losses = [5.0, 2.0, 2.6, 2.7, 2.6] + [2.6 - 0.01 * k for k in range(1, 40)]
    plain = PlateauAnneal(tol=1e-4, n_iter_no_change=3, anneal_fraction=0.5, min_anneal=2)
    _, plain_stop = run_callback(plain, losses, max_iter=100)
    settled = PlateauAnneal(1e-4, 3, 0.5, 2, settle=4)
    factors, settled_stop = run_callback(settled, losses, max_iter=100)
    assert plain_stop == 6 + 3  # plateau at epoch 6, then an anneal of 3
    assert settled_stop is None  # still learning when the losses run out
    assert factors == [1.0] * len(losses)


def test_loss_plateau_settles_too():
    losses = [5.0, 2.0, 2.6, 2.7, 2.6] + [2.6 - 0.01 * k for k in range(1, 40)]
    for settle, expected in [(0, 6), (4, None)]:
        callback = LossPlateau(tol=1e-4, n_iter_no_change=3, settle=settle)
        assert run_callback(callback, losses, max_iter=100)[1] == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"negatives": "hard_cached"}, REFRESH_EPOCHS),
        ({"negatives": "hard"}, 0),
        ({"negatives": "random"}, 0),
        # Held-out accuracy does not move with the negatives.
        ({"negatives": "hard_cached", "early_stopping": True}, 0),
        # Two classes keep no cache: the one wrong label is the draw.
        ({"negatives": "hard_cached", "binary": True}, 0),
    ],
)
def test_a_fit_settles_only_while_cached_scores_harden(monkeypatch, params, expected):
    settles = []

    class Spy(PlateauAnneal):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            settles.append(self.settle)

    monkeypatch.setattr(training, "PlateauAnneal", Spy)
    params = dict(params)
    X, y = X_WINE, Y_WINE
    if params.pop("binary", False):
        X, y = X[y < 2], y[y < 2]
    clf = ForwardForwardClassifier(width=16, max_iter=3, random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        # A warm start's cache scores every row at once: nothing to settle.
        clf.set_params(warm_start=True).fit(X, y)
    assert settles == [expected, 0]


@pytest.mark.parametrize("variant", ["cff", "ff"])
def test_an_adaptive_fit_stops_when_learned_without_a_warning(variant):
    clf = ForwardForwardClassifier(
        variant=variant, learning_rate="adaptive", max_iter=300, tol=1e-2, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf.fit(X_WINE, Y_WINE)
    assert 10 < clf.n_iter_ < 300
    assert len(clf.loss_curve_) == clf.n_iter_
    assert clf.best_loss_ == min(clf.loss_curve_)
    assert clf.score(X_WINE, Y_WINE) > 0.95


def test_an_adaptive_fit_that_reaches_max_iter_warns():
    clf = ForwardForwardClassifier(learning_rate="adaptive", max_iter=4, random_state=0)
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        clf.fit(X_WINE, Y_WINE)
    assert clf.n_iter_ == 4


def test_adaptive_with_early_stopping_restores_the_best_epoch():
    X, y = load_iris(return_X_y=True)
    clf = ForwardForwardClassifier(
        learning_rate="adaptive",
        early_stopping=True,
        n_iter_no_change=3,
        max_iter=200,
        random_state=0,
    ).fit(StandardScaler().fit_transform(X), y)
    assert clf.n_iter_ < 200
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None


def test_each_greedy_layer_anneals_on_its_own():
    clf = ForwardForwardClassifier(
        learning_rate="adaptive", schedule="layer", max_iter=100, tol=1e-2, random_state=0
    ).fit(X_WINE, Y_WINE)
    lengths = [len(curve) for curve in clf.layer_loss_curve_]
    assert sum(lengths) == clf.n_iter_
    assert all(0 < n < 100 for n in lengths)
