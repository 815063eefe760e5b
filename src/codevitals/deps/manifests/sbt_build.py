"""sbt builds (`build.sbt`, `project/*.scala`): the module IDs they spell out.

A build definition is Scala code, and codevitals never runs it. It reads the text for
module IDs written out in full, `"org" %% "name" % "1.2"` (in `libraryDependencies`, a
`Seq`, a `val`, `project/Dependencies.scala`'s object):

* `%%` appends the Scala binary version to the artifact, as sbt does, from the build's
  `scalaVersion` (`2.13.12` gives `_2.13`, `3.3.1` gives `_3`); a `project/*.scala` file
  takes it from the `build.sbt` beside its `project/` folder. Without a `scalaVersion` the
  artifact is unknown: a notice, and the module is not read.
* A version written as a name (`catsVersion`, `V.cats`) is looked up among the file's
  `val`s of a string, the `build.sbt`'s (for a `project/*.scala` file) and those of the
  `project/*.scala` objects the build imports (`import Dependencies._`); a name found
  nowhere leaves the version unknown, with a notice. `scalaVersion` is found the same way.
* `% Test` (or `"test"`, `IntegrationTest`, `"it"`) puts the module in the `test` group,
  `% Provided` or `Optional` in `dev`.

A `%%%` module (Scala.js, Scala Native) is published per platform, which the text does not
say: such modules are counted in a notice, and the audit is partial. Plugins
(`project/plugins.sbt`) are the build's tools, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import (
    Files,
    LineOfOffset,
    Parsed,
    Where,
    blank_comments,
    companion_text,
    read_text,
)
from codevitals.model.deps import Declaration

ECOSYSTEM = "Maven"
_MODULE = re.compile(
    r""""(?P<group>[^"\s]+)"\s*(?P<cross>%%%|%%|%)\s*"(?P<artifact>[^"\s]+)"\s*%\s*"""
    r"""(?:"(?P<version>[^"\n]*)"|(?P<name>[A-Za-z_][\w.]*))"""
    r"""(?:\s*%\s*(?:"(?P<scope>[^"\n]*)"|(?P<configuration>[A-Z]\w*)))?"""
)
_STRING_VAL = re.compile(
    r"\b(?:val|var|lazy\s+val)\s+(?P<name>\w+)\s*(?::\s*String\s*)?=\s*"
    r'"(?P<value>[^"\n]*)"(?=[ \t]*(?:$|;|\}|//))',
    re.MULTILINE,
)
"""A `val` of a string alone (`val cats = "2.10.0"`), not the first string of a module ID."""
_SCALA_VERSION = re.compile(
    r'\bscalaVersion\s*:=\s*(?:"(?P<version>[^"\n]+)"|(?P<name>[A-Za-z_][\w.]*))'
)
_IMPORT = re.compile(r"^[ \t]*import\s+([A-Z]\w*)\s*\.\s*[_*{]", re.MULTILINE)
_TEST_SCOPES = frozenset({"test", "it", "integrationtest"})
_DEV_SCOPES = frozenset({"provided", "optional"})


@dataclass(frozen=True, slots=True)
class _Build:
    """What a build defines that its module IDs use."""

    values: dict[str, str]
    """The `val`s of strings, by name."""
    binary: str | None
    """The Scala binary version `%%` appends (`2.13`, `3`); None when not known."""


class SbtBuildSource:
    """An sbt build definition, read as text."""

    kind: ClassVar[str] = "build.sbt"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """`build.sbt`, or a Scala file of a build's `project/` folder."""
        in_build = path.parent.name == "project" and path.suffix == ".scala"
        return (path.name == "build.sbt" or in_build) and "target" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each module ID spelled out, at its line."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        if text is None:
            return parsed
        code = blank_comments(text)[0]
        build = code if PurePosixPath(path).name == "build.sbt" else _build_beside(files, path)
        values = _imported(files, path, build) | _values(build) | _values(code)
        defined = _Build(values, _binary(build, values))
        line_of = LineOfOffset(code)
        platform: list[int] = []
        for found in _MODULE.finditer(code):
            line = line_of(found.start())
            if found.group("cross") == "%%%":
                platform.append(line)
                continue
            item = _declaration(found, defined, Where(path, line), parsed)
            if item is not None:
                parsed.declarations.append(item)
        if platform:
            count = f"{len(platform)} modules" if len(platform) > 1 else "1 module"
            message = (
                f"{count} with `%%%` (Scala.js or Native): the platform's artifact is not"
                " in the text; not checked"
            )
            parsed.note(path, "not-read", message, platform[0])
        return parsed


def _build_beside(files: Files, path: str) -> str:
    """The text of the `build.sbt` beside a `project/` folder, comments blanked ("" if none)."""
    build = str(PurePosixPath(path).parent.parent / "build.sbt")
    return blank_comments(companion_text(files, build))[0]


def _imported(files: Files, path: str, build: str) -> dict[str, str]:
    """The `val`s of the `project/*.scala` objects the build imports (`import Dependencies._`)."""
    folder = PurePosixPath(path).parent
    if folder.name == "project":
        folder = folder.parent
    found: dict[str, str] = {}
    for name in dict.fromkeys(_IMPORT.findall(build)):
        candidate = str(folder / "project" / f"{name}.scala")
        found |= _values(blank_comments(companion_text(files, candidate))[0])
    return found


def _values(code: str) -> dict[str, str]:
    """Each `val` of a string, by its name (the last one of a name wins)."""
    return {m.group("name"): m.group("value") for m in _STRING_VAL.finditer(code)}


def _binary(build: str, values: dict[str, str]) -> str | None:
    """The Scala binary version `%%` appends (`2.13`, `3`), from the first `scalaVersion`."""
    found = _SCALA_VERSION.search(build)
    if found is None:
        return None
    version = found.group("version") or values.get(found.group("name").rpartition(".")[2])
    if not version:
        return None
    parts = version.split(".")
    return parts[0] if parts[0] == "3" else ".".join(parts[:2])


def _declaration(
    found: re.Match[str], build: _Build, where: Where, parsed: Parsed
) -> Declaration | None:
    """The declaration of one module ID, or None with a notice when its artifact is unknown."""
    group, artifact = found.group("group"), found.group("artifact")
    if found.group("cross") == "%%":
        if build.binary is None:
            message = f"{group} %% {artifact}: no scalaVersion to name the artifact; not checked"
            parsed.note(where.path, "unresolved-property", message, where.line)
            return None
        artifact = f"{artifact}_{build.binary}"
    name = f"{group}:{artifact}"
    written = _written_version(found, build.values)
    if written is None:
        message = f"{name}: {found.group('name')} is set nowhere codevitals reads"
        parsed.note(where.path, "unresolved-property", message, where.line)
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name}:{written}" if written else name,
        version=written if written and not written.startswith(("[", "(")) else None,
        group=_scope_group(found),
        ecosystem=ECOSYSTEM,
    )


def _written_version(found: re.Match[str], values: dict[str, str]) -> str | None:
    """The version as written, or as the `val` it names holds (None: set nowhere known)."""
    written = found.group("version")
    if written is not None:
        return written
    return values.get(found.group("name").rpartition(".")[2])


def _scope_group(found: re.Match[str]) -> str:
    """`test` for `% Test`, `dev` for `% Provided` or `Optional`, else the main group."""
    scope = (found.group("scope") or found.group("configuration") or "").lower()
    return "test" if scope in _TEST_SCOPES else "dev" if scope in _DEV_SCOPES else ""
