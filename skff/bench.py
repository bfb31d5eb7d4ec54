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
are the rows a sequential run writes, in another order.

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
import importlib.util
import itertools
import json
import math
import os
import platform
import re
import shlex
import sys
import time
import warnings
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from skff.fileio import atomic_write, exclusive_lock

METHODS = ("ff", "cff", "cff_prev", "backprop", "backprop_pairwise")
#: The methods with a threshold, a label input and negatives: all but backprop.
FF_OBJECTIVE_METHODS = ("ff", "cff", "cff_prev", "backprop_pairwise")
SCHEDULES = ("network", "layer")
DATASETS = ("mnist", "fashion_mnist", "cifar10")
#: The data sets run when ``--datasets`` is not given: the paper's two.
DEFAULT_DATASETS = ("mnist", "fashion_mnist")
#: Features and classes of each data set.
DATASET_SHAPES = {"mnist": (784, 10), "fashion_mnist": (784, 10), "cifar10": (3072, 10)}
#: The fewest training rows a stratified subset can have: one per class.
MIN_TRAIN_ROWS = max(classes for _, classes in DATASET_SHAPES.values())

# What identifies a row when resuming: a row with the same values is not rerun.
KEY_FIELDS = (
    "dataset",
    "method",
    "schedule",
    "depth",
    "width",
    "epochs",
    "batch_size",
    "threshold",
    "learning_rate_init",
    "negatives",
    "label_scale",
    "train_rows",
    "test_rows",
    "seed",
)

# What a row without that field was run with: rows written before skff bench
# had these options keep their meaning when resuming or reporting.
KEY_DEFAULTS = {"negatives": "random", "label_scale": 1.0}

#: Adam's step size for backprop_pairwise (``--pairwise-lr``): on 10,000 training rows
#: of MNIST and Fashion-MNIST (2 x 500, 15 epochs, the table's other settings) it beat 0.001;
#: see ``benchmarks/results/pairwise_lr.json`` and docs/benchmarks/paper.md.
PAIRWISE_LR = 0.01

#: Values of the options that ``--quick`` changes, without and with it.
NORMAL = {"depth": [2], "width": 500, "epochs": 15, "train_rows": None, "test_rows": None}
QUICK = {"depth": [2], "width": 128, "epochs": 5, "train_rows": 2000, "test_rows": 1000}


class ResultsFileError(ValueError):
    """The ``--out`` file holds something that is not a row of ``skff bench``."""


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


def row_key(row: dict[str, Any]) -> tuple:
    """The values of :data:`KEY_FIELDS` in ``row``: rows with equal keys are the same run."""
    if row.get("method") == "backprop":
        # Backprop has no label input: the FF-only options do not tell its rows apart.
        row = {**row, "negatives": None, "label_scale": None}
    else:
        row = {**KEY_DEFAULTS, **{k: v for k, v in row.items() if v is not None}}
    return tuple(_normalize(row.get(name)) for name in KEY_FIELDS)


def ff_option(row: dict[str, Any], name: str) -> Any:
    """The value of an FF-only option (``negatives``, ``label_scale``) in ``row``.

    Parameters
    ----------
    row : dict
        A row written by ``skff bench``.
    name : str
        A key of :data:`KEY_DEFAULTS`.

    Returns
    -------
    object
        None for backprop rows; for rows written before the option existed,
        the value they were run with.
    """
    if row.get("method") == "backprop":
        return None
    return row.get(name, KEY_DEFAULTS[name])


def _normalize(value: Any) -> Any:
    return (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    )


def _integer(low: int, high: int | None = None, what: str = "") -> Callable[[str], int]:
    """An argparse type: an integer in ``[low, high]``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            if high is not None:
                expected = f"an integer from {low} to {high}"
            elif low == 1:
                expected = "a positive integer"
            else:
                expected = f"an integer of at least {low}"
            raise argparse.ArgumentTypeError(f"expected {expected}{what}, got {text!r}")
        return value

    return parse


def _number(positive: bool) -> Callable[[str], float]:
    """An argparse type: a finite float, positive when asked."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or (positive and value <= 0):
            expected = "a positive number" if positive else "a finite number"
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return parse


def _label_scale(text: str) -> float | str:
    """An argparse type: ``auto`` or a positive finite number, for ``--label-scale``."""
    if text == "auto":
        return text
    try:
        return _number(positive=True)(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected a positive number or 'auto', got {text!r}"
        ) from None


def _threshold_for(text: str) -> tuple[str, float]:
    """An argparse type: ``METHOD=THETA`` for ``--threshold-for``."""
    method, sep, value = text.partition("=")
    if not sep or method not in FF_OBJECTIVE_METHODS:
        raise argparse.ArgumentTypeError(
            f"expected METHOD=THETA with METHOD one of {', '.join(FF_OBJECTIVE_METHODS)}, "
            f"got {text!r}"
        )
    try:
        theta = float(value)
    except ValueError:
        theta = math.nan
    if not math.isfinite(theta):
        raise argparse.ArgumentTypeError(f"the threshold in {text!r} is not a finite number")
    return method, theta


_POSITIVE = _integer(1)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Fill the ``skff bench`` sub-parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The sub-parser to fill.
    """
    parser.formatter_class = argparse.ArgumentDefaultsHelpFormatter
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("benchmarks/results/bench.jsonl"),
        help=(
            "JSON Lines file the rows are appended to (a JSON list when it ends in .json); "
            "rows already in it are skipped"
        ),
    )
    parser.add_argument(
        "--datasets",
        nargs="+",
        choices=DATASETS,
        default=list(DEFAULT_DATASETS),
        help="data sets, read from the data home (see --data-home); one table each",
    )
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=METHODS,
        default=list(METHODS),
        help="FF variants and backprop baselines to fit; one row each per schedule",
    )
    parser.add_argument(
        "--schedules",
        nargs="+",
        choices=SCHEDULES,
        default=list(SCHEDULES),
        help="schedules of the FF methods (backprop and backprop_pairwise have none)",
    )
    # The options that --quick changes have no argparse default, so that an
    # explicit value can be told apart from the default (see _settings).
    parser.add_argument(
        "--depth",
        nargs="+",
        type=_POSITIVE,
        default=argparse.SUPPRESS,
        help="hidden layers (default: 2)",
    )
    parser.add_argument(
        "--width",
        type=_POSITIVE,
        default=argparse.SUPPRESS,
        help="units per hidden layer (default: 500; 128 with --quick)",
    )
    parser.add_argument(
        "--epochs",
        type=_POSITIVE,
        default=argparse.SUPPRESS,
        help="epochs, per layer under the layer schedule (default: 15; 5 with --quick)",
    )
    parser.add_argument(
        "--batch-size", type=_POSITIVE, default=100, help="rows per batch of every method"
    )
    parser.add_argument(
        "--threshold",
        nargs="+",
        type=_number(positive=False),
        default=[8.0],
        help="per-layer theta on the mean of squares (cff multiplies it by the depth)",
    )
    parser.add_argument(
        "--threshold-for",
        nargs="+",
        type=_threshold_for,
        default=[],
        metavar="METHOD=THETA",
        help="threshold for one FF method, replacing --threshold for it, e.g. cff=2",
    )
    parser.add_argument(
        "--negatives",
        nargs="+",
        choices=("random", "hard"),
        default=["hard"],
        help="how FF/CFF draw the wrong label (the estimator's negatives); several: one row each",
    )
    parser.add_argument(
        "--label-scale",
        nargs="+",
        type=_label_scale,
        default=["auto"],
        help=(
            "the label entry in units of the features' RMS (the estimator's label_scale: "
            "a positive number or 'auto', the square root of the features); several: one "
            "row each"
        ),
    )
    parser.add_argument(
        "--lr", type=_number(positive=True), default=0.01, help="Adam step size of FF/CFF"
    )
    parser.add_argument(
        "--backprop-lr",
        type=_number(positive=True),
        default=0.001,
        help="Adam step size of backprop",
    )
    parser.add_argument(
        "--pairwise-lr",
        type=_number(positive=True),
        default=PAIRWISE_LR,
        help="Adam step size of backprop_pairwise",
    )
    parser.add_argument(
        "--train-rows",
        type=_integer(MIN_TRAIN_ROWS, what=" (one row per class)"),
        default=argparse.SUPPRESS,
        help=(
            "fit on a stratified random subset of this many training rows "
            "(default: all; 2000 with --quick)"
        ),
    )
    parser.add_argument(
        "--test-rows",
        type=_POSITIVE,
        default=argparse.SUPPRESS,
        help=(
            "score on the first rows of the official test set only "
            "(default: all 10,000; 1000 with --quick)"
        ),
    )
    parser.add_argument(
        "--seed",
        type=_integer(0, 2**32 - 1),
        default=0,
        help="seed of the weights, the batch order, the negatives and --train-rows' subset",
    )
    parser.add_argument("--device", default="auto", help='"auto", "cpu", "cuda" or "cuda:N"')
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help=(
            "run each row as a task on this Dask scheduler (tcp://HOST:8786), or on a cluster "
            "of this machine started for the run with 'local'; the rows are the same as a "
            "sequential run's, written by this process (default: one row after another here)"
        ),
    )
    parser.add_argument(
        "--workers",
        type=_POSITIVE,
        default=None,
        help=(
            "worker processes of --scheduler local, one thread each (default: one per GPU, "
            "else one per CPU core; with GPUs, the first N)"
        ),
    )
    parser.add_argument(
        "--data-home",
        default=None,
        help=(
            "folder with mnist.npz, fashion_mnist.npz and cifar10.npz "
            "(default: $SKFF_DATA_HOME, else ~/skff_data)"
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=(
            "every method on a small subset: depth 2, width 128, 5 epochs, 2000 training and "
            "1000 test rows, unless those options are given explicitly"
        ),
    )


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """The options' values, with ``--quick``'s where an option was not given."""
    values = dict(vars(args))
    for name, value in (QUICK if values.get("quick") else NORMAL).items():
        values.setdefault(name, value)
    return values


def _command(values: dict[str, Any], overrides: dict[str, float]) -> str:
    """The canonical ``skff bench`` command that reproduces these rows."""
    parts = [
        "skff",
        "bench",
        "--datasets",
        *values["datasets"],
        "--methods",
        *values["methods"],
        "--schedules",
        *values["schedules"],
        "--depth",
        *map(str, values["depth"]),
        "--width",
        str(values["width"]),
        "--epochs",
        str(values["epochs"]),
        "--batch-size",
        str(values["batch_size"]),
        "--threshold",
        *(f"{t:g}" for t in values["threshold"]),
    ]
    if overrides:
        parts += ["--threshold-for", *(f"{m}={t:g}" for m, t in overrides.items())]
    parts += ["--negatives", *values["negatives"]]
    parts += ["--label-scale", *(_label_scale_text(s) for s in values["label_scale"])]
    parts += ["--lr", f"{values['lr']:g}", "--backprop-lr", f"{values['backprop_lr']:g}"]
    if "backprop_pairwise" in values["methods"]:
        parts += ["--pairwise-lr", f"{values['pairwise_lr']:g}"]
    for name in ("train_rows", "test_rows"):
        if values[name] is not None:
            parts += [f"--{name.replace('_', '-')}", str(values[name])]
    parts += ["--seed", str(values["seed"]), "--out", str(values["out"])]
    return shlex.join(parts)


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
                for schedule, theta, negatives, scale in itertools.product(
                    schedules, thresholds, values["negatives"], values["label_scale"]
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


# Fields every row needs, with their types, for resuming and for the table.
_ROW_FIELDS: dict[str, type | tuple[type, ...]] = {
    "dataset": str,
    "method": str,
    "schedule": str,
    "depth": int,
    "width": int,
    "epochs": int,
    "test_error": (int, float),
    "seconds": (int, float),
}
_REFUSED = "skff bench leaves it as it is: fix or remove that, or choose another --out."


def _results_error(path: Path, where: str, what: str) -> ResultsFileError:
    return ResultsFileError(f"{path}{where}: {what}. {_REFUSED}")


def _scan(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str | None]:
    """Rows of ``path`` with their line numbers (item numbers in a .json list), and a note.

    The note, or None, reports a last line cut short by an interruption,
    which is ignored. Anything else that is not a JSON object raises
    :class:`ResultsFileError`.
    """
    if path.is_dir():
        raise ResultsFileError(
            f"{path} is a folder; --out takes a file name ending in .jsonl (or .json)."
        )
    if not path.exists():
        return [], None
    raw = path.read_bytes()
    if path.suffix == ".json":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _results_error(path, "", f"not UTF-8 text (byte {exc.start})") from None
        if not text.strip():
            return [], None
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _results_error(
                path, f", line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
            ) from None
        if not isinstance(rows, list):
            raise _results_error(
                path, "", f"holds a JSON {type(rows).__name__}, not a list of rows"
            )
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise _results_error(
                    path, f", item {index} of the list", f"{_short(row)} is not a JSON object"
                )
        return list(enumerate(rows, start=1)), None
    lines = raw.split(b"\n")
    complete = lines[:-1]  # each ended with a newline
    tail = lines[-1]  # after the last newline: empty, or a line without its newline
    numbered: list[tuple[int, dict[str, Any]]] = []
    note = None
    for number, line in enumerate([*complete, tail], start=1):
        if not line.strip():
            continue
        last = number == len(complete) + 1
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if last and line.lstrip().startswith(b"{"):
                note = (
                    f"{path}, line {number}, was cut short by an interruption (no newline, not "
                    "valid JSON): it is ignored, its row is run again, and the next row written "
                    "replaces it"
                )
                continue
            raise _results_error(
                path, f", line {number}", f"{_short(line)} is not a row (not valid JSON)"
            ) from None
        if not isinstance(row, dict):
            raise _results_error(path, f", line {number}", f"{_short(row)} is not a JSON object")
        numbered.append((number, row))
    return numbered, note


def _short(value: Any) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else json.dumps(value)
    text = text.strip()
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _check_rows(path: Path, numbered: list[tuple[int, dict[str, Any]]]) -> None:
    """Refuse rows that lack what resuming and the table need."""
    where = "item" if path.suffix == ".json" else "line"
    for number, row in numbered:
        missing = [name for name in _ROW_FIELDS if name not in row]
        wrong = [
            name
            for name, kind in _ROW_FIELDS.items()
            if name in row and (not isinstance(row[name], kind) or isinstance(row[name], bool))
        ]
        if missing or wrong:
            problem = f"lacks {', '.join(missing)}" if missing else f"has a wrong {wrong[0]}"
            raise _results_error(
                path, f", {where} {number}", f"not a row of skff bench: it {problem}"
            )


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows already written to ``path`` (a missing file has none).

    A ``.json`` file holds one JSON list of objects; any other file holds JSON
    Lines, one object per line. A last line cut short by an interruption (no
    newline, not valid JSON) is ignored with a warning.

    Parameters
    ----------
    path : Path
        The results file.

    Returns
    -------
    list of dict

    Raises
    ------
    ResultsFileError
        When the file holds anything else: a line that is not a JSON object,
        a ``.json`` file that is not a list of objects, or a folder. The
        message gives the path and the line (or item) number.
    """
    numbered, note = _scan(Path(path))
    if note:
        warnings.warn(note, stacklevel=2)
    return [row for _, row in numbered]


def _append_row(path: Path, row: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several skff bench processes (one per data set, say) may share a results file.
    with exclusive_lock(path.with_name(f".{path.name}.lock")):
        if path.suffix == ".json":
            # A JSON list: rewrite it whole, then rename over the old one, so
            # that an interruption leaves either the old or the new list.
            rows = [*read_rows(path), row]
            atomic_write(path, (json.dumps(rows, indent=1) + "\n").encode())
            return
        with open(path, "ab+") as handle:
            handle.seek(0)
            content = handle.read()
            if content and not content.endswith(b"\n"):
                start = content.rfind(b"\n") + 1
                try:
                    complete = isinstance(json.loads(content[start:].decode("utf-8")), dict)
                except (UnicodeDecodeError, json.JSONDecodeError):
                    complete = False
                if complete:  # a row written without its newline: keep it
                    handle.write(b"\n")
                else:  # a line cut short by an interruption (reported when read): drop it
                    handle.truncate(start)
            handle.write((json.dumps(row) + "\n").encode())
            handle.flush()
            os.fsync(handle.fileno())


def _subset(
    X: np.ndarray, y: np.ndarray, rows: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
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
        tol=0.0,
        n_iter_no_change=values["epochs"] + 1,
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


def _error(message: str, status: int = 2) -> int:
    """Print ``message`` as argparse does (``skff bench: error: ...``); return ``status``."""
    print(f"skff bench: error: {message}", file=sys.stderr)
    return status


def _check_out(out: Path) -> list[tuple[int, dict[str, Any]]]:
    """Refuse an --out that cannot be read as rows or written to; its rows so far."""
    numbered, note = _scan(out)
    _check_rows(out, numbered)
    if note:
        print(f"skff bench: warning: {note}.", file=sys.stderr)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(
            exc.errno, f"cannot create the folder of --out {out}: {exc.strerror}"
        ) from None
    # Open (create) what the run will write, so that it fails now rather than after a row.
    probes = [out.with_name(f".{out.name}.lock")]
    if out.suffix != ".json" and out.exists():
        probes.append(out)  # appended to; a .json file is replaced, which needs the folder only
    try:
        for probe in probes:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666))
    except OSError as exc:
        raise OSError(
            exc.errno,
            f"cannot write to --out {out}: {(exc.strerror or str(exc)).lower()}. Choose a "
            "file in a folder you can write to",
        ) from None
    return numbered


def run(args: argparse.Namespace) -> int:
    """Run ``skff bench``.

    Every option, the ``--out`` file and the data sets are checked before the
    first row runs. With ``--scheduler``, the rows run as Dask tasks
    (:func:`skff.cluster.cluster_rows`) and this process writes them.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options from :func:`add_arguments`.

    Returns
    -------
    int
        Exit code: 0 on success, 2 for a bad option or ``--out`` file (with a
        one-line message on stderr), 1 when a data set cannot be had or a row
        cannot be written.
    """
    from skff.cluster import LOCAL, ClusterError
    from skff.datasets import DatasetError, fetch_file

    values = _settings(args)
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
            _threshold_for(item) if isinstance(item, str) else item
            for item in values["threshold_for"]
        )
    except argparse.ArgumentTypeError as exc:
        return _error(f"argument --threshold-for: {exc}")
    out = Path(values["out"])
    try:
        numbered = _check_out(out)
    except ResultsFileError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(exc.strerror or str(exc))
    try:
        for name in dict.fromkeys(values["datasets"]):
            fetch_file(name, values["data_home"])
    except DatasetError as exc:
        return _error(str(exc), status=1)

    from tqdm.auto import tqdm

    jobs = plan(values, overrides)
    try:
        loaded = _load(values)
    except DatasetError as exc:
        return _error(str(exc), status=1)
    done = {row_key(row) for _, row in numbered}
    todo = [job for job in jobs if job.key(_key_values(values, loaded[job.dataset])) not in done]
    command = _command(values, overrides)
    progress = tqdm(total=len(jobs), initial=len(jobs) - len(todo), desc="skff bench", unit="row")
    if scheduler is None:
        rows = _sequential_rows(todo, loaded, values, progress)
    else:
        from skff.cluster import cluster_rows

        rows = cluster_rows(
            scheduler,
            todo,
            loaded,
            values,
            n_workers=values.get("workers"),
            on_start=lambda text: progress.set_description(f"skff bench on {text}"),
        )
    failure: tuple[str, int] | None = None  # reported once the progress bar is gone
    try:
        for row in rows:
            row = {**row, "command": command, "machine": row["machine"]}  # command, then machine
            try:
                _append_row(out, row)
            except ResultsFileError as exc:  # changed by someone else meanwhile
                failure = (str(exc), 2)
                break
            except OSError as exc:
                failure = (f"cannot write the row to {out}: {exc}", 1)
                break
            progress.set_postfix(error=f"{row['test_error']:.2f}%", refresh=False)
            progress.update(1)
    except ClusterError as exc:
        failure = (str(exc), 1)
    finally:
        rows.close()  # a cluster run cancels its tasks and closes its cluster
        progress.close()
    if failure is not None:
        return _error(*failure)
    all_rows = [row for _, row in _scan(out)[0]]
    print(f"{len(todo)} rows run, {len(jobs) - len(todo)} already in {out}.")
    print(format_table(all_rows))
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
        X_train, y_train = _subset(data.X_train, data.y_train, values["train_rows"], values["seed"])
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


def format_table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of bench rows.

    Parameters
    ----------
    rows : list of dict
        Rows as written by ``skff bench``.

    Returns
    -------
    str
    """
    lines = [
        "| dataset | method | schedule | depth x width | threshold | negatives | label scale "
        "| epochs | train rows | test error % | error with layers 1..k % | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        theta = "" if r.get("threshold") is None else f"{r['threshold']:g}"
        negatives = ff_option(r, "negatives") or ""
        label_scale = (
            "" if r["method"] == "backprop" else _label_scale_text(ff_option(r, "label_scale"))
        )
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", []))
        lines.append(
            f"| {r['dataset']} | {r['method']} | {r['schedule']} | {r['depth']} x {r['width']} "
            f"| {theta} | {negatives} | {label_scale} | {r['epochs']} "
            f"| {r.get('train_rows', '')} | {r['test_error']:.2f} "
            f"| {layers} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)


def _label_scale_text(value: float | str) -> str:
    """``auto``, or a label scale written as ``%g``."""
    return value if isinstance(value, str) else f"{value:g}"
