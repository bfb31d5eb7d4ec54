"""``skff demo``: FF, CFF and backprop on sklearn's digits, side by side.

The digits data set ships with scikit-learn, so the demo needs no download.
It splits the 1,797 images 70/30 (stratified, ``random_state=0``), fits each
method in a ``StandardScaler`` pipeline with the same network shape, and
prints the test accuracy and the fit time of each. Progress goes to stderr
(a tqdm bar per Forward-Forward fit), the table to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from sklearn.base import BaseEstimator, clone
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

#: Share of the digits held out for testing, and the split's seed.
TEST_SIZE = 0.3
SPLIT_SEED = 0
#: Rows of the untimed warm-up fit that precedes each timed fit.
WARM_UP_ROWS = 200


@dataclass(frozen=True)
class DemoResult:
    """One row of the demo's table.

    Attributes
    ----------
    method : str
        Display name of the method.
    accuracy : float
        Accuracy on the held-out 30 %.
    fit_time : float
        Seconds spent in ``fit`` (wall clock).
    """

    method: str
    accuracy: float
    fit_time: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the demo's options to its sub-parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The ``demo`` sub-parser.
    """
    parser.add_argument(
        "--max-iter",
        type=_positive_int,
        default=60,
        metavar="N",
        help="training epochs of every method (default: 60)",
    )
    parser.add_argument(
        "--width",
        type=_positive_int,
        default=256,
        metavar="N",
        help="units per hidden layer; every network has 2 hidden layers (default: 256)",
    )
    parser.add_argument(
        "--device",
        default="auto",
        help="'auto' (CUDA when available), 'cpu', 'cuda' or 'cuda:N' (default: auto)",
    )
    parser.add_argument(
        "--random-state",
        type=_seed,
        default=0,
        metavar="SEED",
        help="seed of the networks' weights and batch order (default: 0)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print only the table, no progress",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"expected an integer from 0 to {2**32 - 1}, got {text!r}")
    return value


def methods(
    max_iter: int = 60,
    width: int = 256,
    device: str = "auto",
    random_state: int = 0,
    verbose: int = 0,
) -> list[tuple[str, BaseEstimator]]:
    """The three estimators the demo compares, all with 2 hidden layers.

    Parameters
    ----------
    max_iter : int, default=60
        Epochs, all of them run: the Forward-Forward estimators use
        ``learning_rate="linear"``.
    width : int, default=256
        Units per hidden layer.
    device : str, default="auto"
        Torch device of every estimator.
    random_state : int, default=0
        Seed of every estimator.
    verbose : int, default=0
        Passed to the Forward-Forward estimators (``1``: progress bar).

    Returns
    -------
    list of (str, estimator)
        Display name and unfitted estimator: FF, CFF, backprop.
    """
    from skff.baselines import BackpropClassifier
    from skff.estimator import ForwardForwardClassifier

    shared: dict[str, Any] = {
        "depth": 2,
        "width": width,
        "max_iter": max_iter,
        "random_state": random_state,
        "device": device,
    }
    # Hinton's linear schedule runs all max_iter epochs, as backprop does, so that the
    # three methods train for the same budget (the default "adaptive" stops on its own).
    ff: dict[str, Any] = {"learning_rate": "linear", "verbose": verbose, **shared}
    return [
        ("FF", ForwardForwardClassifier(variant="ff", **ff)),
        ("CFF", ForwardForwardClassifier(variant="cff", **ff)),
        ("backprop", BackpropClassifier(**shared)),
    ]


def compare(
    estimators: list[tuple[str, BaseEstimator]],
    on_start: Callable[[int, str], None] | None = None,
) -> list[DemoResult]:
    """Fit each estimator in a ``StandardScaler`` pipeline on the digits split.

    Each timed fit is preceded by an untimed one-epoch fit of a clone on
    :data:`WARM_UP_ROWS` rows, so that torch's one-time start-up cost is not
    charged to whichever method comes first.

    Parameters
    ----------
    estimators : list of (str, estimator)
        Display name and unfitted classifier, as :func:`methods` returns.
    on_start : callable, optional
        Called as ``on_start(index, name)`` before each fit, for progress.

    Returns
    -------
    list of DemoResult
        In the order of ``estimators``.
    """
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=SPLIT_SEED
    )
    results = []
    for index, (name, estimator) in enumerate(estimators):
        if on_start is not None:
            on_start(index, name)
        pipeline = make_pipeline(StandardScaler(), estimator)
        with warnings.catch_warnings():
            # A fixed epoch budget is the point of the demo; "not converged" is noise here.
            warnings.simplefilter("ignore", ConvergenceWarning)
            # One untimed epoch on a few rows first, so that torch's one-time
            # start-up cost is not charged to whichever method runs first.
            warm_up = make_pipeline(
                StandardScaler(), clone(estimator).set_params(max_iter=1, verbose=0)
            )
            warm_up.fit(X_train[:WARM_UP_ROWS], y_train[:WARM_UP_ROWS])
            start = time.perf_counter()
            pipeline.fit(X_train, y_train)
            fit_time = time.perf_counter() - start
        accuracy = float(pipeline.score(X_test, y_test))
        results.append(DemoResult(name, accuracy, fit_time))
    return results


def format_table(results: list[DemoResult]) -> str:
    """The demo's table: one row per method, accuracy and fit time.

    Parameters
    ----------
    results : list of DemoResult
        Rows, in display order.

    Returns
    -------
    str
        Lines separated by newlines, without a trailing newline.
    """
    name_width = max(len("method"), *(len(r.method) for r in results))
    lines = [
        f"{'method':<{name_width}}  {'accuracy':>8}  {'fit time':>8}",
        f"{'-' * name_width}  {'-' * 8}  {'-' * 8}",
    ]
    for r in results:
        lines.append(f"{r.method:<{name_width}}  {r.accuracy:>8.4f}  {r.fit_time:>6.2f} s")
    return "\n".join(lines)


def run(
    args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the demo and print its table.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options (see :func:`add_arguments`).
    stdout, stderr : file-like, optional
        Where the table and the progress go; ``sys.stdout`` and ``sys.stderr``
        by default.

    Returns
    -------
    int
        The exit code, 0.
    """
    from skff.device import resolve_device

    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    try:
        device = str(resolve_device(args.device))
    except ValueError as exc:
        print(f"skff demo: error: argument --device: {exc}", file=stderr)
        return 2
    estimators = methods(
        max_iter=args.max_iter,
        width=args.width,
        device=args.device,
        random_state=args.random_state,
        verbose=0 if args.quiet else 1,
    )

    def on_start(index: int, name: str) -> None:
        if not args.quiet:
            print(f"[{index + 1}/{len(estimators)}] fitting {name} ...", file=stderr, flush=True)

    print(
        f"skff demo: sklearn digits, 70/30 stratified split (random_state={SPLIT_SEED}), "
        "StandardScaler\n"
        f"every network: 2 hidden layers x {args.width} ReLU, {args.max_iter} epochs, "
        f"device {device}",
        file=stdout,
        flush=True,
    )
    results = compare(estimators, on_start=on_start)
    print(file=stdout)
    print(format_table(results), file=stdout, flush=True)
    return 0
