"""Cargo's `Cargo.lock`: every crate of the build, at the version resolved.

A `[[package]]` from a registry (`source = "registry+…"`) is a dependency; one from git is
unresolvable (a commit, not a release); one without a source is a member of the workspace,
the project's own code. A crate can be locked at two semver-incompatible versions at once.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where
from codevitals.deps.manifests.toml_lock import packages
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "crates.io"


class CargoLockSource:
    """Cargo's lockfile."""

    kind: ClassVar[str] = "Cargo.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Cargo.lock`, outside `vendor/` and `target/`."""
        return path.name == "Cargo.lock" and not {"vendor", "target"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each crate from a registry with its version; git crates as unresolvable."""
        parsed = Parsed()
        for _, entry, line in packages(files, path, parsed):
            source = entry.get("source")
            if not isinstance(source, str):
                continue  # a workspace member
            version = entry.get("version")
            if not isinstance(version, str):
                parsed.note(path, "invalid-lockfile", f"{entry['name']}: no version", line)
                continue
            git = source.startswith("git+")
            where = Where(path, line, "", Relation.UNKNOWN)
            parsed.declarations.append(_crate(entry["name"], version, where, git=git))
        return parsed


def _crate(name: str, version: str, where: Where, *, git: bool) -> Declaration:
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name} {version}",
        version=None if git else version,
        relation=where.relation,
        unresolvable="vcs" if git else None,
        ecosystem=ECOSYSTEM,
    )
