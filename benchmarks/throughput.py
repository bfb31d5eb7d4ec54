"""Throughput at scale: one epoch over many synthetic rows, against ``MLPClassifier.partial_fit``.

``make_classification`` rows (100 features, 20 of them informative, 10
classes, float32), a network of 2 x 256 units, and one epoch of each
estimator at its defaults: :class:`~skff.ForwardForwardClassifier`
``partial_fit`` (hard negatives, ``batch_size="auto"``: 128 rows) on each
device asked for, and scikit-learn's ``MLPClassifier(hidden_layer_sizes=(256,
256)).partial_fit`` (Adam, ``batch_size="auto"``: 200 rows) on the CPU, on
the same rows in the same run. It prints the rows per second of each, their
ratio, the peak memory of each call (resident memory above what the process
held before it; on CUDA also the device's peak allocation) and the accuracy
on held-out rows, as a check that both learned something in that epoch.

skff streams a block this large through the epoch in chunks of rows
(``skff.core.stream``): its peak memory is about one chunk's worth (8 MiB of
float32 features, about four times that at its peak), not a copy of the block.
``--dtype float64`` passes the block as float64 instead (the float32
conversion is then one chunk at a time too); held-out rows stay float32.

On CUDA, skff runs with and without CUDA graphs (``--graphs``). The GPU check
(``benchmarks/gpu_check.sh``) runs it with 1,000,000 rows on the GPU;
``benchmarks/speed.py`` runs it on the CPU at a size that fits its budget::

    python benchmarks/throughput.py --devices cuda              # 1,000,000 rows
    python benchmarks/throughput.py --devices cpu --rows 200000
    python benchmarks/throughput.py --devices cpu --rows 1000000 --dtype float64
    python benchmarks/throughput.py --dry-run                   # small, on the CPU
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from skff import ForwardForwardClassifier

N_FEATURES = 100
N_CLASSES = 10
TEST_ROWS = 10_000


def make_rows(n_rows: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    """``n_rows`` training rows and :data:`TEST_ROWS` held-out rows, float32."""
    X, y = make_classification(
        n_samples=n_rows + TEST_ROWS,
        n_features=N_FEATURES,
        n_informative=20,
        n_classes=N_CLASSES,
        random_state=seed,
    )
    X = X.astype(np.float32)
    return X[:n_rows], y[:n_rows], X[n_rows:], y[n_rows:]


def _rss(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset the resident-memory high-water mark (Linux); False where that is refused."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def measure(
    fit: Callable[[], Any], device: torch.device, clock: Callable[[], float]
) -> dict[str, Any]:
    """Seconds of ``fit()`` (synchronized) and its peak memory above the start."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        device_before = torch.cuda.memory_allocated(device)
    exact = _reset_peak_rss()
    before = _rss("VmRSS")
    start = clock()
    fit()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    seconds = clock() - start
    peak = _rss("VmHWM")
    result = {
        "seconds": seconds,
        "peak_rss_above_start_bytes": None if peak is None or before is None else peak - before,
        "peak_rss_exact": exact,
    }
    if device.type == "cuda":
        result["peak_device_bytes"] = torch.cuda.max_memory_allocated(device) - device_before
    return result


def run(
    n_rows: int,
    devices: list[str],
    graphs: str = "both",
    clock: Callable[[], float] = time.perf_counter,
    mlp: bool = True,
    dtype: str = "float32",
) -> dict[str, Any]:
    """One epoch of skff on each device (and graph setting), and of MLPClassifier on the CPU.

    ``dtype`` is that of the training block both estimators get.
    """
    X, y, X_test, y_test = make_rows(n_rows)
    X = X.astype(dtype, copy=False)
    classes = np.arange(N_CLASSES)
    runs: list[dict[str, Any]] = []
    for name in devices:
        device = torch.device(name)
        settings = [False]
        if device.type == "cuda":
            settings = {"both": [False, True], "on": [True], "off": [False]}[graphs]
        for cuda_graphs in settings:
            model = ForwardForwardClassifier(
                depth=2, width=256, device=name, cuda_graphs=cuda_graphs, random_state=0
            )
            # The first call of a process pays for lazy initialisation (CUDA context,
            # kernels): a tiny fit first.
            ForwardForwardClassifier(depth=2, width=256, device=name, random_state=0).partial_fit(
                X[:512], y[:512], classes=classes
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                result = measure(
                    lambda m=model: m.partial_fit(X, y, classes=classes), device, clock
                )
            label = f"skff {device.type}" + (
                f" {'graphs' if cuda_graphs else 'eager'}" if device.type == "cuda" else ""
            )
            result.update(
                name=label,
                device=str(device),
                cuda_graphs=cuda_graphs,
                threads=torch.get_num_threads(),
                rows_per_second=n_rows / result["seconds"],
                accuracy=float(model.score(X_test, y_test)),
            )
            runs.append(result)
    if mlp:
        model = MLPClassifier(hidden_layer_sizes=(256, 256), random_state=0)
        MLPClassifier(hidden_layer_sizes=(256, 256), random_state=0).partial_fit(
            X[:512], y[:512], classes=classes
        )
        result = measure(
            lambda: model.partial_fit(X, y, classes=classes), torch.device("cpu"), clock
        )
        result.update(
            name="MLPClassifier.partial_fit cpu",
            device="cpu",
            rows_per_second=n_rows / result["seconds"],
            accuracy=float(model.score(X_test, y_test)),
        )
        runs.append(result)
    return {
        "rows": n_rows,
        "features": N_FEATURES,
        "classes": N_CLASSES,
        "network": "2 x 256",
        "dtype": str(X.dtype),
        "runs": runs,
    }


def _gb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1e9:.2f} GB"


def format_lines(result: dict[str, Any]) -> list[str]:
    """One line per run, each skff run as a ratio of MLPClassifier's rows per second."""
    baseline = next((r for r in result["runs"] if r["name"].startswith("MLP")), None)
    lines = [
        f"throughput: {result['rows']:,} rows x {result['features']} features "
        f"(make_classification, {result['classes']} classes, "
        f"{result.get('dtype', 'float32')}), "
        f"{result['network']}, one epoch, each estimator's default batch size"
    ]
    for run_ in result["runs"]:
        memory = f"peak RSS +{_gb(run_['peak_rss_above_start_bytes'])}"
        if not run_["peak_rss_exact"]:
            memory += " (high-water mark not reset: an upper bound)"
        if "peak_device_bytes" in run_:
            memory += f", peak GPU memory +{_gb(run_['peak_device_bytes'])}"
        ratio = ""
        if baseline is not None and run_ is not baseline:
            ratio = f", {run_['rows_per_second'] / baseline['rows_per_second']:.2f}x MLPClassifier"
        lines.append(
            f"{run_['name']}: {run_['seconds']:.2f} s, {run_['rows_per_second']:,.0f} rows/s"
            f"{ratio}; {memory}; held-out accuracy {run_['accuracy']:.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run, print (and optionally write JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--devices", nargs="+", default=["cuda"])
    parser.add_argument("--graphs", choices=["both", "on", "off"], default="both")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all)")
    parser.add_argument(
        "--dtype", choices=["float32", "float64"], default="float32", help="the training block's"
    )
    parser.add_argument("--no-mlp", action="store_true", help="skff only, no MLPClassifier run")
    parser.add_argument("--json", type=Path, default=None, help="write the result here too")
    parser.add_argument(
        "--dry-run", action="store_true", help="5,000 rows on the CPU: checks the script only"
    )
    args = parser.parse_args(argv)
    if args.dry_run:
        args.rows, args.devices = 5_000, ["cpu"]
    if args.threads:
        torch.set_num_threads(args.threads)
    result = run(args.rows, args.devices, args.graphs, mlp=not args.no_mlp, dtype=args.dtype)
    for line in format_lines(result):
        print(line, flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
