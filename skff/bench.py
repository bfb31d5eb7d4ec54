"""``skff bench``: FF, CFF and the backprop baselines on MNIST, Fashion-MNIST and CIFAR-10.

Every combination of data set, method, schedule, depth and threshold is one
*row*: a model is fitted on the training set (or a stratified subset of it)
and scored on the official 10,000-row test set. Rows are written to
``--out`` as soon as each finishes: as JSON Lines (one JSON object per line),
or as one JSON list when the file name ends in ``.json`` (rewritten
atomically after each row);
a rerun with the same ``--out`` skips the rows already there, so an
interrupted run resumes where it stopped. A last line cut short by an
interruption is reported, ignored (its row is run again) and replaced by the
next row written; anything else in ``--out`` that is not a row (a line that
is not a JSON object, a ``.json`` file that is not a list of rows, a folder)
stops the run before it starts, with the path and line, and the file is left
as it is.

Every option is checked before any data is loaded: a bad value ends the run
with a one-line message and exit status 2, as argparse does. ``--quick``
changes the depth, width, epochs and row counts that are not given
explicitly; explicit options win.

Each row holds ``dataset, method, schedule, depth, width, epochs,
batch_size, test_error`` (percent), ``seconds`` (fit and scoring),
``device, seed, skff_version, command`` and ``machine``, plus
``threshold, learning_rate_init, train_rows, test_rows``. FF rows also hold
``negatives, label_scale`` (rows written before these options existed were
run with ``"random"`` and ``1.0``), ``layer_test_error`` (test error in
percent when predicting with layers ``1..k``, from
:func:`skff.diagnostics.layer_contributions`) and ``functional_entropy`` (per
layer, at the true labels). ``epochs`` is per layer under the ``layer``
schedule. Backprop has one row per depth with ``schedule`` ``"network"`` and
no threshold. ``backprop_pairwise``
(:class:`~skff.baselines.BackpropPairwiseClassifier`: FF's objective,
backpropagated through all layers) has FF's options and fields but no
schedule: its rows have ``schedule`` ``"network"``, and ``--pairwise-lr``
sets its step size.

With ``--scheduler``, every row runs as one task on a Dask cluster
(:mod:`skff.cluster`) and this process writes the rows as they finish; they
are the rows a sequential run writes, in another order. The scheduler is
reached (or the local cluster started) before any data is loaded: an address
that does not answer within :data:`skff.cluster.CONNECT_TIMEOUT_S` seconds
ends the run with one line and exit status 2.

Ctrl-C ends the run with ``interrupted; rerun to resume`` and exit status
130: the rows written so far stay in ``--out``, and a rerun skips them.

The options are in :mod:`skff.bench_options`, the results file in
:mod:`skff.bench_results`, the rows as jobs in :mod:`skff.bench_jobs`;
this module runs them.

Examples
--------
The quick check (every method, small subsets, under 2 minutes on a CPU)::

    skff bench --quick --out /tmp/quick.jsonl

A study over depth and threshold on MNIST::

    skff bench --datasets mnist --methods ff cff --depth 2 3 --threshold 4 8 \\
        --epochs 10 --train-rows 20000 --out study.jsonl

The whole table on a cluster of this machine's cores, one row per task::

    skff bench --scheduler local --out table.json

An ablation of the negatives and the label scale (one row per combination)::

    skff bench --datasets fashion_mnist --methods ff --schedules network \\
        --negatives random hard --label-scale 1 20 --train-rows 20000 --out ablation.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import re
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np

from skff.bench_jobs import Job, machine_description, plan, run_job, subset
from skff.bench_options import (
    DATASET_SHAPES,
    DATASETS,
    DEFAULT_DATASETS,
    FF_OBJECTIVE_METHODS,
    METHODS,
    MIN_TRAIN_ROWS,
    PAIRWISE_LR,
    SCHEDULES,
    add_arguments,
    parse_threshold_for,
    reproducing_command,
    settings,
)
from skff.bench_results import (
    KEY_DEFAULTS,
    KEY_FIELDS,
    ResultsFileError,
    append_row,
    check_out,
    ff_option,
    format_table,
    read_rows,
    row_key,
)
from skff.cli import INTERRUPTED
from skff.cluster import LOCAL, ClusterError, cluster_rows, connect, describe

# What scripts and earlier releases import from skff.bench.
__all__ = [
    "DATASETS",
    "DATASET_SHAPES",
    "DEFAULT_DATASETS",
    "FF_OBJECTIVE_METHODS",
    "KEY_DEFAULTS",
    "KEY_FIELDS",
    "METHODS",
    "MIN_TRAIN_ROWS",
    "PAIRWISE_LR",
    "SCHEDULES",
    "INTERRUPTED",
    "Job",
    "ResultsFileError",
    "add_arguments",
    "ff_option",
    "format_table",
    "machine_description",
    "plan",
    "read_rows",
    "row_key",
    "run",
    "run_job",
]


def _error(message: str, status: int = 2) -> int:
    """Print ``message`` as argparse does (``skff bench: error: ...``); return ``status``."""
    print(f"skff bench: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    """Run ``skff bench``.

    Every option and the ``--out`` file are checked, the Dask scheduler of
    ``--scheduler`` is reached, and the data sets are checked, before the
    first row runs. With ``--scheduler``, the rows run as Dask tasks
    (:func:`skff.cluster.cluster_rows`) and this process writes them.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options from :func:`add_arguments`.

    Returns
    -------
    int
        Exit code: 0 on success, 2 for a bad option, ``--out`` file or an
        unreachable scheduler (with a one-line message on stderr), 1 when a
        data set cannot be had or a row cannot be written, 130
        (:data:`INTERRUPTED`) after Ctrl-C.
    """
    try:
        return _run(args)
    except KeyboardInterrupt:
        # The rows written so far are complete (each is appended whole, under a lock), so
        # the traceback would say nothing useful: a rerun with the same --out resumes.
        print("skff bench: interrupted; rerun to resume", file=sys.stderr)
        return INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    from skff.datasets import DatasetError, fetch_file

    values = settings(args)
    scheduler = values.get("scheduler")
    if values.get("workers") is not None and scheduler != LOCAL:
        return _error("argument --workers: only with --scheduler local")
    if scheduler is not None and importlib.util.find_spec("distributed") is None:
        return _error(
            "argument --scheduler: needs Dask's distributed scheduler: "
            "pip install -e '.[dask]' in the clone of skff"
        )
    try:
        _check_device(values["device"], here=scheduler in (None, LOCAL))
    except ValueError as exc:
        return _error(f"argument --device: {exc}")
    try:
        overrides = dict(
            parse_threshold_for(item) if isinstance(item, str) else item
            for item in values["threshold_for"]
        )
    except argparse.ArgumentTypeError as exc:
        return _error(f"argument --threshold-for: {exc}")
    out = Path(values["out"])
    try:
        numbered = check_out(out)
    except ResultsFileError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(exc.strerror or str(exc))
    with contextlib.ExitStack() as stack:
        client = None
        if scheduler is not None:
            # Before the data: an unreachable scheduler is reported in seconds, not after
            # minutes of loading and Dask's own 30 s timeout.
            try:
                client = stack.enter_context(
                    connect(scheduler, values["device"], n_workers=values.get("workers"))
                )
            except ClusterError as exc:
                return _error(str(exc))
        try:
            for name in dict.fromkeys(values["datasets"]):
                fetch_file(name, values["data_home"])
            loaded = _load(values)
        except DatasetError as exc:
            return _error(str(exc), status=1)
        status = _run_rows(values, overrides, numbered, loaded, client)
    return status


def _run_rows(
    values: dict[str, Any],
    overrides: dict[str, float],
    numbered: list[tuple[int, dict[str, Any]]],
    loaded: dict[str, tuple[np.ndarray, ...]],
    client: Any,
) -> int:
    """Run the rows not yet in ``--out`` and write each as it finishes; the exit code."""
    from tqdm.auto import tqdm

    out = Path(values["out"])
    jobs = plan(values, overrides)
    done = {row_key(row) for _, row in numbered}
    todo = [job for job in jobs if job.key(_key_values(values, loaded[job.dataset])) not in done]
    command = reproducing_command(values, overrides)
    progress = tqdm(total=len(jobs), initial=len(jobs) - len(todo), desc="skff bench", unit="row")
    if client is None:
        rows = _sequential_rows(todo, loaded, values, progress)
    else:
        progress.set_description(f"skff bench on {describe(client)}")
        rows = cluster_rows(client, todo, loaded, values)
    failure: tuple[str, int] | None = None  # reported once the progress bar is gone
    try:
        for row in rows:
            row = {**row, "command": command, "machine": row["machine"]}  # command, then machine
            try:
                append_row(out, row)
            except ResultsFileError as exc:  # changed by someone else meanwhile
                failure = (str(exc), 2)
                break
            except OSError as exc:
                failure = (f"cannot write the row to {out}: {exc}", 1)
                break
            progress.set_postfix(error=f"{row['test_error']:.2f}%", refresh=False)
            progress.update(1)
    finally:
        rows.close()  # a cluster run cancels its tasks
        progress.close()
    if failure is not None:
        return _error(*failure)
    print(f"{len(todo)} rows run, {len(jobs) - len(todo)} already in {out}.")
    print(format_table(read_rows(out)))
    return 0


def _check_device(device: str, here: bool) -> None:
    """Refuse a bad ``--device``; one this machine lacks only when the rows run ``here``."""
    from skff.device import resolve_device

    if here:
        resolve_device(device)
    elif not re.fullmatch(r"auto|cpu|cuda(:\d+)?", device):
        resolve_device(device)  # raises with the message of a bad value


def _load(values: dict[str, Any]) -> dict[str, tuple[np.ndarray, ...]]:
    """``X_train, y_train, X_test, y_test`` of each data set of the run, subset as asked."""
    from skff.datasets import LOADERS

    loaded = {}
    for name in dict.fromkeys(values["datasets"]):
        data = LOADERS[name](values["data_home"])
        X_train, y_train = subset(data.X_train, data.y_train, values["train_rows"], values["seed"])
        n_test = values["test_rows"] or len(data.y_test)
        loaded[name] = (X_train, y_train, data.X_test[:n_test], data.y_test[:n_test])
    return loaded


def _key_values(values: dict[str, Any], data: tuple[np.ndarray, ...]) -> dict[str, Any]:
    """The options, with the row counts a data set actually has, for :meth:`Job.key`."""
    return values | {"train_rows": len(data[1]), "test_rows": len(data[3])}


def _sequential_rows(
    jobs: list[Job],
    loaded: dict[str, tuple[np.ndarray, ...]],
    values: dict[str, Any],
    progress: Any,
) -> Generator[dict[str, Any], None, None]:
    """Each job's row, fitted in this process, one after another."""
    machine = machine_description()
    for job in jobs:
        progress.set_description(f"{job.dataset} {job.method}/{job.schedule} L={job.depth}")
        row = run_job(job, loaded[job.dataset], values)
        row["machine"] = machine
        yield row
