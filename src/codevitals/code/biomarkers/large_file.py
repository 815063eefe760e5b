"""CV201 large-file: a module with many lines of code."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import FileSubject, Level, Limits, Reading, Rule
from codevitals.model import Severity


def detect(subject: FileSubject, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire when the file's code lines exceed the threshold."""
    code_lines = subject.metrics.code_lines
    if RULE.exceeds(code_lines, threshold):
        yield Reading(
            1,
            code_lines,
            f"{code_lines} lines of code (threshold {threshold:g}); split the module by "
            "responsibility",
        )


RULE = Rule(
    code="CV201",
    name="large-file",
    title="Large File",
    target=Level.FILE,
    severity=Severity.MAJOR,
    threshold=1000,
    strict=True,
    weight=0.4,
    unit="code lines",
    what="Flags files with more than `threshold` lines of code.",
    why="Large modules mix responsibilities, attract change from many directions and make "
    "merge conflicts and accidental coupling likely.",
    example="# models.py: 4,000 lines holding every model, query helper and validator",
    options="`threshold` (default 1000): `--threshold large-file=1500`.",
    detect=detect,
)
