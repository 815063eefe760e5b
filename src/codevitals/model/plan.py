"""The pay-down plan: what to fix first, each item with its reasons, effort and benefit.

Benefit is measured in *risk points*: one point is 1 % of the repository's hotspot risk (the
sum of every file's hotspot score, the ranking `codevitals validate` tests against the
repository's own bug fixes). Vulnerabilities, security findings and outdated dependencies are
given points on the same scale by configurable weights; `docs/plan.md` explains the formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What an item asks for."""

    REFACTOR = "refactor"
    UPGRADE = "upgrade"
    SECURITY = "security"
    KNOWLEDGE = "knowledge"


class Place(StrEnum):
    """Where an item's target lives: in what ships to users, or in what serves development."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"
    """Examples, documentation, benchmarks, tests and development-only dependencies."""


class Effort(StrEnum):
    """An honest size class for the work an item takes."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @property
    def order(self) -> int:
        """Small first, for sorting."""
        return list(Effort).index(self)


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal that put an item in the plan, and the points it contributed."""

    signal: str
    """A slug: `hotspot`, `biomarker:CV102`, `vulnerability`, `finding:S608`, `outdated`, …"""
    text: str
    """The signal in words, with its figures."""
    points: float
    """Risk points this signal contributes (0 for context that adds no points)."""


@dataclass(frozen=True, slots=True)
class Action:
    """What to do, in a few words, around the name of what to do it to.

    Kept in parts so that reports can mark the name up as code and escape the rest.
    """

    verb: str
    """The words before the name: "split", "upgrade", "have someone learn"."""
    subject: str
    """A function, a path or a package."""
    rest: str = ""
    """The words after it: " 2.10 → 3.1.5", ": its main author has left"."""

    def __str__(self) -> str:
        return f"{self.verb} `{self.subject}`{self.rest}"


@dataclass(frozen=True, slots=True)
class Target:
    """What an item is about: a function, a file or a package."""

    path: str | None = None
    """The file, or the manifest declaring the package."""
    function: str | None = None
    """The qualified name, when the item is about one function."""
    line: int | None = None
    package: str | None = None

    @property
    def key(self) -> str:
        """Identifies the target: one item per key."""
        if self.package is not None:
            return f"package:{self.package}"
        return f"{self.path}:{self.function}" if self.function else f"{self.path}"

    @property
    def label(self) -> str:
        """How reports name the target."""
        if self.package is not None:
            return self.package
        return f"{self.path}:{self.function}" if self.function else f"{self.path}"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One thing to do."""

    rank: int
    kind: Kind
    """The kind of the reason with the most points."""
    action: Action
    target: Target
    reasons: tuple[Reason, ...]
    effort: Effort
    days: float
    """The effort class in days, as configured."""
    kinds: tuple[Kind, ...] = ()
    """Every kind of reason the item gathers, most points first."""
    place: Place = Place.PRODUCTION
    """Production items rank first; development items follow in their own short section."""

    @property
    def benefit(self) -> float:
        """Risk points the item removes: the sum over its reasons."""
        return sum(reason.points for reason in self.reasons)


@dataclass(frozen=True, slots=True)
class Plan:
    """The ranked items, and what the plan left out."""

    items: tuple[PlanItem, ...] = ()
    candidates: int = 0
    """Items considered before the budget and the item limit."""
    budget_days: float | None = None
    over_budget: int = 0
    """Items that did not fit the budget."""
    hotspot_risk: float = 0.0
    """Σ hotspot score of the repository's files: 100 risk points."""
    unchecked_dependencies: int = 0
    """Packages whose vulnerabilities are unknown: upgrades they need cannot be in the plan."""
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def production(self) -> tuple[PlanItem, ...]:
        """The items about what ships to users, in rank order."""
        return tuple(item for item in self.items if item.place is Place.PRODUCTION)

    @property
    def development(self) -> tuple[PlanItem, ...]:
        """The items about examples, docs, tests and development tools, in rank order."""
        return tuple(item for item in self.items if item.place is Place.DEVELOPMENT)

    @property
    def days(self) -> float:
        """The effort of every item listed."""
        return sum(item.days for item in self.items)

    @property
    def benefit(self) -> float:
        """The risk points every item listed removes."""
        return sum(item.benefit for item in self.items)


@dataclass(frozen=True, slots=True)
class HealthEvidence:
    """What the repository's own backtest (`codevitals validate`) found health to add.

    The plan counts health as risk only when the interval of the AUC it adds to a model of
    size and history lies above zero; otherwise health explains what to fix, not where risk is.
    """

    commit: str
    """The tip the backtest ran at."""
    auc: float
    """AUC health added, median over the origins."""
    low: float | None
    high: float | None
    log_odds: float
    """The log-odds of a fix per point of health debt (10 − health), in the model of size,
    history and health fitted on every origin: how much more likely debt makes a fix."""

    @property
    def predicts(self) -> bool:
        """Whether the backtest showed health predicting fixes (an interval above zero)."""
        return self.low is not None and self.low > 0 and self.log_odds > 0
