"""Fit time of the default CFF fit with the stock fused Adam step and with ``step_unhooked``.

:class:`skff.core.fused_adam.UnhookedFusedAdam` launches the stock fused step's kernels
without ``torch.optim``'s per-step bookkeeping. This script measures what that saves on
corpus sets (``benchmarks/corpus.py``; the same splits and preprocessing as
``corpus_study.py``): on each split, the default ``ForwardForwardClassifier()`` pipeline is
fitted with the stock step (``torch.optim.Adam.step``) and with ``step_unhooked``, in
alternating order, ``--repeats`` times each; the set's figure is the ratio of the median fit
times, unhooked over stock, and the summary the geometric mean over sets. Before the timed
fits, one fit each way on one thread must predict the same probabilities, bit for bit, and
the script says so or stops: on one thread, because skff's thread policy (``skff.threads``)
lowers a call's thread count when other processes keep cores busy, and a fit on one thread
can round differently from one on two, whichever step it takes.

Commands (round eleven, ``docs/user-guide/defaults-study.md``)::

    export OMP_NUM_THREADS=2
    python benchmarks/unhooked_adam.py --sets-from \\
        benchmarks/results/corpus_probe_sets.json:timing \\
        > benchmarks/results/unhooked_adam.md
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from corpus import CORPUS
from corpus_probe import read_set_list
from corpus_study import preprocessing, splits


def fit_seconds(loaded, split, unhooked: bool) -> tuple[float, np.ndarray]:
    """Fit the default pipeline with one of the two steps; its seconds and test probabilities."""
    import torch
    from sklearn.pipeline import Pipeline

    from skff import ForwardForwardClassifier
    from skff.core.fused_adam import UnhookedFusedAdam

    pipe = Pipeline(
        [
            ("preprocessing", preprocessing(loaded)),
            ("model", ForwardForwardClassifier(random_state=split.seed, device="cpu")),
        ]
    )
    original = UnhookedFusedAdam.step_unhooked
    if not unhooked:
        UnhookedFusedAdam.step_unhooked = torch.optim.Adam.step
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            pipe.fit(split.X_train, split.y_train)
            seconds = time.perf_counter() - start
    finally:
        UnhookedFusedAdam.step_unhooked = original
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
    args = parser.parse_args(argv)
    names = args.sets + (read_set_list(args.sets_from) if args.sets_from else [])
    torch.set_num_threads(args.threads)
    threadpool_limits(limits=args.threads)
    print(
        f"threads {args.threads}, {args.repeats} fits each way per split, torch {torch.__version__}"
    )
    print()
    print("| set | training rows | stock s | unhooked s | ratio |")
    print("|---|---|---|---|---|")
    logs = []
    for name in names:
        loaded = CORPUS[name].load()
        split = next(splits(loaded, None))
        torch.set_num_threads(1)
        _, stock_proba = fit_seconds(loaded, split, unhooked=False)
        _, unhooked_proba = fit_seconds(loaded, split, unhooked=True)
        torch.set_num_threads(args.threads)
        if not np.array_equal(stock_proba, unhooked_proba):
            sys.exit(f"{name}: the two steps predicted different probabilities")
        times: dict[bool, list[float]] = {False: [], True: []}
        for repeat in range(args.repeats):
            # Alternate the order, so that neither step always runs on a warmer cache.
            for unhooked in (False, True) if repeat % 2 == 0 else (True, False):
                times[unhooked].append(fit_seconds(loaded, split, unhooked)[0])
        stock, direct = statistics.median(times[False]), statistics.median(times[True])
        logs.append(math.log(direct / stock))
        row = f"{len(split.y_train)} | {stock:.3f} | {direct:.3f} | {direct / stock:.3f}"
        print(f"| {name} | {row} |")
    print()
    print(
        f"{len(logs)} sets, seed 0 split: unhooked / stock fit time, geometric mean "
        f"{math.exp(statistics.mean(logs)):.3f}; on one thread, the two steps predicted the "
        "same probabilities on every set"
    )


if __name__ == "__main__":
    main()
