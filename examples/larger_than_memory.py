"""Larger than memory: train block by block from a memory-mapped file.

Writes MNIST's training images to a ``.npy`` file on disk, one block at a
time, then opens it with ``numpy.load(path, mmap_mode="r")``: nothing is
read until a block is sliced, so the process holds one block of rows (plus
the model and the held-out rows) whatever the size of the file. Trains
``ForwardForwardClassifier`` with ``partial_fit``, one block per call (one
epoch over that block), for a few passes over the blocks in a new random
order each pass, with a progress bar over the blocks. After every block it
scores held-out test images, and it saves a figure of that accuracy against
the training rows seen. The same loop reads a Dask array block by block
(``X.blocks[i].compute()``), and ``dask_ml.wrappers.Incremental`` runs it
for you on a cluster: see the user guide's page on out-of-core training.

Run it with ``python examples/larger_than_memory.py [OUTPUT_DIR]
[--block-rows N] [--passes N]``; the figure goes to ``examples/output/`` by
default and the ``.npy`` file to a temporary folder, removed at the end.
About 10 seconds on a 2-core CPU with the defaults (60,000 rows in blocks of
5,000, 3 passes). With ``SKFF_EXAMPLES_REDUCED=1`` in the environment (as
when the documentation is built) it uses 12,000 training rows in blocks of
2,000 and 2 passes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files; no display needed

import matplotlib.pyplot as plt
import numpy as np
from tqdm.auto import tqdm

from skff import ForwardForwardClassifier
from skff.datasets import load_mnist

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "output"
#: Smaller defaults for the documentation build (``SKFF_EXAMPLES_REDUCED=1``).
REDUCED = os.environ.get("SKFF_EXAMPLES_REDUCED", "") not in ("", "0")
#: Held-out rows scored after every block.
HELD_OUT = 2000


def write_npy(path: Path, X: np.ndarray, block_rows: int) -> None:
    """Write ``X`` to a ``.npy`` file one block at a time, as data arrives."""
    out = np.lib.format.open_memmap(
        path, mode="w+", dtype=np.float32, shape=X.shape
    )
    for start in range(0, len(X), block_rows):
        out[start : start + block_rows] = X[start : start + block_rows]
    out.flush()
    del out


def main(output: Path, n_train: int, block_rows: int, passes: int) -> None:
    """Train from the file block by block; write the figure to ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    data = load_mnist()
    X_test, y_test = data.X_test[:HELD_OUT], data.y_test[:HELD_OUT]
    classes = np.unique(data.y_train)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mnist_train.npy"
        write_npy(path, data.X_train[:n_train], block_rows)
        y = data.y_train[:n_train].copy()  # labels are small: keep them
        del data
        X = np.load(path, mmap_mode="r")  # reads nothing yet
        print(
            f"{X.shape[0]} x {X.shape[1]} float32 rows on disk "
            f"({path.stat().st_size / 1e6:.0f} MB), blocks of {block_rows}"
        )

        model = ForwardForwardClassifier(
            variant="cff",
            depth=2,
            width=256,
            threshold=8.0,
            # loss="auto" would choose SymBa's (a first block of 1,000+
            # rows of 10 classes), in which the threshold plays no part.
            loss="threshold",
            batch_size=100,
            random_state=0,
        )
        starts = np.arange(0, len(y), block_rows)
        rng = np.random.default_rng(0)
        seen, accuracy = [], []
        start_time = time.perf_counter()
        with tqdm(total=passes * len(starts), unit="block") as bar:
            for epoch in range(passes):
                for start in rng.permutation(starts):
                    rows = slice(start, start + block_rows)
                    # Slicing the memory map reads this block from disk.
                    block = np.asarray(X[rows])
                    model.partial_fit(block, y[rows], classes=classes)
                    seen.append(model.t_)
                    accuracy.append(model.score(X_test, y_test))
                    bar.set_postfix(held_out=f"{accuracy[-1]:.3f}")
                    bar.update(1)
                print(
                    f"pass {epoch + 1}: held-out accuracy {accuracy[-1]:.4f} "
                    f"after {model.t_} rows "
                    f"({time.perf_counter() - start_time:.1f} s)"
                )
        del X  # close the memory map before the folder goes

    fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
    ax.plot(seen, accuracy, marker=".")
    for epoch in range(1, passes):
        ax.axvline(epoch * len(y), color="0.7", linestyle="--", linewidth=1)
    ax.set_xlabel("training rows seen (dashed: end of a pass)")
    ax.set_ylabel(f"accuracy on {HELD_OUT} test images")
    ax.set_title(f"partial_fit over blocks of {block_rows} rows from disk")
    # 2x the page column's ~700 px: sharp on HiDPI screens.
    fig.savefig(output / "larger_than_memory.png", dpi=200)
    print(f"figure written to {output}/larger_than_memory.png")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder for the figure",
    )
    parser.add_argument(
        "--n-train",
        type=int,
        default=12_000 if REDUCED else 60_000,
        help="training rows written to the file (60000)",
    )
    parser.add_argument(
        "--block-rows",
        type=int,
        default=2_000 if REDUCED else 5_000,
        help="rows per block (5000)",
    )
    parser.add_argument(
        "--passes",
        type=int,
        default=2 if REDUCED else 3,
        help="passes over the blocks (3)",
    )
    args = parser.parse_args()
    main(args.output, args.n_train, args.block_rows, args.passes)
