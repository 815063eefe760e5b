"""JSON for trends, described by `schemas/trend.schema.json`.

`codevitals trend --format json` writes a document whose top-level lists (series, points,
files, folders, notices) have one element per line; `codevitals scan --format json` carries
the same content as its `trend` object when the scan store holds earlier points (`section`).
Times are ISO 8601 in UTC; health and libyear are rounded to 2 decimals, duplication is a
percentage.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model.trend import METRICS, Change, Metric, PathTrend, Trend, TrendPoint
from codevitals.report.json.history import iso
from codevitals.report.json.lines import header, notices, write_lines


class TrendJsonReporter:
    """Writes a trend as one JSON document."""

    format_name: ClassVar[str] = "json"

    def __init__(self, root: str, tool_version: str, commit: str | None) -> None:
        self.root = root
        self.tool_version = tool_version
        self.commit = commit

    def report(self, trend: Trend, out: TextIO) -> None:
        """Write the document with one line per list element."""
        head = header(self.tool_version, self.root, self.commit)
        write_lines({**head, **section(trend)}, out)


def section(trend: Trend) -> dict[str, Any]:
    """The trend as a JSON object (also the `trend` object of a scan document)."""
    return {
        "as_of": iso(trend.as_of),
        "since": iso(trend.since),
        "every": trend.every or None,
        "partial": trend.partial,
        "settings": trend.settings,
        "series": [_series(metric, trend.change(metric)) for metric in METRICS],
        "points": [_point(point) for point in trend.points],
        "files": [_path(item) for item in trend.files],
        "folders": [_path(item) for item in trend.folders],
        "notices": notices(trend.notices),
    }


def _series(metric: Metric, change: Change | None) -> dict[str, Any]:
    found = {
        "metric": metric.key,
        "label": metric.label,
        "higher_is_better": metric.higher_is_better,
    }
    if change is None:
        return {**found, "first": None, "last": None, "change": None, "direction": None,
                "first_at": None, "last_at": None, "points": 0}  # fmt: skip
    return {
        **found,
        "first": _round(change.first),
        "last": _round(change.last),
        "change": _round(change.last - change.first),
        "direction": change.direction.value,
        "first_at": iso(change.first_at),
        "last_at": iso(change.last_at),
        "points": change.points,
    }


def _point(point: TrendPoint) -> dict[str, Any]:
    m = point.measures
    return {
        "at": iso(point.at),
        "source": point.source.value,
        "commit": point.commit,
        "commit_time": iso(point.commit_time),
        "dirty": point.dirty,
        "partial": point.partial,
        "health": _round(m.health),
        "hotspot_health": _round(m.hotspot_health),
        "alert_files": m.alert_files,
        "duplication": _round(m.duplication),
        "libyear": _round(m.libyear),
        "vulnerable": m.vulnerable,
        "unknown_dependencies": m.unknown_dependencies,
    }


def _path(item: PathTrend) -> dict[str, Any]:
    return {"path": item.path, "health": [_round(value) for value in item.health]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
