"""CV102 cognitive-complexity: a function that is hard to follow."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when cognitive complexity reaches the threshold."""
    if RULE.exceeds(function.cognitive, threshold):
        yield Reading(
            function.line,
            function.cognitive,
            f"`{function.name}` has cognitive complexity {function.cognitive} "
            f"(threshold {threshold:g}); flatten nesting or extract the inner steps",
        )


RULE = Rule(
    code="CV102",
    name="cognitive-complexity",
    title="High Cognitive Complexity",
    target=Level.FUNCTION,
    severity=Severity.MAJOR,
    threshold=15,
    weight=0.4,
    unit="cognitive complexity",
    what="Flags functions whose cognitive complexity (SonarSource specification, G. Ann "
    "Campbell) reaches the threshold: +1 for each break in linear flow (`if`, `elif`, "
    "`else`, loops, `except`, `match`, conditional expressions, each run of like boolean "
    "operators, recursion), plus the nesting level for the structural ones.",
    why="Unlike cyclomatic complexity it charges nesting, which is what makes code hard to "
    "read: ten flat `if`s are easier than four nested ones.",
    example="def sync(items):\n"
    "    for item in items:              # +1\n"
    "        if item.dirty:              # +2 (nesting 1)\n"
    "            for dep in item.deps:   # +3 (nesting 2)\n"
    "                if dep and dep.ok:  # +4 (nesting 3), +1 for `and`",
    options="`threshold` (default 15): `--threshold cognitive-complexity=25`.",
    detect=detect,
)
