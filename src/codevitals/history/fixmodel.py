"""The chance that a file receives a bug fix within a year, from its size and change history.

    P(fix) = 1 / (1 + e^−z),   z = b₀ + Σ bᵢ · (log(1 + xᵢ) − meanᵢ) / scaleᵢ

over three signals: the file's code lines, the commits that changed it in the hotspot window
(12 months by default) and the bug-fix commits that changed it in all history before. It is
a logistic model fitted by `benchmarks/calibrate.py` on the backtest of ten public Python
repositories (docs/validation.md), and chosen there by leave-one-repository-out: fitted on
nine, scored on the tenth. Health is not a signal: adding it lowered the held-out AUC, so
health explains *what* to fix in a risky file and why changing it costs, not *where* fixes
land.

The hotspot score is 100 × P(fix), a percentage. The effort-aware ranking divides P(fix) by
the file's code lines (Kamei et al. 2013): the fixes a reader finds per line read. Its P(fix)
comes from a model of its own, `EFFORT`, fitted the same way on changes and prior fixes alone:
size is already its divisor, and a P(fix) that also grows with size pulls large files forward
(held out, it has ranked fewer fixes per line read with one set of labels and more with the
next, within the noise between repositories: docs/validation.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PERCENT = 100.0


@dataclass(frozen=True, slots=True)
class Term:
    """One signal of the model: log(1 + value), standardised, times its weight."""

    name: str
    mean: float
    """Of log(1 + value) over the training files."""
    scale: float
    """The standard deviation of the same."""
    weight: float

    def of(self, value: float) -> float:
        """What the signal adds to the log-odds of a fix."""
        return self.weight * (math.log1p(max(value, 0.0)) - self.mean) / self.scale


@dataclass(frozen=True, slots=True)
class FixModel:
    """A logistic model of P(fix) from code lines, recent changes and prior fixes."""

    intercept: float
    lines: Term
    changes: Term
    fixes: Term

    def probability(self, code_lines: float, changes: float, prior_fixes: float) -> float:
        """P(a bug fix changes the file within a year)."""
        odds = (
            self.intercept
            + self.lines.of(code_lines)
            + self.changes.of(changes)
            + self.fixes.of(prior_fixes)
        )
        return 1.0 / (1.0 + math.exp(-odds))

    def score(self, code_lines: float, changes: float, prior_fixes: float) -> float:
        """The hotspot score: P(fix) as a percentage."""
        return PERCENT * self.probability(code_lines, changes, prior_fixes)

    def per_line(self, code_lines: float, changes: float, prior_fixes: float) -> float:
        """P(fix) per code line (at least 1): the effort-aware key, of the `EFFORT` model."""
        return self.probability(code_lines, changes, prior_fixes) / max(code_lines, 1.0)

    def describe(self) -> dict[str, object]:
        """The model as reported with results."""
        terms = (self.lines, self.changes, self.fixes)
        return {
            "intercept": self.intercept,
            **{t.name: {"mean": t.mean, "scale": t.scale, "weight": t.weight} for t in terms},
        }


# Printed by `python benchmarks/calibrate.py --jobs 2 --print-model` (2026-12-07): fitted on
# the three origins (1y, 2y, 3y) of each of the ten training repositories, every origin weighing
# the same, L2 penalty 1 on the standardised weights (benchmarks/fixmodel_fit.py), with the fix
# labels of the classifier's third round (benchmarks/data/fix-labels.md). Held out (fitted on
# nine, scored on the tenth) its median AUC is 0.828 against 0.822 for code lines and 0.808 for
# changes × lines: short of the target of the best + 0.02. Other signal sets whose median
# passed it were ahead of this one in at most one repository more than behind, and choosing
# the signals by that median, itself held out, did worse (docs/validation.md), so the signals
# stay.
MODEL = FixModel(
    intercept=-2.4681,
    lines=Term("code_lines", 3.8592, 1.5391, 0.7385),
    changes=Term("changes", 0.5830, 0.7907, 0.4791),
    fixes=Term("prior_fixes", 1.1168, 1.1089, 0.3272),
)
# The effort-aware ranking's P(fix), from the same fit without code lines (their weight is 0):
# held out, P(fix) per line of this model has median Popt 0.636, against 0.661 for `MODEL`'s
# and 0.651 without prior fixes; each of those is ahead in 6 repositories and behind in 4, and
# choosing among every ranking tried by the median, held out, gave 0.627. No other
# effort-aware ranking tried (fix density modelled directly, more signals, a floor on the
# divisor) did better by more than the noise between repositories (docs/validation.md).
EFFORT = FixModel(
    intercept=-2.2689,
    lines=Term("code_lines", 0.0000, 1.0000, 0.0000),
    changes=Term("changes", 0.5830, 0.7907, 0.6051),
    fixes=Term("prior_fixes", 1.1168, 1.1089, 0.6157),
)
