"""What the audit needs of a version, whatever the ecosystem's rules for ordering them.

PEP 440 versions (`packaging.version.Version`), SemVer and Go module versions all satisfy
`Ordered`: they compare, and say whether they are pre-releases and what their major version
is. Each ecosystem brings a `Parse` that turns text into one, or None when the text is no
version by its rules; ranges and freshness are written once against these.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from packaging.version import InvalidVersion, Version


class Ordered(Protocol):
    """A version that orders among its ecosystem's versions."""

    @property
    def is_prerelease(self) -> bool:
        """Whether it is a pre-release (not offered as the latest)."""

    @property
    def major(self) -> int:
        """Its major version, for `majors_behind`."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...
    def __gt__(self, other: Any, /) -> bool: ...
    def __ge__(self, other: Any, /) -> bool: ...
    def __hash__(self) -> int: ...


Parse = Callable[[str], Ordered | None]
"""An ecosystem's version parser: None when the text is no version by its rules."""


@lru_cache(maxsize=65_536)
def pep440(text: str) -> Version | None:
    """The PEP 440 version, or None when the text is not one (cached: lists repeat)."""
    try:
        return Version(text)
    except InvalidVersion:
        return None
