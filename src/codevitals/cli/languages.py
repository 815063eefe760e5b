"""`codevitals languages`: every supported language and how its constructs map onto metrics."""

from __future__ import annotations

import sys

import click

from codevitals.cli.app import main


@main.command(name="languages")
@click.option("--format", "-f", "format_", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True)  # fmt: skip
def languages_command(format_: str) -> None:
    """List each supported language: suffixes, grammar, conventions, construct → metric."""
    from codevitals.parse.languages_doc import catalog
    from codevitals.report.json.languages import LanguagesJson
    from codevitals.report.terminal.languages import LanguagesTerminal

    reporter = LanguagesJson() if format_ == "json" else LanguagesTerminal()
    reporter.report(catalog(), sys.stdout)
