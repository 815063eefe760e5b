"""NuGet's version order (`NuGetVersion`), as OSV's `NuGet` ecosystem uses it.

A version has up to four numbers (`Major.Minor.Patch.Revision`), missing ones are 0, so
`1.0` = `1.0.0` = `1.0.0.0`, and leading zeros are allowed (`1.01` is `1.1`). A SemVer 2
pre-release label (`-beta.2`) sorts below its release; labels compare case-insensitively,
identifier by identifier, numbers numerically and below words, and a shorter list below a
longer one it begins. Build metadata (`+…`) takes no part. No library is added: the rules
are short, and the tests pin NuGet's documented examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_VERSION = re.compile(
    r"^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)

Identifier = tuple[int, int, str]
"""A label identifier as a sort key: (0, n, "") for numbers, (1, 0, lower case) for words."""


@dataclass(frozen=True, slots=True, order=True)
class NuGetVersion:
    """A NuGet version; order and equality are NuGet's (metadata and case ignored)."""

    major: int
    minor: int
    patch: int
    revision: int
    _release: int = field(repr=False)
    """1 for a release, 0 for a pre-release."""
    label: tuple[Identifier, ...] = ()
    text: str = field(default="", compare=False)

    @property
    def is_prerelease(self) -> bool:
        """Whether it has a pre-release label (`1.0.0-rc.1`)."""
        return not self._release

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65_536)
def parse(text: str) -> NuGetVersion | None:
    """The version, or None when the text is no NuGet version (a range, a float `1.*`)."""
    text = text.strip()
    found = _VERSION.match(text)
    if found is None:
        return None
    major, minor, patch, revision = (int(part) if part else 0 for part in found.groups()[:4])
    label = found.group(5)
    identifiers = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in (label.split(".") if label else ())
    )
    return NuGetVersion(major, minor, patch, revision, 0 if label else 1, identifiers, text)


def normalised(text: str) -> str:
    """NuGet's normal form (`1.0` → `1.0.0`; a fourth number only when not 0), lower case.

    The flat container and the lockfiles spell versions so; a manifest's `1.0` is the same.
    """
    version = parse(text)
    if version is None:
        return text.lower()
    core = f"{version.major}.{version.minor}.{version.patch}"
    core += f".{version.revision}" if version.revision else ""
    label = ".".join(str(n) if kind == 0 else word for kind, n, word in version.label)
    return f"{core}-{label}" if label else core
