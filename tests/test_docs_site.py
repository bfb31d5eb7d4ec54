"""The documentation site: a strict build, then every page in headless Chromium.

One ``mkdocs build --strict`` (which runs the examples for the gallery, on
reduced data, or reuses their cached results), then one browser session over
all pages: no console errors, every image with a non-zero natural size, no
table or code block wider than the content column at 1280 px, no raw Sphinx
role in the text; the command-line reference gives every option's default and
meaning, and See Also entries are links. Skipped when mkdocs (the ``docs``
extra) or Chromium is missing; ``.ci/run`` installs Chromium (``apt-get install
chromium``). Without MNIST (``$SKFF_DATA_HOME``) the examples that need it show
their committed output, so the build needs no data set.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "tools"))

import check_site  # noqa: E402

pytestmark = pytest.mark.slow

if importlib.util.find_spec("mkdocs") is None:
    pytest.skip("mkdocs is not installed (pip install -e '.[docs]')", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict``."""
    folder = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    print(f"mkdocs build --strict: {time.perf_counter() - start:.1f} s")
    return folder


def test_gallery_has_every_example_with_figures(site: Path) -> None:
    examples = sorted(p.stem for p in (ROOT / "examples").glob("*.py"))
    index = (site / "gallery" / "index.html").read_text()
    for name in examples:
        page = site / "gallery" / name / "index.html"
        assert page.exists(), name
        assert f'href="{name}/"' in index, name
        assert list((site / "gallery" / "images" / name).glob("*.png")), name


def test_cli_reference_lists_every_option(site: Path) -> None:
    from skff.cli import build_parser

    page = (site / "cli" / "index.html").read_text()
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sub in subparsers.choices.items():
        assert f'id="skff-{name}"' in page, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in page, f"skff {name} {flag}"


def test_every_page_in_a_browser(site: Path) -> None:
    executable = check_site.find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium found (apt-get install chromium, or set SKFF_CHROMIUM); "
            ".ci/run installs it"
        )
    start = time.perf_counter()
    reports = check_site.check_site(site, executable)
    print(f"{len(reports)} pages checked in Chromium in {time.perf_counter() - start:.1f} s")
    assert len(reports) >= 30
    problems = [f"{r.path}: {line}" for r in reports if not r.ok for line in r.problems + r.console]
    assert not problems, "\n".join(problems)
    # The API and gallery pages have pictures and content.
    by_path = {r.path: r for r in reports}
    assert by_path["gallery/index.html"].images >= len(list((ROOT / "examples").glob("*.py")))


def _rows(page: str) -> list[list[str]]:
    """The cells of every table row of ``page``, as text."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_cli_reference_gives_every_default_and_meaning(site: Path) -> None:
    from skff.cli import build_parser

    page = (site / "cli" / "index.html").read_text()
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        # This subcommand's section only: options such as --width exist in several.
        section = page.split(f'id="skff-{name}"', 1)[1].split("<h2", 1)[0]
        rows = {r[0]: r for r in _rows(section) if len(r) == 4}
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flags = ", ".join(action.option_strings)
            row = rows[flags]
            assert row[3], f"skff {name} {flags}: no description"
            default = action.default
            stated = "(default:" in (action.help or "")
            # Identity: a default of 0 is a default (0 == False).
            has_default = (
                not (default is None or default is argparse.SUPPRESS or default is False)
                and default != []
            )
            if action.nargs == 0:
                continue
            if has_default:
                values = default if isinstance(default, list) else [default]
                for value in values:
                    assert str(value) in row[2], f"skff {name} {flags}: default {value!r}"
            elif stated:
                assert row[2], f"skff {name} {flags}: the default its help states is missing"


def test_see_also_entries_are_links(site: Path) -> None:
    pages = 0
    for page in sorted((site / "api").glob("*/index.html")):
        text = page.read_text()
        for block in re.findall(
            r'<details class="see-also".*?</details>|<div class="admonition see-also">.*?</div>',
            text,
            re.DOTALL,
        ):
            pages += 1
            items = re.findall(r"<li>(.*?)</li>", block, re.DOTALL)
            assert items, f"{page.parent.name}: See Also is not a list"
            for item in items:
                assert "<a " in item, f"{page.parent.name}: unlinked See Also entry {item[:80]}"
    assert pages >= 3


def test_api_pages_show_no_internal_mixin_as_a_base(site: Path) -> None:
    import sklearn.base

    for page in sorted((site / "api").glob("*/index.html")):
        for line in re.findall(r'doc-class-bases">(.*?)</p>', page.read_text(), re.DOTALL):
            names = re.sub(r"<[^>]+>", "", line).replace("Bases:", "").split(",")
            for name in (n.strip() for n in names):
                # Mixins are shown only when they are scikit-learn's, which have pages.
                assert not name.endswith("Mixin") or hasattr(sklearn.base, name), (
                    f"{page.parent.name}: base {name}"
                )
