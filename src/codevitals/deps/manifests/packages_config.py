"""NuGet's `packages.config`: the packages of a .NET Framework project, each at its version.

`<package id="X" version="1.2.3" targetFramework="net48" />` restores exactly that version,
so every entry is pinned; `developmentDependency="true"` (analyzers, build tools) is the
`dev` group. The file lists what the project installed, transitive packages too, without
telling them apart. Read with defusedxml, like the other XML manifests.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed
from codevitals.deps.manifests.msbuild import ItemLines
from codevitals.deps.manifests.xml_manifest import load
from codevitals.deps.nuget_version import normalised, parse
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "NuGet"
NAME = "packages.config"


class PackagesConfigSource:
    """A .NET Framework project's `packages.config`."""

    kind: ClassVar[str] = NAME
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `packages.config`, outside build output."""
        return path.name == NAME and not {"bin", "obj"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each package, at the line of its element."""
        parsed = Parsed()
        loaded = load(files, path, parsed, "packages")
        if loaded is None:
            return parsed
        text, root = loaded
        lines = ItemLines(text)
        for package in root.iter("package"):
            name, version = package.get("id"), package.get("version")
            line = lines.next("package", name or "", "id")
            if not name or not version:
                parsed.note(path, "invalid-manifest", "a <package> without id or version", line)
                continue
            exact = parse(version) is not None and not version.startswith(("[", "("))
            development = (package.get("developmentDependency") or "").lower() == "true"
            parsed.declarations.append(
                Declaration(
                    name=name,
                    path=path,
                    line=line,
                    requirement=f"{name} {version}",
                    version=normalised(version) if exact else None,
                    group="dev" if development else "",
                    relation=Relation.UNKNOWN,
                    ecosystem=ECOSYSTEM,
                )
            )
        return parsed
