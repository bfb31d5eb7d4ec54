"""How hard negatives are scored: all labels through every layer, or layer 1 alone.

The study behind :mod:`skff.core.negatives`: the default estimator trained
with hard negatives drawn from the goodness of every layer (``"all"``, one
all-label pass through the network per step, skff before 0.2) and from
layer 1's goodness alone (``"first"``, the default now: no matmul beyond the
training step's own), on the same splits and seeds. It prints the test
accuracy of each, and their difference, per data set and seed; binary sets
are left out (their one wrong label is the same either way)::

    python benchmarks/hard_negatives.py                     # digits, wine, iris, 20 classes
    python benchmarks/hard_negatives.py --mnist-rows 10000  # and 10,000 MNIST rows
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.datasets import load_digits, load_iris, load_wine, make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.core import negatives, trainer
from skff.core.embedding import EmbeddedRows
from skff.core.negatives import hard_wrong_labels_from_noise
from skff.core.scoring import label_scores

STAGED = trainer.hard_candidates


def all_layers(
    layers: Any,
    batch: EmbeddedRows,
    y: torch.Tensor,
    noise: torch.Tensor,
    workspace: Any = None,
    projection: torch.Tensor | None = None,
) -> torch.Tensor:
    """The draw of skff before 0.2: every label scored through every trained layer.

    Returned as the one candidate of each row, which the step then trains on.
    """
    n_classes = layers.label_weight.shape[1]
    scores = label_scores(CURRENT["net"], batch, CURRENT["n_layers"], use_head=False)
    return hard_wrong_labels_from_noise(scores, y, noise[:, :n_classes]).unsqueeze(1)


CURRENT: dict[str, Any] = {}
_step = trainer.Trainer.step


def _recording_step(self: trainer.Trainer, *args: Any, **kwargs: Any) -> Any:
    CURRENT.update(net=self.net, n_layers=self.trainable.stop)
    return _step(self, *args, **kwargs)


trainer.Trainer.step = _recording_step
SCORERS: dict[str, Callable[..., torch.Tensor]] = {"all": all_layers, "staged": STAGED}


def tabular_sets(seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The small multi-class sets: sklearn's digits, wine, iris, and 20 synthetic classes."""
    X20, y20 = make_classification(
        n_samples=4000,
        n_features=40,
        n_informative=15,
        n_classes=20,
        random_state=seed,
    )
    return {
        "digits": load_digits(return_X_y=True),
        "wine": load_wine(return_X_y=True),
        "iris": load_iris(return_X_y=True),
        "classification_20": (X20, y20),
    }


def score_tabular(name: str, X: np.ndarray, y: np.ndarray, seed: int, scorer: str) -> float:
    """Test accuracy of the default estimator, 70/30 stratified split seeded by ``seed``."""
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=seed
    )
    trainer.hard_candidates = SCORERS[scorer]
    try:
        pipe = make_pipeline(
            StandardScaler(), ForwardForwardClassifier(device="cpu", random_state=seed)
        )
        pipe.fit(X_train, y_train)
        return float(pipe.score(X_test, y_test))
    finally:
        trainer.hard_candidates = STAGED


def score_mnist(rows: int, seed: int, scorer: str) -> float:
    """Test accuracy (10,000 test rows) of the default estimator on the first ``rows`` rows."""
    from skff.datasets import load_mnist

    X, y, X_test, y_test = load_mnist()
    trainer.hard_candidates = SCORERS[scorer]
    try:
        model = ForwardForwardClassifier(device="cpu", random_state=seed).fit(X[:rows], y[:rows])
        return float(model.score(X_test, y_test))
    finally:
        trainer.hard_candidates = STAGED


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print one JSON line per data set and seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    parser.add_argument("--mnist-rows", type=int, default=0, help="0: no MNIST")
    parser.add_argument("--mnist-seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--sets", nargs="+", default=None, help="tabular sets (default: all)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=negatives.HARD_CANDIDATES)
    parser.add_argument("--out", type=Path, default=None, help="append the JSON lines here")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    negatives.HARD_CANDIDATES = args.candidates
    warnings.simplefilter("ignore")
    rows: list[dict[str, Any]] = []

    def report(name: str, seed: int, scores: dict[str, float]) -> None:
        row = {
            "set": name,
            "seed": seed,
            **scores,
            "staged_minus_all": scores["staged"] - scores["all"],
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
        if args.out is not None:
            with args.out.open("a") as out:
                out.write(json.dumps(row) + "\n")

    for seed in args.seeds:
        for name, (X, y) in tabular_sets(seed).items():
            if args.sets and name not in args.sets:
                continue
            report(name, seed, {s: score_tabular(name, X, y, seed, s) for s in SCORERS})
    if args.mnist_rows:
        for seed in args.mnist_seeds:
            report(
                f"mnist_{args.mnist_rows}",
                seed,
                {s: score_mnist(args.mnist_rows, seed, s) for s in SCORERS},
            )
    by_set: dict[str, list[float]] = {}
    for row in rows:
        by_set.setdefault(row["set"], []).append(row["staged_minus_all"])
    for name, diffs in by_set.items():
        print(f"{name}: staged - all = {np.mean(diffs) * 100:+.2f} points (mean of {len(diffs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
