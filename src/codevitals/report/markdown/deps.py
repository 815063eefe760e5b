"""The dependency audit in Markdown, for a pull-request comment or a job summary.

The totals as the scan's Markdown gives them, then three tables: vulnerable packages with the
smallest upgrade that fixes them, packages that could not be checked (never counted as clean),
and the most outdated. Each lists `top` rows and says how many more the JSON report has.
Every string from the repository or a registry is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TextIO

from codevitals.model.deps import Dependency, DependencyReport
from codevitals.report import deps_counts as counts
from codevitals.report.markdown.scan import dependency_lines
from codevitals.report.markdown.text import code, escape, table
from codevitals.report.words import plural


class DepsMarkdownReporter(counts.DepsReporter):
    """The audit's totals and what needs doing, as Markdown tables."""

    format_name: ClassVar[str] = "markdown"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the summary."""
        vulnerable, unknown, outdated, ignored = counts.lists(result)
        labelled = len({d.declaration.ecosystem for d in result.dependencies}) > 1
        at = f" at `{self.commit[:10]}`" if self.commit else ""
        lines = [
            f"## codevitals {escape(self.tool_version)}: dependencies of {code(self.root)}{at}",
            "",
            *(dependency_lines(result) or ["No manifest or lockfile found.", ""]),
        ]
        if result.partial:
            lines += ["Partial results: some files could not be read (see the notices).", ""]
        lines += self._section("Vulnerable", vulnerable, _vulnerable_row, labelled)
        lines += self._section(counts.UNKNOWN_TITLE, unknown, _unknown_row, labelled)
        lines += self._section("Most outdated", outdated, _outdated_row, labelled)
        lines += self._section(counts.IGNORED_TITLE, ignored, _ignored_row, labelled)
        lines += [f"<sub>{escape(k)}: {escape(v)}</sub>  " for k, v in result.sources.items()]
        out.write("\n".join(lines).rstrip() + "\n")

    def _section(
        self, title: str, items: Sequence[Dependency], row: _Row, labelled: bool
    ) -> list[str]:
        if not items:
            return []
        header, render = row
        rows = (render(item, labelled) for item in items[: self.top])
        more = len(items) - self.top
        tail = [f"… and {more:,} more (all in the JSON report)", ""] if more > 0 else []
        return [f"### {title}", "", *table(header, rows), *tail]


_Row = tuple[Sequence[str], Callable[[Dependency, bool], list[str]]]


def _package(item: Dependency, labelled: bool) -> str:
    d = item.declaration
    name = f"{d.ecosystem} {d.name}" if labelled else d.name
    if d.unresolvable:
        return f"{code(name)} ({escape(d.unresolvable)})"
    if d.version is None:  # the requirement as written says what is asked for
        return code(f"{d.ecosystem} {d.requirement}" if labelled else d.requirement)
    return f"{code(name)} {escape(d.version)}"


def _where(item: Dependency) -> str:
    d = item.declaration
    return code(d.path + (f":{d.line}" if d.line else ""))


def _render_vulnerable(item: Dependency, labelled: bool) -> list[str]:
    advisories = ", ".join(
        v.id + (f" ({v.severity})" if v.severity else "") for v in item.vulnerabilities
    )
    fix = escape(item.fix) if item.fix else "no fixed version known"
    return [_package(item, labelled), escape(advisories), fix, _where(item)]


def _render_unknown(item: Dependency, labelled: bool) -> list[str]:
    why = "; ".join(f"{u.reason}: {u.message}" for u in item.unknowns)
    return [_package(item, labelled), escape(why), _where(item)]


def _render_outdated(item: Dependency, labelled: bool) -> list[str]:
    fresh = item.freshness
    facts = [plural(fresh.behind or 0, "version") + " behind"] if fresh else []
    if fresh and fresh.majors_behind:
        facts.append(plural(fresh.majors_behind, "major") + " behind")
    if fresh and fresh.yanked:
        facts.append("yanked")
    if fresh and fresh.unmaintained:
        facts.append("unmaintained")
    latest = escape(fresh.latest or "?") if fresh else "?"
    libyear = f"{counts.libyears(item):.1f}"
    return [_package(item, labelled), latest, libyear, escape(" · ".join(facts)), _where(item)]


def _render_ignored(item: Dependency, labelled: bool) -> list[str]:
    why = "; ".join(f"{i.vulnerability.id}: {counts.why_ignored(i)}" for i in item.ignored)
    return [_package(item, labelled), escape(why), _where(item)]


_vulnerable_row: _Row = (("package", "advisories", "fix", "where"), _render_vulnerable)
_unknown_row: _Row = (("package", "why", "where"), _render_unknown)
_outdated_row: _Row = (("package", "latest", "libyear", "notes", "where"), _render_outdated)
_ignored_row: _Row = (("package", "ignored, and why", "where"), _render_ignored)
