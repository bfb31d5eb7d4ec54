"""Out-of-core training: dask-ml's ``Incremental`` over a Dask array, block by block."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

distributed = pytest.importorskip("distributed")
da = pytest.importorskip("dask.array")
wrappers = pytest.importorskip("dask_ml.wrappers")

BLOCK = 256
PASSES = 8
PARAMS = dict(variant="ff", width=64, batch_size=32, label_scale=1.0, random_state=0, device="cpu")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return (
        scaler.transform(X_train).astype(np.float32),
        scaler.transform(X_test).astype(np.float32),
        y_train,
        y_test,
    )


@pytest.fixture
def one_torch_thread():
    """The in-memory loop runs with one torch thread, as each worker does."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_incremental_on_a_local_cluster_matches_the_partial_fit_loop(digits, one_torch_thread):
    X_train, X_test, y_train, y_test = digits
    classes = np.unique(y_train)

    # In memory: partial_fit on each block in turn, PASSES times.
    in_memory = ForwardForwardClassifier(**PARAMS)
    for _ in range(PASSES):
        for start in range(0, len(y_train), BLOCK):
            block = slice(start, start + BLOCK)
            in_memory.partial_fit(X_train[block], y_train[block], classes=classes)
    expected = in_memory.score(X_test, y_test)

    # On a cluster: the same blocks as a Dask array; dask-ml calls partial_fit on each.
    X_blocks = da.from_array(X_train, chunks=(BLOCK, -1))
    y_blocks = da.from_array(y_train, chunks=BLOCK)
    assert X_blocks.numblocks == (5, 1)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            env={"OMP_NUM_THREADS": "1"},
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as tasks,
    ):
        incremental = wrappers.Incremental(
            ForwardForwardClassifier(**PARAMS), scoring="accuracy", shuffle_blocks=False
        )
        for _ in range(PASSES):
            incremental.partial_fit(X_blocks, y_blocks, classes=classes)
        X_test_blocks = da.from_array(X_test, chunks=(200, -1))
        accuracy = incremental.score(X_test_blocks, da.from_array(y_test, chunks=200))
        predicted = incremental.predict(X_test_blocks).compute()
    # The partial_fit calls ran as tasks on the cluster's workers, one per block and pass.
    # dask-ml's fit graph: ("fit-<token>", i) is the partial_fit on block i; -1 the model.
    fits = [t for t in tasks.data if re.fullmatch(r"\('fit-\w+', [0-9]+\)", str(t["key"]))]
    assert len(fits) == PASSES * 5
    model = incremental.estimator_
    assert model.t_ == PASSES * len(y_train) and model.n_iter_ == PASSES * 5

    assert expected > 0.9  # it learned
    assert abs(accuracy - expected) <= 0.01
    assert accuracy == pytest.approx(np.mean(predicted == y_test))
    # With one thread on both sides it is even the same model.
    np.testing.assert_array_equal(predicted, in_memory.predict(X_test))
