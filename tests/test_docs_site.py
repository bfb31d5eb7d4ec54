"""The documentation site: a strict build, then every page in headless Chromium.

One ``mkdocs build --strict`` (which runs the examples for the gallery, on
reduced data, or reuses their cached results), then one browser session over
all pages: no console errors, every image with a non-zero natural size, no
table or code block wider than the content column at 1280 px, no raw Sphinx
role in the text. Skipped when mkdocs (the ``docs`` extra) or Chromium is
missing, or when the real MNIST file that the gallery's examples train on is
absent; ``.ci/run`` installs Chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import missing_real, real_data_reason

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "tools"))

import check_site  # noqa: E402

pytestmark = pytest.mark.slow

if importlib.util.find_spec("mkdocs") is None:
    pytest.skip("mkdocs is not installed (pip install -e '.[docs]')", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict``."""
    # The gallery runs the examples, and three of them train on MNIST; the build
    # must not download it, so it runs only where SKFF_DATA_HOME holds it.
    if missing_real("mnist"):
        pytest.skip(
            "the docs gallery runs examples that need the real mnist.npz: "
            + real_data_reason(["mnist"])
        )
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
