"""Print the paper-reproduction tables of the README and docs from the JSON results.

Run from the repository root after ``skff bench`` has written the results::

    python benchmarks/paper_report.py

Files read from ``benchmarks/results/`` (each is skipped when missing):

* ``paper_table.json``: the main table, 2 x 500 on a CPU;
* ``paper_gpu.json``: the paper-scale rows, 4 x 2000 on a GPU;
* ``pairwise_lr.json``: the check of backprop_pairwise's Adam step size, with FF beside it;
* ``paper_ablation.json``: negatives and label scale on Fashion-MNIST;
* ``paper_study.json``: depth and threshold;
* ``paper_table_plain.json``, ``paper_deep.json``, ``paper_study_plain.json``: the same
  protocols with random negatives and ``label_scale=1``, as first run.
"""

from __future__ import annotations

import json
from pathlib import Path

from skff.bench import ff_option

RESULTS = Path(__file__).resolve().parent / "results"


def _ff_option(row: dict, name: str) -> str:
    value = ff_option(row, name)
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


#: Test error (%) that Lorberbom et al. (AAAI 2024) report for each method and schedule
#: (fully connected networks). ``backprop`` is their "backprop"
#: row, which feeds the label in; ours is a plain softmax network on the image. They
#: report no CFF-gamma under the greedy ``layer`` schedule.
PAPER = {
    ("backprop_pairwise", "network"): {"mnist": 2.0, "fashion_mnist": 10.7, "cifar10": 45.4},
    ("backprop", "network"): {"mnist": 1.5, "fashion_mnist": 10.7, "cifar10": 45.9},
    ("ff", "layer"): {"mnist": 3.3, "fashion_mnist": 13.2, "cifar10": 54.2},
    ("ff", "network"): {"mnist": 3.4, "fashion_mnist": 13.6, "cifar10": 53.7},
    ("cff_prev", "layer"): {"mnist": 2.2, "fashion_mnist": 11.6, "cifar10": 53.2},
    ("cff_prev", "network"): {"mnist": 2.2, "fashion_mnist": 11.6, "cifar10": 51.6},
    ("cff", "network"): {"mnist": 2.1, "fashion_mnist": 12.0, "cifar10": 52.7},
}


def paper_error(row: dict) -> str:
    """The paper's test error for the method, schedule and data set of ``row``, or "-"."""
    value = PAPER.get((row["method"], row["schedule"]), {}).get(row["dataset"])
    return "-" if value is None else f"{value:.1f}"


COLUMNS = {
    "depth": lambda r: f"{r['depth']} x {r['width']}",
    "theta": lambda r: "-" if r.get("threshold") is None else f"{r['threshold']:g}",
    "negatives": lambda r: _ff_option(r, "negatives"),
    "label scale": lambda r: _ff_option(r, "label_scale"),
    "Adam": lambda r: f"{r['learning_rate_init']:g}",
    "epochs": lambda r: str(r["epochs"]),
    "train rows": lambda r: str(r["train_rows"]),
}


def table(rows: list[dict], columns: tuple[str, ...] = (), paper: bool = False) -> str:
    """A Markdown table of bench rows with the given configuration columns.

    With ``paper``, the paper's figure for each row (:data:`PAPER`) follows its test error.
    """
    head = "| dataset | method | schedule |"
    for name in columns:
        head += f" {name} |"
    head += " test error % |" + (" paper % |" if paper else "")
    head += " error with layers 1..k % | seconds |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", [])) or "-"
        line = f"| {r['dataset']} | {r['method']} | {r['schedule']} |"
        for name in columns:
            line += f" {COLUMNS[name](r)} |"
        line += f" **{r['test_error']:.2f}** |" + (f" {paper_error(r)} |" if paper else "")
        line += f" {layers} | {r['seconds']:.0f} |"
        lines.append(line)
    return "\n".join(lines)


def _read(name: str) -> list[dict] | None:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def _by(*fields: str):
    order = {
        **{"mnist": 0, "fashion_mnist": 1, "random": 0, "hard": 1},
        **{"ff": 0, "cff": 1, "cff_prev": 2, "backprop": 3, "backprop_pairwise": 4},
    }

    def key(r: dict) -> tuple:
        return tuple(order.get(r.get(f), r.get(f) if r.get(f) is not None else -1) for f in fields)

    return key


def main() -> None:
    """Print every table that has a results file."""
    sections = [
        ("Main table (2 x 500, CPU)", "paper_table.json", ()),
        ("Paper scale (4 x 2000, GPU)", "paper_gpu.json", ("Adam",)),
        ("Adam step size of backprop_pairwise (10,000 rows)", "pairwise_lr.json", ("Adam",)),
        (
            "Ablation: negatives and label scale",
            "paper_ablation.json",
            ("negatives", "label scale"),
        ),
        ("Study over depth and threshold", "paper_study.json", ("depth", "theta")),
        (
            "Before: the main table with random negatives, label scale 1",
            "paper_table_plain.json",
            ("theta",),
        ),
        ("Before: 4 x 500 with random negatives, label scale 1", "paper_deep.json", ("depth",)),
        (
            "Before: the study with random negatives, label scale 1",
            "paper_study_plain.json",
            ("depth", "theta"),
        ),
    ]
    keys = {
        "paper_ablation.json": _by("dataset", "method", "schedule", "negatives", "label_scale"),
        "paper_study.json": _by("dataset", "depth", "threshold", "method", "schedule"),
        "paper_study_plain.json": _by("dataset", "depth", "threshold", "method", "schedule"),
    }
    printed = False
    for title, name, columns in sections:
        rows = _read(name)
        if not rows:
            continue
        rows = sorted(rows, key=keys.get(name, _by("dataset", "method", "schedule")))
        print(("\n" if printed else "") + f"{title} ({name})\n")
        print(table(rows, columns, paper=name in ("paper_table.json", "paper_gpu.json")))
        printed = True


if __name__ == "__main__":
    main()
