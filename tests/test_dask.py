"""Grid search on a real Dask cluster gives the same result as on one process."""

import joblib
import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

distributed = pytest.importorskip("distributed")

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
X, Y = X_DIGITS[:600], Y_DIGITS[:600]
GRID = {"ff__variant": ["ff", "cff"], "ff__threshold": [2.0, 4.0]}


def _search(n_jobs):
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            ("ff", ForwardForwardClassifier(width=32, max_iter=8, random_state=0, device="auto")),
        ]
    )
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    return GridSearchCV(pipe, GRID, cv=cv, n_jobs=n_jobs).fit(X, Y)


@pytest.fixture
def one_torch_thread():
    """Run the reference search with one torch thread, as the workers do."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_grid_search_on_local_cluster_matches_single_process(one_torch_thread):
    reference = _search(n_jobs=1)

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
    ):
        assert set(client.run(torch.get_num_threads).values()) == {1}
        assert all(address.startswith("tcp://127.0.0.1:") for address in client.run(lambda: 0))
        with distributed.get_task_stream(client) as tasks, joblib.parallel_backend("dask"):
            search = _search(n_jobs=-1)
        # The 12 cross-validation fits ran on the cluster, spread over both workers.
        assert {task["worker"] for task in tasks.data} == set(client.run(lambda: 0))

    assert search.best_params_ == reference.best_params_
    assert search.best_score_ == reference.best_score_
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(search.predict(X), reference.predict(X))
