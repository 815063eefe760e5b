"""Which commits a trend measures: the tip of HEAD's first-parent line at sampled moments.

Moments step back from the end of the range, `until − k × every` (months and years are
calendar months, as everywhere else), down to the start of the range. The commit at a moment
is the newest commit of HEAD's first-parent line committed at or before it: what the main
line looked like then. Committer time is used because it says when a change landed on the
line, whatever its author date. One `git log --first-parent` lists the line with those times.

Moments before the first commit are left out; moments that find the same commit make one
snapshot, measured at the newest of them (the last moment that code was the tip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from codevitals import git
from codevitals.errors import UsageError
from codevitals.history.since import Since
from codevitals.trend.options import MAX_SNAPSHOTS


class LineCommit(NamedTuple):
    """A commit of the first-parent line and when it was committed."""

    sha: str
    time: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A commit to measure, and the moment it is measured at."""

    commit: str
    commit_time: int
    at: int
    """The newest sampled moment that found this commit."""
    moments: int = 1
    """How many sampled moments found it."""


def first_parent_line(top: Path, tip: str) -> list[LineCommit]:
    """HEAD's first-parent line, newest first, with committer times."""
    out = git.run(top, "log", "--first-parent", "--format=%H %ct", "--no-color", tip, "--")
    line: list[LineCommit] = []
    for row in out.decode("ascii").splitlines():
        sha, _, time = row.partition(" ")
        line.append(LineCommit(sha, int(time)))
    return line


def moments(until: float, start: float, every: Since) -> list[int]:
    """Sampled moments from `until` back to `start`, newest first."""
    if not every.unit or every.count <= 0:
        raise UsageError(f"--every takes a span such as 1m, 2w or 7d, not {every.text!r}")
    found: list[int] = []
    while True:
        step = Since(every.text, count=len(found) * every.count, unit=every.unit)
        moment = step.start(until)
        if moment is None or moment < start:
            return found
        if len(found) == MAX_SNAPSHOTS:
            raise UsageError(
                f"--every {every.text} samples more than {MAX_SNAPSHOTS:,} moments in this "
                "range: choose a longer step or a shorter --since"
            )
        found.append(int(moment))


def choose(line: Sequence[LineCommit], sampled: Sequence[int]) -> list[Snapshot]:
    """The snapshot of each moment (newest first), one per commit.

    Moments older than the first commit find none and are left out.
    """
    chosen: list[Snapshot] = []
    index = 0
    for moment in sampled:  # newest first, so the commit found only ever gets older
        while index < len(line) and line[index].time > moment:
            index += 1
        if index == len(line):
            break
        commit = line[index]
        if chosen and chosen[-1].commit == commit.sha:
            last = chosen[-1]
            chosen[-1] = Snapshot(last.commit, last.commit_time, last.at, last.moments + 1)
        else:
            chosen.append(Snapshot(commit.sha, commit.time, moment))
    return chosen
