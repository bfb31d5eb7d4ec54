"""Do the layers collaborate? FF against Collaborative FF, layer by layer.

Fits Hinton's Forward-Forward (greedy ``layer`` schedule) and Collaborative
Forward-Forward (``layer`` and ``network`` schedules) networks of the same
shape and settings (hard negatives, ``label_scale=20``, threshold 8), then
plots the paper's two information-flow diagnostics for each:

* the test accuracy when predicting with layers ``1..k`` only, for every
  ``k`` (:func:`skff.diagnostics.layer_contributions`);
* each layer's functional entropy of goodness at the true labels
  (:func:`skff.diagnostics.functional_entropy`).

It trains on 10,000 MNIST rows and scores on the first 3,000 rows of the
official test set when MNIST is available (``$SKFF_DATA_HOME`` or the
``--data-home`` option, see :mod:`skff.datasets`), and on scikit-learn's
digits otherwise. It takes about a minute on one CPU thread. Warnings other
than the expected ``ConvergenceWarning`` are shown. The figure in
the README was made with::

    OMP_NUM_THREADS=1 python examples/layer_collaboration.py \\
        --data-home ../shared/data --out docs/images/layer_collaboration.png
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from skff import ForwardForwardClassifier
from skff.diagnostics import functional_entropy, layer_contributions
from skff.plotting.collaboration import plot_functional_entropy, plot_layer_contributions

DEFAULT_OUT = Path(__file__).resolve().parent / "output" / "layer_collaboration.png"


def load_data(data_home: str | None) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST (10,000 training rows, 3,000 test rows) if available, else digits."""
    from skff.datasets import DownloadError, load_mnist

    try:
        X_train, y_train, X_test, y_test = load_mnist(data_home)
        return "MNIST", X_train[:10000], y_train[:10000], X_test[:3000], y_test[:3000]
    except (DownloadError, OSError) as exc:
        print(f"MNIST not available ({exc}); using scikit-learn's digits instead.")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16.0, y, test_size=0.3, stratify=y, random_state=0
    )
    return "digits", X_train, y_train, X_test, y_test


def main() -> None:
    """Fit FF and CFF, print the diagnostics and save the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG to write")
    parser.add_argument("--data-home", default=None, help="folder with mnist.npz")
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name, X_train, y_train, X_test, y_test = load_data(args.data_home)
    common = {
        "depth": args.depth,
        "width": args.width,
        "max_iter": args.epochs,
        "batch_size": 100,
        "threshold": 8.0,
        "negatives": "hard",
        # 784 pixels share each normalized row with the label: make it loud.
        "label_scale": 20.0 if name == "MNIST" else 1.0,
        "random_state": 0,
        "device": "cpu",
    }
    models = {
        "FF (layer schedule)": ForwardForwardClassifier(variant="ff", schedule="layer", **common),
        "CFF (layer schedule)": ForwardForwardClassifier(variant="cff", schedule="layer", **common),
        "CFF (network schedule)": ForwardForwardClassifier(
            variant="cff", schedule="network", **common
        ),
    }
    with warnings.catch_warnings():
        # The linear decay always runs all max_iter epochs: that warning is expected.
        warnings.simplefilter("ignore", ConvergenceWarning)
        for label, model in models.items():
            start = time.perf_counter()
            model.fit(X_train, y_train)
            seconds = time.perf_counter() - start
            accuracy = layer_contributions(model, X_test, y_test)
            entropy = functional_entropy(model, X_test, y_test)
            print(f"{label}: fit in {seconds:.0f} s")
            print("  test accuracy with layers 1..k:", np.round(100 * accuracy, 2))
            print("  functional entropy per layer:  ", np.round(entropy, 4))

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    plot_layer_contributions(models, X_test, y_test, ax=left)
    plot_functional_entropy(models, X_test, y_test, ax=right)
    fig.suptitle(
        f"{name}: {len(y_train)} training rows, {args.depth} x {args.width}, "
        f"{args.epochs} epochs (per layer under the layer schedule); test rows: {len(y_test)}"
    )
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"Saved {args.out}")


if __name__ == "__main__":
    main()
