"""Griffe extension: numpydoc docstrings written for Sphinx, shown right by mkdocstrings.

skff's docstrings (and scikit-learn's, for the inherited ``score``,
``get_params`` and ``set_params``) use Sphinx roles such as
``:func:`~skff.save```, which mkdocstrings would print as raw text. While the
package loads, this extension rewrites, in the docstrings only (never in the
code):

* a Sphinx role into an mkdocstrings cross-reference, ``[`save`][skff.save]``,
  resolved against the package (an unqualified name is looked up from the
  documented object outwards, as Python would); scikit-learn's ``:term:`` and
  ``:ref:`` roles become their text;
* ``path-like`` in a parameter type into ``os.PathLike`` (the numpydoc parser
  reads ``path-like`` as a subtraction, "path - like");
* an ``Any`` annotation of a parameter or return value of skff's functions into
  no annotation, since it tells a reader nothing (the docstring gives the type).

Names outside skff (scikit-learn, the standard library) resolve through the
URLs in ``docs/hooks/site.py`` (``EXTERNAL``), so that the build works offline.
A reference that resolves nowhere is left as ``[`name`][name]`` and fails
``mkdocs build --strict``. Once the docstrings use ``[name][]`` links
themselves this extension finds nothing to do.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(
    r":(?:py:)?(func|class|meth|mod|attr|data|exc|obj|term|ref|const):`([^`]+)`"
)
#: ``:term:`text <target>``` and ``:ref:`text <target>```: the text before the target.
LABELLED = re.compile(r"^(.*?)\s*<[^>]+>$")
PATH_LIKE = re.compile(r"\bpath-like\b")


def _candidates(obj: griffe.Object, name: str) -> list[str]:
    """Full paths ``name`` may mean inside ``obj``, innermost scope first."""
    if "." in name.split("(")[0] and name.split(".")[0] in {
        "skff",
        "sklearn",
        "numpy",
        "torch",
    }:
        return [name]
    scopes = []
    scope: Any = obj
    while scope is not None:
        if not scope.is_function:
            scopes.append(scope.path)
        scope = scope.parent
    return [f"{path}.{name}" for path in scopes] + [name]


def _exists(obj: griffe.Object, path: str) -> bool:
    try:
        obj.modules_collection[path]
    except (
        KeyError,
        ValueError,
        griffe.AliasResolutionError,
        griffe.CyclicAliasError,
    ):
        return False
    return True


def _classes_with(package: griffe.Object, name: str) -> list[str]:
    """Paths ``Class.name`` of the package's public classes that define ``name``."""
    found = []
    stack = [package]
    while stack:
        scope = stack.pop()
        for member in scope.members.values():
            if member.is_alias or member.name.startswith("_"):
                continue
            if member.is_module:
                stack.append(member)
            elif member.is_class and name in member.members:
                found.append(f"{member.path}.{name}")
    return found


def rewrite_roles(obj: griffe.Object, text: str) -> str:
    """Sphinx roles in ``text`` as mkdocstrings cross-references."""

    def replace(match: re.Match[str]) -> str:
        role, target = match.groups()
        if role in {"term", "ref"}:
            labelled = LABELLED.match(target)
            return labelled.group(1) if labelled else target
        short = target.startswith("~")
        target = target.lstrip("~").rstrip("()")
        label = target.rsplit(".", 1)[-1] if short else target
        found = next(
            (p for p in _candidates(obj, target) if _exists(obj, p)), None
        )
        if found is None and "." not in target:
            # ``:meth:`partial_fit``` outside its class: the one public class that has it.
            owners = _classes_with(obj.package, target)
            found = owners[0] if len(owners) == 1 else None
        return f"[`{label}`][{found or target}]"

    return ROLE.sub(replace, text)


def _drop_any(annotation: Any) -> Any:
    return None if str(annotation) in {"Any", "typing.Any"} else annotation


class SphinxToMkdocstrings(griffe.Extension):
    """Rewrite the docstrings of every loaded package once it is fully loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._visit(pkg, pkg.path == "skff", set())

    def _visit(self, obj: griffe.Object, own: bool, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            text = rewrite_roles(obj, obj.docstring.value)
            obj.docstring.value = PATH_LIKE.sub("os.PathLike", text)
        if own and obj.is_function:
            for parameter in obj.parameters:
                parameter.annotation = _drop_any(parameter.annotation)
            obj.returns = _drop_any(obj.returns)
        for member in obj.members.values():
            if not member.is_alias:
                self._visit(member, own, seen)
