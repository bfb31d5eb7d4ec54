"""Distributed hyperparameter search on Dask, through joblib's dask backend.

Starts a ``distributed.LocalCluster`` with two single-threaded worker
processes on this machine (``127.0.0.1`` only, no dashboard), or connects to
an existing scheduler with ``--scheduler tcp://HOST:8786``, and runs a
``GridSearchCV`` over ``variant``, ``depth`` and ``threshold`` whose fits are
spread over the workers. On a GPU cluster, start one worker per GPU with
``CUDA_VISIBLE_DEVICES`` set to that GPU and ``--nthreads 1``; the estimator's
``device="auto"`` then trains on the worker's GPU (see the docs' GPU page).

Prints the ranked results and the workers that ran fits, and saves a figure
of the cross-validated accuracy of every candidate.

Run it with
``python examples/dask_search.py [OUTPUT_DIR] [--scheduler ADDRESS]``;
the figure goes to ``examples/output/`` by default. About 30 seconds on a
2-core CPU.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; no display needed

import joblib
import matplotlib.pyplot as plt
import numpy as np
from distributed import Client, LocalCluster, get_task_stream
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "output"
GRID = {
    "ff__variant": ["ff", "cff"],
    "ff__depth": [1, 2],
    "ff__threshold": [2.0, 4.0],
}


def search_on(client: Client, output: Path) -> None:
    """Run the grid search on ``client``'s cluster and save the figure."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            # device="auto": each worker uses the GPU it sees, or its CPU.
            (
                "ff",
                ForwardForwardClassifier(
                    width=128,
                    max_iter=30,
                    # The threshold belongs to the threshold loss; loss="auto"
                    # would give digits SymBa's, which leaves it out.
                    loss="threshold",
                    random_state=0,
                ),
            ),
        ]
    )
    search = GridSearchCV(pipe, GRID, cv=3, n_jobs=-1)
    start = time.perf_counter()
    with (
        warnings.catch_warnings(),
        get_task_stream(client) as tasks,
        joblib.parallel_backend("dask"),
    ):
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    per_worker = Counter(task["worker"] for task in tasks.data)
    print(f"search took {seconds:.1f} s; tasks per worker: {dict(per_worker)}")

    results = search.cv_results_
    order = np.argsort(results["rank_test_score"], kind="stable")
    for i in order:
        print(f"  {results['mean_test_score'][i]:.4f}  {results['params'][i]}")
    print(
        "best:", search.best_params_, f"cv accuracy {search.best_score_:.4f}"
    )
    print(
        "held-out accuracy of the best pipeline: "
        f"{search.score(X_test, y_test):.4f}"
    )

    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    labels = [
        f"{p['ff__variant']}, depth {p['ff__depth']}, θ={p['ff__threshold']:g}"
        for p in results["params"]
    ]
    ax.barh(
        [labels[i] for i in order][::-1],
        results["mean_test_score"][order][::-1],
        xerr=results["std_test_score"][order][::-1],
        capsize=3,
    )
    ax.set_xlim(min(results["mean_test_score"]) - 0.05, 1.0)
    ax.set_xlabel("3-fold CV accuracy")
    ax.set_title(
        f"Grid search on Dask ({len(per_worker)} workers, {seconds:.0f} s)"
    )
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    fig.savefig(output / "dask_search.png", dpi=200)
    print(f"figure written to {output}/dask_search.png")


def main(output: Path, scheduler: str | None) -> None:
    """Connect to ``scheduler``, or start a local cluster, and search."""
    output.mkdir(parents=True, exist_ok=True)
    if scheduler is not None:
        with Client(scheduler) as client:
            search_on(client, output)
        return
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # One torch thread per worker process: two workers with several
            # threads each would compete for the same cores.
            env={"OMP_NUM_THREADS": "1"},
        ) as cluster,
        Client(cluster) as client,
    ):
        print(
            f"local cluster at {cluster.scheduler_address} "
            "with 2 worker processes"
        )
        search_on(client, output)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder for the figure",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="address of a running Dask scheduler; "
        "a local cluster is started when omitted",
    )
    args = parser.parse_args()
    main(args.output, args.scheduler)
