"""Composer's version order (and OSV's `ECOSYSTEM` ranges of `Packagist`).

Composer normalises a version before comparing it: a leading `v` is dropped, the numbers are
padded to four (`1.2` is `1.2.0.0`), and a stability suffix (`-dev`, `alpha`/`a`,
`beta`/`b`, `RC`, `patch`/`pl`/`p`, each with an optional number) is ordered dev < alpha <
beta < RC < stable < patch, as PHP's `version_compare` does on the normalised form. Branch
names (`dev-main`, `2.x-dev`) are no versions: they name a moving commit. No library is
added: the rules are a screenful, and the tests pin Composer's own normalisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_VERSION = re.compile(
    r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?"
    r"(?:[._-]?(stable|beta|b|rc|alpha|a|patch|pl|p)(?:[.-]?(\d+))?)?"
    r"([.-]?dev)?$",
    re.IGNORECASE,
)
_RANK = {"dev": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "rc": 3, "stable": 4}
_RANK.update(dict.fromkeys(("patch", "pl", "p"), 5))
STABLE = 4


@dataclass(frozen=True, slots=True, order=True)
class ComposerVersion:
    """A normalised Composer version; `v1.2` and `1.2.0.0` are equal."""

    numbers: tuple[int, int, int, int]
    stability: int
    """0 dev, 1 alpha, 2 beta, 3 RC, 4 stable, 5 patch."""
    number: int
    """The stability's own number (`beta2` is 2)."""
    finished: int
    """0 for a `-dev` build of a pre-release (`1.0.0-beta1-dev`), below the pre-release."""
    text: str = field(compare=False)

    @property
    def is_prerelease(self) -> bool:
        """Whether it is less than stable (dev, alpha, beta, RC)."""
        return self.stability < STABLE

    @property
    def major(self) -> int:
        """The first number."""
        return self.numbers[0]

    def __str__(self) -> str:
        return self.text

    @property
    def normalised(self) -> str:
        """As Composer writes it in `version_normalized` (`1.2.0.0-beta2`)."""
        name = {0: "dev", 1: "alpha", 2: "beta", 3: "RC", 5: "patch"}.get(self.stability)
        text = ".".join(str(n) for n in self.numbers)
        if name is not None:
            text += f"-{name}{self.number or ''}" if self.stability else "-dev"
        return text + ("-dev" if not self.finished else "")


@lru_cache(maxsize=65_536)
def parse(text: str) -> ComposerVersion | None:
    """The version, or None for a branch or anything Composer would not normalise."""
    found = _VERSION.match(text.strip())
    if found is None:
        return None
    first, second, third, fourth, word, number, dev = found.groups()
    padded = (int(first), int(second or 0), int(third or 0), int(fourth or 0))
    if word is None:
        stability = 0 if dev else STABLE  # `1.0.0-dev` is a development build of 1.0.0
        return ComposerVersion(padded, stability, 0, 1, text.strip())
    finished = 0 if dev else 1
    return ComposerVersion(padded, _RANK[word.lower()], int(number or 0), finished, text.strip())
