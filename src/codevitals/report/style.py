"""Shared wording and colours of the terminal reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.text import Text

from codevitals.model import ALERT_BELOW, HEALTHY_AT, ScanResult

WIDTH = 80
"""Columns every terminal report fits in."""


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 file`, `2 files` (or the plural given), with thousands separators."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def clip(text: str, width: int) -> str:
    """`text`, cut to `width` characters with a final `…` when longer."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


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


def health_cell(health: float | None) -> Text:
    """A health score in a column of them: 4 wide, right-aligned, so 10.0 and 9.8 line up.

    Rows start with one space and this cell: `  9.8  path` as before, ` 10.0  path` beside it.
    """
    cell = health_text(health)
    cell.pad_left(max(4 - len(cell), 0))
    return cell


def title_line(result: ScanResult) -> Text:
    """`codevitals 1.2.3  repo @ abcdef1234`, with a warning when results are partial."""
    where = result.root + (f" @ {result.commit[:10]}" if result.commit else "")
    partial = Text("  partial results: see notices", style="yellow") if result.partial else Text("")
    return Text.assemble(
        ("codevitals ", "bold"), (result.tool_version, "dim"), "  ", (where, "cyan"), partial
    )


def print_sections(sections: Sequence[RenderableType], out: TextIO) -> None:
    """Print renderables to `out`; plain text when it is not a terminal."""
    Console(file=out, highlight=False, soft_wrap=False).print(Group(*sections))
