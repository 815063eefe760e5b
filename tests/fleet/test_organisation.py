"""The organisation's view: rankings, shared package versions, truck-factor risks, totals."""

from __future__ import annotations

from codevitals.fleet.organisation import assemble
from codevitals.model import HealthTotals
from codevitals.model.deps import DependencyTotals
from codevitals.model.fleet import (
    Entry,
    HistoryBrief,
    Pin,
    RepositoryFailure,
    RepositoryHotspot,
    RepositoryResult,
    Status,
)

OLD_DJANGO = Pin("django", "3.2.1", "requirements.txt", ("GHSA-1",), "high", "3.2.20", "5.1", 30)
OLD_CLICK = Pin("click", "7.0", "requirements.txt", latest="8.1.7", behind=9, libyear=4.0)
OLD_YAML = Pin("pyyaml", "5.1", "requirements.txt", ("PYSEC-9",), "critical", "5.4")


def result(name: str, health: float, *, risk: float = 0.0, truck: int = 3,
           pins: tuple[Pin, ...] = (), lines: int = 100) -> RepositoryResult:  # fmt: skip
    spots = (RepositoryHotspot(f"{name}/core.py", risk, 5, 2, health, lines),) if risk else ()
    return RepositoryResult(
        name=name,
        location=f"/srv/{name}",
        commit="c" * 40,
        as_of=0,
        production=HealthTotals(files=1, code_lines=lines, weighted_health=health * lines),
        tests=HealthTotals(),
        hotspots=spots,
        hotspot_risk=risk,
        knowledge=HistoryBrief(10, truck, truck, truck, tuple(f"dev{i}" for i in range(truck)), 4),
        dependencies=DependencyTotals(dependencies=len(pins)),
        pins=pins,
    )


ENTRIES = [
    Entry(Status.SCANNED, result("api", 6.0, risk=50.0, truck=1, pins=(OLD_DJANGO, OLD_CLICK))),
    Entry(Status.RESUMED, result("web", 8.0, risk=900.0, truck=2, pins=(OLD_DJANGO, OLD_CLICK))),
    Entry(Status.SCANNED, result("jobs", 4.0, truck=5, pins=(OLD_YAML,), lines=300)),
    Entry(Status.FAILED, failure=RepositoryFailure("lost", "/srv/lost", "missing", "gone", 2)),
]


def test_repositories_rank_by_health_then_failures_and_by_hotspot_risk() -> None:
    org = assemble("org", ENTRIES, 0, {})
    assert [e.name for e in org.entries] == ["jobs", "api", "web", "lost"]
    assert org.by_risk == ("web", "api", "jobs")
    assert [h.repository for h in org.hotspots] == ["web", "api"]


def test_vulnerable_versions_group_by_package_and_version_most_used_first() -> None:
    org = assemble("org", ENTRIES, 0, {})
    assert [(s.name, s.repositories) for s in org.vulnerable] == [
        ("django", ("api", "web")),
        ("pyyaml", ("jobs",)),  # listed though only one repository uses it
    ]
    assert org.vulnerable[0].fix == "3.2.20"
    assert org.vulnerable[0].severity == "high"


def test_outdated_versions_are_listed_when_shared() -> None:
    org = assemble("org", ENTRIES, 0, {})
    assert [(s.name, s.version, s.repositories) for s in org.outdated] == [
        ("click", "7.0", ("api", "web")),  # the same count: the larger libyear first
        ("django", "3.2.1", ("api", "web")),
    ]
    alone = assemble("org", ENTRIES[2:], 0, {})
    assert alone.outdated == ()


def test_truck_factor_risks_are_the_repositories_resting_on_two_people_or_fewer() -> None:
    org = assemble("org", ENTRIES, 0, {})
    assert [(t.repository, t.truck_factor) for t in org.truck_risks] == [("api", 1), ("web", 2)]


def test_totals_add_up_over_repositories() -> None:
    totals = assemble("org", ENTRIES, 0, {}).totals
    assert (totals.repositories, totals.scanned, totals.resumed, totals.failed) == (4, 2, 1, 1)
    assert totals.production.code_lines == 500
    assert totals.production.health == (6.0 * 100 + 8.0 * 100 + 4.0 * 300) / 500
    assert (totals.vulnerable_pins, totals.outdated_pins) == (2, 2)
    assert totals.dependencies.dependencies == 5
