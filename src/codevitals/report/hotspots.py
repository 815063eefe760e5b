"""The terminal report of `codevitals hotspots`: ranked files with their functions, coupling."""

from __future__ import annotations

from typing import ClassVar, TextIO

from rich.console import Console, Group, RenderableType
from rich.text import Text

from codevitals.model import ScanResult
from codevitals.report import terminal_history as history

TOP = 10


class HotspotsReporter:
    """Hotspot files, each with its most-changed unhealthy functions, and surprising coupling."""

    format_name: ClassVar[str] = "terminal"

    def __init__(self, top: int = TOP) -> None:
        self.top = top

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Print the hotspots to `out`."""
        console = Console(file=out, highlight=False, soft_wrap=False)
        console.print(Group(*self.sections(result)))

    def sections(self, result: ScanResult) -> list[RenderableType]:
        """The renderables of the report, in order."""
        where = result.root + (f" @ {result.commit[:10]}" if result.commit else "")
        title = Text.assemble(
            ("codevitals ", "bold"), (result.tool_version, "dim"), "  ", (where, "cyan")
        )
        found = result.history
        if found is None:
            return [title, Text("\nNo history to analyse (see the notices).", style="yellow")]
        return [
            title,
            Text.assemble("\n", history.history_line(found)),
            history.hotspot_section(found, self.top, functions=True),
            history.coupling_section(found, self.top),
        ]
