"""Hinton's MNIST setup on one GPU: seconds and test error of FF and CFF.

4 hidden layers of 2000 ReLUs, batch 100, 60 epochs, the label overwriting
the first 10 pixels, the first layer left out of the prediction (Hinton's
choices), threshold 8 on the mean goodness, Adam 0.01 with Hinton's linear
decay. Each run is :class:`~skff.ForwardForwardClassifier` ``fit`` on the
60,000 training rows followed by ``score`` on the 10,000 test rows. The
reference FF loop of ``benchmarks/speed.py`` (two full passes per batch,
autograd, one Adam) runs a few epochs on the same card in the same run, and
its time per epoch is extrapolated to the same number of epochs.

On an NVIDIA H200 FF took about 33 s per 60-epoch run, 0.23 times the
reference loop (``docs/benchmarks/speed.md``). Run it through
``benchmarks/gpu_check.sh``, which also runs the CUDA tests and saves the
output; ``--dry-run`` exercises the same code on the CPU with small shapes::

    python benchmarks/gpu_timing.py                 # on a GPU machine
    python benchmarks/gpu_timing.py --dry-run       # anywhere, in seconds
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import ReferenceFF, _mnist, _random_pixels

from skff import ForwardForwardClassifier

DRY_RUN = {
    "device": "cpu",
    "epochs": 1,
    "rows": 2000,
    "test_rows": 1000,
    "depth": 2,
    "width": 64,
    "reference_epochs": 1,
    "precisions": ["fp32"],
}


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_estimator(
    data: tuple[np.ndarray, ...], args: argparse.Namespace, variant: str, precision: str
) -> dict[str, Any]:
    """Fit and score one model; seconds of the fit (synchronized) and test error."""
    X_train, y_train, X_test, y_test = data
    lr = args.cff_lr if variant == "cff" else args.lr
    model = ForwardForwardClassifier(
        variant=variant,
        depth=args.depth,
        width=args.width,
        threshold=args.threshold,
        batch_size=args.batch_size,
        max_iter=args.epochs,
        # Every epoch runs: a stalled loss must not shorten the timed fit.
        tol=0.0,
        n_iter_no_change=args.epochs + 1,
        learning_rate_init=lr,
        label_embedding="overwrite",
        skip_first_layer=args.depth > 1,
        device=args.device,
        precision=precision,
        random_state=0,
    )
    device = torch.device(args.device)
    _sync(device)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    _sync(device)
    seconds = time.perf_counter() - start
    error = 100.0 * (1.0 - model.score(X_test, y_test))
    return {
        "variant": variant,
        "precision": precision,
        "seconds": seconds,
        "error": error,
        "lr": lr,
    }


def time_reference(data: tuple[np.ndarray, ...], args: argparse.Namespace) -> float:
    """Seconds per epoch of the reference loop on the device (after a warm-up)."""
    device = torch.device(args.device)
    X = torch.from_numpy(data[0]).to(device)
    y = torch.from_numpy(data[1]).to(device)
    reference = ReferenceFF(
        X.shape[1], args.depth, args.width, args.threshold, args.lr, 1.0, device=device
    )
    generator = torch.Generator(device=device).manual_seed(0)
    warm = 20 * args.batch_size
    reference.train_epoch(X[:warm], y[:warm], args.batch_size, generator)
    _sync(device)
    start = time.perf_counter()
    for _ in range(args.reference_epochs):
        reference.train_epoch(X, y, args.batch_size, generator)
    _sync(device)
    return (time.perf_counter() - start) / args.reference_epochs


def main(argv: list[str] | None = None) -> int:
    """Time the runs and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--rows", type=int, default=60_000, help="training rows")
    parser.add_argument("--test-rows", type=int, default=10_000)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--width", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=8.0)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument(
        "--cff-lr",
        type=float,
        default=0.003,
        help=(
            "Adam step size of cff: at 4 x 2000, 0.01 kills its first layers within an "
            "epoch (benchmarks/results/gpu_nvidia_h200.txt)"
        ),
    )
    parser.add_argument("--variants", nargs="+", default=["ff", "cff"])
    parser.add_argument(
        "--precisions",
        nargs="+",
        default=["fp32", "tf32"],
        choices=["fp32", "tf32", "bf16"],
        help="matmul precisions to time (each variant at each)",
    )
    parser.add_argument("--reference-epochs", type=int, default=2)
    parser.add_argument(
        "--budget",
        type=float,
        default=330.0,
        help="seconds; later runs that would not fit are skipped",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="small shapes on the CPU: checks the script only"
    )
    args = parser.parse_args(argv)
    if args.dry_run:
        for key, value in DRY_RUN.items():
            setattr(args, key, value)
    warnings.simplefilter("ignore", ConvergenceWarning)
    device = torch.device(args.device)
    card = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU (dry run)"
    settings = {"train_rows": args.rows, "test_rows": args.test_rows}
    mnist = _mnist(settings, quick=True)
    data = mnist if mnist is not None else _random_pixels(settings)
    print(
        f"card: {card}; torch {torch.__version__}; data: "
        f"{'MNIST' if mnist is not None else 'random pixels (MNIST not found)'}, "
        f"{len(data[0])} training rows, {len(data[2])} test rows; {args.depth} x {args.width}, "
        f"batch {args.batch_size}, {args.epochs} epochs, threshold {args.threshold}",
        flush=True,
    )
    started = time.perf_counter()
    per_epoch = time_reference(data, args)
    print(
        f"reference loop: {per_epoch:.3f} s/epoch over {args.reference_epochs} epoch(s), "
        f"{per_epoch * args.epochs:.2f} s extrapolated to {args.epochs} epochs",
        flush=True,
    )
    longest = 0.0
    for precision in args.precisions:
        for variant in args.variants:
            elapsed = time.perf_counter() - started
            if elapsed + 1.2 * longest > args.budget:
                print(f"{variant} {precision}: skipped, the time budget of {args.budget:.0f} s")
                continue
            run = time_estimator(data, args, variant, precision)
            longest = max(longest, run["seconds"])
            ratio = run["seconds"] / (per_epoch * args.epochs)
            print(
                f"{variant} {precision}: {run['seconds']:.2f} s for {args.epochs} epochs "
                f"({run['seconds'] / args.epochs:.3f} s/epoch, {ratio:.2f}x the reference), "
                f"test error {run['error']:.2f} % (Adam {run['lr']:g})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
