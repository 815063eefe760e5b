"""The organisation's view: every repository's compact result, ranked and added up.

Repositories are ranked by health (lines-weighted production health, worst first) and by
hotspot risk (the sum of their hotspot scores: how much unhealthy code changes how often).
Hotspot scores share one formula and one moment of measurement, so the worst hotspots of
the organisation are the top scores over all repositories. Package versions are grouped by
name and version: a vulnerable one is listed however few repositories use it, an outdated
one when at least `SHARED_AT` repositories do (upgrading it once helps them all).
Repositories whose truck factor is at most `TRUCK_RISK_AT` are knowledge risks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from codevitals import __version__
from codevitals.fleet.summary import SEVERITY_RANK, worst_severity
from codevitals.model import HealthTotals
from codevitals.model.deps import DependencyTotals
from codevitals.model.fleet import (
    Entry,
    FleetTotals,
    Organisation,
    OrganisationHotspot,
    Pin,
    RepositoryResult,
    SharedPin,
    Status,
    TruckRisk,
)

TOP_HOTSPOTS = 25
"""Hotspots kept in the organisation's list."""
SHARED_AT = 2
"""Outdated versions are listed when this many repositories use them."""
TRUCK_RISK_AT = 2
"""Truck factors up to this are listed as risks (1: one person; 2: a pair)."""


def assemble(
    name: str, entries: Sequence[Entry], as_of: int, settings: dict[str, object]
) -> Organisation:
    """The organisation's view of a fleet run's entries."""
    results = [e.result for e in entries if e.result is not None]
    return Organisation(
        name=name,
        tool_version=__version__,
        as_of=as_of,
        entries=tuple(_ranked(entries)),
        by_risk=tuple(r.name for r in sorted(results, key=lambda r: (-r.hotspot_risk, r.name))),
        hotspots=tuple(_hotspots(results)),
        vulnerable=tuple(_shared(results, vulnerable=True)),
        outdated=tuple(_shared(results, vulnerable=False)),
        truck_risks=tuple(_truck_risks(results)),
        totals=_totals(entries, results),
        settings=settings,
    )


def _ranked(entries: Sequence[Entry]) -> list[Entry]:
    """Results by health, worst first (no code to score last), then failures, by name."""

    def order(entry: Entry) -> tuple[int, float, str]:
        if entry.result is None:
            return (2, 0.0, entry.name)
        health = entry.result.health
        return (0, health, entry.name) if health is not None else (1, 0.0, entry.name)

    return sorted(entries, key=order)


def _hotspots(results: Iterable[RepositoryResult]) -> list[OrganisationHotspot]:
    every = [OrganisationHotspot(r.name, h) for r in results for h in r.hotspots]
    every.sort(key=lambda o: (-o.hotspot.score, o.repository, o.hotspot.path))
    return every[:TOP_HOTSPOTS]


def _shared(results: Iterable[RepositoryResult], *, vulnerable: bool) -> list[SharedPin]:
    groups: dict[tuple[str, str, str], list[tuple[str, Pin]]] = defaultdict(list)
    for result in results:
        for pin in result.pins:
            if pin.vulnerable if vulnerable else pin.behind > 0:
                groups[pin.ecosystem, pin.name, pin.version].append((result.name, pin))
    shared = [_group(users) for users in groups.values()]
    if vulnerable:
        shared.sort(key=lambda s: (-len(s.repositories), -_rank(s.severity), s.name, s.version))
        return shared
    shared = [s for s in shared if len(s.repositories) >= SHARED_AT]
    shared.sort(key=lambda s: (-len(s.repositories), -s.libyear, s.name, s.version))
    return shared


def _rank(severity: str | None) -> int:
    return SEVERITY_RANK.get(severity or "", 0)


def _group(users: Sequence[tuple[str, Pin]]) -> SharedPin:
    """One package version and every repository using it (advisories and freshness merged)."""
    pins = [pin for _, pin in users]
    first = pins[0]
    advisories = sorted({advisory for pin in pins for advisory in pin.vulnerabilities})
    return SharedPin(
        name=first.name,
        version=first.version,
        repositories=tuple(sorted({repository for repository, _ in users})),
        vulnerabilities=tuple(advisories),
        severity=worst_severity(pin.severity for pin in pins),
        fix=next((pin.fix for pin in pins if pin.fix), None),
        latest=next((pin.latest for pin in pins if pin.latest), None),
        behind=max(pin.behind for pin in pins),
        libyear=max(pin.libyear for pin in pins),
        ecosystem=first.ecosystem,
    )


def _truck_risks(results: Iterable[RepositoryResult]) -> list[TruckRisk]:
    risks = [
        TruckRisk(r.name, k.truck_factor, k.truck_authors, k.files, r.production.code_lines)
        for r in results
        if (k := r.knowledge) is not None and k.files and k.truck_factor <= TRUCK_RISK_AT
    ]
    risks.sort(key=lambda t: (t.truck_factor, -t.code_lines, t.repository))
    return risks


def _totals(entries: Sequence[Entry], results: Sequence[RepositoryResult]) -> FleetTotals:
    counts = {status: sum(1 for e in entries if e.status is status) for status in Status}
    dependencies = [r.dependencies for r in results if r.dependencies is not None]
    knowledge = [r.knowledge for r in results if r.knowledge is not None]
    pins = {(p.ecosystem, p.name, p.version): p for r in results for p in r.pins}.values()
    return FleetTotals(
        repositories=len(entries),
        scanned=counts[Status.SCANNED],
        resumed=counts[Status.RESUMED],
        failed=counts[Status.FAILED],
        production=sum((r.production for r in results), HealthTotals()),
        tests=sum((r.tests for r in results), HealthTotals()),
        dependencies=sum(dependencies, DependencyTotals()),
        vulnerable_pins=sum(1 for p in pins if p.vulnerable),
        outdated_pins=sum(1 for p in pins if p.behind > 0),
        commits=sum(k.commits for k in knowledge),
        authors=sum(k.authors for k in knowledge),
        partial=sum(1 for r in results if r.partial),
    )
