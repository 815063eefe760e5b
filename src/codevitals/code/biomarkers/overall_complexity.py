"""CV204 overall-complexity: a file whose functions are complex on average."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import FileSubject, Level, Limits, Reading, Rule
from codevitals.model import Severity

MIN_FUNCTIONS = 3
"""A mean over fewer functions says little that `complex-method` does not already say."""


def detect(subject: FileSubject, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when the mean cyclomatic complexity of the file's functions reaches the threshold."""
    units = [f for f in subject.metrics.functions if not f.nested]
    if len(units) < MIN_FUNCTIONS:
        return
    mean = sum(f.cyclomatic for f in units) / len(units)
    if RULE.exceeds(mean, threshold):
        yield Reading(
            1,
            round(mean, 2),
            f"mean cyclomatic complexity {mean:.1f} over {len(units)} functions "
            f"(threshold {threshold:g}); avoid adding conditionals, simplify the worst",
        )


RULE = Rule(
    code="CV204",
    name="overall-complexity",
    title="Overall Code Complexity",
    target=Level.FILE,
    severity=Severity.MAJOR,
    threshold=4,
    weight=0.4,
    unit="mean cyclomatic complexity",
    what="Flags files whose functions (at least three, nested ones excluded) have a mean "
    "cyclomatic complexity of at least `threshold`.",
    why="When most functions of a module are branchy, the module as a whole is hard to "
    "reason about even if no single function stands out.",
    example="# handlers.py: 40 functions with a mean cyclomatic complexity of 6",
    options="`threshold` (default 4): `--threshold overall-complexity=5`.",
    detect=detect,
)
