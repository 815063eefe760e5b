"""Yarn's `yarn.lock`: classic (v1, its own syntax) and berry (v2+, YAML).

Both are read line by line, without a YAML parser: an entry starts at column 0 with the
specs it resolves (`"a@^1.0.0", a@^1.1.0:`), and its indented `version "1.2.3"` (classic) or
`version: 1.2.3` (berry) line gives the version. Berry's `__metadata` and the project's own
workspaces (`@workspace:`) are not dependencies. Each (name, version) is reported once.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_text
from codevitals.deps.manifests.npm_common import locked
from codevitals.model.deps import Relation

_VERSION = re.compile(r"""^\s+version:?\s+"?([^"\s]+)"?\s*$""")


class YarnLockSource:
    """Yarn's lockfile, classic and berry."""

    kind: ClassVar[str] = "yarn.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `yarn.lock`, outside `node_modules`."""
        return path.name == "yarn.lock" and "node_modules" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Every resolved package with its version."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        seen: set[tuple[str, str]] = set()
        name: str | None = None
        header = 0
        for number, line in enumerate((text or "").splitlines(), 1):
            if line[:1].strip() and line[:1] != "#":  # an entry starts at column 0
                name = _entry_name(line, path, number, parsed)
                header = number
                continue
            if name is None:
                continue
            found = _VERSION.match(line)
            if found is None or (name, found.group(1)) in seen:
                continue
            seen.add((name, found.group(1)))
            where = Where(path, header, "", Relation.UNKNOWN)
            declaration = locked(name, found.group(1), where, parsed)
            if declaration is not None:
                parsed.declarations.append(declaration)
            name = None
        return parsed


def _entry_name(line: str, path: str, number: int, parsed: Parsed) -> str | None:
    """The package an entry's header line resolves, or None when it is no dependency."""
    if not line.rstrip().endswith(":"):
        parsed.note(path, "invalid-lockfile", "expected an entry ending in ':'", number)
        return None
    first = line.rstrip()[:-1].split(",")[0].strip().strip('"')
    if first == "__metadata" or "@workspace:" in first:
        return None
    at = first.find("@", 1)  # a scope's own `@` is the first character
    if at <= 0:
        parsed.note(path, "invalid-lockfile", f"{first}: no name@range", number)
        return None
    return first[:at]
