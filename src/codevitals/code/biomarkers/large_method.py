"""CV106 large-method: a function with many lines of code."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when code lines exceed the threshold."""
    if RULE.exceeds(function.code_lines, threshold):
        yield Reading(
            function.line,
            function.code_lines,
            f"`{function.name}` has {function.code_lines} lines of code "
            f"(threshold {threshold:g}); extract cohesive steps",
        )


RULE = Rule(
    code="CV106",
    name="large-method",
    title="Large Method",
    target=Level.FUNCTION,
    severity=Severity.MAJOR,
    threshold=70,
    strict=True,
    weight=0.4,
    unit="code lines",
    what="Flags functions with more than `threshold` lines of code (lines holding code: not "
    "blank, not only a comment, not a docstring).",
    why="Long functions do many things. They are hard to name, to test and to reuse, and "
    "every change to one of their steps risks the others.",
    example="def main():\n    # 150 lines of parsing, validation, I/O and formatting",
    options="`threshold` (default 70): `--threshold large-method=100`.",
    detect=detect,
)
