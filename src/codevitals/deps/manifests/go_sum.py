"""Go's `go.sum`: the checksums of every module version the build downloaded.

A line `module version h1:…` is a module's code; `module version/go.mod h1:…` only its
`go.mod`, read to select versions and never built, so it declares nothing. Several versions
of a module can be listed (earlier selections are kept); minimal version selection builds the
highest, which is the one reported.

With a `go.mod` beside it, `go.sum` declares nothing: since Go 1.17 `go.mod` lists every
module the build needs, and the extra lines of `go.sum` are modules `go mod tidy` read for
the tests of dependencies, which are never built into the program.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_text
from codevitals.deps.semver import SemVer, go
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "Go"


class GoSumSource:
    """Go's checksum file."""

    kind: ClassVar[str] = "go.sum"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `go.sum`, outside `vendor/`."""
        return path.name == "go.sum" and "vendor" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """The highest version of each module whose code is listed."""
        parsed = Parsed()
        if files.is_file(str(PurePosixPath(path).with_name("go.mod"))):
            return parsed
        text = read_text(files, path, parsed)
        highest: dict[str, tuple[SemVer, str, int]] = {}
        for number, line in enumerate((text or "").splitlines(), 1):
            entry = _entry(line.split(), path, number, parsed)
            if entry is None:
                continue
            name, version, at = entry
            if name not in highest or highest[name][0] < at:
                highest[name] = (at, version, number)
        parsed.declarations += [
            _locked(name, version, Where(path, line, "", Relation.UNKNOWN))
            for name, (_, version, line) in highest.items()
        ]
        return parsed


def _entry(
    words: list[str], path: str, number: int, parsed: Parsed
) -> tuple[str, str, SemVer] | None:
    """(module, version, parsed version) of a line listing a module's code, else None."""
    if len(words) != 3 or not words[2].startswith("h1:"):
        if words:  # blank lines are allowed
            parsed.note(path, "invalid-lockfile", "expected `module version h1:hash`", number)
        return None
    if words[1].endswith("/go.mod"):
        return None  # only the module's go.mod was read: its code is not built
    at = go(words[1])
    if at is None:
        parsed.note(path, "invalid-version", f"{words[0]}: {words[1]!r}", number)
        return None
    return words[0], words[1], at


def _locked(name: str, version: str, where: Where) -> Declaration:
    return Declaration(
        name=name, path=where.path, line=where.line, requirement=f"{name} {version}",
        version=version, relation=where.relation, ecosystem=ECOSYSTEM,
    )  # fmt: skip
