"""One candidate against another, set by set, ordered by features per training row.

``corpus_study.py --report`` summarizes every candidate over the sets it ran on; a rule
that depends on the shape of the data (how many features per row) is read off this table
instead: for each set on which both candidates and ``MLPClassifier(max_iter=500)`` ran,
the gap of each to MLP on the seeds all three share, and the difference. With a rule
(below) and ``--whole-corpus``, the sets without a candidate record are kept too, on the
base: a rule that leaves them there needs no candidate record of them. Where the base
candidate has another name on some sets (the defaults of one battery were named ``w128``,
of another ``final``), give every name; the first one a set has is used.

``--order rows`` orders the sets by training rows instead (for a rule on the number of rows
and classes), and ``--switch-at ROWS CLASSES`` adds what that rule gives: the candidate on
the sets of at least ROWS training rows and CLASSES classes, the base on the others;
``--switch-under ROWS`` the candidate on the sets of fewer than ROWS training rows;
``--switch-small ROWS CLASSES`` the candidate on the sets of fewer than ROWS training rows
and at least CLASSES classes;
``--switch-many-classes ROWS`` the candidate on the sets of at least ROWS training rows
that have more classes than features;
``--switch-ceiling ROWS MANY_ROWS`` the candidate on the sets of at least ROWS training rows
but those of at least MANY_ROWS that have more classes than features.

::

    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_round3_tuning.jsonl \\
        --base w128 final --candidate a3
    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_cff_symba_rule.jsonl \\
        --base defaults --candidate symba --variants cff --order rows --switch-at 1000 3
    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_small_lr.jsonl \\
        --base defaults --candidate lr3 --variants cff --order rows --switch-under 200 \\
        --whole-corpus
    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_tol_auto.jsonl \\
        --base now --candidate tol3 --order rows --switch-many-classes 1000 --whole-corpus
    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_combined.jsonl \\
        --base now --candidate combined --variants cff --order rows --switch-small 500 3
    python benchmarks/corpus_compare.py --results benchmarks/results/corpus_ceiling.jsonl \\
        --base now --candidate ceiling --variants cff --order rows --switch-ceiling 500 1000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from corpus_study import MLP, Results
from defaults_study import read_records


def compare(
    path: Path,
    bases: list[str],
    candidate: str,
    variant: str,
    order: str = "width",
    switch_at: tuple[int, int] | None = None,
    switch_under: int | None = None,
    whole_corpus: bool = False,
    switch_many_classes: int | None = None,
    switch_small: tuple[int, int] | None = None,
    switch_ceiling: tuple[int, int] | None = None,
) -> str:
    """The Markdown table of ``candidate`` against the first of ``bases`` a set has."""
    records = read_records(path)
    res = Results(records)
    rows = []
    for dataset in sorted({r["dataset"] for r in records}):
        names = [f"{b}/{variant}" for b in bases if (dataset, f"{b}/{variant}") in res.acc]
        cand_name, base_name = f"{candidate}/{variant}", names[0] if names else None
        cand = res.acc.get((dataset, cand_name))
        base = res.acc.get((dataset, base_name))
        mlp = res.acc.get((dataset, MLP))
        # A rule needs the candidate only on the sets it switches: with whole_corpus,
        # the others are kept on the base's records alone.
        if not base or not mlp or not (cand or whole_corpus):
            continue
        seeds = sorted(set(cand or base) & set(base) & set(mlp))
        if not seeds:
            continue
        gap_base = 100 * np.mean([base[s] - mlp[s] for s in seeds])
        gap_cand = 100 * np.mean([cand[s] - mlp[s] for s in seeds]) if cand else None
        info = res.info[dataset]
        features, n_rows = info.get("n_features", 0), info["n_train"]
        rows.append(
            {
                "key": features / n_rows if order == "width" else n_rows,
                "dataset": dataset,
                "shape": f"{features} / {n_rows} = {features / n_rows:.3f}"
                if order == "width"
                else f"{n_rows}, {info['n_classes']}",
                "n_rows": n_rows,
                "n_classes": info["n_classes"],
                "n_features": features,
                "seeds": len(seeds),
                "gap_base": gap_base,
                "gap_cand": gap_cand,
                "time_base": res.ratio(dataset, base_name),
                "time_cand": res.ratio(dataset, cand_name) if cand else None,
            }
        )
    rows.sort(key=lambda r: (r["key"], r["dataset"]))
    shape = "features / training rows" if order == "width" else "training rows, classes"
    lines = [
        f"| set | {shape} | seeds | {bases[0]} gap | {candidate} gap | difference |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        cand_cells = (
            f"{r['gap_cand']:+.1f} | {r['gap_cand'] - r['gap_base']:+.1f}"
            if r["gap_cand"] is not None
            else "— | —"
        )
        lines.append(
            f"| {r['dataset']} | {r['shape']} | {r['seeds']} | {r['gap_base']:+.1f} | "
            f"{cand_cells} |"
        )
    both = [r for r in rows if r["gap_cand"] is not None]
    if both:
        base_gaps = np.array([r["gap_base"] for r in both])
        cand_gaps = np.array([r["gap_cand"] for r in both])
        lines += [
            "",
            f"Over the {len(both)} sets: mean gap {base_gaps.mean():+.2f} "
            f"({bases[0]}) against "
            f"{cand_gaps.mean():+.2f} ({candidate}); sets below -5: "
            f"{int((base_gaps < -5).sum())} against {int((cand_gaps < -5).sum())}; fit time "
            f"{_geomean(r['time_base'] for r in both):.2f}x against "
            f"{_geomean(r['time_cand'] for r in both):.2f}x MLP's (geometric mean of each "
            "set's median).",
        ]
    if rows and switch_at is not None:
        min_rows, min_classes = switch_at
        switched = [r["n_rows"] >= min_rows and r["n_classes"] >= min_classes for r in rows]
        where = f"at least {min_rows} training rows and {min_classes} classes"
        lines.append(_switched_summary(rows, switched, candidate, bases[0], where))
    if rows and switch_under is not None:
        switched = [r["n_rows"] < switch_under for r in rows]
        where = f"fewer than {switch_under} training rows"
        lines.append(_switched_summary(rows, switched, candidate, bases[0], where))
    if rows and switch_small is not None:
        max_rows, min_classes = switch_small
        switched = [r["n_rows"] < max_rows and r["n_classes"] >= min_classes for r in rows]
        where = f"fewer than {max_rows} training rows and at least {min_classes} classes"
        lines.append(_switched_summary(rows, switched, candidate, bases[0], where))
    if rows and switch_many_classes is not None:
        switched = [
            r["n_rows"] >= switch_many_classes and r["n_classes"] > r["n_features"] for r in rows
        ]
        where = f"at least {switch_many_classes} training rows and more classes than features"
        lines.append(_switched_summary(rows, switched, candidate, bases[0], where))
    if rows and switch_ceiling is not None:
        min_rows, many_rows = switch_ceiling
        switched = [
            r["n_rows"] >= min_rows
            and not (r["n_rows"] >= many_rows and r["n_classes"] > r["n_features"])
            for r in rows
        ]
        where = (
            f"at least {min_rows} training rows but those of at least {many_rows} with more "
            "classes than features"
        )
        lines.append(_switched_summary(rows, switched, candidate, bases[0], where))
    return "\n".join(lines)


def _switched_summary(
    rows: list[dict], switched: list[bool], candidate: str, base: str, where: str
) -> str:
    """What a rule gives that takes ``candidate`` on the ``switched`` sets, ``base`` elsewhere."""
    missing = [
        r["dataset"] for r, on in zip(rows, switched, strict=True) if on and r["gap_cand"] is None
    ]
    if missing:
        return f"The rule switches sets where {candidate} has no record: {', '.join(missing)}."
    chosen = [
        (r["gap_cand"], r["time_cand"]) if on else (r["gap_base"], r["time_base"])
        for r, on in zip(rows, switched, strict=True)
    ]
    gaps = np.array([gap for gap, _ in chosen])
    return (
        f"With {candidate} on the {sum(switched)} sets of {where} and {base} on the "
        f"others: mean gap {gaps.mean():+.2f}, "
        f"sets below -5: {int((gaps < -5).sum())}, "
        f"worst {gaps.min():+.1f}, fit time {_geomean(t for _, t in chosen):.2f}x MLP's."
    )


def _geomean(values) -> float:
    values = [v for v in values if v is not None]
    return float(np.exp(np.mean(np.log(values)))) if values else float("nan")


def main(argv: list[str] | None = None) -> None:
    """Command line: print the table of each variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, required=True, help="JSON-lines file")
    parser.add_argument("--base", nargs="+", required=True, help="names of the base candidate")
    parser.add_argument("--candidate", required=True, help="name of the candidate")
    parser.add_argument("--variants", nargs="+", default=["cff", "ff"], help="variants to show")
    parser.add_argument(
        "--order", choices=("width", "rows"), default="width",
        help="order the sets by features per training row (width) or by training rows",
    )  # fmt: skip
    parser.add_argument(
        "--switch-at", nargs=2, type=int, metavar=("ROWS", "CLASSES"),
        help="also summarize the candidate on sets of at least ROWS rows and CLASSES classes",
    )  # fmt: skip
    parser.add_argument(
        "--switch-under", type=int, metavar="ROWS",
        help="also summarize the candidate on sets of fewer than ROWS training rows",
    )  # fmt: skip
    parser.add_argument(
        "--switch-many-classes", type=int, metavar="ROWS",
        help="also summarize the candidate on sets of at least ROWS training rows that "
        "have more classes than features",
    )  # fmt: skip
    parser.add_argument(
        "--switch-small", nargs=2, type=int, metavar=("ROWS", "CLASSES"),
        help="also summarize the candidate on sets of fewer than ROWS rows and at least "
        "CLASSES classes",
    )  # fmt: skip
    parser.add_argument(
        "--switch-ceiling", nargs=2, type=int, metavar=("ROWS", "MANY_ROWS"),
        help="also summarize the candidate on sets of at least ROWS training rows, but "
        "those of at least MANY_ROWS that have more classes than features",
    )  # fmt: skip
    parser.add_argument(
        "--whole-corpus", action="store_true",
        help="keep the sets without a candidate record, on the base (for a rule)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for variant in args.variants:
        print(f"### {variant}\n")
        table = compare(
            args.results, args.base, args.candidate, variant, args.order, args.switch_at,
            args.switch_under, args.whole_corpus, args.switch_many_classes, args.switch_small,
            args.switch_ceiling,
        )  # fmt: skip
        print(table)
        print()


if __name__ == "__main__":
    main()
