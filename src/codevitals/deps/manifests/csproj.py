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
from codevitals.deps.manifests.msbuild import ItemLines, declared, items, load

SUFFIXES = (".csproj", ".fsproj", ".vbproj")
TAG = "PackageReference"


class CsprojSource:
    """An MSBuild project's package references."""

    kind: ClassVar[str] = "csproj"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """A `.csproj`, `.fsproj` or `.vbproj` outside build output (`bin/`, `obj/`)."""
        return path.suffix in SUFFIXES and not {"bin", "obj"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each package reference with its version, at its line."""
        parsed = Parsed()
        loaded = load(files, path, parsed)
        if loaded is None:
            return parsed
        text, root = loaded
        lines = ItemLines(text)
        central: dict[str, str] | None = None
        overrides = {
            id(i.element): i.version for i in items(root, TAG, attribute="VersionOverride")
        }
        for item in items(root, TAG):
            if item.element.get("Update") is not None and not item.name:
                continue  # `Update=` changes an item declared elsewhere (an SDK's)
            version = overrides.get(id(item.element)) or item.version
            if version is None:
                central = central_versions(files, path) if central is None else central
                version = central.get(item.name.lower())
            private = (item.element.get("PrivateAssets") or "").strip().lower() == "all"
            where = Where(path, lines.next(TAG, item.name), "dev" if private else "")
            found = declared(replace(item, version=version), where, parsed)
            parsed.declarations += [found] if found is not None else []
        return parsed
