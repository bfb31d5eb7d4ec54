"""Check that a refactoring leaves every prediction bit-identical.

Fits a fixed set of configurations (every variant, schedule, embedding,
prediction rule and negative sampler; partial_fit, warm_start and early
stopping; the tabular benchmark's data sets, the demo's split and a fixed
MNIST subset) with every hyperparameter spelled out, so that changing a
default does not change what is compared, and records ``predict_proba``,
``decision_function``, the loss curves and the information-flow
diagnostics. ``--save`` writes them; ``--check`` recomputes them and
reports every difference, exiting 1 if any value differs by even one bit.

Floating-point results depend on the processor's kernels, so a reference
file is only meaningful on the machine (and torch build) that wrote it::

    python benchmarks/prediction_identity.py --save /tmp/before.npz   # before the change
    python benchmarks/prediction_identity.py --check /tmp/before.npz  # after it

MNIST rows are read from ``$SKFF_DATA_HOME``; without the file that group
is skipped, and the run says so.
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import skff
from skff import ForwardForwardClassifier
from skff.diagnostics import functional_entropy, layer_contributions

# Every parameter spelled out (the defaults as of skff 0.1.0), so a later change
# of a default leaves this reference valid.
BASE: dict[str, Any] = {
    "variant": "cff",
    "depth": 2,
    "width": 64,
    "threshold": 4.0,
    "schedule": "network",
    "label_embedding": "concat",
    "label_scale": 1.0,
    "negatives": "random",
    "prediction": "goodness",
    "skip_first_layer": False,
    "batch_size": "auto",
    "max_iter": 8,
    "learning_rate_init": 0.01,
    "learning_rate": "linear",
    "alpha": 0.0,
    "early_stopping": False,
    "validation_fraction": 0.1,
    "n_iter_no_change": 10,
    "tol": 1e-4,
    "warm_start": False,
    "random_state": 0,
    "verbose": 0,
    "device": "cpu",
    "precision": "fp32",
    # Added after 0.1.0, spelled out for the same reason (loss="auto" gives SymBa's to FF,
    # and to CFF on 1,000 rows or more of 3 classes or more).
    "loss": "threshold",
}

CONFIGS: dict[str, dict[str, Any]] = {
    "cff": {},
    "ff": {"variant": "ff"},
    "cff_prev": {"variant": "cff_prev", "depth": 3},
    "ff_layer": {"variant": "ff", "schedule": "layer", "depth": 3, "max_iter": 4},
    "cff_layer": {"schedule": "layer", "depth": 3, "max_iter": 4},
    "hard": {"negatives": "hard", "label_scale": 5.0},
    "hard_skip": {"negatives": "hard", "skip_first_layer": True, "depth": 3},
    "softmax": {"prediction": "softmax", "depth": 3},
    "softmax_skip": {"prediction": "softmax", "skip_first_layer": True, "depth": 3},
    "overwrite": {"label_embedding": "overwrite", "variant": "ff"},
    "constant_lr_alpha": {"learning_rate": "constant", "alpha": 1e-3, "batch_size": 32},
    "early_stopping": {"early_stopping": True, "n_iter_no_change": 2, "max_iter": 12},
    "plateau_stop": {"tol": 0.5, "n_iter_no_change": 1, "max_iter": 20},
}


TABULAR: dict[str, dict[str, Any]] = {
    "defaults_cff": {"width": 256, "max_iter": 60},
    "defaults_ff": {"variant": "ff", "width": 256, "max_iter": 60},
}


def _split(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), y_train, scaler.transform(X_test), y_test


def _tabular() -> Iterator[tuple[str, tuple[np.ndarray, ...]]]:
    for name, loader in (
        ("digits", load_digits),
        ("wine", load_wine),
        ("breast_cancer", load_breast_cancer),
        ("iris", load_iris),
    ):
        yield name, _split(*loader(return_X_y=True))


def _mnist() -> tuple[np.ndarray, ...] | None:
    path = Path(os.environ.get("SKFF_DATA_HOME", Path.home() / "skff_data")) / "mnist.npz"
    if not path.exists():
        return None
    from skff.datasets import load_mnist

    X_train, y_train, X_test, y_test = load_mnist(path.parent)
    return X_train[:2000], y_train[:2000], X_test[:500], y_test[:500]


def _record(out: dict[str, np.ndarray], prefix: str, model: Any, X: np.ndarray, y: Any) -> None:
    out[f"{prefix}/proba"] = model.predict_proba(X)
    out[f"{prefix}/decision"] = np.asarray(model.decision_function(X))
    out[f"{prefix}/predict"] = np.asarray(model.predict(X))
    out[f"{prefix}/loss_curve"] = np.asarray(model.loss_curve_)
    out[f"{prefix}/layer_loss_curve"] = np.concatenate(
        [np.asarray(c, dtype=np.float64) for c in model.layer_loss_curve_]
    )
    out[f"{prefix}/contributions"] = layer_contributions(model, X, y)
    out[f"{prefix}/entropy"] = functional_entropy(model, X, y)
    if model.validation_scores_ is not None:
        out[f"{prefix}/validation_scores"] = np.asarray(model.validation_scores_)


def _fit(X: np.ndarray, y: np.ndarray, **params: Any) -> ForwardForwardClassifier:
    return ForwardForwardClassifier(**{**BASE, **params}).fit(X, y)


def compute(log: Callable[[str], None] = print) -> dict[str, np.ndarray]:
    """Every recorded array, keyed ``data/config/quantity``."""
    torch.set_num_threads(1)
    out: dict[str, np.ndarray] = {}
    warnings.simplefilter("ignore")
    groups = list(_tabular())
    mnist = _mnist()
    if mnist is None:
        log("MNIST not found under $SKFF_DATA_HOME: the mnist group is skipped")
    else:
        groups.append(("mnist", mnist))
    for data_name, (X_train, y_train, X_test, y_test) in groups:
        configs = CONFIGS if data_name in ("digits", "mnist") else {"cff": {}, "ff": CONFIGS["ff"]}
        if data_name != "mnist":
            # The tabular benchmark and the demo: the 0.1.0 defaults, width 256 and 60 epochs.
            configs = {**configs, **TABULAR}
        for config_name, params in configs.items():
            if data_name == "mnist":
                params = {**params, "label_scale": 20.0, "negatives": "hard", "width": 128}
            if params.get("label_embedding") == "overwrite" and X_train.shape[1] <= len(
                np.unique(y_train)
            ):
                continue
            model = _fit(X_train, y_train, **params)
            _record(out, f"{data_name}/{config_name}", model, X_test, y_test)
            log(f"{data_name}/{config_name}")
    X_train, y_train, X_test, y_test = groups[0][1]
    # partial_fit over three blocks, then a save/load and pickle round trip.
    model = ForwardForwardClassifier(**BASE)
    classes = np.unique(y_train)
    for block in np.array_split(np.arange(len(y_train)), 3):
        model.partial_fit(X_train[block], y_train[block], classes=classes)
    _record(out, "digits/partial_fit", model, X_test, y_test)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.safetensors"
        skff.save(model, path)
        loaded = skff.load(path)
    loaded.partial_fit(X_train[:300], y_train[:300])
    _record(out, "digits/partial_fit_after_load", loaded, X_test, y_test)
    buffer = io.BytesIO()
    pickle.dump(model, buffer)
    buffer.seek(0)
    unpickled = pickle.load(buffer)
    out["digits/pickle/proba"] = unpickled.predict_proba(X_test)
    # warm_start: a second fit continues from the first.
    model = ForwardForwardClassifier(**{**BASE, "warm_start": True}).fit(X_train, y_train)
    model.fit(X_train, y_train)
    _record(out, "digits/warm_start", model, X_test, y_test)
    log("digits/partial_fit, save/load, pickle, warm_start")
    return out


def main() -> int:
    """Save or check the reference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the reference .npz here")
    group.add_argument("--check", type=Path, help="compare against this reference .npz")
    args = parser.parse_args()
    values = compute()
    if args.save:
        np.savez(args.save, **values)
        print(f"{len(values)} arrays saved to {args.save}")
        return 0
    with np.load(args.check) as reference:
        expected = {k: reference[k] for k in reference.files}
    problems = []
    for key in sorted(set(expected) | set(values)):
        if key not in values:
            problems.append(f"{key}: missing now")
        elif key not in expected:
            problems.append(f"{key}: new (not in the reference)")
        elif expected[key].shape != values[key].shape or not np.array_equal(
            expected[key], values[key]
        ):
            diff = "shape differs"
            if expected[key].shape == values[key].shape and expected[key].dtype.kind == "f":
                diff = f"max abs difference {np.abs(expected[key] - values[key]).max():.3g}"
            problems.append(f"{key}: {diff}")
    for line in problems:
        print(line)
    print(f"{len(expected)} reference arrays, {len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
