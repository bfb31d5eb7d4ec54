"""The results file of ``skff bench``: reading, checking and appending rows.

``--out`` holds JSON Lines (one row per line) or, when its name ends in
``.json``, one JSON list rewritten atomically after each row. :func:`row_key`
says which rows are the same run, so that a rerun skips them;
:func:`read_rows` reads a file, :func:`append_row` adds one row under a lock
(several ``skff bench`` processes may share a file), :func:`check_out`
refuses an ``--out`` that is not made of rows or cannot be written before
any row runs, and :func:`format_table` prints rows as Markdown.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

from skff.bench_options import label_scale_text
from skff.fileio import atomic_write, exclusive_lock

# What identifies a row when resuming: a row with the same values is not rerun.
KEY_FIELDS = (
    "dataset",
    "method",
    "schedule",
    "depth",
    "width",
    "epochs",
    "batch_size",
    "threshold",
    "learning_rate_init",
    "negatives",
    "label_scale",
    "train_rows",
    "test_rows",
    "seed",
)

# What a row without that field was run with: rows written before skff bench
# had these options keep their meaning when resuming or reporting.
KEY_DEFAULTS = {"negatives": "random", "label_scale": 1.0}


class ResultsFileError(ValueError):
    """The ``--out`` file holds something that is not a row of ``skff bench``."""


def row_key(row: dict[str, Any]) -> tuple:
    """The values of :data:`KEY_FIELDS` in ``row``: rows with equal keys are the same run."""
    if row.get("method") == "backprop":
        # Backprop has no label input: the FF-only options do not tell its rows apart.
        row = {**row, "negatives": None, "label_scale": None}
    else:
        row = {**KEY_DEFAULTS, **{k: v for k, v in row.items() if v is not None}}
    return tuple(_normalize(row.get(name)) for name in KEY_FIELDS)


def ff_option(row: dict[str, Any], name: str) -> Any:
    """The value of an FF-only option (``negatives``, ``label_scale``) in ``row``.

    Parameters
    ----------
    row : dict
        A row written by ``skff bench``.
    name : str
        A key of :data:`KEY_DEFAULTS`.

    Returns
    -------
    object
        None for backprop rows; for rows written before the option existed,
        the value they were run with.
    """
    if row.get("method") == "backprop":
        return None
    return row.get(name, KEY_DEFAULTS[name])


def _normalize(value: Any) -> Any:
    return (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    )


# Fields every row needs, with their types, for resuming and for the table.
_ROW_FIELDS: dict[str, type | tuple[type, ...]] = {
    "dataset": str,
    "method": str,
    "schedule": str,
    "depth": int,
    "width": int,
    "epochs": int,
    "test_error": (int, float),
    "seconds": (int, float),
}
_REFUSED = "skff bench leaves it as it is: fix or remove that, or choose another --out."


def _results_error(path: Path, where: str, what: str) -> ResultsFileError:
    return ResultsFileError(f"{path}{where}: {what}. {_REFUSED}")


def _scan(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str | None]:
    """Rows of ``path`` with their line numbers (item numbers in a .json list), and a note.

    The note, or None, reports a last line cut short by an interruption,
    which is ignored. Anything else that is not a JSON object raises
    :class:`ResultsFileError`.
    """
    if path.is_dir():
        raise ResultsFileError(
            f"{path} is a folder; --out takes a file name ending in .jsonl (or .json)."
        )
    if not path.exists():
        return [], None
    raw = path.read_bytes()
    if path.suffix == ".json":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _results_error(path, "", f"not UTF-8 text (byte {exc.start})") from None
        if not text.strip():
            return [], None
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _results_error(
                path, f", line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
            ) from None
        if not isinstance(rows, list):
            raise _results_error(
                path, "", f"holds a JSON {type(rows).__name__}, not a list of rows"
            )
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise _results_error(
                    path, f", item {index} of the list", f"{_short(row)} is not a JSON object"
                )
        return list(enumerate(rows, start=1)), None
    lines = raw.split(b"\n")
    complete = lines[:-1]  # each ended with a newline
    tail = lines[-1]  # after the last newline: empty, or a line without its newline
    numbered: list[tuple[int, dict[str, Any]]] = []
    note = None
    for number, line in enumerate([*complete, tail], start=1):
        if not line.strip():
            continue
        last = number == len(complete) + 1
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if last and line.lstrip().startswith(b"{"):
                note = (
                    f"{path}, line {number}, was cut short by an interruption (no newline, not "
                    "valid JSON): it is ignored, its row is run again, and the next row written "
                    "replaces it"
                )
                continue
            raise _results_error(
                path, f", line {number}", f"{_short(line)} is not a row (not valid JSON)"
            ) from None
        if not isinstance(row, dict):
            raise _results_error(path, f", line {number}", f"{_short(row)} is not a JSON object")
        numbered.append((number, row))
    return numbered, note


def _short(value: Any) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else json.dumps(value)
    text = text.strip()
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _check_rows(path: Path, numbered: list[tuple[int, dict[str, Any]]]) -> None:
    """Refuse rows that lack what resuming and the table need."""
    where = "item" if path.suffix == ".json" else "line"
    for number, row in numbered:
        missing = [name for name in _ROW_FIELDS if name not in row]
        wrong = [
            name
            for name, kind in _ROW_FIELDS.items()
            if name in row and (not isinstance(row[name], kind) or isinstance(row[name], bool))
        ]
        if missing or wrong:
            problem = f"lacks {', '.join(missing)}" if missing else f"has a wrong {wrong[0]}"
            raise _results_error(
                path, f", {where} {number}", f"not a row of skff bench: it {problem}"
            )


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows already written to ``path`` (a missing file has none).

    A ``.json`` file holds one JSON list of objects; any other file holds JSON
    Lines, one object per line. A last line cut short by an interruption (no
    newline, not valid JSON) is ignored with a warning.

    Parameters
    ----------
    path : Path
        The results file.

    Returns
    -------
    list of dict

    Raises
    ------
    ResultsFileError
        When the file holds anything else: a line that is not a JSON object,
        a ``.json`` file that is not a list of objects, or a folder. The
        message gives the path and the line (or item) number.
    """
    numbered, note = _scan(Path(path))
    if note:
        warnings.warn(note, stacklevel=2)
    return [row for _, row in numbered]


def append_row(path: Path, row: dict[str, Any]) -> None:
    """Add ``row`` to the results file ``path``, under a lock.

    A ``.json`` list is rewritten whole and renamed over the old one; JSON
    Lines get one line, after dropping a last line cut short by an interruption.

    Parameters
    ----------
    path : Path
        The results file; its folder is created if missing.
    row : dict
        The row, JSON-serializable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several skff bench processes (one per data set, say) may share a results file.
    with exclusive_lock(path.with_name(f".{path.name}.lock")):
        if path.suffix == ".json":
            # A JSON list: rewrite it whole, then rename over the old one, so
            # that an interruption leaves either the old or the new list.
            rows = [*read_rows(path), row]
            atomic_write(path, (json.dumps(rows, indent=1) + "\n").encode())
            return
        with open(path, "ab+") as handle:
            handle.seek(0)
            content = handle.read()
            if content and not content.endswith(b"\n"):
                start = content.rfind(b"\n") + 1
                try:
                    complete = isinstance(json.loads(content[start:].decode("utf-8")), dict)
                except (UnicodeDecodeError, json.JSONDecodeError):
                    complete = False
                if complete:  # a row written without its newline: keep it
                    handle.write(b"\n")
                else:  # a line cut short by an interruption (reported when read): drop it
                    handle.truncate(start)
            handle.write((json.dumps(row) + "\n").encode())
            handle.flush()
            os.fsync(handle.fileno())


def check_out(out: Path) -> list[tuple[int, dict[str, Any]]]:
    """Refuse an ``--out`` that cannot be read as rows or written to; its rows so far.

    A last line cut short by an interruption is reported on stderr as a warning.

    Parameters
    ----------
    out : Path
        The results file.

    Returns
    -------
    list of (int, dict)
        The rows already there, with their line (or item) numbers.

    Raises
    ------
    ResultsFileError
        When the file holds anything that is not a row.
    OSError
        When the file or its folder cannot be created or written to.
    """
    numbered, note = _scan(out)
    _check_rows(out, numbered)
    if note:
        print(f"skff bench: warning: {note}.", file=sys.stderr)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(
            exc.errno, f"cannot create the folder of --out {out}: {exc.strerror}"
        ) from None
    # Open (create) what the run will write, so that it fails now rather than after a row.
    probes = [out.with_name(f".{out.name}.lock")]
    if out.suffix != ".json" and out.exists():
        probes.append(out)  # appended to; a .json file is replaced, which needs the folder only
    try:
        for probe in probes:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666))
    except OSError as exc:
        raise OSError(
            exc.errno,
            f"cannot write to --out {out}: {(exc.strerror or str(exc)).lower()}. Choose a "
            "file in a folder you can write to",
        ) from None
    return numbered


def format_table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of bench rows.

    Parameters
    ----------
    rows : list of dict
        Rows as written by ``skff bench``.

    Returns
    -------
    str
    """
    lines = [
        "| dataset | method | schedule | depth x width | threshold | negatives | label scale "
        "| epochs | train rows | test error % | error with layers 1..k % | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        theta = "" if r.get("threshold") is None else f"{r['threshold']:g}"
        negatives = ff_option(r, "negatives") or ""
        label_scale = (
            "" if r["method"] == "backprop" else label_scale_text(ff_option(r, "label_scale"))
        )
        layers = " / ".join(f"{e:.2f}" for e in r.get("layer_test_error", []))
        lines.append(
            f"| {r['dataset']} | {r['method']} | {r['schedule']} | {r['depth']} x {r['width']} "
            f"| {theta} | {negatives} | {label_scale} | {r['epochs']} "
            f"| {r.get('train_rows', '')} | {r['test_error']:.2f} "
            f"| {layers} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)
