"""Text generated from one source: the results files and the command-line parsers.

Every table of measured figures that appears on more than one page, and the
command-line reference, is produced here and nowhere else:

* on the site, a page holds a marker ``<!-- generated: NAME -->`` on a line of
  its own, which ``docs/hooks/site.py`` replaces with ``render(NAME)`` at build
  time;
* in ``README.md``, the text between ``<!-- generated: NAME -->`` and
  ``<!-- end generated: NAME -->`` is ``render(NAME)``, rewritten by
  ``python docs/tools/generated.py`` and checked by ``--check`` (and by
  ``tests/test_docs_generated.py``).

Run from the repository root::

    python docs/tools/generated.py            # rewrite README.md's generated sections
    python docs/tools/generated.py --check    # exit 1 if README.md is out of date
    python docs/tools/generated.py --show NAME
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"

MARKER = re.compile(r"^<!-- generated: ([\w-]+) -->$", re.MULTILINE)
SECTION = re.compile(
    r"(?P<start>^<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)"
    r"(?P<end>^<!-- end generated: (?P=name) -->$)",
    re.MULTILINE | re.DOTALL,
)

DATASET_NAMES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}


# ----------------------------------------------------------------- results
def _json(name: str) -> Any:
    return json.loads((RESULTS / name).read_text())


def _paper_report() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import paper_report
    finally:
        sys.path.pop(0)
    return paper_report


def _markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _layers(row: dict[str, Any]) -> str:
    return (
        " / ".join(f"{e:.2f}" for e in row.get("layer_test_error", [])) or "-"
    )


def paper_rows(
    name: str,
    columns: tuple[str, ...] = (),
    split: tuple[str, ...] = ("dataset",),
    method_column: bool = True,
    paper: bool = False,
) -> str:
    """Bench rows of ``benchmarks/results/NAME`` as narrow tables, one per value of ``split``.

    Each table has the method, the schedule, the configuration ``columns``
    (``paper_report.COLUMNS``), the test error, with ``paper`` the paper's
    figure for the same method and schedule (``paper_report.PAPER``), the
    error with layers 1..k and the seconds; the fields in ``split`` become a
    caption above each table instead of columns, which keeps every table
    inside the page's column.
    """
    report = _paper_report()
    rows = _json(name)
    order = (
        "dataset",
        "depth",
        "method",
        "schedule",
        "threshold",
        "negatives",
        "label_scale",
    )
    rows = sorted(rows, key=report._by(*order))
    captions = {
        "dataset": lambda r: DATASET_NAMES.get(r["dataset"], r["dataset"]),
        "depth": lambda r: f"{r['depth']} x {r['width']}",
        "method": lambda r: f"{r['method']}, {r['schedule']} schedule",
        "Adam": lambda r: f"Adam {r['learning_rate_init']:g}",
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        caption = ", ".join(captions[field](row) for field in split)
        groups.setdefault(caption, []).append(row)
    head = (["method", "schedule"] if method_column else []) + list(columns)
    head += ["test error %"] + (["paper %"] if paper else [])
    head += ["error with layers 1..k %", "seconds"]
    out = []
    for caption, members in groups.items():
        body = []
        for r in members:
            cells = [r["method"], r["schedule"]] if method_column else []
            cells += [report.COLUMNS[c](r) for c in columns]
            cells.append(f"**{r['test_error']:.2f}**")
            if paper:
                cells.append(report.paper_error(r))
            cells += [_layers(r), f"{r['seconds']:.0f}"]
            body.append(cells)
        out.append(f"**{caption}**\n\n" + _markdown_table(head, body))
    return "\n\n".join(out)


def paper_time() -> str:
    """How long the main table took: one sentence from its rows' seconds."""
    per_set: dict[str, float] = {}
    for row in _json("paper_table.json"):
        per_set[row["dataset"]] = (
            per_set.get(row["dataset"], 0.0) + row["seconds"]
        )
    parts = ", ".join(
        f"{DATASET_NAMES.get(name, name)} {seconds / 60:.0f} min"
        for name, seconds in per_set.items()
    )
    return (
        f"The rows of each data set add up to {parts}; run side by side, one process per "
        f"data set, the table takes about {max(per_set.values()) / 60:.0f} minutes."
    )


def tabular() -> str:
    """``benchmarks/results/tabular.md``: FF, CFF and MLPClassifier on four small data sets."""
    text = (RESULTS / "tabular.md").read_text()
    table = [line for line in text.splitlines() if line.startswith("|")]
    rows = [
        [c.strip() for c in line.strip("|").split("|")] for line in table[2:]
    ]
    out = [[f"{r[0]} ({r[1]})", r[2], r[3], r[4]] for r in rows]
    return _markdown_table(
        ["data set (rows x features)", "model", "test accuracy", "fit s"], out
    )


def corpus_summary(name: str) -> str:
    """The summary table of a corpus study report (``benchmarks/corpus_study.py --report``)."""
    text = (RESULTS / name).read_text()
    table = [line for line in text.splitlines() if line.startswith("| ")]
    head = [c.strip() for c in table[0].strip("|").split("|")]
    keep = [
        "candidate",
        "sets",
        "mean gap",
        "worst gap (set)",
        "sets below -5",
    ]
    keep.append("time ratio (geomean)")
    index = [head.index(name) for name in keep]
    rows = []
    for line in table[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == "set":  # the per-set table starts here
            break
        row = [cells[i] for i in index]
        # The reseeded baseline's full name would widen the table past the page's column.
        row[0] = row[0].replace(
            "MLPClassifier(max_iter=500), reseeded", "MLP, reseeded"
        )
        rows.append(row)
    return _markdown_table(keep, rows)


def corpus_compare(name: str) -> str:
    """A ``benchmarks/corpus_compare.py`` table per variant, each under a bold label."""
    text = (RESULTS / name).read_text()
    return re.sub(
        r"^### (\w+)$", lambda m: f"**{m.group(1).upper()}**", text, flags=re.M
    ).strip()


def corpus_tail(name: str) -> str:
    """The table of ``benchmarks/corpus_tail.py``, with the line that sums it up."""
    return (RESULTS / name).read_text().strip()


def demo() -> str:
    """What ``skff demo`` printed (``benchmarks/results/demo.txt``)."""
    text = (RESULTS / "demo.txt").read_text()
    body = "\n".join(
        line for line in text.splitlines() if not line.startswith("#")
    )
    return "```text\n" + body.strip("\n") + "\n```"


def _speed() -> dict[str, Any]:
    return _json("speed_cpu.json")


def speed_summary() -> str:
    """The speed measurements of ``benchmarks/results/speed_cpu.json``, as ratios."""
    s = _speed()
    tr, pr, rf, dg, mem = (
        s["training"],
        s["prediction"],
        s["roofline"],
        s["digits"],
        s["memory"],
    )
    sec = tr["seconds_per_epoch"]
    acc = dg["accuracy"]
    rows = [
        [
            "training, s/epoch (ff; cff)",
            f"{sec['ff']:.2f}; {sec['cff']:.2f}",
            f"{sec['reference']:.2f}",
            f"**{tr['ratio_ff']:.2f}x; {tr['ratio_cff']:.2f}x**",
        ],
        [
            "prediction, s",
            f"{pr['seconds']['skff']:.2f}",
            f"{pr['seconds']['reference']:.2f}",
            f"**{pr['ratio']:.2f}x**",
        ],
        [
            "training GFLOP/s",
            f"{rf['skff_gflops']:.1f}",
            f"{rf['matmul_gflops']:.1f}",
            f"**{rf['ratio']:.2f}x**",
        ],
        [
            "digits fit, s (ff; cff)",
            f"{dg['seconds']['ff']:.2f}; {dg['seconds']['cff']:.2f}",
            f"{dg['seconds']['mlp']:.2f}",
            f"**{dg['time_ratio_ff']:.2f}x; {dg['time_ratio_cff']:.2f}x**",
        ],
        [
            "digits accuracy (ff; cff)",
            f"{acc['ff']:.3f}; {acc['cff']:.3f}",
            f"{acc['mlp']:.3f}",
            f"{100 * (acc['ff'] - acc['mlp']):+.1f}; {100 * (acc['cff'] - acc['mlp']):+.1f} points",
        ],
        [
            f"`predict` memory above a {mem['rows']:,} x 784 input",
            f"{mem['above_input_bytes'] / 1e9:.3f} GB",
            f"input {mem['input_bytes'] / 1e9:.3f} GB",
            "",
        ],
    ]
    return _markdown_table(["measure", "skff", "baseline", "ratio"], rows)


def speed_threads() -> str:
    """The ratios of the one- and two-thread runs side by side."""
    runs = {
        "1 thread (CPU time)": _speed(),
        "2 threads (wall time)": _json("speed_cpu_2threads.json"),
    }

    def cells(key: str, fmt: Callable[[dict[str, Any]], str]) -> list[str]:
        return [key, *(fmt(run) for run in runs.values())]

    rows = [
        cells(
            "training vs the reference loop (ff; cff)",
            lambda r: (
                f"{r['training']['ratio_ff']:.2f}x; {r['training']['ratio_cff']:.2f}x"
            ),
        ),
        cells(
            "prediction vs a pass per label",
            lambda r: f"{r['prediction']['ratio']:.2f}x",
        ),
        cells(
            "digits fit vs `MLPClassifier` (ff; cff)",
            lambda r: (
                f"{r['digits']['time_ratio_ff']:.2f}x; "
                f"{r['digits']['time_ratio_cff']:.2f}x"
            ),
        ),
    ]
    dates = {run["date"][:10] for run in runs.values()}
    return (
        _markdown_table(["ratio", *runs], rows)
        + f"\n\nBoth runs: {', '.join(sorted(dates))}, the machine above."
    )


def speed_optimizer() -> str:
    """One optimizer step on the estimator's shapes, from ``speed_cpu.json``."""
    shapes = _speed()["optimizers"]
    names = list(next(iter(shapes.values())))
    rows = []
    for name in names:
        cells = []
        for times in shapes.values():
            base = times["Adam(foreach=True)"]
            cells.append(f"{times[name]:.0f} ({times[name] / base:.2f}x)")
        rows.append([f"`{name}`", *cells])
    return _markdown_table(["optimizer", *shapes], rows)


def speed_machine() -> str:
    """One sentence: where, when and how the speed figures were measured."""
    s = _speed()
    m = s["machine"]
    date = s["date"][:10]
    load = f"{m['load_average'][0]:.1f} to {m['load_average_end'][0]:.1f}"
    return (
        f"Measured on {date} with `{s['command']}` ({s['seconds']:.0f} s): {m['cpu']}, "
        f"{m['logical_cpus']} logical CPUs ({m['cpu_capability']}), torch {m['torch']}, "
        f"{s['threads']} torch thread, timings in {s['clock']}, load average {load}."
    )


def digits_times() -> str:
    """The default estimator's digits fit time in the three places that measure it."""
    s = _speed()
    text = (RESULTS / "tabular.md").read_text()
    tab = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| digits"):
            tab[cells[2]] = cells[4]
    threads = re.search(r"torch threads: (\d+)", text)
    demo_text = (RESULTS / "demo.txt").read_text()
    demo_times = dict(
        re.findall(
            r"^(FF|CFF|backprop)\s+[\d.]+\s+([\d.]+) s", demo_text, re.M
        )
    )
    dg = s["digits"]["seconds"]
    rows = [
        [
            "[`benchmarks/tabular.py`](#small-tabular-data)",
            f"{threads.group(1) if threads else '?'} threads, wall clock, median of 3 fits",
            f"{tab['ff']}; {tab['cff']}",
            f"{tab['MLPClassifier(max_iter=500)']} (`MLPClassifier`)",
        ],
        [
            "[`skff demo`](../cli.md#skff-demo)",
            "torch's default threads, wall clock, one fit after a one-epoch warm-up",
            f"{demo_times['FF']}; {demo_times['CFF']}",
            f"{demo_times['backprop']} (the skorch backprop baseline)",
        ],
        [
            "[`benchmarks/speed.py`](#results), measure 4",
            f"{s['threads']} thread, process CPU time, median of "
            f"{s['settings']['digits_repeats']} fits",
            f"{dg['ff']:.2f}; {dg['cff']:.2f}",
            f"{dg['mlp']:.2f} (`MLPClassifier`)",
        ],
    ]
    return _markdown_table(
        ["measured by", "how", "FF; CFF (s)", "baseline (s)"], rows
    )


# ------------------------------------------------------------------ install
def version() -> str:
    """skff's version, read from ``skff/_version.py`` without importing skff."""
    text = (ROOT / "skff" / "_version.py").read_text()
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def install() -> str:
    """How to install this version from a copy of the source repository.

    skff is not on the package index, so every install line works on a
    checkout; with ``SKFF_REPO_URL`` set at build time the clone command
    names the repository, else the reader starts from a copy they have.
    """
    url = os.environ.get("SKFF_REPO_URL")
    get = (
        [f"git clone {url} skff", "cd skff"]
        if url
        else ["cd skff    # a clone or unpacked copy of the source repository"]
    )
    lines = [
        f"This is the documentation of skff **{version()}**.",
        "",
        "```bash",
        *get,
        "pip install -e .    # skff and its dependencies, from this folder",
        "```",
    ]
    if not url:
        lines += [
            "",
            'The folder is the one that holds `pyproject.toml`; `python -c "import skff; '
            'print(skff.__version__)"` prints the version you installed.',
        ]
    return "\n".join(lines)


# ------------------------------------------------------------- command line
_DEFAULT_IN_HELP = re.compile(r"\s*\(default: ([^)]*)\)\s*$")


def _option_row(action: argparse.Action) -> list[str]:
    flags = (
        ", ".join(f"`{s}`" for s in action.option_strings)
        or f"`{action.dest}`"
    )
    if action.nargs == 0:
        value = ""
    elif action.choices:
        value = " ".join(f"`{c}`" for c in action.choices)
        if action.nargs in ("+", "*"):
            value += " (one or more)"
    else:
        value = f"`{action.metavar or action.dest.upper()}`"
        if action.nargs in ("+", "*"):
            value += " (one or more)"
    default = action.default
    help_text = (action.help or "").replace("%%", "%")
    stated = _DEFAULT_IN_HELP.search(help_text)
    help_text = _DEFAULT_IN_HELP.sub("", help_text)
    # Identity, not ==: a default of 0 is a default (0 == False).
    if stated and (default is None or default is argparse.SUPPRESS):
        # Options whose default depends on another option (--quick) carry
        # no argparse default; their help says what it is.
        default_text = stated.group(1)
    elif (
        default is None
        or default is argparse.SUPPRESS
        or default is False
        or default == []
        or action.nargs == 0
    ):
        default_text = ""
    elif isinstance(default, list):
        default_text = " ".join(f"`{d}`" for d in default)
    else:
        default_text = f"`{default}`"
    help_text = help_text.replace("|", "\\|")
    default_text = default_text.replace("|", "\\|")
    return [flags, value, default_text, help_text]


def cli_reference() -> str:
    """Every subcommand of ``skff``: its usage, as argparse prints it, and its options."""
    from skff.cli import SUBCOMMANDS, build_parser

    parser = build_parser()
    sub_action = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    width = 76  # the usage lines fit the page's code column

    def usage(p: argparse.ArgumentParser) -> str:
        formatter = argparse.HelpFormatter(p.prog, width=width)
        formatter.add_usage(p.usage, p._actions, p._mutually_exclusive_groups)
        return formatter.format_help().strip()

    out = [
        "```text",
        usage(parser),
        "```",
        "",
        _markdown_table(
            ["subcommand", "what it does"],
            [
                [f"[`skff {n}`](#skff-{n})", help_text]
                for n, (_, help_text) in SUBCOMMANDS.items()
            ],
        ),
        "",
        "`skff --version` prints the version; `skff COMMAND --help` prints a command's options.",
    ]
    for name, sub in sub_action.choices.items():
        description = (sub.description or "").rstrip(".")
        out += [
            "",
            f"## skff {name}",
            "",
            description[:1].upper() + description[1:] + ".",
            "",
        ]
        # Usage lines argparse cannot break wrap on the page (CSS class output-wrap).
        out += [
            '<div class="output-wrap" markdown>',
            "",
            "```text",
            usage(sub),
            "```",
            "</div>",
            "",
        ]
        rows = [
            _option_row(a)
            for a in sub._actions
            if not isinstance(a, argparse._HelpAction)
        ]
        out.append(
            _markdown_table(["option", "value", "default", "meaning"], rows)
        )
    return "\n".join(out)


# ------------------------------------------------------------------ registry
GENERATORS: dict[str, Callable[[], str]] = {
    "cli-reference": cli_reference,
    "install": install,
    "demo-output": demo,
    "tabular": tabular,
    "corpus-tuning": lambda: corpus_summary("corpus_tuning.md"),
    "corpus-confirmation": lambda: corpus_summary("corpus_confirmation.md"),
    "corpus-confirmation-released": lambda: corpus_summary(
        "corpus_confirmation_released.md"
    ),
    "corpus-width-small": lambda: corpus_summary("corpus_width_small.md"),
    "corpus-width-large": lambda: corpus_summary("corpus_width_large.md"),
    "corpus-fresh": lambda: corpus_summary("corpus_fresh.md"),
    "corpus-alpha-rule": lambda: corpus_compare("corpus_alpha_rule.md"),
    "corpus-third": lambda: corpus_summary("corpus_third.md"),
    "corpus-fourth": lambda: corpus_summary("corpus_fourth.md"),
    "corpus-fifth": lambda: corpus_summary("corpus_fifth.md"),
    "corpus-sixth": lambda: corpus_summary("corpus_sixth.md"),
    "corpus-seventh": lambda: corpus_summary("corpus_seventh.md"),
    "corpus-eighth": lambda: corpus_summary("corpus_eighth.md"),
    "corpus-ninth": lambda: corpus_summary("corpus_ninth.md"),
    "corpus-tenth": lambda: corpus_summary("corpus_tenth.md"),
    "corpus-eleventh": lambda: corpus_summary("corpus_eleventh.md"),
    "corpus-twelfth": lambda: corpus_summary("corpus_twelfth.md"),
    "corpus-thirteenth": lambda: corpus_summary("corpus_thirteenth.md"),
    "corpus-fourteenth": lambda: corpus_summary("corpus_fourteenth.md"),
    "corpus-fifteenth": lambda: corpus_summary("corpus_fifteenth.md"),
    "corpus-sixteenth": lambda: corpus_summary("corpus_sixteenth.md"),
    "corpus-seventeenth": lambda: corpus_summary("corpus_seventeenth.md"),
    "corpus-eighteenth": lambda: corpus_summary("corpus_eighteenth.md"),
    "corpus-tail-cff": lambda: corpus_tail("corpus_tail_cff.md"),
    "speed-summary": speed_summary,
    "speed-machine": speed_machine,
    "speed-optimizer": speed_optimizer,
    "speed-threads": speed_threads,
    "digits-times": digits_times,
    "paper-time": paper_time,
    "paper-table": lambda: paper_rows("paper_table.json", paper=True),
    # Adam in the captions: a table of seven columns is wider than the page's column.
    "paper-gpu": lambda: paper_rows(
        "paper_gpu.json", split=("dataset", "Adam"), paper=True
    ),
    "pairwise-lr": lambda: paper_rows("pairwise_lr.json", ("Adam",)),
    "paper-ablation": lambda: paper_rows(
        "paper_ablation.json",
        ("negatives", "label scale"),
        split=("dataset", "method"),
        method_column=False,
    ),
    "paper-study": lambda: paper_rows(
        "paper_study.json", ("theta",), split=("dataset", "depth")
    ),
    "paper-table-plain": lambda: paper_rows(
        "paper_table_plain.json", ("theta",)
    ),
    "paper-deep": lambda: paper_rows(
        "paper_deep.json", split=("dataset", "depth")
    ),
    "paper-study-plain": lambda: paper_rows(
        "paper_study_plain.json", ("theta",), split=("dataset", "depth")
    ),
}


def render(name: str) -> str:
    """The generated Markdown of ``name`` (a key of ``GENERATORS``)."""
    return GENERATORS[name]().strip("\n")


def expand_markers(markdown: str) -> str:
    """A page with each ``<!-- generated: NAME -->`` line replaced by ``render(NAME)``."""
    return MARKER.sub(lambda m: render(m.group(1)), markdown)


def update_sections(text: str) -> str:
    """``text`` with the body of each generated section (README style) rewritten."""
    return SECTION.sub(
        lambda m: m["start"] + render(m["name"]) + "\n" + m["end"],
        text,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check; exit 1 if stale"
    )
    parser.add_argument("--show", metavar="NAME", choices=sorted(GENERATORS))
    args = parser.parse_args(argv)
    if args.show:
        print(render(args.show))
        return 0
    old = README.read_text()
    new = update_sections(old)
    if args.check:
        if new != old:
            print(
                "README.md's generated sections are out of date: run python docs/tools/generated.py"
            )
            return 1
        print("README.md's generated sections match the results files")
        return 0
    if new != old:
        README.write_text(new)
        print("README.md updated")
    else:
        print("README.md already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
