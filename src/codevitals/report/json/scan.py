"""JSON: the whole result, versioned (`schema_version`), described by `schemas/scan.schema.json`.

Top-level keys are indented and each element of a top-level list (a file, a clone, a notice)
is written compactly on a line of its own: diffs and `grep` stay readable, and Python's C
encoder does the work (an indented dump falls back to the pure-Python encoder, 10× slower).
The `history` and `trend` objects are laid out the same way one level down.

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order, rounding or derivation differs from the fields', and the
sections another document defines come with that document's shapes.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import (
    Biomarker,
    ClassMetrics,
    FileHealth,
    FileMetrics,
    FunctionHealth,
    FunctionMetrics,
    HealthTotals,
    Notice,
    ScanResult,
    Suppression,
)
from codevitals.model.findings import Conformance, FileFindings, Finding, Findings
from codevitals.report.json import deps, history, plan, trend
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.lines import NOTICE, header, write_lines

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
    head = header(result.tool_version, result.root, result.commit)
    return {**head, **encode_object(result, SHAPES)}


def _summary(result: ScanResult) -> dict[str, Any]:
    """The summary, with what it counts over the files and findings of the scan."""
    summary = result.summary
    return encode_object(
        {
            "health": _round(summary.production.health),
            "test_health": _round(summary.tests.health),
            "production": summary.production,
            "tests": summary.tests,
            "duplicated_lines": summary.duplicated_lines,
            "clones": summary.clones,
            "skipped": summary.skipped,
            "suppressed": sum(len(item.suppressed) for item in result.files),
            "findings": result.findings,
            "languages": summary.languages,
            "unanalysed": summary.unanalysed,
        },
        SHAPES,
    )


def _classes(item: FileHealth) -> tuple[ClassMetrics, ...]:
    """A file's classes, written after its functions (its other metrics come before)."""
    return item.metrics.classes


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


_BIOMARKER = ("code", "name", "severity", "line", "function", "value", "threshold", "points",
              "file_points", "message")  # fmt: skip

_SCAN: Shapes = {
    ScanResult: Shape(
        order=("partial", "summary", "plan", "settings", "files", "clones", "notices", "skipped",
               "findings", "dependencies", "history", "trend"),
        derived={"summary": _summary},
        # The findings of each file; the summary gives their totals.
        through={"findings": lambda found: None if found is None else found.files},
        optional=frozenset({"trend"}),
    ),
    HealthTotals: Shape(
        order=("health", "files", "lines", "code_lines", "functions", "biomarkers", "healthy",
               "warning", "alert"),
        digits={"health": 2},
    ),
    Findings: Shape(
        order=("presets", "selected", "ruff_version", "count", "conformance"),
        derived={
            "count": lambda found: len(found.items),
            "conformance": lambda found: found.conformance.percent,
        },
        digits={"conformance": 2},
    ),
    FileFindings: Shape(
        order=("path", "conformance", "findings"),
        inline=frozenset({"conformance"}),
    ),
    Conformance: Shape(
        order=("lines", "flagged_lines", "percent"),
        names={"percent": "conformance"},
        digits={"percent": 2},
    ),
    Finding: Shape(
        order=("code", "name", "severity", "line", "column", "end_line", "end_column", "message",
               "fingerprint"),
    ),
    # A file is its source, its health and, in the same object, its size.
    FileHealth: Shape(
        order=("file", "health", "band", "metrics", "biomarkers", "suppressed",
               "unused_suppressions", "functions", "classes"),
        inline=frozenset({"file", "metrics"}),
        derived={"classes": _classes},
    ),
    FileMetrics: Shape(order=("lines", "code_lines", "syntax_error_line")),
    FunctionHealth: Shape(order=("metrics", "health", "biomarkers"), inline=frozenset({"metrics"})),
    FunctionMetrics: Shape(
        order=("name", "qualified_name", "line", "end_line", "lines", "code_lines", "cyclomatic",
               "cognitive", "nesting", "arguments", "nested", "bumps", "conditions"),
    ),
    Biomarker: Shape(order=_BIOMARKER),
    Suppression: Shape(
        order=("line", "scope", "rules"),
        derived={"scope": lambda item: "line" if item.target is not None else "file"},
    ),
    Notice: NOTICE,
}  # fmt: skip

SHAPES: Shapes = {**deps.SHAPES, **history.SHAPES, **plan.SHAPES, **trend.SHAPES, **_SCAN}
"""The scan document's own shapes, and those of the sections other documents define."""
