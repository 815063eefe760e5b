"""CV107 excess-arguments: a function that takes many arguments."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when the argument count exceeds the threshold."""
    if RULE.exceeds(function.arguments, threshold):
        yield Reading(
            function.line,
            function.arguments,
            f"`{function.name}` takes {function.arguments} arguments "
            f"(threshold {threshold:g}); group the related ones into an object",
        )


RULE = Rule(
    code="CV107",
    name="excess-arguments",
    title="Excess Number of Function Arguments",
    target=Level.FUNCTION,
    severity=Severity.MINOR,
    threshold=4,
    strict=True,
    weight=0.2,
    unit="arguments",
    what="Flags functions with more than `threshold` arguments. A method's bound first "
    "argument (`self`, `cls`) does not count; `*args` and `**kwargs` count one each.",
    why="Many arguments usually mean a missing abstraction (several arguments that always "
    "travel together) or a function doing several jobs. Call sites become hard to read.",
    example="def book(name, email, phone, room, start, end, notes):\n"
    "    ...\n"
    "# better: def book(guest: Guest, stay: Stay, notes: str)",
    options="`threshold` (default 4): `--threshold excess-arguments=6`.",
    detect=detect,
)
