"""The `history` object of the JSON report (schema 1.1): everything the history analyses found.

Times are ISO 8601 in UTC; shares are fractions of 1, degrees and percentages out of 100.
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
    TruckFactor,
)


def history_document(history: History | None) -> dict[str, Any] | None:
    """The JSON object of the history analyses; None when they did not run."""
    if history is None:
        return None
    return {
        "as_of": iso(history.as_of),
        "window_start": iso(history.window_start),
        "shallow": history.shallow,
        "settings": history.settings,
        "summary": _summary(history.summary),
        "truck_factor": _truck(history.truck_factor),
        "hotspots": [_hotspot(h) for h in history.hotspots],
        "coupling": [_coupling(c) for c in history.coupling],
        "folders": [_folder(f) for f in history.folders],
        "files": [_file(f) for f in history.files],
        "contributors": [_contributor(c) for c in history.contributors],
    }


def iso(moment: int | None) -> str | None:
    """A Unix time as `2024-01-31T12:00:00Z`."""
    if moment is None:
        return None
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary(summary: HistorySummary) -> dict[str, Any]:
    return {
        "commits": summary.commits,
        "window_commits": summary.window_commits,
        "bot_commits": summary.bot_commits,
        "authors": summary.authors,
        "active_authors": summary.active_authors,
        "first_commit": iso(summary.first_commit),
        "last_commit": iso(summary.last_commit),
    }


def _truck(truck: TruckFactor) -> dict[str, Any]:
    return {"value": truck.value, "authors": list(truck.authors), "files": truck.files}


def _hotspot(spot: Hotspot) -> dict[str, Any]:
    return {
        "path": spot.path,
        "role": spot.role.value,
        "score": round(spot.score, 2),
        "changes": spot.changes,
        "weighted_changes": round(spot.weighted_changes, 4),
        "authors": spot.authors,
        "health": spot.health,
        "code_lines": spot.code_lines,
        "functions": [_function(f) for f in spot.functions],
        "prior_fixes": spot.prior_fixes,
    }


def _function(spot: FunctionHotspot) -> dict[str, Any]:
    return {
        "qualified_name": spot.qualified_name,
        "line": spot.line,
        "score": round(spot.score, 2),
        "changes": spot.changes,
        "weighted_changes": round(spot.weighted_changes, 4),
        "lines_changed": spot.lines_changed,
        "authors": spot.authors,
        "health": spot.health,
        "code_lines": spot.code_lines,
    }


def _coupling(pair: Coupling) -> dict[str, Any]:
    return {
        "first": pair.first,
        "second": pair.second,
        "degree": round(pair.degree, 2),
        "shared_revisions": pair.shared,
        "first_revisions": pair.first_revisions,
        "second_revisions": pair.second_revisions,
        "average_revisions": pair.average_revisions,
        "surprising": pair.surprising,
    }


def _authorship(authorship: Authorship) -> dict[str, Any]:
    main = authorship.main_author
    return {
        "lines_added": authorship.total_lines,
        "commits": authorship.total_commits,
        "authors": len(authorship.commits),
        "main_author": main,
        "main_share": round(authorship.main_share, 4),
        "fragmentation": round(authorship.fragmentation, 4),
        "minor_contributors": authorship.minor_contributors,
    }


def _ownership(authorship: Authorship) -> list[dict[str, Any]]:
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


def _file(item: FileKnowledge) -> dict[str, Any]:
    return {
        "path": item.path,
        **_authorship(item.authorship),
        "creator": item.creator,
        "created": iso(item.created),
        "last_change": iso(item.last_change),
        "age_months": round(item.age_months, 1),
        "inactive_share": round(item.inactive_share, 4),
        "main_author_inactive": item.main_author_inactive,
        "doa_authors": list(item.doa_authors),
        "window_changes": item.window_changes,
        "ownership": _ownership(item.authorship),
    }


def _folder(item: FolderKnowledge) -> dict[str, Any]:
    return {
        "folder": item.folder,
        "files": item.files,
        **_authorship(item.authorship),
        "inactive_share": round(item.inactive_share, 4),
        "islands": item.islands,
        "truck_factor": _truck(item.truck_factor),
    }


def _contributor(person: Contributor) -> dict[str, Any]:
    return {
        "name": person.name,
        "commits": person.commits,
        "lines_added": person.lines_added,
        "first_commit": iso(person.first_commit),
        "last_commit": iso(person.last_commit),
        "active": person.active,
    }
