"""CV105 complex-conditional: a branch condition combining many boolean operators."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire once for each condition with at least `threshold` operators."""
    for condition in function.conditions:
        if RULE.exceeds(condition.operators, threshold):
            yield Reading(
                condition.line,
                condition.operators,
                f"condition with {condition.operators} boolean operators in "
                f"`{function.name}` (threshold {threshold:g}); name it with a variable or "
                "a function",
            )


RULE = Rule(
    code="CV105",
    name="complex-conditional",
    title="Complex Conditional",
    target=Level.FUNCTION,
    severity=Severity.MINOR,
    threshold=2,
    weight=0.2,
    unit="boolean operators",
    what="Flags `if`, `elif` and `while` conditions that use at least `threshold` `and`/`or` "
    "operators.",
    why="A compound condition states a business rule without naming it. Readers must "
    "evaluate it in their head, and it is easy to get wrong when it changes.",
    example="if user.active and not user.banned or user.admin and settings.debug:\n"
    "    ...\n"
    "# better: if may_enter(user, settings): ...",
    options="`threshold` (default 2): `--threshold complex-conditional=3`.",
    detect=detect,
)
