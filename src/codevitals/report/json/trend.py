"""JSON for trends, described by `schemas/trend.schema.json`.

`codevitals trend --format json` writes a document whose top-level lists (series, points,
files, folders, notices) have one element per line; `codevitals scan --format json` carries
the same content as its `trend` object when the scan store holds earlier points (`section`).
Times are ISO 8601 in UTC; health and libyear are rounded to 2 decimals, duplication is a
percentage.

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order, rounding or derivation differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import Notice
from codevitals.model.trend import METRICS, Change, Measures, PathTrend, Trend, TrendPoint
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.history import iso
from codevitals.report.json.lines import NOTICE, header, write_lines


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
    return encode_object(trend, SHAPES)


def _series(trend: Trend) -> list[dict[str, Any]]:
    """Each metric with how it changed from the first point that has it to the last."""
    return [
        {
            "metric": metric.key,
            "label": metric.label,
            "higher_is_better": metric.higher_is_better,
            **_change(trend.change(metric)),
        }
        for metric in METRICS
    ]


def _change(change: Change | None) -> dict[str, Any]:
    if change is None:
        return {"first": None, "last": None, "change": None, "direction": None,
                "first_at": None, "last_at": None, "points": 0}  # fmt: skip
    return encode_object(change, SHAPES)


_DIGITS = 2

SHAPES: Shapes = {
    Trend: Shape(
        order=("as_of", "since", "every", "partial", "settings", "series", "points", "files",
               "folders", "notices"),
        through={"as_of": iso, "since": iso, "every": lambda every: every or None},
        derived={"series": _series},
    ),
    Change: Shape(
        order=("first", "last", "change", "direction", "first_at", "last_at", "points"),
        derived={"change": lambda change: change.last - change.first},
        through={"first_at": iso, "last_at": iso},
        digits=dict.fromkeys(("first", "last", "change"), _DIGITS),
    ),
    # A point is when and where it was taken and, in the same object, its measures.
    TrendPoint: Shape(
        order=("at", "source", "commit", "commit_time", "dirty", "partial", "measures"),
        through={"at": iso, "commit_time": iso},
        inline=frozenset({"measures"}),
    ),
    Measures: Shape(
        digits=dict.fromkeys(("health", "hotspot_health", "duplication", "libyear"), _DIGITS),
    ),
    PathTrend: Shape(
        through={"health": lambda health: [_round(value) for value in health]},
    ),
    Notice: NOTICE,
}  # fmt: skip
"""Where the trend's JSON differs from its dataclasses; the rest is their fields as declared."""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)
