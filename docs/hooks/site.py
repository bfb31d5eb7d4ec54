"""mkdocs hook: generated text, external cross-references, and the build's own checks.

* Each ``<!-- generated: NAME -->`` line of a page becomes
  ``docs/tools/generated.py``'s ``render(NAME)``: the command-line reference
  (from skff's argparse parsers) and the tables of measured figures (from
  ``benchmarks/results/``), so that no page holds a hand-copied figure.
* The footer names skff's version (``skff/_version.py``) and where it comes
  from, so that a reader can tell which release a page describes.
* With ``SKFF_REPO_URL`` set (``repo_url`` in mkdocs.yml), "edit this page"
  links point at ``edit/main/docs/`` unless ``SKFF_EDIT_URI`` says otherwise.
* A class's "Bases:" line names public classes only: skff's internal mixins
  (``SklearnMethodsMixin`` and the like) have no page, so each is replaced by
  its own public bases (``ClassifierMixin``). The rendered line is rewritten,
  not griffe's data, which still needs the mixins for the inherited methods.
* Names outside skff that the API pages link to (``[name][sklearn....]``)
  resolve to the URLs in ``EXTERNAL``, without downloading an inventory, so
  the build works offline; ``mkdocs build --strict`` fails on any other
  unresolved cross-reference.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import generated

SKLEARN = "https://scikit-learn.org/stable/modules/generated/"
PYTHON = "https://docs.python.org/3/library/"
EXTERNAL = {
    "sklearn.exceptions.ConvergenceWarning": SKLEARN
    + "sklearn.exceptions.ConvergenceWarning.html",
    "sklearn.pipeline.Pipeline": SKLEARN + "sklearn.pipeline.Pipeline.html",
    "sklearn.datasets.get_data_home": SKLEARN
    + "sklearn.datasets.get_data_home.html",
    "sklearn.neural_network.MLPClassifier": SKLEARN
    + "sklearn.neural_network.MLPClassifier.html",
    "sklearn.model_selection.GridSearchCV": SKLEARN
    + "sklearn.model_selection.GridSearchCV.html",
    "sklearn.base.BaseEstimator": SKLEARN + "sklearn.base.BaseEstimator.html",
    "sklearn.base.ClassifierMixin": SKLEARN
    + "sklearn.base.ClassifierMixin.html",
    "sklearn.metrics.accuracy_score": SKLEARN
    + "sklearn.metrics.accuracy_score.html",
    "ImportError": PYTHON + "exceptions.html#ImportError",
    "ValueError": PYTHON + "exceptions.html#ValueError",
    "TypeError": PYTHON + "exceptions.html#TypeError",
    "OSError": PYTHON + "exceptions.html#OSError",
    "FileNotFoundError": PYTHON + "exceptions.html#FileNotFoundError",
    "PermissionError": PYTHON + "exceptions.html#PermissionError",
    "IsADirectoryError": PYTHON + "exceptions.html#IsADirectoryError",
    "FileExistsError": PYTHON + "exceptions.html#FileExistsError",
    "KeyboardInterrupt": PYTHON + "exceptions.html#KeyboardInterrupt",
    "os.replace": PYTHON + "os.html#os.replace",
    "tempfile.mkstemp": PYTHON + "tempfile.html#tempfile.mkstemp",
    "UserWarning": PYTHON + "exceptions.html#UserWarning",
    "pickle": PYTHON + "pickle.html",
    "os.PathLike": PYTHON + "os.html#os.PathLike",
}


def on_config(config: Any) -> Any:
    # With SKFF_REPO_URL set and no SKFF_EDIT_URI, edit links point at the main branch.
    if config.repo_url and not os.environ.get("SKFF_EDIT_URI"):
        config.edit_uri = "edit/main/docs/"
    # The footer is on every page; the version comes from the one file that sets it.
    source = (
        config.repo_url or "a clone of the source repository (not on PyPI)"
    )
    config.copyright = f"skff {generated.version()}, installed from {source}"
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    autorefs = config.plugins["autorefs"]
    for identifier, url in EXTERNAL.items():
        autorefs.register_url(identifier, url)
    return env


ROOT = Path(__file__).resolve().parents[2]
#: A repository path in backquotes, as CHANGELOG.md writes them.
REPO_PATH = re.compile(
    r"`((?:docs|benchmarks|examples|skff|tests)/[\w./-]*[\w/])`"
)


def changelog_links(markdown: str, repo_url: str | None) -> str:
    """CHANGELOG.md's paths as links: pages to pages, other files to the repository.

    CHANGELOG.md is read on GitHub as well as here, so it names files as plain
    paths; only the site turns them into links. Without ``repo_url`` a file
    that is not a page has nowhere to point and stays text.
    """

    def link(match: re.Match[str]) -> str:
        path = match.group(1)
        if path.startswith("docs/") and path.endswith(".md"):
            return f"[`{path}`]({path.removeprefix('docs/')})"
        if path.startswith("examples/") and path.endswith(".py"):
            return f"[`{path}`](gallery/{Path(path).stem}.md)"
        if repo_url and (ROOT / path).exists():
            kind = "tree" if (ROOT / path).is_dir() else "blob"
            return f"[`{path}`]({repo_url.rstrip('/')}/{kind}/main/{path})"
        return match.group(0)

    return REPO_PATH.sub(link, markdown)


BASES = re.compile(
    r'(<p class="doc doc-class-bases">\s*Bases:\s*)(.*?)(\s*</p>)', re.DOTALL
)
CODE = re.compile(r"<code>.*?</code>", re.DOTALL)


def _public_bases(cls: type) -> list[type]:
    """``cls``'s bases with skff's internal mixins replaced by theirs, recursively."""
    out: list[type] = []
    for base in cls.__bases__:
        internal = base.__module__.startswith(
            "skff"
        ) and base.__name__.endswith("Mixin")
        for public in _public_bases(base) if internal else [base]:
            if public is not object and public not in out:
                out.append(public)
    return out


def _mixins() -> dict[str, type]:
    """skff's internal mixins by name (every module of the package, imported)."""
    import importlib
    import pkgutil

    import skff

    found = {}
    for info in pkgutil.walk_packages(skff.__path__, "skff."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and name.endswith("Mixin")
                and obj.__module__ == info.name
            ):
                found[name] = obj
    return found


def public_bases_html(html_text: str) -> str:
    """Each "Bases:" line with the internal mixins replaced by their public bases."""
    mixins: dict[str, type] = {}

    def line(match: re.Match[str]) -> str:
        entries = []
        for code in CODE.findall(match.group(2)):
            name = re.sub(r"<[^>]+>", "", code).strip()
            if name.endswith("Mixin") and not mixins:
                mixins.update(_mixins())
            if name not in mixins:
                entries.append(code)
                continue
            for base in _public_bases(mixins[name]):
                path = f"{base.__module__}.{base.__qualname__}"
                url = EXTERNAL.get(path)
                name = base.__qualname__
                entry = (
                    f'<code><a href="{url}">{name}</a></code>'
                    if url
                    else f"<code>{name}</code>"
                )
                if base.__qualname__ not in "".join(entries):
                    entries.append(entry)
        return match.group(1) + ", ".join(entries) + match.group(3)

    return BASES.sub(line, html_text)


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri.startswith("api/"):
        return public_bases_html(html_text)
    return html_text


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri == "changelog.md":
        if page.edit_url:
            # The page only includes the top-level CHANGELOG.md: edit that.
            page.edit_url = page.edit_url.replace(
                "docs/changelog.md", "CHANGELOG.md"
            )
        # Included here rather than by the snippets extension, which runs
        # after this hook: its paths become links (changelog_links).
        markdown = markdown.replace(
            '--8<-- "CHANGELOG.md"', (ROOT / "CHANGELOG.md").read_text()
        )
        markdown = changelog_links(markdown, config.repo_url)
    return generated.expand_markers(markdown)
