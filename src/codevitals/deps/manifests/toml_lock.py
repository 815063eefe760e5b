"""What the TOML lockfiles share: an array of package tables, each found at its line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from codevitals.deps.manifests.base import (
    Files,
    Lines,
    Parsed,
    Where,
    locked,
    read_toml,
    unresolved,
)


def packages(
    files: Files, path: str, parsed: Parsed, key: str = "package"
) -> Iterator[tuple[dict[str, Any], dict[str, Any], int | None]]:
    """(document, package table, line of its `name`) for each well-formed package entry."""
    found = read_toml(files, path, parsed)
    if found is None:
        return
    text, document = found
    entries = document.get(key, [])
    if not isinstance(entries, list):
        parsed.note(path, "invalid-lockfile", f"`{key}` is not an array of tables")
        return
    lines = Lines(text)
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not isinstance(entry, dict):
            parsed.note(path, "invalid-lockfile", f"a `{key}` entry without a name")
            continue
        yield document, entry, lines.entry("name", name)


def first_group(groups: object, main: str) -> str:
    """The group an entry belongs to: "" when it is in the main one, else the first named."""
    if not isinstance(groups, list) or not groups or main in groups:
        return ""
    return str(groups[0])


def declare(
    parsed: Parsed,
    entry: dict[str, Any],
    where: Where,
    source: str | None,
    *,
    markers: str | None = None,
) -> None:
    """Add a package entry to `parsed`.

    An entry from `source` (vcs, path, url, editable) rather than an index cannot be looked
    up; any other is declared with its locked version.
    """
    if source is not None:
        parsed.declarations.append(unresolved(entry["name"], where, source))
        return
    declaration = locked(entry["name"], entry.get("version"), where, parsed, markers=markers)
    if declaration is not None:
        parsed.declarations.append(declaration)
