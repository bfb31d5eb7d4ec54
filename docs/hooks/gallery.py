"""mkdocs hook: the examples gallery, built from ``examples/*.py``.

When the site is built, each example runs as a plain script,
``python examples/NAME.py OUTPUT_DIR``, with ``SKFF_EXAMPLES_REDUCED=1`` in its
environment (the heavy examples then train on less data and say so), and
``MPLBACKEND=Agg``, two at a time on a machine of two cores or more
(``SKFF_GALLERY_JOBS`` sets how many). Its figures, its printed output, its docstring and its
source become the page ``gallery/NAME.md``, and ``gallery/index.md`` shows a
thumbnail of each.

Results are cached in ``.cache/gallery/`` (git-ignored), keyed by the
example's source and skff's: a rebuild with neither changed reuses them
(``SKFF_GALLERY_REFRESH=1`` runs them anyway). MNIST is read from the data home
(``$SKFF_DATA_HOME``, else ``~/skff_data``), and downloaded there when missing.

The site must build offline without the data sets (a fresh clone, CI without
network), so an example that fails because its data cannot be had
(``DatasetError``, ``DownloadError`` in its traceback) does not fail the
build: its page shows the output committed in ``docs/gallery-cache/NAME/``,
with a note saying so, or only the note when there is none. Any other failure
fails the build. ``SKFF_GALLERY_SNAPSHOT=1 mkdocs build`` refreshes those
committed outputs from the runs of the examples that read a data set.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CACHE = ROOT / ".cache" / "gallery"
#: Committed outputs of the examples that need a data set (see the docstring).
SNAPSHOTS = ROOT / "docs" / "gallery-cache"
#: In a traceback: the example could not get its data, which is no bug of its own.
DATA_ERRORS = re.compile(r"^skff\.\w+\.(DatasetError|DownloadError)\b", re.M)
#: In an example's source: it reads a data set, so its output is worth committing.
READS_DATA = re.compile(r"\bload_(mnist|fashion_mnist|cifar10)\b")
API = ROOT / "docs" / "api"
#: Gallery order; examples not listed follow in alphabetical order.
ORDER = [
    "quick_start",
    "grid_search",
    "mnist_small",
    "layer_collaboration",
    "dask_search",
]
#: Seconds an example may run; a loaded, shared machine may need more.
TIMEOUT = int(os.environ.get("SKFF_GALLERY_TIMEOUT", "600"))
#: Examples run at once: each is mostly one thread of Python and small matrix
#: products, so two share a 2-core machine at about half the wall time of one
#: after the other (the site test is the slowest part of the test suite).
JOBS = max(
    1, int(os.environ.get("SKFF_GALLERY_JOBS", min(2, os.cpu_count() or 1)))
)


def _examples() -> list[Path]:
    found = {
        p.stem: p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")
    }
    names = [n for n in ORDER if n in found] + sorted(set(found) - set(ORDER))
    return [found[n] for n in names]


def _skff_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "skff").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(example: Path, skff_digest: str) -> dict[str, Any]:
    """Run ``example`` (or reuse its cached run); its output, figures and time."""
    key = hashlib.sha256(
        example.read_bytes() + skff_digest.encode()
    ).hexdigest()[:16]
    folder = CACHE / example.stem
    meta_path = folder / "meta.json"
    if meta_path.exists() and not os.environ.get("SKFF_GALLERY_REFRESH"):
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key and all(
            (folder / f).exists() for f in meta["figures"]
        ):
            return {**meta, "folder": str(folder)}
    shutil.rmtree(folder, ignore_errors=True)
    figures = folder / "figures"
    figures.mkdir(parents=True)
    env = {**os.environ, "SKFF_EXAMPLES_REDUCED": "1", "MPLBACKEND": "Agg"}
    env["PYTHONWARNINGS"] = "ignore"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(example), str(figures)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        if DATA_ERRORS.search(proc.stderr):
            return _snapshot(example, proc.stderr)
        raise PluginError(
            f"gallery: python {example.relative_to(ROOT)} failed "
            f"(exit {proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    meta = {
        "key": key,
        "seconds": round(seconds, 1),
        "jobs": JOBS,
        "date": time.strftime("%Y-%m-%d"),
        # Paths of this machine say nothing to a reader.
        "stdout": _anonymous(proc.stdout, figures),
        "figures": sorted(
            p.relative_to(folder).as_posix() for p in figures.glob("*.png")
        ),
    }
    meta_path.write_text(json.dumps(meta, indent=1))
    if os.environ.get("SKFF_GALLERY_SNAPSHOT") and READS_DATA.search(
        example.read_text()
    ):
        target = SNAPSHOTS / example.stem
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target)
    return {**meta, "folder": str(folder)}


def _snapshot(example: Path, stderr: str) -> dict[str, Any]:
    """The committed output of ``example``, which could not get its data here."""
    error = DATA_ERRORS.findall(stderr)[-1]
    print(
        f"INFO    -  gallery: {example.name} could not get its data "
        f"({error}); showing its committed output",
        file=sys.stderr,
    )
    folder = SNAPSHOTS / example.stem
    meta_path = folder / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return {**meta, "folder": str(folder), "snapshot": error}
    return {
        "seconds": 0.0,
        "stdout": "",
        "figures": [],
        "folder": str(folder),
        "snapshot": error,
    }


def _anonymous(text: str, figures: Path) -> str:
    """``text`` without this machine's paths, which say nothing to a reader."""
    text = text.replace(str(figures), "OUTPUT_DIR").replace(
        str(ROOT) + "/", ""
    )
    data_home = os.environ.get("SKFF_DATA_HOME")
    if data_home:
        text = text.replace(str(Path(data_home).resolve()), "$SKFF_DATA_HOME")
        text = text.replace(data_home.rstrip("/"), "$SKFF_DATA_HOME")
    return text.replace(str(Path.home()), "~")


# --------------------------------------------------------- docstring to page
_API_PAGES: dict[str, str] = {}


def _api_pages() -> dict[str, str]:
    """Object path -> API page name, from the ``::: path`` lines of docs/api/."""
    if not _API_PAGES:
        for page in API.glob("*.md"):
            for match in re.finditer(
                r"^::: (\S+)", page.read_text(), re.MULTILINE
            ):
                _API_PAGES[match.group(1)] = page.stem
    return _API_PAGES


def _role(match: re.Match[str]) -> str:
    target = match.group(2).lstrip("~")
    label = (
        target.rsplit(".", 1)[-1] if match.group(2).startswith("~") else target
    )
    name = target.rsplit(".", 1)[-1]
    pages = _api_pages()
    if any(path.rsplit(".", 1)[-1] == name for path in pages):
        path = next(p for p in pages if p.rsplit(".", 1)[-1] == name)
        return f"[`{label}`][{path}]"
    return f"`{label}`"


def docstring_to_markdown(text: str) -> str:
    """The examples' reStructuredText-flavoured docstrings, as Markdown."""
    text = re.sub(r":(func|class|meth|mod|data|attr):`([^`]+)`", _role, text)
    text = re.sub(r"``([^`]+)``", r"`\1`", text)
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::"):
            # A literal block: the indented lines after a paragraph ending in "::".
            head = line.rstrip()[:-2].rstrip()
            out.append(head + ":" if head else "")
            i += 1
            block = []
            while i < len(lines) and (
                not lines[i].strip() or lines[i].startswith("    ")
            ):
                block.append(lines[i][4:])
                i += 1
            out += [
                "",
                "```bash",
                *[b.replace("\\\\", "\\") for b in block if b],
                "```",
                "",
            ]
            continue
        out.append(line)
        i += 1
    return "\n".join(out).strip()


def _title_and_body(example: Path) -> tuple[str, str]:
    import ast

    doc = ast.get_docstring(ast.parse(example.read_text())) or example.stem
    title, _, body = doc.partition("\n")
    return title.strip().rstrip("."), docstring_to_markdown(body)


def _figure_md(src: str, alt: str) -> str:
    # A click opens the figure at full size.
    return f"[![{alt}]({src})]({src}){{ .gallery-figure }}"


def _page(example: Path, meta: dict[str, Any]) -> str:
    title, body = _title_and_body(example)
    name = example.stem
    rel = example.relative_to(ROOT).as_posix()
    reduced = [
        line
        for line in meta["stdout"].splitlines()
        if line.startswith("Reduced run:")
    ]
    parts = [f"# {title}", "", body, ""]
    parts += [
        "```bash",
        f"python {rel}    # the full run",
        "```",
        "",
    ]
    if "snapshot" in meta:
        # Visible, so that nobody takes the output below for this build's.
        when = f" on {meta['date']}" if "date" in meta else ""
        shown = (
            f"The output below is the one committed with the documentation, from a run{when}."
            if meta["figures"] or meta["stdout"]
            else "There is no committed output to show."
        )
        parts += [
            '!!! warning "Not run for this build"',
            f"    This example needs a data set that the machine building this site could"
            f" not get ({meta['snapshot']}). {shown} Set `SKFF_DATA_HOME` to a folder"
            " holding `mnist.npz` to run it.",
            "",
        ]
    what = (
        "The output below was made"
        if "snapshot" in meta
        else "This page was built"
    )
    note = (
        f"{what} by running `python {rel}` with `SKFF_EXAMPLES_REDUCED=1`"
        f" ({meta['seconds']:.0f} s on the machine that built it"
        + (", beside another example" if meta.get("jobs", 1) > 1 else "")
        + ")"
    )
    if reduced:
        detail = reduced[0].removeprefix("Reduced run:").strip().rstrip(".")
        note += f": {detail}. Its figures and numbers differ from those of a full run."
    else:
        note += "; this example runs on its full data."
    if meta["figures"] or meta["stdout"]:
        parts += ['!!! info "How this page was made"', "    " + note, ""]
    if meta["figures"]:
        parts += ["## Figures", ""]
        for figure in meta["figures"]:
            src = f"images/{name}/{Path(figure).name}"
            parts += [_figure_md(src, Path(figure).stem.replace("_", " ")), ""]
    stdout = meta["stdout"].strip("\n")
    if stdout:
        # Program output wraps (CSS) rather than scrolls sideways.
        parts += [
            "## Output",
            "",
            '<div class="output-wrap" markdown>',
            "",
            "```text",
        ]
        parts += [stdout, "```", "", "</div>", ""]
    parts += [
        "## Source",
        "",
        f'```python title="{rel}"',
        example.read_text().rstrip(),
        "```",
    ]
    return "\n".join(parts) + "\n"


def _index(entries: list[tuple[Path, dict[str, Any]]]) -> str:
    parts = [
        "# Examples",
        "",
        "Scripts from the repository's `examples/` folder. Each page shows what the script",
        "printed and drew when this site was built, and its source; click a figure to open it",
        "at full size. Each runs as a plain script, `python examples/NAME.py [OUTPUT_DIR]`,",
        "and writes its figures to `examples/output/` by default. To build the site in a few",
        "minutes, the examples that train on MNIST ran here on reduced data",
        "(`SKFF_EXAMPLES_REDUCED=1`), as their pages say.",
        "",
        '<div class="gallery-grid">',
    ]
    for example, meta in entries:
        title, _ = _title_and_body(example)
        name = example.stem
        thumb = (
            f"images/{name}/{Path(meta['figures'][0]).name}"
            if meta["figures"]
            else ""
        )
        image = (
            f'<img src="{thumb}" alt="{html.escape(title)}">' if thumb else ""
        )
        parts.append(
            f'<a class="gallery-card" href="{name}/">{image}'
            f"<span><code>{name}.py</code><br>{html.escape(title)}</span></a>"
        )
    parts += ["</div>", ""]
    return "\n".join(parts)


def on_config(config: Any) -> Any:
    """List every example page under the "Examples" entry of the navigation."""
    pages = [f"gallery/{p.stem}.md" for p in _examples()]
    for i, item in enumerate(config.nav or []):
        if (
            isinstance(item, dict)
            and item.get("Examples") == "gallery/index.md"
        ):
            children = [{f"{Path(p).stem}.py": p} for p in pages]
            config.nav[i] = {"Examples": ["gallery/index.md", *children]}
    return config


def on_files(files: Files, config: Any) -> Files:
    start = time.perf_counter()
    digest = _skff_digest()
    examples = _examples()
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        metas = list(pool.map(lambda example: _run(example, digest), examples))
    entries = list(zip(examples, metas, strict=True))
    for example, meta in entries:
        name = example.stem
        files.append(
            File.generated(
                config, f"gallery/{name}.md", content=_page(example, meta)
            )
        )
        for figure in meta["figures"]:
            files.append(
                File.generated(
                    config,
                    f"gallery/images/{name}/{Path(figure).name}",
                    abs_src_path=str(Path(meta["folder"]) / figure),
                )
            )
    files.append(
        File.generated(config, "gallery/index.md", content=_index(entries))
    )
    seconds = time.perf_counter() - start
    print(
        f"INFO    -  gallery: {len(entries)} examples in {seconds:.1f} s"
        f" ({JOBS} at a time)",
        file=sys.stderr,
    )
    return files
