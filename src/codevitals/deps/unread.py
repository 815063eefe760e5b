"""Files that declare dependencies in a form codevitals does not read.

A Ruby gem with a `Gemfile` and no `Gemfile.lock`, or a Gradle build without a lockfile or
version catalog, declares its dependencies only in code (Ruby, Groovy, Kotlin, Scala,
Swift, Python's `setup.py`) that codevitals never runs, or in formats it has no reader for.
Left unsaid, such a repository would show "0 packages" and look clean. So each kind found
is named in one notice, at its first file, with how many there are and what codevitals
would read instead, and the audit is partial. A file is not reported where a file
codevitals reads resolves it: a lockfile beside a `Gemfile`, a `gradle.lockfile` beside a
build script, or a Gradle version catalog anywhere in the repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from codevitals.model import Notice


@dataclass(frozen=True, slots=True)
class UnreadKind:
    """A kind of file codevitals does not read, and what it would read in its place."""

    name: str
    """Why the kind is not read, as a clause: "Gradle build scripts are code, never run"."""
    patterns: tuple[str, ...]
    """File names (globs) of the kind."""
    instead: str = ""
    """What to add so that codevitals checks these dependencies, where there is a way."""
    beside: tuple[str, ...] = ()
    """File names (globs) that, in the same folder, resolve the kind's files."""
    anywhere: tuple[str, ...] = ()
    """Paths (globs) that, anywhere in the repository, resolve them."""


KINDS: tuple[UnreadKind, ...] = (
    UnreadKind(
        "Bundler's Gemfiles and gemspecs are Ruby code, never run",
        ("Gemfile", "gems.rb", "*.gemspec"),
        "commit the Gemfile.lock (`bundle lock`)",
        beside=("Gemfile.lock", "gems.locked"),
    ),
    UnreadKind(
        "Gradle build scripts are code, never run",
        ("build.gradle", "build.gradle.kts"),
        "lock them (`gradle dependencies --write-locks`) or declare them in a version catalog",
        beside=("gradle.lockfile",),
        anywhere=("gradle/libs.versions.toml", "*/gradle/libs.versions.toml"),
    ),
    UnreadKind("sbt build definitions are Scala code, never run", ("build.sbt",)),
    UnreadKind("Swift Package Manager files have no reader", ("Package.swift", "Package.resolved")),
    UnreadKind("CocoaPods files have no reader", ("Podfile", "Podfile.lock")),
    UnreadKind(
        "setup.py is Python code, never run",
        ("setup.py",),
        "declare them in pyproject.toml, setup.cfg or a requirements file",
        beside=("pyproject.toml", "setup.cfg", "requirements*.txt", "*.lock", "pylock*.toml"),
    ),
    UnreadKind(
        "Conan and vcpkg manifests have no reader",
        ("conanfile.txt", "conanfile.py", "vcpkg.json"),
    ),
    UnreadKind(
        "NuGet packages.config files have no reader",
        ("packages.config",),
        "move them to PackageReference items in the project file",
    ),
)


def unread_notices(paths: Iterable[str]) -> list[Notice]:
    """One notice per kind of unread dependency file among `paths` (repository-relative)."""
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
            if _matches(PurePosixPath(path).name, kind.patterns)
            and not _resolved(kind, names_in[str(PurePosixPath(path).parent)])
        ]
        if found:
            more = f" ({len(found)} files)" if len(found) > 1 else ""
            instead = f"; {kind.instead}" if kind.instead else ""
            message = f"{kind.name}{more}: the dependencies declared there are unchecked{instead}"
            notices.append(Notice(found[0], "not-read", message))
    return notices


def _resolved(kind: UnreadKind, names: set[str]) -> bool:
    return any(_matches(name, kind.beside) for name in names)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)
