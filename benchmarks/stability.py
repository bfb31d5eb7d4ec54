"""Does any layer die? A sweep over depth, width, variant and learning rate on MNIST.

A ReLU layer whose units are all inactive for every input gets no gradient
and never recovers. This sweep fits ``ForwardForwardClassifier`` at its
defaults, except for the swept parameters, on the first 6,000 MNIST training
rows for a few epochs, and records for every layer the share of row-label
passes (test rows with every label) in which it has a live unit, the share
of its units that ever fire, its mean goodness, and the test error on the
first 2,000 test rows. A layer is *dead* when no pass has a live unit.

Grid: depth {2, 4, 8} x width {256, 2000} x variant {ff, cff, cff_prev} x
learning_rate_init {0.003, 0.01, 0.03}. Run from the repository root::

    OMP_NUM_THREADS=1 SKFF_DATA_HOME=/folder/holding/mnist.npz python benchmarks/stability.py
    python benchmarks/stability.py --report      # the Markdown table

Rows go to ``benchmarks/results/stability.jsonl`` as each cell finishes; a
rerun skips the cells already there. ``--quick`` runs a small grid on 1,000
rows for one epoch (the test suite uses it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from skff import ForwardForwardClassifier, __version__
from skff.core.network import pair_forward
from skff.core.scoring import label_goodness
from skff.exceptions import DeadLayerWarning

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "stability.jsonl"
GRID = {
    "depth": [2, 4, 8],
    "width": [256, 2000],
    "variant": ["ff", "cff", "cff_prev"],
    "learning_rate_init": [0.003, 0.01, 0.03],
}
QUICK_GRID = {
    "depth": [2, 3],
    "width": [64, 512],
    "variant": ["ff", "cff"],
    "learning_rate_init": [0.01, 0.03],
}
FULL = {"train_rows": 6000, "test_rows": 2000, "epochs": 3}
QUICK = {"train_rows": 1000, "test_rows": 300, "epochs": 1}


def load_rows(settings: dict[str, int]) -> tuple[np.ndarray, ...]:
    """The first training and test rows of MNIST, as float32 pixels in [0, 1]."""
    from skff.datasets import load_mnist

    X_train, y_train, X_test, y_test = load_mnist()
    n, m = settings["train_rows"], settings["test_rows"]
    return X_train[:n], y_train[:n], X_test[:m], y_test[:m]


def layer_health(model: ForwardForwardClassifier, X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Per layer: share of row-label passes with a live unit, share of units that fire, goodness.

    Parameters
    ----------
    model : ForwardForwardClassifier
        Fitted.
    X : ndarray of shape (n_rows, n_features)
    y : ndarray of shape (n_rows,)
        True labels (their column in ``classes_`` is used for the units' activity).

    Returns
    -------
    dict
        ``live_passes``, ``live_units`` and ``mean_goodness``, one value per layer.
    """
    net = model.network_
    rows = net.embed(torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32)))
    labels = torch.from_numpy(np.searchsorted(model.classes_, y)).long()
    with torch.no_grad():
        goodness = label_goodness(net, rows)
        activities, _, true_goodness = pair_forward(
            net.layers(), rows.body, rows.label_coef, labels, net.depth
        )
    return {
        "live_passes": [
            round(float((goodness[:, :, k] > 0).float().mean()), 4) for k in range(net.depth)
        ],
        "live_units": [round(float((a > 0).any(dim=0).float().mean()), 4) for a in activities],
        "mean_goodness": [round(float(g.mean()), 4) for g in true_goodness],
    }


def run_cell(cell: dict[str, Any], data: tuple[np.ndarray, ...], epochs: int) -> dict[str, Any]:
    """Fit one cell and measure it."""
    X_train, y_train, X_test, y_test = data
    model = ForwardForwardClassifier(**cell, max_iter=epochs, tol=0.0, random_state=0, device="cpu")
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    health = layer_health(model, X_test, y_test)
    return {
        **cell,
        "epochs": epochs,
        "train_rows": len(y_train),
        "test_error": round(100.0 * float(np.mean(model.predict(X_test) != y_test)), 3),
        **health,
        "dead_layers": [k + 1 for k, live in enumerate(health["live_passes"]) if live == 0],
        "dead_layer_warning": any(w.category is DeadLayerWarning for w in caught),
        "seconds": round(seconds, 1),
        "skff_version": __version__,
        "torch_threads": torch.get_num_threads(),
        "machine": f"{platform.machine()} {platform.processor()}".strip(),
    }


def read(path: Path) -> list[dict[str, Any]]:
    """The rows already in ``path``."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def key(row: dict[str, Any]) -> tuple:
    """What identifies a cell."""
    return tuple(row[name] for name in (*GRID, "epochs", "train_rows"))


def report(rows: list[dict[str, Any]]) -> str:
    """The Markdown table: one line per cell, and the verdicts."""
    lines = [
        "| depth | width | lr | ff error % | cff error % | cff_prev error % | dead layers |",
        "|---|---|---|---|---|---|---|",
    ]
    by_cell = {(r["depth"], r["width"], r["learning_rate_init"], r["variant"]): r for r in rows}
    cells = sorted({(r["depth"], r["width"], r["learning_rate_init"]) for r in rows})
    cff_worse = []
    for depth, width, lr in cells:
        errors, dead = [], []
        for variant in GRID["variant"]:
            row = by_cell.get((depth, width, lr, variant))
            errors.append("-" if row is None else f"{row['test_error']:.2f}")
            if row is not None and row["dead_layers"]:
                dead.append(f"{variant}: {row['dead_layers']}")
        ff, cff = by_cell.get((depth, width, lr, "ff")), by_cell.get((depth, width, lr, "cff"))
        if ff and cff and cff["test_error"] > ff["test_error"]:
            cff_worse.append(f"{depth} x {width} at {lr:g}")
        lines.append(
            f"| {depth} | {width} | {lr:g} | {' | '.join(errors)} | {'; '.join(dead) or 'none'} |"
        )
    n_dead = sum(bool(r["dead_layers"]) for r in rows)
    lines += [
        "",
        f"{len(rows)} fits; {n_dead} with a dead layer.",
        "cff worse than ff: " + (", ".join(cff_worse) if cff_worse else "in no cell") + ".",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the sweep (or print its report)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small grid on 1,000 rows")
    parser.add_argument("--report", action="store_true", help="print the table and exit")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON-lines results file")
    parser.add_argument(
        "--only", nargs="*", default=[], metavar="NAME=VALUE", help="restrict the grid"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(report(read(args.out)))
        return 0
    grid = dict(QUICK_GRID if args.quick else GRID)
    for item in args.only:
        name, _, value = item.partition("=")
        grid[name] = [type(grid[name][0])(v) for v in value.split(",")]
    settings = QUICK if args.quick else FULL
    data = load_rows(settings)
    done = {key(r) for r in read(args.out)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for values in itertools.product(*grid.values()):
        cell = dict(zip(grid, values, strict=True))
        if (
            key({**cell, "epochs": settings["epochs"], "train_rows": settings["train_rows"]})
            in done
        ):
            continue
        row = run_cell(cell, data, settings["epochs"])
        with open(args.out, "a") as handle:
            handle.write(json.dumps(row) + "\n")
        print(
            f"{cell} error {row['test_error']:.2f}% dead {row['dead_layers']} "
            f"live {row['live_passes']} {row['seconds']:.0f} s",
            flush=True,
        )
    print(report(read(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
