"""JSON: the whole result, versioned (`schema_version`), described by `schemas/scan.schema.json`.

Top-level keys are indented and each element of a top-level list (a file, a clone, a notice)
is written compactly on a line of its own: diffs and `grep` stay readable, and Python's C
encoder does the work (an indented dump falls back to the pure-Python encoder, 10× slower).
The `history` and `trend` objects are laid out the same way one level down.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import (
    Biomarker,
    ClassMetrics,
    Clone,
    FileHealth,
    FunctionHealth,
    HealthTotals,
    LanguageTotals,
    Location,
    ScanResult,
    Suppression,
)
from codevitals.model.findings import Finding, Findings
from codevitals.report.json.deps import section
from codevitals.report.json.history import history_document
from codevitals.report.json.lines import header, notices, write_lines
from codevitals.report.json.plan import plan_section
from codevitals.report.json.trend import section as trend_section

_NONE: list[Any] = []
_NESTED = frozenset({"history", "plan", "trend"})
"""Objects large enough to be laid out key by key, like the document itself."""


class JsonReporter:
    """Writes the scan result as one JSON document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the document with one line per top-level list element."""
        write_lines(document(result), out, nested=_NESTED)


def document(result: ScanResult) -> dict[str, Any]:
    """The JSON document of a scan result; `trend` only when the scan has one."""
    found = _document(result)
    if result.trend is not None:
        found["trend"] = trend_section(result.trend)
    return found


def _document(result: ScanResult) -> dict[str, Any]:
    summary = result.summary
    return {
        **header(result.tool_version, result.root, result.commit),
        "partial": result.partial,
        "summary": {
            "health": _round(summary.production.health),
            "test_health": _round(summary.tests.health),
            "production": health_totals(summary.production),
            "tests": health_totals(summary.tests),
            "duplicated_lines": summary.duplicated_lines,
            "clones": summary.clones,
            "skipped": summary.skipped,
            "suppressed": sum(len(item.suppressed) for item in result.files),
            "findings": _findings_summary(result.findings),
            "languages": [_language(totals) for totals in summary.languages],
            "unanalysed": [
                {"language": item.language, "files": item.files} for item in summary.unanalysed
            ],
        },
        "plan": plan_section(result.plan),
        "settings": result.settings,
        "files": [_file(item) for item in result.files],
        "clones": [_clone(clone) for clone in result.clones],
        "notices": notices(result.notices),
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "findings": None if result.findings is None else _findings(result.findings),
        "dependencies": section(result.dependencies) if result.dependencies else None,
        "history": history_document(result.history),
    }


def _language(totals: LanguageTotals) -> dict[str, Any]:
    return {
        "language": totals.language,
        "files": totals.files,
        "lines": totals.lines,
        "code_lines": totals.code_lines,
    }


def _findings_summary(found: Findings | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "presets": list(found.presets),
        "selected": list(found.selected),
        "ruff_version": found.ruff_version,
        "count": len(found.items),
        "conformance": _round(found.conformance.percent),
    }


def _findings(found: Findings) -> list[dict[str, Any]]:
    return [
        {
            "path": item.path,
            "lines": item.conformance.lines,
            "flagged_lines": item.conformance.flagged_lines,
            "conformance": _round(item.conformance.percent),
            "findings": [_finding(f) for f in item.findings] if item.findings else _NONE,
        }
        for item in found.files
    ]


def _finding(item: Finding) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "severity": item.severity.value,
        "line": item.line,
        "column": item.column,
        "end_line": item.end_line,
        "end_column": item.end_column,
        "message": item.message,
        "fingerprint": item.fingerprint,
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def health_totals(totals: HealthTotals) -> dict[str, Any]:
    """Health totals with the lines-weighted health, rounded to hundredths."""
    return {
        "health": _round(totals.health),
        "files": totals.files,
        "lines": totals.lines,
        "code_lines": totals.code_lines,
        "functions": totals.functions,
        "biomarkers": totals.biomarkers,
        "healthy": totals.healthy,
        "warning": totals.warning,
        "alert": totals.alert,
    }


def _file(item: FileHealth) -> dict[str, Any]:
    metrics = item.metrics
    return {
        "path": item.file.path,
        "blob_id": item.file.blob_id,
        "language": item.file.language,
        "role": item.file.role.value,
        "health": item.health,
        "band": item.band.value,
        "lines": metrics.lines,
        "code_lines": metrics.code_lines,
        "syntax_error_line": metrics.syntax_error_line,
        "biomarkers": [_biomarker(b) for b in item.biomarkers],
        "suppressed": [_biomarker(b) for b in item.suppressed] if item.suppressed else _NONE,
        "unused_suppressions": [_suppression(s) for s in item.unused_suppressions]
        if item.unused_suppressions
        else _NONE,
        "functions": [_function(f) for f in item.functions],
        "classes": [_class(c) for c in metrics.classes],
    }


def _function(item: FunctionHealth) -> dict[str, Any]:
    m = item.metrics
    return {
        "name": m.name,
        "qualified_name": m.qualified_name,
        "line": m.line,
        "end_line": m.end_line,
        "lines": m.lines,
        "code_lines": m.code_lines,
        "cyclomatic": m.cyclomatic,
        "cognitive": m.cognitive,
        "nesting": m.nesting,
        "arguments": m.arguments,
        "nested": m.nested,
        # Most functions have none of these; sharing one empty list saves 90k allocations
        # on a large repository (the encoder only reads it).
        "bumps": [{"line": b.line, "depth": b.depth} for b in m.bumps] if m.bumps else _NONE,
        "conditions": [{"line": c.line, "operators": c.operators} for c in m.conditions]
        if m.conditions
        else _NONE,
        "health": item.health,
        "biomarkers": [_biomarker(b) for b in item.biomarkers] if item.biomarkers else _NONE,
    }


def _class(item: ClassMetrics) -> dict[str, Any]:
    return {
        "name": item.name,
        "qualified_name": item.qualified_name,
        "line": item.line,
        "end_line": item.end_line,
        "methods": item.methods,
        "cohesion": [list(group) for group in item.cohesion],
    }


def _suppression(item: Suppression) -> dict[str, Any]:
    return {
        "line": item.line,
        "scope": "line" if item.target is not None else "file",
        "rules": list(item.rules),
    }


def _biomarker(item: Biomarker) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "severity": item.severity.value,
        "line": item.line,
        "function": item.function,
        "value": item.value,
        "threshold": item.threshold,
        "points": item.points,
        "file_points": item.file_points,
        "message": item.message,
    }


def _clone(clone: Clone) -> dict[str, Any]:
    return {
        "lines": clone.lines,
        "tokens": clone.tokens,
        "first": _location(clone.first),
        "second": _location(clone.second),
    }


def _location(location: Location) -> dict[str, Any]:
    return {"path": location.path, "line": location.line, "end_line": location.end_line}
