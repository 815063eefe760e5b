"""RubyGems' `Gem::Version` order (and OSV's `ECOSYSTEM` ranges of `RubyGems`).

A version is dot-separated segments; digits and letters are split into segments of their
own (`1.0.a1` is 1, 0, "a", 1), and a `-` reads as `.pre.` (`1.0-rc1` is `1.0.pre.rc1`).
Two versions compare segment by segment, the shorter padded with zeros: numbers
numerically, words as text, and a word below any number, so `1.0.a` < `1.0` and `1.0` ==
`1.0.0`. A version with a letter anywhere is a pre-release. The rules are a screenful; no
library is added for them, and the tests pin RubyGems' own examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering
from typing import Any

_VERSION = re.compile(r"^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$")
_SEGMENT = re.compile(r"[0-9]+|[a-zA-Z]+")

Segment = int | str


@total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class GemVersion:
    """A `Gem::Version`; equal versions (`1.0`, `1.0.0`) compare and hash alike."""

    text: str
    segments: tuple[Segment, ...]

    @property
    def is_prerelease(self) -> bool:
        """Whether a segment is a word (`1.0.a`, `2.0.0.rc1`, `1.0-beta`)."""
        return any(isinstance(s, str) for s in self.segments)

    @property
    def major(self) -> int:
        """The first segment."""
        first = self.segments[0]
        return first if isinstance(first, int) else 0

    def _canonical(self) -> tuple[Segment, ...]:
        """The segments without trailing zeros: `1.0.0` and `1` are one version."""
        segments = list(self.segments)
        while len(segments) > 1 and segments[-1] == 0:
            segments.pop()
        return tuple(segments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GemVersion):
            return NotImplemented
        return _compare(self.segments, other.segments) == 0

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, GemVersion):
            return NotImplemented
        return _compare(self.segments, other.segments) < 0

    def __hash__(self) -> int:
        return hash(self._canonical())

    def __str__(self) -> str:
        return self.text


def _compare(left: tuple[Segment, ...], right: tuple[Segment, ...]) -> int:
    """-1, 0 or 1, as `Gem::Version#<=>` orders segments (missing ones are 0)."""
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else 0
        b = right[index] if index < len(right) else 0
        if a == b:
            continue
        if isinstance(a, str) != isinstance(b, str):
            return -1 if isinstance(a, str) else 1  # a word sorts below any number
        return -1 if a < b else 1  # type: ignore[operator]  # both int or both str
    return 0


@lru_cache(maxsize=65_536)
def parse(text: str) -> GemVersion | None:
    """The version, or None when RubyGems would reject the text."""
    if not _VERSION.match(text):
        return None
    spelt = text.strip().replace("-", ".pre.")
    segments = tuple(int(s) if s.isdigit() else s for s in _SEGMENT.findall(spelt))
    return GemVersion(text.strip(), segments)
