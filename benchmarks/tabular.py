"""Accuracy and fit time of FF, CFF and MLPClassifier on small tabular data sets.

Each model sits in a StandardScaler pipeline, on a 70/30 stratified split with
random_state 0. Run from the repository root::

    python benchmarks/tabular.py --out benchmarks/results/tabular.md
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import torch
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

DATASETS = {
    "digits": load_digits,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "iris": load_iris,
}
MODELS = {
    "ff": lambda: ForwardForwardClassifier(variant="ff", random_state=0, device="cpu"),
    "cff": lambda: ForwardForwardClassifier(variant="cff", random_state=0, device="cpu"),
    "MLPClassifier(max_iter=500)": lambda: MLPClassifier(max_iter=500, random_state=0),
}


def main() -> None:
    """Fit every model on every data set and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the table to this Markdown file")
    parser.add_argument(
        "--repeats", type=int, default=3, help="fits per cell; the median time is kept"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    lines = [
        f"torch threads: {torch.get_num_threads()}, "
        f"machine: {platform.processor() or platform.machine()}",
        "",
        "| dataset | rows x features | model | test accuracy | fit time (s, median of "
        f"{args.repeats}) |",
        "|---|---|---|---|---|",
    ]
    for name, loader in DATASETS.items():
        X, y = loader(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, stratify=y, random_state=0
        )
        for label, make in MODELS.items():
            times = []
            for _ in range(args.repeats):
                model = make_pipeline(StandardScaler(), make())
                start = time.perf_counter()
                model.fit(X_train, y_train)
                times.append(time.perf_counter() - start)
            accuracy = model.score(X_test, y_test)
            seconds = sorted(times)[len(times) // 2]
            shape = f"{X.shape[0]} x {X.shape[1]}"
            row = f"| {name} | {shape} | {label} | {accuracy:.4f} | {seconds:.2f} |"
            lines.append(row)
            print(row, flush=True)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
