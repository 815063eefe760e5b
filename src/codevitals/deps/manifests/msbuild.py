"""What NuGet's MSBuild files share (`*.csproj`, `Directory.Packages.props`).

Package items (`<PackageReference Include="X" Version="1.2" />`, the version also as a child
element) are read with `deps.safe_xml`, so no entity or DTD is ever resolved. `$(Name)` in a
version is replaced from the file's own `<PropertyGroup>`s; a property set elsewhere (a
`Directory.Build.props`, the command line) stays unknown. NuGet's `Version="1.2"` means "1.2
or higher" but restores the lowest version that exists, so it is the version in use; a range
(`[1.0,2.0)`) or a floating version (`1.*`) pins nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from codevitals.deps import safe_xml
from codevitals.deps.manifests import xml_manifest
from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.nuget_version import normalised, parse
from codevitals.model.deps import Declaration

ECOSYSTEM = "NuGet"
_PROPERTY = re.compile(r"\$\(([\w.-]+)\)")


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
        read.found = [(t, i, lines.next(t, i.name)) for t in tags for i in items(read.root, t)]
    return read


def load(files: Files, path: str, parsed: Parsed) -> tuple[str, Element] | None:
    """An MSBuild file's text and root `<Project>`, or None with a notice."""
    return xml_manifest.load(files, path, parsed, "Project")


def items(root: Element, tag: str, *, attribute: str = "Version") -> Iterator[Item]:
    """Every `<tag Include=…>` of the file with its version, in document order."""
    properties = {
        element.tag: (element.text or "").strip()
        for group in root.iter("PropertyGroup")
        for element in group
        if isinstance(element.tag, str)
    }
    for element in root.iter(tag):
        name = (element.get("Include") or "").strip()
        written = element.get(attribute) or safe_xml.text_of(element, attribute)
        if written is not None:
            written = _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), written)
        yield Item(element, name, written.strip() if written else None)


class ItemLines:
    """The line of each `<Tag Include="…">`, taken in document order, per tag."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._cursors: dict[str, int] = {}

    def next(self, tag: str, name: str) -> int | None:
        """The next line naming the item; the first naming its id when the tag is elsewhere."""
        include = rf"""Include\s*=\s*["']\s*{re.escape(name)}\s*["']"""
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
