"""Griffe extension for the API pages: See Also entries as links.

numpydoc's ``See Also`` lines (``name : description``, continuation lines
indented) stay numpydoc in the source, for ``help()`` and other tools, but
griffe passes the section through as plain text, which renders as one
unlinked paragraph. This rewrites each entry as a Markdown list item whose
name is a cross-reference, so a name that resolves nowhere fails the strict
build instead of rendering as dead text.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

SECTION = re.compile(
    r"^See Also\n-{8,}\n(?P<body>.*?)(?=\n\n\S[^\n]*\n-{3,}\n|\Z)",
    re.MULTILINE | re.DOTALL,
)
ENTRY = re.compile(r"^(?P<names>[\w.,\s]+?)(?:\s*:\s*(?P<text>.*))?$")


def see_also_markdown(body: str) -> str | None:
    """numpydoc See Also entries as a Markdown list of cross-references.

    None when a line is not a numpydoc entry: the section is then left as
    written rather than guessed at.
    """
    items: list[list[str]] = []
    for line in body.strip("\n").splitlines():
        if line[:1].isspace() and items:
            items[-1].append(line.strip())  # the description goes on
        elif line.strip():
            match = ENTRY.match(line.strip())
            if match is None:
                return None
            names = [n.strip() for n in match.group("names").split(",")]
            links = ", ".join(f"[`{n}`][{n}]" for n in names if n)
            text = match.group("text")
            items.append([f"- {links}" + (f": {text}" if text else "")])
    return "\n".join(" ".join(item) for item in items) + "\n"


def _rewrite(docstring: str) -> str:
    def section(match: re.Match[str]) -> str:
        items = see_also_markdown(match.group("body"))
        return (
            match.group(0) if items is None else "See Also\n--------\n" + items
        )

    return SECTION.sub(section, docstring)


class SkffApiPages(griffe.Extension):
    """Rewrites the See Also sections of skff's docstrings (module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        # skff's own docstrings only: others (scikit-learn's, loaded for the
        # inherited methods) follow conventions of their own.
        if (
            obj.path.startswith("skff")
            and obj.docstring
            and "See Also" in obj.docstring.value
        ):
            obj.docstring.value = _rewrite(obj.docstring.value)
