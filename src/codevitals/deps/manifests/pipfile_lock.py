"""Pipenv's `Pipfile.lock` (JSON): every locked package of `default` and `develop`.

The lockfile does not say which packages the Pipfile asked for; the `Pipfile` beside it
does, and the audit marks those direct.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import (
    Files,
    Lines,
    Parsed,
    Where,
    locked,
    read_json,
    sections,
    unresolved,
)
from codevitals.model.deps import Relation

_GROUPS = {"default": "", "develop": "dev"}
_SOURCES = {"git": "vcs", "hg": "vcs", "svn": "vcs", "bzr": "vcs", "path": "path", "file": "url"}


class PipfileLockSource:
    """Pipenv's lockfile."""

    kind: ClassVar[str] = "Pipfile.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Pipfile.lock`."""
        return path.name == "Pipfile.lock"

    def read(self, files: Files, path: str) -> Parsed:
        """Locked packages with their versions."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        lines = Lines(text)
        for _, group, packages in sections(document, _GROUPS):
            for name, entry in packages.items():
                where = Where(path, lines.find(f'"{name}"'), group, Relation.UNKNOWN)
                _entry(name, entry, where, parsed)
        return parsed


def _entry(name: str, entry: Any, where: Where, parsed: Parsed) -> None:
    if not isinstance(entry, dict):
        parsed.note(where.path, "invalid-lockfile", f"{name}: not an object", where.line)
        return
    source = next((kind for key, kind in _SOURCES.items() if key in entry), None)
    if source is not None or "version" not in entry:
        kind = "editable" if entry.get("editable") else source or "path"
        parsed.declarations.append(unresolved(name, where, kind))
        return
    version = entry["version"]
    markers = entry.get("markers")
    declaration = locked(
        name,
        version.removeprefix("==") if isinstance(version, str) else version,
        where,
        parsed,
        markers=markers if isinstance(markers, str) else None,
    )
    if declaration is not None:
        parsed.declarations.append(declaration)
