"""The interface every manifest format implements, and the helpers they share.

A `ManifestSource` (pip-audit's `DependencySource` is the model) recognises its files by
name and turns one into declarations, each with its file and line. Bad input never raises:
it becomes a `Notice` naming the file, the line where known, and the reason, and whatever
else the file declares is still read.
"""

from __future__ import annotations

import bisect
import json
import posixpath
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, Protocol

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from codevitals import repofiles
from codevitals.model import Notice
from codevitals.model.deps import Declaration, Relation

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_SEPARATORS = re.compile(r"[-_.]+")


def canonicalize_name(name: str) -> str:
    """A Python project's name normalised as PEP 503 says (`Foo.Bar_baz` is `foo-bar-baz`).

    Written out rather than taken from `packaging.utils`: that module loads packaging's
    platform tags and logging, a tenth of a warm audit of a lockfile with no Python in it.
    """
    return _SEPARATORS.sub("-", name).lower()


Built = tuple[str, str, str]
"""(ecosystem, package, version) of a package the repository itself builds."""


@dataclass(slots=True)
class Parsed:
    """What one manifest declares, and what went wrong reading it."""

    declarations: list[Declaration] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    """Every file read, the manifest and what it includes."""
    builds: list[Built] = field(default_factory=list)
    """The packages the manifest's own project is (a Maven module's coordinates and version):
    another manifest of the repository depending on one depends on the project's own code."""

    def note(self, path: str, reason: str, message: str, line: int | None = None) -> None:
        """Record a problem with an input file."""
        self.notices.append(Notice(path, reason, message, line))

    def extend(self, other: Parsed) -> None:
        """Take in what another file (an include) declared."""
        self.declarations += other.declarations
        self.notices += other.notices
        self.read += other.read
        self.builds += other.builds


class ManifestSource(Protocol):
    """One manifest or lockfile format."""

    kind: ClassVar[str]
    lockfile: ClassVar[bool]

    def matches(self, path: PurePosixPath) -> bool:
        """Whether a file of this name is in this format."""

    def read(self, files: Files, path: str) -> Parsed:
        """The declarations of the file at `path` among `files`."""


class Files(Protocol):
    """The files of the audited tree, as bytes: a folder on disk, or a commit's git objects.

    Readers never open a disk path themselves, so a past commit's manifests are read from
    its blobs as a working tree's are read from disk.
    """

    def read(self, path: str) -> bytes:
        """The bytes of `path` (POSIX, relative); raises `repofiles.RefusedFileError`."""

    def is_file(self, path: str) -> bool:
        """Whether `path` is a file of the tree."""

    def inside(self, relative: PurePosixPath) -> str | None:
        """`relative` as a normalised path inside the tree, or None when it leads outside."""


@dataclass(frozen=True, slots=True)
class DiskFiles:
    """A folder's files.

    Only a regular file inside `root` is read (see `repofiles`): a manifest linked to
    /etc/passwd must not turn its lines into package names sent to PyPI and OSV.
    """

    root: Path

    def read(self, path: str) -> bytes:
        """The file's bytes, when it is a regular file inside the folder."""
        return repofiles.read_bytes(self.root / path, root=self.root)

    def is_file(self, path: str) -> bool:
        """Whether the folder has a file at `path`."""
        return (self.root / path).is_file()

    def inside(self, relative: PurePosixPath) -> str | None:
        """The path with links resolved, relative to the folder, when it stays inside."""
        base = self.root.resolve()
        try:
            return (base / relative).resolve().relative_to(base).as_posix()
        except (ValueError, OSError):
            return None


@dataclass(frozen=True, slots=True)
class MemoryFiles:
    """Files held in memory: a commit's manifests, read from its git objects.

    Nothing is written to disk and no link can be followed: a commit's symbolic links are
    not among the files.
    """

    contents: Mapping[str, bytes]

    def read(self, path: str) -> bytes:
        """The file's bytes, when the commit has it and it is not too large."""
        data = self.contents.get(path)
        if data is None:
            raise repofiles.RefusedFileError("unreadable", "not a file of the commit")
        if len(data) > repofiles.MAX_BYTES:
            limit = f"{repofiles.MAX_BYTES:,}"
            raise repofiles.RefusedFileError("too-large", f"larger than {limit} bytes; not read")
        return data

    def is_file(self, path: str) -> bool:
        """Whether the commit has a file at `path`."""
        return path in self.contents

    def inside(self, relative: PurePosixPath) -> str | None:
        """The normalised path, when it stays inside the tree."""
        normal = posixpath.normpath(relative.as_posix())
        return None if normal.startswith(("../", "/")) or normal == ".." else normal


def read_text(files: Files, path: str, parsed: Parsed) -> str | None:
    """A manifest's text, or None with a notice when it is refused or not UTF-8."""
    try:
        data = files.read(path)
    except repofiles.RefusedFileError as error:
        parsed.note(path, error.reason, str(error))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        parsed.note(path, "encoding", "not UTF-8; not read", line)
        return None
    parsed.read.append(path)
    return text


class LineOfOffset:
    """The 1-based line of a character offset in a text, for readers that search patterns.

    The line breaks are found once; each offset is then a binary search, not a count of the
    breaks before it (a script with thousands of matches would count its text thousands of
    times).
    """

    def __init__(self, text: str) -> None:
        self._breaks = [found.start() for found in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        """The line the offset is on."""
        return bisect.bisect_left(self._breaks, offset) + 1


def companion_text(files: Files, path: str) -> str:
    """The text of a file a manifest takes values from; "" when it is absent or refused.

    Unlike `read_text`, no notice: a missing companion (a `gradle.properties`, the
    `build.sbt` beside `project/`) only leaves unknown the values it would give, and the
    manifest says so where it uses one.
    """
    if not files.is_file(path):
        return ""
    try:
        return files.read(path).decode("utf-8", "replace")
    except repofiles.RefusedFileError:
        return ""


def read_toml(files: Files, path: str, parsed: Parsed) -> tuple[str, dict[str, Any]] | None:
    """A TOML manifest's text (for finding lines) and document, or None with a notice."""
    text = read_text(files, path, parsed)
    document = load_toml(text, path, parsed) if text is not None else None
    return None if text is None or document is None else (text, document)


def read_json(files: Files, path: str, parsed: Parsed) -> tuple[str, dict[str, Any]] | None:
    """A JSON manifest's text (for finding lines) and object, or None with a notice."""
    text = read_text(files, path, parsed)
    document = load_json(text, path, parsed) if text is not None else None
    return None if text is None or document is None else (text, document)


def load_json(text: str, path: str, parsed: Parsed) -> dict[str, Any] | None:
    """The JSON object, or None with a notice naming the line of the syntax error."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.note(path, "invalid-json", error.msg, error.lineno)
        return None
    if not isinstance(document, dict):
        parsed.note(path, "invalid-lockfile", "not a JSON object", 1)
        return None
    return document


def load_toml(text: str, path: str, parsed: Parsed) -> dict[str, Any] | None:
    """The TOML document, or None with a notice naming the line of the syntax error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) if found else len(text.splitlines()) or 1
        message = _TOML_LINE.sub("", message).replace("(at end of document)", "at the end")
        parsed.note(path, "invalid-toml", message.strip(), line)
        return None


def sections(
    document: dict[str, Any], groups: dict[str, str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(section, group, entries) of each section of `groups` that is an object (a table).

    Pipfile.lock's `default`/`develop`, package.json's `dependencies`/`devDependencies`, …
    """
    for section, group in groups.items():
        entries = document.get(section)
        if isinstance(entries, dict):
            yield section, group, entries


def table(document: Any, *keys: str) -> dict[str, Any]:
    """`document[keys[0]][keys[1]]…` when every step is a table, else an empty one."""
    for key in keys:
        document = document.get(key) if isinstance(document, dict) else None
    return document if isinstance(document, dict) else {}


def array(document: Any, *keys: str) -> list[Any]:
    """`document[keys…]` when it is an array, else an empty one."""
    *parents, last = keys
    value = table(document, *parents).get(last)
    return value if isinstance(value, list) else []


class Lines:
    """Finds the line of each thing a parser read, in file order.

    tomllib, json and configparser do not report positions; the text does. A cursor moves
    forward as items are found, so repeated names map to successive occurrences.
    """

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._cursor = 0

    def find(self, *needles: str, start: int | None = None) -> int | None:
        """The 1-based line of the next line holding every needle, or None."""
        first = self._cursor if start is None else start
        for index in range(first, len(self._lines)):
            if all(needle in self._lines[index] for needle in needles):
                self._cursor = index
                return index + 1
        return None

    def entry(self, key: str, value: str) -> int | None:
        """The 1-based line of the next line starting `key = "value"`, or None."""
        pattern = re.compile(rf"""^\s*{re.escape(key)}\s*=\s*["']{re.escape(value)}["']""")
        for index in range(self._cursor, len(self._lines)):
            if pattern.match(self._lines[index]):
                self._cursor = index + 1
                return index + 1
        return None

    def header(self, name: str) -> int:
        """The 0-based index just after the line `[name]` (0 when absent), to search from."""
        pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]\s*(#.*)?$")
        for index, line in enumerate(self._lines):
            if pattern.match(line):
                return index + 1
        return 0


def pinned(specifier: SpecifierSet) -> str | None:
    """The one version a specifier allows (`==1.2`, `===1.2`), else None."""
    specs = list(specifier)
    if len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        return None
    return specs[0].version


@dataclass(frozen=True, slots=True)
class Where:
    """The file, line and group a declaration comes from."""

    path: str
    line: int | None
    group: str = ""
    relation: Relation = Relation.DIRECT


def from_pep508(text: str, where: Where, parsed: Parsed) -> Declaration | None:
    """A declaration from a PEP 508 requirement string, or None with a notice."""
    # Here, not at the top: packaging's requirement parser loads its markers and tags,
    # which an audit of other ecosystems' lockfiles never needs.
    from packaging.requirements import InvalidRequirement, Requirement  # noqa: PLC0415

    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        parsed.note(where.path, "invalid-requirement", _first_line(str(error)), where.line)
        return None
    return Declaration(
        name=canonicalize_name(requirement.name),
        path=where.path,
        line=where.line,
        requirement=text.strip(),
        version=None if requirement.url else pinned(requirement.specifier),
        group=where.group,
        relation=where.relation,
        markers=str(requirement.marker) if requirement.marker else None,
        unresolvable=_url_kind(requirement.url) if requirement.url else None,
    )


def _url_kind(url: str) -> str:
    """Kind of a URL requirement: vcs for `git+…` and the like, path for files, else url."""
    scheme = url.partition(":")[0].lower()
    if "+" in scheme:
        return "vcs"
    return "path" if scheme == "file" else "url"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "invalid"


def locked(
    name: str, version: object, where: Where, parsed: Parsed, *, markers: str | None = None
) -> Declaration | None:
    """A lockfile entry: a name and an exact version, or None with a notice."""
    if not isinstance(version, str) or not version:
        parsed.note(where.path, "invalid-lockfile", f"{name}: no version", where.line)
        return None
    if not _is_pep440(version):
        message = f"{name}: {version!r} is not a PEP 440 version; it cannot be compared"
        parsed.note(where.path, "invalid-version", message, where.line)
    return Declaration(
        name=canonicalize_name(name),
        path=where.path,
        line=where.line,
        requirement=f"{name}=={version}",
        version=version,
        group=where.group,
        relation=where.relation,
        markers=markers,
    )


def _is_pep440(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def unresolved(name: str, where: Where, kind: str, requirement: str | None = None) -> Declaration:
    """A declaration whose version cannot be looked up (editable, path, URL, VCS)."""
    return Declaration(
        name=canonicalize_name(name),
        path=where.path,
        line=where.line,
        requirement=requirement or name,
        group=where.group,
        relation=where.relation,
        unresolvable=kind,
    )


_SCRIPT_LEXEME = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|//[^\n]*|/\*[\s\S]*?\*/"
)


def blank_comments(text: str) -> tuple[str, str]:
    """A build script's text with its comments blanked, and a copy with strings blanked too.

    The second copy is for matching braces (`"${v}"` holds some). Offsets and lines are kept.
    Groovy, Kotlin and Scala share `//` and `/* */` comments and `"…"`, `'…'` and
    triple-quoted strings.
    """
    code: list[str] = []
    bare: list[str] = []
    kept = 0
    for lexeme in _SCRIPT_LEXEME.finditer(text):
        start, end, token = lexeme.start(), lexeme.end(), lexeme.group()
        code.append(text[kept:start])
        bare.append(text[kept:start])
        blanked = re.sub(r"[^\n]", " ", token)
        if token.startswith(("//", "/*")):
            code.append(blanked)
            bare.append(blanked)
        else:
            code.append(token)
            quote = len(token) - len(token.lstrip(token[0]))
            inner = min(quote, 3)
            bare.append(token[:inner] + blanked[inner:-inner] + token[-inner:])
        kept = end
    code.append(text[kept:])
    bare.append(text[kept:])
    return "".join(code), "".join(bare)
