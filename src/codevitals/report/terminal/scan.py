"""The terminal summary: headline health, worst files and functions, history, trend, totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar, TextIO

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model import (
    Biomarker,
    FileHealth,
    FunctionHealth,
    HealthTotals,
    Role,
    ScanResult,
    Severity,
)
from codevitals.model.deps import DependencyReport, DependencyTotals
from codevitals.model.findings import Finding, Findings
from codevitals.model.trend import METRICS, Trend
from codevitals.report import deps_counts as counts
from codevitals.report.terminal import history, trend
from codevitals.report.terminal.plan import plan_summary
from codevitals.report.terminal.style import (
    clip,
    clip_path,
    columns,
    fitted_to,
    health_cell,
    health_style,
    health_text,
    print_sections,
    title_line,
)
from codevitals.report.words import language_summary, plural, ruff_note

TOP = 10
"""Rows in each of the worst-files and worst-functions tables."""
HISTORY_TOP = 5
"""Rows in each history section of the scan summary (`codevitals hotspots` shows more)."""
_BAR_WIDTH = 20


class TerminalReporter:
    """Renders a compact, coloured summary; plain text when not writing to a terminal."""

    format_name: ClassVar[str] = "terminal"

    def __init__(self, top: int = TOP, *, every_finding: bool = False) -> None:
        self.top = top
        self.every_finding = every_finding
        """List every finding (`--show-findings all`), not the first place of the top rules."""

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Print the summary to `out`, fitted to its width."""
        with fitted_to(out):
            print_sections(self.sections(result), out)

    def sections(self, result: ScanResult) -> list[RenderableType]:
        """The renderables of the summary, in order."""
        production = [f for f in result.files if f.file.role is Role.PRODUCTION]
        return [
            _headline(result),
            *plan_summary(result.plan),
            _worst_files(production, self.top),
            _worst_functions(production, self.top),
            *self.history_sections(result),
            *_findings(result.findings, self.top, every=self.every_finding, note=ruff_note(result)),
            *_dependencies(result.dependencies),
            *_trend(result.trend),
            _totals(result),
        ]

    def history_sections(self, result: ScanResult) -> list[RenderableType]:
        """Compact history sections; none when history was not analysed."""
        found = result.history
        if found is None:
            return []
        shown = min(self.top, HISTORY_TOP)
        return [
            Text.assemble("\n", history.history_line(found)),
            history.hotspot_section(found, shown, functions=False),
            history.coupling_section(found, shown),
            history.knowledge_section(found, shown),
            history.loss_section(found, shown),
            history.age_section(found),
        ]


def _headline(result: ScanResult) -> Group:
    summary = result.summary
    production, tests = summary.production, summary.tests
    title = title_line(result)
    health = production.health
    bar = _bar(health)
    line = Text.assemble(
        "Code health ",
        health_text(health),
        ("/10", "dim"),
        "  ",
        bar,
        ("  production code, lines-weighted", "dim"),
    )
    bands = Text.assemble(
        ("  healthy ", "dim"),
        (str(production.healthy), "green"),
        ("   warning ", "dim"),
        (str(production.warning), "yellow"),
        ("   alert ", "dim"),
        (str(production.alert), "red"),
        ("   tests ", "dim"),
        health_text(tests.health),
        (f" ({plural(tests.files, 'file')})", "dim"),
    )
    return Group(title, Text(""), line, bands, Text(""))


def _bar(health: float | None) -> Text:
    filled = 0 if health is None else round(health / 10 * _BAR_WIDTH)
    return Text.assemble(("█" * filled, health_style(health)), ("░" * (_BAR_WIDTH - filled), "dim"))


def _worst_files(files: Sequence[FileHealth], top: int) -> Group:
    worst = sorted(
        (f for f in files if f.health < 10), key=lambda f: (f.health, -f.metrics.code_lines)
    )[:top]
    if not worst:
        return Group(Text("No biomarkers in production code.", style="green"))
    rows: list[RenderableType] = [Text("Worst files", style="bold")]
    for item in worst:
        rows.append(Text.assemble(
            " ", health_cell(item.health), "  ", (item.file.path, "cyan"),
            (f"  {item.metrics.code_lines:,} code lines", "dim"),
        ))  # fmt: skip
        rows.append(Text("       " + _tally(item.biomarkers), style="dim"))
    return Group(*rows)


def _worst_functions(files: Sequence[FileHealth], top: int) -> Group:
    ranked: list[tuple[FunctionHealth, FileHealth]] = [
        (function, item) for item in files for function in item.functions if function.biomarkers
    ]
    ranked.sort(key=lambda pair: (pair[0].health, -pair[0].metrics.code_lines))
    rows: list[RenderableType] = [Text("\nWorst functions", style="bold")] if ranked else []
    for function, item in ranked[:top]:
        metrics = function.metrics
        rows.append(Text.assemble(
            " ", health_cell(function.health), "  ", (metrics.qualified_name, "cyan"),
            (f"  {item.file.path}:{metrics.line}", "dim"),
        ))  # fmt: skip
        rows.append(Text("       " + _tally(function.biomarkers, with_values=True), style="dim"))
    return Group(*rows)


_SEVERITY_STYLE = {Severity.CRITICAL: "bold red", Severity.MAJOR: "red", Severity.MINOR: "yellow"}


def _findings(
    found: Findings | None, top: int, *, every: bool = False, note: str | None = None
) -> list[RenderableType]:
    """Findings by rule, most serious and most frequent first, with where they are.

    By default the `top` rules with the first place of each; `every` lists every rule and
    every place.
    """
    if found is None:
        return []
    items = found.items
    percent = found.conformance.percent
    figure = "" if percent is None else f" · {percent:.1f}% of lines conform"
    title = Text.assemble(
        ("\nFindings", "bold"),
        (f"  {', '.join(found.presets) or 'selected rules'}: "
         f"{plural(len(items), 'finding')}{figure}", "dim"),
    )  # fmt: skip
    by_rule: dict[str, list[Finding]] = {}
    for item in items:
        by_rule.setdefault(item.code, []).append(item)
    ranked = sorted(by_rule.values(), key=lambda group: (_RANK[group[0].severity], -len(group)))
    rows: list[RenderableType] = [title]
    if note:
        rows.append(Text(f"  {note}", style="dim"))
    for group in ranked if every else ranked[:top]:
        rows.extend(_every_row(group) if every else _rule_rows(group))
    if not every and len(ranked) > top:
        more = plural(len(ranked) - top, "more rule")
        rows.append(Text(f"  … {more}: --show-findings all lists them", style="dim"))
    elif not every and any(len(group) > 1 for group in ranked):
        rows.append(Text("  --show-findings all lists every finding", style="dim"))
    return [Group(*rows)]


_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def _rule_rows(group: Sequence[Finding]) -> list[Text]:
    """The rule and its first place on one line, its message on the next; both fit the width."""
    first = group[0]
    more = f" and {len(group) - 1} more" if len(group) > 1 else ""
    head = "  ×" + str(len(group)).ljust(4) + f"{first.code} {first.name}  "
    place = f"{first.path}:{first.line}"
    where = clip_path(place, max(columns() - len(head) - len(more), 12)) + more
    return [
        Text.assemble(
            ("  ×" + str(len(group)).ljust(4), _SEVERITY_STYLE[first.severity]),
            (first.code, "bold"), " ", (first.name, "cyan"), (f"  {where}", "dim"),
        ),
        Text(clip("        " + first.message, columns()), style="dim"),
    ]  # fmt: skip


_FINDING_INDENT = "        "
_MESSAGE_ROOM = 24
"""Columns kept for a finding's message beside a long path."""


def _every_row(group: Sequence[Finding]) -> list[Text]:
    """The rule on one line, then each place with its message, one line each."""
    first = group[0]
    rows = [Text.assemble(
        ("  ×" + str(len(group)).ljust(4), _SEVERITY_STYLE[first.severity]),
        (first.code, "bold"), " ", (first.name, "cyan"),
    )]  # fmt: skip
    room = columns() - len(_FINDING_INDENT)
    for item in sorted(group, key=lambda f: (f.path, f.line, f.column)):
        place = clip_path(f"{item.path}:{item.line}", max(room - _MESSAGE_ROOM, 20))
        message = clip(item.message, max(room - len(place) - 2, 12))
        rows.append(Text.assemble(_FINDING_INDENT, (place, "cyan"), ("  " + message, "dim")))
    return rows


def _tally(biomarkers: Sequence[Biomarker], shown: int = 3, *, with_values: bool = False) -> str:
    """The costliest kinds of biomarker, with counts, and how many kinds are left out."""
    points: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for biomarker in biomarkers:
        points[biomarker.name] = points.get(biomarker.name, 0.0) + biomarker.points
        counts[biomarker.name] += 1
    names = sorted(points, key=lambda name: -points[name])
    values = {b.name: b.value for b in biomarkers}
    parts = [
        (f"{name} {values[name]:g}" if with_values else name)
        if counts[name] == 1
        else f"{name} ×{counts[name]}"
        for name in names[:shown]
    ]
    if len(names) > shown:
        parts.append(f"+{len(names) - shown} more")
    return ", ".join(parts)


def _totals(result: ScanResult) -> Text:
    summary = result.summary
    everything: HealthTotals = summary.production + summary.tests
    parts = [
        f"{plural(everything.files, 'file')} ({plural(summary.tests.files, 'test')})",
        plural(everything.code_lines, "code line"),
        plural(everything.functions, "function"),
        plural(everything.biomarkers, "biomarker"),
        f"{plural(summary.clones, 'clone')} "
        f"({plural(summary.duplicated_lines, 'duplicated line')})",
    ]
    if summary.skipped:
        parts.append(f"{summary.skipped:,} skipped")
    suppressed = sum(len(item.suppressed) for item in result.files)
    if suppressed:  # silenced, not gone: the reader should see that some were
        parts.append(f"{suppressed:,} suppressed")
    if result.notices:
        parts.append(plural(len(result.notices), "notice"))
    languages = language_summary(summary)
    found = f"\nLanguages: {languages}" if languages else ""
    return Text("\n" + " · ".join(parts) + found, style="dim")


def _dependencies(report: DependencyReport | None) -> list[RenderableType]:
    """The dependency summary of a scan: totals and the vulnerable packages, if any."""
    if report is None or not report.manifests:
        return []
    rows: list[RenderableType] = [Text(""), *dependency_summary(report)]
    vulnerable = [d for d in report.dependencies if d.vulnerable]
    labelled = len({d.declaration.ecosystem for d in report.dependencies}) > 1
    for item in vulnerable[:3]:
        d = item.declaration
        fix = f"upgrade to {item.fix}" if item.fix else "no fixed version known"
        count = plural(len(item.vulnerabilities), "vulnerability", "vulnerabilities")
        rows.append(Text.assemble(
            "    ", (f"{d.ecosystem} " if labelled else "", "magenta"), (d.name, "cyan"),
            f" {d.version}  ", (fix, "bold"),
            (f"  {d.path}:{d.line}  ({count})", "dim"),
        ))  # fmt: skip
    if len(vulnerable) > 3 or report.totals.unknown:
        rows.append(Text("    `codevitals deps` lists them all", style="dim"))
    return rows


def _trend(found: Trend | None) -> list[RenderableType]:
    """The measures over the recorded scans and snapshots (`codevitals trend` says more)."""
    if found is None:
        return []
    known = [trend.series_rows(found, m) for m in METRICS if found.change(m) is not None]
    return [trend.heading(found), *known]


_STYLES = {"alert": "bold red", "warning": "bold yellow", "healthy": "green", "": "bold"}


def dependency_summary(result: DependencyReport) -> list[Text]:
    """Three lines of dependency totals, for `codevitals scan` and `codevitals deps`."""
    t: DependencyTotals = result.totals
    first = Text.assemble(
        ("Dependencies ", "bold"),
        f"{plural(t.dependencies, 'package')} in {plural(len(result.manifests), 'manifest')} ",
        (f"({t.direct:,} direct)", "dim"),
    )
    freshness = Text.assemble(
        ("  libyear ", "dim"), (counts.libyear(t), _STYLES[counts.libyear_tone(t)]),
        ("   outdated ", "dim"), f"{t.outdated:,}",
        ("   yanked ", "dim"), f"{t.yanked:,}",
        ("   unmaintained ", "dim"), f"{t.unmaintained:,}",
    )  # fmt: skip
    risk = Text.assemble(
        ("  vulnerable ", "dim"),
        (counts.vulnerable(t), _STYLES[counts.vulnerable_tone(t)]),
        (f" ({plural(t.vulnerabilities, 'vulnerability', 'vulnerabilities')})", "dim"),
        ("   unknown ", "dim"),
        (f"{t.unknown:,}", "yellow" if t.unknown else "green"),
    )
    split = counts.by_ecosystem(result)
    per_ecosystem = [Text("  " + counts.ecosystem_line(*pair), style="dim") for pair in split]
    return [first, freshness, risk, *(per_ecosystem if len(split) > 1 else [])]
