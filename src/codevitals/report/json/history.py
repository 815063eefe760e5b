"""The `history` object of the JSON report (schema 1.1): everything the history analyses found.

Times are ISO 8601 in UTC; shares are fractions of 1, degrees and percentages out of 100.

The object is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only where
a key's name, order, rounding or derivation differs from the fields'.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from codevitals.model.history import (
    Authorship,
    Contributor,
    Coupling,
    FileKnowledge,
    FolderKnowledge,
    FunctionHotspot,
    History,
    HistorySummary,
    Hotspot,
)
from codevitals.report.json.codec import Shape, Shapes, encode_object


def history_document(history: History | None) -> dict[str, Any] | None:
    """The JSON object of the history analyses; None when they did not run."""
    return None if history is None else encode_object(history, SHAPES)


def iso(moment: int | None) -> str | None:
    """A Unix time as `2024-01-31T12:00:00Z`."""
    if moment is None:
        return None
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ownership(item: FileKnowledge) -> list[dict[str, Any]]:
    """Each author's lines and commits, most lines first."""
    authorship = item.authorship
    authors = sorted(authorship.commits, key=lambda a: (-authorship.lines.get(a, 0), a))
    return [
        {
            "author": author,
            "lines_added": authorship.lines.get(author, 0),
            "commits": authorship.commits[author],
            "share": round(authorship.share(author), 4),
        }
        for author in authors
    ]


_TIMES = {"first_commit": iso, "last_commit": iso}

SHAPES: Shapes = {
    History: Shape(
        order=("as_of", "window_start", "shallow", "settings", "summary", "truck_factor",
               "hotspots", "coupling", "folders", "files", "contributors"),
        through={"as_of": iso, "window_start": iso},
    ),
    HistorySummary: Shape(through=_TIMES),
    Hotspot: Shape(digits={"score": 2, "weighted_changes": 4}),
    FunctionHotspot: Shape(
        order=("qualified_name", "line", "score", "changes", "weighted_changes", "lines_changed",
               "authors", "health", "code_lines"),
        digits={"score": 2, "weighted_changes": 4},
    ),
    Coupling: Shape(
        order=("first", "second", "degree", "shared", "first_revisions", "second_revisions",
               "average_revisions", "surprising"),
        names={"shared": "shared_revisions"},
        digits={"degree": 2},
    ),
    # The totals of an authorship, written in the place of the file's or folder's field.
    Authorship: Shape(
        order=("total_lines", "total_commits", "authors", "main_author", "main_share",
               "fragmentation", "minor_contributors"),
        names={"total_lines": "lines_added", "total_commits": "commits"},
        digits={"main_share": 4, "fragmentation": 4},
        derived={"authors": lambda authorship: len(authorship.commits)},
    ),
    FileKnowledge: Shape(
        order=("path", "authorship", "creator", "created", "last_change", "age_months",
               "inactive_share", "main_author_inactive", "doa_authors", "window_changes",
               "ownership"),
        inline=frozenset({"authorship"}),
        through={"created": iso, "last_change": iso},
        digits={"age_months": 1, "inactive_share": 4},
        derived={"ownership": _ownership},
    ),
    FolderKnowledge: Shape(
        order=("folder", "files", "authorship", "inactive_share", "islands", "truck_factor"),
        inline=frozenset({"authorship"}),
        digits={"inactive_share": 4},
    ),
    Contributor: Shape(through=_TIMES),
}  # fmt: skip
"""Where the history object differs from its dataclasses; the rest is their fields as declared."""
