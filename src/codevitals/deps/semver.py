"""Semantic Versioning 2.0.0 as npm orders it (and OSV's `SEMVER` ranges).

Precedence (semver.org §11): major, minor and patch numerically; a pre-release is below its
release; pre-release identifiers compare one by one, numeric ones numerically and below
alphanumeric ones (ASCII order), and a shorter list is below a longer one it begins. Build
metadata (`+…`) takes no part in precedence, so `1.0.0+a` and `1.0.0+b` are equal. As npm
does, a leading `v` or `=` is dropped; OSV's `introduced: "0"` reads as 0.0.0. No library
is added for it: the rules are a screenful, and the tests pin semver.org's own examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_SEMVER = re.compile(
    r"^[v=]?\s*(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)
_NUMERIC = re.compile(r"^(0|[1-9]\d*)$")

Identifier = tuple[int, int, str]
"""A pre-release identifier as a sort key: (0, n, "") for numbers, (1, 0, text) for words."""


@dataclass(frozen=True, slots=True, order=True)
class SemVer:
    """A SemVer version; ordering and equality follow precedence (build metadata ignored)."""

    major: int
    minor: int
    patch: int
    _release: int = field(repr=False)
    """1 for a release, 0 for a pre-release: a pre-release sorts below its release."""
    prerelease: tuple[Identifier, ...] = ()
    build: str = field(default="", compare=False)

    @property
    def is_prerelease(self) -> bool:
        """Whether it has pre-release identifiers (`1.0.0-rc.1`)."""
        return not self._release

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(str(n) if k == 0 else s for k, n, s in self.prerelease)
        return text + (f"+{self.build}" if self.build else "")


@lru_cache(maxsize=65_536)
def parse(text: str) -> SemVer | None:
    """The version, or None when the text is not SemVer."""
    text = text.strip()
    if text == "0":
        return SemVer(0, 0, 0, 1)
    found = _SEMVER.match(text)
    if found is None:
        return None
    major, minor, patch, pre, build = found.groups()
    identifiers = tuple(_identifier(part) for part in pre.split(".")) if pre else ()
    if any(ident is None for ident in identifiers):
        return None
    return SemVer(
        int(major), int(minor), int(patch), 0 if pre else 1,
        tuple(i for i in identifiers if i is not None), build or "",
    )  # fmt: skip


def _identifier(part: str) -> Identifier | None:
    if _NUMERIC.match(part):
        return (0, int(part), "")
    if part.isdigit():  # a number with a leading zero is not allowed (§9)
        return None
    return (1, 0, part)
