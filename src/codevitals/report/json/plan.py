"""The pay-down plan as JSON: `plan` in a scan report, and the document `codevitals plan` writes.

Described by `schemas/plan.schema.json`; the scan schema refers to its `plan` definition.
The plan is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only where a
key's name, order, rounding or derivation differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import Notice, ScanResult
from codevitals.model.plan import Plan, PlanItem, Reason
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.lines import NOTICE, header, write_lines

_POINTS = 2
"""Decimals of risk points: a hundredth of a percent of the repository's risk."""


class PlanJsonReporter:
    """Writes the plan of a scan, with what identifies the scan."""

    format_name: ClassVar[str] = "json"

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the plan document."""
        write_lines(plan_document(result), out, nested=frozenset({"plan"}))


def plan_document(result: ScanResult) -> dict[str, Any]:
    """What `codevitals plan --format json` writes."""
    head = header(result.tool_version, result.root, result.commit)
    return {**head, **encode_object(result, _DOCUMENT)}


_SHOWN_APART = frozenset({"basis", "health-risk"})
"""Settings the document shows as fields of their own."""


def plan_section(plan: Plan | None) -> dict[str, Any] | None:
    """The plan as a JSON object, or None when there is none."""
    return None if plan is None else encode_object(plan, SHAPES)


SHAPES: Shapes = {
    Plan: Shape(
        order=("basis", "health_risk", "hotspot_risk", "candidates", "budget_days",
               "over_budget", "unchecked_dependencies", "days", "benefit", "settings", "items"),
        derived={
            "basis": lambda plan: plan.settings.get("basis"),
            "health_risk": lambda plan: plan.settings.get("health-risk"),
        },
        through={"settings": lambda settings: {
            k: v for k, v in settings.items() if k not in _SHOWN_APART
        }},
        digits={"hotspot_risk": 2, "benefit": _POINTS},
    ),
    PlanItem: Shape(
        order=("rank", "kind", "kinds", "action", "target", "benefit", "effort", "days", "place",
               "reasons"),
        through={"action": str},
        digits={"benefit": _POINTS},
    ),
    Reason: Shape(digits={"points": _POINTS}),
}  # fmt: skip
"""Where the plan's JSON differs from its dataclasses; the rest is their fields as declared."""

_DOCUMENT: Shapes = {
    **SHAPES,
    # Of a scan, the plan document writes only the plan and what was left out of it.
    ScanResult: Shape(order=("partial", "plan", "notices")),
    Notice: NOTICE,
}
