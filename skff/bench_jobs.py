"""The rows of ``skff bench`` as jobs: which to run, and how one is fitted and scored.

:func:`plan` turns the options into :class:`Job` objects, one per row, in a
stable order; :func:`run_job` fits one model on a data set (or a stratified
subset of it) and scores it on the test set. The same function runs a row in
this process or on a Dask worker (:mod:`skff.cluster`).
"""

from __future__ import annotations

import itertools
import os
import platform
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from skff.bench_results import row_key


@dataclass(frozen=True)
class Job:
    """One row to compute: a data set and a model configuration."""

    dataset: str
    method: str
    schedule: str
    depth: int
    threshold: float | None
    learning_rate_init: float
    negatives: str | None = None
    label_scale: float | str | None = None

    def key(self, settings: dict[str, Any]) -> tuple:
        """The resume key of this job under ``settings``."""
        return row_key({**settings, **self.__dict__})


def plan(values: dict[str, Any], overrides: dict[str, float]) -> list[Job]:
    """Every row the options ask for, in a stable order.

    Parameters
    ----------
    values : dict
        Resolved options (see :func:`add_arguments`).
    overrides : dict of str to float
        Per-method thresholds from ``--threshold-for``.

    Returns
    -------
    list of Job
    """
    jobs = []
    for dataset in values["datasets"]:
        for depth in values["depth"]:
            for method in values["methods"]:
                if method == "backprop":
                    jobs.append(Job(dataset, method, "network", depth, None, values["backprop_lr"]))
                    continue
                thresholds = [overrides[method]] if method in overrides else values["threshold"]
                # One backward pass through all layers: backprop_pairwise has no schedule.
                pairwise = method == "backprop_pairwise"
                schedules = ["network"] if pairwise else values["schedules"]
                lr = values["pairwise_lr"] if pairwise else values["lr"]
                # The backprop baseline draws exactly; it has no cached draw to run.
                draws = [n for n in values["negatives"] if not (pairwise and n == "hard_cached")]
                for schedule, theta, negatives, scale in itertools.product(
                    schedules, thresholds, draws, values["label_scale"]
                ):
                    jobs.append(
                        Job(
                            dataset,
                            method,
                            schedule,
                            depth,
                            float(theta),
                            lr,
                            negatives,
                            scale if scale == "auto" else float(scale),
                        )
                    )
    return jobs


def subset(
    X: np.ndarray, y: np.ndarray, rows: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """A stratified random subset of ``rows`` rows of ``X, y`` (all of them when None).

    Parameters
    ----------
    X : ndarray
    y : ndarray
    rows : int or None
        Rows to keep; None, or at least ``len(y)``, keeps all.
    seed : int
        Seed of the draw.

    Returns
    -------
    X_subset, y_subset : ndarray
    """
    if rows is None or rows >= len(y):
        return X, y
    n_classes = len(np.unique(y))
    if len(y) - rows < n_classes:
        # Nearly all rows: too few left out to stratify what is left out.
        keep = np.sort(np.random.default_rng(seed).choice(len(y), rows, replace=False))
        return X[keep], y[keep]
    from sklearn.model_selection import train_test_split

    X_sub, _, y_sub, _ = train_test_split(X, y, train_size=rows, stratify=y, random_state=seed)
    return X_sub, y_sub


def _make_model(job: Job, values: dict[str, Any]) -> Any:
    common = {
        "depth": job.depth,
        "width": values["width"],
        "batch_size": values["batch_size"],
        "max_iter": values["epochs"],
        "learning_rate_init": job.learning_rate_init,
        "random_state": values["seed"],
        "device": values["device"],
    }
    if job.method == "backprop":
        from skff.baselines import BackpropClassifier

        return BackpropClassifier(**common)
    if job.method == "backprop_pairwise":
        from skff.baselines import BackpropPairwiseClassifier

        return BackpropPairwiseClassifier(
            threshold=job.threshold,
            negatives=job.negatives,
            label_scale=job.label_scale,
            **common,
        )
    from skff import ForwardForwardClassifier

    return ForwardForwardClassifier(
        variant=job.method,
        schedule=job.schedule,
        threshold=job.threshold,
        negatives=job.negatives,
        label_scale=job.label_scale,
        # The paper table trains for a fixed number of epochs under Hinton's schedule
        # (full rate, then a linear decay over the second half), not until learned.
        learning_rate="linear",
        tol=0.0,
        n_iter_no_change=values["epochs"] + 1,
        # No weight decay, as in the rows published so far: alpha="auto" would add it
        # to a subset of fewer rows than twice the features (--train-rows 1000).
        alpha=0.0,
        # The paper's FF and CFF rows use the threshold loss; loss="auto" gives SymBa's to
        # FF, and to CFF on 1,000 rows or more of 3 classes or more (MNIST).
        loss="threshold",
        # The paper predicts by the goodness summed over the layers (and the layers-1..k
        # errors read the same); prediction="auto" would add a softmax head to CFF on
        # subsets of fewer than 500 rows (--train-rows).
        prediction="goodness",
        **common,
    )


def run_job(
    job: Job,
    data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    values: dict[str, Any],
) -> dict[str, Any]:
    """Fit and score one row.

    Parameters
    ----------
    job : Job
        What to fit.
    data : tuple of ndarray
        ``X_train, y_train, X_test, y_test``, already subset.
    values : dict
        Resolved options.

    Returns
    -------
    dict
        The row, without ``command``.
    """
    from skff._version import __version__
    from skff.device import resolve_device
    from skff.diagnostics import (
        contributions_from_goodness,
        entropy_from_goodness,
        goodness_at_labels,
    )

    X_train, y_train, X_test, y_test = data
    model = _make_model(job, values)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X_train, y_train)
        test_error = 100.0 * (1.0 - model.score(X_test, y_test))
    seconds = time.perf_counter() - start
    row: dict[str, Any] = {
        "dataset": job.dataset,
        "method": job.method,
        "schedule": job.schedule,
        "depth": job.depth,
        "width": values["width"],
        "epochs": values["epochs"],
        "batch_size": values["batch_size"],
        "test_error": round(test_error, 4),
        "seconds": round(seconds, 2),
        "device": str(resolve_device(values["device"])),
        "seed": values["seed"],
        "skff_version": __version__,
        "threshold": job.threshold,
        "learning_rate_init": job.learning_rate_init,
        "train_rows": len(y_train),
        "test_rows": len(y_test),
    }
    if job.method != "backprop":
        row["negatives"] = job.negatives
        row["label_scale"] = job.label_scale
        goodness, index = goodness_at_labels(model, X_test, y_test)
        row["layer_test_error"] = [
            round(100.0 * (1.0 - a), 4) for a in contributions_from_goodness(goodness, index)
        ]
        row["functional_entropy"] = [
            round(float(e), 6) for e in entropy_from_goodness(goodness, index)
        ]
    return row


def machine_description() -> str:
    """One line on where a row ran: system, processor, CPUs, torch, threads and GPU."""
    import torch

    cpu = platform.processor() or platform.machine()
    line = f"{platform.system()} {cpu}, {os.cpu_count()} CPUs, torch {torch.__version__}"
    line += f", {torch.get_num_threads()} torch threads"
    if torch.cuda.is_available():
        line += f", {torch.cuda.get_device_name()}"
    return line
