"""What the plan weighs, and how much each effort class costs: defaults and overrides.

Refactoring and knowledge items earn points from the hotspot risk they remove (100 points is
the whole repository's). Vulnerabilities, security findings and stale dependencies have no
place in that risk, so they get fixed points on the same scale: a critical vulnerability
(40 points) outranks any hotspot holding less than 40 % of the repository's risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from codevitals.errors import ConfigError
from codevitals.model.plan import Effort

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "hotspot": 1.0,
    "vulnerability-critical": 40.0,
    "vulnerability-high": 25.0,
    "vulnerability-medium": 12.0,
    "vulnerability-low": 5.0,
    "vulnerability-unrated": 12.0,
    "further-vulnerability": 0.25,
    "secret": 30.0,
    "finding-critical": 5.0,
    "finding-major": 1.0,
    "finding-minor": 0.0,
    "further-finding": 0.25,
    "libyear": 1.0,
    "libyear-cap": 10.0,
    "yanked": 10.0,
    "unmaintained": 1.0,
    "development-only": 0.25,
    "departed": 0.3,
    "island": 0.15,
}
"""Points per signal; see docs/plan.md for what each one scales."""
DEFAULT_DAYS: Mapping[Effort, float] = {Effort.SMALL: 0.5, Effort.MEDIUM: 2.0, Effort.LARGE: 5.0}
"""Days of work each effort class stands for, to fit a plan to a budget."""
DEFAULT_ITEMS = 10


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """How the plan is ranked and cut."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    days: Mapping[Effort, float] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    budget: float | None = None
    """Days available; None: no limit."""
    items: int = DEFAULT_ITEMS
    """The most items listed."""

    @classmethod
    def build(
        cls,
        weights: Mapping[str, float] | None = None,
        days: Mapping[str, float] | None = None,
        budget: float | None = None,
        items: int = DEFAULT_ITEMS,
    ) -> PlanOptions:
        """Merge overrides into the defaults; unknown names raise ConfigError."""
        chosen = dict(DEFAULT_WEIGHTS)
        chosen.update(_known(weights or {}, DEFAULT_WEIGHTS, "plan weight"))
        effort = dict(DEFAULT_DAYS)
        names = {e.value: e for e in Effort}
        effort.update({names[k]: v for k, v in _known(days or {}, names, "effort class").items()})
        return cls(chosen, effort, budget, items)

    def weight(self, signal: str) -> float:
        """The points (or share) a signal is given."""
        return self.weights[signal]

    def describe(self) -> dict[str, object]:
        """The options as reported with the plan."""
        return {
            "weights": dict(self.weights),
            "effort-days": {effort.value: days for effort, days in self.days.items()},
            "budget-days": self.budget,
            "items": self.items,
        }


def _known(values: Mapping[str, float], known: Mapping[str, object], what: str) -> dict[str, float]:
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown {what} {unknown[0]!r} (known: {', '.join(sorted(known))})")
    if any(value < 0 for value in values.values()):
        raise ConfigError(f"a {what} cannot be negative")
    return {name: float(value) for name, value in values.items()}
