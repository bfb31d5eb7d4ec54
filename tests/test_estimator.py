"""Tests of ForwardForwardClassifier as a scikit-learn estimator."""

import pickle
import warnings

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.datasets import load_digits, load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skff import ForwardForwardClassifier
from skff.defaults import resolve_loss
from skff.exceptions import DeadLayerWarning
from skff.prediction import label_goodness

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
Y_IRIS_STR = np.array(["setosa", "versicolor", "virginica"])[Y_IRIS]
X_CLF, Y_CLF = make_classification(
    n_samples=300, n_features=12, n_informative=6, n_classes=3, class_sep=2.0, random_state=0
)
X_CLF = StandardScaler().fit_transform(X_CLF)
X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)

FAST = {"width": 64, "max_iter": 15, "random_state": 0, "device": "cpu"}

# Checks that cannot pass for a Forward-Forward classifier, with the reason.
EXPECTED_FAILED_CHECKS = {
    "check_methods_subset_invariance": (
        "Scores are float32 matrix products, and the BLAS picks kernels by the "
        "number of rows, so a row's score differs in the 7th significant digit "
        "between a batch and a subset (about 2e-7 relative); this check allows "
        "1e-7. Predictions are equal."
    ),
    "check_sample_weight_equivalence_on_dense_data": (
        "Training is stochastic over mini-batches drawn by a permutation of all the "
        "rows: repeating a row or removing a zero-weight one changes the batches and "
        "the random draws, so the model equals the weighted one in expectation, not "
        "to 1e-7 (tests/test_sample_weight.py tests what does hold: a zero-weight row "
        "has no influence, bit for bit, and integer weights act like repeated rows)."
    ),
}


@parametrize_with_checks(
    [ForwardForwardClassifier(width=32, max_iter=20, device="cpu")],
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def _fit(**params):
    return ForwardForwardClassifier(**{**FAST, **params}).fit(X_CLF, Y_CLF)


def test_fitted_attributes():
    clf = _fit(depth=3)
    assert clf.n_features_in_ == X_CLF.shape[1]
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.n_iter_ == len(clf.loss_curve_) >= 1
    assert len(clf.layer_loss_curve_) == 3
    assert all(len(curve) == clf.n_iter_ for curve in clf.layer_loss_curve_)
    assert clf.t_ == clf.n_iter_ * X_CLF.shape[0]
    assert clf.best_loss_ == min(clf.loss_curve_)
    assert clf.validation_scores_ is None
    assert clf.device_ == "cpu"
    assert next(clf.network_.parameters()).device.type == "cpu"


@pytest.mark.parametrize("variant", ["ff", "cff", "cff_prev"])
def test_variants_learn(variant):
    clf = _fit(variant=variant, max_iter=30)
    assert clf.score(X_CLF, Y_CLF) > 0.8
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]


@pytest.mark.parametrize("embedding", ["concat", "overwrite"])
@pytest.mark.parametrize("prediction", ["goodness", "softmax", "combined"])
def test_embeddings_and_prediction_modes(embedding, prediction):
    clf = _fit(label_embedding=embedding, prediction=prediction, max_iter=30)
    proba = clf.predict_proba(X_CLF)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(1)], clf.predict(X_CLF))
    np.testing.assert_allclose(np.log(proba), clf.predict_log_proba(X_CLF), atol=1e-10)
    assert clf.decision_function(X_CLF).shape == (len(X_CLF), 3)
    assert clf.score(X_CLF, Y_CLF) > 0.7


def test_overwrite_replaces_the_first_features():
    clf = _fit(label_embedding="overwrite")
    # The first n_classes columns are replaced by the label: they cannot matter.
    X_changed = X_CLF.copy()
    X_changed[:, :3] = 123.0
    np.testing.assert_array_equal(clf.predict(X_CLF), clf.predict(X_changed))
    assert clf.network_.n_inputs == X_CLF.shape[1] - 3


def test_overwrite_needs_more_features_than_classes():
    with pytest.raises(ValueError, match="label_embedding='concat'"):
        ForwardForwardClassifier(label_embedding="overwrite").fit(X_CLF[:, :3], Y_CLF)


def test_softmax_prediction_uses_the_head():
    clf = _fit(prediction="softmax", depth=3, skip_first_layer=True)
    assert clf.network_.head_layers == (1, 2)
    clf_all = _fit(prediction="softmax", depth=3)
    assert clf_all.network_.head_layers == (0, 1, 2)


def test_skip_first_layer_changes_goodness_scores():
    clf = _fit(depth=2, negatives="random", prediction="goodness")
    full = clf.decision_function(X_CLF)
    goodness = label_goodness(clf, X_CLF)
    np.testing.assert_allclose(full, goodness.sum(axis=2), rtol=1e-5)
    # Random negatives do not read the scores, so the same seed trains the same weights.
    with pytest.warns(UserWarning, match="skip_first_layer=True with variant='cff'"):
        skipping = _fit(depth=2, skip_first_layer=True, negatives="random", prediction="goodness")
    np.testing.assert_array_equal(label_goodness(skipping, X_CLF), goodness)
    np.testing.assert_allclose(skipping.decision_function(X_CLF), goodness[:, :, 1], rtol=1e-5)


def test_skip_first_layer_with_cff_warns_at_the_users_call():
    with pytest.warns(UserWarning, match="variant='ff' to skip") as caught:
        ForwardForwardClassifier(skip_first_layer=True, max_iter=2, random_state=0).fit(
            X_CLF, Y_CLF
        )
    assert [w.filename for w in caught if "skip_first_layer" in str(w.message)] == [__file__]


@pytest.mark.parametrize(
    "params",
    [
        {"variant": "ff", "skip_first_layer": True},
        {"prediction": "softmax", "skip_first_layer": True},
        {"skip_first_layer": False},
    ],
)
def test_skip_first_layer_warning_only_for_cff_goodness(params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ForwardForwardClassifier(max_iter=2, random_state=0, **params).fit(X_CLF, Y_CLF)
    assert not [w for w in caught if "skip_first_layer" in str(w.message)]


def test_skip_first_layer_needs_two_layers():
    with pytest.raises(ValueError, match="depth >= 2"):
        _fit(depth=1, skip_first_layer=True)


def test_hard_negatives_learn():
    clf = _fit(negatives="hard", max_iter=30)
    assert clf.score(X_CLF, Y_CLF) > 0.8


def test_greedy_layer_schedule_trains_layers_in_turn():
    clf = _fit(schedule="layer", depth=3, max_iter=10, n_iter_no_change=100)
    assert clf.n_iter_ == 30
    assert [len(c) for c in clf.layer_loss_curve_] == [10, 10, 10]
    assert clf.score(X_CLF, Y_CLF) > 0.7


def test_greedy_schedule_keeps_lower_layers_frozen():
    clf = ForwardForwardClassifier(**{**FAST, "schedule": "layer", "depth": 2, "max_iter": 3})
    clf.fit(X_CLF, Y_CLF)
    one_layer = ForwardForwardClassifier(**{**FAST, "schedule": "layer", "depth": 1, "max_iter": 3})
    one_layer.fit(X_CLF, Y_CLF)
    # Same seed, same first phase: layer 1 is the same whether or not a layer follows it.
    np.testing.assert_allclose(
        clf.network_.weights[0].detach().numpy(),
        one_layer.network_.weights[0].detach().numpy(),
        rtol=1e-5,
    )


def test_string_labels_pipeline_and_grid_search():
    pipe = Pipeline([("scale", StandardScaler()), ("ff", ForwardForwardClassifier(**FAST))])
    search = GridSearchCV(
        pipe,
        {
            "ff__variant": ["ff", "cff"],
            "ff__depth": [1, 2],
            "ff__threshold": [2.0, 4.0],
        },
        cv=3,
    )
    search.fit(X_IRIS, Y_IRIS_STR)
    assert set(search.best_params_) == {"ff__variant", "ff__depth", "ff__threshold"}
    assert set(search.predict(X_IRIS)) <= set(Y_IRIS_STR)
    assert search.best_score_ > 0.8
    assert list(search.best_estimator_[-1].classes_) == ["setosa", "versicolor", "virginica"]


def test_binary_decision_function_is_one_dimensional():
    y = (Y_CLF == 1).astype(int)
    clf = ForwardForwardClassifier(**FAST).fit(X_CLF, y)
    decision = clf.decision_function(X_CLF)
    assert decision.shape == (len(X_CLF),)
    np.testing.assert_array_equal((decision > 0).astype(int), clf.predict(X_CLF))


def test_pickle_and_clone_round_trip():
    clf = _fit()
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X_CLF), clf.predict_proba(X_CLF))
    fresh = clone(clf)
    assert not hasattr(fresh, "network_")
    assert fresh.get_params() == clf.get_params()


def test_same_random_state_gives_identical_probabilities():
    a = _fit().predict_proba(X_CLF)
    b = _fit().predict_proba(X_CLF)
    np.testing.assert_array_equal(a, b)
    c = _fit(random_state=1).predict_proba(X_CLF)
    assert not np.array_equal(a, c)


def test_partial_fit_needs_classes_then_does_one_epoch():
    clf = ForwardForwardClassifier(**FAST)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X_CLF, Y_CLF)
    clf.partial_fit(X_CLF[:100], Y_CLF[:100], classes=[0, 1, 2])
    assert clf.n_iter_ == 1
    for _ in range(20):
        clf.partial_fit(X_CLF, Y_CLF)
    assert clf.n_iter_ == 21
    assert len(clf.loss_curve_) == 21
    assert clf.score(X_CLF, Y_CLF) > 0.8


def test_partial_fit_first_call_may_miss_classes():
    clf = ForwardForwardClassifier(**FAST)
    clf.partial_fit(X_CLF[Y_CLF < 2], Y_CLF[Y_CLF < 2], classes=[0, 1, 2])
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    clf.partial_fit(X_CLF, Y_CLF)


def test_partial_fit_rejects_unknown_label_and_other_classes():
    clf = ForwardForwardClassifier(**FAST).partial_fit(X_CLF, Y_CLF, classes=[0, 1, 2])
    with pytest.raises(ValueError, match=r"labels \[7\]"):
        clf.partial_fit(X_CLF[:5], np.array([0, 1, 7, 2, 1]))
    with pytest.raises(ValueError, match="differs from the classes"):
        clf.partial_fit(X_CLF, Y_CLF, classes=[0, 1, 2, 3])


def test_partial_fit_keeps_optimizer_state():
    clf = ForwardForwardClassifier(**FAST).partial_fit(X_CLF, Y_CLF, classes=[0, 1, 2])
    steps = float(clf._optimizer_state["state"][0]["step"])
    clf.partial_fit(X_CLF, Y_CLF)
    assert float(clf._optimizer_state["state"][0]["step"]) == 2 * steps


def test_warm_start_continues_training():
    clf = ForwardForwardClassifier(**{**FAST, "max_iter": 5, "n_iter_no_change": 100})
    clf.set_params(warm_start=True).fit(X_CLF, Y_CLF)
    first_weights = clf.network_.weights[0].detach().clone()
    clf.fit(X_CLF, Y_CLF)
    assert clf.n_iter_ == 10
    assert len(clf.loss_curve_) == 10
    assert not np.allclose(clf.network_.weights[0].detach().numpy(), first_weights.numpy())
    cold = clone(clf).set_params(warm_start=False).fit(X_CLF, Y_CLF)
    assert cold.n_iter_ == 5


def test_warm_start_rejects_changed_architecture():
    clf = ForwardForwardClassifier(**{**FAST, "warm_start": True}).fit(X_CLF, Y_CLF)
    with pytest.raises(ValueError, match="width changed"):
        clf.set_params(width=32).fit(X_CLF, Y_CLF)


def test_label_scale_sets_the_hot_entry_relative_to_the_feature_rms():
    plain = _fit(max_iter=1, label_scale=1.0)
    loud = _fit(max_iter=1, label_scale=5.0)
    ratio = float(loud.network_.label_scale) / float(plain.network_.label_scale)
    assert ratio == pytest.approx(5.0)
    # After row normalization the hot entry's share of the row grows with label_scale.
    rows = X_CLF[:5].astype(np.float32)
    coef = [m.network_.embed(torch.from_numpy(rows)).label_coef for m in (plain, loud)]
    assert torch.all(coef[1] > 2.0 * coef[0])
    assert not np.allclose(plain.decision_function(X_CLF), loud.decision_function(X_CLF))


def test_label_scale_keeps_invariance_to_a_global_rescaling_of_x():
    clf = _fit(label_scale=10.0, max_iter=5)
    scaled = clone(clf).fit(X_CLF * 1e3, Y_CLF)
    np.testing.assert_allclose(
        clf.predict_proba(X_CLF), scaled.predict_proba(X_CLF * 1e3), rtol=1e-3, atol=1e-4
    )


def test_warm_start_rejects_changed_label_scale():
    clf = ForwardForwardClassifier(**{**FAST, "warm_start": True}).fit(X_CLF, Y_CLF)
    with pytest.raises(ValueError, match="label_scale changed"):
        clf.set_params(label_scale=3.0).fit(X_CLF, Y_CLF)


def test_dead_layers_are_reported_with_the_fix():
    with pytest.warns(
        DeadLayerWarning, match=r"layer\(s\) 2, 3 of 3 .*learning_rate_init"
    ) as record:
        clf = _fit(variant="cff", depth=3, learning_rate_init=3.0)
    dead = [w for w in record if w.category is DeadLayerWarning]
    assert len(dead) == 1 and "variant='cff_prev'" in str(dead[0].message)
    goodness = label_goodness(clf, X_CLF)
    assert not goodness[:, :, 1:].any() and goodness[:, :, 0].any()


def test_live_layers_raise_no_dead_layer_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeadLayerWarning)
        _fit(variant="cff", depth=3)
        _fit(variant="ff", depth=3, schedule="layer")


def test_early_stopping_records_scores_and_restores_best():
    clf = _fit(early_stopping=True, max_iter=40, n_iter_no_change=3)
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None


def test_convergence_warning_at_max_iter():
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        _fit(max_iter=2)


def test_stops_when_training_loss_stops_improving():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = _fit(max_iter=500, n_iter_no_change=2, tol=10.0, learning_rate="constant")
        decaying = _fit(max_iter=500, n_iter_no_change=2, tol=10.0, learning_rate="linear")
        adaptive = _fit(max_iter=500, n_iter_no_change=2, tol=10.0)
    # As in MLPClassifier: stop once more than n_iter_no_change epochs fail to improve.
    assert clf.n_iter_ == 4
    # Under the linear decay the count starts with the decay (epoch 251 of 500).
    assert decaying.n_iter_ == 251 + 3
    # The default schedule anneals over at least 5 epochs once the loss levels off.
    assert adaptive.n_iter_ == 4 + 5


def test_alpha_auto_decays_weights_on_wide_data_only():
    # 40 rows of 30 features (0.75 per row) are wide; 300 rows of 12 are not.
    rng = np.random.default_rng(0)
    X_wide, y_wide = rng.normal(size=(40, 30)), np.arange(40) % 3
    params = {"width": 16, "max_iter": 3, "random_state": 0, "device": "cpu"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        wide = ForwardForwardClassifier(**params).fit(X_wide, y_wide)
        narrow = ForwardForwardClassifier(**params).fit(X_CLF, Y_CLF)
        explicit = ForwardForwardClassifier(**params, alpha=0.25).fit(X_wide, y_wide)
    assert wide.alpha == "auto"
    assert wide.alpha_ == pytest.approx(1e-3)
    assert narrow.alpha_ == 0.0
    assert explicit.alpha_ == 0.25
    # The penalty reaches the optimizer: without it the same fit gives other weights.
    undecayed = ForwardForwardClassifier(**params, alpha=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        undecayed.fit(X_wide, y_wide)
        decayed = ForwardForwardClassifier(**params, alpha=1e-3).fit(X_wide, y_wide)
    auto_weights = wide.network_.state_dict()
    for name, value in decayed.network_.state_dict().items():
        assert torch.equal(auto_weights[name], value)
    assert any(
        not torch.equal(auto_weights[name], value)
        for name, value in undecayed.network_.state_dict().items()
    )


@pytest.mark.parametrize(
    ("variant", "expected"), [("ff", "symba"), ("cff", "threshold"), ("cff_prev", "threshold")]
)
def test_loss_auto_resolves_by_variant(variant, expected):
    # X_CLF: 3 classes, under 1,000 rows.
    assert resolve_loss("auto", variant, len(X_CLF), 3) == expected
    assert resolve_loss("threshold", variant, len(X_CLF), 3) == "threshold"
    assert _fit(variant=variant).loss_ == expected


def test_loss_auto_rule_for_cff_at_its_boundaries():
    from skff.defaults import SYMBA_MIN_CLASSES, SYMBA_MIN_ROWS

    assert (SYMBA_MIN_ROWS, SYMBA_MIN_CLASSES) == (1000, 3)
    assert resolve_loss("auto", "cff", 1000, 3) == "symba"
    assert resolve_loss("auto", "cff", 999, 3) == "threshold"
    assert resolve_loss("auto", "cff", 60_000, 2) == "threshold"  # two classes: never
    assert resolve_loss("auto", "cff_prev", 60_000, 10) == "threshold"
    assert resolve_loss("auto", "ff", 10, 2) == "symba"
    assert resolve_loss("threshold", "cff", 60_000, 10) == "threshold"
    assert resolve_loss("symba", "cff", 10, 2) == "symba"


def test_loss_auto_under_cff_follows_the_rows_and_classes_of_the_fit():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 5))
    params = {**FAST, "width": 16, "max_iter": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        multiclass = ForwardForwardClassifier(**params).fit(X, np.arange(1000) % 3)
        binary = ForwardForwardClassifier(**params).fit(X, np.arange(1000) % 2)
        fewer = ForwardForwardClassifier(**params).fit(X[:999], np.arange(999) % 3)
    assert multiclass.loss_ == "symba"
    assert binary.loss_ == "threshold" and fewer.loss_ == "threshold"


def test_loss_auto_keeps_the_first_partial_fit_calls_value():
    # Blocks of a stream train with one loss: a small first block decides it, as it
    # decides alpha, and a larger later block does not change it.
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(1200, 5)), np.arange(1200) % 3
    clf = ForwardForwardClassifier(width=16, random_state=0, device="cpu")
    clf.partial_fit(X[:100], y[:100], classes=[0, 1, 2])
    assert clf.loss_ == "threshold"
    clf.partial_fit(X, y)
    assert clf.loss_ == "threshold"
    clf.set_params(max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.loss_ == "symba"  # a new fit decides anew, on its own rows


def test_loss_auto_trains_as_the_loss_it_names():
    auto = _fit(variant="ff")
    symba = _fit(variant="ff", loss="symba")
    threshold = _fit(variant="ff", loss="threshold")
    assert auto.loss == "auto" and threshold.loss_ == "threshold"
    np.testing.assert_array_equal(auto.predict_proba(X_CLF), symba.predict_proba(X_CLF))
    assert auto.loss_curve_ == symba.loss_curve_ != threshold.loss_curve_


def test_loss_auto_follows_the_variant_of_each_call():
    clf = _fit(variant="ff", warm_start=True)
    assert clf.loss_ == "symba"
    clf.set_params(variant="cff").fit(X_CLF, Y_CLF)
    assert clf.loss_ == "threshold" and clf.variant_ == "cff"


def test_alpha_auto_keeps_the_first_partial_fit_calls_value():
    # The first block is wide (20 rows of 30 features), the next one is not; the
    # penalty must not change from block to block of one stream.
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(200, 30)), np.arange(200) % 3
    clf = ForwardForwardClassifier(width=16, random_state=0, device="cpu")
    clf.partial_fit(X[:20], y[:20], classes=[0, 1, 2])
    assert clf.alpha_ == pytest.approx(1e-3)
    clf.partial_fit(X, y)
    assert clf.alpha_ == pytest.approx(1e-3)
    assert clf._optimizer_state["param_groups"][0]["weight_decay"] == pytest.approx(1e-3)
    # A new fit decides anew, on its own rows.
    clf.set_params(max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.alpha_ == 0.0


def test_estimate_fit_memory_takes_alpha_auto_as_fit_resolves_it():
    from skff.memory import estimate_fit_memory

    shape = (20, 2, 16, "auto")  # classes, depth, width, batch size

    def estimate(n_rows, n_features, alpha):
        return estimate_fit_memory(n_rows, n_features, *shape, alpha=alpha).optimizer

    # Wide: the decayed gradient is counted, as with alpha=1e-3; narrow: as with 0.
    assert estimate(40, 30, "auto") == estimate(40, 30, 1e-3) > estimate(40, 30, 0.0)
    assert estimate(400, 30, "auto") == estimate(400, 30, 0.0)


def test_resolve_alpha_rule_at_its_boundary():
    from skff.defaults import WIDE_INPUT_ALPHA, WIDE_INPUT_RATIO, resolve_alpha

    assert WIDE_INPUT_RATIO == 0.5
    assert resolve_alpha("auto", 50, 100) == WIDE_INPUT_ALPHA
    assert resolve_alpha("auto", 49, 100) == 0.0
    assert resolve_alpha("auto", 784, 10_000) == 0.0  # MNIST-sized data: no decay
    assert resolve_alpha(0.0, 6830, 39) == 0.0
    assert resolve_alpha(2, 1, 100) == 2.0


def test_label_scale_auto_follows_the_data_and_max_iter_is_the_ceiling():
    # Adam's 0.01, not "auto"'s 0.003 on 300 rows, so that the fit levels off before the
    # ceiling: the ceiling is what this test is about.
    clf = ForwardForwardClassifier(width=16, random_state=0, device="cpu", learning_rate_init=0.01)
    clf.fit(X_CLF, Y_CLF)
    assert clf.label_scale_ == pytest.approx(np.sqrt(X_CLF.shape[1]))
    # Fewer than 500 rows: "auto" is MLPClassifier's ceiling.
    assert clf.max_iter == "auto" and clf.max_iter_ == 200
    assert clf.n_iter_ < 200
    clf.set_params(label_embedding="overwrite", warm_start=False, max_iter=3)
    clf.fit(X_CLF, Y_CLF)
    assert clf.max_iter_ == 3
    assert clf.label_scale_ == pytest.approx(np.sqrt(X_CLF.shape[1] - 3))
    with pytest.raises(ValueError, match="max_iter"):
        clf.set_params(max_iter="long").fit(X_CLF, Y_CLF)


def test_verbose_shows_a_progress_bar(capsys):
    _fit(max_iter=3, verbose=1)
    assert "epoch" in capsys.readouterr().err
    _fit(max_iter=3, verbose=0)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("variant", "backprop"),
        ("depth", 0),
        ("width", 2.5),
        ("threshold", float("nan")),
        ("schedule", "greedy"),
        ("label_embedding", "onehot"),
        ("negatives", "all"),
        ("prediction", "vote"),
        ("batch_size", 0),
        ("max_iter", -1),
        ("learning_rate_init", 0.0),
        ("learning_rate", "invscaling"),
        ("alpha", -1.0),
        ("validation_fraction", 1.0),
        ("n_iter_no_change", 0),
        ("tol", -1.0),
        ("early_stopping", "yes"),
        ("device", "tpu"),
    ],
)
def test_bad_hyperparameters_name_the_parameter(param, value):
    with pytest.raises(ValueError, match=param):
        ForwardForwardClassifier(**{param: value}).fit(X_CLF, Y_CLF)


def test_single_class_is_a_clear_error():
    with pytest.raises(ValueError, match="at least 2 classes"):
        ForwardForwardClassifier().fit(X_CLF, np.zeros(len(X_CLF)))


@pytest.mark.parametrize("variant", ["ff", "cff"])
def test_digits_accuracy_close_to_mlp(variant):
    X_train, X_test, y_train, y_test = train_test_split(
        X_DIGITS, Y_DIGITS, test_size=0.3, stratify=Y_DIGITS, random_state=0
    )
    mlp = make_pipeline(StandardScaler(), MLPClassifier(max_iter=500, random_state=0))
    mlp_score = mlp.fit(X_train, y_train).score(X_test, y_test)
    ff = make_pipeline(
        StandardScaler(), ForwardForwardClassifier(variant=variant, random_state=0, device="cpu")
    )
    assert ff.fit(X_train, y_train).score(X_test, y_test) >= mlp_score - 0.02


# Every hyperparameter changed after fit, to a valid value unlike the one fitted with.
CHANGED_PARAMS = {
    "variant": "ff",
    "depth": 5,
    "width": 8,
    "threshold": 9.0,
    "schedule": "layer",
    "label_embedding": "overwrite",
    "label_scale": 7.0,
    "negatives": "random",
    "prediction": "softmax",
    "skip_first_layer": True,
    "batch_size": 7,
    "max_iter": 2,
    "learning_rate_init": 0.5,
    "learning_rate": "constant",
    "alpha": 0.1,
    "early_stopping": True,
    "validation_fraction": 0.5,
    "n_iter_no_change": 1,
    "tol": 0.5,
    "warm_start": True,
    "random_state": 123,
    "verbose": 1,
    "device": "cpu",
    "precision": "fp32",
    "cuda_graphs": False,
    "peer_normalization": 0.03,
    "loss": "symba",
}


@pytest.mark.parametrize("prediction", ["goodness", "softmax", "combined"])
def test_predictions_come_from_the_fitted_model_not_from_later_params(prediction, tmp_path):
    import skff
    from skff.diagnostics import functional_entropy, layer_contributions
    from skff.plotting import goodness_samples

    clf = ForwardForwardClassifier(
        depth=2, width=16, max_iter=3, prediction=prediction, random_state=0, device="cpu"
    ).fit(X_CLF, Y_CLF)

    def outputs(model):
        return [
            model.predict(X_CLF),
            model.predict_proba(X_CLF),
            model.predict_log_proba(X_CLF),
            model.decision_function(X_CLF),
            model.score(X_CLF, Y_CLF),
            label_goodness(model, X_CLF),
            layer_contributions(model, X_CLF, Y_CLF),
            functional_entropy(model, X_CLF, Y_CLF),
            *goodness_samples(model, X_CLF, Y_CLF),
        ]

    before = outputs(clf)
    changed = {**CHANGED_PARAMS, "prediction": "goodness" if prediction == "softmax" else "softmax"}
    assert set(changed) == set(clf.get_params())
    for name, value in changed.items():
        assert getattr(clf, name) != value or name in ("device", "precision", "cuda_graphs"), name
        clf.set_params(**{name: value})
        for old, new in zip(before, outputs(clf), strict=True):
            np.testing.assert_array_equal(new, old, err_msg=f"after set_params({name}=...)")
    skff.save(clf, tmp_path / "changed.safetensors")
    for old, new in zip(before, outputs(skff.load(tmp_path / "changed.safetensors")), strict=True):
        np.testing.assert_array_equal(new, old)


def test_warnings_point_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ForwardForwardClassifier(max_iter=2, width=8, random_state=0, device="cpu").fit(
            X_IRIS, Y_IRIS
        )
        ForwardForwardClassifier(
            variant="cff", depth=3, width=64, learning_rate_init=3.0, max_iter=15, random_state=0
        ).fit(X_IRIS, Y_IRIS)
    categories = {w.category for w in caught}
    assert {ConvergenceWarning, DeadLayerWarning} <= categories
    for w in caught:
        if w.category in (ConvergenceWarning, DeadLayerWarning):
            assert w.filename == __file__, (w.category, w.filename)
