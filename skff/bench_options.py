"""The options of ``skff bench``: their values, their checks and the command they make.

:func:`add_arguments` fills the argparse sub-parser; every value is checked
there (a bad one ends the run with one line and exit status 2, before any
data is loaded). :func:`settings` applies ``--quick`` to the options not
given explicitly, and :func:`reproducing_command` writes the canonical
command line that each row records.
"""

from __future__ import annotations

import argparse
import math
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


#: Adam's step size for backprop_pairwise (``--pairwise-lr``): on 10,000 training rows
#: of MNIST and Fashion-MNIST (2 x 500, 15 epochs, the table's other settings) it beat 0.001;
#: see ``benchmarks/results/pairwise_lr.json`` and docs/benchmarks/paper.md.
PAIRWISE_LR = 0.01

#: Values of the options that ``--quick`` changes, without and with it.
NORMAL = {"depth": [2], "width": 500, "epochs": 15, "train_rows": None, "test_rows": None}
QUICK = {"depth": [2], "width": 128, "epochs": 5, "train_rows": 2000, "test_rows": 1000}


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


def parse_threshold_for(text: str) -> tuple[str, float]:
    """Parse one ``METHOD=THETA`` of ``--threshold-for`` (an argparse type).

    Parameters
    ----------
    text : str
        ``METHOD=THETA``, METHOD one of :data:`FF_OBJECTIVE_METHODS`.

    Returns
    -------
    method : str
    theta : float

    Raises
    ------
    argparse.ArgumentTypeError
        When the method is unknown or THETA is not a finite number.
    """
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

#: Dask's comm schemes that have a host and a port.
_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(
    r"(?:(?P<scheme>[A-Za-z0-9+.-]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)"
    r":(?P<port>[0-9]+)"
)


def scheduler_address(text: str) -> str:
    """Check a ``--scheduler`` value (an argparse type): ``local`` or ``[SCHEME://]HOST:PORT``.

    Only the form is checked here, before anything runs; whether a scheduler
    answers there is checked by :func:`skff.cluster.connect`.

    Parameters
    ----------
    text : str
        ``local``, or an address such as ``tcp://10.0.0.5:8786`` or
        ``tls://[::1]:8786`` (the scheme defaults to ``tcp``).

    Returns
    -------
    str
        ``text``, unchanged.

    Raises
    ------
    argparse.ArgumentTypeError
        When ``text`` is neither, with the form expected.
    """
    if text == "local":
        return text
    match = _ADDRESS.fullmatch(text)
    problem = None
    if match is None:
        problem = "not of the form [SCHEME://]HOST:PORT"
    elif match["scheme"] is not None and match["scheme"] not in _SCHEMES:
        problem = f"unknown scheme {match['scheme']!r} (one of {', '.join(_SCHEMES)})"
    elif not 0 < int(match["port"]) < 65536:
        problem = f"port {match['port']} is not from 1 to 65535"
    if problem is not None:
        raise argparse.ArgumentTypeError(
            f"expected a Dask scheduler address such as tcp://HOST:8786, or 'local'; got "
            f"{text!r}: {problem}"
        )
    return text


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
    # explicit value can be told apart from the default (see settings).
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
        type=parse_threshold_for,
        default=[],
        metavar="METHOD=THETA",
        help="threshold for one FF method, replacing --threshold for it, e.g. cff=2",
    )
    parser.add_argument(
        "--negatives",
        nargs="+",
        choices=("random", "hard", "hard_cached"),
        default=["hard"],
        help=(
            "how FF/CFF draw the wrong label (the estimator's negatives); several: one row "
            "each (backprop_pairwise runs no hard_cached row)"
        ),
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
        type=scheduler_address,
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


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """The options' values, with ``--quick``'s where an option was not given.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options from :func:`add_arguments`.

    Returns
    -------
    dict
        Every option by its destination name; explicit values win over ``--quick``'s.
    """
    values = dict(vars(args))
    for name, value in (QUICK if values.get("quick") else NORMAL).items():
        values.setdefault(name, value)
    return values


def reproducing_command(values: dict[str, Any], overrides: dict[str, float]) -> str:
    """The canonical ``skff bench`` command that reproduces these rows.

    Parameters
    ----------
    values : dict
        Resolved options (:func:`settings`).
    overrides : dict of str to float
        Per-method thresholds from ``--threshold-for``.

    Returns
    -------
    str
        A shell-quoted command line, recorded in each row's ``command``.
    """
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
    parts += ["--label-scale", *(label_scale_text(s) for s in values["label_scale"])]
    parts += ["--lr", f"{values['lr']:g}", "--backprop-lr", f"{values['backprop_lr']:g}"]
    if "backprop_pairwise" in values["methods"]:
        parts += ["--pairwise-lr", f"{values['pairwise_lr']:g}"]
    for name in ("train_rows", "test_rows"):
        if values[name] is not None:
            parts += [f"--{name.replace('_', '-')}", str(values[name])]
    parts += ["--seed", str(values["seed"]), "--out", str(values["out"])]
    return shlex.join(parts)


def label_scale_text(value: float | str) -> str:
    """A label scale as written on the command line and in the table.

    Parameters
    ----------
    value : float or str
        A number, or ``"auto"``.

    Returns
    -------
    str
        ``auto``, or the number written as ``%g``.
    """
    return value if isinstance(value, str) else f"{value:g}"
