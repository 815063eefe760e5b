"""Putting a trend together: points from snapshots and recorded scans, oldest first.

A recorded clean scan of a commit and a snapshot of the same commit measure the same code:
only the later of the two is kept. The files whose own trend is shown are the top production
hotspots of the newest point, and the folders are those holding them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from codevitals.model import Notice
from codevitals.model.trend import PathTrend, Trend, TrendPoint
from codevitals.trend.store import Row

Lookup = Callable[[str], float | None]


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """A point with what it knows of its hotspots and of the health of files and folders."""

    point: TrendPoint
    hotspots: tuple[str, ...] = ()
    file_health: Lookup = field(default=lambda path: None)
    folder_health: Lookup = field(default=lambda folder: None)


@dataclass(frozen=True, slots=True)
class Frame:
    """What a trend covers and how it was made."""

    as_of: int
    since: int | None
    every: str
    top: int
    notices: tuple[Notice, ...] = ()
    partial: bool = False
    settings: dict[str, object] = field(default_factory=dict)


def from_row(row: Row, *, history_settings: str) -> SeriesPoint:
    """The entry of a stored row; its hotspot health only if measured the same way."""
    measures = row.measures
    if row.history_settings != history_settings:
        measures = dataclasses.replace(measures, hotspot_health=None)
    point = TrendPoint(
        at=row.at,
        commit=row.commit,
        commit_time=row.commit_time,
        source=row.kind,
        measures=measures,
        dirty=row.dirty,
        partial=row.partial,
    )
    return SeriesPoint(point, row.hotspots, row.files.get, row.folders.get)


def recorded(rows: Iterable[Row], line: Collection[str], start: int | None, end: int) -> list[Row]:
    """Rows measured between `start` and `end` of commits on the first-parent `line`."""
    return [
        row
        for row in rows
        if row.commit in line and (start is None or row.at >= start) and row.at <= end
    ]


def build(entries: Iterable[SeriesPoint], frame: Frame) -> Trend:
    """The trend of these points, oldest first, with the top hotspots' own trends."""
    chosen = _dedupe(sorted(entries, key=lambda e: (e.point.at, e.point.source.value)))
    files = list(chosen[-1].hotspots[: frame.top]) if chosen else []
    folders = list(dict.fromkeys(parent for path in files if (parent := folder_of(path))))
    return Trend(
        as_of=frame.as_of,
        since=frame.since,
        every=frame.every,
        points=tuple(entry.point for entry in chosen),
        files=tuple(PathTrend(p, tuple(e.file_health(p) for e in chosen)) for p in files),
        folders=tuple(PathTrend(f, tuple(e.folder_health(f) for e in chosen)) for f in folders),
        notices=frame.notices,
        partial=frame.partial or any(entry.point.partial for entry in chosen),
        settings=frame.settings,
    )


def folder_of(path: str) -> str:
    """The folder holding a file ("" at the top)."""
    return path.rpartition("/")[0]


def _dedupe(entries: Sequence[SeriesPoint]) -> list[SeriesPoint]:
    """One point per measured commit among clean points: the latest."""
    latest: dict[str, int] = {}
    for index, entry in enumerate(entries):
        point = entry.point
        if point.commit is not None and not point.dirty:
            latest[point.commit] = index
    return [
        entry
        for index, entry in enumerate(entries)
        if entry.point.dirty or entry.point.commit is None or latest[entry.point.commit] == index
    ]
