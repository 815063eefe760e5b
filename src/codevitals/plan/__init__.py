"""The pay-down plan: what to fix first, and why.

Candidates come from four sources — refactoring targets in hotspots, upgrades of vulnerable
or stale dependencies, security findings, knowledge risks — each carrying its reasons with
the risk points they are worth (`codevitals.model.plan`). Candidates about the same function,
file or package become one item holding every reason. Items are ranked by points, then by
the smaller effort; a budget in days keeps the items that fit, in rank order.

Items about what ships (production code, shipped dependencies) rank first; items about
examples, documentation, tests and development tools follow in a short section of their
own, so that a repository's tutorials never crowd its product out of the plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from codevitals.model import ScanResult
from codevitals.model.plan import HealthEvidence, Place, Plan
from codevitals.plan.candidates import Candidate, item, merge, sort_key
from codevitals.plan.knowledge import knowledge
from codevitals.plan.options import PlanOptions
from codevitals.plan.refactoring import refactoring
from codevitals.plan.risk import risk
from codevitals.plan.security import security
from codevitals.plan.upgrades import upgrades

__all__ = ["PlanOptions", "build"]

DEVELOPMENT_ITEMS = 3
"""The most items listed about examples, documentation, tests and development tools."""


def build(result: ScanResult, options: PlanOptions, health: HealthEvidence | None = None) -> Plan:
    """The plan for a scan's results; `health`: what validate found health to add here."""
    scored = risk(result, health)
    found = [
        *refactoring(result, scored, options),
        *upgrades(result.dependencies, options),
        *security(result, options),
        *knowledge(result, scored, options),
    ]
    ranked = sorted((c for c in merge(found) if c.points > 0), key=sort_key)
    chosen, over_budget = _fit(_production_first(ranked), options)
    settings = {**options.describe(), "basis": scored.basis, "health-risk": scored.health}
    return Plan(
        items=tuple(item(rank, c, options.days[c.effort]) for rank, c in enumerate(chosen, 1)),
        candidates=len(ranked),
        budget_days=options.budget,
        over_budget=over_budget,
        hotspot_risk=scored.total,
        settings=settings,
        unchecked_dependencies=result.dependencies.totals.unchecked if result.dependencies else 0,
    )


def _production_first(ranked: Sequence[Candidate]) -> list[Candidate]:
    """Production candidates in rank order, then the development ones."""
    return sorted(ranked, key=lambda c: c.place is not Place.PRODUCTION)  # a stable sort


def _fit(ranked: Sequence[Candidate], options: PlanOptions) -> tuple[list[Candidate], int]:
    """The first items, in rank order, that fit the budget; and how many did not fit.

    Up to `options.items` production items, then up to `DEVELOPMENT_ITEMS` development ones.
    """
    chosen: list[Candidate] = []
    left, skipped = options.budget, 0
    room = {
        Place.PRODUCTION: options.items,
        Place.DEVELOPMENT: min(options.items, DEVELOPMENT_ITEMS),
    }
    for candidate in ranked:
        if not room[candidate.place]:
            continue
        days = options.days[candidate.effort]
        if left is not None and days > left:
            skipped += 1
            continue
        chosen.append(candidate)
        room[candidate.place] -= 1
        left = None if left is None else left - days
    return chosen, skipped
