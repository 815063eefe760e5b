"""`pyproject.toml`: PEP 621 dependencies and extras, PEP 735 groups, Poetry's tables.

A project's references to itself (`all = ["myproject[test]"]`) are not dependencies and are
left out. Poetry constraints (`^1.2`, `~1.2`, `1.2.*`) pin a version only when they name one
exactly (`1.2.3` or `==1.2.3`).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from codevitals.deps.manifests.base import (
    Files,
    Lines,
    Parsed,
    Where,
    canonicalize_name,
    from_pep508,
    pinned,
    read_toml,
    table,
)
from codevitals.model.deps import Declaration

_POETRY_SOURCES = {"git": "vcs", "path": "path", "url": "url"}


class PyprojectSource:
    """`pyproject.toml` in any of its dependency dialects."""

    kind: ClassVar[str] = "pyproject"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `pyproject.toml`."""
        return path.name == "pyproject.toml"

    def read(self, files: Files, path: str) -> Parsed:
        """Every dependency table the file has."""
        parsed = Parsed()
        found = read_toml(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        reader = _Reader(path, Lines(text), parsed, _own_name(document))
        reader.pep621(document)
        reader.pep735(document)
        reader.poetry(document)
        return parsed


def _own_name(document: dict[str, Any]) -> str:
    name = table(document, "project").get("name") or table(document, "tool", "poetry").get("name")
    return canonicalize_name(name) if isinstance(name, str) else ""


class _Reader:
    """Reads the tables of one document, finding each entry's line as it goes."""

    def __init__(self, path: str, lines: Lines, parsed: Parsed, own: str) -> None:
        self.path = path
        self.lines = lines
        self.parsed = parsed
        self.own = own

    def pep621(self, document: dict[str, Any]) -> None:
        """`[project] dependencies` and `[project.optional-dependencies]`."""
        project = table(document, "project")
        self._strings(project.get("dependencies"), "", self.lines.header("project"))
        start = self.lines.header("project.optional-dependencies")
        for extra, items in table(project, "optional-dependencies").items():
            self._strings(items, extra, start)

    def pep735(self, document: dict[str, Any]) -> None:
        """`[dependency-groups]`; `{include-group = …}` entries are read where they point."""
        start = self.lines.header("dependency-groups")
        for group, items in table(document, "dependency-groups").items():
            self._strings(items, group, start)

    def poetry(self, document: dict[str, Any]) -> None:
        """`[tool.poetry.dependencies]`, `dev-dependencies` and `group.<name>.dependencies`."""
        poetry = table(document, "tool", "poetry")
        self._poetry_table(poetry, ("dependencies",), "")
        self._poetry_table(poetry, ("dev-dependencies",), "dev")
        for group in table(poetry, "group"):
            self._poetry_table(poetry, ("group", group, "dependencies"), group)

    def _strings(self, items: object, group: str, start: int) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            what = group or "dependencies"
            self.parsed.note(self.path, "invalid-manifest", f"{what}: not an array")
            return
        for item in items:
            if not isinstance(item, str):
                continue
            line = self.lines.find(item, start=start)
            declaration = from_pep508(item, Where(self.path, line, group), self.parsed)
            if declaration is not None and declaration.name != self.own:
                self.parsed.declarations.append(declaration)

    def _poetry_table(self, poetry: dict[str, Any], keys: tuple[str, ...], group: str) -> None:
        start = self.lines.header(".".join(("tool", "poetry", *keys)))
        for name, value in table(poetry, *keys).items():
            if name.lower() == "python":
                continue  # the interpreter, not a package
            line = self.lines.find(name, start=start)
            for constraint in value if isinstance(value, list) else [value]:
                self._poetry_entry(name, constraint, Where(self.path, line, group))

    def _poetry_entry(self, name: str, constraint: object, where: Where) -> None:
        spec = constraint.get("version", "*") if isinstance(constraint, dict) else constraint
        if not isinstance(spec, str):
            message = f"{name}: unreadable constraint"
            self.parsed.note(self.path, "invalid-manifest", message, where.line)
            return
        self.parsed.declarations.append(
            Declaration(
                name=canonicalize_name(name),
                path=self.path,
                line=where.line,
                requirement=f"{name} {spec}".strip(),
                version=poetry_pin(spec),
                group=where.group,
                markers=_poetry_markers(constraint),
                unresolvable=_poetry_source(constraint),
            )
        )


def poetry_pin(spec: str) -> str | None:
    """The version a Poetry constraint pins: `1.2.3` or `==1.2.3`, else None."""
    spec = spec.strip()
    try:
        Version(spec)
    except InvalidVersion:
        pass
    else:
        return spec
    try:
        return pinned(SpecifierSet(spec))
    except InvalidSpecifier:
        return None


def _poetry_markers(constraint: object) -> str | None:
    if not isinstance(constraint, dict):
        return None
    markers = constraint.get("markers")
    python = constraint.get("python")
    parts = [str(markers)] if markers else []
    if python:
        parts.append(f"python {python}")
    return "; ".join(parts) or None


def _poetry_source(constraint: object) -> str | None:
    if not isinstance(constraint, dict):
        return None
    if constraint.get("develop"):
        return "editable"
    for key, kind in _POETRY_SOURCES.items():
        if key in constraint:
            return kind
    return None
