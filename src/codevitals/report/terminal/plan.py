"""The pay-down plan in the terminal: a short section atop `scan`, every reason in `plan`.

Each item takes two lines in the summary: what to do, then its points, effort and strongest
reasons. `codevitals plan` lists every reason of every item with the points it brings, so
the ranking can be checked by hand. Items about examples, docs and tests follow the
production ones under a heading of their own.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model import ScanResult
from codevitals.model.plan import Effort, Plan, PlanItem
from codevitals.report.terminal.history import INDENT, fit, room, title
from codevitals.report.terminal.style import clip, clip_path, fitted_to, print_sections, title_line
from codevitals.report.words import plural, unchecked_note

SCAN_ITEMS = 5
"""Items in the scan summary's plan section."""
_EFFORT_STYLE = {Effort.SMALL: "green", Effort.MEDIUM: "yellow", Effort.LARGE: "red"}
_UNIT = "risk points: 100 = the repository's hotspot risk"
DEVELOPMENT_TITLE = "Examples, docs and tests"
_DEVELOPMENT_NOTE = "not shipped to users"


def plan_summary(plan: Plan | None, shown: int = SCAN_ITEMS) -> list[RenderableType]:
    """The plan's first items, two lines each; nothing when there is no plan."""
    if plan is None:
        return []
    heading = Text.assemble(("Pay-down plan", "bold"), (f"  {_UNIT}", "dim"))
    if not plan.items and not plan.unchecked_dependencies:
        return [Group(heading, Text("  Nothing to pay down.", style="green"), Text(""))]
    rows = [heading, *_production_rows(plan, shown), *_development_rows(plan)]
    if plan.unchecked_dependencies:
        rows.append(Text(f"  {unchecked_note(plan)}", style="yellow"))
    return [Group(*rows, Text(""))]


def _production_rows(plan: Plan, shown: int) -> list[RenderableType]:
    """The first production items, and how many more `codevitals plan` lists."""
    if not plan.production:
        return [Text("  Nothing to pay down in production code.", style="green")]
    rows: list[RenderableType] = []
    for item in plan.production[:shown]:
        rows += [_headline(item), _digest(item)]
    more = len(plan.production) - shown
    if more > 0:
        rows.append(Text(f"  … {plural(more, 'more item')}: codevitals plan", style="dim"))
    return rows


def _development_rows(plan: Plan) -> list[RenderableType]:
    """The short section about examples, docs and tests, after the production items."""
    if not plan.development:
        return []
    rows: list[RenderableType] = [
        Text.assemble(("  " + DEVELOPMENT_TITLE, "bold"), (f"  {_DEVELOPMENT_NOTE}", "dim"))
    ]
    for item in plan.development:
        rows += [_headline(item), _digest(item)]
    return rows


def _headline(item: PlanItem) -> Text:
    action = item.action
    left = room() + len(INDENT) - 5 - len(action.verb) - len(action.rest) - 1
    subject = clip_path(action.subject, max(left, 12))  # a long name must not wrap the line
    return Text.assemble(
        f"{item.rank:>3}  ", (action.verb + " ", "bold"), (subject, "bold cyan"), action.rest
    )


def _figures(item: PlanItem) -> list[Text | str | tuple[str, str]]:
    return [
        (f"{item.benefit:.1f} pts", "cyan"),
        " · ",
        (item.effort.value, _EFFORT_STYLE[item.effort]),
        " · ",
    ]


def _digest(item: PlanItem) -> Text:
    figures = _figures(item)
    used = sum(len(part if isinstance(part, str) else part[0]) for part in figures)
    return Text.assemble(INDENT, *figures, (_reasons(item, room() - used), "dim"))


def _reasons(item: PlanItem, width: int) -> str:
    """The reasons that fit, strongest first; the first one cut short if it alone does not."""
    first = item.reasons[0].text
    if len(first) + 2 > width:
        return clip(first, width)
    return fit((r.text for r in item.reasons), width=width)


class PlanTerminalReporter:
    """`codevitals plan`: every item with every reason and the points it brings."""

    format_name: ClassVar[str] = "terminal"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Print the plan to `out`."""
        with fitted_to(out):
            print_sections(self.sections(result), out)

    def sections(self, result: ScanResult) -> list[RenderableType]:
        """The renderables of the report, in order."""
        plan = result.plan
        if plan is None:
            return [title_line(result), Text("\nNo plan was computed.", style="yellow")]
        development: list[RenderableType] = []
        if plan.development:
            note = f"{_DEVELOPMENT_NOTE}: ranked after the production items"
            development = [title(DEVELOPMENT_TITLE, note), *map(_detailed, plan.development)]
        return [
            title_line(result),
            _overview(plan),
            *map(_detailed, plan.production),
            *development,
            _footer(plan),
        ]


def _overview(plan: Plan) -> Text:
    if not plan.items:
        return title("Pay-down plan", "nothing to pay down: no item carries risk points")
    figures = (
        f"{plural(len(plan.items), 'item')} · {plan.days:g} days · {plan.benefit:.1f} risk points"
    )
    return Text.assemble(title("Pay-down plan", figures), "\n")


def _detailed(item: PlanItem) -> Group:
    where = item.target.label
    line = item.target.line
    location = f"{item.target.path}:{line}" if item.target.package and line else where
    figures = _figures(item)
    left = room() - sum(len(part if isinstance(part, str) else part[0]) for part in figures)
    rows: list[RenderableType] = [
        _headline(item),
        Text.assemble(INDENT, *figures, (clip_path(location, left), "dim")),
    ]
    for reason in item.reasons:
        text = clip(reason.text, room() - len(_POINTS_BLANK))
        rows.append(Text.assemble(INDENT, (_points(reason.points), "cyan"), text))
    return Group(*rows)


_POINTS_BLANK = " " * 8


def _points(points: float) -> str:
    """`+ 12.5  `, `  <0.1  ` for a trace, blank for context that brings no points."""
    if not points:
        return _POINTS_BLANK
    return f"+{points:5.1f}  " if points >= 0.05 else "  <0.1  "


def _footer(plan: Plan) -> Text:
    parts = [f"\n{plural(plan.candidates, 'candidate')} considered"]
    if plan.budget_days is not None:
        parts.append(f"budget {plan.budget_days:g} days: {plan.over_budget} did not fit")
    if plan.unchecked_dependencies:
        parts.append(unchecked_note(plan))
    basis = "" if plan.settings.get("basis") == "hotspots" else " · no history: debt × size"
    if plan.settings.get("health-risk") == "measured":
        basis += " · health weighs risk (validated here)"
    return Text(" · ".join(parts) + basis + " · weights: docs/plan.md", style="dim")
