"""PDM's `pdm.lock`: every locked package, with its group.

Editable, path, git and URL entries are unresolvable.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.toml_lock import declare, first_group, packages
from codevitals.model.deps import Relation

_SOURCES = {"editable": "editable", "git": "vcs", "path": "path", "url": "url"}


class PdmLockSource:
    """PDM's lockfile."""

    kind: ClassVar[str] = "pdm.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `pdm.lock`."""
        return path.name == "pdm.lock"

    def read(self, files: Files, path: str) -> Parsed:
        """Locked packages with their versions."""
        parsed = Parsed()
        for _, entry, line in packages(files, path, parsed):
            where = Where(path, line, first_group(entry.get("groups"), "default"), Relation.UNKNOWN)
            kind = next((kind for key, kind in _SOURCES.items() if entry.get(key)), None)
            declare(parsed, entry, where, kind)
        return parsed
