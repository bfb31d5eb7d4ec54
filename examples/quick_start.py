"""Quick start: a collaborative Forward-Forward classifier on sklearn's digits.

Fits ``ForwardForwardClassifier`` in a ``StandardScaler`` pipeline, prints
the test accuracy, and saves two figures: the loss of each layer over the
epochs, and each layer's goodness of positive data (true label) and negative
data (a wrong label) on the test set.

Run it with ``python examples/quick_start.py [OUTPUT_DIR]``; the figures go
to ``examples/output/`` by default. About 5 seconds on a CPU.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; no display needed

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.plotting import plot_goodness_histograms, plot_loss_curves

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "output"


def main(output: Path) -> None:
    """Fit, score and plot; write the figures into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )

    model = Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "ff",
                ForwardForwardClassifier(
                    variant="cff", depth=2, random_state=0, verbose=1
                ),
            ),
        ]
    )
    model.fit(X_train, y_train)
    print(f"test accuracy: {model.score(X_test, y_test):.4f}")
    print(
        "first five test predictions:",
        model.predict(X_test[:5]),
        "true:",
        y_test[:5],
    )

    ax = plot_loss_curves(model)
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    ax.figure.savefig(output / "quick_start_loss.png", dpi=200)
    axes = plot_goodness_histograms(model, X_test, y_test)
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    axes[0].figure.savefig(output / "quick_start_goodness.png", dpi=200)
    print(
        f"figures written to {output}/quick_start_loss.png "
        "and quick_start_goodness.png"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder for the figures",
    )
    main(parser.parse_args().output)
