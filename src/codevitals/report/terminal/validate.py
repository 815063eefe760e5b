"""The backtest on a terminal: the origins, rankings × metrics, a verdict, what each signal adds.

Every line fits in 80 columns: a ranking takes two lines, its values and, below them, their
95 % intervals. The best value of each metric is marked with ★; the ranking under test with ▶.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar, TextIO

from rich.console import RenderableType
from rich.text import Text

from codevitals.model import validate as names
from codevitals.model.validate import (
    Ablation,
    Comparison,
    Estimate,
    LabelSource,
    Origin,
    Ranking,
    SignalGain,
    Validation,
)
from codevitals.report.terminal.style import print_sections
from codevitals.report.words import plural

LABELS = {
    names.CODEVITALS: "codevitals",
    names.EFFORT: "effort",
    names.LOC: "lines of code",
    names.SMALLEST_FIRST: "smallest first",
    names.CHANGE_COUNT: "change count",
    names.CHANGE_COUNT_X_LOC: "changes × lines",
    names.CHANGE_DENSITY: "change density",
    names.FIX_COUNT: "fix count",
    names.RANDOM: "random",
}
"""How each ranking is named in prose."""
HEADINGS = (
    ("AUC", ""),
    ("recall", "10% files"),
    ("recall", "20% lines"),
    ("Popt", ""),
    ("fixes in", "20% files"),
)

"""Two heading lines per metric, in `names.METRICS` order."""
SIGNALS = {
    names.SIGNAL_LINES: "lines of code",
    names.SIGNAL_CHANGES: "changes",
    names.SIGNAL_AUTHORS: "authors",
    names.SIGNAL_FIXES: "prior fixes",
    names.SIGNAL_HEALTH: "health",
    names.SIGNAL_BIOMARKERS: "biomarkers",
}
"""How each signal of the ablation is named in prose."""
NAME_WIDTH = 22
COLUMN = 10
BEST = "★"


class ValidateTerminalReporter:
    """Two lines per ranking, readable at 80 columns."""

    format_name: ClassVar[str] = "terminal"

    def report(self, result: Validation, out: TextIO) -> None:
        """Print the backtest to `out`."""
        print_sections(sections(result), out)


def sections(result: Validation) -> list[RenderableType]:
    """The renderables of the report, in order."""
    return [
        _title(result),
        *_origins(result),
        *_table(result),
        *_verdict(result),
        *_signals(result),
    ]


def _title(result: Validation) -> Text:
    partial = Text("  partial results: see notices", style="yellow") if result.partial else ""
    return Text.assemble(
        ("codevitals validate  ", "bold"),
        (f"{result.root} @ {result.commit[:10]}", "cyan"),
        partial,
    )


def date(moment: int) -> str:
    """A Unix time as `2024-01-31` (UTC)."""
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")


def _origins(result: Validation) -> list[RenderableType]:
    resamples = f"{plural(result.bootstrap, 'resample')}" if result.bootstrap else "no intervals"
    rows: list[RenderableType] = [Text.assemble(
        ("\nBacktest", "bold"),
        (f"  bug fixes in the {result.window} after each origin · {resamples}", "dim"),
    )]  # fmt: skip
    rows.append(_labels(result.labels))
    for origin in result.origins:
        rows.extend(_origin(origin))
    return rows


def _labels(source: LabelSource) -> Text:
    """Which commits counted as bug fixes, and on whose word."""
    if source.kind == names.FILE:
        unknown = f", {len(source.unknown)} not in the history" if source.unknown else ""
        said = (
            f"listed in {source.path} ({plural(source.listed, 'commit id')}{unknown}; "
            f"{plural(source.fix_commits, 'fix commit')} replayed)"
        )
    else:
        said = f"classified from commit messages ({plural(source.fix_commits, 'fix commit')})"
    return Text(f"  bug fixes {said}", style="dim")


def _origin(origin: Origin) -> list[Text]:
    start = date(origin.start)
    label = "" if origin.label == start else f"{origin.label}  "
    cut = "" if origin.complete else f" (window cut at {date(origin.end)})"
    facts = (
        f"{plural(origin.files, 'file')} · {origin.fixed_files} fixed by "
        f"{plural(origin.fix_commits, 'fix commit')}{cut}"
    )
    return [
        Text.assemble("  ", (label, "bold"), f"{start} @ ", (origin.commit[:10], "cyan")),
        Text(f"    {facts}"),
    ]


def _table(result: Validation) -> list[RenderableType]:
    count = len(result.origins)
    note = "its value" if count == 1 else f"median of {count} origins"
    rows: list[RenderableType] = [
        Text.assemble(("\nRankings", "bold"), (f"  {note}; 95 % intervals below", "dim")),
        *_headings(),
    ]
    best = _best(result.combined)
    for ranking in result.combined:
        rows.extend(_ranking(ranking, best, headline=ranking.name == result.headline))
    return rows


def _headings() -> list[Text]:
    top = " " * NAME_WIDTH + "".join(f"{first:<{COLUMN}}" for first, _ in HEADINGS)
    low = " " * NAME_WIDTH + "".join(f"{second:<{COLUMN}}" for _, second in HEADINGS)
    return [Text(top.rstrip(), style="dim"), Text(low.rstrip(), style="dim")]


def _best(rankings: Sequence[Ranking]) -> dict[str, float]:
    """The best value of each metric over the rankings."""
    best: dict[str, float] = {}
    for metric in names.METRICS:
        values = [v for r in rankings if (v := r.get(metric).value) is not None]
        if values:
            best[metric] = max(values)
    return best


def _ranking(ranking: Ranking, best: dict[str, float], *, headline: bool) -> list[Text]:
    marker = "▶ " if headline else "  "
    name = f"  {marker}{LABELS.get(ranking.name, ranking.name)}"
    values = Text(f"{name:<{NAME_WIDTH}}", style="bold" if headline else "")
    spreads = Text(" " * NAME_WIDTH, style="dim")
    for metric in names.METRICS:
        estimate = ranking.get(metric)
        values.append_text(_value(estimate, best.get(metric)))
        spreads.append(f"{_spread(estimate):<{COLUMN}}")
    values.rstrip()
    spreads.rstrip()
    return [values, spreads]


def _value(estimate: Estimate, best: float | None) -> Text:
    if estimate.value is None:
        return Text(f"{'n/a':<{COLUMN}}", style="dim")
    wins = best is not None and round(estimate.value, 2) == round(best, 2)
    shown = f"{estimate.value:.2f}" + (BEST if wins else "")
    return Text(f"{shown:<{COLUMN}}", style="bold green" if wins else "")


def _spread(estimate: Estimate) -> str:
    if estimate.low is None or estimate.high is None:
        return ""
    return f"{_short(estimate.low)}–{_short(estimate.high)}"


def _short(value: float) -> str:
    """`.83`, `1.0`, `-.05`: two decimals without the leading zero."""
    text = f"{value:.2f}"
    if text.startswith(("0.", "-0.")):
        text = text.replace("0.", ".", 1)
    return "1.0" if text == "1.00" else text


def _verdict(result: Validation) -> list[RenderableType]:
    chosen = [c for c in result.comparisons if c.ranking == result.headline]
    if not chosen:
        return []
    rows: list[RenderableType] = [Text("\nVerdict", style="bold")]
    for comparison in chosen:
        rows.extend(_comparison(comparison))
    return rows


def _comparison(comparison: Comparison) -> list[Text]:
    metric = {names.AUC: "AUC", names.POPT: "Popt"}.get(comparison.metric, comparison.metric)
    ours, theirs = LABELS[comparison.ranking], LABELS[comparison.baseline]
    won = comparison.origins > 0 and comparison.wins * 2 > comparison.origins
    sentence = (
        f"{ours} beats {theirs} on {metric} at {comparison.wins} of "
        f"{plural(comparison.origins, 'origin')}"
    )
    rows = [Text.assemble(("  ✓ " if won else "  ✗ ", "green" if won else "red"), sentence)]
    difference = comparison.difference
    if difference.value is not None:
        spread = ""
        if difference.low is not None and difference.high is not None:
            spread = f", 95 % interval {difference.low:+.2f} to {difference.high:+.2f}"
        rows.append(Text(f"    median difference {difference.value:+.2f}{spread}", style="dim"))
    return rows


def _signals(result: Validation) -> list[RenderableType]:
    title = Text("\nWhat each signal adds", style="bold")
    found = result.ablation
    if found is None:
        why = "one origin" if len(result.origins) < 2 else "too few fixes"
        return [
            Text.assemble(title, (f"  not available: {why}", "dim")),
            Text("  it needs two origins with fixes: one to fit a model on, one to score it on"),
        ]
    note = f"models fitted on the other origins · median of {plural(found.origins, 'origin')}"
    model = f"AUC {_shown(found.auc)}   Popt {_shown(found.popt)}"
    return [
        Text.assemble(title, (f"  {note}", "dim")),
        Text(f"  {'size and history':<{NAME_WIDTH - 2}}{model}"),
        Text(f"{'':<{NAME_WIDTH}}{'AUC added':<20}{'Popt added':<20}AUC up at", style="dim"),
        *(_gain(gain) for gain in found.signals),
        _health_verdict(found),
    ]


def _shown(estimate: Estimate) -> str:
    if estimate.value is None:
        return "n/a"
    spread = _spread(estimate)
    return f"{estimate.value:.2f}" + (f" ({spread})" if spread else "")


def _gain(gain: SignalGain) -> Text:
    name = f"    {SIGNALS.get(gain.signal, gain.signal)}"
    cells = "".join(f"{_added(e):<20}" for e in (gain.auc, gain.popt))
    return Text(f"{name:<{NAME_WIDTH}}{cells}{gain.wins} of {gain.origins}")


def _added(estimate: Estimate) -> str:
    """`+0.04 (+.01 +.07)`: the difference and its interval, signed.

    A bound just below zero reads `-.00`: whether an interval excludes zero is the point.
    """
    if estimate.value is None:
        return "n/a"
    value = f"{estimate.value + 0.0:+.2f}"  # + 0.0: an exact -0.0 reads +0.00
    if estimate.low is None or estimate.high is None:
        return value
    return f"{value} ({_signed_short(estimate.low)} {_signed_short(estimate.high)})"


def _signed_short(value: float) -> str:
    return _short(value) if value < 0 else f"+{_short(value)}"


def _above_zero(estimate: Estimate) -> bool:
    """Whether the whole interval lies above zero: the only reading of "adds" to act on."""
    return estimate.low is not None and estimate.low > 0


def _health_verdict(found: Ablation) -> Text:
    """Whether health predicts this repository's fixes: only an interval above zero says so."""
    health = next((g for g in found.signals if g.signal == names.SIGNAL_HEALTH), None)
    if health is not None and _above_zero(health.auc):
        return Text("  Health adds held-out AUC here: the plan counts it as risk.", style="green")
    return Text(
        "  Health predicts nothing measurable here: it explains what to fix, not risk.",
        style="yellow",
    )
