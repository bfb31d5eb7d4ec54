"""One source for each figure: the README's tables, the API pages, the citation files."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import yaml

import skff

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "tools"))

import generated  # noqa: E402


def test_readme_tables_match_the_results_files() -> None:
    readme = (ROOT / "README.md").read_text()
    sections = generated.SECTION.findall(readme)
    assert len(sections) >= 5
    assert generated.update_sections(readme) == readme, (
        "README.md disagrees with benchmarks/results/: run python docs/tools/generated.py"
    )


def test_every_marker_of_the_docs_renders() -> None:
    markers = []
    for page in (ROOT / "docs").rglob("*.md"):
        markers += generated.MARKER.findall(page.read_text())
    assert "cli-reference" in markers
    assert set(markers) <= set(generated.GENERATORS)
    for name in set(markers):
        assert generated.render(name).strip()


def test_tables_fit_a_page_column() -> None:
    # A table of more than 6 columns does not fit the site's content column.
    for name in generated.GENERATORS:
        for line in generated.render(name).splitlines():
            if line.startswith("|---"):
                assert line.count("|") - 1 <= 6, name


def _documented() -> set[str]:
    paths = set()
    for page in (ROOT / "docs" / "api").glob("*.md"):
        paths |= set(re.findall(r"^::: (\S+)", page.read_text(), re.MULTILINE))
    return paths


def test_api_pages_cover_the_public_objects_and_nothing_internal() -> None:
    documented = _documented()
    for path in documented:
        module, _, name = path.rpartition(".")
        assert hasattr(importlib.import_module(module), name), path
    names = {p.rpartition(".")[2] for p in documented}
    for name in skff.__all__:
        assert name == "__version__" or name in names, name
    for module in ("skff.plotting", "skff.diagnostics", "skff.persistence"):
        public = getattr(importlib.import_module(module), "__all__", None) or [
            n
            for n, v in vars(importlib.import_module(module)).items()
            if callable(v) and not n.startswith("_") and v.__module__ == module
        ]
        for name in public:
            if name not in {"require_pyplot", "FORMAT_VERSION"}:
                assert name in names, f"{module}.{name}"
    for helper in ("require_pyplot", "sha256_of", "download"):
        assert helper not in names


def test_citation_and_changelog() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == skff.__version__
    assert {"title", "authors", "message", "license"} <= set(citation)
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## Unreleased" in changelog
    assert f"## {skff.__version__}" in changelog


def test_documented_docstrings_need_no_rewriting() -> None:
    # The site renders docstrings as written: no Sphinx roles, no "path-like",
    # no Any annotations, a description for every returned value, and doctest
    # lines that fit a page column.
    import docstring_audit

    assert docstring_audit.audit() == []
