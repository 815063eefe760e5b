"""JSON for a fleet run, described by `schemas/fleet.schema.json`.

Top-level keys one per line, one line per list element: each repository is one line,
however large, so the document diffs and greps well from one run to the next.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import SCHEMA_VERSION
from codevitals.model.fleet import (
    Entry,
    Failure,
    FleetTotals,
    Knowledge,
    Organisation,
    OrganisationHotspot,
    Pin,
    RepositoryHotspot,
    RepositoryResult,
    SharedPin,
    TruckRisk,
)
from codevitals.report.json.deps import totals as dependency_totals
from codevitals.report.json.lines import notices, write_lines
from codevitals.report.json.scan import health_totals


class FleetJsonReporter:
    """Writes the organisation's view as one JSON document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: Organisation, out: TextIO) -> None:
        """Write the document."""
        write_lines(document(result), out, nested=frozenset({"totals"}))


def document(result: Organisation) -> dict[str, Any]:
    """The whole document as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "codevitals", "version": result.tool_version},
        "fleet": result.name,
        "as_of": result.as_of,
        "settings": result.settings,
        "totals": _totals(result.totals),
        "repositories": [_entry(entry) for entry in result.entries],
        "by_risk": list(result.by_risk),
        "hotspots": [_org_hotspot(item) for item in result.hotspots],
        "vulnerable": [_shared(item) for item in result.vulnerable],
        "outdated": [_shared(item) for item in result.outdated],
        "truck_risks": [_truck(item) for item in result.truck_risks],
    }


def _totals(item: FleetTotals) -> dict[str, Any]:
    return {
        "repositories": item.repositories,
        "scanned": item.scanned,
        "resumed": item.resumed,
        "failed": item.failed,
        "partial": item.partial,
        "production": health_totals(item.production),
        "tests": health_totals(item.tests),
        "dependencies": dependency_totals(item.dependencies),
        "vulnerable_versions": item.vulnerable_pins,
        "outdated_versions": item.outdated_pins,
        "commits": item.commits,
        "authors": item.authors,
    }


def _entry(entry: Entry) -> dict[str, Any]:
    if entry.failure is not None:
        return {"status": entry.status.value, **_failure(entry.failure)}
    assert entry.result is not None  # noqa: S101 - an entry has a result or a failure
    return {"status": entry.status.value, **_result(entry.result)}


def _failure(item: Failure) -> dict[str, Any]:
    return {
        "name": item.name,
        "location": item.location,
        "reason": item.reason,
        "message": item.message,
        "attempts": item.attempts,
    }


def _result(item: RepositoryResult) -> dict[str, Any]:
    deps = item.dependencies
    return {
        "name": item.name,
        "location": item.location,
        "commit": item.commit,
        "as_of": item.as_of,
        "partial": item.partial,
        "production": health_totals(item.production),
        "tests": health_totals(item.tests),
        "hotspot_risk": round(item.hotspot_risk, 2),
        "hotspots": [_hotspot(h) for h in item.hotspots],
        "knowledge": _knowledge(item.knowledge),
        "dependencies": dependency_totals(deps) if deps is not None else None,
        "pins": [_pin(pin) for pin in item.pins],
        "notice_count": item.notice_count,
        "notices": notices(item.notices),
    }


def _hotspot(item: RepositoryHotspot) -> dict[str, Any]:
    return {
        "path": item.path,
        "score": round(item.score, 2),
        "changes": item.changes,
        "authors": item.authors,
        "health": item.health,
        "code_lines": item.code_lines,
    }


def _org_hotspot(item: OrganisationHotspot) -> dict[str, Any]:
    return {"repository": item.repository, **_hotspot(item.hotspot)}


def _knowledge(item: Knowledge | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "commits": item.commits,
        "authors": item.authors,
        "active_authors": item.active_authors,
        "truck_factor": item.truck_factor,
        "truck_authors": list(item.truck_authors),
        "files": item.files,
        "shallow": item.shallow,
    }


def _pin(item: Pin) -> dict[str, Any]:
    head = {"name": item.name, "ecosystem": item.ecosystem, "version": item.version}
    return {**head, "path": item.path, **_advice(item)}


def _shared(item: SharedPin) -> dict[str, Any]:
    head = {"name": item.name, "ecosystem": item.ecosystem, "version": item.version,
            "repositories": list(item.repositories)}  # fmt: skip
    return {**head, **_advice(item)}


def _advice(item: Pin | SharedPin) -> dict[str, Any]:
    """What is known about a package version: advisories, the fix, how far behind it is."""
    return {
        "vulnerabilities": list(item.vulnerabilities),
        "severity": item.severity,
        "fix": item.fix,
        "latest": item.latest,
        "behind": item.behind,
        "libyear": item.libyear,
    }


def _truck(item: TruckRisk) -> dict[str, Any]:
    return {
        "repository": item.repository,
        "truck_factor": item.truck_factor,
        "authors": list(item.authors),
        "files": item.files,
        "code_lines": item.code_lines,
    }
