"""CV101 complex-method: a function with many independent paths through it."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when McCabe complexity reaches the threshold."""
    if RULE.exceeds(function.cyclomatic, threshold):
        yield Reading(
            function.line,
            function.cyclomatic,
            f"`{function.name}` has cyclomatic complexity {function.cyclomatic} "
            f"(threshold {threshold:g}); split it along its branches",
        )


RULE = Rule(
    code="CV101",
    name="complex-method",
    title="Complex Method",
    target=Level.FUNCTION,
    severity=Severity.MAJOR,
    threshold=9,
    weight=0.4,
    unit="cyclomatic complexity",
    what="Flags functions whose McCabe cyclomatic complexity — one plus the number of branch "
    "points (`if`, `elif`, loops, `except`, `case`, a `try`'s `else`, nested functions) — "
    "reaches the threshold. The value equals ruff's C901 for every function.",
    why="Each independent path needs its own test and its own place in a reader's head. "
    "Functions with many paths attract defects and are hard to change safely.",
    example="def price(order):\n"
    "    if order.member:\n"
    "        ...\n"
    "    elif order.coupon:\n"
    "        ...\n"
    "    for line in order.lines:\n"
    "        if line.sale:\n"
    "            ...",
    options="`threshold` (default 9): `--threshold complex-method=12`.",
    detect=detect,
)
