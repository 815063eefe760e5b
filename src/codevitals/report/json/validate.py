"""The backtest as JSON, described by `schemas/validate.schema.json`.

Every ranking by name, per origin and combined, each metric with its value and 95 % interval
(null where undefined); times in ISO 8601 (UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TextIO

from codevitals.model.validate import (
    Ablation,
    Comparison,
    Estimate,
    Origin,
    Ranking,
    Validation,
)
from codevitals.report.json.history import iso
from codevitals.report.json.lines import header, write_lines

_DIGITS = 4


class ValidateJsonReporter:
    """Writes the backtest as one JSON document, one line per origin and comparison."""

    format_name: ClassVar[str] = "json"

    def report(self, result: Validation, out: TextIO) -> None:
        """Write the document."""
        write_lines(document(result), out, nested=frozenset({"combined"}))


def document(result: Validation) -> dict[str, Any]:
    """The JSON document of a backtest."""
    return {
        **header(result.tool_version, result.root, result.commit),
        "partial": result.partial,
        "headline": result.headline,
        "window": result.window,
        "bootstrap": result.bootstrap,
        "seed": result.seed,
        "settings": result.settings,
        "labels": {
            "source": result.labels.kind,
            "path": result.labels.path,
            "listed": result.labels.listed,
            "unknown": list(result.labels.unknown),
            "fix_commits": result.labels.fix_commits,
        },
        "origins": [_origin(origin) for origin in result.origins],
        "combined": _rankings(result.combined),
        "comparisons": [_comparison(c) for c in result.comparisons],
        "ablation": _ablation(result.ablation),
        "notices": [
            {"path": n.path, "line": n.line, "reason": n.reason, "message": n.message}
            for n in result.notices
        ],
    }


def _origin(origin: Origin) -> dict[str, Any]:
    return {
        "origin": origin.label,
        "start": iso(origin.start),
        "end": iso(origin.end),
        "complete": origin.complete,
        "commit": origin.commit,
        "end_commit": origin.end_commit,
        "files": origin.files,
        "code_lines": origin.code_lines,
        "fixed_files": origin.fixed_files,
        "fix_events": origin.fix_events,
        "fix_commits": origin.fix_commits,
        "window_commits": origin.window_commits,
        "rankings": _rankings(origin.rankings),
    }


def _rankings(rankings: Sequence[Ranking]) -> dict[str, Any]:
    return {
        ranking.name: {e.metric: _estimate(e) for e in ranking.estimates} for ranking in rankings
    }


def _estimate(estimate: Estimate) -> dict[str, float | None]:
    return {
        "value": _round(estimate.value),
        "low": _round(estimate.low),
        "high": _round(estimate.high),
    }


def _comparison(comparison: Comparison) -> dict[str, Any]:
    return {
        "ranking": comparison.ranking,
        "baseline": comparison.baseline,
        "metric": comparison.metric,
        "wins": comparison.wins,
        "origins": comparison.origins,
        "difference": _estimate(comparison.difference),
    }


def _ablation(ablation: Ablation | None) -> dict[str, Any] | None:
    if ablation is None:
        return None
    return {
        "fitted": "leave-one-origin-out",
        "origins": ablation.origins,
        "model": {"auc": _estimate(ablation.auc), "popt": _estimate(ablation.popt)},
        "signals": {
            gain.signal: {
                "auc": _estimate(gain.auc),
                "popt": _estimate(gain.popt),
                "wins": gain.wins,
                "origins": gain.origins,
            }
            for gain in ablation.signals
        },
        "health_log_odds": _round(ablation.health_log_odds),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)
