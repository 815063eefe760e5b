"""The organisation's view on a terminal, two lines an item, readable at 80 columns.

Totals first, then the repositories by health and by hotspot risk, the worst hotspots of
the whole organisation, package versions vulnerable or outdated across repositories, the
truck-factor risks and the repositories that failed. The JSON report has everything; the
terminal shows `top` rows of each list.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import ClassVar, TextIO, TypeVar

from rich.console import RenderableType
from rich.text import Text

from codevitals.model.fleet import (
    Organisation,
    OrganisationHotspot,
    RepositoryFailure,
    RepositoryResult,
    SharedPin,
    TruckRisk,
)
from codevitals.report import deps_counts
from codevitals.report.deps_counts import labels_ecosystems
from codevitals.report.terminal.history import INDENT, date, fit, title
from codevitals.report.terminal.style import health_cell, health_text, print_sections
from codevitals.report.words import plural

TOP = 10
T = TypeVar("T")


class FleetTerminalReporter:
    """Renders the organisation compactly; plain text when not writing to a terminal."""

    format_name: ClassVar[str] = "terminal"

    def __init__(self, top: int = TOP) -> None:
        self.top = top

    def report(self, result: Organisation, out: TextIO) -> None:
        """Print the report to `out`."""
        top = self.top
        results = {r.name: r for r in result.results}
        by_risk = [results[name] for name in result.by_risk if results[name].hotspot_risk > 0]
        labelled = labels_ecosystems(result)
        vulnerable = functools.partial(_vulnerable_rows, labelled=labelled)
        outdated = functools.partial(_outdated_rows, labelled=labelled)
        sections: list[RenderableType] = [
            *_head(result),
            *_listed("Repositories by health", "worst first", list(results.values()), top,
                     _health_rows),
            *_listed("Hotspot risk", "sum of hotspot scores (chance of a fix, %)",
                     by_risk, top, _risk_rows),
            *_listed("Worst hotspots", "across the organisation", result.hotspots, top,
                     _hotspot_rows),
            *_listed("Vulnerable", "package versions with known vulnerabilities, most used first",
                     result.vulnerable, top, vulnerable),
            *_listed("Outdated in several repositories", "same package and version",
                     result.outdated, top, outdated),
            *_listed("Truck-factor risks", "fewest authors whose loss orphans most files",
                     result.truck_risks, top, _truck_rows),
            *_listed("Failed", "after a retry", result.failures, len(result.failures),
                     _failure_rows),
        ]  # fmt: skip
        print_sections(sections, out)


def _head(result: Organisation) -> list[RenderableType]:
    t = result.totals
    counts = [f"{t.scanned:,} scanned", f"{t.resumed:,} resumed", f"{t.failed:,} failed"]
    if t.partial:
        counts.append(f"{t.partial:,} partial")
    production = t.production
    bands = f"{production.healthy:,} healthy · {production.warning:,} warning · "
    return [
        Text.assemble(("codevitals ", "bold"), (result.tool_version, "dim"), "  fleet ",
                      (result.name, "cyan"), (f"  as of {date(result.as_of)}", "dim")),
        Text(f"  {plural(t.repositories, 'repository', 'repositories')}: " + " · ".join(counts),
             style="dim"),
        Text(""),
        Text.assemble(("Health  ", "bold"), health_text(production.health),
                      (f"  {plural(production.files, 'file')} · "
                       f"{production.code_lines:,} code lines in production", "dim")),
        Text(f"{INDENT} {bands}{production.alert:,} alert files", style="dim"),
        Text.assemble(("Dependencies  ", "bold"), (_dependency_line(result), "dim")),
        Text.assemble(("History  ", "bold"),
                      (f"{plural(t.commits, 'commit')} · {plural(t.authors, 'author')}", "dim")),
    ]  # fmt: skip


def _dependency_line(result: Organisation) -> str:
    t = result.totals
    unchecked = f" ({t.dependencies.unchecked:,} not checked)" if t.dependencies.unchecked else ""
    return (
        f"{t.vulnerable_pins:,} vulnerable{unchecked} · "
        f"{plural(t.outdated_pins, 'outdated version')} · "
        f"{plural(t.dependencies.dependencies, 'pin')} · "
        f"libyear {deps_counts.libyear(t.dependencies)}"
    )


def _listed(
    name: str, note: str, items: Sequence[T], top: int, rows: Callable[[T], list[Text]]
) -> list[RenderableType]:
    if not items:
        return []
    lines: list[RenderableType] = [title(name, note)]
    for item in items[:top]:
        lines += rows(item)
    if len(items) > top:
        lines.append(Text(f"  … and {len(items) - top:,} more (all in the JSON report)", "dim"))
    return lines


def _health_rows(item: RepositoryResult) -> list[Text]:
    production = item.production
    size = f"  {production.code_lines:,} code lines · {plural(production.alert, 'alert file')}"
    facts = [f"risk {item.hotspot_risk:,.0f}"]
    if item.knowledge is not None:
        facts.append(f"TF {item.knowledge.truck_factor}")
    facts += _pin_facts(item)
    facts.append(item.commit[:10])
    if item.partial:
        facts.append("partial")
    return [
        Text.assemble(" ", health_cell(item.health), "  ", (item.name, "cyan"), (size, "dim")),
        Text(INDENT + fit(facts), style="dim"),
    ]


def _pin_facts(item: RepositoryResult) -> list[str]:
    if item.dependencies is None:
        return []
    vulnerable = sum(1 for pin in item.pins if pin.vulnerable)
    unchecked = item.dependencies.unchecked
    return [f"{vulnerable} vulnerable" + (f" ({unchecked} not checked)" if unchecked else ""),
            f"{item.dependencies.outdated} outdated"]  # fmt: skip


def _risk_rows(item: RepositoryResult) -> list[Text]:
    worst = [f"{h.path} {h.health:.1f}" for h in item.hotspots[:3]]
    return [
        Text.assemble(f"  {item.hotspot_risk:>9,.0f}  ", (item.name, "cyan"), "  health ",
                      health_text(item.health)),
        Text(INDENT + fit(worst), style="dim"),
    ]  # fmt: skip


def _hotspot_rows(item: OrganisationHotspot) -> list[Text]:
    spot = item.hotspot
    facts = [f"fix chance {spot.score:.0f} %", plural(spot.changes, "change"),
             f"{spot.code_lines:,} code lines", plural(spot.authors, "author")]  # fmt: skip
    return [
        Text.assemble(" ", health_cell(spot.health), "  ", (item.repository, "cyan"), "  ",
                      spot.path),
        Text(INDENT + fit(facts), style="dim"),
    ]  # fmt: skip


def _package(item: SharedPin, *, labelled: bool) -> Text:
    """The package, after its ecosystem when the organisation uses more than one."""
    label = Text(f"{item.ecosystem} ", style="magenta") if labelled else Text("")
    return Text.assemble("  ", label, (item.name, "cyan"))


def _vulnerable_rows(item: SharedPin, *, labelled: bool) -> list[Text]:
    fix = f"upgrade to {item.fix}" if item.fix else "no fixed version known"
    users = plural(len(item.repositories), "repository", "repositories")
    details = [*item.vulnerabilities[:2], item.severity or "unrated", *item.repositories]
    return [
        Text.assemble(_package(item, labelled=labelled), f" {item.version}  ", (fix, "bold"),
                      (f"  {users}", "dim")),
        Text(INDENT + fit(details), style="dim"),
    ]  # fmt: skip


def _outdated_rows(item: SharedPin, *, labelled: bool) -> list[Text]:
    users = plural(len(item.repositories), "repository", "repositories")
    facts = [f"libyear {item.libyear:.1f}", plural(item.behind, "version") + " behind",
             *item.repositories]  # fmt: skip
    return [
        Text.assemble(_package(item, labelled=labelled), f" {item.version} → ",
                      (item.latest or "?", "green"), (f"  {users}", "dim")),
        Text(INDENT + fit(facts), style="dim"),
    ]  # fmt: skip


def _truck_rows(item: TruckRisk) -> list[Text]:
    style = "red" if item.truck_factor <= 1 else "yellow"
    who = fit(item.authors) if item.authors else "no author covers half the files"
    size = f"  {plural(item.files, 'file')} · {item.code_lines:,} code lines"
    return [
        Text.assemble("  ", (f"TF {item.truck_factor:<3}", f"bold {style}"),
                      (item.repository, "cyan"), (size, "dim")),
        Text(INDENT + who, style="dim"),
    ]  # fmt: skip


def _failure_rows(item: RepositoryFailure) -> list[Text]:
    return [
        Text.assemble("  ", (item.name, "cyan"), (f"  {item.location}", "dim")),
        Text(f"{INDENT}{item.reason}: {item.message}", style="dim"),
    ]
