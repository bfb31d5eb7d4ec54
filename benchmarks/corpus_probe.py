"""Why CFF trails MLP on some corpus sets: probes that record test *and* training accuracy.

``corpus_study.py`` records test accuracy only. This script fits, on every split of the
named corpus sets (the same splits, preprocessing and models as ``corpus_study.py``):
``MLPClassifier(max_iter=500)``, ``ForwardForwardClassifier()`` at its defaults, and the
defaults changed by one probe; and it records, for each fit, the test accuracy, the
accuracy on the training rows, the epochs run and the fit seconds. Probes
(:data:`PROBES`):

``train_accuracy``
    ``learning_rate="adaptive"`` whose plateau test also counts a new high of the
    training accuracy as progress: after each epoch at the full step size the model
    scores up to :data:`TRAIN_ACCURACY_ROWS` training rows spread over the set, and the
    anneal starts only once neither the loss (by ``tol``) nor that accuracy has improved
    for ``n_iter_no_change`` epochs. The question: does the loss, which hard negatives
    keep non-stationary, stop fits that are still learning?
``half_batch``
    ``batch_size`` of ``n_train // 20`` clipped to ``[16, 64]``, half of ``"auto"``'s
    ``n_train // 10`` in ``[16, 128]``: twice the steps per epoch. The question: do the
    fits take too few steps?
``double_batch``
    ``batch_size`` of ``n_train // 5`` clipped to ``[32, 128]``: half the steps per epoch
    on sets of under 1,280 training rows (and the same at 1,280 and over). The question:
    on small sets, where a step's cost is mostly fixed overhead, does half the steps cost
    accuracy, and how much fit time does it save?
``double_batch_lr``
    ``double_batch`` with 1.5 times ``"auto"``'s ``learning_rate_init``: do larger steps
    win back what fewer steps lose?
``min_batch_32``
    ``batch_size`` of ``n_train // 10`` clipped to ``[32, 128]``: at least 32 rows a
    batch, so that sets of under 320 training rows take half the steps of 16 rows or
    fewer, and larger sets are fitted as before. Round twelve made it CFF's default
    (``skff.defaults.resolve_batch_size``).
``ff`` and ``ff_min_batch_32``
    FF at its defaults, and FF with ``min_batch_32``'s batch: the same question for FF.
    Fitted with ``--baseline ff``, so that the report compares the two FF fits. Round
    thirteen made it FF's default too.
``large_step``, ``smaller_step`` and ``mid_small_step``
    Adam's step size under CFF: 0.01 on every size (round six's 0.003 below 200 training
    rows undone), 0.001 below 200 rows (and 0.01 above), and 0.003 from 200 to 499 rows too.
    The question: now that sets of under 320 rows take 32 rows a batch, is 0.003 still the
    step below 200 rows, and does it suit the larger sets of 32-row batches too? Round
    fourteen moved the rule's bound to 320 (``skff.defaults.SMALL_FIT_ROWS``).
``ceiling_200``, ``symba_500``, ``combined_1000`` and ``symba_combined_1000``
    CFF on 500 to 999 training rows (where ``"auto"`` gives the goodness read-out, the
    threshold loss and 120 epochs): ``max_iter=200`` on every size, SymBa's loss, the
    combined read-out, and both. The question: what holds the mid-size multiclass sets
    back? Round fourteen gave them the combined read-out
    (``skff.defaults.COMBINED_MAX_ROWS``).

``train_accuracy`` is no estimator option: it swaps the callback class that
``skff.training`` builds, for the duration of the fit only. The others set
``variant``, ``batch_size`` and ``learning_rate_init``.

The defaults are the code's own: the records of rounds eleven and twelve were made at
round eleven's defaults (``batch_size="auto"`` then took 16 rows at least under CFF too).

Each fit appends one JSON line to ``--results``; fits already recorded are skipped.
``--seeds`` fits (and reports) other splits than the study's own three. The
report (``--report``) compares each probe with the defaults over the sets with every seed
recorded: the mean gap to MLP in test accuracy and in training accuracy (points; mean
over seeds, then over sets), the sets the probe made better or worse by more than 0.05
points, the sets below -5, and the fit time over MLP's (geometric mean over a set's
seeds, then over sets).

Commands (round eleven, ``docs/user-guide/defaults-study.md``)::

    export OMP_NUM_THREADS=1
    P=benchmarks/results/corpus_probe.jsonl
    L=benchmarks/results/corpus_probe_sets.json
    python benchmarks/corpus_probe.py --probe train_accuracy --sets-from $L:trailing \\
        --results $P
    python benchmarks/corpus_probe.py --probe half_batch --sets-from $L:half_batch \\
        --results $P
    python benchmarks/corpus_probe.py --report --probe train_accuracy --sets-from $L:trailing \\
        --results $P
    python benchmarks/corpus_probe.py --report --probe half_batch --sets-from $L:half_batch \\
        --results $P

Round twelve (its records were made with the defaults of commit c739c02)::

    export OMP_NUM_THREADS=1
    B=benchmarks/results/corpus_probe_batch.jsonl
    L=benchmarks/results/corpus_probe_sets.json
    for probe in double_batch double_batch_lr min_batch_32; do
        python benchmarks/corpus_probe.py --probe $probe --sets-from $L:double_batch \\
            --results $B
        python benchmarks/corpus_probe.py --report --probe $probe \\
            --sets-from $L:double_batch --results $B
    done
    python benchmarks/corpus_probe.py --probe min_batch_32 \\
        --sets-from $L:min_batch_batteries --results $B
    python benchmarks/corpus_probe.py --report --probe min_batch_32 \\
        --sets-from $L:min_batch_batteries --results $B

(``min_batch_32`` was fitted on the 28 sets of the ``double_batch`` list with fewer than
320 training rows, where it differs from the defaults of the time.)

Round thirteen (at the defaults of commit 2dc7e12; ``ff_min_batch`` holds the 154 tuning sets
of the first fifteen batteries with fewer than 457 rows, about 320 training rows; the two
processes each took every other set of the list, and their records were joined)::

    export OMP_NUM_THREADS=1
    F=benchmarks/results/corpus_probe_ff_batch.jsonl
    L=benchmarks/results/corpus_probe_sets.json
    python benchmarks/corpus_probe.py --probe ff_min_batch_32 --baseline ff \\
        --sets-from $L:ff_min_batch --results $F
    python benchmarks/corpus_probe.py --report --probe ff_min_batch_32 --baseline ff \\
        --sets-from $L:ff_min_batch --results $F

Round fourteen (at the defaults of commit b64011d, round thirteen's; ``small_step`` holds the
113 tuning sets of the sixteen batteries with fewer than 200 training rows, ``mid_step`` the
93 of 200 to 499, both listed before any fit; the MLP records of the sets under 320 rows
were copied from ``corpus_probe_ff_batch.jsonl``, made the same way; seeds 3 to 5 were
added on the 45 sets of 200 to 319 rows once seeds 0 to 2 had been read)::

    export OMP_NUM_THREADS=1
    S=benchmarks/results/corpus_probe_step.jsonl
    L=benchmarks/results/corpus_probe_sets.json
    for probe in large_step smaller_step; do
        python benchmarks/corpus_probe.py --probe $probe --sets-from $L:small_step \\
            --results $S
    done
    python benchmarks/corpus_probe.py --probe mid_small_step --sets-from $L:mid_step \\
        --results $S
    python benchmarks/corpus_probe.py --probe mid_small_step \\
        --sets-from $L:mid_step_320 --seeds 3 4 5 --results $S
    python benchmarks/corpus_probe.py --report --sets-from $L:small_step --results $S
    python benchmarks/corpus_probe.py --report --probe mid_small_step --sets-from $L:mid_step_320 \\
        --seeds 0 1 2 3 4 5 --results $S

(``mid_step_320``: the 45 sets of ``mid_step`` with fewer than 320 training rows;
``mid_step_500`` the 48 others.)

Then, on the 40 tuning sets of 500 to 999 training rows and 3+ classes (``mid_multiclass``,
listed before any fit; seeds 3 to 5 of ``combined_1000`` added once 0 to 2 had been read)::

    export OMP_NUM_THREADS=1
    M=benchmarks/results/corpus_probe_mid.jsonl
    L=benchmarks/results/corpus_probe_sets.json
    for probe in ceiling_200 symba_500 combined_1000 symba_combined_1000; do
        python benchmarks/corpus_probe.py --probe $probe --sets-from $L:mid_multiclass \\
            --results $M
    done
    python benchmarks/corpus_probe.py --probe combined_1000 --sets-from $L:mid_multiclass \\
        --seeds 3 4 5 --results $M
    python benchmarks/corpus_probe.py --report --sets-from $L:mid_multiclass --results $M
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from corpus import CORPUS
from corpus_study import (
    HALVES,
    MLP,
    half_sets,
    make_model,
    preprocessing,
    seeds_for,
    splits,
)
from defaults_study import append_record, read_records

DEFAULTS = "defaults"
#: Training rows scored after each epoch by the ``train_accuracy`` probe, at most.
TRAIN_ACCURACY_ROWS = 2048


@contextlib.contextmanager
def train_accuracy_plateau() -> Iterator[None]:
    """While open, ``skff.training`` builds :class:`TrainAccuracyPlateau` for "adaptive"."""
    import torch

    import skff.training
    from skff.core.callbacks import PlateauAnneal
    from skff.core.loop import TrainingLoop
    from skff.core.scoring import label_scores

    class TrainAccuracyPlateau(PlateauAnneal):
        """:class:`PlateauAnneal` whose patience also resets on a new training-accuracy high."""

        def on_phase_begin(self, loop: TrainingLoop, trainable: range) -> None:
            super().on_phase_begin(loop, trainable)
            self._best_accuracy = -math.inf
            rows, y = loop.probe_rows
            spread = np.linspace(0, len(y) - 1, num=min(len(y), TRAIN_ACCURACY_ROWS))
            index = torch.as_tensor(spread.astype(np.int64), device=y.device)
            self._rows, self._y = rows.take(index), y[index]

        def improved(self, loop: TrainingLoop, epoch: Any) -> bool:
            loss_improved = super().improved(loop, epoch)
            if self.monitor != "loss":
                return loss_improved
            with torch.no_grad():
                scores = label_scores(loop.net, self._rows, epoch.trainable.stop)
            accuracy = float((scores.argmax(1) == self._y).float().mean())
            accuracy_improved = accuracy > self._best_accuracy
            self._best_accuracy = max(self._best_accuracy, accuracy)
            return loss_improved or accuracy_improved

    original_run = TrainingLoop.run

    def run(self: TrainingLoop, rows: Any, y: Any, phase_list: list[range]) -> list[bool]:
        self.probe_rows = (rows, y)
        return original_run(self, rows, y, phase_list)

    skff.training.PlateauAnneal, TrainingLoop.run = TrainAccuracyPlateau, run
    try:
        yield
    finally:
        skff.training.PlateauAnneal, TrainingLoop.run = PlateauAnneal, original_run


def half_batch(n_train: int) -> dict[str, Any]:
    """``batch_size``: half of ``"auto"``'s, ``n_train // 20`` in ``[16, 64]``."""
    return {"batch_size": int(np.clip(n_train // 20, 16, 64))}


def double_batch(n_train: int) -> dict[str, Any]:
    """``batch_size``: twice ``"auto"``'s, ``n_train // 5`` in ``[32, 128]``."""
    return {"batch_size": int(np.clip(n_train // 5, 32, 128))}


def double_batch_lr(n_train: int) -> dict[str, Any]:
    """:func:`double_batch`, and 1.5 times ``"auto"``'s Adam step size."""
    from skff.defaults import resolve_learning_rate_init

    rate = 1.5 * resolve_learning_rate_init("auto", "cff", n_train)
    return {**double_batch(n_train), "learning_rate_init": rate}


def min_batch_32(n_train: int) -> dict[str, Any]:
    """``batch_size``: ``n_train // 10`` clipped to ``[32, 128]``, not ``[16, 128]``."""
    return {"batch_size": int(np.clip(n_train // 10, 32, 128))}


def ff_defaults(n_train: int) -> dict[str, Any]:
    """FF at its defaults: the baseline of the ``ff_*`` probes (``--baseline ff``)."""
    return {"variant": "ff"}


def ff_min_batch_32(n_train: int) -> dict[str, Any]:
    """FF with :func:`min_batch_32`'s batch: CFF's ``"auto"`` rule since round twelve."""
    return {**ff_defaults(n_train), **min_batch_32(n_train)}


def large_step(n_train: int) -> dict[str, Any]:
    """Adam's step size 0.01 under CFF on every size: round six's 0.003 below 200 rows undone."""
    return {"learning_rate_init": 0.01}


def smaller_step(n_train: int) -> dict[str, Any]:
    """Adam's step size 0.001 under CFF below 200 rows, a third of round six's 0.003."""
    return {"learning_rate_init": 0.001 if n_train < 200 else 0.01}


def mid_small_step(n_train: int) -> dict[str, Any]:
    """Adam's step size 0.003 under CFF from 200 to 499 training rows too (0.01 by default)."""
    return {"learning_rate_init": 0.003} if 200 <= n_train < 500 else {}


def ceiling_200(n_train: int) -> dict[str, Any]:
    """``max_iter=200`` under CFF on every size: round ten's 120 from 500 rows undone."""
    return {"max_iter": 200}


def symba_500(n_train: int) -> dict[str, Any]:
    """SymBa's loss under CFF from 500 to 999 training rows (``"auto"``'s from 1,000 on 3+)."""
    return {"loss": "symba"} if 500 <= n_train < 1000 else {}


def combined_1000(n_train: int) -> dict[str, Any]:
    """The combined read-out under CFF from 500 to 999 rows (``"auto"``'s below 500 on 3+)."""
    return {"prediction": "combined"} if 500 <= n_train < 1000 else {}


def symba_combined_1000(n_train: int) -> dict[str, Any]:
    """:func:`symba_500` and :func:`combined_1000` together."""
    return {**symba_500(n_train), **combined_1000(n_train)}


#: Each probe: the parameters it sets, from the training rows.
PROBES: dict[str, Callable[[int], dict[str, Any]]] = {
    "train_accuracy": lambda n_train: {},
    "half_batch": half_batch,
    "double_batch": double_batch,
    "double_batch_lr": double_batch_lr,
    "min_batch_32": min_batch_32,
    "ff": ff_defaults,
    "ff_min_batch_32": ff_min_batch_32,
    "large_step": large_step,
    "smaller_step": smaller_step,
    "mid_small_step": mid_small_step,
    "ceiling_200": ceiling_200,
    "symba_500": symba_500,
    "combined_1000": combined_1000,
    "symba_combined_1000": symba_combined_1000,
}
#: What a probe patches in the library while it fits (the others patch nothing).
PATCHES: dict[str, Callable[[], Any]] = {"train_accuracy": train_accuracy_plateau}


def fit_one(name: str, loaded: Any, split: Any, candidate: str) -> dict[str, Any]:
    """Fit one pipeline on one split; its record, with the training accuracy."""
    from sklearn.pipeline import Pipeline

    spec = None if candidate == MLP else {}
    patch: Callable[[], Any] = contextlib.nullcontext
    if candidate in PROBES:
        spec = PROBES[candidate](len(split.y_train))
        patch = PATCHES.get(candidate, contextlib.nullcontext)
    model = make_model(spec, split.seed)
    pipe = Pipeline([("preprocessing", preprocessing(loaded)), ("model", model)])
    with warnings.catch_warnings(), patch():
        warnings.simplefilter("ignore")  # convergence and dead-layer warnings: not counted
        start = time.perf_counter()
        pipe.fit(split.X_train, split.y_train)
        seconds = time.perf_counter() - start
    return {
        "dataset": name,
        "seed": split.seed,
        "candidate": candidate,
        "params": spec,
        "n_train": len(split.y_train),
        "n_classes": len(np.unique(split.y_train)),
        "accuracy": float(pipe.score(split.X_test, split.y_test)),
        "train_accuracy": float(pipe.score(split.X_train, split.y_train)),
        "n_iter": int(np.max(model.n_iter_)),
        "fit_seconds": seconds,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def run(
    names: list[str],
    probe: str,
    results: Path,
    threads: int,
    baseline: str = DEFAULTS,
    seeds: tuple[int, ...] | None = None,
) -> None:
    """Fit MLP, ``baseline`` and ``probe`` on the splits of ``names``, skipping recorded fits.

    ``seeds`` names the splits (``corpus_study.splits``); the study's own by default.
    """
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(threads)
    threadpool_limits(limits=threads)
    done = {(r["dataset"], r["seed"], r["candidate"]) for r in read_records(results)}
    for name in names:
        loaded = CORPUS[name].load()
        for split in splits(loaded, seeds):
            for candidate in (MLP, baseline, probe):
                if (name, split.seed, candidate) in done:
                    continue
                record = fit_one(name, loaded, split, candidate)
                append_record(record, results)
                print(
                    f"{name:18s} seed {split.seed} {candidate:28s} acc {record['accuracy']:.4f}"
                    f" train {record['train_accuracy']:.4f} it {record['n_iter']}",
                    flush=True,
                )


def report(
    names: list[str],
    results: Path,
    only: str | None = None,
    baseline: str = DEFAULTS,
    seeds: tuple[int, ...] | None = None,
) -> str:
    """One line per probe recorded on ``names`` (or ``only``'s), against ``baseline``.

    A set counts once every split is recorded: the study's own, or those of ``seeds``.
    """
    own = study_seeds()
    fits: dict[tuple[str, int], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in read_records(results):
        if r["dataset"] in names and r["seed"] in (own[r["dataset"]] if seeds is None else seeds):
            fits[r["dataset"], r["seed"]][r["candidate"]] = r
    lines = []
    recorded = sorted({c for by in fits.values() for c in by} - {MLP, baseline})
    for probe in recorded if only is None else [only]:
        per_set: dict[str, list[tuple[float, ...]]] = defaultdict(list)
        for (name, _), by in fits.items():
            if {MLP, baseline, probe} <= by.keys():
                mlp, base, cand = by[MLP], by[baseline], by[probe]
                per_set[name].append(
                    (
                        100 * (base["accuracy"] - mlp["accuracy"]),
                        100 * (cand["accuracy"] - mlp["accuracy"]),
                        100 * (base["train_accuracy"] - mlp["train_accuracy"]),
                        100 * (cand["train_accuracy"] - mlp["train_accuracy"]),
                        math.log(base["fit_seconds"] / mlp["fit_seconds"]),
                        math.log(cand["fit_seconds"] / mlp["fit_seconds"]),
                    )
                )
        complete = [
            name
            for name, rows in per_set.items()
            if len(rows) == len(own[name] if seeds is None else seeds)
        ]
        if not complete:
            continue
        means = [[statistics.mean(col) for col in zip(*per_set[n], strict=True)] for n in complete]
        columns = map(list, zip(*means, strict=True))
        base, cand, base_train, cand_train, base_time, cand_time = columns
        better = sum(c > b + 0.05 for b, c in zip(base, cand, strict=True))
        worse = sum(c < b - 0.05 for b, c in zip(base, cand, strict=True))
        lines.append(
            f"{probe}: {len(complete)} sets; test gap {statistics.mean(base):+.2f} -> "
            f"{statistics.mean(cand):+.2f} points, {better} better / {worse} worse, "
            f"below -5: {sum(g < -5 for g in base)} -> {sum(g < -5 for g in cand)}; "
            f"training-accuracy gap {statistics.mean(base_train):+.2f} -> "
            f"{statistics.mean(cand_train):+.2f}; fit time x MLP "
            f"{math.exp(statistics.mean(base_time)):.2f} -> "
            f"{math.exp(statistics.mean(cand_time)):.2f}"
        )
    return "\n".join(lines)


def study_seeds() -> dict[str, tuple[int, ...]]:
    """The study's own splits of every corpus set, from the committed shapes (``seeds_for``)."""
    shapes = {name: shape for half in HALVES for name, shape in half_sets(half)[1].items()}
    return {
        name: seeds_for(own_split=shape["kind"] == "series", n_rows=shape["rows"])
        for name, shape in shapes.items()
    }


def read_set_list(spec: str) -> list[str]:
    """``FILE:KEY``: the list of set names under ``KEY`` in the JSON file ``FILE``."""
    path, _, key = spec.rpartition(":")
    return list(json.loads(Path(path).read_text())[key])


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe", choices=list(PROBES))
    parser.add_argument("--sets", nargs="+", choices=list(CORPUS), default=[])
    parser.add_argument("--sets-from", help="FILE:KEY, a JSON file's list of set names")
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--report", action="store_true")
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        help="the splits to fit or report (default: the study's own; a series keeps its split)",
    )
    parser.add_argument(
        "--baseline",
        choices=[DEFAULTS, *PROBES],
        default=DEFAULTS,
        help="what the probe is fitted beside and compared with (default: the defaults)",
    )
    args = parser.parse_args(argv)
    names = args.sets + (read_set_list(args.sets_from) if args.sets_from else [])
    if not names:
        parser.error("name the sets: --sets and/or --sets-from")
    if args.report:
        seeds = None if args.seeds is None else tuple(args.seeds)
        print(report(names, args.results, args.probe, args.baseline, seeds))
    elif args.probe is None:
        parser.error("--probe is required unless --report")
    else:
        seeds = None if args.seeds is None else tuple(args.seeds)
        run(names, args.probe, args.results, args.threads, args.baseline, seeds)


if __name__ == "__main__":
    main()
