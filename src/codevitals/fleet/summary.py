"""From one repository's full scan to the compact result a fleet keeps of it.

A fleet keeps what the organisation's view needs: health totals, the top production
hotspots, the sum of all hotspot scores, the truck factor, dependency totals and the package
versions that are vulnerable or outdated, and the first notices.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from codevitals.fleet.sources import Repository
from codevitals.history import Outcome
from codevitals.model import Role, ScanResult
from codevitals.model.deps import Dependency, DependencyReport
from codevitals.model.fleet import HistoryBrief, Pin, RepositoryHotspot, RepositoryResult
from codevitals.model.history import History

TOP_HOTSPOTS = 10
"""Hotspots kept per repository."""
MAX_NOTICES = 20
"""Notices kept per repository; the count says how many there were."""
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}


def summarise(
    repository: Repository, scanned: ScanResult, outcome: Outcome, as_of: int
) -> RepositoryResult:
    """The compact result of a repository scanned at `scanned.commit`."""
    history = outcome.history
    deps = scanned.dependencies
    notices = [*scanned.notices, *outcome.notices, *(deps.notices if deps else ())]
    hotspots = _hotspots(history)
    return RepositoryResult(
        name=repository.name,
        location=repository.location,
        commit=scanned.commit or "",
        as_of=history.as_of if history is not None else as_of,
        production=scanned.summary.production,
        tests=scanned.summary.tests,
        hotspots=tuple(hotspots[:TOP_HOTSPOTS]),
        hotspot_risk=round(sum(h.score for h in hotspots), 2),
        knowledge=_knowledge(history),
        dependencies=deps.totals if deps is not None else None,
        pins=tuple(_pins(deps)),
        notices=tuple(notices[:MAX_NOTICES]),
        notice_count=len(notices),
        partial=outcome.partial or _partial(scanned, history, deps),
    )


def _hotspots(history: History | None) -> list[RepositoryHotspot]:
    if history is None:
        return []
    return [
        RepositoryHotspot(h.path, h.score, h.changes, h.authors, h.health, h.code_lines)
        for h in history.hotspots
        if h.role is Role.PRODUCTION and h.score > 0
    ]


def _knowledge(history: History | None) -> HistoryBrief | None:
    if history is None:
        return None
    summary, truck = history.summary, history.truck_factor
    return HistoryBrief(
        commits=summary.commits,
        authors=summary.authors,
        active_authors=summary.active_authors,
        truck_factor=truck.value,
        truck_authors=truck.authors,
        files=truck.files,
        shallow=history.shallow,
    )


def _pins(deps: DependencyReport | None) -> Iterator[Pin]:
    """Vulnerable or outdated package versions, each once (the first manifest naming it)."""
    seen: set[tuple[str, str, str]] = set()
    for item in deps.dependencies if deps is not None else ():
        pin = _pin(item)
        if pin is not None and (pin.ecosystem, pin.name, pin.version) not in seen:
            seen.add((pin.ecosystem, pin.name, pin.version))
            yield pin


def _pin(item: Dependency) -> Pin | None:
    declared, fresh = item.declaration, item.freshness
    behind = (fresh.behind or 0) if fresh is not None else 0
    if declared.version is None or not (item.vulnerable or behind):
        return None
    return Pin(
        name=declared.name,
        version=declared.version,
        path=declared.path,
        vulnerabilities=tuple(v.id for v in item.vulnerabilities),
        severity=worst_severity(v.severity for v in item.vulnerabilities),
        fix=item.fix,
        latest=fresh.latest if fresh is not None else None,
        behind=behind,
        libyear=round(fresh.libyear or 0.0, 2) if fresh is not None else 0.0,
        ecosystem=declared.ecosystem,
    )


def worst_severity(ratings: Iterable[str | None]) -> str | None:
    """The most severe of advisory ratings (low < medium < high < critical), if any."""
    known = [r.lower() for r in ratings if r and r.lower() in SEVERITY_RANK]
    return max(known, key=SEVERITY_RANK.__getitem__, default=None)


def _partial(scanned: ScanResult, history: History | None, deps: DependencyReport | None) -> bool:
    shallow = history is not None and history.shallow
    return scanned.partial or shallow or (deps is not None and deps.partial)
