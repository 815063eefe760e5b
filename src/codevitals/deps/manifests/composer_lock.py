"""Composer's `composer.lock`: every package installed, at the version resolved.

`packages` are the main group and `packages-dev` are `dev`. A package locked at a branch
(`dev-main`, `2.x-dev`) is unresolvable: a commit, not a release. The lockfile does not say
which packages `composer.json` asks for; beside it, that file does.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.composerversion import parse
from codevitals.deps.manifests.base import Files, Lines, Parsed, read_json
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "Packagist"
GROUPS = {"packages": "", "packages-dev": "dev"}


class ComposerLockSource:
    """Composer's lockfile."""

    kind: ClassVar[str] = "composer.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `composer.lock`, outside `vendor/`."""
        return path.name == "composer.lock" and "vendor" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each locked package with its version and group."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        lines = Lines(text)
        for section, group in GROUPS.items():
            entries = document.get(section, [])
            start = lines.find(f'"{section}"', start=0)
            if not isinstance(entries, list):
                parsed.note(path, "invalid-lockfile", f"`{section}` is not a list", start)
                continue
            for entry in entries:
                name = entry.get("name") if isinstance(entry, dict) else None
                line = lines.find('"name"', f'"{name}"') if isinstance(name, str) else None
                item = _locked(entry, path, line, group, parsed)
                if item is not None:
                    parsed.declarations.append(item)
        return parsed


def _locked(
    entry: object, path: str, line: int | None, group: str, parsed: Parsed
) -> Declaration | None:
    name = entry.get("name") if isinstance(entry, dict) else None
    version = entry.get("version") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not isinstance(version, str) or not version:
        parsed.note(path, "invalid-lockfile", f"an entry without name or version: {name}", line)
        return None
    resolvable = parse(version) is not None
    return Declaration(
        name=name.lower(),
        path=path,
        line=line,
        requirement=f"{name} {version}",
        version=version if resolvable else None,
        group=group,
        relation=Relation.UNKNOWN,
        unresolvable=None if resolvable else "vcs",
        ecosystem=ECOSYSTEM,
    )
