"""Each production file's share of the repository's hotspot risk, in points (100 = all of it).

With history the risk of a file is its hotspot score, P(fix) from code lines, changes and
prior fixes (`docs/history.md`): the ranking `codevitals validate` tests against the
repository's own bug fixes. That is measured; health is not part of it (the backtest found it
adds no prediction), so no part of the risk is credited to health debt. Without history (a
plain folder, `--no-history`) change is unknown, and the risk of a file is its health debt ×
size alone: a judgement, not a measured risk.

Health counts as risk only where the repository's own backtest (`codevitals validate`, its
ablation) showed it adding held-out AUC with an interval above zero (`plan.evidence`): each
file's risk is then weighted by the odds of a fix its debt brings in the validated model, and
the part of it due to debt is what refactoring removes (`debt_share`). Without such evidence
health explains what to fix, not where the risk is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from codevitals.model import FileHealth, Role, ScanResult
from codevitals.model.history import Hotspot
from codevitals.model.plan import HealthEvidence

MAX_HEALTH = 10.0
HOTSPOTS = "hotspots"
DEBT_AND_SIZE = "debt-and-size"
MEASURED = "measured"
"""Health counts as risk: this repository's backtest showed it predicting fixes."""
NOT_SHOWN = "not-shown"
"""The backtest ran and health added no prediction it could tell from chance."""
NOT_VALIDATED = "not-validated"
"""No backtest on record: health is not counted as risk."""
JUDGEMENT = "judgement"
"""No history: the risk is health debt × size, a judgement rather than a measurement."""


@dataclass(frozen=True, slots=True)
class Risk:
    """Hotspot scores of production files, and what they add up to."""

    scores: Mapping[str, float]
    basis: str
    """`hotspots`, or `debt-and-size` without history."""
    hotspots: Mapping[str, Hotspot]
    """The hotspot of each file, with its changes and functions; empty without history."""
    health: str = JUDGEMENT
    """Whether health is part of the risk: `measured`, `not-shown`, `not-validated`, or
    `judgement` without history."""
    evidence: HealthEvidence | None = None
    """What the repository's backtest found health to add (None: no backtest on record)."""

    @property
    def total(self) -> float:
        """The repository's risk: 100 points."""
        return sum(self.scores.values())

    def points(self, path: str, share: float = 1.0) -> float:
        """Points for `share` of a file's risk."""
        total = self.total
        return 100 * share * self.scores.get(path, 0.0) / total if total else 0.0

    def debt_share(self, health: float) -> float:
        """The part of a file's risk its debt brings, when health is measured risk (else 0)."""
        if self.health != MEASURED or self.evidence is None:
            return 0.0
        return 1.0 - 1.0 / _odds(self.evidence, health)

    def ranked(self) -> list[str]:
        """Files with risk, the riskiest first."""
        chosen = [path for path, score in self.scores.items() if score > 0]
        return sorted(chosen, key=lambda path: (-self.scores[path], path))


def risk(result: ScanResult, evidence: HealthEvidence | None = None) -> Risk:
    """The risk of every production file of a scan, with health where evidence supports it."""
    if result.history is None:
        production = (f for f in result.files if f.file.role is Role.PRODUCTION)
        scores = {f.file.path: _debt_and_size(f) for f in production}
        return Risk(scores, DEBT_AND_SIZE, {})
    spots = {h.path: h for h in result.history.hotspots if h.role is Role.PRODUCTION}
    scores = {path: spot.score for path, spot in spots.items()}
    if evidence is None or not evidence.predicts:
        shown = NOT_VALIDATED if evidence is None else NOT_SHOWN
        return Risk(scores, HOTSPOTS, spots, shown, evidence)
    health = {f.file.path: f.health for f in result.files}
    weighted = {p: s * _odds(evidence, health.get(p, MAX_HEALTH)) for p, s in scores.items()}
    return Risk(weighted, HOTSPOTS, spots, MEASURED, evidence)


def _odds(evidence: HealthEvidence, health: float) -> float:
    """How many times likelier a fix is for this debt, by the validated model's coefficient.

    For the small probabilities of a fix in most files, the odds ratio is close to the ratio
    of probabilities, so the risk is weighted by it.
    """
    return math.exp(evidence.log_odds * max(MAX_HEALTH - health, 0.0))


def _debt_and_size(item: FileHealth) -> float:
    return max(MAX_HEALTH - item.health, 0.0) * item.metrics.code_lines
