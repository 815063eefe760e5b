"""What NuGet's MSBuild files share (`*.csproj`, `Directory.Packages.props`).

Package items (`<PackageReference Include="X" Version="1.2" />`, the version also as a child
element) are read with `deps.safe_xml`, so no entity or DTD is ever resolved. `$(Name)` in a
version is replaced from the file's own `<PropertyGroup>`s, over those of the nearest
`Directory.Build.props` above it (MSBuild imports it); a property set elsewhere (an import of
that file, the command line) stays unknown. NuGet's `Version="1.2"` means "1.2
or higher" but restores the lowest version that exists, so it is the version in use; a range
(`[1.0,2.0)`) or a floating version (`1.*`) pins nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from codevitals.deps import safe_xml
from codevitals.deps.manifests import xml_manifest
from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.nuget_version import normalised, parse
from codevitals.model.deps import Declaration

ECOSYSTEM = "NuGet"
_PROPERTY = re.compile(r"\$\(([\w.-]+)\)")
BUILD_PROPS = "Directory.Build.props"
_NONE: Mapping[str, str] = {}


@dataclass(frozen=True, slots=True)
class Item:
    """One package item: its element, id and version as written (properties replaced)."""

    element: Element
    name: str
    version: str | None


@dataclass(slots=True)
class Read:
    """An MSBuild file's package items of the tags asked for, each with its line."""

    parsed: Parsed
    root: Element | None = None
    found: list[tuple[str, Item, int | None]] = field(default_factory=list)
    """(tag, item, line) in the order of the tags asked for, then of the document."""


def read_items(files: Files, path: str, tags: tuple[str, ...]) -> Read:
    """The items of `tags` in the file at `path`; problems are notices of `Read.parsed`."""
    read = Read(Parsed())
    loaded = load(files, path, read.parsed)
    if loaded is not None:
        text, read.root = loaded
        lines = ItemLines(text)
        inherited = build_properties(files, path)
        read.found = [
            (tag, item, lines.next(tag, item.name))
            for tag in tags
            for item in items(read.root, tag, inherited=inherited)
        ]
    return read


def nearest(files: Files, path: str, name: str) -> str | None:
    """The file `name` in the folder of `path` or the closest parent, as MSBuild looks."""
    for folder in PurePosixPath(path).parents:
        candidate = (folder / name).as_posix()
        if candidate != path and files.is_file(candidate):
            return candidate
    return None


def build_properties(files: Files, path: str) -> dict[str, str]:
    """The properties of the `Directory.Build.props` MSBuild imports into the file at `path`.

    Only the nearest one is read (what it imports in turn is not followed); one that cannot
    be read gives none, and its problems are its own.
    """
    found = nearest(files, path, BUILD_PROPS)
    loaded = load(files, found, Parsed()) if found is not None else None
    return properties(loaded[1]) if loaded is not None else {}


def properties(root: Element) -> dict[str, str]:
    """The properties the file's `<PropertyGroup>`s set (the last setting wins)."""
    return {
        str(element.tag): (element.text or "").strip()
        for group in root.iter("PropertyGroup")
        for element in group
    }


def load(files: Files, path: str, parsed: Parsed) -> tuple[str, Element] | None:
    """An MSBuild file's text and root `<Project>`, or None with a notice."""
    return xml_manifest.load(files, path, parsed, "Project")


def items(
    root: Element, tag: str, *, attribute: str = "Version", inherited: Mapping[str, str] = _NONE
) -> Iterator[Item]:
    """Every `<tag Include=…>` of the file with its version, in document order.

    `$(Name)` is replaced from the file's properties over `inherited` ones.
    """
    known = {**inherited, **properties(root)}
    for element in root.iter(tag):
        name = (element.get("Include") or "").strip()
        written = element.get(attribute) or safe_xml.text_of(element, attribute)
        if written is not None:
            written = _PROPERTY.sub(lambda m: known.get(m.group(1), m.group(0)), written)
        yield Item(element, name, written.strip() if written else None)


class ItemLines:
    """The line of each `<Tag Include="…">`, taken in document order, per tag.

    Another attribute may name the items (`packages.config`'s `<package id="…">`).
    """

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._cursors: dict[str, int] = {}

    def next(self, tag: str, name: str, attribute: str = "Include") -> int | None:
        """The next line naming the item; the first naming its id when the tag is elsewhere."""
        include = rf"""\b{attribute}\s*=\s*["']\s*{re.escape(name)}\s*["']"""
        tagged = re.compile(rf"<{tag}\b[^>]*{include}", re.I)
        for index in range(self._cursors.get(tag, 0), len(self._lines)):
            if tagged.search(self._lines[index]):
                self._cursors[tag] = index + 1
                return index + 1
        loose = re.compile(include, re.I)
        return next((n for n, line in enumerate(self._lines, 1) if loose.search(line)), None)


def declared(item: Item, where: Where, parsed: Parsed) -> Declaration | None:
    """A declaration of a package item, or None with a notice when it names no package."""
    if not item.name:
        parsed.note(where.path, "invalid-manifest", "a package item without `Include`", where.line)
        return None
    version = item.version
    if version is not None and "$(" in version:
        message = f"{item.name}: {version} is set outside this file"
        parsed.note(where.path, "unresolved-property", message, where.line)
    exact = parse(version) if version else None
    return Declaration(
        name=item.name,
        path=where.path,
        line=where.line,
        requirement=f"{item.name} {version}" if version else item.name,
        version=normalised(version) if exact is not None and version else None,
        group=where.group,
        relation=where.relation,
        ecosystem=ECOSYSTEM,
    )
