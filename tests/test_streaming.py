"""A large ``partial_fit`` block is streamed in chunks of rows (issue 19, item 4).

The chunk size (``skff.core.stream.STREAM_CHUNK_BYTES``) is shrunk here so
that a few hundred rows make several chunks; what the chunks cost in memory
is checked by recording the rows that each conversion and embedding sees,
not by timing memory. The speed and memory figures at scale come from
``benchmarks/throughput.py``.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

import skff.core.stream as stream
import skff.validation
from skff import ForwardForwardClassifier
from skff.memory import estimate_fit_memory

BATCH = 32
#: Rows per chunk under the patched chunk size: three mini-batches of 64 features.
CHUNK = 3 * BATCH


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return StandardScaler().fit_transform(X).astype(np.float32), y


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of CHUNK rows of digits' 64 features."""
    monkeypatch.setattr(stream, "STREAM_CHUNK_BYTES", CHUNK * 4 * 64)


def model(**params):
    params = {"width": 32, "batch_size": BATCH, "random_state": 0, "device": "cpu", **params}
    return ForwardForwardClassifier(**params)


def weights(estimator) -> list[np.ndarray]:
    return [p.detach().numpy().copy() for p in estimator.network_.parameters()]


def state(estimator) -> dict:
    """The whole estimator as values to compare (the network through its weights)."""
    values = {k: pickle.dumps(v) for k, v in vars(estimator).items() if k != "network_"}
    if hasattr(estimator, "network_"):
        values["network_"] = [w.tobytes() for w in weights(estimator)]
    return values


def test_a_block_larger_than_a_chunk_is_streamed(digits, small_chunks):
    X, _ = digits
    assert stream.stream_chunk_rows(X, BATCH) == CHUNK
    assert stream.stream_chunk_rows(X[:CHUNK], BATCH) is None  # fits in one chunk
    assert stream.stream_chunk_rows(X.tolist(), BATCH) is None  # converted whole, as before


def test_streamed_partial_fit_learns(digits, small_chunks):
    X, y = digits
    clf = model()
    for _ in range(6):
        clf.partial_fit(X, y, classes=np.unique(y))
    assert clf.n_iter_ == 6
    assert clf.t_ == 6 * len(X)
    assert len(clf.loss_curve_) == 6 and np.isfinite(clf.loss_curve_).all()
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert clf.score(X, y) > 0.9


def test_a_nan_in_the_last_chunk_refuses_the_call_untouched(digits, small_chunks):
    X, y = digits
    bad = X.copy()
    bad[-1, -1] = np.nan
    fitted = model().partial_fit(X, y, classes=np.unique(y))
    before = state(fitted)
    with pytest.raises(ValueError, match="NaN"):
        fitted.partial_fit(bad, y)
    assert state(fitted) == before

    fresh = model()
    with pytest.raises(ValueError, match="NaN"):
        fresh.partial_fit(bad, y, classes=np.unique(y))
    with pytest.raises(NotFittedError):
        check_is_fitted(fresh)
    assert not [name for name in vars(fresh) if name.endswith("_")]


def test_bad_labels_and_overflow_in_the_last_chunk_refuse_the_call_untouched(digits, small_chunks):
    X, y = digits
    fitted = model().partial_fit(X, y, classes=np.unique(y))
    before = state(fitted)
    unknown = y.copy()
    unknown[-1] = 99
    with pytest.raises(ValueError, match=r"labels \[99\]"):
        fitted.partial_fit(X, unknown)
    huge = X.astype(np.float64)
    huge[-1, 0] = 1e300  # finite in float64, infinite in float32
    with pytest.raises(ValueError, match="float32"):
        fitted.partial_fit(huge, y)
    missing = y.astype(object)
    missing[-1] = None
    # The whole y is checked for missing labels, so the message names its last row.
    with pytest.raises(ValueError, match=f"position {len(y) - 1}"):
        fitted.partial_fit(X, missing)
    assert state(fitted) == before


def test_conversions_and_embeddings_hold_one_chunk_at_a_time(digits, small_chunks, monkeypatch):
    X, y = digits
    X64 = X.astype(np.float64)  # converted to float32 a chunk at a time
    converted, validated, embedded = [], [], []
    float32_chunk = stream.float32_chunk
    validate_data = skff.validation.validate_data
    take = stream.RowStream.take

    def record_conversion(X, index):
        rows = float32_chunk(X, index)
        converted.append(len(rows))
        return rows

    def record_validation(estimator, X, *args, **kwargs):
        validated.append(len(X))
        return validate_data(estimator, X, *args, **kwargs)

    def record_embedding(self, index):
        rows, labels = take(self, index)
        embedded.append(len(rows))
        return rows, labels

    monkeypatch.setattr(stream, "float32_chunk", record_conversion)
    monkeypatch.setattr(skff.validation, "validate_data", record_validation)
    monkeypatch.setattr(stream.RowStream, "take", record_embedding)
    weight = np.arange(len(y)) % 3 + 1.0
    clf = model().partial_fit(X64, y, classes=np.unique(y), sample_weight=weight)
    clf.partial_fit(X64, y, sample_weight=weight)
    n_chunks = -(-len(X) // CHUNK)
    assert max(validated) == CHUNK and sum(validated) == 2 * len(X)
    assert max(converted) <= CHUNK
    # Both epochs, and the features' RMS on the first call: every row once each.
    assert sum(converted) == 3 * len(X)
    assert len(embedded) == 2 * n_chunks and sum(embedded) == 2 * len(X)
    assert max(embedded) == CHUNK


def test_chunks_sample_the_whole_block(digits, small_chunks, monkeypatch):
    # A block sorted by class: each chunk is a random sample of all of it,
    # not a run of neighbouring rows of one or two classes.
    X, y = digits
    order = np.argsort(y, kind="stable")
    labels = []
    take = stream.RowStream.take

    def record(self, index):
        rows, chunk_y = take(self, index)
        labels.append(chunk_y.numpy())
        return rows, chunk_y

    monkeypatch.setattr(stream.RowStream, "take", record)
    model().partial_fit(X[order], y[order], classes=np.unique(y))
    assert sorted(np.concatenate(labels)) == sorted(y)
    assert min(len(np.unique(chunk)) for chunk in labels[:-1]) >= 8


def test_a_block_within_one_chunk_trains_as_before(digits, monkeypatch):
    # With a chunk of the block's size or more nothing is streamed: the same
    # model, bit for bit, as with an unbounded chunk.
    X, y = digits
    X, y = X[: 10 * BATCH], y[: 10 * BATCH]
    monkeypatch.setattr(stream, "STREAM_CHUNK_BYTES", 1 << 40)
    expected = model().partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    monkeypatch.setattr(stream, "STREAM_CHUNK_BYTES", len(X) * 4 * X.shape[1])
    assert stream.stream_chunk_rows(X, BATCH) is None
    got = model().partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    for a, b in zip(weights(expected), weights(got), strict=True):
        np.testing.assert_array_equal(a, b)
    assert got.loss_curve_ == expected.loss_curve_


def test_streamed_float64_and_unit_weights_train_the_same_model(digits, small_chunks):
    X, y = digits
    classes = np.unique(y)
    expected = model().partial_fit(X, y, classes=classes).partial_fit(X, y)
    as_float64 = model().partial_fit(X.astype(np.float64), y, classes=classes)
    as_float64.partial_fit(X.astype(np.float64), y)
    ones = np.ones(len(y))
    weighted = model().partial_fit(X, y, classes=classes, sample_weight=ones)
    weighted.partial_fit(X, y, sample_weight=ones)
    for other in (as_float64, weighted):
        for a, b in zip(weights(expected), weights(other), strict=True):
            np.testing.assert_array_equal(a, b)
        assert other.loss_curve_ == expected.loss_curve_


def test_the_memory_estimate_counts_one_chunk_of_rows():
    whole = estimate_fit_memory(1_000_000, 100, 10, 2, 256, "auto", "hard", incremental=True)
    streamed = estimate_fit_memory(
        1_000_000, 100, 10, 2, 256, "auto", "hard", incremental=True, stream_rows=20_864
    )
    assert streamed.data < whole.data / 4
    assert streamed.data > 1_000_000 * 8 * 3  # the labels and permutations of every row
