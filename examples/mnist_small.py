"""MNIST at small scale: FF against CFF on 10,000 training images.

Loads MNIST with :func:`skff.datasets.load_mnist`, which reads ``mnist.npz``
from ``$SKFF_DATA_HOME`` when that is set (else ``~/skff_data``) and
downloads it there, checksum-verified, when it is missing. Trains FF and CFF
with three hidden layers at the defaults (hard negatives, ``label_scale``
chosen from the number of pixels), but for a fixed number of epochs under
``learning_rate="linear"``, on a stratified sample of the training set, tests
on the full official test set, prints the accuracy of each and the accuracy of
predicting with the first ``k`` layers only (each layer's contribution), and
saves the loss curves and the goodness histograms of both models.

Run it with
``python examples/mnist_small.py [OUTPUT_DIR] [--n-train N] [--max-iter N]``;
figures go to ``examples/output/`` by default. About 20 seconds on a 2-core CPU
with the defaults. With ``SKFF_EXAMPLES_REDUCED=1`` in the environment (as when
the documentation is built) the defaults shrink to 3,000 training images and 5
epochs, scored on the first 3,000 test images.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; no display needed

import matplotlib.pyplot as plt
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skff import ForwardForwardClassifier
from skff.datasets import load_mnist
from skff.diagnostics import layer_contributions
from skff.plotting import plot_goodness_histograms, plot_loss_curves

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "output"
#: Smaller defaults for the documentation build (``SKFF_EXAMPLES_REDUCED=1``).
REDUCED = os.environ.get("SKFF_EXAMPLES_REDUCED", "") not in ("", "0")


def main(output: Path, n_train: int, max_iter: int) -> None:
    """Train, report, and write the figures into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    data = load_mnist()
    print(f"MNIST from {data.path}")
    X_train, _, y_train, _ = train_test_split(
        data.X_train,
        data.y_train,
        train_size=n_train,
        stratify=data.y_train,
        random_state=0,
    )
    X_test, y_test = data.X_test, data.y_test
    if REDUCED:
        X_test, y_test = X_test[:3000], y_test[:3000]
        print(
            f"Reduced run: {n_train} training images, {max_iter} epochs, "
            f"{len(y_test)} test images (the full run: 10000, 15 and 10000)."
        )

    fig, loss_axes = plt.subplots(
        2, 1, figsize=(7, 6.5), layout="constrained", sharex=True
    )
    for variant, loss_ax in zip(("ff", "cff"), loss_axes, strict=True):
        # Pixels are already in [0, 1]; every layer normalizes its input,
        # so no scaler.
        model = ForwardForwardClassifier(
            variant=variant,
            depth=3,
            width=256,
            max_iter=max_iter,
            # All max_iter epochs (the default "adaptive" stops on its own).
            learning_rate="linear",
            random_state=0,
            verbose=1,
        )
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        accuracy = model.score(X_test, y_test)
        by_depth = layer_contributions(model, X_test, y_test)
        print(
            f"{variant.upper():>3}: test accuracy {accuracy:.4f} "
            f"(fit {seconds:.1f} s); "
            "with layers 1..k: "
            + ", ".join(f"k={k + 1}: {a:.4f}" for k, a in enumerate(by_depth))
        )
        plot_loss_curves(model, ax=loss_ax)
        loss_ax.set_title(f"{variant.upper()}: loss of each layer")
        hist_axes = plot_goodness_histograms(model, X_test, y_test)
        # 2x the page column's ~700 px: sharp on HiDPI screens.
        hist_axes[0].figure.savefig(
            output / f"mnist_small_goodness_{variant}.png", dpi=200
        )
        plt.close(hist_axes[0].figure)
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    fig.savefig(output / "mnist_small_loss.png", dpi=200)
    print(f"figures written to {output}/mnist_small_*.png")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder for the figures",
    )
    parser.add_argument(
        "--n-train",
        type=int,
        default=3000 if REDUCED else 10_000,
        help="training images (10000)",
    )
    parser.add_argument(
        "--max-iter",
        type=int,
        default=5 if REDUCED else 15,
        help="epochs (15)",
    )
    args = parser.parse_args()
    main(args.output, args.n_train, args.max_iter)
