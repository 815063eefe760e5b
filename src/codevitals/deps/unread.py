"""Files that declare dependencies in a form codevitals does not read.

A Ruby gem with a `Gemfile` and no `Gemfile.lock` declares its dependencies only in code
(Ruby, Swift, Python's `setup.py`) that codevitals never runs, or in formats it has no
reader for. (Gradle's and sbt's build definitions are read for the dependencies they spell
out: `manifests.gradle_build`, `manifests.sbt_build`.)
Left unsaid, such a repository would show "0 packages" and look clean. So each kind found
is named in one notice, at its first file, with how many there are and what codevitals
would read instead, and the audit is partial.

A file is not reported where a file codevitals reads resolves it (a lockfile beside a
`Gemfile`), nor where its text shows no dependency at all (a `Package.swift` without
`.package(`, a `vcpkg.json` without `"dependencies"`): it is looked at for that word,
never parsed. A file that cannot be read is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from codevitals.deps.manifests.base import Files
from codevitals.model import Notice
from codevitals.repofiles import RefusedFileError


@dataclass(frozen=True, slots=True)
class UnreadKind:
    """A kind of file codevitals does not read, and what it would read in its place."""

    name: str
    """Why the kind is not read, as a clause: "Gradle build scripts are code, never run"."""
    patterns: tuple[str, ...]
    """File names (globs) of the kind."""
    declares: re.Pattern[bytes]
    """What a file of the kind holds when it declares a dependency."""
    instead: str = ""
    """What to add so that codevitals checks these dependencies, where there is a way."""
    beside: tuple[str, ...] = ()
    """File names (globs) that, in the same folder, resolve the kind's files."""
    anywhere: tuple[str, ...] = ()
    """Paths (globs) that, anywhere in the repository, resolve them."""

    def named(self, path: str) -> bool:
        """Whether the file at `path` is of this kind, by its name."""
        return _matches(PurePosixPath(path).name, self.patterns)


def _words(pattern: bytes) -> re.Pattern[bytes]:
    return re.compile(pattern, re.MULTILINE)


KINDS: tuple[UnreadKind, ...] = (
    UnreadKind(
        "Bundler's Gemfiles and gemspecs are Ruby code, never run",
        ("Gemfile", "gems.rb", "*.gemspec"),
        _words(rb"^\s*(?:gem|gemspec)\b|\badd_(?:runtime_|development_)?dependency\b"),
        "commit the Gemfile.lock (`bundle lock`)",
        beside=("Gemfile.lock", "gems.locked"),
    ),
    UnreadKind(
        "Package.swift is Swift code, never run",
        ("Package.swift",),
        _words(rb"\.package\s*\("),
        "commit the Package.resolved (`swift package resolve`)",
        beside=("Package.resolved",),
    ),
    UnreadKind(
        "CocoaPods files have no reader",
        ("Podfile", "Podfile.lock"),
        _words(rb"^\s*pod\s|^PODS:"),
    ),
    UnreadKind(
        "conanfile.py is Python code, never run",
        ("conanfile.py",),
        _words(rb"\brequires\b"),
        "lock the graph (`conan lock create`) or list the packages in a conanfile.txt",
        beside=("conan.lock", "conanfile.txt"),
    ),
    UnreadKind(
        "vcpkg manifests have no reader",
        ("vcpkg.json",),
        _words(rb"\"dependencies\""),
    ),
)


def is_unread_kind(path: str) -> bool:
    """Whether a file of this name is of a kind codevitals does not read."""
    return any(kind.named(path) for kind in KINDS)


def unread_notices(paths: Iterable[str], files: Files | None = None) -> list[Notice]:
    """One notice per kind of unread dependency file among `paths` (repository-relative).

    `files` reads them, to leave out those that declare nothing; without it, every file of a
    kind counts.
    """
    every = sorted(paths)
    names_in: dict[str, set[str]] = {}
    for path in every:
        pure = PurePosixPath(path)
        names_in.setdefault(str(pure.parent), set()).add(pure.name)
    notices = []
    for kind in KINDS:
        if any(_matches(path, kind.anywhere) for path in every):
            continue
        found = [
            path
            for path in every
            if _unchecked(kind, path, names_in[str(PurePosixPath(path).parent)], files)
        ]
        if found:
            more = f" ({len(found)} files)" if len(found) > 1 else ""
            instead = f"; {kind.instead}" if kind.instead else ""
            message = f"{kind.name}{more}: the dependencies declared there are unchecked{instead}"
            notices.append(Notice(found[0], "not-read", message))
    return notices


def _unchecked(kind: UnreadKind, path: str, beside: set[str], files: Files | None) -> bool:
    """Whether `path` is of the kind, declares a dependency, and nothing beside resolves it."""
    if not kind.named(path) or _resolved(kind, beside):
        return False
    return _declares(kind, path, files)


def _declares(kind: UnreadKind, path: str, files: Files | None) -> bool:
    """Whether the file declares a dependency (so far as its words tell; unreadable: yes)."""
    if files is None:
        return True
    try:
        return kind.declares.search(files.read(path)) is not None
    except (RefusedFileError, OSError):
        return True


def _resolved(kind: UnreadKind, names: set[str]) -> bool:
    return any(_matches(name, kind.beside) for name in names)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)
