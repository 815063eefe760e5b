"""The gate's result as one JSON document, described by `schemas/gate.schema.json`."""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import SCHEMA_VERSION
from codevitals.model.gate import GateResult, HealthChange, Problem
from codevitals.report.json.lines import notices, write_lines


class GateJsonReporter:
    """Writes the gate's result as one JSON document (`schemas/gate.schema.json`)."""

    format_name: ClassVar[str] = "json"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Write the document with one line per problem and change."""
        write_lines(gate_document(result), out)


def gate_document(result: GateResult) -> dict[str, Any]:
    """The JSON document of a gate result."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "codevitals", "version": result.tool_version},
        "passed": result.passed,
        "base": {"ref": result.base_ref, "commit": result.base_commit},
        "head": {"ref": result.head_ref, "commit": result.head_commit},
        "checks": list(result.checks),
        "tolerance": result.tolerance,
        "suppressed": result.suppressed,
        "partial": result.partial,
        "strict": result.strict,
        "changed_files": result.changed_files,
        "problems": [_problem(p) for p in result.problems],
        "unchecked": [_problem(p) for p in result.unchecked],
        "resolved": [_problem(p) for p in result.resolved],
        "changes": [_change(c) for c in result.changes],
        "notices": notices(result.notices),
    }


def _change(item: HealthChange) -> dict[str, Any]:
    return {
        "path": item.path,
        "before": item.before,
        "after": item.after,
        "reasons": list(item.reasons),
        "moved": list(item.moved),
        "moved_only": item.moved_only,
    }


def _problem(item: Problem) -> dict[str, Any]:
    return {
        "check": item.check,
        "path": item.path,
        "line": item.line,
        "function": item.function,
        "code": item.code,
        "name": item.name,
        "severity": item.severity.value,
        "before": item.before,
        "after": item.after,
        "message": item.message,
        "fingerprint": item.fingerprint,
    }
