"""Hinton's MNIST setup on one GPU: FF and CFF with and without CUDA graphs, and prediction.

4 hidden layers of 2000 ReLUs, batch 100, 60 epochs, the label overwriting
the first 10 pixels, the first layer left out of the prediction (Hinton's
choices), threshold 8 on the mean goodness, Adam 0.01 (cff: 0.003) with
Hinton's linear decay, hard negatives (the estimator's default). Each run is
:class:`~skff.ForwardForwardClassifier` ``fit`` on the 60,000 training rows
followed by ``score`` on the 10,000 test rows, once with ``cuda_graphs=False``
(the eager step) and once with ``cuda_graphs=True`` (the step captured once
and replayed), with the same seed. Every figure is printed next to its
baseline measured in the same run:

* the seconds of each fit, and its time per step, against the reference FF
  loop of ``benchmarks/speed.py`` (two full passes per batch, autograd, one
  Adam; a few epochs on the same card, extrapolated to the same number of
  epochs): targets <= 12 s and <= 0.1x the reference with graphs;
* graphs against eager: the time ratio and the test errors (target: within
  0.1 point; the two compute the same thing, so they should agree);
* a profile line: the time the kernels of one step take on the card (from
  ``torch.profiler``) against the wall time of an eager and of a captured
  step, measured on a slice of the training rows through the core trainer;
* prediction: ``predict`` on the 10,000 test rows (every one of the 10
  labels scored) against one full pass per label with the same weights:
  target <= 0.1 s.

On an NVIDIA H200, before CUDA graphs, FF took about 33 s per 60-epoch run,
0.23 times the reference loop (``docs/benchmarks/speed.md``). Run it through
``benchmarks/gpu_check.sh``, which also runs the CUDA tests and saves the
output; ``--dry-run`` exercises the same code on the CPU with small shapes
(where graphs are ignored, and the profile runs the graph path's step
eagerly)::

    python benchmarks/gpu_timing.py                 # on a GPU machine
    python benchmarks/gpu_timing.py --dry-run       # anywhere, in seconds
"""

from __future__ import annotations

import argparse
import math
import statistics
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
from skff.core import TrainConfig, Trainer, matmul_precision
from skff.training import build_network

DRY_RUN = {
    "device": "cpu",
    "epochs": 1,
    "rows": 2000,
    "test_rows": 1000,
    "depth": 2,
    "width": 64,
    "reference_epochs": 1,
    "precisions": ["fp32"],
    "profile_steps": 8,
    "predict_repeats": 2,
}

#: Targets for the graph path on one H100 or H200.
TARGET_SECONDS = 12.0
TARGET_REFERENCE_RATIO = 0.10
TARGET_ERROR_POINTS = 0.1
TARGET_PREDICT_SECONDS = 0.1


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _lr(args: argparse.Namespace, variant: str) -> float:
    return args.cff_lr if variant == "cff" else args.lr


def time_estimator(
    data: tuple[np.ndarray, ...],
    args: argparse.Namespace,
    variant: str,
    precision: str,
    graphs: bool,
) -> dict[str, Any]:
    """Fit and score one model; seconds of the fit (synchronized) and test error."""
    X_train, y_train, X_test, y_test = data
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
        learning_rate_init=_lr(args, variant),
        # The reference loop is the threshold loss; loss="auto" gives FF SymBa's, and CFF
        # too on MNIST (1,000 rows or more of 3 classes or more).
        loss="threshold",
        label_embedding="overwrite",
        # Hinton's read-out skips layer 1; CFF's layers are trained to complete it, and
        # lose most of their accuracy without it (benchmarks/skip_first_layer.py).
        skip_first_layer=args.depth > 1 and variant == "ff",
        device=args.device,
        precision=precision,
        cuda_graphs=graphs,
        random_state=0,
    )
    device = torch.device(args.device)
    _sync(device)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        model.fit(X_train, y_train)
        _sync(device)
        seconds = time.perf_counter() - start
    notes = sorted({f"{w.category.__name__}: {str(w.message)[:160]}" for w in caught})
    steps = args.epochs * math.ceil(len(X_train) / args.batch_size)
    return {
        "variant": variant,
        "precision": precision,
        "graphs": graphs,
        "seconds": seconds,
        "ms_per_step": 1000.0 * seconds / steps,
        "error": 100.0 * (1.0 - model.score(X_test, y_test)),
        "lr": _lr(args, variant),
        "warnings": [n for n in notes if "ConvergenceWarning" not in n],
        "model": model,
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


def time_prediction(
    model: ForwardForwardClassifier, data: tuple[np.ndarray, ...], args: argparse.Namespace
) -> dict[str, float]:
    """Median seconds of ``predict`` on the test rows, and of one full pass per label."""
    X_test = data[2]
    device = torch.device(args.device)
    model.predict(X_test[:100])  # warm-up: the first call moves the weights and allocates
    ours = []
    for _ in range(args.predict_repeats):
        _sync(device)
        start = time.perf_counter()
        model.predict(X_test)
        ours.append(time.perf_counter() - start)
    reference = ReferenceFF(
        X_test.shape[1], args.depth, args.width, args.threshold, args.lr, 1.0, device=device
    )
    reference.load(model.network_)
    X_t = torch.from_numpy(X_test).to(device)
    theirs = []
    with matmul_precision(model.precision, device):
        reference.predict(X_t[:100]).cpu()
        for _ in range(args.predict_repeats):
            _sync(device)
            start = time.perf_counter()
            reference.predict(X_t).cpu()
            theirs.append(time.perf_counter() - start)
    return {"seconds": statistics.median(ours), "reference": statistics.median(theirs)}


def profile_step(
    data: tuple[np.ndarray, ...], args: argparse.Namespace, variant: str, precision: str
) -> dict[str, Any]:
    """Kernel time of one step against the wall time of eager and captured steps.

    Through the core trainer (as ``fit`` runs it) on the first
    ``profile_steps`` batches of the training rows: one untimed epoch each
    way first (warm-up and capture), then a timed one, then an eager epoch
    under ``torch.profiler`` for the kernel time.
    """
    device = torch.device(args.device)
    n = args.profile_steps * args.batch_size
    X = data[0][:n]
    n_inputs = X.shape[1] - 10
    net = build_network(
        X,
        10,
        depth=args.depth,
        width=args.width,
        label_embedding="overwrite",
        prediction="goodness",
        skip_first_layer=args.depth > 1,
        label_scale=math.sqrt(n_inputs),
        seed=0,
    ).to(device)
    rows = net.embed(torch.from_numpy(X).to(device))
    y = torch.from_numpy(data[1][:n]).to(device)
    config = TrainConfig(variant, args.threshold, "hard", args.batch_size, _lr(args, variant))
    result: dict[str, Any] = {}
    with matmul_precision(precision, device), torch.no_grad():
        for graphs in (False, True):
            trainer = Trainer(
                net, config, torch.Generator(device=device).manual_seed(0), graphs=graphs
            )
            trainer.start_phase(range(args.depth))
            trainer.train_epoch(rows, y)  # warm-up; with graphs, the capture
            _sync(device)
            start = time.perf_counter()
            trainer.train_epoch(rows, y)
            _sync(device)
            key = "graphs" if graphs else "eager"
            result[f"{key}_ms"] = 1000.0 * (time.perf_counter() - start) / args.profile_steps
            result[f"{key}_captured"] = (
                trainer.graph_step is not None and trainer.graph_step.captured
            )
            activities = [torch.profiler.ProfilerActivity.CPU]
            if device.type == "cuda":
                activities.append(torch.profiler.ProfilerActivity.CUDA)
            with torch.profiler.profile(activities=activities) as prof:
                trainer.train_epoch(rows, y)
                _sync(device)
            kernels = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
            result[f"{key}_kernel_ms"] = (
                sum(e.time_range.elapsed_us() for e in kernels) / 1000.0 / args.profile_steps
            )
            result[f"{key}_kernels"] = len(kernels) / args.profile_steps
    return result


def compile_experiment(
    data: tuple[np.ndarray, ...], args: argparse.Namespace, variant: str, precision: str, mode: str
) -> dict[str, Any]:
    """The profile's graph-path epochs with the step body compiled by ``torch.compile``.

    ``mode="reduce-overhead"``: the compiled body with PyTorch's own CUDA graphs
    instead of skff's capture; any other mode: the compiled (fused) body inside
    skff's capture. An experiment, off by default (``--compile``): not a path
    the estimator takes.
    """
    from skff.core import graphs as graphs_module

    original = graphs_module.GraphStep._body
    supported = graphs_module.graphs_supported
    compiled = torch.compile(original, mode=mode, dynamic=False)
    try:
        graphs_module.GraphStep._body = compiled
        if mode == "reduce-overhead":
            graphs_module.graphs_supported = lambda device: False
        start = time.perf_counter()
        timings = profile_step(data, args, variant, precision)
        seconds = time.perf_counter() - start
    finally:
        graphs_module.GraphStep._body = original
        graphs_module.graphs_supported = supported
    return {"graphs_ms": timings["graphs_ms"], "seconds": seconds}


def time_fits(data: tuple[np.ndarray, ...], args: argparse.Namespace, steps: int) -> None:
    """The reference loop, every fit with and without graphs, the comparisons, prediction."""
    started = time.perf_counter()
    per_epoch = time_reference(data, args)
    reference = per_epoch * args.epochs
    print(
        f"reference loop: {per_epoch:.3f} s/epoch over {args.reference_epochs} epoch(s), "
        f"{reference:.2f} s extrapolated to {args.epochs} epochs "
        f"({1000.0 * reference / steps:.3f} ms/step)",
        flush=True,
    )
    longest = 0.0
    results: dict[tuple[str, str, bool], dict[str, Any]] = {}
    for variant, precision, graphs in _runs(args):
        name = f"{variant} {precision} {'graphs' if graphs else 'eager'}"
        elapsed = time.perf_counter() - started
        if elapsed + 1.2 * longest > args.budget:
            print(f"{name}: skipped, the time budget of {args.budget:.0f} s", flush=True)
            continue
        run = time_estimator(data, args, variant, precision, graphs)
        results[variant, precision, graphs] = run
        longest = max(longest, run["seconds"])
        print(
            f"{name}: {run['seconds']:.2f} s for {args.epochs} epochs "
            f"({run['ms_per_step']:.3f} ms/step, {run['seconds'] / reference:.2f}x the "
            f"reference), test error {run['error']:.2f} % (Adam {run['lr']:g})",
            flush=True,
        )
        for note in run["warnings"]:
            print(f"  warning: {note}", flush=True)
    print(flush=True)
    compared = set()
    for variant, precision, _ in _runs(args):
        eager = results.get((variant, precision, False))
        graphed = results.get((variant, precision, True))
        if graphed is None or eager is None or (variant, precision) in compared:
            continue
        compared.add((variant, precision))
        ratio = graphed["seconds"] / reference
        difference = abs(graphed["error"] - eager["error"])
        print(
            f"{variant} {precision}: graphs {graphed['seconds']:.2f} s vs eager "
            f"{eager['seconds']:.2f} s ({graphed['seconds'] / eager['seconds']:.2f}x); per step "
            f"{graphed['ms_per_step']:.3f} vs {eager['ms_per_step']:.3f} ms; test error "
            f"{graphed['error']:.2f} % vs {eager['error']:.2f} % (difference {difference:.2f}, "
            f"target <= {TARGET_ERROR_POINTS}: {_met(difference <= TARGET_ERROR_POINTS)}); "
            f"{ratio:.3f}x the reference (target <= {TARGET_REFERENCE_RATIO}x: "
            f"{_met(ratio <= TARGET_REFERENCE_RATIO)}); target <= {TARGET_SECONDS:g} s: "
            f"{_met(graphed['seconds'] <= TARGET_SECONDS)}",
            flush=True,
        )
    for (variant, precision, graphs), run in results.items():
        if variant != args.variants[0] or not graphs:
            continue
        times = time_prediction(run["model"], data, args)
        versus = times["seconds"] / times["reference"]
        print(
            f"predict {variant} {precision}: {times['seconds']:.3f} s for {len(data[2])} rows x "
            f"10 labels (median of {args.predict_repeats}), {versus:.2f}x "
            f"a full pass per label ({times['reference']:.3f} s); target <= "
            f"{TARGET_PREDICT_SECONDS} s: {_met(times['seconds'] <= TARGET_PREDICT_SECONDS)}",
            flush=True,
        )


def _runs(args: argparse.Namespace) -> list[tuple[str, str, bool]]:
    graphs = {"both": (False, True), "on": (True,), "off": (False,)}[args.graphs]
    return [(v, p, g) for p in args.precisions for v in args.variants for g in graphs]


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    """Time the runs and print one line each, then the comparisons."""
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
        default=0.01,
        help=(
            "Adam step size of cff (default: the estimator's; before the one-epoch warm-up, "
            "0.01 killed its first layers at 4 x 2000 and 0.003 was used)"
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
    parser.add_argument(
        "--graphs",
        choices=["both", "on", "off"],
        default="both",
        help="time each run with cuda_graphs=False and True (both), or one of them",
    )
    parser.add_argument("--reference-epochs", type=int, default=2)
    parser.add_argument(
        "--profile-steps", type=int, default=100, help="batches in the profile (0: none)"
    )
    parser.add_argument("--predict-repeats", type=int, default=5)
    parser.add_argument(
        "--compile",
        nargs="*",
        default=[],
        metavar="MODE",
        help=(
            "also time the profile's graph-path step with its body compiled by torch.compile "
            "in these modes (an experiment: default, max-autotune-no-cudagraphs, "
            "reduce-overhead)"
        ),
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=330.0,
        help="seconds; later runs that would not fit are skipped",
    )
    parser.add_argument(
        "--profile-only",
        action="store_true",
        help="only the profile line (and the --compile experiments): no reference, fits, predict",
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
    steps = args.epochs * math.ceil(len(data[0]) / args.batch_size)
    if device.type != "cuda":
        print("(on the CPU, cuda_graphs is ignored: the 'graphs' runs are eager runs)")
    print(
        f"card: {card}; torch {torch.__version__}; data: "
        f"{'MNIST' if mnist is not None else 'random pixels (MNIST not found)'}, "
        f"{len(data[0])} training rows, {len(data[2])} test rows; {args.depth} x {args.width}, "
        f"batch {args.batch_size}, {args.epochs} epochs ({steps} steps), threshold "
        f"{args.threshold}, hard negatives",
        flush=True,
    )
    if not args.profile_only:
        time_fits(data, args, steps)
    if args.profile_steps:
        variant, precision = args.variants[0], args.precisions[-1]
        try:
            p = profile_step(data, args, variant, precision)
        except Exception as err:  # a profiler problem must not hide the figures above
            print(f"profile {variant} {precision}: failed ({type(err).__name__}: {err})")
        else:
            kernel = p["eager_kernel_ms"]
            busy = {
                k: (100.0 * kernel / p[f"{k}_ms"] if kernel else 0.0) for k in ("eager", "graphs")
            }
            print(
                f"profile {variant} {precision} ({args.profile_steps} steps of the core trainer): "
                f"kernels {kernel:.3f} ms/step ({p['eager_kernels']:.0f} kernels); wall "
                f"{p['eager_ms']:.3f} ms/step eager ({busy['eager']:.0f} % kernel time), "
                f"{p['graphs_ms']:.3f} ms/step with graphs ({busy['graphs']:.0f} %; captured: "
                f"{p['graphs_captured']}; {p['graphs_kernels']:.0f} kernels/step seen by the "
                f"profiler in the replays, {p['graphs_kernel_ms']:.3f} ms)",
                flush=True,
            )
            for mode in args.compile:
                try:
                    c = compile_experiment(data, args, variant, precision, mode)
                except Exception as err:  # an experiment: report and go on
                    print(f"compile {mode}: failed ({type(err).__name__}: {str(err)[:300]})")
                    continue
                print(
                    f"compile {mode}: {c['graphs_ms']:.3f} ms/step against {p['graphs_ms']:.3f} "
                    f"with skff's capture alone ({c['graphs_ms'] / p['graphs_ms']:.2f}x); "
                    f"{c['seconds']:.0f} s with the compilation",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
