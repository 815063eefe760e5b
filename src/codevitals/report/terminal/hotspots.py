"""The terminal report of `codevitals hotspots`: ranked files with their functions, coupling."""

from __future__ import annotations

from typing import ClassVar, TextIO

from rich.console import RenderableType
from rich.text import Text

from codevitals.model import ScanResult
from codevitals.report.terminal import history
from codevitals.report.terminal.style import fitted_to, print_sections, title_line

TOP = 10


class HotspotsReporter:
    """Hotspot files, each with its most-changed unhealthy functions, and surprising coupling."""

    format_name: ClassVar[str] = "terminal"

    def __init__(self, top: int = TOP) -> None:
        self.top = top

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Print the hotspots to `out`, fitted to its width."""
        with fitted_to(out):
            print_sections(self.sections(result), out)

    def sections(self, result: ScanResult) -> list[RenderableType]:
        """The renderables of the report, in order."""
        title = title_line(result)
        found = result.history
        if found is None:
            return [title, Text("\nNo history to analyse (see the notices).", style="yellow")]
        return [
            title,
            Text.assemble("\n", history.history_line(found)),
            history.hotspot_section(found, self.top, functions=True),
            history.coupling_section(found, self.top),
        ]
