"""Each production file's share of the repository's hotspot risk, in points (100 = all of it).

With history the risk of a file is its hotspot score (`(changes + offset)^change ×
(debt + offset)^debt × size`, `docs/history.md`): the ranking `codevitals validate` tests
against the repository's own bug fixes. Part of that score is due to the file's health debt:
what would go if the debt went (`debt_share`); refactoring can remove only that part. Without
history (a plain folder, `--no-history`) change is unknown, and the risk of a file is its health
debt × size alone, all of it due to debt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from codevitals.model import FileHealth, Role, ScanResult
from codevitals.model.history import Hotspot

MAX_HEALTH = 10.0
HOTSPOTS = "hotspots"
DEBT_AND_SIZE = "debt-and-size"


@dataclass(frozen=True, slots=True)
class Risk:
    """Hotspot scores of production files, and what they add up to."""

    scores: Mapping[str, float]
    basis: str
    """`hotspots`, or `debt-and-size` without history."""
    hotspots: Mapping[str, Hotspot]
    """The hotspot of each file, with its changes and functions; empty without history."""
    debt_factor: Callable[[float], float] = lambda health: MAX_HEALTH - health
    """The hotspot score's factor for a health (`(10 − health + offset)^debt`)."""

    @property
    def total(self) -> float:
        """The repository's risk: 100 points."""
        return sum(self.scores.values())

    def points(self, path: str, share: float = 1.0) -> float:
        """Points for removing `share` of a file's risk."""
        total = self.total
        return 100 * share * self.scores.get(path, 0.0) / total if total else 0.0

    def debt_share(self, health: float) -> float:
        """The part of a file's risk its health debt causes: what refactoring all of it removes."""
        with_debt = self.debt_factor(health)
        return 1.0 - self.debt_factor(MAX_HEALTH) / with_debt if with_debt > 0 else 0.0

    def ranked(self) -> list[str]:
        """Files with risk, the riskiest first."""
        chosen = [path for path, score in self.scores.items() if score > 0]
        return sorted(chosen, key=lambda path: (-self.scores[path], path))


def risk(result: ScanResult) -> Risk:
    """The risk of every production file of a scan."""
    if result.history is None:
        scores = {f.file.path: _debt_and_size(f) for f in _production(result.files)}
        return Risk(scores, DEBT_AND_SIZE, {})
    spots = {h.path: h for h in result.history.hotspots if h.role is Role.PRODUCTION}
    scores = {path: spot.score for path, spot in spots.items()}
    return Risk(scores, HOTSPOTS, spots, _debt_factor(result.history.settings))


def _debt_factor(settings: Mapping[str, object]) -> Callable[[float], float]:
    """The score's debt factor, from the factors the history analysis reports it used."""
    factors = settings.get("hotspot-factor")
    chosen = factors if isinstance(factors, Mapping) else {}
    exponent, offset = float(chosen.get("debt", 1.0)), float(chosen.get("offset", 0.0))
    return lambda health: math.pow(max(MAX_HEALTH - health, 0.0) + offset, exponent)


def _production(files: tuple[FileHealth, ...]) -> list[FileHealth]:
    return [item for item in files if item.file.role is Role.PRODUCTION]


def _debt_and_size(item: FileHealth) -> float:
    return max(MAX_HEALTH - item.health, 0.0) * item.metrics.code_lines
