"""Bundler's `Gemfile.lock`: every gem of the bundle, at the version resolved.

The file is sections of indented lines. Under `GEM`, each `specs:` line indented four
spaces is a gem from a registry, `name (version)` or `name (version-platform)` (a native
gem, listed once per platform); the six-space lines below it are its own requirements.
`GIT` and `PATH` sections hold gems built from a commit or a folder: unresolvable, as no
release of them is looked up. `DEPENDENCIES` names what the Gemfile asks for (`name!` when
the gem comes from a GIT or PATH source): those are direct, the rest transitive.
`PLATFORMS`, `RUBY VERSION` and `BUNDLED WITH` name no gem.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, read_text
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "RubyGems"
# Bundler's own reading of a spec line: the version stops at the first `-` (the platform).
_SPEC = re.compile(r"^ {4}(?! )(\S+) \(([^-)]*)(?:-([^)]*))?\)$")
_DEPENDENCY = re.compile(r"^ {2}(?! )([^\s!(]+)")
_SOURCES = {"GEM": None, "GIT": "vcs", "PATH": "path"}
"""Sections listing gems, and why a gem of each cannot be looked up."""


class GemfileLockSource:
    """Bundler's lockfile."""

    kind: ClassVar[str] = "Gemfile.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """`Gemfile.lock` (and `gems.locked`, its newer name), outside `vendor/`."""
        return path.name in ("Gemfile.lock", "gems.locked") and "vendor" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each gem with its version, direct when `DEPENDENCIES` names it."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        if text is None:
            return parsed
        gems, direct = _scan(text.splitlines(), path, parsed)
        seen: set[tuple[str, str | None]] = set()
        for name, version, line, unresolvable in gems:
            if (name, version) in seen:
                continue  # the same gem for another platform
            seen.add((name, version))
            relation = Relation.DIRECT if name in direct else Relation.TRANSITIVE
            parsed.declarations.append(
                Declaration(
                    name=name,
                    path=path,
                    line=line,
                    requirement=f"{name} ({version})",
                    version=None if unresolvable else version,
                    relation=relation,
                    unresolvable=unresolvable,
                    ecosystem=ECOSYSTEM,
                )
            )
        if not gems and not direct and not parsed.notices:
            parsed.note(path, "invalid-lockfile", "no GEM, GIT or PATH specs", 1)
        return parsed


Gem = tuple[str, str, int, str | None]
"""(name, version, line, why unresolvable)."""


def _scan(lines: list[str], path: str, parsed: Parsed) -> tuple[list[Gem], set[str]]:
    """The gems of every source section, and the names `DEPENDENCIES` lists."""
    gems: list[Gem] = []
    direct: set[str] = set()
    section = ""
    for number, line in enumerate(lines, start=1):
        if line and not line[0].isspace():
            section = line.strip()
            continue
        if section == "DEPENDENCIES":
            found = _DEPENDENCY.match(line)
            if found:
                direct.add(found.group(1))
        elif section in _SOURCES and line.startswith("    ") and not line.startswith("     "):
            spec = _SPEC.match(line)
            if spec is None or not spec.group(2):
                parsed.note(path, "invalid-lockfile", f"not a gem spec: {line.strip()!r}", number)
                continue
            gems.append((spec.group(1), spec.group(2), number, _SOURCES[section]))
    return gems, direct
