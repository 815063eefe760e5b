"""The backtest as JSON, described by `schemas/validate.schema.json`.

Every ranking by name, per origin and combined, each metric with its value and 95 % interval
(null where undefined); times in ISO 8601 (UTC).

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order, rounding or derivation differs from the fields'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TextIO

from codevitals.model import Notice
from codevitals.model.validate import (
    Ablation,
    Estimate,
    LabelSource,
    Origin,
    Ranking,
    SignalGain,
    Validation,
)
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.history import iso
from codevitals.report.json.lines import NOTICE, header, write_lines

_DIGITS = 4


class ValidateJsonReporter:
    """Writes the backtest as one JSON document, one line per origin and comparison."""

    format_name: ClassVar[str] = "json"

    def report(self, result: Validation, out: TextIO) -> None:
        """Write the document."""
        write_lines(document(result), out, nested=frozenset({"combined"}))


def document(result: Validation) -> dict[str, Any]:
    """The JSON document of a backtest."""
    head = header(result.tool_version, result.root, result.commit)
    return {**head, **encode_object(result, SHAPES)}


def _rankings(rankings: Sequence[Ranking]) -> dict[str, dict[str, Estimate]]:
    """Each ranking by name, each of its estimates by metric."""
    return {ranking.name: {e.metric: e for e in ranking.estimates} for ranking in rankings}


def _model(ablation: Ablation) -> dict[str, Estimate]:
    """The size-and-history model's own estimates."""
    return {"auc": ablation.auc, "popt": ablation.popt}


SHAPES: Shapes = {
    Validation: Shape(
        order=("partial", "headline", "window", "bootstrap", "seed", "settings", "labels",
               "origins", "combined", "comparisons", "ablation", "notices"),
        through={"combined": _rankings},
    ),
    LabelSource: Shape(names={"kind": "source"}),
    Origin: Shape(
        names={"label": "origin"},
        through={"start": iso, "end": iso, "rankings": _rankings},
    ),
    Estimate: Shape(
        order=("value", "low", "high"),
        digits={"value": _DIGITS, "low": _DIGITS, "high": _DIGITS},
    ),
    Ablation: Shape(
        order=("fitted", "origins", "model", "signals", "health_log_odds"),
        derived={"fitted": lambda _: "leave-one-origin-out", "model": _model},
        through={"signals": lambda gains: {gain.signal: gain for gain in gains}},
        digits={"health_log_odds": _DIGITS},
    ),
    SignalGain: Shape(order=("auc", "popt", "wins", "origins")),
    Notice: NOTICE,
}  # fmt: skip
"""Where the backtest's JSON differs from its dataclasses; the rest is their fields as declared."""
