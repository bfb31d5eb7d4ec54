"""Grid search: a Pipeline + GridSearchCV over variant, depth and threshold.

``ForwardForwardClassifier`` is an ordinary scikit-learn estimator, so it is
tuned like any other: here over FF against CFF, one or two hidden layers, and
two thresholds, with 3-fold cross-validation on the training part of sklearn's
digits. Prints the ranked results and the held-out accuracy of the best
model, and saves a bar chart of the cross-validated accuracy of every
combination.

Run it with ``python examples/grid_search.py [OUTPUT_DIR]``; the figure goes to
``examples/output/`` by default. About 20 seconds on a CPU.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; no display needed

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "output"
GRID = {
    "ff__variant": ["ff", "cff"],
    "ff__depth": [1, 2],
    "ff__threshold": [2.0, 4.0],
}


def main(output: Path) -> None:
    """Search, report, and write the figure into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "ff",
                ForwardForwardClassifier(
                    width=128,
                    max_iter=30,
                    # The threshold belongs to the threshold loss; loss="auto"
                    # would give digits SymBa's, which leaves it out.
                    loss="threshold",
                    random_state=0,
                ),
            ),
        ]
    )
    search = GridSearchCV(pipe, GRID, cv=3, n_jobs=1)
    with warnings.catch_warnings():
        # max_iter=30 caps each fit to keep the search short; a fit that
        # reaches the cap before its loss levels off warns "not converged".
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X_train, y_train)

    results = search.cv_results_
    print("rank  variant  depth  threshold  cv accuracy")
    for i in np.argsort(results["rank_test_score"], kind="stable"):
        params = results["params"][i]
        print(
            f"{results['rank_test_score'][i]:>4}  {params['ff__variant']:>7}  "
            f"{params['ff__depth']:>5}  {params['ff__threshold']:>9}  "
            f"{results['mean_test_score'][i]:.4f} "
            f"± {results['std_test_score'][i]:.4f}"
        )
    print("best:", search.best_params_)
    print(
        "held-out accuracy of the best pipeline: "
        f"{search.score(X_test, y_test):.4f}"
    )

    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    settings = [
        (d, t) for d in GRID["ff__depth"] for t in GRID["ff__threshold"]
    ]
    positions = np.arange(len(settings))
    for offset, variant in zip((-0.2, 0.2), GRID["ff__variant"], strict=True):
        means, stds = [], []
        for depth, threshold in settings:
            (i,) = [
                j
                for j, p in enumerate(results["params"])
                if p
                == {
                    "ff__variant": variant,
                    "ff__depth": depth,
                    "ff__threshold": threshold,
                }
            ]
            means.append(results["mean_test_score"][i])
            stds.append(results["std_test_score"][i])
        ax.bar(
            positions + offset,
            means,
            width=0.4,
            yerr=stds,
            capsize=3,
            label=variant,
        )
    ax.set_xticks(positions, [f"depth {d}\nθ = {t:g}" for d, t in settings])
    ax.set_ylim(min(results["mean_test_score"]) - 0.05, 1.0)
    ax.set_ylabel("3-fold CV accuracy")
    ax.set_title("Digits: FF vs CFF over depth and threshold")
    ax.legend(title="variant")
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    fig.savefig(output / "grid_search.png", dpi=200)
    print(f"figure written to {output}/grid_search.png")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder for the figure",
    )
    main(parser.parse_args().output)
