"""The pay-down plan as JSON: `plan` in a scan report, and the document `codevitals plan` writes.

Described by `schemas/plan.schema.json`; the scan schema refers to its `plan` definition.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import ScanResult
from codevitals.model.plan import Plan, PlanItem, Reason, Target
from codevitals.report.json.lines import header, notices, write_lines

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
    return {
        **header(result.tool_version, result.root, result.commit),
        "partial": result.partial,
        "plan": plan_section(result.plan),
        "notices": notices(result.notices),
    }


_SHOWN_APART = frozenset({"basis", "health-risk"})
"""Settings the document shows as fields of their own."""


def plan_section(plan: Plan | None) -> dict[str, Any] | None:
    """The plan as a JSON object, or None when there is none."""
    if plan is None:
        return None
    return {
        "basis": plan.settings.get("basis"),
        "health_risk": plan.settings.get("health-risk"),
        "hotspot_risk": round(plan.hotspot_risk, 2),
        "candidates": plan.candidates,
        "budget_days": plan.budget_days,
        "over_budget": plan.over_budget,
        "unchecked_dependencies": plan.unchecked_dependencies,
        "days": plan.days,
        "benefit": round(plan.benefit, _POINTS),
        "settings": {k: v for k, v in plan.settings.items() if k not in _SHOWN_APART},
        "items": [_item(item) for item in plan.items],
    }


def _item(item: PlanItem) -> dict[str, Any]:
    return {
        "rank": item.rank,
        "kind": item.kind.value,
        "kinds": [kind.value for kind in item.kinds],
        "action": str(item.action),
        "target": _target(item.target),
        "benefit": round(item.benefit, _POINTS),
        "effort": item.effort.value,
        "days": item.days,
        "place": item.place.value,
        "reasons": [_reason(reason) for reason in item.reasons],
    }


def _target(target: Target) -> dict[str, Any]:
    return {
        "path": target.path,
        "function": target.function,
        "line": target.line,
        "package": target.package,
    }


def _reason(reason: Reason) -> dict[str, Any]:
    return {"signal": reason.signal, "text": reason.text, "points": round(reason.points, _POINTS)}
