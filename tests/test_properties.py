"""Property-based tests (hypothesis) of predictions, labels and persistence."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.datasets import make_blobs
from sklearn.preprocessing import StandardScaler

import skff
from skff import ForwardForwardClassifier
from skff.persistence import ModelFileError

# Derandomized: the same examples on every run and every machine; and no
# example database written to disk.
PROPERTY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
X_BLOBS, Y_BLOBS = make_blobs(
    n_samples=90, centers=3, n_features=5, cluster_std=0.5, random_state=0
)
X_BLOBS = StandardScaler().fit_transform(X_BLOBS)
TINY = {"width": 8, "max_iter": 4, "random_state": 0, "device": "cpu"}


@pytest.fixture(scope="module")
def models():
    """One fitted model per prediction mode."""
    return {
        mode: ForwardForwardClassifier(**TINY, prediction=mode).fit(X_BLOBS, Y_BLOBS)
        for mode in ("goodness", "softmax", "combined")
    }


FLOAT32_FINITE = st.floats(allow_nan=False, allow_infinity=False, width=32)


@PROPERTY
@given(
    X=st.integers(1, 20).flatmap(lambda n: arrays(np.float64, (n, 5), elements=FLOAT32_FINITE)),
    mode=st.sampled_from(["goodness", "softmax", "combined"]),
)
def test_probabilities_are_finite_and_sum_to_one_for_any_finite_input(models, X, mode):
    proba = models[mode].predict_proba(X)
    assert proba.shape == (len(X), 3)
    assert np.isfinite(proba).all()
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    log_proba = models[mode].predict_log_proba(X)
    assert np.isfinite(log_proba).all()
    np.testing.assert_array_equal(models[mode].predict(X), models[mode].classes_[proba.argmax(1)])


@PROPERTY
@given(value=st.floats(min_value=3.5e38, max_value=1e308), sign=st.sampled_from([-1, 1]))
def test_finite_inputs_beyond_float32_are_refused_not_turned_into_nan(models, value, sign):
    # A documented decision: skff computes in float32, in fit and predict alike.
    X = np.zeros((2, 5))
    X[1, 3] = sign * value
    with pytest.raises(ValueError, match="float32"):
        models["goodness"].predict_proba(X)


@st.composite
def increasing_labels(draw):
    """Three class labels in increasing order, of one of several dtypes."""
    kind = draw(st.sampled_from(["int", "float", "str"]))
    if kind == "str":
        words = draw(st.lists(st.text(min_size=1, max_size=6), min_size=3, max_size=3, unique=True))
        return np.array(sorted(words))
    if kind == "float":
        # Integral values: scikit-learn takes other floats for a continuous target.
        values = draw(st.lists(st.integers(-1000, 1000), min_size=3, max_size=3, unique=True))
        return np.array(sorted(values), dtype=float)
    values = draw(st.lists(st.integers(-(2**40), 2**40), min_size=3, max_size=3, unique=True))
    return np.array(sorted(values))


@settings(PROPERTY, max_examples=12)
@given(labels=increasing_labels())
def test_order_preserving_relabelling_maps_predictions_exactly(models, labels):
    # Classes are encoded in sorted order, so an order-preserving relabelling
    # trains the very same network: predictions must map label for label.
    relabelled = ForwardForwardClassifier(**TINY, prediction="goodness")
    relabelled.fit(X_BLOBS, labels[Y_BLOBS])
    original = models["goodness"]
    np.testing.assert_array_equal(relabelled.classes_, labels)
    np.testing.assert_array_equal(relabelled.predict(X_BLOBS), labels[original.predict(X_BLOBS)])
    np.testing.assert_array_equal(
        relabelled.predict_proba(X_BLOBS), original.predict_proba(X_BLOBS)
    )


@settings(PROPERTY, max_examples=6)
@given(permutation=st.permutations([0, 1, 2]), as_str=st.booleans())
def test_any_relabelling_permutes_predictions_consistently(permutation, as_str):
    # Under a permutation the label weights start from other random columns,
    # so the networks differ; on blobs that any seed separates perfectly the
    # predictions must still follow the relabelling exactly.
    names = np.array(["ant", "bee", "cat"]) if as_str else np.array([10, 20, 30])
    mapping = names[list(permutation)]
    clf = ForwardForwardClassifier(**{**TINY, "width": 16, "max_iter": 40})
    clf.fit(X_BLOBS, mapping[Y_BLOBS])
    proba = clf.predict_proba(X_BLOBS)
    np.testing.assert_array_equal(clf.predict(X_BLOBS), mapping[Y_BLOBS])
    # Columns follow classes_: the column of each sample's own label wins.
    own = np.searchsorted(clf.classes_, mapping[Y_BLOBS])
    np.testing.assert_array_equal(proba.argmax(axis=1), own)


ESTIMATORS = st.fixed_dictionaries(
    {
        "variant": st.sampled_from(["ff", "cff", "cff_prev"]),
        "depth": st.integers(1, 3),
        "prediction": st.sampled_from(["auto", "goodness", "softmax", "combined"]),
        "label_embedding": st.sampled_from(["concat", "overwrite"]),
        "negatives": st.sampled_from(["random", "hard"]),
        "early_stopping": st.booleans(),
        "random_state": st.integers(0, 2**32 - 1),
    }
)


@settings(PROPERTY, max_examples=15)
@given(params=ESTIMATORS, partial=st.booleans(), str_labels=st.booleans())
def test_save_then_load_predicts_exactly_as_before(params, partial, str_labels):
    y = np.array(["a", "b", "c"])[Y_BLOBS] if str_labels else Y_BLOBS
    clf = ForwardForwardClassifier(**{**TINY, **params}).fit(X_BLOBS, y)
    if partial:
        clf.set_params(early_stopping=False).partial_fit(X_BLOBS, y)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.safetensors"
        skff.save(clf, path)
        loaded = skff.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(X_BLOBS), clf.predict_proba(X_BLOBS))
    np.testing.assert_array_equal(loaded.predict(X_BLOBS), clf.predict(X_BLOBS))
    assert loaded.get_params() == clf.get_params()


@pytest.fixture(scope="module")
def saved_bytes(models):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.safetensors"
        skff.save(models["softmax"], path)
        return path.read_bytes()


@settings(PROPERTY, max_examples=80)
@given(data=st.data())
def test_any_flipped_bit_is_caught_on_load(saved_bytes, data):
    # A flip in the header breaks its JSON (control characters, invalid UTF-8,
    # trailing garbage), its structure (safetensors' offsets) or the metadata
    # digest; a flip in the tensor bytes breaks the digest of the weights.
    position = data.draw(st.integers(0, len(saved_bytes) - 1))
    bit = data.draw(st.integers(0, 7))
    corrupted = bytearray(saved_bytes)
    corrupted[position] ^= 1 << bit
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.safetensors"
        path.write_bytes(bytes(corrupted))
        with pytest.raises(ModelFileError):
            skff.load(path)
