"""Print the paper-reproduction tables of the README and docs from the JSON results.

Run from the repository root after ``skff bench`` has written the results::

    python benchmarks/paper_report.py
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def table(rows: list[dict], with_config: bool) -> str:
    """A Markdown table of bench rows."""
    head = "| dataset | method | schedule |"
    rule = "|---|---|---|"
    if with_config:
        head += " depth | theta |"
        rule += "---|---|"
    head += " test error % | error with layers 1..k % | seconds |"
    rule += "---|---|---|"
    lines = [head, rule]
    for r in rows:
        theta = "-" if r.get("threshold") is None else f"{r['threshold']:g}"
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", [])) or "-"
        line = f"| {r['dataset']} | {r['method']} | {r['schedule']} |"
        if with_config:
            line += f" {r['depth']} | {theta} |"
        line += f" **{r['test_error']:.2f}** | {layers} | {r['seconds']:.0f} |"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    """Print the main table, the extra threshold rows, the deeper rows and the study."""
    rows = json.loads((RESULTS / "paper_table.json").read_text())
    main_rows = [r for r in rows if r.get("threshold") in (None, 8.0)]
    extra = [r for r in rows if r not in main_rows]
    print("Main table\n")
    print(table(main_rows, with_config=False))
    if extra:
        print("\nOther thresholds, same protocol\n")
        print(table(extra, with_config=True))
    deep_path = RESULTS / "paper_deep.json"
    if deep_path.exists():
        print("\nDeeper networks, full training set\n")
        print(table(json.loads(deep_path.read_text()), with_config=True))
    study_path = RESULTS / "paper_study.json"
    if study_path.exists():
        study = json.loads(study_path.read_text())
        study.sort(key=lambda r: (r["depth"], r["threshold"], r["method"], r["schedule"]))
        print("\nStudy over depth and threshold\n")
        print(table(study, with_config=True))


if __name__ == "__main__":
    main()
