"""Composer's `composer.lock`: every package installed, at the version resolved.

`packages` are the main group and `packages-dev` are `dev`. A package locked at a branch
(`dev-main`, `2.x-dev`) is unresolvable: a commit, not a release. The lockfile does not say
which packages `composer.json` asks for; beside it, that file does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.composerversion import parse
from codevitals.deps.manifests.base import Files, Lines, Parsed, Where, read_json
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
        if found is not None:
            text, document = found
            for entry, where in _entries(document, Lines(text), path, parsed):
                item = _locked(entry, where, parsed)
                if item is not None:
                    parsed.declarations.append(item)
        return parsed


def _entries(
    document: dict[str, Any], lines: Lines, path: str, parsed: Parsed
) -> Iterator[tuple[object, Where]]:
    """Each entry of `packages` and `packages-dev`, at the line of its `"name"`."""
    for section, group in GROUPS.items():
        entries = document.get(section, [])
        start = lines.find(f'"{section}"', start=0)
        if not isinstance(entries, list):
            parsed.note(path, "invalid-lockfile", f"`{section}` is not a list", start)
            continue
        for entry in entries:
            name = _text(entry, "name")
            line = lines.find('"name"', f'"{name}"') if name else None
            yield entry, Where(path, line, group, Relation.UNKNOWN)


def _text(entry: object, key: str) -> str:
    """`entry[key]` when the entry is an object and that is a string, else ""."""
    value = entry.get(key) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else ""


def _locked(entry: object, where: Where, parsed: Parsed) -> Declaration | None:
    name, version = _text(entry, "name"), _text(entry, "version")
    if not name or not version:
        message = f"an entry without name or version: {name or '?'}"
        parsed.note(where.path, "invalid-lockfile", message, where.line)
        return None
    resolvable = parse(version) is not None
    return Declaration(
        name=name.lower(),
        path=where.path,
        line=where.line,
        requirement=f"{name} {version}",
        version=version if resolvable else None,
        group=where.group,
        relation=where.relation,
        unresolvable=None if resolvable else "vcs",
        ecosystem=ECOSYSTEM,
    )
