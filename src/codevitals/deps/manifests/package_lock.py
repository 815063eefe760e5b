"""npm's `package-lock.json` (lockfile versions 1–3) and `npm-shrinkwrap.json`.

Versions 2 and 3 list every installed package under `packages`, keyed by its folder
(`node_modules/a/node_modules/b`); version 1 nests `dependencies` objects instead. Both are
read; where `packages` is present it is the truth. Packages hoisted to the top level come
first, so a `package.json` beside the lockfile takes the version installed for it, not one a
dependency nests. Workspace links and the project itself are not dependencies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_json
from codevitals.deps.manifests.npm_common import key_lines, locked
from codevitals.model.deps import Relation

_MODULES = "node_modules/"


class PackageLockSource:
    """npm's lockfiles."""

    kind: ClassVar[str] = "package-lock.json"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """`package-lock.json` or `npm-shrinkwrap.json`, outside `node_modules`."""
        names = ("package-lock.json", "npm-shrinkwrap.json")
        return path.name in names and "node_modules" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Every installed package with its version."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        packages = document.get("packages")
        if isinstance(packages, dict):
            entries = list(_installed(packages))
        else:
            entries = list(_nested(document.get("dependencies"), 1))
        lines = key_lines(text, "{")
        for key, name, _, entry in sorted(entries, key=lambda item: item[2]):
            where = Where(path, lines.get(key), _group(entry), Relation.UNKNOWN)
            if not isinstance(entry, dict):
                parsed.note(path, "invalid-lockfile", f"{key}: not an object", where.line)
                continue
            declaration = locked(name, entry.get("version"), where, parsed)
            if declaration is not None:
                parsed.declarations.append(declaration)
        return parsed


def _installed(packages: dict[str, Any]) -> Iterator[tuple[str, str, int, Any]]:
    """(key, name, depth, entry) of each package under `node_modules` (v2, v3)."""
    for key, entry in packages.items():
        if _MODULES not in f"/{key}" and not key.startswith(_MODULES):
            continue  # the project itself, or a workspace's folder
        if isinstance(entry, dict) and entry.get("link"):
            continue  # a workspace package, linked: the project's own code
        folder = key.rsplit(_MODULES, 1)[-1]
        # An alias (`"x-cjs": "npm:x@^4"`) is installed in its own folder; the package, the
        # one its advisories and releases are filed under, is the entry's `name`.
        real = entry.get("name") if isinstance(entry, dict) else None
        yield key, real if isinstance(real, str) and real else folder, key.count(_MODULES), entry


def _nested(dependencies: object, depth: int) -> Iterator[tuple[str, str, int, Any]]:
    """(key, name, depth, entry) of each package of a v1 `dependencies` tree."""
    if not isinstance(dependencies, dict):
        return
    for name, entry in dependencies.items():
        yield name, name, depth, entry
        if isinstance(entry, dict):
            yield from _nested(entry.get("dependencies"), depth + 1)


def _group(entry: object) -> str:
    if not isinstance(entry, dict):
        return ""
    if entry.get("dev") or entry.get("devOptional"):
        return "dev"
    return "optional" if entry.get("optional") else ""
