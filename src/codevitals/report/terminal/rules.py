"""`codevitals rules [NAME]` on a terminal: one line per rule, or one rule's documentation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from codevitals.code.biomarkers import Rule
from codevitals.report.rule_docs import rule_markdown


def rules_table(rules: Sequence[Rule], out: TextIO) -> None:
    """Print one line per rule."""
    table = Table(box=None, header_style="dim", pad_edge=False)
    for name in ("code", "name", "applies to", "severity", "fires when", "weight"):
        table.add_column(name, no_wrap=name == "fires when")
    for rule in rules:
        table.add_row(
            rule.code,
            rule.name,
            rule.target.value,
            rule.severity.value,
            f"{rule.unit} {rule.comparison} {rule.threshold:g}",
            f"{rule.weight:g}",
        )
    Console(file=out, highlight=False).print(table)
    Console(file=out, highlight=False).print(
        Text("\n`codevitals rules NAME` shows a rule's documentation.", style="dim")
    )


def rule_text(rule: Rule, out: TextIO) -> None:
    """Print one rule's documentation."""
    out.write(rule_markdown(rule, heading="#"))
