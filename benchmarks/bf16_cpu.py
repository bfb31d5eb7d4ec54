"""``precision="bf16"`` against float32 on the CPU: accuracy and fit time, same run.

Issue 19 asks whether bfloat16 matmuls should become a default on the CPU: measured here on
the paper table's CFF rows (full MNIST and Fashion-MNIST, 2 x 500, 15 epochs, batch 100,
theta 8, exact hard negatives, ``label_scale="auto"``, Adam 0.01 with the table's linear
decay, seed 0: the parameters ``skff bench`` gives that row) and on the default estimator
on 10,000 MNIST rows (``benchmarks/mnist_10k.py``'s setting). Each pair of fits runs back to
back, float32 first. The data come from ``$SKFF_DATA_HOME``
(:func:`skff.datasets.load_mnist`, :func:`skff.datasets.load_fashion_mnist`).

bfloat16 pays only on a CPU with bfloat16 units (AVX512-BF16 or AMX); the script prints
whether this one has them. Run from the repository root::

    SKFF_DATA_HOME=../shared/data python benchmarks/bf16_cpu.py \\
        --out benchmarks/results/bf16_cpu.md
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings
from datetime import datetime, timezone

import torch
from sklearn.exceptions import ConvergenceWarning

from skff import ForwardForwardClassifier, datasets
from skff.bench_jobs import Job, _make_model


def bf16_units() -> str:
    """The bfloat16 units /proc/cpuinfo lists ("none" if it lists none)."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = set(cpuinfo.read().split())
    except OSError:
        return "unknown"
    found = sorted(flags & {"avx512_bf16", "amx_bf16"})
    return ", ".join(found) or "none"


def paper_row(variant: str, precision: str) -> ForwardForwardClassifier:
    """The paper table's network-schedule row, built by ``skff bench``'s own constructor."""
    job = Job(
        "paper",
        variant,
        "network",
        depth=2,
        threshold=8.0,
        learning_rate_init=0.01,
        negatives="hard",
        label_scale="auto",
    )
    values = {"width": 500, "batch_size": 100, "epochs": 15, "seed": 0, "device": "auto"}
    return _make_model(job, values).set_params(precision=precision)


def fit_and_score(model, data) -> tuple[float, float, int]:
    X, y, X_test, y_test = data
    start = time.perf_counter()
    with warnings.catch_warnings():
        # The paper rows run their 15 epochs by design, as skff bench does.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    seconds = time.perf_counter() - start
    return 100 * (1 - model.score(X_test, y_test)), seconds, model.n_iter_


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument("--out", help="also write the Markdown report here")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    mnist = tuple(datasets.load_mnist())
    fashion = tuple(datasets.load_fashion_mnist())
    mnist_10k = (mnist[0][:10_000], mnist[1][:10_000], mnist[2], mnist[3])
    cases = [
        ("MNIST, paper row (CFF, 2 x 500, 15 epochs)", mnist, lambda p: paper_row("cff", p)),
        (
            "Fashion-MNIST, paper row (CFF, 2 x 500, 15 epochs)",
            fashion,
            lambda p: paper_row("cff", p),
        ),
        (
            "10,000 MNIST rows, defaults",
            mnist_10k,
            lambda p: ForwardForwardClassifier(precision=p, random_state=0),
        ),
    ]
    lines = [
        "# bfloat16 against float32 on the CPU",
        "",
        "- command: `python benchmarks/bf16_cpu.py`",
        f"- date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
        f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical"
        f" CPUs, bfloat16 units: {bf16_units()}, torch {torch.__version__},"
        f" {args.threads} thread(s), OMP_WAIT_POLICY"
        f" {os.environ.get('OMP_WAIT_POLICY') or 'unset'}",
        "- test error %, fit seconds, epochs; each pair back to back, float32 first",
        "",
        "| fit | fp32 error % | bf16 error % | fp32 s | bf16 s | time bf16 / fp32 | epochs |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, data, make in cases:
        results = {}
        for precision in ("fp32", "bf16"):
            results[precision] = fit_and_score(make(precision), data)
            error, seconds, epochs = results[precision]
            print(f"{name}: {precision} {error:.2f} % in {seconds:.1f} s, {epochs} epochs")
        (e32, s32, n32), (e16, s16, n16) = results["fp32"], results["bf16"]
        lines.append(
            f"| {name} | {e32:.2f} | {e16:.2f} | {s32:.1f} | {s16:.1f} | {s16 / s32:.2f}x"
            f" | {n32}; {n16} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
