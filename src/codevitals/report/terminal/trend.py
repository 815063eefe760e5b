"""The terminal trend: one small chart per measure, then the top hotspots' own health.

Each item takes two lines, as in the scan summary: first → last with the change, coloured by
whether it is better or worse for that measure, then a block sparkline (one character per
point, oldest left, scaled between the series' lowest and highest values) with those
extremes. A sparkline spans at least one block per step shown (0.1 of health, one alert
file), so a change too small to show in the figures draws flat, never as a cliff. Every line
fits in 80 columns; a long series is thinned to the last point of each of at most
`CHART_WIDTH` equal slices.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import ClassVar, TextIO

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model.trend import (
    HEALTH,
    HOTSPOT_HEALTH,
    LIBYEAR,
    METRICS,
    VULNERABLE,
    Change,
    Direction,
    Metric,
    PathTrend,
    PointSource,
    Trend,
)
from codevitals.report.terminal.style import health_cell, health_style, print_sections
from codevitals.report.words import plural

CHART_WIDTH = 32
"""Characters of a sparkline at most."""
PATH_WIDTH = 70
"""Characters of a path at most; longer ones lose their first folders."""
BLOCKS = "▁▂▃▄▅▆▇█"
LABEL_WIDTH = 16
INDENT = "    "
_DAY = 86_400
_DIRECTION_STYLE = {Direction.BETTER: "green", Direction.WORSE: "red", Direction.SAME: "dim"}
_HEALTH_METRICS = frozenset({HEALTH.key, HOTSPOT_HEALTH.key})
_DEPENDENCY_METRICS = frozenset({LIBYEAR.key, VULNERABLE.key})
_MOST_HEALTH = 10.0
_MIDDLE = len(BLOCKS) // 2 - 1
"""The block a flat series draws with."""


class TrendTerminalReporter:
    """Renders a trend compactly; plain text when not writing to a terminal."""

    format_name: ClassVar[str] = "terminal"

    def __init__(self, root: str, tool_version: str, commit: str | None) -> None:
        self.root = root
        self.tool_version = tool_version
        self.commit = commit

    def report(self, trend: Trend, out: TextIO) -> None:
        """Print the trend to `out`."""
        print_sections([self._title(trend), *sections(trend)], out)

    def _title(self, trend: Trend) -> Text:
        where = self.root + (f" @ {self.commit[:10]}" if self.commit else "")
        partial = Text("  partial results: see notices", style="yellow") if trend.partial else ""
        return Text.assemble(
            ("codevitals ", "bold"), (self.tool_version, "dim"), "  ", (where, "cyan"), partial
        )


def sections(trend: Trend) -> list[RenderableType]:
    """The trend's sections, for `codevitals trend` and the scan summary alike."""
    files = "the newest point's top hotspots, their health at each point"
    folders = "production health of the folders holding them"
    return [
        heading(trend),
        *(series_rows(trend, metric) for metric in METRICS),
        *path_section("Hotspots", files, trend, trend.files),
        *path_section("Folders", folders, trend, trend.folders),
    ]


def heading(trend: Trend) -> Text:
    """`Trend  2024-01-31 → 2025-01-31, every 1m: 13 snapshots, 2 recorded scans`."""
    snapshots = sum(1 for p in trend.points if p.source is PointSource.SNAPSHOT)
    scans = len(trend.points) - snapshots
    counts = [plural(snapshots, "snapshot")] if snapshots else []
    counts += [plural(scans, "recorded scan")] if scans else []
    step = f", every {trend.every}" if trend.every else ""
    since = date(trend.since) if trend.since is not None else "the first commit"
    return Text.assemble(
        ("\nTrend  ", "bold"), f"{since} → {date(trend.as_of)}{step}: ", (", ".join(counts), "dim")
    )


def series_rows(trend: Trend, metric: Metric) -> Group:
    """Two lines: first → last with the change, then the sparkline with its extremes."""
    change = trend.change(metric)
    label = Text("  " + metric.label.ljust(LABEL_WIDTH))
    if change is None:
        return Group(Text.assemble(label, (unknown_reason(trend, metric), "dim")))
    values = [p.measures.value(metric) for p in trend.points]
    health = metric.key in _HEALTH_METRICS
    return Group(
        Text.assemble(label, *_movement(change, health=health)),
        _chart(values, metric.digits, _MOST_HEALTH if health else None),
    )


def unknown_reason(trend: Trend, metric: Metric) -> str:
    """Why a measure has no value at any point, as far as the trend knows."""
    if metric.key not in _DEPENDENCY_METRICS:
        return "unknown at every point"
    if trend.settings.get("dependencies") is False:
        return "not measured (--no-deps)"
    unchecked = max((p.measures.unknown_dependencies for p in trend.points), default=0)
    if not unchecked:
        return "unknown at every point (no manifests)"
    return f"unknown at every point ({plural(unchecked, 'dependency', 'dependencies')} unchecked)"


def path_section(
    name: str, note: str, trend: Trend, items: Sequence[PathTrend]
) -> list[RenderableType]:
    """A file's or folder's health: now, first → last, then its sparkline."""
    if not items:
        return []
    rows: list[RenderableType] = [Text.assemble((f"\n{name}", "bold"), (f"  {note}", "dim"))]
    for item in items:
        change = trend.path_change(item)
        if change is None:
            continue
        now = health_cell(change.last)
        rows.append(Text.assemble(" ", now, "  ", (shorten(item.path), "cyan")))
        low, high = chart_range(item.health, HEALTH.digits, _MOST_HEALTH)
        line = sparkline(thin(item.health, CHART_WIDTH), low, high)
        rows.append(Text.assemble(INDENT, (line, "cyan"), "  ", *_movement(change, health=True)))
    return rows


def shorten(path: str, width: int = PATH_WIDTH) -> str:
    """`path`, or `…/` and as many of its last parts as fit in `width`."""
    if len(path) <= width:
        return path
    parts = path.split("/")
    while len(parts) > 1 and len("…/" + "/".join(parts)) > width:
        parts.pop(0)
    return "…/" + "/".join(parts)


def _movement(change: Change, *, health: bool) -> list[Text | str]:
    """`7.1 → 6.4  ▼ 0.7 over 12 months`, coloured by direction (and band, for health)."""
    metric = change.metric
    digits = metric.digits
    last = Text(f"{change.last:.{digits}f}", style=health_style(change.last) if health else "bold")
    moved_by = metric.change(change.first, change.last)
    direction = change.direction
    if direction is Direction.SAME:
        moved = Text("= no change", style="dim")
    else:
        arrow = "▲" if moved_by > 0 else "▼"
        moved = Text(f"{arrow} {abs(moved_by):.{digits}f}", style=_DIRECTION_STYLE[direction])
    over = f" over {span(change.last_at - change.first_at)}" if change.points > 1 else ""
    return [f"{change.first:.{digits}f} → ", last, "  ", moved, Text(over, style="dim")]


def _chart(values: Sequence[float | None], digits: int, ceiling: float | None) -> Text:
    line = sparkline(thin(values, CHART_WIDTH), *chart_range(values, digits, ceiling))
    low, high = (f"{v:.{digits}f}" for v in _extremes(values))
    extremes = f"  low {low} · high {high}" if high != low else ""
    return Text.assemble(INDENT, (line, "cyan"), (extremes, "dim"))


def chart_range(
    values: Sequence[float | None], digits: int, ceiling: float | None = None
) -> tuple[float, float]:
    """The range a sparkline spans: the extremes, widened to one block per step shown at least.

    Widened so that their middle draws as the middle block (a wiggle of less than half a step
    shown stays flat), kept at or above 0 (no measure is negative) and at or below `ceiling`
    (health is at most 10, so a perfect 10 draws as a full block).
    """
    low, high = _extremes(values)
    step = 10.0**-digits
    least = (len(BLOCKS) - 1) * step
    if high - low >= least:
        return low, high
    low = max(0.0, (low + high) / 2 - _MIDDLE * step)
    if ceiling is not None:
        low = min(low, ceiling - least)
    return low, low + least


def _extremes(values: Sequence[float | None]) -> tuple[float, float]:
    known = [v for v in values if v is not None]
    return min(known), max(known)


def sparkline(values: Sequence[float | None], low: float, high: float) -> str:
    """One block per value, scaled between `low` and `high`.

    All values equal show a middle block; an unknown value is a space. Halves round down, so
    a value midway shows the lower middle block, as a flat series does.
    """
    scale = (len(BLOCKS) - 1) / (high - low) if high > low else 0.0
    middle = BLOCKS[_MIDDLE]
    return "".join(
        " " if v is None else (BLOCKS[math.ceil((v - low) * scale - 0.5)] if scale else middle)
        for v in values
    )


def thin(values: Sequence[float | None], width: int) -> list[float | None]:
    """At most `width` values: the last of each of `width` equal slices."""
    if len(values) <= width:
        return list(values)
    return [values[((i + 1) * len(values)) // width - 1] for i in range(width)]


def span(seconds: float) -> str:
    """A duration as people say it: `40 minutes`, `5 days`, `3 weeks`, `7 months`, `2 years`."""
    days = seconds / _DAY
    if days < 1:
        hours = seconds / 3600
        return (
            plural(round(hours), "hour")
            if hours >= 1.5
            else plural(max(1, round(seconds / 60)), "minute")
        )
    if days < 14:
        return plural(round(days), "day")
    if days < 61:
        return plural(round(days / 7), "week")
    months = round(days / (365.2425 / 12))
    return plural(months, "month") if months < 24 else plural(round(months / 12), "year")


def date(moment: int) -> str:
    """A Unix time as `2024-01-31` (UTC)."""
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")
