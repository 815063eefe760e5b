"""HTML: one self-contained page (no network, no CDN) a lead can open from disk and send on.

The page is rendered from the same model as the JSON report, packed compactly (functions
become arrays, biomarkers refer to their rule by code, rule documentation is sent once) and then
gzip-compressed and base64-encoded: sqlalchemy's 633 k lines fit in well under a megabyte. The
browser unpacks it with `DecompressionStream`, without any network.

Every string that comes from the repository (paths, function names, messages) reaches the page
only inside that base64 block, whose alphabet has no markup characters, and the page's script
only ever assigns it with `textContent` — so nothing in a repository can inject markup or
script.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any, ClassVar, TextIO

from codevitals.code.biomarkers import RULES
from codevitals.model import (
    SCHEMA_VERSION,
    Biomarker,
    Clone,
    FileHealth,
    FunctionHealth,
    ScanResult,
)
from codevitals.model.findings import Findings
from codevitals.model.history import FileKnowledge
from codevitals.report.html.sections import (
    dependencies_data,
    file_history,
    history_data,
    plan_data,
    trend_data,
)
from codevitals.report.html.templates import asset, template
from codevitals.report.words import ruff_note

SCRIPTS = ("core.js", "overview.js", "map.js", "tables.js", "plan.js", "history.js", "deps.js",
           "trend.js", "main.js")  # fmt: skip
"""The script's parts; `core.js` unpacks the data, `main.js` draws the page."""
_SCRIPT_NOTE = (
    "codevitals HTML report. Every string from the repository is set with textContent or as "
    "an attribute value, never parsed as HTML."
)

FUNCTION_COLUMNS = (
    "name", "line", "end_line", "health", "cyclomatic", "cognitive", "nesting", "arguments",
    "code_lines", "nested",
)  # fmt: skip
"""Order of the values in each packed function."""
BIOMARKER_COLUMNS = ("code", "line", "value", "threshold", "points", "file_points", "function")
"""Order of the values in each packed biomarker; `function` indexes the file's functions."""


class HtmlReporter:
    """Writes the self-contained HTML report."""

    format_name: ClassVar[str] = "html"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Render the page into `out`."""
        out.write(render(result))


def render(result: ScanResult) -> str:
    """The whole page as one string."""
    return template("report.html.j2").render(
        title=f"codevitals · {result.root}",
        version=result.tool_version,
        css=asset("report.css"),
        script=script(),
        data=embed(pack(result)),
    )


def script() -> str:
    """The page's script: its parts in order, in one function so they share their names."""
    parts = "\n".join(asset(name) for name in SCRIPTS)
    return f'"use strict";\n// {_SCRIPT_NOTE}\n(async function () {{\n{parts}}})();\n'


def embed(data: dict[str, Any]) -> str:
    """The data as base64 of gzipped JSON (`mtime=0`, so equal data gives equal pages)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(gzip.compress(text.encode("utf-8"), mtime=0)).decode("ascii")


def unembed(blob: str) -> dict[str, Any]:
    """The data back from `embed` (for tests and tools reading a report)."""
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(blob)))
    return data


def pack(result: ScanResult) -> dict[str, Any]:
    """The compact data the page's script renders."""
    summary = result.summary
    production, tests = summary.production, summary.tests
    known = {item.path: item for item in result.history.files} if result.history else {}
    return {
        "schema": SCHEMA_VERSION,
        "root": result.root,
        "commit": result.commit,
        "partial": result.partial,
        "summary": {
            "health": _round(production.health),
            "testHealth": _round(tests.health),
            "bands": [production.healthy, production.warning, production.alert],
            "files": production.files + tests.files,
            "testFiles": tests.files,
            "codeLines": production.code_lines + tests.code_lines,
            "functions": production.functions + tests.functions,
            "biomarkers": production.biomarkers + tests.biomarkers,
            "clones": summary.clones,
            "duplicatedLines": summary.duplicated_lines,
            "skipped": summary.skipped,
            "languages": [[t.language, t.files, t.code_lines] for t in summary.languages],
            "unanalysed": [[item.language, item.files] for item in summary.unanalysed],
        },
        "columns": {"function": FUNCTION_COLUMNS, "biomarker": BIOMARKER_COLUMNS},
        "rules": _rules(),
        "files": [_file(item, known.get(item.file.path)) for item in result.files],
        "clones": [_clone(clone) for clone in result.clones],
        "findings": _findings(result.findings, ruff_note(result)),
        "notices": [[n.path, n.line, n.reason, n.message] for n in result.notices],
        "plan": plan_data(result.plan),
        "history": history_data(result.history),
        "dependencies": dependencies_data(result.dependencies),
        "trend": trend_data(result.trend),
    }


def _findings(findings: Findings | None, note: str | None) -> dict[str, Any] | None:
    """Findings by file: [code, line, severity, message] each, and conformance per file."""
    if findings is None:
        return None
    return {
        "presets": list(findings.presets),
        "note": note,
        "conformance": _round(findings.conformance.percent),
        "rules": {doc.code: {"name": doc.name, "summary": doc.summary} for doc in findings.rules},
        "files": {
            item.path: {
                "conformance": _round(item.conformance.percent),
                "items": [[f.code, f.line, f.severity.value, f.message] for f in item.findings],
            }
            for item in findings.files
            if item.findings
        },
    }


def _rules() -> dict[str, dict[str, str]]:
    return {
        rule.code: {"name": rule.name, "title": rule.title, "severity": rule.severity.value,
                    "unit": rule.unit, "what": rule.what}
        for rule in RULES
    }  # fmt: skip


def _clone(c: Clone) -> list[Any]:
    return [c.lines, c.tokens, c.first.path, c.first.line, c.first.end_line,
            c.second.path, c.second.line, c.second.end_line]  # fmt: skip


def _file(item: FileHealth, knowledge: FileKnowledge | None) -> dict[str, Any]:
    index = {f.metrics.qualified_name: i for i, f in enumerate(item.functions)}
    # Nested functions' biomarkers are shown with their function but not charged to the file.
    nested_only = [b for f in item.functions if f.metrics.nested for b in f.biomarkers]
    history = {"history": file_history(knowledge)} if knowledge is not None else {}
    return {
        "path": item.file.path,
        "language": item.file.language,
        "test": item.file.role.value == "test",
        "health": item.health,
        "lines": item.metrics.lines,
        "codeLines": item.metrics.code_lines,
        "functions": [_function(f) for f in item.functions],
        "biomarkers": [_biomarker(b, index, charged=True) for b in item.biomarkers]
        + [_biomarker(b, index, charged=False) for b in nested_only],
        **history,
    }


def _function(item: FunctionHealth) -> list[Any]:
    m = item.metrics
    return [m.qualified_name, m.line, m.end_line, item.health, m.cyclomatic, m.cognitive,
            m.nesting, m.arguments, m.code_lines, int(m.nested)]  # fmt: skip


def _biomarker(item: Biomarker, index: dict[str, int], *, charged: bool) -> list[Any]:
    function = index.get(item.function, -1) if item.function is not None else -1
    file_points = item.file_points if charged else 0
    return [item.code, item.line, item.value, item.threshold, item.points, file_points, function]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
