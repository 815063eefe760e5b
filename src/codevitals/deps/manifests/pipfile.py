"""Pipenv's `Pipfile`: `[packages]` and `[dev-packages]` (and any other category table).

Values are `"*"`, a PEP 440 specifier (`"==1.2"`), or a table with `version`, `extras`,
`markers`, or a `git`/`path`/`file` source, which is unresolvable.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from codevitals.deps.manifests.base import (
    Files,
    Lines,
    Parsed,
    Where,
    canonicalize_name,
    pinned,
    read_toml,
)
from codevitals.model.deps import Declaration

_NOT_PACKAGES = frozenset({"source", "requires", "pipenv", "scripts"})
_SOURCES = {"git": "vcs", "hg": "vcs", "svn": "vcs", "bzr": "vcs", "path": "path", "file": "url"}


class PipfileSource:
    """Pipenv's manifest."""

    kind: ClassVar[str] = "Pipfile"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Pipfile`."""
        return path.name == "Pipfile"

    def read(self, files: Files, path: str) -> Parsed:
        """Every package category."""
        parsed = Parsed()
        found = read_toml(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        lines = Lines(text)
        for category, packages in document.items():
            if category in _NOT_PACKAGES or not isinstance(packages, dict):
                continue
            group = "" if category == "packages" else category.removesuffix("-packages")
            start = lines.header(category)
            for name, value in packages.items():
                where = Where(path, lines.find(name, start=start), group)
                _entry(name, value, where, parsed)
        return parsed


def _entry(name: str, value: Any, where: Where, parsed: Parsed) -> None:
    spec = value.get("version", "*") if isinstance(value, dict) else value
    if not isinstance(spec, str):
        parsed.note(where.path, "invalid-manifest", f"{name}: unreadable version", where.line)
        return
    parsed.declarations.append(
        Declaration(
            name=canonicalize_name(name),
            path=where.path,
            line=where.line,
            requirement=f"{name}{'' if spec == '*' else spec}",
            version=_pin(spec),
            group=where.group,
            markers=value.get("markers") if isinstance(value, dict) else None,
            unresolvable=_source(value),
        )
    )


def _pin(spec: str) -> str | None:
    if spec.strip() == "*":
        return None
    try:
        return pinned(SpecifierSet(spec))
    except InvalidSpecifier:
        return None


def _source(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    if value.get("editable"):
        return "editable"
    return next((kind for key, kind in _SOURCES.items() if key in value), None)
