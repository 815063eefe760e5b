"""The pay-down plan in Markdown: a table atop the scan summary, every reason in `plan`.

Names from the repository are code spans and every other string is escaped, as in the rest
of the Markdown reports.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from codevitals.model import ScanResult
from codevitals.model.plan import Action, Place, Plan, PlanItem
from codevitals.report.markdown.text import code, escape, table
from codevitals.report.words import plural, unchecked_note

SCAN_ITEMS = 5
_UNIT = "Risk points: 100 = the repository's hotspot risk; see docs/plan.md."
_DEVELOPMENT_NOTE = "† In examples, docs or tests: not shipped to users, ranked after the rest."


def plan_lines(plan: Plan | None, shown: int = SCAN_ITEMS) -> list[str]:
    """The plan's first items as a table, with a heading; nothing without a plan."""
    if plan is None:
        return []
    unchecked = [f"⚠️ {unchecked_note(plan)}", ""] if plan.unchecked_dependencies else []
    if not plan.items:
        return ["### Pay-down plan", "", "Nothing to pay down.", "", *unchecked]
    chosen = [*plan.production[:shown], *plan.development]
    rows = ([_where(i) + str(i.rank), action(i.action), f"{i.benefit:.1f}", i.effort.value,
             escape("; ".join(reason.text for reason in i.reasons[:3]))]
            for i in chosen)  # fmt: skip
    lines = ["### Pay-down plan", "", *table(["#", "do", "points", "effort", "why"], rows)]
    note = [_DEVELOPMENT_NOTE] if plan.development else []
    return [*lines, _UNIT, *note, "", *unchecked]


def _where(item: PlanItem) -> str:
    """A mark before the rank of an item about examples, docs or tests."""
    return "" if item.place is Place.PRODUCTION else "† "


def action(item: Action) -> str:
    """The action with its subject as a code span and the rest escaped."""
    return f"{escape(item.verb)} {code(item.subject)}{escape(item.rest)}"


class PlanMarkdownReporter:
    """`codevitals plan --format markdown`: every item with every reason."""

    format_name: ClassVar[str] = "markdown"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the plan."""
        plan = result.plan
        lines = [f"## codevitals pay-down plan: {escape(result.root)}", ""]
        if plan is None or not plan.items:
            lines.append("Nothing to pay down.")
        else:
            lines += [_overview(plan), "", _UNIT, ""]
            for item in plan.production:
                lines += _item(item)
            if plan.development:
                lines += ["", "### Examples, docs and tests", "", "Not shipped to users.", ""]
                for item in plan.development:
                    lines += _item(item)
        if plan is not None and plan.unchecked_dependencies:
            lines += ["", f"⚠️ {unchecked_note(plan)}"]
        out.write("\n".join(lines) + "\n")


def _overview(plan: Plan) -> str:
    budget = "" if plan.budget_days is None else f" (budget {plan.budget_days:g} days)"
    return (
        f"{plural(len(plan.items), 'item')}, {plan.days:g} days{budget}, "
        f"worth {plan.benefit:.1f} risk points."
    )


def _item(item: PlanItem) -> list[str]:
    head = (
        f"{item.rank}. **{action(item.action)}** — {item.benefit:.1f} points, {item.effort.value}"
    )
    reasons = [
        f"   - {escape(reason.text)}" + (f" (+{reason.points:.1f})" if reason.points else "")
        for reason in item.reasons
    ]
    return [head, *reasons]
