"""CV103 deep-nesting: control flow nested many levels deep."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when the deepest block reaches the threshold."""
    if RULE.exceeds(function.nesting, threshold):
        yield Reading(
            function.line,
            function.nesting,
            f"`{function.name}` nests control flow {function.nesting} levels deep "
            f"(threshold {threshold:g}); use guard clauses or extract the inner block",
        )


RULE = Rule(
    code="CV103",
    name="deep-nesting",
    title="Deep, Nested Complexity",
    target=Level.FUNCTION,
    severity=Severity.MAJOR,
    threshold=4,
    weight=0.4,
    unit="nesting depth",
    what="Flags functions whose control flow is nested at least `threshold` blocks deep. "
    "Blocks are the bodies of `if`/`elif`/`else`, loops, `except` and `case`; a `try` or "
    "`with` body does not add a level, matching SonarSource's nesting rules.",
    why="Every level of nesting is a condition the reader must hold in mind to understand "
    "the innermost line. Deeply nested code is where defects hide.",
    example="def handle(events):\n"
    "    for event in events:\n"
    "        if event.valid:\n"
    "            for target in event.targets:\n"
    "                if target.ready:   # depth 4\n"
    "                    ...",
    options="`threshold` (default 4): `--threshold deep-nesting=5`.",
    detect=detect,
)
