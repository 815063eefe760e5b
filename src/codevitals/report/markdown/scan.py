"""A scan in Markdown: a compact summary of health, the plan, the worst files and findings.

Every string that comes from the repository (paths, function names, messages) is escaped:
a comment must not let a file name close a table cell or inject HTML.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from codevitals.model import FileHealth, Role, ScanResult
from codevitals.model.deps import DependencyReport
from codevitals.model.findings import Finding, Findings
from codevitals.report import deps_counts as counts
from codevitals.report.markdown.plan import plan_lines
from codevitals.report.markdown.text import code, escape, table
from codevitals.report.words import language_summary, plural, ruff_note

TOP = 10


class MarkdownReporter:
    """A compact scan summary: health, the worst files and the most frequent findings."""

    format_name: ClassVar[str] = "markdown"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the summary."""
        parts = [
            _headline(result),
            dependency_lines(result.dependencies),
            plan_lines(result.plan),
            _worst(result),
            _findings(result.findings, ruff_note(result)),
        ]
        out.write("\n".join(line for part in parts for line in part))


def _headline(result: ScanResult) -> list[str]:
    production, tests = result.summary.production, result.summary.tests
    health = "n/a" if production.health is None else f"{production.health:.1f}"
    test_health = "n/a" if tests.health is None else f"{tests.health:.1f}"
    return [
        f"## codevitals: code health {health}/10",
        "",
        f"{plural(production.files, 'production file')}: {production.healthy} healthy, "
        f"{production.warning} warning, {production.alert} alert · tests {test_health} "
        f"({plural(tests.files, 'file')}) · "
        f"{plural(production.biomarkers + tests.biomarkers, 'biomarker')}",
        "",
        *_languages(result),
    ]


def dependency_lines(report: DependencyReport | None) -> list[str]:
    """One line of totals; unknowns beside every count they make a floor of."""
    if report is None or not report.manifests:
        return []
    t = report.totals
    sign = {"alert": "❌ ", "warning": "⚠️ "}.get(counts.vulnerable_tone(t), "")
    split = counts.by_ecosystem(report)
    per_ecosystem = [f"- {escape(counts.ecosystem_line(*pair))}" for pair in split]
    return [
        f"Dependencies: {plural(t.dependencies, 'package')} · {sign}vulnerable "
        f"{counts.vulnerable(t)} · libyear {counts.libyear(t)} · outdated {t.outdated:,}",
        "",
        *([*per_ecosystem, ""] if len(split) > 1 else []),
    ]


def _languages(result: ScanResult) -> list[str]:
    found = language_summary(result.summary)
    return [f"Languages: {escape(found)}", ""] if found else []


def _worst(result: ScanResult) -> list[str]:
    files: list[FileHealth] = [
        f for f in result.files if f.file.role is Role.PRODUCTION and f.health < 10
    ]
    files.sort(key=lambda f: (f.health, -f.metrics.code_lines))
    if not files:
        return []
    rows = (
        [
            code(f.file.path),
            f"{f.health:.1f}",
            escape(", ".join(sorted({b.name for b in f.biomarkers}))),
        ]
        for f in files[:TOP]
    )
    return ["### Worst files", "", *table(["file", "health", "biomarkers"], rows)]


def _findings(found: Findings | None, note: str | None) -> list[str]:
    if found is None or not found.items:
        return []
    by_rule: dict[str, list[Finding]] = {}
    for item in found.items:
        by_rule.setdefault(item.code, []).append(item)
    ranked = sorted(by_rule.values(), key=lambda g: -len(g))[:TOP]
    rows = (
        [f"{g[0].code} {escape(g[0].name)}", str(len(g)), code(f"{g[0].path}:{g[0].line}")]
        for g in ranked
    )
    percent = found.conformance.percent
    figure = "" if percent is None else f" · {percent:.1f}% of lines conform"
    title = f"### Findings ({', '.join(found.presets)}): {len(found.items)}{figure}"
    said = [f"<sub>{escape(note)}</sub>", ""] if note else []
    return [title, "", *said, *table(["rule", "count", "first"], rows)]
