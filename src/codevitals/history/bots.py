"""Recognising commits made by bots, which say nothing about who knows the code.

An author is a bot when their name or email contains one of the patterns, compared without
regard to case. Substrings rather than globs: GitHub's bot accounts end in `[bot]`, which a
glob would read as a character class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_BOTS = ("[bot]", "dependabot", "renovate", "github-actions", "pre-commit-ci")
"""GitHub's bot accounts, and the common bots also under other names (e.g. `Renovate Bot`,
`dependabot-preview`, a `github-actions` email)."""


@dataclass(frozen=True, slots=True)
class Bots:
    """The patterns that mark an author as a bot."""

    patterns: tuple[str, ...] = DEFAULT_BOTS

    @classmethod
    def build(cls, extra: Iterable[str] = (), *, defaults: bool = True) -> Bots:
        """The default patterns (unless turned off) plus `extra`, lower-cased, blanks dropped."""
        chosen = [*(DEFAULT_BOTS if defaults else ()), *extra]
        return cls(tuple(dict.fromkeys(p.strip().lower() for p in chosen if p.strip())))

    def match(self, name: str, email: str) -> bool:
        """Whether this author is a bot."""
        who = f"{name}\0{email}".lower()
        return any(pattern in who for pattern in self.patterns)
