"""Everything the backtest can be told, with its defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from codevitals.history import HistoryOptions
from codevitals.history.fixes import FixRules
from codevitals.history.since import Since, parse
from codevitals.model.validate import CODEVITALS
from codevitals.scan import ScanOptions

DEFAULT_ORIGINS = ("1y", "2y", "3y")
"""Three origins a year apart: the last three complete years of fixes, one window each."""
DEFAULT_WINDOW = "1y"
"""Fixes in the year after an origin: long enough to gather fixes, short enough to be about
the code as it was."""
DEFAULT_BOOTSTRAP = 1000
"""Replicas behind each 95 % interval (percentile bootstrap)."""


def _origins() -> tuple[Since, ...]:
    return tuple(parse(text) for text in DEFAULT_ORIGINS)


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    """How the backtest replays history and measures rankings."""

    origins: tuple[Since, ...] = field(default_factory=_origins)
    """Moments to rank files at: spans back from the tip's commit date, or dates."""
    window: Since = field(default_factory=lambda: parse(DEFAULT_WINDOW))
    """How long after each origin fixes are counted (a span)."""
    headline: str = CODEVITALS
    """The ranking the verdict is about: `codevitals`, or `effort`."""
    bootstrap: int = DEFAULT_BOOTSTRAP
    seed: int = 0
    fixes: FixRules = field(default_factory=FixRules)
    labels: Path | None = None
    """A file of fixing commit ids (`validate.fixsource`); None: the classifier's `fixes`."""
    scan: ScanOptions = field(
        default_factory=lambda: ScanOptions(findings=None, dependencies=None, history=None)
    )
    """How files are found and scored at each origin (no findings, audit or history)."""
    history: HistoryOptions = field(default_factory=HistoryOptions)
    """How history is mined and turned into the hotspot score (its `now` is the origin)."""

    def describe(self) -> dict[str, object]:
        """The options as reported with the results."""
        history = self.history.describe()
        return {
            "origins": [origin.text for origin in self.origins],
            "window": self.window.text,
            "rank": self.headline,
            "bootstrap": self.bootstrap,
            "seed": self.seed,
            "labels": "messages" if self.labels is None else f"file {self.labels}",
            **self.fixes.describe(),
            **{key: history[key] for key in _HISTORY_KEYS},
        }


_HISTORY_KEYS = ("since", "merges", "bots", "half-life-days", "hotspot-model")
"""The history options that change a ranking (coupling and knowledge options do not)."""
