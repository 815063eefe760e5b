"""Gradle's `gradle.lockfile`: every artifact of the locked configurations, at its version.

Each line is `group:artifact:version=configuration,…` (`empty=…` lists configurations that
resolve nothing). An artifact only on test configurations (`testCompileClasspath`, …)
serves development. The file does not say which artifacts the build names itself.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, read_text
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "Maven"


class GradleLockfileSource:
    """Gradle's dependency lock state."""

    kind: ClassVar[str] = "gradle.lockfile"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """`gradle.lockfile`, or a per-configuration `gradle/dependency-locks/*.lockfile`."""
        in_locks = path.parent.name == "dependency-locks" and path.suffix == ".lockfile"
        return (path.name == "gradle.lockfile" or in_locks) and "build" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each locked artifact, at its line; malformed lines are notices."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        for number, line in enumerate((text or "").splitlines(), 1):
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "empty=")):
                continue
            coordinates, _, configurations = stripped.partition("=")
            parts = coordinates.split(":")
            if len(parts) != 3 or not all(parts):
                message = f"{stripped[:80]!r} is not `group:artifact:version=configurations`"
                parsed.note(path, "invalid-lockfile", message, number)
                continue
            group, artifact, version = parts
            used = [c.strip() for c in configurations.split(",") if c.strip()]
            testing = bool(used) and all(c.startswith("test") for c in used)
            parsed.declarations.append(
                Declaration(
                    name=f"{group}:{artifact}",
                    path=path,
                    line=number,
                    requirement=coordinates,
                    version=version,
                    group="test" if testing else "",
                    relation=Relation.UNKNOWN,
                    ecosystem=ECOSYSTEM,
                )
            )
        return parsed
