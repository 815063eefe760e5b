"""npm's `package.json`: the dependencies a project asks for, by group.

`dependencies` are the main group; `devDependencies`, `optionalDependencies` and
`peerDependencies` are `dev`, `optional` and `peer`. A spec pins a version only when it is
one exact version; ranges take their version from the lockfile beside it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, Where, read_json, sections
from codevitals.deps.manifests.npm_common import declared
from codevitals.model.deps import Declaration

GROUPS = {
    "dependencies": "",
    "devDependencies": "dev",
    "optionalDependencies": "optional",
    "peerDependencies": "peer",
}


class PackageJsonSource:
    """npm's project manifest."""

    kind: ClassVar[str] = "package.json"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `package.json`, outside `node_modules` (installed packages, not the project)."""
        return path.name == "package.json" and "node_modules" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each dependency of each group at its line."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is not None:
            text, document = found
            parsed.declarations += _declared(document, Lines(text), path, parsed)
        return parsed


def _declared(
    document: dict[str, Any], lines: Lines, path: str, parsed: Parsed
) -> list[Declaration]:
    """The dependencies of every group, each at the line that names it in its section."""
    found: list[Declaration] = []
    for section, group, entries in sections(document, GROUPS):
        start = lines.find(f'"{section}"', start=0)
        for name, spec in entries.items():
            line = lines.find(f'"{name}"', start=start) if start is not None else None
            if isinstance(spec, str):
                found.append(declared(name, spec, Where(path, line, group)))
            else:
                parsed.note(path, "invalid-manifest", f"{name}: spec is not a string", line)
    return found
