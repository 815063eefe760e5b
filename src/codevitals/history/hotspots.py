"""Hotspots: files that change, ranked by the chance that a bug fix lands in them.

    score = 100 × P(fix)       (`fixmodel`: code lines, changes in the window, prior fixes)

`changes` are the commits in the window (12 months by default) that changed the file;
`prior fixes` the bug-fix commits (`fixes`) that changed it in all history. The backtest
(`codevitals validate`) chose these signals on ten public Python repositories, leaving each
out in turn (docs/validation.md): health debt, authors, churn, age and recency weighting added
nothing held out. Recency-weighted changes (each commit in the window counts
2^(−age / half-life)) break ties and show how recent the activity is. Only files with code
that changed in the window are hotspots.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from codevitals.history.fixmodel import MODEL, FixModel
from codevitals.history.scope import Scope
from codevitals.model import FileHealth
from codevitals.model.history import Hotspot

if TYPE_CHECKING:
    # Only annotations: the options of a scan without history load no git log parser.
    from codevitals.history.lineage import Revision

DAY = 86_400.0


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
    churn: int = 0
    """Lines added plus lines deleted."""
    first: float = math.inf
    """When the oldest of these changes was made."""


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
            seen.churn += touch.added + touch.deleted
            seen.first = min(seen.first, revision.time)
    return found


def prior_fixes(
    revisions: Iterable[Revision], scope: Scope, fixes: Collection[str]
) -> dict[str, int]:
    """Bug-fix commits per reported path, over the given revisions."""
    counted: Counter[str] = Counter()
    for revision in revisions:
        if revision.sha in fixes:
            paths = (scope.local(touch.path) for touch in revision.touches)
            counted.update({path for path in paths if path is not None})
    return dict(counted)


def rank(
    files: Sequence[FileHealth],
    changed: Mapping[str, Activity],
    fixed: Mapping[str, int],
    model: FixModel = MODEL,
) -> list[Hotspot]:
    """Files that changed in the window, scored, the likeliest to be fixed first.

    A file without code lines (an empty `__init__.py`) holds nothing to fix: no hotspot.
    """
    hotspots = [
        _hotspot(item, changed[item.file.path], fixed.get(item.file.path, 0), model)
        for item in files
        if item.file.path in changed and item.metrics.code_lines > 0
    ]
    hotspots.sort(key=lambda s: (-s.score, -s.weighted_changes, s.path))
    return hotspots


def _hotspot(item: FileHealth, seen: Activity, fixes: int, model: FixModel) -> Hotspot:
    code_lines = item.metrics.code_lines
    return Hotspot(
        path=item.file.path,
        role=item.file.role,
        score=model.score(code_lines, seen.changes, fixes),
        changes=seen.changes,
        weighted_changes=seen.weighted,
        authors=len(seen.authors),
        health=item.health,
        code_lines=code_lines,
        prior_fixes=fixes,
    )
