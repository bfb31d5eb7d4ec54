"""One thread against two, under each OpenMP wait policy: the measurements behind skff.threads.

``skff.threads`` runs a fit on one thread when a training step is too small for a second
to pay off: below ``SMALL_WORK`` multiply-adds a step, or ``PASSIVE_SMALL_WORK`` when
``OMP_WAIT_POLICY=PASSIVE`` makes idle threads sleep between parallel regions. This
script measures where the second thread starts to pay on this machine: for each shape
below it fits ``ForwardForwardClassifier`` (default parameters, ``negatives="hard"``,
a fixed number of epochs, constant step size) on random data with the policy switched
off and 1 or 2 threads forced, under the default wait policy and under ``PASSIVE``. The
wait policy is read once, when the OpenMP runtime starts, so every combination runs in a
child process of its own. A child's time is the faster of two fits, per epoch; the four
children run in turn, ``--rounds`` times, and the table gives each cell's median over the
rounds (a shared machine's load drifts over minutes).

Run from the repository root::

    python benchmarks/thread_policy.py --out benchmarks/results/threads_passive.md

The table gives milliseconds per epoch, the ratio of two threads to one (below 1: the
second thread pays), and the count the policy picks for a caller's 2 threads.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from datetime import datetime, timezone

#: (name, rows, features, classes, width, batch_size): the shapes of the corpus
#: study's small tables and series, digits, and MNIST at the defaults and at the
#: paper's 2 x 1000.
SHAPES = [
    ("105 x 4, 5 classes", 105, 4, 5, 256, "auto"),
    ("100 x 1460, 10 classes", 100, 1460, 10, 256, "auto"),
    ("300 x 50, 3 classes", 300, 50, 3, 256, "auto"),
    ("1000 x 9, 4 classes", 1000, 9, 4, 256, "auto"),
    ("1797 x 64, 10 classes (digits' shape)", 1797, 64, 10, 256, "auto"),
    ("4000 x 20, 2 classes", 4000, 20, 2, 256, "auto"),
    ("10000 x 784, 10 classes (MNIST's shape)", 10000, 784, 10, 256, "auto"),
    ("6000 x 784, 10 classes, 2 x 1000, batch 256", 6000, 784, 10, 1000, 256),
]

POLICIES = {"default": None, "PASSIVE": "PASSIVE"}


def child(threads: int, epochs: int) -> None:
    """Time every shape on ``threads`` threads, the policy off; one JSON line each."""
    import numpy as np
    import torch

    import skff.threads
    from skff import ForwardForwardClassifier
    from skff.core.trainer import resolve_batch_size

    warnings.simplefilter("ignore")
    torch.set_num_threads(threads)
    # Off: every step then runs on the threads forced above.
    skff.threads.SMALL_WORK = skff.threads.PASSIVE_SMALL_WORK = 0
    rng = np.random.default_rng(0)
    ForwardForwardClassifier(max_iter=1, random_state=0).fit(
        rng.normal(size=(64, 4)), np.arange(64) % 2
    )
    for name, rows, features, classes, width, batch in SHAPES:
        X = rng.normal(size=(rows, features)).astype(np.float32)
        y = np.arange(rows) % classes
        times = []
        for _ in range(2):
            model = ForwardForwardClassifier(
                width=width,
                batch_size=batch,
                max_iter=epochs,
                learning_rate="constant",
                negatives="hard",
                random_state=0,
            )
            start = time.perf_counter()
            model.fit(X, y)
            times.append(time.perf_counter() - start)
        size = resolve_batch_size(batch, rows)
        work = skff.threads.step_work(2 * size, features + classes, width, 2)
        line = {"shape": name, "ms_per_epoch": min(times) / epochs * 1e3, "work": work}
        print(json.dumps(line), flush=True)


def run_child(policy: str | None, threads: int, epochs: int) -> dict[str, dict]:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    env.pop("OMP_WAIT_POLICY", None)
    if policy is not None:
        env["OMP_WAIT_POLICY"] = policy
    command = [sys.executable, __file__, "--child", str(threads), "--epochs", str(epochs)]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return {line["shape"]: line for line in lines}


def report(results: dict[tuple[str, int], dict[str, dict]], epochs: int, rounds: int) -> str:
    from skff.threads import choose_threads

    head = [
        "# One thread against two, per OpenMP wait policy",
        "",
        f"- command: `python benchmarks/thread_policy.py --epochs {epochs} --rounds {rounds}`",
        f"- date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
        f"- machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} logical CPUs; load average at the end "
        f"{os.getloadavg()[0]:.1f}",
        "- milliseconds per epoch, median over rounds of the faster of two fits;"
        " ratio: 2 threads / 1 thread; pick: the count skff.threads chooses"
        " for a caller's 2 threads on idle cores",
        "",
        "| shape | work per step (M) | default: 1 / 2 threads | ratio | pick"
        " | PASSIVE: 1 / 2 threads | ratio | pick |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = []
    for name, *_ in SHAPES:
        cells = [name, f"{results[('default', 1)][name]['work'] / 1e6:.0f}"]
        for policy in POLICIES:
            one = results[(policy, 1)][name]["ms_per_epoch"]
            two = results[(policy, 2)][name]["ms_per_epoch"]
            work = results[(policy, 1)][name]["work"]
            pick = choose_threads(work, 2, 0, 2, passive=policy == "PASSIVE")
            cells += [f"{one:.0f} / {two:.0f}", f"{two / one:.2f}", str(pick)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(head + rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--epochs", type=int, default=3, help="epochs per fit")
    parser.add_argument("--rounds", type=int, default=3, help="runs of the four children")
    parser.add_argument("--out", help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.epochs)
        return
    runs: dict[tuple[str, int], list[dict[str, dict]]] = {}
    for round_ in range(args.rounds):
        for policy, value in POLICIES.items():
            for threads in (1, 2):
                print(f"round {round_ + 1}: {policy}, {threads} thread(s)", file=sys.stderr)
                runs.setdefault((policy, threads), []).append(
                    run_child(value, threads, args.epochs)
                )
    results = {
        key: {
            name: {
                "work": parts[0][name]["work"],
                "ms_per_epoch": statistics.median(p[name]["ms_per_epoch"] for p in parts),
            }
            for name in parts[0]
        }
        for key, parts in runs.items()
    }
    text = report(results, args.epochs, args.rounds)
    print(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
