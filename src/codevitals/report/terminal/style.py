"""Shared wording, colours and widths of the terminal reports.

Reports fit the terminal's width when they write to one at least `WIDTH` columns wide, and
`WIDTH` columns otherwise (piped, redirected, or a narrow window). A path is shortened in
its middle, so that its file name and `:line` survive; a rule's name is never cut.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.text import Text

from codevitals.model import ALERT_BELOW, HEALTHY_AT, ScanResult

WIDTH = 80
"""Columns every terminal report fits in when piped, and at least on a terminal."""
_COLUMNS: ContextVar[int] = ContextVar("columns", default=WIDTH)


def columns() -> int:
    """The columns the report being rendered fits in."""
    return _COLUMNS.get()


def terminal_columns(out: TextIO) -> int:
    """The width of the terminal `out` writes to, at least `WIDTH`; `WIDTH` when piped."""
    isatty = getattr(out, "isatty", None)
    if not callable(isatty) or not isatty():
        return WIDTH
    return max(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)


@contextmanager
def fitted_to(out: TextIO) -> Iterator[int]:
    """Render the reports inside the block to the width of `out`; yields that width."""
    token = _COLUMNS.set(terminal_columns(out))
    try:
        yield _COLUMNS.get()
    finally:
        _COLUMNS.reset(token)


def clip(text: str, width: int) -> str:
    """`text`, cut to `width` characters with a final `…` when longer."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def clip_path(place: str, width: int) -> str:
    """A path (maybe with `:line`) fitted to `width` by a `…` in its middle.

    The file name and the line number are kept whole while they fit; only the folders
    between are cut.
    """
    if len(place) <= width:
        return place
    folder, slash, name = place.rpartition("/")
    tail = slash + name
    if len(tail) + 2 > width:
        return "…" + place[-max(width - 1, 1) :]
    return folder[: width - len(tail) - 1] + "…" + tail


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
    console(out).print(Group(*sections))


def console(out: TextIO) -> Console:
    """A console writing to `out` at the width reports are fitted to."""
    return Console(file=out, highlight=False, soft_wrap=False, width=terminal_columns(out))
