"""Everything the history analyses can be told, with their defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from codevitals.history.bots import Bots
from codevitals.history.coupling import CouplingOptions
from codevitals.history.fixmodel import MODEL
from codevitals.history.since import Since, parse

DEFAULT_SINCE = "12m"
"""Hotspots and coupling look at the last year: recent enough to be today's work."""
DEFAULT_INACTIVE_AFTER = "12m"
"""A developer is gone after a year without commits (Avelino et al. 2019)."""
DEFAULT_HALF_LIFE_DAYS = 180.0
"""A change half a year old counts half as much as one made today."""
DEFAULT_FUNCTION_FILES = 10


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """How history is mined and analysed."""

    since: Since = field(default_factory=lambda: parse(DEFAULT_SINCE))
    """Start of the window for hotspots and coupling (knowledge always uses all history)."""
    inactive_after: Since = field(default_factory=lambda: parse(DEFAULT_INACTIVE_AFTER))
    first_parent: bool = False
    """Follow the first-parent line (merges count as changes) instead of non-merge commits."""
    bots: Bots = field(default_factory=Bots)
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    function_files: int = DEFAULT_FUNCTION_FILES
    """How many of the top production hotspots get their functions ranked."""
    coupling: CouplingOptions = field(default_factory=CouplingOptions)
    now: float | None = None
    """The moment to measure from; None for the time of the analysis."""

    def describe(self) -> dict[str, object]:
        """The options as reported with the results."""
        coupling = self.coupling
        return {
            "since": self.since.text,
            "inactive-after": self.inactive_after.text,
            "merges": "first-parent" if self.first_parent else "excluded",
            "bots": list(self.bots.patterns),
            "half-life-days": self.half_life_days,
            "hotspot-model": MODEL.describe(),
            "min-revs": coupling.min_revisions,
            "min-shared-revs": coupling.min_shared,
            "min-coupling": coupling.min_degree,
            "max-changeset-size": coupling.max_changeset,
            "coupling-window-seconds": coupling.group_seconds,
        }
