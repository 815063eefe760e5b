"""NuGet's `packages.lock.json`: every package restored, per target framework.

`dependencies` maps each framework (`net8.0`, …) to packages with their `type` (`Direct`,
`Transitive`, `CentralTransitive`, `Project`) and `resolved` version. A package restored for
several frameworks at one version is reported once; `Project` entries are the solution's own
projects, not packages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, Where, read_json, table
from codevitals.deps.nuget_version import normalised, parse
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "NuGet"
RELATIONS = {
    "direct": Relation.DIRECT,
    "transitive": Relation.TRANSITIVE,
    "centraltransitive": Relation.TRANSITIVE,
}


class NuGetLockSource:
    """NuGet's lockfile."""

    kind: ClassVar[str] = "packages.lock.json"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `packages.lock.json`, outside build output (`bin/`, `obj/`)."""
        return path.name == "packages.lock.json" and not {"bin", "obj"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each restored package and version, at its first line."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        frameworks = table(document, "dependencies")
        if not frameworks:
            parsed.note(path, "invalid-lockfile", "no `dependencies` by target framework", 1)
        lines = Lines(text)
        seen: set[tuple[str, str]] = set()
        for name, entry in _packages(frameworks):
            line = lines.find(f'"{name}"', "{", start=0)  # the entry, not a mention
            resolved = entry.get("resolved")
            if not isinstance(resolved, str) or parse(resolved) is None:
                parsed.note(path, "invalid-lockfile", f"{name}: no resolved version", line)
            elif (name.lower(), normalised(resolved)) not in seen:
                seen.add((name.lower(), normalised(resolved)))
                parsed.declarations.append(_locked(name, entry, Where(path, line)))
        return parsed


def _packages(frameworks: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, entry) of every package of every target framework; projects are left out."""
    for packages in frameworks.values():
        for name, entry in (packages if isinstance(packages, dict) else {}).items():
            if isinstance(entry, dict) and str(entry.get("type", "")).lower() != "project":
                yield name, entry


def _locked(name: str, entry: dict[str, Any], where: Where) -> Declaration:
    resolved = str(entry["resolved"])
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name} {resolved}",
        version=normalised(resolved),
        relation=RELATIONS.get(str(entry.get("type", "")).lower(), Relation.UNKNOWN),
        ecosystem=ECOSYSTEM,
    )
