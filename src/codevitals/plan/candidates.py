"""Candidate items before ranking, and how candidates for one target become one item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from codevitals.model.plan import Action, Effort, Kind, Place, PlanItem, Reason, Target

KIND_ORDER = (Kind.UPGRADE, Kind.SECURITY, Kind.REFACTOR, Kind.KNOWLEDGE)
"""Between items of equal benefit and effort: safety first."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reason-bearing suggestion about one target, from one source of signals."""

    target: Target
    kind: Kind
    action: Action
    reasons: tuple[Reason, ...]
    effort: Effort
    kinds: tuple[Kind, ...] = ()
    """Every kind merged into it, strongest first; empty for a single one."""
    place: Place = Place.PRODUCTION

    @property
    def all_kinds(self) -> tuple[Kind, ...]:
        """Its kinds, strongest first."""
        return self.kinds or (self.kind,)

    @property
    def points(self) -> float:
        """Risk points of its reasons."""
        return sum(reason.points for reason in self.reasons)


def merge(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per target, holding every reason; the strongest names the action."""
    by_target: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_target.setdefault(candidate.target.key, []).append(candidate)
    return [_merged(group) for group in by_target.values()]


def _merged(group: Sequence[Candidate]) -> Candidate:
    if len(group) == 1:
        return group[0]
    ordered = sorted(group, key=lambda c: (-c.points, KIND_ORDER.index(c.kind)))
    strongest = ordered[0]
    unique = dict.fromkeys(r for c in ordered for r in c.reasons)
    reasons = tuple(sorted(unique, key=lambda r: -r.points))  # context (0 points) last
    kinds = tuple(dict.fromkeys(k for c in ordered for k in c.all_kinds))
    effort = max((c.effort for c in group), key=lambda e: e.order)
    # What ships in any of its candidates ships: the item belongs with the production ones.
    shipped = any(c.place is Place.PRODUCTION for c in group)
    place = Place.PRODUCTION if shipped else Place.DEVELOPMENT
    return Candidate(
        strongest.target, strongest.kind, strongest.action, reasons, effort, kinds, place
    )


def sort_key(candidate: Candidate) -> tuple[float, int, int, str]:
    """Most points first; then the smaller effort, safety first, and the target's name."""
    return (
        -round(candidate.points, 9),  # equal sums in any order of addition rank alike
        candidate.effort.order,
        KIND_ORDER.index(candidate.kind),
        candidate.target.label,
    )


def item(rank: int, candidate: Candidate, days: float) -> PlanItem:
    """The ranked item a candidate becomes."""
    return PlanItem(
        rank=rank,
        kind=candidate.kind,
        action=candidate.action,
        target=candidate.target,
        reasons=candidate.reasons,
        effort=candidate.effort,
        days=days,
        kinds=candidate.all_kinds,
        place=candidate.place,
    )
