"""CV203 duplicated-code: code that appears elsewhere token for token."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import FileSubject, Level, Limits, Reading, Rule
from codevitals.model import Severity


def detect(subject: FileSubject, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire once for each duplicated region of the file."""
    for region in subject.duplicated:
        if RULE.exceeds(region.lines, threshold):
            yield Reading(
                region.line,
                region.lines,
                f"lines {region.line}-{region.end_line} ({region.lines} lines of code) also "
                f"appear at {region.other}; extract the shared logic",
            )


RULE = Rule(
    code="CV203",
    name="duplicated-code",
    title="Code Duplication",
    target=Level.FILE,
    severity=Severity.MINOR,
    threshold=6,
    weight=0.2,
    unit="duplicated code lines",
    what="Flags regions of at least `threshold` code lines (and at least "
    "`duplication-min-tokens` tokens) that appear elsewhere in the repository with the same "
    "tokens. Comments, layout, docstrings and import lines are ignored. Overlapping "
    "duplicates in one file count as one region.",
    why="Copies drift apart: a fix applied to one copy is missing from the others, and "
    "every change has to be made several times.",
    example="# api/users.py and api/teams.py both hold the same 12-line pagination loop",
    options="`threshold` (default 6 lines): `--threshold duplicated-code=10`; "
    "`duplication-min-tokens` (default 50).",
    detect=detect,
)
