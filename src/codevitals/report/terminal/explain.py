"""`codevitals explain`: why a file or function scored as it did, biomarker by biomarker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.text import Text

from codevitals.model import Biomarker, FileHealth, FunctionHealth, Increment
from codevitals.report.terminal.style import health_text
from codevitals.report.words import plural


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
            f"{plural(len(metrics.functions), 'function')} · "
            f"{plural(len(metrics.classes), 'class', 'classes')}",
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
    else:
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
    if item.suppressed:
        console.print(_suppressed_table(item.suppressed))
    for unused in item.unused_suppressions:
        rules = ", ".join(unused.rules) or "every biomarker"
        console.print(
            Text(f"line {unused.line}: the suppression of {rules} silences nothing", style="yellow")
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
    silenced = [b for b in item.suppressed if b.function == m.qualified_name]
    if silenced:
        console.print(_suppressed_table(silenced))
    if increments:
        console.print(_increment_table(increments, m.cognitive))


def _biomarker_table(biomarkers: Sequence[Biomarker], *, file_points: bool) -> Group:
    rows: list[RenderableType] = [Text("\nBiomarkers, costliest first", style="bold")]
    for b in sorted(biomarkers, key=lambda b: (-b.points, b.line)):
        cost = f"  (file −{b.file_points:.2f})" if file_points else ""
        rows.append(Text.assemble(
            (f"  −{b.points:.2f}", "red"), f"  line {b.line:<5} ", (f"{b.code} {b.name}", "bold"),
            f"  {b.value:g} (threshold {b.threshold:g})", (cost, "dim"),
        ))  # fmt: skip
        rows.append(Text(f"         {b.message}", style="dim"))
    return Group(*rows)


def _suppressed_table(biomarkers: Sequence[Biomarker]) -> Group:
    rows: list[RenderableType] = [
        Text("\nSuppressed by a `codevitals: ignore` comment (no points lost)", style="bold")
    ]
    for b in biomarkers:
        rows.append(Text.assemble(
            ("  ±0.00", "dim"), f"  line {b.line:<5} ", (f"{b.code} {b.name}", "bold"),
            f"  {b.value:g} (threshold {b.threshold:g}, would cost {b.points:.2f})",
        ))  # fmt: skip
    return Group(*rows)


def _increment_table(increments: Sequence[Increment], total: int) -> Group:
    rows: list[RenderableType] = [
        Text(f"\nCognitive complexity {total}, increment by increment", style="bold")
    ]
    for inc in increments:
        nesting = inc.points - 1 if inc.shifts else 0
        reason = inc.reason + (f" (nesting {nesting})" if nesting else "")
        rows.append(Text(f"  line {inc.line:<5}  +{inc.points:<2}  {reason}"))
    return Group(*rows)
