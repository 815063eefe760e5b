"""The gate's verdict in Markdown, for a pull-request comment.

Every string that comes from the repository (paths, function names, messages) is escaped:
a comment must not let a file name close a table cell or inject HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TextIO

from codevitals.model.gate import GateResult, HealthChange, Problem
from codevitals.report.markdown.text import code, escape, table
from codevitals.report.words import verdict

TOP = 10
CHECK_TITLES = {
    "health": "Files whose health dropped",
    "biomarkers": "New biomarkers",
    "findings": "New findings",
    "dependencies": "Newly vulnerable dependencies",
}
"""Section title of each gate check's new debt; an unknown check gets a generic title."""


class GateMarkdownReporter:
    """The gate's verdict for a pull-request comment."""

    format_name: ClassVar[str] = "markdown"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Write the comment."""
        parts = [_verdict(result), _new_debt(result), _unchecked(result), _declined(result),
                 _improved(result), _moved(result), _resolved(result), _footer(result)]  # fmt: skip
        out.write("\n".join(line for part in parts for line in part))


def _verdict(result: GateResult) -> list[str]:
    head = "the working tree" if result.head_ref is None else code(result.head_ref)
    base = "no base (baseline only)"
    if result.base_ref is not None:
        base = f"{code(result.base_ref)} ({(result.base_commit or '')[:10]})"
    return [_title(result), "",
            f"Compared {head} with {base}; checks: {', '.join(result.checks)}.", ""]  # fmt: skip


def _title(result: GateResult) -> str:
    """A warning sign, never a tick, when a new dependency went unchecked."""
    outcome, text = verdict(result)
    sign = {"passed": "✅", "warning": "⚠️"}.get(outcome, "❌")
    return f"## {sign} codevitals gate {text.lower()}"


def _unchecked(result: GateResult) -> list[str]:
    if not result.unchecked:
        return []
    rows = ([code(p.path + (f":{p.line}" if p.line else "")), escape(p.message)]
            for p in result.unchecked)  # fmt: skip
    return ["### New dependencies not checked (vulnerabilities unknown)", "",
            *table(["where", "details"], rows)]  # fmt: skip


def _new_debt(result: GateResult) -> list[str]:
    lines: list[str] = []
    for check in dict.fromkeys(p.check for p in result.problems):
        problems = [p for p in result.problems if p.check == check]
        lines += [f"### {CHECK_TITLES.get(check, f'New debt ({check})')}", ""]
        lines += table(["where", "what", "details"], (_problem_row(p) for p in problems))
    return lines


def _problem_row(problem: Problem) -> list[str]:
    where = code(problem.path + (f":{problem.line}" if problem.line else ""))
    if problem.function:
        where += f" in {code(problem.function)}"
    what = f"{problem.code} {escape(problem.name)}" if problem.code != "health" else "health"
    return [where, what, escape(problem.message)]


def _declined(result: GateResult) -> list[str]:
    declined = result.declined_accepted()
    if not declined:
        return []
    return ["### What declined", "", *_changetable(declined)]


def _improved(result: GateResult) -> list[str]:
    improved = result.improved()
    if not improved:
        return []
    return ["### What improved", "", *_changetable(improved)]


def _moved(result: GateResult) -> list[str]:
    moved = result.moved_only()
    if not moved:
        return []
    rows = ([code(c.path), escape("; ".join(c.reasons[:4]))] for c in moved[:TOP])
    return [
        "### Moved (neither new debt nor improvement)",
        "",
        *table(["file", "what moved"], rows),
    ]


def _changetable(changes: Sequence[HealthChange]) -> list[str]:
    rows = (
        [code(c.path), f"{c.before:.2f} → {c.after:.2f} ({c.delta:+.2f})",
         escape("; ".join(c.reasons[:4]))]
        for c in changes[:TOP]
    )  # fmt: skip
    return table(["file", "health", "why"], rows)


def _resolved(result: GateResult) -> list[str]:
    if not result.resolved:
        return []
    lines = ["<details><summary>Debt this change removed "
             f"({len(result.resolved)})</summary>", ""]  # fmt: skip
    lines += [f"- {code(p.path)}: {p.code} {escape(p.name)}"
              + (f" in {code(p.function)}" if p.function else "")
              for p in result.resolved[:50]]  # fmt: skip
    return [*lines, "", "</details>", ""]


def _footer(result: GateResult) -> list[str]:
    notes = []
    if result.suppressed:
        notes.append(f"{result.suppressed} accepted by the baseline")
    if result.partial:
        notes.append("partial results: some files or dependencies could not be checked")
    notes.append(f"codevitals {result.tool_version}")
    return [f"<sub>{' · '.join(notes)}</sub>", ""]
