"""The default estimator against ``MLPClassifier()`` on 10,000 MNIST rows.

Both at their defaults, ``random_state=0``, trained on the first 10,000 rows of the
official training set and scored on the official 10,000-row test set, [0, 1] pixels
without scaling; MNIST is read with :func:`skff.datasets.load_mnist` from
``$SKFF_DATA_HOME``. Prints the test error, the epochs and the fit seconds of each;
``--negatives`` fits one ForwardForwardClassifier per value given, and ``--variant`` and
``--loss`` set those two parameters of every one::

    SKFF_DATA_HOME=~/skff_data OMP_NUM_THREADS=2 python benchmarks/mnist_10k.py
    python benchmarks/mnist_10k.py --negatives auto hard   # the default against the exact draw
    python benchmarks/mnist_10k.py --variant ff --loss auto threshold  # FF under both losses
"""

from __future__ import annotations

import argparse
import time

import torch
from sklearn.neural_network import MLPClassifier

from skff import ForwardForwardClassifier, datasets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="training rows (default 10000)")
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument(
        "--negatives",
        nargs="+",
        default=["auto"],
        help="ForwardForwardClassifier's negatives, one fit each (default: auto)",
    )
    parser.add_argument("--variant", default="cff", help="variant (default cff)")
    parser.add_argument(
        "--loss", nargs="+", default=["auto"], help="losses, one fit each (default: auto)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    X, y, X_test, y_test = datasets.load_mnist()
    X, y = X[: args.rows], y[: args.rows]
    models = [
        ForwardForwardClassifier(random_state=0, negatives=n, variant=args.variant, loss=loss)
        for n in args.negatives
        for loss in args.loss
    ]
    for model in (*models, MLPClassifier(random_state=0)):
        start = time.perf_counter()
        model.fit(X, y)
        seconds = time.perf_counter() - start
        error = 100 * (1 - model.score(X_test, y_test))
        name = type(model).__name__
        if hasattr(model, "negatives"):
            name += (
                f"(variant={model.variant!r}, negatives={model.negatives!r}, loss={model.loss!r})"
            )
        print(
            f"{name}: test error {error:.2f} %, {model.n_iter_} epochs, fit {seconds:.1f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
