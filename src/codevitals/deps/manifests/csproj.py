"""NuGet's `PackageReference`s in MSBuild projects (`*.csproj`, `*.fsproj`, `*.vbproj`).

`<PackageReference Include="X" Version="1.2.3" />` (the version also as a child element, or
a `VersionOverride`); without one, central package management gives it from the nearest
`Directory.Packages.props` above the project. `PrivateAssets="all"` marks a build-time tool
or analyzer (the `dev` group): it does not flow to the project's consumers. A
`packages.lock.json` beside the project says which version was restored.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.directory_packages import central_versions
from codevitals.deps.manifests.msbuild import declared, items, read_items

SUFFIXES = (".csproj", ".fsproj", ".vbproj")
TAG = "PackageReference"
OVERRIDE = "VersionOverride"


class CsprojSource:
    """An MSBuild project's package references."""

    kind: ClassVar[str] = "csproj"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """A `.csproj`, `.fsproj` or `.vbproj` outside build output (`bin/`, `obj/`)."""
        return path.suffix in SUFFIXES and not {"bin", "obj"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each package reference with its version, at its line."""
        read = read_items(files, path, (TAG,))
        if read.root is None:
            return read.parsed
        overrides = {id(i.element): i.version for i in items(read.root, TAG, attribute=OVERRIDE)}
        central = central_versions(files, path)
        for _, item, line in read.found:
            if item.element.get("Update") is not None and not item.name:
                continue  # `Update=` changes an item declared elsewhere (an SDK's)
            version = (
                overrides.get(id(item.element)) or item.version or central.get(item.name.lower())
            )
            private = (item.element.get("PrivateAssets") or "").strip().lower() == "all"
            where = Where(path, line, "dev" if private else "")
            found = declared(replace(item, version=version), where, read.parsed)
            read.parsed.declarations += [found] if found is not None else []
        return read.parsed
