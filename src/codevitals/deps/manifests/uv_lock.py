"""uv's `uv.lock`: every locked package; the project's own entries say which are direct.

The project and its workspace members are the entries whose source is `editable` or
`virtual`; they are not dependencies themselves, but what they list under `dependencies`,
`optional-dependencies` (extras) and `dev-dependencies` (groups) is direct. Packages from
git, a path or a URL are unresolvable.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, canonicalize_name
from codevitals.deps.manifests.toml_lock import declare, packages
from codevitals.model.deps import Relation

_OWN = frozenset({"editable", "virtual"})
_SOURCES = {"git": "vcs", "path": "path", "directory": "path", "url": "url"}


class UvLockSource:
    """uv's lockfile."""

    kind: ClassVar[str] = "uv.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `uv.lock`."""
        return path.name == "uv.lock"

    def read(self, files: Files, path: str) -> Parsed:
        """Locked packages, direct or transitive, with their groups."""
        parsed = Parsed()
        entries = [(entry, line) for _, entry, line in packages(files, path, parsed)]
        direct = _direct(entry for entry, _ in entries if _source_kind(entry) in _OWN)
        for entry, line in entries:
            kind = _source_kind(entry)
            if kind in _OWN:
                continue
            name = canonicalize_name(entry["name"])
            relation = Relation.DIRECT if name in direct else Relation.TRANSITIVE
            where = Where(path, line, direct.get(name, ""), relation)
            declare(parsed, entry, where, _SOURCES.get(kind))
        return parsed


def _source_kind(entry: dict[str, Any]) -> str:
    source = entry.get("source")
    return next(iter(source), "") if isinstance(source, dict) else ""


def _direct(own: Any) -> dict[str, str]:
    """Names the project's own entries depend on, each with its group ("" for the main)."""
    found: dict[str, str] = {}
    for entry in own:
        for group, items in _dependency_lists(entry):
            for name in _names(items):
                # A package in the main dependencies and in a group belongs to the main ones.
                found[name] = "" if group == "" else found.get(name, group)
    return found


def _names(items: object) -> list[str]:
    """Normalised names of a list of `{ name = … }` tables."""
    tables = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    return [canonicalize_name(t["name"]) for t in tables if isinstance(t.get("name"), str)]


def _dependency_lists(entry: dict[str, Any]) -> list[tuple[str, object]]:
    lists: list[tuple[str, object]] = [("", entry.get("dependencies"))]
    for key in ("optional-dependencies", "dev-dependencies"):
        table = entry.get(key)
        if isinstance(table, dict):
            lists += list(table.items())
    return lists
