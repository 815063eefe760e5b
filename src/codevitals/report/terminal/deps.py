"""The dependency audit on a terminal: totals, then what needs doing, two lines an item.

Vulnerable packages first (with the smallest upgrade that fixes them), then what could not
be checked (unknowns are never clean), then the most outdated. Each item names its file
and line. The JSON report has every dependency; the terminal shows `top` of each kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import ClassVar, TextIO

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model.deps import (
    Dependency,
    DependencyReport,
    Vulnerability,
    VulnerabilitySource,
)
from codevitals.report import deps_counts as counts
from codevitals.report.terminal.scan import dependency_summary
from codevitals.report.terminal.style import clip, columns, console, fitted_to
from codevitals.report.words import plural

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
_INDENT = "       "


class DepsTerminalReporter(counts.DepsReporter):
    """Renders a dependency report compactly; plain text when not writing to a terminal."""

    format_name: ClassVar[str] = "terminal"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Print the report to `out`."""
        title = Text.assemble(("codevitals ", "bold"), (self.tool_version, "dim"), "  ",
                              (self.root, "cyan"), ("  dependencies", "dim"))  # fmt: skip
        if result.partial:
            title.append("  partial results: see notices", style="yellow")
        with fitted_to(out):
            sections = [title, Text(""), *dependency_summary(result), *self.sections(result)]
            printer = console(out)
            printer.print(Group(*sections))
            for line in _sources(result):  # whole lines: a path or URL is copied, never wrapped
                printer.print(Text(line, style="dim"), soft_wrap=True)

    def sections(self, result: DependencyReport) -> list[RenderableType]:
        """Vulnerable, unknown and outdated packages, each list at most `top` long.

        Each package is labelled with its ecosystem when the repository uses more than one.
        """
        labelled = len({d.declaration.ecosystem for d in result.dependencies}) > 1
        vulnerable, unknown, outdated, ignored = counts.lists(result)
        sections = (
            ("Vulnerable", vulnerable, _vulnerable_rows),
            (counts.UNKNOWN_TITLE, unknown, _unknown_rows),
            ("Most outdated", outdated, _outdated_rows),
            (counts.IGNORED_TITLE, ignored, _ignored_rows),
        )
        lines: list[RenderableType] = []
        for title, items, rows in sections:
            lines += _section(title, items, self.top, partial(rows, labelled=labelled))
        return [*lines, Text("")]


Rows = Callable[[Dependency], list[Text]]


def _section(title: str, items: Sequence[Dependency], top: int, rows: Rows) -> list[RenderableType]:
    if not items:
        return []
    lines: list[RenderableType] = [Text(f"\n{title}", style="bold")]
    for item in items[:top]:
        lines += rows(item)
    if len(items) > top:
        lines.append(
            Text(f"  … and {len(items) - top:,} more (all in the JSON report)", style="dim")
        )
    return lines


def _where(item: Dependency) -> str:
    d = item.declaration
    return d.path + (f":{d.line}" if d.line else "")


def _name(item: Dependency, *, labelled: bool) -> Text:
    d = item.declaration
    label = Text(f"{d.ecosystem} ", style="magenta") if labelled else Text("")
    if d.unresolvable:
        return Text.assemble("  ", label, (d.name, "cyan"), (f" ({d.unresolvable})", "dim"))
    if d.version is None:  # the requirement as written says what is asked for
        return Text.assemble("  ", label, (d.requirement, "cyan"))
    return Text.assemble("  ", label, (d.name, "cyan"), f" {d.version}")


def _vulnerable_rows(item: Dependency, *, labelled: bool) -> list[Text]:
    fix = f"upgrade to {item.fix}" if item.fix else "no fixed version known"
    head = Text.assemble(
        _name(item, labelled=labelled), "  ", (fix, "bold"), (f"  {_where(item)}", "dim")
    )
    if item.vulnerability_source is VulnerabilitySource.PYPI:  # the fallback: OSV did not answer
        head.append("  (from PyPI: OSV did not answer)", style="dim")
    return [head, *(_vulnerability_row(v) for v in item.vulnerabilities)]


def _vulnerability_row(item: Vulnerability) -> Text:
    row = Text(_INDENT + item.id)
    cve = [alias for alias in item.aliases if alias.startswith("CVE-")]
    if cve:
        row.append(f" {cve[0]}", style="dim")
    if item.severity:
        score = f" {item.score:g}" if item.score is not None else ""
        row.append(f"  {item.severity}{score}", style=_SEVERITY_STYLE.get(item.severity, ""))
    if item.fixed:
        row.append(f"  fixed in {', '.join(item.fixed)}", style="dim")
    return row


def _ignored_rows(item: Dependency, *, labelled: bool) -> list[Text]:
    notes = (f"{i.vulnerability.id}: {counts.why_ignored(i)}" for i in item.ignored)
    return _noted_rows(item, notes, labelled=labelled)


def _unknown_rows(item: Dependency, *, labelled: bool) -> list[Text]:
    notes = (f"{u.reason}: {u.message}" for u in item.unknowns)
    return _noted_rows(item, notes, labelled=labelled)


def _noted_rows(item: Dependency, notes: Iterable[str], *, labelled: bool) -> list[Text]:
    """The package and where it is declared, then one clipped, dimmed line per note."""
    head = Text.assemble(_name(item, labelled=labelled), (f"  {_where(item)}", "dim"))
    return [head, *(Text(clip(_INDENT + note, columns()), style="dim") for note in notes)]


def _outdated_rows(item: Dependency, *, labelled: bool) -> list[Text]:
    fresh = item.freshness
    if fresh is None:  # only items with a libyear are listed
        return []
    head = Text.assemble(_name(item, labelled=labelled), " → ", (fresh.latest or "?", "green"),
                         (f"  {_where(item)}", "dim"))  # fmt: skip
    facts = [f"libyear {fresh.libyear or 0:.1f}", plural(fresh.behind or 0, "version") + " behind"]
    if fresh.majors_behind:
        facts.append(plural(fresh.majors_behind, "major") + " behind")
    if fresh.yanked:
        facts.append("yanked")
    if fresh.unmaintained:
        facts.append(f"unmaintained (last release {(fresh.last_release or '')[:10]})")
    return [head, Text(_INDENT + " · ".join(facts), style="dim")]


def _sources(result: DependencyReport) -> list[str]:
    lines = [f"{key}: {value}" for key, value in result.sources.items()]
    if result.notices:
        lines.append(plural(len(result.notices), "notice") + " (on standard error)")
    return lines
