"""Maven's `pom.xml`: the artifacts a project declares, with the versions Maven would use.

A version may be a property (`${guava.version}`, `${project.version}`) defined in the pom or
a parent; a dependency without one takes it from `dependencyManagement` (the pom's or a
parent's). A parent is read when it is inside the repository (`relativePath`, by default
`../pom.xml`); one from a repository is not fetched, so what only it defines stays unknown.
Scopes `test` and `provided` serve development (`test`, `dev`); a `system` dependency is a
local file. A version range (`[1.0,2.0)`) pins nothing. Entries of `dependencyManagement`
that no dependency of the pom uses are reported too: they set the versions of transitive
artifacts. Each pom also says which module it builds (`Parsed.builds`): a dependency on it
from another pom of the repository is the project's own code. The XML is read by
`deps.safe_xml`: no entity, external or not, is resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import ClassVar
from xml.etree.ElementTree import Element

from codevitals.deps import safe_xml
from codevitals.deps.manifests import xml_manifest
from codevitals.deps.manifests.base import Built, Files, Parsed, Where
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "Maven"
SCOPES = {"test": "test", "provided": "dev"}
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_PARENTS = 10
"""How many parents up a pom's chain is followed (a cycle ends there too)."""


@dataclass(slots=True)
class Pom:
    """What a pom (with its parents' contributions) defines for its dependencies."""

    properties: dict[str, str] = field(default_factory=dict)
    managed: dict[str, str] = field(default_factory=dict)
    """`group:artifact` to the version as written (maybe a property)."""


class PomXmlSource:
    """Maven's project file."""

    kind: ClassVar[str] = "pom.xml"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `pom.xml`, outside `target/` (build output)."""
        return path.name == "pom.xml" and "target" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each dependency and managed artifact, at the line that names it."""
        parsed = Parsed()
        loaded = _load(files, path, parsed)
        if loaded is None:
            return parsed
        text, root = loaded
        pom = _effective(files, path, root, 0)
        parsed.builds += _built(root, pom)
        direct = {id(d) for d in _dependencies(root, "dependencies/dependency")}
        managed = {
            id(d) for d in _dependencies(root, "dependencyManagement/dependencies/dependency")
        }
        lines = _ArtifactLines(text)
        found: list[Declaration] = []
        for dependency in root.iter("dependency"):  # document order, plugins' too, for lines
            line = lines.next(safe_xml.text_of(dependency, "artifactId") or "")
            if id(dependency) in direct or id(dependency) in managed:
                where = Where(
                    path,
                    line,
                    "",
                    Relation.UNKNOWN if id(dependency) in managed else Relation.DIRECT,
                )
                item = _declared(dependency, pom, where, parsed)
                found += [item] if item is not None else []
        used = {d.name for d in found if d.relation is Relation.DIRECT}
        parsed.declarations += [
            d for d in found if d.relation is Relation.DIRECT or d.name not in used
        ]
        return parsed


def _load(files: Files, path: str, parsed: Parsed) -> tuple[str, Element] | None:
    """The pom's text and root `<project>`, or None with a notice."""
    return xml_manifest.load(files, path, parsed, "project")


def _dependencies(root: Element, where: str) -> list[Element]:
    """The dependencies at `where`, and the same in every profile."""
    return root.findall(where) + root.findall(f"profiles/profile/{where}")


def _effective(files: Files, path: str, root: Element, depth: int) -> Pom:
    """The properties and managed versions of a pom, over those of its parents."""
    parent = root.find("parent")
    pom = _inherited(files, path, parent, depth)
    pom.properties.update(_builtin(root, parent))
    for element in root.findall("properties/*"):
        pom.properties[str(element.tag)] = (element.text or "").strip()
    for managed in root.findall("dependencyManagement/dependencies/dependency"):
        name, version = _coordinates(managed), safe_xml.text_of(managed, "version")
        if name is not None and version is not None:
            pom.managed[name] = version
    return pom


def _inherited(files: Files, path: str, parent: Element | None, depth: int) -> Pom:
    """What the parent pom (inside the repository) and its own parents define, or nothing."""
    parent_path = _parent_path(files, path, parent) if parent is not None else None
    if parent_path is None or depth >= _PARENTS:
        return Pom()
    quiet = Parsed()  # the parent's own problems are reported when it is read itself
    loaded = _load(files, parent_path, quiet)
    return _effective(files, parent_path, loaded[1], depth + 1) if loaded else Pom()


def _builtin(root: Element, parent: Element | None) -> dict[str, str]:
    """`${project.version}` and the other properties Maven defines from the pom itself."""
    version = safe_xml.text_of(root, "version") or safe_xml.text_of(parent, "version")
    group = safe_xml.text_of(root, "groupId") or safe_xml.text_of(parent, "groupId")
    values = {
        "project.version": version, "pom.version": version, "version": version,
        "project.groupId": group, "project.artifactId": safe_xml.text_of(root, "artifactId"),
        "project.parent.version": safe_xml.text_of(parent, "version"),
        "project.parent.groupId": safe_xml.text_of(parent, "groupId"),
    }  # fmt: skip
    return {key: value for key, value in values.items() if value is not None}


def _parent_path(files: Files, path: str, parent: Element) -> str | None:
    """The parent's pom inside the repository, or None (it comes from a repository)."""
    relative = parent.find("relativePath")
    written = "../pom.xml" if relative is None else (relative.text or "").strip()
    if not written:
        return None  # `<relativePath/>`: the parent is looked up in repositories only
    target = PurePosixPath(path).parent / written
    if not written.endswith(".xml"):
        target = target / "pom.xml"
    inside = files.inside(target)
    return inside if inside is not None and files.is_file(inside) else None


def _coordinates(dependency: Element) -> str | None:
    group = safe_xml.text_of(dependency, "groupId")
    artifact = safe_xml.text_of(dependency, "artifactId")
    return f"{group}:{artifact}" if group and artifact else None


def _declared(dependency: Element, pom: Pom, where: Where, parsed: Parsed) -> Declaration | None:
    """The declaration of one `<dependency>`, or None with a notice when it names nothing."""
    path, line = where.path, where.line
    name = _coordinates(dependency)
    if name is not None and "${" in name:
        name = _interpolate(name, pom.properties)
    if name is None or "${" in name:
        parsed.note(path, "invalid-manifest", "a <dependency> without groupId or artifactId", line)
        return None
    scope = safe_xml.text_of(dependency, "scope") or ""
    if scope == "import":
        return None  # a BOM: its own managed versions are not fetched
    written = safe_xml.text_of(dependency, "version") or pom.managed.get(name)
    version = _interpolate(written, pom.properties) if written else None
    if version is not None and "${" in version:
        message = f"{name}: {version} is defined in no pom of the repository"
        parsed.note(path, "unresolved-property", message, line)
        version = None
    return Declaration(
        name=name,
        path=path,
        line=line,
        requirement=f"{name}:{version or written or ''}".rstrip(":"),
        version=version if version and not version.startswith(("[", "(")) else None,
        group=SCOPES.get(scope, ""),
        relation=where.relation,
        unresolvable="path" if scope == "system" else None,
        ecosystem=ECOSYSTEM,
    )


def _built(root: Element, pom: Pom) -> list[Built]:
    """The module this pom builds, `group:artifact` at its version, when both are known."""
    artifact = safe_xml.text_of(root, "artifactId") or ""  # never a parent's
    group = pom.properties.get("project.groupId", "")
    version = _interpolate(pom.properties.get("project.version", ""), pom.properties)
    parts = (group, artifact, version)
    known = all(parts) and not any("${" in part for part in parts)  # an unresolved property
    return [(ECOSYSTEM, f"{group}:{artifact}", version)] if known else []


def _interpolate(text: str, properties: dict[str, str]) -> str:
    """`${name}` replaced by its value, properties of properties too (a cycle stays)."""
    for _ in range(_PARENTS):
        replaced = _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), text)
        if replaced == text:
            break
        text = replaced
    return text


class _ArtifactLines:
    """The line of each `<artifactId>` in document order, as the dependencies are met."""

    def __init__(self, text: str) -> None:
        self._found: dict[str, list[int]] = {}
        for number, line in enumerate(text.splitlines(), 1):
            for artifact in re.findall(r"<artifactId>\s*([^<\s]+)\s*</artifactId>", line):
                self._found.setdefault(artifact, []).append(number)

    def next(self, artifact: str) -> int | None:
        """The first line naming `artifact` not yet taken."""
        numbers = self._found.get(artifact)
        return numbers.pop(0) if numbers else None
