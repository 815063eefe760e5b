"""Shared wording and colours of the terminal reports."""

from __future__ import annotations

from rich.text import Text

from codevitals.model import ALERT_BELOW, HEALTHY_AT


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 file`, `2 files` (or the plural given), with thousands separators."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def health_style(health: float | None) -> str:
    """Colour of a health score: green healthy, yellow warning, red alert."""
    if health is None:
        return "dim"
    if health >= HEALTHY_AT:
        return "green"
    return "yellow" if health >= ALERT_BELOW else "red"


def health_text(health: float | None, digits: int = 1) -> Text:
    """A health score, coloured by band."""
    shown = "n/a" if health is None else f"{health:.{digits}f}"
    return Text(shown, style=f"bold {health_style(health)}")
