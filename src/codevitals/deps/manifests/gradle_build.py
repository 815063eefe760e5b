"""Gradle build scripts (`build.gradle`, `build.gradle.kts`): the dependencies spelled out.

A build script is Groovy or Kotlin code, and codevitals never runs it. Like Dependabot and
Renovate, it reads the script's text for what the script writes out in full, inside a
`dependencies { … }` block (the build's own, `buildscript`'s, a subproject's):

* string notation in any configuration: `implementation("g:a:1.2")`, `api 'g:a:1.2'`,
  `testImplementation "g:a:1.2:tests@jar"`, a `platform("g:bom:1.2")`;
* map notation: `implementation group: 'g', name: 'a', version: '1.2'` (Groovy) and
  `implementation(group = "g", name = "a", version = "1.2")` (Kotlin).

A version written as a variable (`"g:a:$okio"`, `"g:a:${versions.okio}"`) is looked up in
the script's plain assignments of a string (`val okio = "3.9.0"`, `def okio = '3.9.0'`,
`ext.okio = '3.9.0'`, `extra["okio"] = "3.9.0"`), then the root build script's (whose `ext`
properties every subproject sees), and in the `gradle.properties` beside the script and at
the repository's root; a variable found nowhere leaves the version unknown,
with a notice. A range (`1.+`, `[1.0,2.0)`) or a dynamic version (`latest.release`) pins
nothing; a dependency without a version takes it from a platform, unknown here.

References to a version catalog (`libs.okio`: the catalog is read itself), other projects
(`project(":core")`), files and Gradle's own modules (`gradleApi()`) are no packages. Any
other dependency (a constant from `buildSrc`, a function's result) is code codevitals does
not evaluate: the script's notice counts them, and the audit is partial.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_BLOCK = re.compile(r"\bdependencies\s*\{")
_BRACE = re.compile(r"[{}]")
_STRING_NOTATION = re.compile(
    r"""\b(?P<conf>[A-Za-z_]\w*)\s*\(?\s*(?:(?:enforcedPlatform|platform)\s*\(\s*)?"""
    r"""(?P<quote>["'])(?P<coordinates>[^"'\s]+)(?P=quote)"""
)
_COORDINATES = re.compile(
    r"(?P<group>[\w.\-]+):(?P<artifact>[\w.\-]+)(?::(?P<version>[^:@]*))?(?::[\w.\-]+)?(?:@\w+)?"
)
_MAP_NOTATION = re.compile(
    r"""\b(?P<conf>[A-Za-z_]\w*)\s*\(?\s*group\s*[:=]\s*(["'])(?P<group>[^"']+)\2\s*,"""
    r"""\s*name\s*[:=]\s*(["'])(?P<artifact>[^"']+)\4"""
    r"""(?:\s*,\s*version\s*[:=]\s*(["'])(?P<version>[^"']*)\6)?"""
)
_ENTRY = re.compile(r"^[ \t]*(?P<conf>[A-Za-z_]\w*)[ \t]*[( \t]\s*(?P<argument>\S)", re.MULTILINE)
"""A line that opens with a call of a configuration: where a dependency is declared."""
_NO_PACKAGE = re.compile(
    r"^[ \t]*[A-Za-z_]\w*[ \t]*\(?\s*(?:[A-Za-z_]\w*\s*\(\s*)*"
    r"(?:(?:\w+\.)*libs\.|project\s*\(|files\s*\(|fileTree\s*\(|gradleApi\s*\(|localGroovy\s*\("
    r"|gradleTestKit\s*\(|compose\.|projects\.)",
    re.MULTILINE,
)
"""A dependency on no package: a catalog entry (read from the catalog, `rootProject.libs.x`
too, and inside any call: `platform(…)`, `variantOf(…)`), a project, files."""
_OWN_VERSION = re.compile(r"\$\{?\s*(?:(?:root)?[pP]roject\.)?version\s*\}?")
"""The project's own version: `"g:a:${project.version}"` is a module of the build itself."""
_KOTLIN_MODULE = re.compile(
    r"""\b(?P<conf>[A-Za-z_]\w*)\s*\(?\s*kotlin\s*\(\s*["'](?P<module>[\w\-]+)["']"""
    r"""(?:\s*,\s*["'](?P<version>[^"']*)["'])?\s*\)"""
)
"""`kotlin("stdlib")`: `org.jetbrains.kotlin:kotlin-stdlib`, at the Kotlin plugin's version
unless one is given."""
_NOT_DEPENDENCIES = frozenset(
    {"exclude", "because", "version", "strictly", "require", "prefer", "reject", "classifier"}
    | {"artifact", "capabilities", "requireCapability", "attributes", "attribute", "force"}
    | {"transitive", "isTransitive", "changing", "isChanging", "targetConfiguration"}
    | {"if", "else", "for", "while", "when", "val", "var", "def", "return", "println"}
)
"""Calls inside a dependency's own block, and code around dependencies: they declare nothing."""
_ASSIGNMENT = re.compile(
    r"""^[ \t]*(?:(?:val|var|def|String|final)\s+)*(?:ext\.|project\.ext\.|extra\[)?"""
    r"""["']?(?P<name>[A-Za-z_]\w*)["']?\]?\s*(?::\s*String\s*)?=\s*["'](?P<value>[^"'$\n]+)["']""",
    re.MULTILINE,
)
_MAP_ENTRY = re.compile(r"""\b(?P<name>\w+)\s*:\s*["'](?P<value>[^"'$\n]+)["']""")
"""An entry of a Groovy map (`ext.versions = [okio: '3.9.0']`), reached as `versions.okio`."""
_SET_CALL = re.compile(r"""\bset\(\s*["'](?P<name>\w+)["']\s*,\s*["'](?P<value>[^"'$\n]+)["']""")
_PROPERTY_LINE = re.compile(r"^[ \t]*(?P<name>[\w.\-]+)[ \t]*[=:][ \t]*(?P<value>\S[^\n]*?)[ \t]*$")
_VARIABLE = re.compile(r"\$\{?\s*(?:[\w]+\.)*(?P<name>\w+)\s*\}?")
_DYNAMIC = ("latest.", "+")
_TEST_WORD = "test"
_SHIPPED = ("implementation", "api", "runtimeonly", "compile", "runtime")
"""Configurations (lower-cased endings) whose artifacts ship with the built program."""


@dataclass(frozen=True, slots=True)
class _Script:
    """A build script's text two ways, and the `dependencies` blocks found in it."""

    code: str
    """The text with comments blanked (offsets kept)."""
    blocks: list[tuple[int, int]]
    """(start, end) offsets of each `dependencies { … }` block's body."""
    line: LineOfOffset


class GradleBuildSource:
    """A Gradle build script, read as text."""

    kind: ClassVar[str] = "build.gradle"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """`build.gradle` or `build.gradle.kts`, outside build output."""
        return path.name in ("build.gradle", "build.gradle.kts") and "build" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each dependency spelled out, at its line; what is not spelled out is counted."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        if text is None:
            return parsed
        script = _script(text)
        variables = _properties(files, path) | _root_assignments(files, path)
        variables |= _assignments(script.code)
        declared: set[int] = set()
        for start, end in script.blocks:
            for found in _dependencies(script.code, start, end):
                line = script.line(found.start())
                declared.add(line)
                item = _declaration(found, variables, Where(path, line), parsed)
                if item is not None:
                    parsed.declarations.append(item)
        unread = _unread_lines(script, declared)
        if unread:
            parsed.note(
                path,
                "not-read",
                f"{_counted(len(unread))} in code codevitals does not evaluate (a constant,"
                " a function's result); declare them in a version catalog or as"
                " `group:artifact:version` strings",
                unread[0],
            )
        return parsed


def _counted(unread: int) -> str:
    return "1 dependency is written" if unread == 1 else f"{unread} dependencies are written"


def _script(text: str) -> _Script:
    """Blank the comments, then find each `dependencies` block by matching its braces.

    Braces inside strings (`"${version}"`) are skipped when matching, so they are searched
    for in a copy whose strings are blanked too.
    """
    code, bare = blank_comments(text)
    closing = _closing_braces(bare)
    blocks: list[tuple[int, int]] = []
    for opening in _BLOCK.finditer(bare):
        if blocks and opening.start() < blocks[-1][1]:
            continue  # inside the block before (one never closed runs to the end)
        blocks.append((opening.end(), closing.get(opening.end() - 1, len(bare))))
    return _Script(code, blocks, LineOfOffset(text))


def _closing_braces(text: str) -> dict[int, int]:
    """Each `{`'s offset mapped to its `}`'s, in one pass (an unclosed one maps nowhere)."""
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for brace in _BRACE.finditer(text):
        if brace.group() == "{":
            open_at.append(brace.start())
        elif open_at:
            closing[open_at.pop()] = brace.start()
    return closing


def _dependencies(code: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The string and map notations in a block, in order of position."""
    found = [
        *_MAP_NOTATION.finditer(code, start, end),
        *_KOTLIN_MODULE.finditer(code, start, end),
        *(
            match
            for match in _STRING_NOTATION.finditer(code, start, end)
            if _COORDINATES.fullmatch(match.group("coordinates"))
        ),
    ]
    for match in sorted(found, key=lambda m: m.start()):
        if match.group("conf") not in _NOT_DEPENDENCIES:
            yield match


def _declaration(
    found: re.Match[str], variables: dict[str, str], where: Where, parsed: Parsed
) -> Declaration | None:
    """The declaration of one dependency, its version's variable resolved when it can be."""
    if "coordinates" in found.groupdict():
        parts = _COORDINATES.fullmatch(found.group("coordinates"))
        if parts is None:
            return None
        group, artifact, written = parts.group("group", "artifact", "version")
    elif "module" in found.groupdict():
        group, artifact = "org.jetbrains.kotlin", f"kotlin-{found.group('module')}"
        written = found.group("version")
    else:
        group, artifact, written = found.group("group", "artifact", "version")
    name = f"{group}:{artifact}"
    if written and _OWN_VERSION.fullmatch(written):
        return None  # a module the build publishes itself, as a BOM lists its own
    version = _resolved(written or "", variables)
    if "$" in version:
        message = f"{name}: {written} is set nowhere codevitals reads"
        parsed.note(where.path, "unresolved-property", message, where.line)
    pinned = version if version and "$" not in version and not _is_range(version) else None
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name}:{written}" if written else name,
        version=pinned,
        group=_group(found.group("conf")),
        ecosystem=ECOSYSTEM,
    )


def _resolved(version: str, variables: dict[str, str]) -> str:
    """`$name` and `${…name}` replaced by the variable's value where it is known."""
    return _VARIABLE.sub(lambda m: variables.get(m.group("name"), m.group()), version)


def _is_range(version: str) -> bool:
    """`[1.0, 2.0)`, `1.+`, `latest.release`: versions that pin nothing."""
    return version.startswith(("[", "(", "]")) or version.endswith(_DYNAMIC) or "latest." in version


def _group(configuration: str) -> str:
    """`test` for a test configuration, none for one that ships, else `dev` (tools, processors)."""
    lowered = configuration.lower()
    if _TEST_WORD in lowered:
        return "test"
    return "" if lowered.endswith(_SHIPPED) else "dev"


def _assignments(code: str) -> dict[str, str]:
    """The script's plain assignments of a string to a name, the last one winning."""
    found = {m.group("name"): m.group("value") for m in _MAP_ENTRY.finditer(code)}
    found |= {m.group("name"): m.group("value") for m in _ASSIGNMENT.finditer(code)}
    return found | {m.group("name"): m.group("value") for m in _SET_CALL.finditer(code)}


def _root_assignments(files: Files, path: str) -> dict[str, str]:
    """The root build script's assignments (its `ext` properties reach every subproject)."""
    for name in ("build.gradle", "build.gradle.kts"):
        if name != path and files.is_file(name):
            return _assignments(blank_comments(companion_text(files, name))[0])
    return {}


def _properties(files: Files, path: str) -> dict[str, str]:
    """`gradle.properties` at the repository's root, then beside the script (which wins)."""
    found: dict[str, str] = {}
    folder = PurePosixPath(path).parent
    for candidate in dict.fromkeys(("gradle.properties", str(folder / "gradle.properties"))):
        for line in companion_text(files, candidate).splitlines():
            match = _PROPERTY_LINE.match(line)
            if match is not None and not line.lstrip().startswith(("#", "!")):
                found[match.group("name").rpartition(".")[2]] = match.group("value")
    return found


def _unread_lines(script: _Script, declared: set[int]) -> list[int]:
    """Lines in the blocks that call a configuration with something not read as a package."""
    lines = []
    for start, end in script.blocks:
        for entry in _ENTRY.finditer(script.code, start, end):
            line = script.line(entry.start())
            if line in declared or entry.group("conf") in _NOT_DEPENDENCIES:
                continue
            if entry.group("argument") in "{}" or _NO_PACKAGE.match(script.code, entry.start()):
                continue
            lines.append(line)
    return lines
