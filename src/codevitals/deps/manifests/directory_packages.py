"""NuGet central package management: `Directory.Packages.props`.

`<PackageVersion Include="X" Version="1.2.3" />` sets the version every project below the
file uses for X (their `PackageReference`s name no version); `<GlobalPackageReference>` adds
a package to every project. The versions are reported here, with an `unknown` relation for
`PackageVersion` (the file does not say which project uses them) and `direct` for global
references.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.msbuild import (
    build_properties,
    declared,
    items,
    load,
    nearest,
    read_items,
)
from codevitals.model.deps import Relation

NAME = "Directory.Packages.props"
RELATIONS = {"PackageVersion": Relation.UNKNOWN, "GlobalPackageReference": Relation.DIRECT}


class DirectoryPackagesSource:
    """NuGet's central package versions."""

    kind: ClassVar[str] = NAME
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Directory.Packages.props`, outside build output."""
        return path.name == NAME and not {"bin", "obj"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each central version and global reference, at its line."""
        read = read_items(files, path, tuple(RELATIONS))
        for tag, item, line in read.found:
            found = declared(item, Where(path, line, "", RELATIONS[tag]), read.parsed)
            read.parsed.declarations += [found] if found is not None else []
        return read.parsed


def central_versions(files: Files, project: str) -> dict[str, str]:
    """Package id (lower case) to version from the nearest `Directory.Packages.props`.

    MSBuild looks in the project's folder, then each parent; none, or one that cannot be
    read, gives no versions (its own problems are its notices when it is read itself).
    """
    found = nearest(files, project, NAME)
    loaded = load(files, found, Parsed()) if found is not None else None
    if loaded is None:
        return {}
    inherited = build_properties(files, found) if found is not None else {}
    return {
        item.name.lower(): item.version
        for item in items(loaded[1], "PackageVersion", inherited=inherited)
        if item.version
    }
