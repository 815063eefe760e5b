"""Conan's `conanfile.txt`: the packages a C or C++ project requires.

`[requires]` lists references (`zlib/1.2.13`), one per line; `[tool_requires]` and the
older `[build_requires]` list the build's tools (the `dev` group). Comments start with `#`.
A `conan.lock` beside the file resolves versions it leaves as ranges.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, read_text
from codevitals.deps.manifests.conan_ref import declared
from codevitals.model.deps import Relation

_SECTIONS = {
    "requires": "",
    "tool_requires": "dev",
    "build_requires": "dev",
    "test_requires": "test",
}
"""The sections that list packages, and the group of each."""


class ConanfileTxtSource:
    """A `conanfile.txt`."""

    kind: ClassVar[str] = "conanfile.txt"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `conanfile.txt`, outside build folders."""
        return path.name == "conanfile.txt" and "build" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each reference of the package sections, at its line."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        section: str | None = None
        for number, line in enumerate((text or "").splitlines(), 1):
            entry = line.split("#", 1)[0].strip()
            header = _header(entry)
            if header is not None:
                section = header
                continue
            if not entry or section not in _SECTIONS:
                continue
            item = declared(entry, (path, number), _SECTIONS[section], Relation.DIRECT)
            if item is None:
                parsed.note(path, "invalid-manifest", f"{entry[:80]!r} is no reference", number)
            else:
                parsed.declarations.append(item)
        return parsed


def _header(entry: str) -> str | None:
    """The section a `[name]` line opens; None for any other line (a reference has a `/`)."""
    if entry.startswith("[") and entry.endswith("]"):
        return None if "/" in entry else entry[1:-1].strip()
    return None
