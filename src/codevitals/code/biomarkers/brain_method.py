"""CV108 brain-method: a large, complex, deeply nested function that centralises behaviour."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when a function is at once large, complex and deeply nested."""
    large = function.code_lines > threshold
    complex_ = function.cyclomatic >= limits["complex-method"]
    nested = function.nesting >= limits["deep-nesting"]
    if large and complex_ and nested:
        yield Reading(
            function.line,
            function.code_lines,
            f"`{function.name}` is a brain method: {function.code_lines} lines, cyclomatic "
            f"complexity {function.cyclomatic}, nesting {function.nesting}; split it into "
            "smaller functions, one responsibility each",
        )


RULE = Rule(
    code="CV108",
    name="brain-method",
    title="Brain Method",
    target=Level.FUNCTION,
    severity=Severity.CRITICAL,
    threshold=70,
    strict=True,
    weight=0.8,
    unit="code lines",
    what="Flags functions that are at once large (more than `threshold` code lines), complex "
    "(the `complex-method` threshold) and deeply nested (the `deep-nesting` threshold): "
    "Lanza and Marinescu's Brain Method detection strategy. Their fourth condition, many "
    "accessed variables, is not measured in this version.",
    why="A brain method tends to centralise the behaviour of its module. It is the usual "
    "home of hotspots: everyone has to change it, and nobody can change it safely.",
    example="def run(self):\n    # 200 lines, 30 branches, loops inside conditions inside loops",
    options="`threshold` (default 70 code lines): `--threshold brain-method=100`. It also "
    "uses the thresholds of `complex-method` and `deep-nesting`.",
    detect=detect,
)
