"""JSON for the dependency audit, described by `schemas/deps.schema.json`.

`codevitals deps --format json` writes a document whose top-level lists (manifests,
dependencies, notices) have one element per line; `codevitals scan --format json` carries
the same content as its `dependencies` object (see `section`).
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model.deps import (
    Dependency,
    DependencyReport,
    DependencyTotals,
    Freshness,
    Manifest,
    Unknown,
    Vulnerability,
    VulnerabilitySource,
)
from codevitals.report.json.lines import header, notices, write_lines


class DepsJsonReporter:
    """Writes a dependency report as one JSON document."""

    format_name: ClassVar[str] = "json"

    def __init__(self, root: str, tool_version: str, commit: str | None = None) -> None:
        self.root = root
        self.tool_version = tool_version
        self.commit = commit

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the document, one line per list element."""
        head = header(self.tool_version, self.root, self.commit)
        write_lines({**head, **section(result)}, out)


def section(result: DependencyReport) -> dict[str, Any]:
    """The audit as a JSON object: sources, totals, manifests, dependencies, notices."""
    return {
        "partial": result.partial,
        "sources": dict(result.sources),
        "totals": totals(result.totals),
        "manifests": [_manifest(m) for m in result.manifests],
        "dependencies": [_dependency(d) for d in result.dependencies],
        "notices": notices(result.notices),
    }


def totals(item: DependencyTotals) -> dict[str, Any]:
    """The totals, libyear rounded to hundredths."""
    return {
        "dependencies": item.dependencies,
        "direct": item.direct,
        "libyear": round(item.libyear, 2),
        "outdated": item.outdated,
        "vulnerable": item.vulnerable,
        "vulnerabilities": item.vulnerabilities,
        "unknown": item.unknown,
        "yanked": item.yanked,
        "unmaintained": item.unmaintained,
        "unchecked": item.unchecked,
        "libyear_unknown": item.libyear_unknown,
    }


def _manifest(item: Manifest) -> dict[str, Any]:
    return {
        "path": item.path,
        "kind": item.kind,
        "lockfile": item.lockfile,
        "declarations": item.declarations,
    }


def _dependency(item: Dependency) -> dict[str, Any]:
    d = item.declaration
    return {
        "name": d.name,
        "ecosystem": d.ecosystem,
        "path": d.path,
        "line": d.line,
        "requirement": d.requirement,
        "version": d.version,
        "locked_in": d.locked_in,
        "group": d.group,
        "relation": d.relation.value,
        "markers": d.markers,
        "unresolvable": d.unresolvable,
        "freshness": _freshness(item.freshness) if item.freshness else None,
        "vulnerabilities": [_vulnerability(v) for v in item.vulnerabilities],
        "vulnerability_source": _value(item.vulnerability_source),
        "fix": item.fix,
        "unknowns": [_unknown(u) for u in item.unknowns],
    }


def _value(source: VulnerabilitySource | None) -> str | None:
    return source.value if source is not None else None


def _freshness(item: Freshness) -> dict[str, Any]:
    return {
        "latest": item.latest,
        "released": item.released,
        "latest_released": item.latest_released,
        "last_release": item.last_release,
        "libyear": None if item.libyear is None else round(item.libyear, 2),
        "behind": item.behind,
        "majors_behind": item.majors_behind,
        "yanked": item.yanked,
        "yanked_reason": item.yanked_reason,
        "unmaintained": item.unmaintained,
    }


def _vulnerability(item: Vulnerability) -> dict[str, Any]:
    return {
        "id": item.id,
        "aliases": list(item.aliases),
        "summary": item.summary,
        "severity": item.severity,
        "score": item.score,
        "vector": item.vector,
        "fixed": list(item.fixed),
        "url": item.url,
    }


def _unknown(item: Unknown) -> dict[str, Any]:
    return {"aspect": item.aspect.value, "reason": item.reason, "message": item.message}
