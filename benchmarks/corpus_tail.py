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
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from skff.defaults import MANY_CLASSES_TOL, resolve_tol

MLP = "MLPClassifier(max_iter=500)"
#: Upper edges of the rows-per-class groups (the last one is open).
EDGES = (10, 20, 40, 100)
#: A set this far behind the baseline, in points, counts in the tail.
TAIL = -5.0


def read_gaps(pairs: list[str], fine_tol: list[str]) -> dict[str, dict]:
    """Each set's gap in points and shape, from ``FILE:CANDIDATE`` pairs."""
    acc: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    shape: dict[str, tuple[int, int, int]] = {}
    for pair, role in [(p, "defaults") for p in pairs] + [(p, "fine") for p in fine_tol]:
        path, candidate = pair.rsplit(":", 1)
        for line in Path(path).read_text().splitlines():
            r = json.loads(line)
            name = r["dataset"]
            n_rows, n_features, n_classes = r["n_train"], r["n_features"], r["n_classes"]
            if r["candidate"] == MLP:
                acc[(name, "mlp")][r["seed"]] = r["accuracy"] or 0.0
            elif r["candidate"] == candidate:
                fine = resolve_tol("auto", n_rows, n_features, n_classes) == MANY_CLASSES_TOL
                if role == "fine" and not fine:
                    continue
                acc[(name, role)][r["seed"]] = r["accuracy"] or 0.0
            else:
                continue
            shape[name] = (n_rows, n_features, n_classes)
    gaps = {}
    for name, (n_rows, n_features, n_classes) in shape.items():
        ours = {**acc.get((name, "defaults"), {}), **acc.get((name, "fine"), {})}
        mlp = acc.get((name, "mlp"), {})
        seeds = sorted(set(ours) & set(mlp))
        if not seeds:
            continue
        gap = 100 * float(np.mean([ours[s] - mlp[s] for s in seeds]))
        gaps[name] = {"gap": gap, "rows": n_rows, "classes": n_classes, "features": n_features}
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
