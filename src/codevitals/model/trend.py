"""Trends: how a repository's measures moved over time.

A trend is a series of points, oldest first. A *snapshot* point is computed from the tree of
the commit that was the tip of HEAD's first-parent line at a sampled moment; a *scan* point
is a `codevitals scan` recorded in the scan store (of a commit, or of a work tree with
uncommitted changes). Every point carries the same measures; one that could not be measured
is None, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from codevitals.model import Notice


class PointSource(StrEnum):
    """Where a point of a trend comes from."""

    SNAPSHOT = "snapshot"
    """Computed from a commit's tree in git objects."""
    SCAN = "scan"
    """A recorded `codevitals scan`."""


class Direction(StrEnum):
    """Which way a measure moved, judged by what is better for it."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Metric:
    """One measure a trend follows, and how to read it."""

    key: str
    label: str
    higher_is_better: bool
    digits: int
    """Decimals shown; changes smaller than the last one shown count as no change."""

    def direction(self, first: float, last: float) -> Direction:
        """Whether going from `first` to `last` is better, worse or no change, as shown."""
        change = self.change(first, last)
        if change == 0:
            return Direction.SAME
        return Direction.BETTER if (change > 0) == self.higher_is_better else Direction.WORSE

    def change(self, first: float, last: float) -> float:
        """The change between the values as shown (rounded to `digits`)."""
        return round(round(last, self.digits) - round(first, self.digits), self.digits)


HEALTH = Metric("health", "health", higher_is_better=True, digits=1)
HOTSPOT_HEALTH = Metric("hotspot_health", "hotspot health", higher_is_better=True, digits=1)
ALERT_FILES = Metric("alert_files", "alert files", higher_is_better=False, digits=0)
DUPLICATION = Metric("duplication", "duplication %", higher_is_better=False, digits=1)
LIBYEAR = Metric("libyear", "libyear", higher_is_better=False, digits=1)
VULNERABLE = Metric("vulnerable", "vulnerable deps", higher_is_better=False, digits=0)
METRICS = (HEALTH, HOTSPOT_HEALTH, ALERT_FILES, DUPLICATION, LIBYEAR, VULNERABLE)
"""Every measure, in the order reports show them."""


@dataclass(frozen=True, slots=True)
class Measures:
    """What a point measures; None where it could not be measured."""

    health: float | None = None
    """Production health, lines-weighted, as `codevitals scan` reports it."""
    hotspot_health: float | None = None
    """Lines-weighted health of the top production hotspots of the year before the point."""
    alert_files: int | None = None
    """Production files in the alert band."""
    duplication: float | None = None
    """Percentage of code lines (production and tests) inside duplicated blocks."""
    libyear: float | None = None
    """Summed libyear of the dependencies, against the releases available at the point."""
    vulnerable: int | None = None
    """Dependencies pinned to a version with a known vulnerability."""
    unknown_dependencies: int = 0
    """Dependencies that could not be checked: libyear and vulnerable leave them out."""

    def value(self, metric: Metric) -> float | None:
        """The value of one measure."""
        found: float | None = getattr(self, metric.key)
        return found


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The measures of the code at one moment."""

    at: int
    """The moment measured (Unix seconds): a snapshot's sampled moment, or a scan's time."""
    commit: str | None
    """The commit measured (for a scan of a changed work tree, the commit it changed)."""
    commit_time: int | None
    """When that commit was made (committer time)."""
    source: PointSource
    measures: Measures
    dirty: bool = False
    """A scan of a work tree with uncommitted changes."""
    partial: bool = False
    """Some input could not be read in full; the measures cover what could."""


@dataclass(frozen=True, slots=True)
class PathTrend:
    """The health of one file or folder at each point of a trend (None where absent)."""

    path: str
    health: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """How a series moved from its first known value to its last."""

    metric: Metric
    first: float
    last: float
    first_at: int
    last_at: int
    points: int
    """Points with a value."""

    @property
    def direction(self) -> Direction:
        """Better, worse or the same, for this measure."""
        return self.metric.direction(self.first, self.last)


@dataclass(frozen=True, slots=True)
class Trend:
    """A repository's measures over time, with the top hotspots' own health."""

    as_of: int
    """The end of the range: the newest moment sampled."""
    since: int | None
    """The start of the range."""
    every: str
    """The step between sampled moments, as given (`1m`, `2w`)."""
    points: tuple[TrendPoint, ...]
    files: tuple[PathTrend, ...] = ()
    """The top production hotspots of the newest point, each file's health at each point."""
    folders: tuple[PathTrend, ...] = ()
    """The folders holding those files, each folder's production health at each point."""
    notices: tuple[Notice, ...] = ()
    partial: bool = False
    settings: dict[str, object] = field(default_factory=dict)

    def change(self, metric: Metric) -> Change | None:
        """The first and last known values of a measure; None with none known."""
        known = [(p.at, v) for p in self.points if (v := p.measures.value(metric)) is not None]
        if not known:
            return None
        (first_at, first), (last_at, last) = known[0], known[-1]
        return Change(metric, first, last, first_at, last_at, len(known))

    def path_change(self, item: PathTrend) -> Change | None:
        """How a file's or folder's health moved over the points where it existed."""
        known = [(p.at, v) for p, v in zip(self.points, item.health, strict=True) if v is not None]
        if not known:
            return None
        (first_at, first), (last_at, last) = known[0], known[-1]
        return Change(HEALTH, first, last, first_at, last_at, len(known))
