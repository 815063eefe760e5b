"""`codevitals rules [NAME]`: every biomarker, or one biomarker's documentation."""

from __future__ import annotations

import sys

import click

from codevitals.cli.app import main


@main.command(name="rules")
@click.argument("name", required=False)
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "markdown"]),
              default="terminal", show_default=True)  # fmt: skip
def rules_command(name: str | None, format_: str) -> None:
    """List every biomarker, or document the one called NAME (name or code)."""
    from codevitals.code.biomarkers import RULES, lookup
    from codevitals.report.markdown.rules import rules_markdown
    from codevitals.report.terminal.rules import rule_text, rules_table

    if format_ == "markdown":
        sys.stdout.write(rules_markdown())
    elif name is None:
        rules_table(RULES, sys.stdout)
    else:
        rule_text(lookup(name), sys.stdout)
