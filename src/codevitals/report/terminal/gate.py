"""The gate's verdict on a terminal: new debt first, then what declined and improved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TextIO

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model import Severity
from codevitals.model.gate import GateResult, HealthChange, Problem
from codevitals.report.terminal.style import clip_path, columns, console, fitted_to
from codevitals.report.words import plural, verdict

TOP = 10
_STYLE = {Severity.CRITICAL: "bold red", Severity.MAJOR: "red", Severity.MINOR: "yellow"}


class GateTerminalReporter:
    """Two lines per item, at the terminal's width (80 columns when piped)."""

    format_name: ClassVar[str] = "terminal"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Print the verdict to `out`."""
        with fitted_to(out):
            console(out).print(Group(*sections(result)))


def sections(result: GateResult) -> list[RenderableType]:
    """The renderables of the verdict, in order."""
    return [
        _title(result),
        *_problems(result.problems),
        *_unchecked(result),
        *_changes("Declined", result.declined_accepted(), "red"),
        *_changes("Improved", result.improved(), "green"),
        *_moved(result.moved_only()),
        _footer(result),
    ]


def _title(result: GateResult) -> Text:
    head = "working tree" if result.head_ref is None else result.head_ref
    base = "baseline only"
    if result.base_ref is not None:
        base = f"{result.base_ref} @ {(result.base_commit or '')[:10]}"
    return Text.assemble(
        ("codevitals gate  ", "bold"), (f"{head} vs {base}", "cyan"), "  ", _verdict(result)
    )


def _verdict(result: GateResult) -> tuple[str, str]:
    """PASSED in green only when nothing new went unchecked."""
    outcome, text = verdict(result)
    return text, {"passed": "bold green", "warning": "bold yellow"}.get(outcome, "bold red")


def _unchecked(result: GateResult) -> list[RenderableType]:
    """New dependencies whose vulnerabilities could not be looked up: never clean."""
    if not result.unchecked:
        return []
    style = "red" if result.strict else "yellow"
    rows: list[RenderableType] = [Text("\nNot checked (vulnerabilities unknown)", style="bold")]
    for item in result.unchecked:
        where = item.path + (f":{item.line}" if item.line else "")
        rows.append(Text.assemble(("  ? ", style), (where, "cyan")))
        rows.append(Text("      " + item.message))
    return rows


def _problems(problems: Sequence[Problem]) -> list[RenderableType]:
    if not problems:
        return [Text("\nNo new debt in the changed files.", style="green")]
    rows: list[RenderableType] = [Text("\nNew debt", style="bold")]
    for problem in problems:
        place = problem.path + (f":{problem.line}" if problem.line else "")
        label = "health" if problem.code == "health" else f"{problem.code} {problem.name}"
        function = f"  {problem.function}" if problem.function else ""
        # The rule's name and the function stay whole; a long path gives way in its middle.
        where = clip_path(place, max(columns() - 6 - len(function) - len(label), 24))
        rows.append(Text.assemble(
            ("  ✗ ", _STYLE[problem.severity]), (where, "cyan"), (function, "bold"),
            ("  " + label, "dim"),
        ))  # fmt: skip
        rows.append(Text("      " + problem.message))
    return rows


def _changes(title: str, changes: Sequence[HealthChange], style: str) -> list[RenderableType]:
    if not changes:
        return []
    rows: list[RenderableType] = [Text(f"\n{title}", style="bold")]
    for change in changes[:TOP]:
        figures = f"  {change.before:.2f} → {change.after:.2f} ({change.delta:+.2f})  "
        path = clip_path(change.path, columns() - len(figures))
        rows.append(Text.assemble((figures, style), (path, "cyan")))
        if change.reasons:
            rows.append(Text("      " + "; ".join(change.reasons[:3]), style="dim"))
    return rows


def _moved(changes: Sequence[HealthChange]) -> list[RenderableType]:
    """Files changed only by functions moving between them: neither new debt nor improvement."""
    if not changes:
        return []
    rows: list[RenderableType] = [
        Text.assemble(("\nMoved", "bold"), ("  neither new debt nor improvement", "dim"))
    ]
    for change in changes[:TOP]:
        rows.append(Text.assemble("  ", (change.path, "cyan")))
        rows.append(Text("      " + "; ".join(change.reasons[:3]), style="dim"))
    return rows


def _footer(result: GateResult) -> Text:
    parts = [
        plural(result.changed_files, "changed file"),
        f"checks: {', '.join(result.checks)}",
        f"tolerance {result.tolerance:g}",
    ]
    if result.resolved:
        parts.append(f"{plural(len(result.resolved), 'problem')} resolved")
    if result.suppressed:
        parts.append(f"{result.suppressed} accepted by the baseline")
    if result.partial:
        parts.append("partial results: see " + ("notices" if result.notices else "above"))
    return Text("\n" + " · ".join(parts), style="dim")
