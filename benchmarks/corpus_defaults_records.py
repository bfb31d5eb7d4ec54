"""Round three's defaults on every tuning set, gathered from the runs that measured them.

Round three's defaults (width 128, ``alpha="auto"``, the threshold loss under both variants)
were run on the 135 tuning sets (the first four batteries) in pieces, under different names:
the first battery's small and large sets as ``w128`` before ``alpha="auto"`` existed, its
wide sets with weight decay as ``a3`` or ``w128a``, the fresh battery as ``final`` (also
before ``alpha="auto"``), the third and fourth as ``final`` with it. A candidate measured
later needs that baseline set by set; this script copies it into one JSON-lines file,
under one name, with each set's MLPClassifier records, so that ``corpus_compare.py --base
defaults`` reads it and ``corpus_study.py`` appends candidates to it without refitting the
baseline.

Which record stands for the defaults on a set: the third or fourth battery's ``final`` (run
at those defaults); else, on a set with at least ``WIDE_INPUT_RATIO`` features per training
row (where ``alpha="auto"`` is 1e-3), a width-128 record with ``alpha=1e-3``; else a
width-128 record with ``alpha=0``, which is what ``"auto"`` gives there.

::

    python benchmarks/corpus_defaults_records.py --min-classes 3 --out RESULTS.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus_study import MLP, MLP_RESEEDED
from defaults_study import read_records

from skff.defaults import WIDE_INPUT_RATIO

RESULTS = Path(__file__).parent / "results"

#: (file, candidate names in it that ran round three's defaults, and on which sets).
#: ``narrow``: alpha=0 at width 128; ``wide``: alpha=1e-3 at width 128; ``any``: alpha="auto".
SOURCES = (
    ("corpus_width_small.jsonl", {"w128": "narrow", "w128a": "wide"}),
    ("corpus_width_large.jsonl", {"w128": "narrow"}),
    ("corpus_round3_tuning.jsonl", {"w128": "narrow", "final": "narrow", "a3": "wide"}),
    ("corpus_fresh.jsonl", {"final": "narrow"}),
    ("corpus_third.jsonl", {"final": "any"}),
    ("corpus_fourth.jsonl", {"final": "any"}),
)


def gather(min_classes: int, name: str) -> list[dict]:
    """MLP records and the defaults' records (renamed ``name/variant``) of every set."""
    mlp: dict[tuple, dict] = {}
    found: dict[str, dict[tuple, dict]] = {"any": {}, "wide": {}, "narrow": {}}
    shape: dict[str, tuple[int, int, int]] = {}
    for file, names in SOURCES:
        for r in read_records(RESULTS / file):
            shape[r["dataset"]] = (r["n_train"], r.get("n_features") or 0, r["n_classes"])
            if r["candidate"] == MLP:
                mlp.setdefault((r["dataset"], r["seed"]), r)
                continue
            if r["candidate"] == MLP_RESEEDED:
                continue
            prefix, variant = r["candidate"].split("/")
            if prefix in names:
                found[names[prefix]].setdefault((r["dataset"], r["seed"], variant), r)
    out = []
    for dataset, (rows, features, classes) in sorted(shape.items()):
        if classes < min_classes:
            continue
        out += [r for (d, _), r in sorted(mlp.items()) if d == dataset]
        wide = features >= WIDE_INPUT_RATIO * rows
        for variant in ("cff", "ff"):
            for seed in (0, 1, 2):
                key = (dataset, seed, variant)
                r = found["any"].get(key) or (found["wide"] if wide else found["narrow"]).get(key)
                if r is not None:
                    out.append({**r, "candidate": f"{name}/{variant}"})
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines file to write")
    parser.add_argument("--min-classes", type=int, default=2, help="only sets of this many")
    parser.add_argument("--name", default="defaults", help="name of the defaults' records")
    args = parser.parse_args(argv)
    records = gather(args.min_classes, args.name)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in records))
    print(f"{len(records)} records, {len({r['dataset'] for r in records})} sets: {args.out}")


if __name__ == "__main__":
    main()
