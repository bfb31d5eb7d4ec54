"""``skff bench``: FF, CFF and backprop on MNIST and Fashion-MNIST.

Every combination of data set, method, schedule, depth and threshold is one
*row*: a model is fitted on the training set (or a stratified subset of it)
and scored on the official 10,000-row test set. Rows are written to
``--out`` as soon as each finishes: as JSON Lines (one JSON object per line),
or as one JSON list when the file name ends in ``.json`` (rewritten
atomically after each row);
a rerun with the same ``--out`` skips the rows already there, so an
interrupted run resumes where it stopped.

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
no threshold.

Examples
--------
The quick check (every method, small subsets, under 2 minutes on a CPU)::

    skff bench --quick --out /tmp/quick.jsonl

A study over depth and threshold on MNIST::

    skff bench --datasets mnist --methods ff cff --depth 2 3 --threshold 4 8 \\
        --epochs 10 --train-rows 20000 --out study.jsonl

An ablation of the negatives and the label scale (one row per combination)::

    skff bench --datasets fashion_mnist --methods ff --schedules network \\
        --negatives random hard --label-scale 1 20 --train-rows 20000 --out ablation.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import shlex
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

METHODS = ("ff", "cff", "cff_prev", "backprop")
SCHEDULES = ("network", "layer")
DATASETS = ("mnist", "fashion_mnist")

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

QUICK = {
    "depth": [2],
    "width": 128,
    "epochs": 5,
    "train_rows": 2000,
    "test_rows": 1000,
}


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
    label_scale: float | None = None

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
        help="JSON Lines file the rows are appended to; rows already in it are skipped",
    )
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument(
        "--schedules",
        nargs="+",
        choices=SCHEDULES,
        default=list(SCHEDULES),
        help="schedules of the FF methods (backprop has none)",
    )
    parser.add_argument("--depth", nargs="+", type=int, default=[2], help="hidden layers")
    parser.add_argument("--width", type=int, default=500, help="units per hidden layer")
    parser.add_argument(
        "--epochs", type=int, default=15, help="epochs (per layer under the layer schedule)"
    )
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument(
        "--threshold",
        nargs="+",
        type=float,
        default=[8.0],
        help="per-layer theta on the mean of squares (cff multiplies it by the depth)",
    )
    parser.add_argument(
        "--threshold-for",
        nargs="+",
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
        type=float,
        default=[20.0],
        help=(
            "the label entry in units of the features' RMS (the estimator's label_scale); "
            "several: one row each"
        ),
    )
    parser.add_argument("--lr", type=float, default=0.01, help="Adam step size of FF/CFF")
    parser.add_argument("--backprop-lr", type=float, default=0.001, help="Adam step of backprop")
    parser.add_argument(
        "--train-rows",
        type=int,
        default=None,
        help="fit on a stratified random subset of this many training rows (all by default)",
    )
    parser.add_argument(
        "--test-rows",
        type=int,
        default=None,
        help="score on the first rows of the official test set only (all 10,000 by default)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto", help='"auto", "cpu", "cuda" or "cuda:N"')
    parser.add_argument("--data-home", default=None, help="folder with mnist.npz and friends")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=(
            "every method on a small subset: depth 2, width 128, 5 epochs, 2000 training and "
            "1000 test rows, unless those options are given explicitly"
        ),
    )


def _parse_threshold_overrides(items: list[str]) -> dict[str, float]:
    overrides = {}
    for item in items:
        method, sep, value = item.partition("=")
        if not sep or method not in METHODS[:-1]:
            raise SystemExit(
                f"skff bench: --threshold-for expects METHOD=THETA with METHOD one of "
                f"{', '.join(METHODS[:-1])}; got {item!r}."
            )
        try:
            overrides[method] = float(value)
        except ValueError:
            raise SystemExit(
                f"skff bench: the threshold in --threshold-for {item!r} is not a number."
            ) from None
    return overrides


def _settings(args: argparse.Namespace, parser_defaults: dict[str, Any]) -> dict[str, Any]:
    """Resolve ``--quick``: its values apply where the option kept its default."""
    values = dict(vars(args))
    if args.quick:
        for name, value in QUICK.items():
            if values.get(name) == parser_defaults.get(name):
                values[name] = value
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
    parts += ["--label-scale", *(f"{s:g}" for s in values["label_scale"])]
    parts += ["--lr", f"{values['lr']:g}", "--backprop-lr", f"{values['backprop_lr']:g}"]
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
                for schedule, theta, negatives, scale in itertools.product(
                    values["schedules"], thresholds, values["negatives"], values["label_scale"]
                ):
                    jobs.append(
                        Job(
                            dataset,
                            method,
                            schedule,
                            depth,
                            float(theta),
                            values["lr"],
                            negatives,
                            float(scale),
                        )
                    )
    return jobs


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows already written to ``path`` (a missing file has none).

    A ``.json`` file holds one JSON list; any other file holds JSON Lines, of
    which a last line cut short by an interruption is ignored.
    """
    if not path.exists():
        return []
    if path.suffix == ".json":
        text = path.read_text().strip()
        return json.loads(text) if text else []
    rows = []
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return rows


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``path``, so that several ``skff bench``
    processes (one per data set, say) can write to the same results file."""
    try:
        import fcntl
    except ImportError:  # Windows: one process per results file
        yield
        return
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append_row(path: Path, row: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        if path.suffix == ".json":
            # A JSON list: rewrite it whole, then rename over the old one, so
            # that an interruption leaves either the old or the new list.
            rows = [*read_rows(path), row]
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "w") as handle:
                json.dump(rows, handle, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            return
        needs_newline = path.exists() and path.stat().st_size > 0
        if needs_newline:
            with open(path, "rb") as handle:
                handle.seek(-1, os.SEEK_END)
                needs_newline = handle.read(1) != b"\n"
        with open(path, "a") as handle:
            handle.write(("\n" if needs_newline else "") + json.dumps(row) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def _subset(
    X: np.ndarray, y: np.ndarray, rows: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    if rows is None or rows >= len(y):
        return X, y
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


def _machine() -> str:
    import torch

    cpu = platform.processor() or platform.machine()
    line = f"{platform.system()} {cpu}, {os.cpu_count()} CPUs, torch {torch.__version__}"
    line += f", {torch.get_num_threads()} torch threads"
    if torch.cuda.is_available():
        line += f", {torch.cuda.get_device_name()}"
    return line


def run(args: argparse.Namespace) -> int:
    """Run ``skff bench``.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options from :func:`add_arguments`.

    Returns
    -------
    int
        Exit code, 0 on success.
    """
    from tqdm.auto import tqdm

    from skff.datasets import LOADERS

    defaults = vars(_defaults())
    values = _settings(args, defaults)
    overrides = _parse_threshold_overrides(values["threshold_for"])
    command = _command(values, overrides)
    out = Path(values["out"])
    done = {row_key(r) for r in read_rows(out)}
    jobs = plan(values, overrides)
    loaded: dict[str, tuple[np.ndarray, ...]] = {}
    machine = _machine()
    progress = tqdm(total=len(jobs), desc="skff bench", unit="row")
    skipped = 0
    try:
        for job in jobs:
            if job.dataset not in loaded:
                data = LOADERS[job.dataset](values["data_home"])
                X_train, y_train = _subset(
                    data.X_train, data.y_train, values["train_rows"], values["seed"]
                )
                n_test = values["test_rows"] or len(data.y_test)
                loaded[job.dataset] = (X_train, y_train, data.X_test[:n_test], data.y_test[:n_test])
            _, y_train, _, y_test = loaded[job.dataset]
            key_values = values | {"train_rows": len(y_train), "test_rows": len(y_test)}
            if job.key(key_values) in done:
                skipped += 1
                progress.update(1)
                continue
            progress.set_description(f"{job.dataset} {job.method}/{job.schedule} L={job.depth}")
            row = run_job(job, loaded[job.dataset], values)
            row["command"] = command
            row["machine"] = machine
            _append_row(out, row)
            done.add(row_key(row))
            progress.set_postfix(error=f"{row['test_error']:.2f}%", refresh=False)
            progress.update(1)
    finally:
        progress.close()
    rows = read_rows(out)
    print(f"{len(jobs) - skipped} rows run, {skipped} already in {out}.")
    print(format_table(rows))
    return 0


def _defaults() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([])


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
        label_scale = "" if r["method"] == "backprop" else f"{ff_option(r, 'label_scale'):g}"
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", []))
        lines.append(
            f"| {r['dataset']} | {r['method']} | {r['schedule']} | {r['depth']} x {r['width']} "
            f"| {theta} | {negatives} | {label_scale} | {r['epochs']} "
            f"| {r.get('train_rows', '')} | {r['test_error']:.2f} "
            f"| {layers} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)
