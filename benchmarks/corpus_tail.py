"""Where the defaults trail: the corpus study's gaps by training rows per class.

Gathers the records of one variant at its defaults from several corpus-study files (one
batch of fits each, beside its own ``MLPClassifier(max_iter=500)`` records), takes each set's
gap to that baseline (mean over the seeds both have, as ``corpus_study.py --report`` does),
and groups the sets by their training rows per class. Records fitted at ``tol=1e-3``
(``--fine-tol``) stand for the defaults on the sets where ``tol="auto"`` gives 1e-3
(:func:`skff.defaults.resolve_tol`), so that files fitted before that rule still give
today's defaults. The records themselves decide nothing: it is a reading of them.

Example (CFF at its defaults over the nine batteries)::

    python benchmarks/corpus_tail.py \\
        --defaults benchmarks/results/corpus_tol_auto.jsonl:now/cff \\
                   benchmarks/results/corpus_eighth.jsonl:final/cff \\
                   benchmarks/results/corpus_ninth.jsonl:final/cff \\
        --fine-tol benchmarks/results/corpus_tol_auto.jsonl:tol3/cff
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np

from skff.defaults import MANY_CLASSES_TOL, resolve_tol

sys.path.insert(0, str(Path(__file__).parent))
from corpus_study import MLP, Results
from defaults_study import read_records

#: Upper edges of the rows-per-class groups (the last one is open).
EDGES = (10, 20, 40, 100)
#: A set this far behind the baseline, in points, counts in the tail.
TAIL = -5.0
#: The label the gathered records of the defaults carry.
DEFAULTS = "defaults"


def _fine_tol(record: dict[str, Any]) -> bool:
    """Whether ``tol="auto"`` gives 1e-3 on the record's training data."""
    shape = record["n_train"], record["n_features"], record["n_classes"]
    return resolve_tol("auto", *shape) == MANY_CLASSES_TOL


def read_gaps(pairs: list[str], fine_tol: list[str]) -> dict[str, dict]:
    """Each set's gap in points and shape, from ``FILE:CANDIDATE`` pairs."""
    records: list[dict[str, Any]] = []
    # Results keeps the first record of a (set, candidate, seed): the tol=1e-3 fits first.
    for pair, fine in [(p, True) for p in fine_tol] + [(p, False) for p in pairs]:
        path, candidate = pair.rsplit(":", 1)
        for r in read_records(Path(path)):
            if r["candidate"] == MLP:
                records.append(r)
            elif r["candidate"] == candidate and (not fine or _fine_tol(r)):
                records.append({**r, "candidate": DEFAULTS})
    res = Results(records)
    gaps = {}
    for name, info in res.info.items():
        gap = res.gap(name, DEFAULTS)
        if gap is not None:
            gaps[name] = {"gap": gap, "rows": info["n_train"], "classes": info["n_classes"]}
    return gaps


def group_table(gaps: dict[str, dict]) -> str:
    """The Markdown table of the gaps grouped by training rows per class."""
    bounds = [0, *EDGES, None]
    lines = [
        "| training rows per class | sets | mean gap | sets below -5 | the sets below -4 |",
        "|---|---|---|---|---|",
    ]
    for low, high in itertools.pairwise(bounds):
        inside = sorted(
            (
                (g["gap"], name)
                for name, g in gaps.items()
                if low <= g["rows"] / g["classes"]
                and (high is None or g["rows"] / g["classes"] < high)
            ),
        )
        values = [gap for gap, _ in inside]
        label = f"{low} or more" if high is None else f"{low} to {high}"
        worst = ", ".join(f"{name} {gap:+.1f}" for gap, name in inside if gap < -4) or "none"
        mean = f"{np.mean(values):+.2f}" if values else "-"
        lines.append(
            f"| {label} | {len(values)} | {mean} | {sum(v < TAIL for v in values)} | {worst} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the grouped table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--defaults",
        nargs="+",
        required=True,
        metavar="FILE:CANDIDATE",
        help="records of the defaults, and the candidate name they carry",
    )
    parser.add_argument(
        "--fine-tol",
        nargs="*",
        default=[],
        metavar="FILE:CANDIDATE",
        help="records at tol=1e-3, used where tol='auto' gives 1e-3",
    )
    args = parser.parse_args(argv)
    gaps = read_gaps(args.defaults, args.fine_tol)
    values = [g["gap"] for g in gaps.values()]
    print(
        f"{len(gaps)} sets: mean gap {np.mean(values):+.2f} points, "
        f"{sum(v < TAIL for v in values)} below {TAIL:.0f}\n"
    )
    print(group_table(gaps))


if __name__ == "__main__":
    main()
