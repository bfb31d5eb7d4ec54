"""mkdocs hook: generated text, external cross-references, and the build's own checks.

* Each ``<!-- generated: NAME -->`` line of a page becomes
  ``docs/tools/generated.py``'s ``render(NAME)``: the command-line reference
  (from skff's argparse parsers) and the tables of measured figures (from
  ``benchmarks/results/``), so that no page holds a hand-copied figure.
* The footer names skff's version (``skff/_version.py``) and where it comes
  from, so that a reader can tell which release a page describes.
* With ``SKFF_REPO_URL`` set (``repo_url`` in mkdocs.yml), "edit this page"
  links point at ``edit/main/docs/`` unless ``SKFF_EDIT_URI`` says otherwise.
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
