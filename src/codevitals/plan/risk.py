"""Each production file's share of the repository's hotspot risk, in points (100 = all of it).

With history the risk of a file is its hotspot score, P(fix) from code lines, changes and
prior fixes (`docs/history.md`): the ranking `codevitals validate` tests against the
repository's own bug fixes. That is measured; health is not part of it (the backtest found it
adds no prediction), so no part of the risk is credited to health debt. Without history (a
plain folder, `--no-history`) change is unknown, and the risk of a file is its health debt ×
size alone: a judgement, not a measured risk.
"""

from __future__ import annotations

from collections.abc import Mapping
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

    @property
    def total(self) -> float:
        """The repository's risk: 100 points."""
        return sum(self.scores.values())

    def points(self, path: str, share: float = 1.0) -> float:
        """Points for `share` of a file's risk."""
        total = self.total
        return 100 * share * self.scores.get(path, 0.0) / total if total else 0.0

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
    return Risk(scores, HOTSPOTS, spots)


def _production(files: tuple[FileHealth, ...]) -> list[FileHealth]:
    return [item for item in files if item.file.role is Role.PRODUCTION]


def _debt_and_size(item: FileHealth) -> float:
    return max(MAX_HEALTH - item.health, 0.0) * item.metrics.code_lines
