"""Gradle's version catalog (`gradle/libs.versions.toml`): the libraries a build may use.

`[libraries]` entries are `"group:artifact:version"` strings or tables with `module` (or
`group` and `name`) and a `version` that is a string, a rich version table (`strictly`,
`require`, `prefer`) or `version.ref` naming an entry of `[versions]`. A version range
pins nothing; a library without a version takes it from a platform (a BOM), unknown here.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, read_toml, table
from codevitals.model.deps import Declaration

ECOSYSTEM = "Maven"
_RICH = ("strictly", "require", "prefer")
"""The keys of a rich version, strongest first."""


class GradleCatalogSource:
    """A Gradle version catalog."""

    kind: ClassVar[str] = "libs.versions.toml"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """A `*.versions.toml` in a `gradle/` folder, where Gradle looks for catalogs."""
        return path.name.endswith(".versions.toml") and path.parent.name == "gradle"

    def read(self, files: Files, path: str) -> Parsed:
        """Each library with its version, at the line of its alias."""
        parsed = Parsed()
        found = read_toml(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        lines = text.splitlines()
        start = Lines(text).header("libraries")  # an alias may also name a version
        versions = table(document, "versions")
        for alias, spec in table(document, "libraries").items():
            line = _line(lines, alias, start)
            module, version = _library(spec, versions)
            if module is None:
                parsed.note(path, "invalid-manifest", f"{alias}: no `group:artifact`", line)
                continue
            pinned = version if version and not _is_range(version) else None
            parsed.declarations.append(
                Declaration(
                    name=module,
                    path=path,
                    line=line,
                    requirement=f"{module}:{version}" if version else module,
                    version=pinned,
                    ecosystem=ECOSYSTEM,
                )
            )
        return parsed


def _library(spec: Any, versions: dict[str, Any]) -> tuple[str | None, str | None]:
    """(`group:artifact`, version) of a `[libraries]` entry."""
    if isinstance(spec, str):
        group, _, rest = spec.partition(":")
        artifact, _, written = rest.partition(":")
        return (f"{group}:{artifact}" if group and artifact else None), written or None
    if not isinstance(spec, dict):
        return None, None
    module: Any = spec.get("module")
    if not isinstance(module, str) and {"group", "name"} <= spec.keys():
        module = f"{spec['group']}:{spec['name']}"
    version: Any = spec.get("version")
    reference = table(spec, "version").get("ref")
    if isinstance(reference, str):
        version = versions.get(reference)
    valid = isinstance(module, str) and all(module.split(":")) and module.count(":") == 1
    return (module if valid else None), _version(version)


def _version(version: Any) -> str | None:
    """A plain version, or the strongest of a rich version's that is no range."""
    if isinstance(version, str):
        return version or None
    if isinstance(version, dict):
        plain = [version[k] for k in _RICH if isinstance(version.get(k), str)]
        return next((v for v in plain if not _is_range(v)), plain[0] if plain else None)
    return None


def _is_range(version: str) -> bool:
    """`[1.0, 2.0[`, `(,2.0]`, `1.+`: Gradle ranges, which pin nothing."""
    return version.startswith(("[", "(", "]")) or version.endswith("+")


def _line(lines: list[str], alias: str, start: int) -> int | None:
    """The first line from `start` whose key is the alias (`alias = …`, `"alias" = …`)."""
    pattern = re.compile(rf"""^\s*"?{re.escape(alias)}"?\s*=""")
    found = (n for n, line in enumerate(lines[start:], start + 1) if pattern.match(line))
    return next(found, None)
