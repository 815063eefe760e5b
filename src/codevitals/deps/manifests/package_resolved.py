"""SwiftPM's `Package.resolved`: every package of the build, at the version resolved.

Version 1 lists `object.pins` with a `repositoryURL`; versions 2 and 3 list `pins` with a
`location`, each with the `state` SwiftPM checked out: a `version` (a release), else only
a `branch` and `revision` (a commit, no release: unresolvable). Xcode keeps the file inside
the project or workspace bundle (`….xcworkspace/xcshareddata/swiftpm/Package.resolved`).
A package is named as OSV's `SwiftURL` ecosystem names it: its repository's URL without
the scheme or `.git` (`github.com/apple/swift-nio`). A local package (`fileSystem`) is the
project's own code. The file does not say which packages `Package.swift` names itself.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, read_json
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "SwiftURL"
NAME = "Package.resolved"


def swift_url(location: str) -> str:
    """A repository URL as OSV's `SwiftURL` names it: no scheme, user, `.git` or last `/`.

    `https://github.com/apple/swift-nio.git` and `git@github.com:apple/swift-nio` are both
    `github.com/apple/swift-nio`; the host is lower-cased, the path kept as written.
    """
    text = location.strip()
    if "://" in text:
        text = text.split("://", 1)[1]
        authority, slash, rest = text.partition("/")
        text = authority.rpartition("@")[2] + slash + rest
    elif "@" in text and ":" in text:  # scp-like: git@github.com:apple/swift-nio
        text = text.split("@", 1)[1].replace(":", "/", 1)
    text = text.rstrip("/").removesuffix(".git")
    host, _, rest = text.partition("/")
    return f"{host.lower()}/{rest}" if rest else host.lower()


class PackageResolvedSource:
    """SwiftPM's resolved packages."""

    kind: ClassVar[str] = NAME
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Package.resolved`, outside `.build/` and checkouts."""
        return path.name == NAME and not {".build", "checkouts", "Pods"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each pinned package with its version; branch pins as unresolvable."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        pins = _pins(document)
        if pins is None:
            parsed.note(path, "invalid-lockfile", "no `pins` list", 1)
            return parsed
        lines = Lines(text)
        for pin in pins:
            item = _declaration(pin, path, lines)
            if item is None:
                parsed.note(path, "invalid-lockfile", "a pin without a location", None)
            elif item.name:
                parsed.declarations.append(item)
        return parsed


def _pins(document: dict[str, Any]) -> list[Any] | None:
    """The pins of any version of the format (1 nests them under `object`)."""
    holder = document.get("object") if isinstance(document.get("object"), dict) else document
    pins = holder.get("pins") if isinstance(holder, dict) else None
    return pins if isinstance(pins, list) else None


def _declaration(pin: Any, path: str, lines: Lines) -> Declaration | None:
    """One pin as a declaration; None when it names no repository, "" named when local."""
    if not isinstance(pin, dict):
        return None
    location = pin.get("location") or pin.get("repositoryURL")
    if not isinstance(location, str) or not location:
        return None
    if pin.get("kind") in ("fileSystem", "localSourceControl"):
        return Declaration(name="", path=path, line=None, requirement=location)
    given = pin.get("state")
    state: dict[str, Any] = given if isinstance(given, dict) else {}
    version = state.get("version") if isinstance(state.get("version"), str) else None
    name = swift_url(location)
    return Declaration(
        name=name,
        path=path,
        line=lines.find(f'"{location}"'),
        requirement=f"{name} {_pinned_at(state)}".strip(),
        version=version,
        relation=Relation.UNKNOWN,
        unresolvable=None if version else "vcs",
        ecosystem=ECOSYSTEM,
    )


def _pinned_at(state: dict[str, Any]) -> str:
    """What the pin is at, as written: its version, else its branch or revision."""
    for key in ("version", "branch", "revision"):
        value = state.get(key)
        if isinstance(value, str) and value:
            return value
    return ""
