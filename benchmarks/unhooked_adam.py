"""Fit time of the default CFF fit before and after a change that keeps the weights.

Two such changes (``--change``):

``unhooked_adam`` (round eleven, the default)
    :class:`skff.core.fused_adam.UnhookedFusedAdam` launches the stock fused step's kernels
    without ``torch.optim``'s per-step bookkeeping; before: the stock step
    (``torch.optim.Adam.step``).
``inference_mode`` (round twelve)
    The CPU epoch runs under ``torch.inference_mode`` (``Trainer.train_epoch``); before:
    ``torch.no_grad`` alone (``torch.inference_mode`` made a context that does nothing).

This script measures what a change saves on corpus sets (``benchmarks/corpus.py``; the same
splits and preprocessing as ``corpus_study.py``): on each split, the default
``ForwardForwardClassifier()`` pipeline is fitted before and after, in alternating order,
``--repeats`` times each; the set's figure is the ratio of the median fit times, after over
before, and the summary the geometric mean over sets. Before the timed fits, one fit each way
on one thread must predict the same probabilities, bit for bit, and the script says so or
stops: on one thread, because skff's thread policy (``skff.threads``) lowers a call's thread
count when other processes keep cores busy, and a fit on one thread can round differently
from one on two, whichever way it runs.

Commands (round eleven, ``docs/user-guide/defaults-study.md``)::

    export OMP_NUM_THREADS=2
    python benchmarks/unhooked_adam.py --sets-from \\
        benchmarks/results/corpus_probe_sets.json:timing \\
        > benchmarks/results/unhooked_adam.md

Round twelve::

    export OMP_NUM_THREADS=2
    python benchmarks/unhooked_adam.py --change inference_mode --sets-from \\
        benchmarks/results/corpus_probe_sets.json:timing \\
        > benchmarks/results/inference_mode.md
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from corpus import CORPUS
from corpus_probe import read_set_list
from corpus_study import preprocessing, splits


@contextlib.contextmanager
def stock_step() -> Iterator[None]:
    """While open, ``UnhookedFusedAdam.step_unhooked`` is the stock ``Adam.step``."""
    import torch

    from skff.core.fused_adam import UnhookedFusedAdam

    original = UnhookedFusedAdam.step_unhooked
    UnhookedFusedAdam.step_unhooked = torch.optim.Adam.step
    try:
        yield
    finally:
        UnhookedFusedAdam.step_unhooked = original


@contextlib.contextmanager
def no_inference_mode() -> Iterator[None]:
    """While open, ``torch.inference_mode(...)`` does nothing: the epoch runs under no_grad."""
    import torch

    original = torch.inference_mode
    torch.inference_mode = lambda mode=True: contextlib.nullcontext()
    try:
        yield
    finally:
        torch.inference_mode = original


#: Each change: the table's names for before and after, and what restores "before".
CHANGES: dict[str, tuple[str, str, Callable[[], Any]]] = {
    "unhooked_adam": ("stock", "unhooked", stock_step),
    "inference_mode": ("no_grad", "inference", no_inference_mode),
}


def fit_seconds(loaded, split, change: str, after: bool) -> tuple[float, np.ndarray]:
    """Fit the default pipeline before or after ``change``; its seconds and test probabilities."""
    from sklearn.pipeline import Pipeline

    from skff import ForwardForwardClassifier

    pipe = Pipeline(
        [
            ("preprocessing", preprocessing(loaded)),
            ("model", ForwardForwardClassifier(random_state=split.seed, device="cpu")),
        ]
    )
    before = CHANGES[change][2]
    with contextlib.nullcontext() if after else before(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        pipe.fit(split.X_train, split.y_train)
        seconds = time.perf_counter() - start
    return seconds, pipe.predict_proba(split.X_test)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    import torch
    from threadpoolctl import threadpool_limits

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(CORPUS), default=[])
    parser.add_argument("--sets-from", help="FILE:KEY, a JSON file's list of set names")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--change", choices=list(CHANGES), default="unhooked_adam")
    args = parser.parse_args(argv)
    old, new, _ = CHANGES[args.change]
    names = args.sets + (read_set_list(args.sets_from) if args.sets_from else [])
    torch.set_num_threads(args.threads)
    threadpool_limits(limits=args.threads)
    print(
        f"threads {args.threads}, {args.repeats} fits each way per split, torch {torch.__version__}"
    )
    print()
    print(f"| set | training rows | {old} s | {new} s | ratio |")
    print("|---|---|---|---|---|")
    logs = []
    for name in names:
        loaded = CORPUS[name].load()
        split = next(splits(loaded, None))
        torch.set_num_threads(1)
        _, before_proba = fit_seconds(loaded, split, args.change, after=False)
        _, after_proba = fit_seconds(loaded, split, args.change, after=True)
        torch.set_num_threads(args.threads)
        if not np.array_equal(before_proba, after_proba):
            sys.exit(f"{name}: {old} and {new} predicted different probabilities")
        times: dict[bool, list[float]] = {False: [], True: []}
        for repeat in range(args.repeats):
            # Alternate the order, so that neither way always runs on a warmer cache.
            for after in (False, True) if repeat % 2 == 0 else (True, False):
                times[after].append(fit_seconds(loaded, split, args.change, after)[0])
        slow, fast = statistics.median(times[False]), statistics.median(times[True])
        logs.append(math.log(fast / slow))
        row = f"{len(split.y_train)} | {slow:.3f} | {fast:.3f} | {fast / slow:.3f}"
        print(f"| {name} | {row} |")
    print()
    print(
        f"{len(logs)} sets, seed 0 split: {new} / {old} fit time, geometric mean "
        f"{math.exp(statistics.mean(logs)):.3f}; on one thread, the two ways predicted the "
        "same probabilities on every set"
    )


if __name__ == "__main__":
    main()
