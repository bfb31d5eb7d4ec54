"""Reliability and safety (issues 5 and 12): every case, in the order issue 5 lists them.

1. Bad input gets a clear exception naming the problem and the fix.
2. Numerical safety: extreme input scales and learning rates, non-finite
   losses, stable softmax over labels.
3. Determinism and immutability of the caller's arrays.
4. Persistence with skff.save / skff.load, which runs no code on load. Files
   that pass their digests but are malformed or inconsistent (issue 12, items
   1 to 3) are in test_reliability_persistence.py, random ones in
   test_fuzz_load.py.
5. Training-state semantics as in MLPClassifier.
6. Memory: a fit that cannot fit is refused before allocating (issue 12, item
   4), bounded prediction chunks, CUDA out-of-memory handling.
"""

import hashlib
import json
import os
import pickle
import re
import struct
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
import torch
from safetensors.torch import save_file
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.preprocessing import StandardScaler

import skff
import skff.estimator
import skff.memory
import skff.persistence
import skff.prediction
import skff.training
from skff import ForwardForwardClassifier
from skff.core.divergence import weights_finite
from skff.core.trainer import Trainer
from skff.exceptions import DeadLayerWarning
from skff.memory import InsufficientMemoryError
from skff.persistence import ModelFileError, SkffVersionWarning
from skff.prediction import label_goodness

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)
Y_NAMES = np.array(["setosa", "versicolor", "virginica"])[Y_IRIS]
TINY = {"width": 8, "max_iter": 5, "random_state": 0, "device": "cpu"}


def tiny(**params):
    return ForwardForwardClassifier(**{**TINY, **params})


@pytest.fixture(scope="module")
def fitted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return tiny().fit(X_IRIS, Y_IRIS)


MIXED_Y = np.array([0, "a"] * 75, dtype=object)


def _with(value, row=0, col=0, dtype=float):
    X = X_IRIS.astype(dtype)
    X[row, col] = value
    return X


# --------------------------------------------------------------------------
# 1. Bad input: (X, y, exception, the problem named, the fix named)
# --------------------------------------------------------------------------
BAD_FIT_INPUT = {
    "nan-in-X": (_with(np.nan), Y_IRIS, ValueError, "contains NaN", "imputer"),
    "inf-in-X": (_with(np.inf), Y_IRIS, ValueError, "infinity", "nan_to_num"),
    "X-beyond-float32": (_with(1e39), Y_IRIS, ValueError, "float32", "rescale"),
    "empty-X": (np.empty((0, 4)), np.empty(0), ValueError, "0 sample", "at least one sample"),
    "no-features": (np.empty((150, 0)), Y_IRIS, ValueError, "0 feature", "at least one"),
    "1d-X": (X_IRIS[:, 0], Y_IRIS, ValueError, "Expected 2D array", "Reshape your data"),
    "3d-X": (X_IRIS.reshape(150, 2, 2), Y_IRIS, ValueError, "dim 3", r"reshape\(len\(X\), -1\)"),
    "string-X": (
        _with("red", dtype=object),
        Y_IRIS,
        ValueError,
        "'red'",
        "OneHotEncoder",
    ),
    "dict-in-X": (_with({"a": 1}, dtype=object), Y_IRIS, TypeError, "numeric", "OneHotEncoder"),
    "string-column-in-DataFrame": (
        pd.DataFrame({"a": X_IRIS[:, 0], "colour": ["red"] * 150}),
        Y_IRIS,
        ValueError,
        "'red'",
        "OneHotEncoder",
    ),
    "complex-X": (X_IRIS + 1j, Y_IRIS, ValueError, "Complex data not supported", r"X\.real"),
    "ragged-X": ([[1.0, 2.0], [1.0]], [0, 1], ValueError, "rectangular", "same number"),
    "nan-in-y": (X_IRIS, np.where(Y_IRIS == 0, np.nan, Y_IRIS), ValueError, "NaN", "Drop"),
    "inf-in-y": (X_IRIS, np.where(Y_IRIS == 0, np.inf, Y_IRIS), ValueError, "inf", "drop"),
    "continuous-y": (X_IRIS, X_IRIS[:, 0], ValueError, "continuous", "KBinsDiscretizer"),
    "2d-y": (X_IRIS, np.c_[Y_IRIS, Y_IRIS], ValueError, "1d array", "MultiOutputClassifier"),
    "y-too-short": (X_IRIS, Y_IRIS[:-1], ValueError, "inconsistent", "one label per row"),
    "single-class": (X_IRIS, np.zeros(150), ValueError, "at least 2 classes", "IsolationForest"),
    "sparse-X": (scipy.sparse.csr_matrix(X_IRIS), Y_IRIS, TypeError, "Sparse", r"\.toarray\(\)"),
    # Issue 12: the checker's own helper once crashed sorting these.
    "str-then-int-labels": (X_IRIS, MIXED_Y[::-1], TypeError, "'<' not supported", "astype"),
    "int-then-str-labels": (X_IRIS, MIXED_Y, ValueError, "Unknown label type", "astype"),
}


@pytest.mark.parametrize(
    ("X", "y", "error", "problem", "fix"),
    list(BAD_FIT_INPUT.values()),
    ids=list(BAD_FIT_INPUT),
)
def test_bad_training_input_raises_a_clear_error(X, y, error, problem, fix):
    with pytest.raises(error) as info:
        tiny().fit(X, y)
    message = str(info.value)
    assert type(info.value) is error
    assert re.search(problem, message), message
    assert re.search(fix, message), message


def test_complex_error_does_not_dump_the_array():
    with pytest.raises(ValueError) as info:
        tiny().fit(np.tile(X_IRIS, (50, 1)) + 1j, np.tile(Y_IRIS, 50))
    assert len(str(info.value)) < 300


BAD_PREDICT_INPUT = {
    "other-feature-count": (X_IRIS[:, :3], ValueError, "expecting 4 features", "same 4"),
    "nan-in-X": (_with(np.nan), ValueError, "NaN", "imputer"),
    "X-beyond-float32": (_with(1e39), ValueError, "float32", "rescale"),
    "string-X": (_with("red", dtype=object), ValueError, "'red'", "OneHotEncoder"),
    "complex-X": (X_IRIS + 1j, ValueError, "Complex data", r"X\.real"),
    "3d-X": (X_IRIS.reshape(150, 2, 2), ValueError, "dim 3", "reshape"),
    "sparse-X": (scipy.sparse.csr_matrix(X_IRIS), TypeError, "Sparse", r"\.toarray\(\)"),
}


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function", "score"])
@pytest.mark.parametrize(
    ("X", "error", "problem", "fix"), list(BAD_PREDICT_INPUT.values()), ids=list(BAD_PREDICT_INPUT)
)
def test_bad_prediction_input_raises_a_clear_error(fitted, method, X, error, problem, fix):
    args = (X, Y_IRIS) if method == "score" else (X,)
    with pytest.raises(error, match=problem) as info:
        getattr(fitted, method)(*args)
    assert re.search(fix, str(info.value))


def test_sparse_input_error_says_to_densify():
    # Decision: sparse input is refused (the matrix products need dense rows).
    with pytest.raises(TypeError, match="dense data is required") as info:
        tiny().fit(scipy.sparse.csr_matrix(X_IRIS), Y_IRIS)
    assert ".toarray()" in str(info.value)


@pytest.mark.parametrize(
    ("step", "match"),
    [
        ("no-classes-first", "classes must be passed on the first call"),
        ("unknown-label", r"labels \[7\] that are not among the classes"),
        ("other-feature-count", "same 4 features"),
        ("other-classes", "differs from the classes"),
        ("single-class", "at least 2 classes"),
    ],
)
def test_partial_fit_misuse_raises_value_error(step, match):
    clf = tiny()
    with pytest.raises(ValueError, match=match):
        if step == "no-classes-first":
            clf.partial_fit(X_IRIS, Y_IRIS)
        elif step == "single-class":
            clf.partial_fit(X_IRIS, np.zeros(150), classes=[0])
        else:
            clf.partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
            if step == "unknown-label":
                clf.partial_fit(X_IRIS[:3], [0, 7, 1])
            elif step == "other-feature-count":
                clf.partial_fit(X_IRIS[:, :3], Y_IRIS)
            else:
                clf.partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2, 3])


def test_overwrite_embedding_with_fewer_features_than_classes():
    with pytest.raises(ValueError, match=r"only 3 features.*Use label_embedding='concat'"):
        tiny(label_embedding="overwrite").fit(X_IRIS[:, :3], Y_IRIS)


def test_early_stopping_without_enough_samples_per_class():
    keep = [0, 1, 50, 51, 100, 101]
    with pytest.raises(ValueError, match=r"validation_fraction.*early_stopping=False"):
        tiny(early_stopping=True).fit(X_IRIS[keep], Y_IRIS[keep])


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("variant", "backprop"),
        ("depth", 0),
        ("depth", 2.0),
        ("width", -3),
        ("threshold", float("inf")),
        ("schedule", "greedy"),
        ("label_embedding", None),
        ("label_scale", 0.0),
        ("label_scale", float("nan")),
        ("negatives", "all"),
        ("prediction", "vote"),
        ("skip_first_layer", "yes"),
        ("batch_size", "big"),
        ("batch_size", 0),
        ("max_iter", 0),
        ("max_iter", "long"),
        ("learning_rate_init", 0.0),
        ("learning_rate_init", float("nan")),
        ("learning_rate", "invscaling"),
        ("alpha", -0.1),
        ("early_stopping", 1),
        ("validation_fraction", 0.0),
        ("n_iter_no_change", 0),
        ("tol", -1e-3),
        ("warm_start", "no"),
        ("random_state", "seed"),
        ("random_state", -1),
        ("verbose", -1),
        ("device", "tpu"),
    ],
)
def test_bad_hyperparameter_names_the_parameter(param, value):
    with pytest.raises(ValueError, match=f"'?{param}'?"):
        tiny(**{param: value}).fit(X_IRIS, Y_IRIS)


def test_mixed_label_types_name_two_of_them():
    with pytest.raises(TypeError) as info:
        tiny().partial_fit(X_IRIS, MIXED_Y[::-1], classes=["a", 0])
    assert "y mixes labels of different types, such as 0 and 'a'" in str(info.value)


@pytest.mark.parametrize("verbose", [True, False])
def test_verbose_accepts_a_bool_as_mlp_classifier_does(verbose, capsys):
    # Issue 12: once refused with "must be an int".
    tiny(verbose=verbose, max_iter=2).fit(X_IRIS, Y_IRIS)
    assert ("epoch" in capsys.readouterr().err) is verbose


# --------------------------------------------------------------------------
# 2. Numerical safety
# --------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1e30, 1e-30])
def test_extreme_input_scales_train_like_unit_scale(fitted, scale):
    # The label's value is the RMS of the training features and rows are
    # normalized in float64, so a global rescaling changes nothing but rounding.
    clf = tiny().fit(X_IRIS * scale, Y_IRIS)
    proba = clf.predict_proba(X_IRIS * scale)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba, fitted.predict_proba(X_IRIS), atol=1e-4)


@pytest.mark.parametrize("scale", [1.0, 1e30, 1e-30])
@pytest.mark.parametrize("learning_rate_init", [10.0, 100.0, 1e4])
def test_huge_learning_rates_train_or_name_learning_rate_init(scale, learning_rate_init):
    clf = tiny(learning_rate_init=learning_rate_init, max_iter=3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeadLayerWarning)
        try:
            clf.fit(X_IRIS * scale, Y_IRIS)
        except ValueError as err:
            assert "learning_rate_init" in str(err)
            assert "were restored" in str(err)
    # A layer that such steps killed is never silent: the fit names it.
    goodness = label_goodness(clf, X_IRIS * scale)
    dead = [k + 1 for k in range(clf.depth) if not goodness[:, :, k].any()]
    reported = [w for w in caught if w.category is DeadLayerWarning]
    if dead and hasattr(clf, "n_iter_") and clf.n_iter_ == 3:
        assert len(reported) == 1
        assert f"layer(s) {', '.join(map(str, dead))} of" in str(reported[0].message)
    proba = clf.predict_proba(X_IRIS * scale)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_learning_rate_1e4_is_reported_as_divergence():
    with pytest.raises(ValueError, match=r"diverged in epoch 1.*learning_rate_init \(now 10000"):
        tiny(learning_rate_init=1e4).fit(X_IRIS, Y_IRIS)


def test_non_finite_loss_restores_last_good_weights_and_raises(monkeypatch):
    params = {"max_iter": 2, "learning_rate": "constant", "n_iter_no_change": 100}
    reference = tiny(**params).fit(X_IRIS, Y_IRIS)
    real_train_epoch = Trainer.train_epoch
    epochs = []

    def poisoned(trainer, *args, **kwargs):
        losses = real_train_epoch(trainer, *args, **kwargs)
        epochs.append(1)
        if len(epochs) == 3:
            with torch.no_grad():
                trainer.net.weights[1][0, 0] = float("nan")
        return losses

    monkeypatch.setattr(Trainer, "train_epoch", poisoned)
    clf = tiny(**{**params, "max_iter": 5})
    with pytest.raises(ValueError, match=r"epoch 3.*non-finite.*learning_rate_init"):
        clf.fit(X_IRIS, Y_IRIS)
    assert clf.n_iter_ == 2
    for name, tensor in reference.network_.state_dict().items():
        torch.testing.assert_close(clf.network_.state_dict()[name], tensor, rtol=0, atol=0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_weights_finite_finds_one_bad_entry_in_any_parameter(fitted, bad):
    net = pickle.loads(pickle.dumps(fitted)).network_
    assert weights_finite(net)
    for param in net.parameters():
        with torch.no_grad():
            kept = param.view(-1)[-1].item()
            param.view(-1)[-1] = bad
            assert not weights_finite(net)
            param.view(-1)[-1] = kept
    assert weights_finite(net)


def test_overflowing_scores_raise_instead_of_returning_nan(fitted):
    clf = pickle.loads(pickle.dumps(fitted))
    with torch.no_grad():
        clf.network_.weights[1].mul_(1e30)
    with pytest.raises(ValueError, match=r"overflowed float32.*learning_rate_init"):
        clf.predict_proba(X_IRIS)


def test_softmax_over_labels_is_stable_for_huge_logit_gaps(fitted, monkeypatch):
    logits = np.array([[1e4, 0.0, -1e4], [-1e30, 1e30, 0.0], [5.0, 5.0, 5.0]], np.float32)
    monkeypatch.setattr(
        skff.prediction, "score_labels", lambda net, rows: torch.from_numpy(logits[: len(rows)])
    )
    proba = fitted.predict_proba(X_IRIS[:3])
    log_proba = fitted.predict_log_proba(X_IRIS[:3])
    assert np.isfinite(proba).all()
    assert np.isfinite(log_proba).all()
    np.testing.assert_allclose(proba, [[1, 0, 0], [0, 1, 0], [1 / 3, 1 / 3, 1 / 3]])
    assert log_proba[0, 2] == pytest.approx(-2e4)


def test_predicting_huge_but_float32_inputs_stays_finite(fitted):
    X = np.full((3, 4), 3e38)
    X[1] = -3e38
    assert np.isfinite(fitted.predict_proba(X)).all()


# --------------------------------------------------------------------------
# 3. Determinism and immutability
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"negatives": "hard", "variant": "ff"},
        {"prediction": "softmax", "early_stopping": True, "max_iter": 8},
        {"schedule": "layer", "label_embedding": "overwrite"},
    ],
    ids=["default", "hard-negatives", "softmax-early-stopping", "greedy-overwrite"],
)
def test_same_random_state_gives_identical_probabilities(params):
    torch.manual_seed(1)
    np.random.seed(1)  # noqa: NPY002 (the legacy global seed is the one to vary)
    first = tiny(**params).fit(X_IRIS, Y_IRIS).predict_proba(X_IRIS)
    # Global seeds must not matter: every random draw comes from random_state.
    torch.manual_seed(2)
    np.random.seed(2)  # noqa: NPY002
    second = tiny(**params).fit(X_IRIS, Y_IRIS).predict_proba(X_IRIS)
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(
        first, tiny(**params, random_state=1).fit(X_IRIS, Y_IRIS).predict_proba(X_IRIS)
    )


def test_partial_fit_sequence_is_deterministic():
    def run():
        clf = tiny()
        for start in range(0, 150, 50):
            clf.partial_fit(X_IRIS[start::3], Y_IRIS[start::3], classes=[0, 1, 2])
        return clf.predict_proba(X_IRIS)

    np.testing.assert_array_equal(run(), run())


def test_same_random_state_gives_identical_probabilities_in_another_process(fitted):
    script = (
        "import hashlib, sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from sklearn.datasets import load_iris\n"
        "from sklearn.preprocessing import StandardScaler\n"
        "from skff import ForwardForwardClassifier\n"
        "X, y = load_iris(return_X_y=True)\n"
        "X = StandardScaler().fit_transform(X)\n"
        f"clf = ForwardForwardClassifier(**{TINY!r}).fit(X, y)\n"
        "print(hashlib.sha256(clf.predict_proba(X).tobytes()).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    expected = hashlib.sha256(fitted.predict_proba(X_IRIS).tobytes()).hexdigest()
    assert out.stdout.strip() == expected


def _inputs(kind):
    if kind == "float64":
        return X_IRIS.copy(), Y_IRIS.copy()
    if kind == "float32-read-only":
        # float32 C-ordered arrays are used without a copy: any write would land
        # in the caller's array, and a read-only one makes such a write fail.
        X = np.ascontiguousarray(X_IRIS, dtype=np.float32)
        y = Y_NAMES.copy()
        X.flags.writeable = False
        y.flags.writeable = False
        return X, y
    if kind == "fortran":
        return np.asfortranarray(X_IRIS), Y_IRIS.astype(float)
    if kind == "pandas":
        frame = pd.DataFrame(X_IRIS, columns=["a", "b", "c", "d"])
        return frame, pd.Series(Y_NAMES)
    return X_IRIS.tolist(), Y_NAMES.tolist()


@pytest.mark.parametrize("kind", ["float64", "float32-read-only", "fortran", "pandas", "lists"])
def test_fit_and_predict_leave_the_callers_arrays_alone(kind):
    X, y = _inputs(kind)
    X_before, y_before = pickle.dumps(X), pickle.dumps(y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = tiny(early_stopping=True).fit(X, y)
        clf.set_params(early_stopping=False).partial_fit(X, y)
        clf.predict(X)
        clf.predict_proba(X)
        clf.score(X, y)
    assert pickle.dumps(X) == X_before
    assert pickle.dumps(y) == y_before


# --------------------------------------------------------------------------
# 4. Persistence
# --------------------------------------------------------------------------
def _assert_same_model(loaded, original, X):
    assert type(loaded) is type(original)
    params, loaded_params = original.get_params(), loaded.get_params()
    if isinstance(params["random_state"], np.random.RandomState):
        seeds = params.pop("random_state"), loaded_params.pop("random_state")
        assert repr(seeds[0].get_state()) == repr(seeds[1].get_state())
    assert loaded_params == params
    assert repr(loaded._random_state.get_state()) == repr(original._random_state.get_state())
    assert set(vars(loaded)) == set(vars(original))
    np.testing.assert_array_equal(loaded.classes_, original.classes_)
    assert loaded.classes_.dtype == original.classes_.dtype
    for name in [
        "n_features_in_",
        "n_iter_",
        "t_",
        "loss_curve_",
        "layer_loss_curve_",
        "best_loss_",
        "validation_scores_",
        "best_validation_score_",
        "device_",
        "alpha_",
        "loss_",
        "learning_rate_init_",
        "batch_size_",
        "tol_",
    ]:
        assert getattr(loaded, name) == getattr(original, name), name
    if hasattr(original, "feature_names_in_"):
        np.testing.assert_array_equal(loaded.feature_names_in_, original.feature_names_in_)
    np.testing.assert_array_equal(loaded.predict_proba(X), original.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), original.predict(X))


PERSISTED = {
    "int-labels": ({}, X_IRIS, Y_IRIS),
    "string-labels-feature-names": (
        {"prediction": "softmax", "depth": 3, "skip_first_layer": True},
        pd.DataFrame(X_IRIS, columns=["sepal l", "sepal w", "petal l", "petal w"]),
        Y_NAMES,
    ),
    "object-labels": ({"early_stopping": True}, X_IRIS, Y_NAMES.astype(object)),
    "float-labels": ({"label_embedding": "overwrite"}, X_IRIS, Y_IRIS * 10.0 - 5),
    "bool-labels": ({"variant": "ff", "schedule": "layer"}, X_IRIS, Y_IRIS == 1),
    "random-state-instance": ({"random_state": np.random.RandomState(3)}, X_IRIS, Y_IRIS),
}


@pytest.mark.parametrize(("params", "X", "y"), list(PERSISTED.values()), ids=list(PERSISTED))
def test_save_load_round_trip(tmp_path, params, X, y):
    clf = tiny(**params).fit(X, y)
    clf.set_params(early_stopping=False).partial_fit(X, y)
    path = tmp_path / "model.safetensors"
    skff.save(clf, path)
    _assert_same_model(skff.load(path), clf, X)
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]
    # Written through a temporary file, yet with the usual permissions.
    (tmp_path / "plain").write_bytes(b"")
    assert path.stat().st_mode == (tmp_path / "plain").stat().st_mode


@pytest.mark.parametrize("how", ["partial_fit", "warm_start"])
def test_training_continues_after_load_exactly_as_without_saving(tmp_path, how):
    clf = tiny(warm_start=how == "warm_start").partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    skff.save(clf, tmp_path / "m.safetensors")
    loaded = skff.load(tmp_path / "m.safetensors")
    for model in (clf, loaded):
        if how == "partial_fit":
            model.partial_fit(X_IRIS, Y_IRIS)
        else:
            model.fit(X_IRIS, Y_IRIS)
    _assert_same_model(loaded, clf, X_IRIS)


def test_optimizer_state_can_be_left_out(tmp_path):
    clf = tiny().partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    skff.save(clf, tmp_path / "full.safetensors")
    skff.save(clf, tmp_path / "lean.safetensors", include_optimizer_state=False)
    full = skff.load(tmp_path / "full.safetensors")
    lean = skff.load(tmp_path / "lean.safetensors")
    assert lean._optimizer_state is None
    assert full._optimizer_state is not None
    assert (tmp_path / "lean.safetensors").stat().st_size < (
        tmp_path / "full.safetensors"
    ).stat().st_size
    np.testing.assert_array_equal(lean.predict_proba(X_IRIS), clf.predict_proba(X_IRIS))
    lean.partial_fit(X_IRIS, Y_IRIS)  # restarts Adam's moments, and works
    assert lean.n_iter_ == clf.n_iter_ + 1


def test_file_is_safetensors_with_json_metadata(fitted, tmp_path):
    path = tmp_path / "m.safetensors"
    skff.save(fitted, path)
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    doc = json.loads(header["__metadata__"]["skff"])
    text_digest = hashlib.sha256(header["__metadata__"]["skff"].encode()).hexdigest()
    assert header["__metadata__"]["skff_sha256"] == text_digest
    assert doc["format"] == "skff-model"
    assert doc["versions"]["skff"] == skff.__version__
    assert {"torch", "numpy", "scikit-learn", "safetensors"} <= set(doc["versions"])
    assert doc["params"]["width"] == fitted.width
    assert doc["attributes"]["classes_"] == {"dtype": "<i8", "values": [0, 1, 2]}
    assert len(doc["weights_sha256"]) == 64
    tensor_names = set(header) - {"__metadata__"}
    assert {f"network.{k}" for k in fitted.network_.state_dict()} <= tensor_names


def test_loading_runs_no_pickle(fitted, tmp_path, monkeypatch):
    path = tmp_path / "m.safetensors"
    skff.save(fitted, path)

    def forbidden(*args, **kwargs):
        raise AssertionError("skff.load must not unpickle anything")

    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    monkeypatch.setattr(torch, "load", forbidden)
    np.testing.assert_array_equal(skff.load(path).predict(X_IRIS), fitted.predict(X_IRIS))


def test_model_saved_for_cuda_loads_on_a_cpu_only_machine(fitted, tmp_path, monkeypatch):
    clf = pickle.loads(pickle.dumps(fitted)).set_params(device="cuda")
    skff.save(clf, tmp_path / "m.safetensors")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.warns(UserWarning, match="device='cpu'"):
        loaded = skff.load(tmp_path / "m.safetensors")
    assert loaded.device == "cpu"
    assert all(p.device.type == "cpu" for p in loaded.network_.parameters())
    np.testing.assert_array_equal(loaded.predict_proba(X_IRIS), fitted.predict_proba(X_IRIS))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert skff.load(tmp_path / "m.safetensors", device="cpu").device == "cpu"


@pytest.mark.cuda
def test_model_trained_on_cuda_loads_on_cpu(tmp_path, monkeypatch):
    clf = ForwardForwardClassifier(width=16, max_iter=5, random_state=0, device="cuda")
    clf.fit(X_IRIS, Y_IRIS).partial_fit(X_IRIS, Y_IRIS)
    skff.save(clf, tmp_path / "m.safetensors")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.warns(UserWarning, match="device='cpu'"):
        loaded = skff.load(tmp_path / "m.safetensors")
    np.testing.assert_allclose(
        loaded.predict_proba(X_IRIS), clf.set_params(device="cpu").predict_proba(X_IRIS)
    )


def _corrupt(data: bytes, how: str) -> bytes:
    (size,) = struct.unpack("<Q", data[:8])
    header_end = 8 + size
    if how == "empty":
        return b""
    if how == "truncated-in-length":
        return data[:5]
    if how == "truncated-in-header":
        return data[: header_end // 2]
    if how == "truncated-after-header":
        return data[:header_end]
    if how == "truncated-in-weights":
        return data[: (header_end + len(data)) // 2]
    if how == "last-byte-missing":
        return data[:-1]
    if how == "byte-flipped-in-weights":
        i = (header_end + len(data)) // 2
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
    if how == "digit-changed-in-metadata":
        # Still valid JSON of the same length, but no longer what was digested.
        old = b'n_features_in_\\": 4'
        assert data.count(old) == 1
        return data.replace(old, b'n_features_in_\\": 5')
    if how == "garbage":
        return bytes(range(256)) * 4
    raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "match"),
    [
        ("empty", "fewer than a safetensors header"),
        ("truncated-in-length", "fewer than a safetensors header"),
        ("truncated-in-header", "file is shorter"),
        ("truncated-after-header", "truncated or corrupted"),
        ("truncated-in-weights", "truncated or corrupted"),
        ("last-byte-missing", "truncated or corrupted"),
        ("byte-flipped-in-weights", "do not match the SHA-256 digest"),
        ("digit-changed-in-metadata", "metadata does not match the SHA-256 digest"),
        ("garbage", "not a readable skff model"),
    ],
)
def test_truncated_or_corrupted_file_raises_a_clear_error(fitted, tmp_path, how, match):
    path = tmp_path / "m.safetensors"
    skff.save(fitted, path)
    path.write_bytes(_corrupt(path.read_bytes(), how))
    with pytest.raises(ModelFileError, match=match) as info:
        skff.load(path)
    assert "save the model again" in str(info.value).lower()


def test_plain_safetensors_file_is_not_taken_for_a_model(tmp_path):
    save_file({"w": torch.ones(3)}, tmp_path / "other.safetensors")
    with pytest.raises(ModelFileError, match="no skff metadata"):
        skff.load(tmp_path / "other.safetensors")


def test_file_from_an_incompatible_format_version_is_refused(fitted, tmp_path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(skff.persistence, "FORMAT_VERSION", 2)
        patch.setattr(skff.persistence, "__version__", "9.0.0")
        skff.save(fitted, tmp_path / "future.safetensors")
    with pytest.raises(ModelFileError, match=r"skff 9\.0\.0 in model format version 2.*upgrade"):
        skff.load(tmp_path / "future.safetensors")


def test_file_from_another_skff_version_loads_with_a_warning(fitted, tmp_path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(skff.persistence, "__version__", "0.0.1")
        skff.save(fitted, tmp_path / "old.safetensors")
    with pytest.warns(SkffVersionWarning, match=r"written by skff 0\.0\.1"):
        loaded = skff.load(tmp_path / "old.safetensors")
    np.testing.assert_array_equal(loaded.predict_proba(X_IRIS), fitted.predict_proba(X_IRIS))


def test_save_refuses_what_it_cannot_store(fitted, tmp_path):
    with pytest.raises(NotFittedError):
        skff.save(tiny(), tmp_path / "m.safetensors")
    with pytest.raises(TypeError, match="ForwardForwardClassifier"):
        skff.save(StandardScaler().fit(X_IRIS), tmp_path / "m.safetensors")
    clf = pickle.loads(pickle.dumps(fitted))
    clf.device = ["cpu"]
    with pytest.raises(TypeError, match=r"device=.*set_params"):
        skff.save(clf, tmp_path / "m.safetensors")
    assert not list(tmp_path.iterdir())


def test_pickle_keeps_working(fitted, tmp_path):
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X_IRIS), fitted.predict_proba(X_IRIS))
    skff.save(fitted, tmp_path / "m.safetensors")
    loaded_then_pickled = pickle.loads(pickle.dumps(skff.load(tmp_path / "m.safetensors")))
    np.testing.assert_array_equal(
        loaded_then_pickled.predict_proba(X_IRIS), fitted.predict_proba(X_IRIS)
    )


# --------------------------------------------------------------------------
# 5. Training-state semantics (as MLPClassifier)
# --------------------------------------------------------------------------
def test_warm_start_continues_and_extends_the_curves():
    clf = tiny(warm_start=True, early_stopping=True, n_iter_no_change=100)
    clf.fit(X_IRIS, Y_IRIS)
    curve, scores = list(clf.loss_curve_), list(clf.validation_scores_)
    clf.fit(X_IRIS, Y_IRIS)
    assert clf.loss_curve_[:5] == curve
    assert clf.validation_scores_[:5] == scores
    assert len(clf.loss_curve_) == len(clf.validation_scores_) == clf.n_iter_ == 10


def test_partial_fit_refuses_early_stopping_as_mlp_classifier_does():
    clf = tiny(early_stopping=True)
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping=True"):
        clf.partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    assert not hasattr(clf, "network_")
    fitted = tiny(early_stopping=True).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="early_stopping=False"):
        fitted.partial_fit(X_IRIS, Y_IRIS)


def test_partial_fit_does_one_pass():
    clf = tiny(max_iter=50)
    clf.partial_fit(X_IRIS, Y_IRIS, classes=[0, 1, 2])
    clf.partial_fit(X_IRIS[:60], Y_IRIS[:60])
    assert clf.n_iter_ == 2
    assert len(clf.loss_curve_) == 2
    assert clf.t_ == 150 + 60
    assert all(len(curve) == 2 for curve in clf.layer_loss_curve_)


def test_early_stopping_holds_out_scores_stops_and_restores_the_best(monkeypatch):
    held_out, weights_after_epoch = {}, []
    real_split = skff.training.train_test_split
    real_train_epoch = Trainer.train_epoch

    def split_spy(*args, **kwargs):
        parts = real_split(*args, **kwargs)
        held_out.update(X=parts[1], y=parts[3], test_size=kwargs["test_size"])
        return parts

    def epoch_spy(trainer, *args, **kwargs):
        losses = real_train_epoch(trainer, *args, **kwargs)
        weights_after_epoch.append({k: v.clone() for k, v in trainer.net.state_dict().items()})
        return losses

    monkeypatch.setattr(skff.training, "train_test_split", split_spy)
    monkeypatch.setattr(Trainer, "train_epoch", epoch_spy)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        # MLPClassifier's rule: a constant rate, stopped by the validation score alone
        # (the adaptive default anneals first: tests/test_adaptive_schedule.py).
        clf = tiny(
            early_stopping=True,
            validation_fraction=0.2,
            n_iter_no_change=3,
            max_iter=200,
            learning_rate="constant",
            tol=1e-4,
        ).fit(X_IRIS, Y_IRIS)
    scores = clf.validation_scores_
    best = int(np.argmax(scores))  # the first epoch with the best score
    assert held_out["test_size"] == 0.2 and len(held_out["y"]) == 30
    assert len(scores) == clf.n_iter_ == len(weights_after_epoch) < 200
    # Stops once n_iter_no_change + 1 epochs in a row fail to improve (as MLPClassifier).
    assert clf.n_iter_ == best + 3 + 2
    assert clf.best_validation_score_ == max(scores)
    for name, tensor in weights_after_epoch[best].items():
        torch.testing.assert_close(clf.network_.state_dict()[name], tensor, rtol=0, atol=0)
    restored = clf.score(held_out["X"], clf.classes_[held_out["y"]])
    assert restored == clf.best_validation_score_


def test_convergence_warning_at_max_iter_only():
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        tiny(max_iter=2).fit(X_IRIS, Y_IRIS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        tiny(max_iter=50, tol=100.0, n_iter_no_change=1).fit(X_IRIS, Y_IRIS)


# --------------------------------------------------------------------------
# 6. Memory
# --------------------------------------------------------------------------
def _never_build(*args, **kwargs):
    raise AssertionError("the network was built before the memory check")


@pytest.mark.parametrize(
    ("params", "needs"),
    [({"width": 4096, "depth": 1000}, r"\d+\.\d GiB"), ({"width": 10**6}, r"\d+\.\d TiB")],
    ids=["width-4096-depth-1000", "width-1e6"],
)
def test_a_fit_that_cannot_fit_in_memory_is_refused_before_allocating(monkeypatch, params, needs):
    # Issue 12: once 20 s of allocation until the machine ran out, or torch's
    # bare allocator error. The device is said to have 16 GiB available.
    monkeypatch.setattr(skff.estimator, "build_network", _never_build)
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: 16 << 30)
    clf = tiny(**params)
    with pytest.raises(InsufficientMemoryError) as info:
        clf.fit(X_IRIS, Y_IRIS)
    message = str(info.value)
    assert isinstance(info.value, MemoryError)
    assert isinstance(info.value, ValueError)
    assert re.search(f"needs about {needs} of memory, and cpu has 16.0 GiB available", message)
    assert re.search(r"weights take .*Adam's moments.*training rows.*a step of 16 rows", message)
    assert f"Lower width (now {params['width']}" in message
    assert not hasattr(clf, "network_")


def test_the_memory_check_reads_this_machines_memory(monkeypatch):
    monkeypatch.setattr(skff.estimator, "build_network", _never_build)
    available = skff.memory.available_memory("cpu")
    if available is None:
        pytest.skip("this platform does not say how much memory is available")
    assert available > 0
    with pytest.raises(InsufficientMemoryError, match=r"needs about .* TiB"):
        tiny(width=10**6).fit(X_IRIS, Y_IRIS)


def test_memory_check_names_batch_size_when_the_activations_do_not_fit(monkeypatch):
    monkeypatch.setattr(skff.estimator, "build_network", _never_build)
    memory = skff.memory.estimate_fit_memory(150, 4, 3, 2, 64, 150, "hard")
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: memory.total - 1)
    X, y = np.tile(X_IRIS, (100, 1)), np.tile(Y_IRIS, 100)
    with pytest.raises(InsufficientMemoryError, match=r"Lower batch_size \(now 15000 rows"):
        tiny(width=64, batch_size=15000, negatives="hard").fit(X, y)


def test_warm_start_and_partial_fit_check_memory_before_training(monkeypatch):
    # The network exists, but a later call may bring more rows or another device.
    clf = tiny(warm_start=True).fit(X_IRIS, Y_IRIS)
    before = {k: v.clone() for k, v in clf.network_.state_dict().items()}
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: 1 << 20)
    X, y = np.tile(X_IRIS, (200, 1)), np.tile(Y_IRIS, 200)
    for call in (lambda: clf.fit(X, y), lambda: clf.partial_fit(X, y)):
        with pytest.raises(InsufficientMemoryError, match=r"1\.0 MiB available"):
            call()
    for name, tensor in clf.network_.state_dict().items():
        torch.testing.assert_close(tensor, before[name], rtol=0, atol=0)


def test_unknown_available_memory_checks_nothing(monkeypatch):
    monkeypatch.setattr(skff.memory, "available_memory", lambda device: None)
    assert tiny(max_iter=1).fit(X_IRIS, Y_IRIS).n_iter_ == 1


def test_available_memory_falls_back_to_physical_memory_without_proc(monkeypatch):
    monkeypatch.setattr(skff.memory, "_meminfo", lambda: {})
    monkeypatch.setattr(skff.memory, "_cgroup_available", lambda: None)
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        physical = None
    assert skff.memory.available_memory("cpu") == physical


ESTIMATE_CHILD = """
import json, sys, warnings
import numpy as np
import torch
from skff import ForwardForwardClassifier
from skff.memory import estimate_fit_memory

def status(field):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith(field + ":"))

warnings.simplefilter("ignore")
torch.set_num_threads(1)
params = json.loads(sys.argv[1])
X = np.random.default_rng(0).standard_normal((600, 50), dtype=np.float32)
y = np.arange(600) % 10
ForwardForwardClassifier(width=8, max_iter=1, device="cpu").fit(X[:100], y[:100])  # warm up
clf = ForwardForwardClassifier(max_iter=1, device="cpu", random_state=0, **params)
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current resident set size
before = status("VmRSS")
clf.fit(X, y)
memory = estimate_fit_memory(600, 50, 10, device="cpu", **params)
print(status("VmHWM") - before, memory.total)
"""


@pytest.mark.skipif(
    sys.platform != "linux", reason="resets the peak RSS through /proc/self/clear_refs"
)
@pytest.mark.parametrize(
    "params",
    [
        {"width": 1024, "depth": 4, "batch_size": "auto", "negatives": "random"},
        {
            "width": 512,
            "depth": 6,
            "batch_size": 512,
            "negatives": "hard",
            "prediction": "softmax",
            "early_stopping": True,
        },
        {"width": 1024, "depth": 3, "batch_size": 32, "negatives": "hard_cached"},
    ],
    ids=["wide", "deep-hard-softmax-early-stopping", "cached-scores"],
)
def test_the_memory_estimate_is_near_the_measured_peak(params):
    # Too high, and fits that would work are refused; too low, and the check misses.
    out = subprocess.run(
        [sys.executable, "-c", ESTIMATE_CHILD, json.dumps(params)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout.split()
    measured, estimate = int(out[0]), int(out[1])
    assert 0.75 * measured < estimate < 1.5 * measured, (measured, estimate)


@pytest.mark.cuda
def test_a_fit_that_cannot_fit_on_the_gpu_is_refused_naming_the_cpu(monkeypatch):
    monkeypatch.setattr(skff.estimator, "build_network", _never_build)
    free, _ = torch.cuda.mem_get_info()
    width = int((free / 4) ** 0.5) + 1  # the weights of layer 2 alone exceed free memory
    with pytest.raises(InsufficientMemoryError, match=r"on cuda.*or train with device='cpu'"):
        ForwardForwardClassifier(width=width, device="cuda").fit(X_IRIS, Y_IRIS)


MEMORY_CHILD = """
import sys, warnings
import numpy as np
import skff

def status(field):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith(field + ":"))

warnings.simplefilter("ignore")
model = skff.load(sys.argv[1])
model.predict_proba(np.ones((10, model.n_features_in_)))  # load kernels, warm allocators
X = np.random.default_rng(0).standard_normal((int(sys.argv[2]), model.n_features_in_))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current resident set size
before = status("VmRSS")
model.predict_proba(X)
print(status("VmHWM") - before, X.nbytes)
"""


@pytest.mark.skipif(
    sys.platform != "linux", reason="resets the peak RSS through /proc/self/clear_refs"
)
def test_prediction_memory_does_not_grow_with_the_number_of_rows(tmp_path):
    # Peak RSS of a fresh process (tracemalloc does not see torch's allocations).
    # A predict that copied X whole (float32 copy, float64 row norms) would add
    # over 1.5 x X's size; chunked, the extra is a constant few tens of MiB.
    n_features = 200
    rng = np.random.default_rng(0)
    clf = tiny(max_iter=1).fit(rng.standard_normal((60, n_features)), np.arange(60) % 3)
    skff.save(clf, tmp_path / "m.safetensors")
    extra = {}
    for n_rows in (25_000, 100_000):
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(tmp_path / "m.safetensors"), str(n_rows)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.split()
        extra[n_rows], x_bytes = int(out[0]), int(out[1])
    assert extra[100_000] < 0.3 * x_bytes, extra
    assert extra[100_000] - extra[25_000] < 0.1 * x_bytes, extra


def _fail_first_calls(monkeypatch, n_failures):
    real = skff.prediction.score_labels
    sizes = []

    def flaky(net, rows):
        sizes.append(len(rows))
        if len(sizes) <= n_failures:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")
        return real(net, rows)

    monkeypatch.setattr(skff.prediction, "score_labels", flaky)
    return sizes


def test_cuda_out_of_memory_while_predicting_retries_with_smaller_chunks(fitted, monkeypatch):
    expected = fitted.predict_proba(X_IRIS)
    sizes = _fail_first_calls(monkeypatch, n_failures=2)
    proba = fitted.predict_proba(X_IRIS)
    assert sizes == [150, 75, 37, 37, 37, 37, 2]
    # Chunks of other sizes may take other BLAS kernels: equal up to float32 rounding.
    np.testing.assert_allclose(proba, expected, rtol=1e-5)
    np.testing.assert_array_equal(proba.argmax(1), expected.argmax(1))


def test_cuda_out_of_memory_on_a_single_row_names_the_cpu(fitted, monkeypatch):
    _fail_first_calls(monkeypatch, n_failures=10**9)
    with pytest.raises(torch.cuda.OutOfMemoryError, match=r"single row.*device='cpu'"):
        fitted.predict(X_IRIS[:4])


def test_cuda_out_of_memory_while_training_names_batch_size(monkeypatch):
    def out_of_memory(*args, **kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 8 GiB")

    monkeypatch.setattr(Trainer, "train_epoch", out_of_memory)
    clf = tiny(batch_size=64)
    with pytest.raises(torch.cuda.OutOfMemoryError, match=r"batch_size=64.*Lower batch_size"):
        clf.fit(X_IRIS, Y_IRIS)
    assert all(p.device.type == "cpu" for p in clf.network_.parameters())
