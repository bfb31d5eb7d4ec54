"""One candidate against another, set by set, ordered by features per training row.

``corpus_study.py --report`` summarizes every candidate over the sets it ran on; a rule
that depends on the shape of the data (how many features per row) is read off this table
instead: for each set on which both candidates and ``MLPClassifier(max_iter=500)`` ran,
the gap of each to MLP on the seeds all three share, and the difference. Where the base
candidate has another name on some sets (the defaults of one battery were named ``w128``,
of another ``final``), give every name; the first one a set has is used.

::

    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_round3_tuning.jsonl \\
        --base w128 final --candidate a3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from corpus_study import MLP, Results
from defaults_study import read_records


def compare(path: Path, bases: list[str], candidate: str, variant: str) -> str:
    """The Markdown table of ``candidate`` against the first of ``bases`` a set has."""
    records = read_records(path)
    res = Results(records)
    rows = []
    for dataset in sorted({r["dataset"] for r in records}):
        cand = res.acc.get((dataset, f"{candidate}/{variant}"))
        base = next(
            (
                res.acc[(dataset, f"{b}/{variant}")]
                for b in bases
                if (dataset, f"{b}/{variant}") in res.acc
            ),
            None,
        )
        mlp = res.acc.get((dataset, MLP))
        if not cand or not base or not mlp:
            continue
        seeds = sorted(set(cand) & set(base) & set(mlp))
        if not seeds:
            continue
        gap_base = 100 * np.mean([base[s] - mlp[s] for s in seeds])
        gap_cand = 100 * np.mean([cand[s] - mlp[s] for s in seeds])
        info = res.info[dataset]
        features, n_rows = info.get("n_features", 0), info["n_train"]
        rows.append((features / n_rows, dataset, features, n_rows, len(seeds), gap_base, gap_cand))
    lines = [
        f"| set | features / training rows | seeds | {bases[0]} gap | {candidate} gap | "
        "difference |",
        "|---|---|---|---|---|---|",
    ]
    for ratio, dataset, features, n_rows, n_seeds, gap_base, gap_cand in sorted(rows):
        lines.append(
            f"| {dataset} | {features} / {n_rows} = {ratio:.3f} | {n_seeds} | {gap_base:+.1f} | "
            f"{gap_cand:+.1f} | {gap_cand - gap_base:+.1f} |"
        )
    if rows:
        base_gaps = np.array([r[5] for r in rows])
        cand_gaps = np.array([r[6] for r in rows])
        lines += [
            "",
            f"Over the {len(rows)} sets: mean gap {base_gaps.mean():+.2f} ({bases[0]}) against "
            f"{cand_gaps.mean():+.2f} ({candidate}); sets below -5: "
            f"{int((base_gaps < -5).sum())} against {int((cand_gaps < -5).sum())}.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the table of each variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, required=True, help="JSON-lines file")
    parser.add_argument("--base", nargs="+", required=True, help="names of the base candidate")
    parser.add_argument("--candidate", required=True, help="name of the candidate")
    args = parser.parse_args(argv)
    for variant in ("cff", "ff"):
        print(f"### {variant}\n")
        print(compare(args.results, args.base, args.candidate, variant))
        print()


if __name__ == "__main__":
    main()
