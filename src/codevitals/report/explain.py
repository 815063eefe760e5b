"""`codevitals explain`: why a file or function scored as it did, biomarker by biomarker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from codevitals.model import Biomarker, FileHealth, FunctionHealth, Increment
from codevitals.report.terminal import health_text


def explain_file(item: FileHealth, out: TextIO) -> None:
    """Print a file's score, its biomarkers and what each cost."""
    console = Console(file=out, highlight=False)
    metrics = item.metrics
    console.print(
        Text.assemble(
            (item.file.path, "bold cyan"),
            "  health ",
            health_text(item.health, 2),
            ("/10 ", "dim"),
            (f"({item.band.value}, {item.file.role.value})", "dim"),
        )
    )
    console.print(
        Text(
            f"{metrics.code_lines:,} code lines of {metrics.lines:,} · "
            f"{len(metrics.functions)} functions · {len(metrics.classes)} classes",
            style="dim",
        )
    )
    if metrics.syntax_error_line is not None:
        console.print(
            Text(
                f"does not parse from line {metrics.syntax_error_line}; metrics cover what parsed",
                style="yellow",
            )
        )
    if not item.biomarkers:
        console.print(Text("\nNo biomarkers: full health.", style="green"))
        return
    console.print(_biomarker_table(item.biomarkers, file_points=True))
    lost = sum(b.file_points for b in item.biomarkers)
    console.print(
        Text(
            f"\n10 − {lost:.2f} points = {item.health:.2f} (never below 1). A file loses "
            "each top-level function's points and its file-level points, worst first, "
            "each counting 0.65 times the one before.",
            style="dim",
        )
    )


def explain_function(
    item: FileHealth, function: FunctionHealth, increments: Sequence[Increment], out: TextIO
) -> None:
    """Print a function's metrics, biomarkers and cognitive-complexity increments."""
    console = Console(file=out, highlight=False)
    m = function.metrics
    console.print(
        Text.assemble(
            (f"{item.file.path}:{m.qualified_name}", "bold cyan"),
            (f"  lines {m.line}-{m.end_line}", "dim"),
            "  health ",
            health_text(function.health, 2),
            ("/10", "dim"),
        )
    )
    console.print(
        Text(
            f"cyclomatic {m.cyclomatic} · cognitive {m.cognitive} · nesting {m.nesting} · "
            f"{m.arguments} arguments · {m.code_lines} code lines"
            + (" · nested in another function" if m.nested else ""),
            style="dim",
        )
    )
    if function.biomarkers:
        console.print(_biomarker_table(function.biomarkers, file_points=not m.nested))
    else:
        console.print(Text("\nNo biomarkers: full health.", style="green"))
    if increments:
        console.print(_increment_table(increments, m.cognitive))


def _biomarker_table(biomarkers: Sequence[Biomarker], *, file_points: bool) -> Table:
    table = Table(
        title="\nBiomarkers", title_justify="left", box=None, header_style="dim", pad_edge=False
    )
    for name, justify in (
        ("line", "right"),
        ("biomarker", "left"),
        ("value", "right"),
        ("threshold", "right"),
        ("points", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    if file_points:
        table.add_column("file points", justify="right")
    table.add_column("why", overflow="fold")
    for b in sorted(biomarkers, key=lambda b: (-b.points, b.line)):
        row = [
            str(b.line),
            f"{b.code} {b.name}",
            f"{b.value:g}",
            f"{b.threshold:g}",
            f"−{b.points:.2f}",
        ]
        if file_points:
            row.append(f"−{b.file_points:.2f}")
        table.add_row(*row, b.message)
    return table


def _increment_table(increments: Sequence[Increment], total: int) -> Table:
    table = Table(
        title=f"\nCognitive complexity {total}, increment by increment",
        title_justify="left",
        box=None,
        header_style="dim",
        pad_edge=False,
    )
    table.add_column("line", justify="right")
    table.add_column("+", justify="right")
    table.add_column("for")
    for inc in increments:
        nesting = inc.points - 1 if inc.shifts else 0
        reason = inc.reason + (f" (nesting {nesting})" if nesting else "")
        table.add_row(str(inc.line), f"+{inc.points}", reason)
    return table
