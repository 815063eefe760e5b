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
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, read_text
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "RubyGems"
# Bundler's own reading of a spec line: the version stops at the first `-` (the platform).
_SPEC = re.compile(r"^ {4}(?! )(\S+) \(([^-)]*)(?:-([^)]*))?\)$")
_DEPENDENCY = re.compile(r"^ {2}(?! )([^\s!(]+)")
_SPEC_INDENT = 4
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
        lines = list(_in_sections(text.splitlines()))
        direct = {found.group(1) for section, _, line in lines
                  if section == "DEPENDENCIES" and (found := _DEPENDENCY.match(line))}  # fmt: skip
        seen: set[tuple[str, str]] = set()
        for name, version, number, unresolvable in _gems(lines, path, parsed):
            if (name, version) in seen:
                continue  # the same gem for another platform
            seen.add((name, version))
            relation = Relation.DIRECT if name in direct else Relation.TRANSITIVE
            parsed.declarations.append(
                Declaration(
                    name=name,
                    path=path,
                    line=number,
                    requirement=f"{name} ({version})",
                    version=None if unresolvable else version,
                    relation=relation,
                    unresolvable=unresolvable,
                    ecosystem=ECOSYSTEM,
                )
            )
        if not any((seen, direct, parsed.notices)):  # nothing a lockfile has: not one
            parsed.note(path, "invalid-lockfile", "no GEM, GIT or PATH specs", 1)
        return parsed


Gem = tuple[str, str, int, str | None]
"""(name, version, line, why unresolvable)."""


def _in_sections(lines: list[str]) -> Iterator[tuple[str, int, str]]:
    """(section, line number, line) of every indented line, under its section's heading."""
    section = ""
    for number, line in enumerate(lines, start=1):
        if line and not line[0].isspace():
            section = line.strip()
        else:
            yield section, number, line


def _gems(lines: list[tuple[str, int, str]], path: str, parsed: Parsed) -> Iterator[Gem]:
    """The gems listed under `GEM`, `GIT` and `PATH`: lines indented exactly four spaces."""
    for section, number, line in lines:
        if section not in _SOURCES or len(line) - len(line.lstrip(" ")) != _SPEC_INDENT:
            continue
        spec = _SPEC.match(line)
        if spec is None or not spec.group(2):
            parsed.note(path, "invalid-lockfile", f"not a gem spec: {line.strip()!r}", number)
            continue
        yield spec.group(1), spec.group(2), number, _SOURCES[section]
