"""PEP 751 lockfiles: `pylock.toml` and `pylock.<name>.toml`.

Each `[[packages]]` entry has a name and, when it comes from an index, a version; entries
from a VCS, a directory or an archive URL are unresolvable. The format does not say which
packages are direct; a manifest beside it does.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.toml_lock import declare, packages
from codevitals.model.deps import Relation

_NAME = re.compile(r"^pylock\.([^.]+\.)?toml$")
_SOURCES = {"vcs": "vcs", "directory": "path", "archive": "url"}


class PylockSource:
    """Standard lockfiles (PEP 751)."""

    kind: ClassVar[str] = "pylock.toml"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """`pylock.toml` or `pylock.<name>.toml`."""
        return bool(_NAME.match(path.name))

    def read(self, files: Files, path: str) -> Parsed:
        """Locked packages with their versions and markers."""
        parsed = Parsed()
        for _, entry, line in packages(files, path, parsed, key="packages"):
            where = Where(path, line, "", Relation.UNKNOWN)
            kind = next((kind for key, kind in _SOURCES.items() if key in entry), None)
            source = kind if "version" not in entry else None  # a version wins: it can be looked up
            marker = entry.get("marker")
            declare(
                parsed, entry, where, source, markers=marker if isinstance(marker, str) else None
            )
        return parsed
