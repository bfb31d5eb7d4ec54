"""Print the paper-reproduction tables of the README and docs from the JSON results.

Run from the repository root after ``skff bench`` has written the results::

    python benchmarks/paper_report.py

Files read from ``benchmarks/results/`` (each is skipped when missing):

* ``paper_table.json``: the main table, 2 x 500 on a CPU;
* ``paper_gpu.json``: the paper-scale rows, 4 x 2000 on a GPU;
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


COLUMNS = {
    "depth": lambda r: f"{r['depth']} x {r['width']}",
    "theta": lambda r: "-" if r.get("threshold") is None else f"{r['threshold']:g}",
    "negatives": lambda r: _ff_option(r, "negatives"),
    "label scale": lambda r: _ff_option(r, "label_scale"),
    "Adam": lambda r: f"{r['learning_rate_init']:g}",
    "epochs": lambda r: str(r["epochs"]),
    "train rows": lambda r: str(r["train_rows"]),
}


def table(rows: list[dict], columns: tuple[str, ...] = ()) -> str:
    """A Markdown table of bench rows with the given configuration columns."""
    head = "| dataset | method | schedule |"
    for name in columns:
        head += f" {name} |"
    head += " test error % | error with layers 1..k % | seconds |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", [])) or "-"
        line = f"| {r['dataset']} | {r['method']} | {r['schedule']} |"
        for name in columns:
            line += f" {COLUMNS[name](r)} |"
        line += f" **{r['test_error']:.2f}** | {layers} | {r['seconds']:.0f} |"
        lines.append(line)
    return "\n".join(lines)


def _read(name: str) -> list[dict] | None:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def _by(*fields: str):
    order = {
        **{"mnist": 0, "fashion_mnist": 1, "random": 0, "hard": 1},
        **{"ff": 0, "cff": 1, "cff_prev": 2, "backprop": 3},
    }

    def key(r: dict) -> tuple:
        return tuple(order.get(r.get(f), r.get(f) if r.get(f) is not None else -1) for f in fields)

    return key


def main() -> None:
    """Print every table that has a results file."""
    sections = [
        ("Main table (2 x 500, CPU)", "paper_table.json", ()),
        ("Paper scale (4 x 2000, GPU)", "paper_gpu.json", ("Adam",)),
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
        print(table(rows, columns))
        printed = True


if __name__ == "__main__":
    main()
