"""Hotspots: unhealthy code that changes often.

    score = (changes + o)^a × (10 − health + o)^b × code lines^c     (a = 2, b = ½, c = 1, o = 1)

`changes` is recency-weighted: each commit in the window counts 2^(−age / half-life), so a
commit made today counts 1 and one a half-life ago counts ½ (a half-life of 0 counts every
commit as 1). `10 − health` is the file's health debt. Code lines stand for the effort a
change takes; `c = 0` gives the effort-aware (density) ranking. The offset `o` keeps a file
that did not change in the window, or has no debt, from scoring 0, so that every file is
ranked. The defaults were calibrated by the backtest (`codevitals validate`) on ten public
Python repositories (docs/validation.md): with `o = 0` a healthy file scored 0 however often
it changed, and that ranked worse than lines of code alone; change counts for more than debt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from codevitals.history.scope import Scope
from codevitals.model import FileHealth
from codevitals.model.history import Hotspot

if TYPE_CHECKING:
    # Only annotations: the options of a scan without history load no git log parser.
    from codevitals.history.lineage import Revision

DAY = 86_400.0
MAX_HEALTH = 10.0


@dataclass(frozen=True, slots=True)
class Factors:
    """The exponents of the hotspot formula, and the offset added to changes and debt."""

    change: float = 2.0
    debt: float = 0.5
    size: float = 1.0
    offset: float = 1.0

    def score(self, weighted_changes: float, health: float, code_lines: int) -> float:
        """A file's or function's hotspot score."""
        size = math.pow(code_lines, self.size)
        return self.change_factor(weighted_changes) * self.debt_factor(health) * size

    def change_factor(self, weighted_changes: float) -> float:
        """What recent change contributes to the score."""
        return math.pow(weighted_changes + self.offset, self.change)

    def debt_factor(self, health: float) -> float:
        """What health debt contributes to the score."""
        return math.pow(max(MAX_HEALTH - health, 0.0) + self.offset, self.debt)


@dataclass(frozen=True, slots=True)
class Recency:
    """How much a commit counts, by its age at `now`."""

    now: float
    half_life_days: float

    def weight(self, time: float) -> float:
        """2^(−age / half-life), or 1 without a half-life; commits from the future count 1."""
        if self.half_life_days <= 0:
            return 1.0
        age_days = max(self.now - time, 0.0) / DAY
        return math.pow(0.5, age_days / self.half_life_days)


@dataclass(slots=True)
class Activity:
    """Changes to one file within the window."""

    changes: int = 0
    weighted: float = 0.0
    authors: set[str] = field(default_factory=set)


def activity(revisions: Iterable[Revision], scope: Scope, recency: Recency) -> dict[str, Activity]:
    """Changes per reported path, over the given (windowed) revisions."""
    found: dict[str, Activity] = {}
    for revision in revisions:
        weight = recency.weight(revision.time)
        for touch in revision.touches:
            path = scope.local(touch.path)
            if path is None:
                continue
            seen = found.setdefault(path, Activity())
            seen.changes += 1
            seen.weighted += weight
            seen.authors.add(revision.author)
    return found


def rank(
    files: Sequence[FileHealth], changed: dict[str, Activity], factors: Factors
) -> list[Hotspot]:
    """Scored files that changed in the window, best hotspot first; files scoring 0 left out."""
    hotspots = [
        _hotspot(item, changed[item.file.path], factors)
        for item in files
        if item.file.path in changed
    ]
    hotspots = [spot for spot in hotspots if spot.score > 0]
    hotspots.sort(key=lambda s: (-s.score, -s.weighted_changes, s.path))
    return hotspots


def _hotspot(item: FileHealth, seen: Activity, factors: Factors) -> Hotspot:
    code_lines = item.metrics.code_lines
    return Hotspot(
        path=item.file.path,
        role=item.file.role,
        score=factors.score(seen.weighted, item.health, code_lines),
        changes=seen.changes,
        weighted_changes=seen.weighted,
        authors=len(seen.authors),
        health=item.health,
        code_lines=code_lines,
    )
