"""Poetry's `poetry.lock`: every locked package, with its group (`category` before Poetry 2).

Packages from git, a path or a URL (`[package.source]` of that type) are unresolvable.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.toml_lock import declare, first_group, packages
from codevitals.model.deps import Relation

_SOURCES = {"git": "vcs", "directory": "path", "file": "path", "url": "url"}


class PoetryLockSource:
    """Poetry's lockfile."""

    kind: ClassVar[str] = "poetry.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `poetry.lock`."""
        return path.name == "poetry.lock"

    def read(self, files: Files, path: str) -> Parsed:
        """Locked packages with their versions."""
        parsed = Parsed()
        for _, entry, line in packages(files, path, parsed):
            where = Where(path, line, _group(entry), Relation.UNKNOWN)
            source = entry.get("source")
            kind = _SOURCES.get(source.get("type", "")) if isinstance(source, dict) else None
            declare(parsed, entry, where, kind)
        return parsed


def _group(entry: dict[str, Any]) -> str:
    category = entry.get("category")
    if isinstance(category, str):
        return "" if category == "main" else category
    return first_group(entry.get("groups"), "main")
