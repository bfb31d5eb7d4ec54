"""List what the docstrings of the documented objects still need for mkdocstrings.

For every object on the API pages (``::: path`` in ``docs/api/*.md``) and its
public members, it reports:

* Sphinx roles (``:func:`x```), to be written as ``[`x`][full.path]``;
* ``path-like`` in a type, to be written ``str or os.PathLike``;
* ``Any`` annotations of parameters and return values;
* entries of a Returns (or Yields) section without a description;
* doctest lines longer than 79 characters (they wrap on the page).

The site renders the docstrings as they are, so each of these shows on a
page; ``tests/test_docs_generated.py`` keeps the list empty. Run from the
repository root: ``python docs/tools/docstring_audit.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
ROLE = re.compile(
    r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const):`[^`]+`"
)


def _documented() -> list[str]:
    paths = []
    for page in sorted((ROOT / "docs" / "api").glob("*.md")):
        paths += re.findall(r"^::: (\S+)", page.read_text(), re.MULTILINE)
    return paths


def _objects(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    if obj.is_class:
        for member in obj.members.values():
            if not member.name.startswith("_") and not member.is_alias:
                found.append(member)
    return found


def audit() -> list[str]:
    loader = griffe.GriffeLoader(docstring_parser=griffe.Parser.numpy)
    package = loader.load("skff")
    loader.resolve_aliases(implicit=False, external=False)
    lines = []
    for path in _documented():
        root = (
            package[path.removeprefix("skff.")] if path != "skff" else package
        )
        target = root.final_target if root.is_alias else root
        for obj in _objects(target):
            where = f"{obj.path} ({obj.relative_filepath}:{obj.lineno})"
            doc = obj.docstring
            problems = []
            if doc is not None:
                problems += [
                    f"role {m}" for m in sorted(set(ROLE.findall(doc.value)))
                ]
                if "path-like" in doc.value:
                    problems.append("'path-like' in a type")
                for section in doc.parse(griffe.Parser.numpy):
                    if section.kind.value in ("returns", "yields"):
                        for item in section.value:
                            if not (item.description or "").strip():
                                problems.append(
                                    f"Returns entry '{item.annotation}' has no text"
                                )
                long = [
                    line.strip()[:40]
                    for line in doc.value.splitlines()
                    if line.lstrip().startswith((">>>", "..."))
                    and len(line.strip()) > 79
                ]
                problems += [
                    f"doctest line over 79 characters: {t}..." for t in long
                ]
            if obj.is_function:
                anys = [
                    p.name
                    for p in obj.parameters
                    if str(p.annotation) == "Any"
                ]
                if anys:
                    problems.append("Any annotation on " + ", ".join(anys))
                if str(obj.returns) == "Any":
                    problems.append("returns Any")
            lines += [f"{where}: {p}" for p in problems]
    return lines


if __name__ == "__main__":
    found = audit()
    print("\n".join(found) or "nothing to do")
    print(f"{len(found)} items", file=sys.stderr)
