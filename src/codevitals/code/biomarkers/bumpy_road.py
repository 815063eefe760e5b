"""CV104 bumpy-road: a function with several separate chunks of nested logic."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import Level, Limits, Reading, Rule
from codevitals.model import FunctionMetrics, Severity


def detect(function: FunctionMetrics, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when the number of bumps reaches the threshold."""
    bumps = len(function.bumps)
    if RULE.exceeds(bumps, threshold):
        where = ", ".join(f"line {bump.line} (depth {bump.depth})" for bump in function.bumps)
        yield Reading(
            function.line,
            bumps,
            f"`{function.name}` has {bumps} bumps of nested logic: {where}; "
            "extract each bump into a function of its own",
        )


RULE = Rule(
    code="CV104",
    name="bumpy-road",
    title="Bumpy Road Ahead",
    target=Level.FUNCTION,
    severity=Severity.MAJOR,
    threshold=2,
    weight=0.4,
    unit="bumps",
    what="Flags functions with at least `threshold` bumps. A bump is a top-level statement of "
    "the function (`if`, loop, `try`, `match`) whose blocks nest at least two deep.",
    why="Each bump is a missing abstraction: a step of the algorithm written inline. Several "
    "of them in one function mean a reader must understand every step to change any.",
    example="def import_rows(rows):\n"
    "    for row in rows:          # bump 1\n"
    "        if row.new:\n"
    "            ...\n"
    "    if report:                # bump 2\n"
    "        for line in report:\n"
    "            ...",
    options="`threshold` (default 2): `--threshold bumpy-road=3`.",
    detect=detect,
)
