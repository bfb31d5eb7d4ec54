"""Griffe extension for the API pages: See Also as links, no private mixins as bases.

* numpydoc's ``See Also`` lines (``name : description``, continuation lines
  indented) stay numpydoc in the source, for ``help()`` and other tools, but
  griffe passes the section through as plain text, which renders as one
  unlinked paragraph. This rewrites each entry as a Markdown list item whose
  name is a cross-reference, so a name that resolves nowhere fails the strict
  build instead of rendering as dead text.
* Mixins from skff's internal modules (``SklearnMethodsMixin`` and the like)
  are implementation, and have no page: a class lists their bases instead
  (``ClassifierMixin``), recursively, so the bases a reader sees are public.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

API = Path(__file__).resolve().parents[1] / "api"
SECTION = re.compile(
    r"^See Also\n-{8,}\n(?P<body>.*?)(?=\n\n\S[^\n]*\n-{3,}\n|\Z)",
    re.MULTILINE | re.DOTALL,
)
ENTRY = re.compile(r"^(?P<names>[\w.,\s]+?)(?:\s*:\s*(?P<text>.*))?$")


def _documented() -> set[str]:
    """Object paths that have an API page (the ``::: path`` lines)."""
    paths = set()
    for page in API.glob("*.md"):
        paths.update(re.findall(r"^::: (\S+)", page.read_text(), re.MULTILINE))
    return paths


def see_also_markdown(body: str) -> str:
    """numpydoc See Also entries as a Markdown list of cross-references."""
    items: list[list[str]] = []
    for line in body.strip("\n").splitlines():
        if line[:1].isspace() and items:
            items[-1].append(line.strip())  # the description goes on
        elif line.strip():
            match = ENTRY.match(line.strip())
            names = [n.strip() for n in match.group("names").split(",")]
            links = ", ".join(f"[`{n}`][{n}]" for n in names if n)
            text = match.group("text")
            items.append([f"- {links}" + (f": {text}" if text else "")])
    return "\n".join(" ".join(item) for item in items) + "\n"


def _rewrite(docstring: str) -> str:
    return SECTION.sub(
        lambda m: "See Also\n--------\n" + see_also_markdown(m.group("body")),
        docstring,
    )


def _public_bases(cls: griffe.Class, collection: Any) -> list[Any]:
    public = _documented()
    out = []
    for base in cls.bases:
        path = getattr(base, "canonical_path", str(base))
        if path.startswith("skff.") and path not in public:
            try:
                target = collection[path]
            except KeyError:
                continue
            if isinstance(target, griffe.Alias):
                target = target.final_target
            out += _public_bases(target, collection)
        else:
            out.append(base)
    return out


class SkffApiPages(griffe.Extension):
    """Rewrites See Also sections and hides internal bases (module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring and "See Also" in obj.docstring.value:
            obj.docstring.value = _rewrite(obj.docstring.value)

    def on_package(
        self, *, pkg: griffe.Module, loader: Any, **kwargs: Any
    ) -> None:
        if pkg.name != "skff":
            return
        stack: list[griffe.Object] = [pkg]
        while stack:
            obj = stack.pop()
            for member in obj.members.values():
                if member.is_alias:
                    continue
                if member.is_class:
                    member.bases = _public_bases(
                        member, loader.modules_collection
                    )
                if member.is_module or member.is_class:
                    stack.append(member)
