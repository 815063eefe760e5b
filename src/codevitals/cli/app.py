"""The `codevitals` group: error handling and process settings shared by every command."""

from __future__ import annotations

from typing import Any

import click

from codevitals import __version__
from codevitals.errors import CodevitalsError
from codevitals.workers import collector


class _Group(click.Group):
    """Turns codevitals' own errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CodevitalsError as error:
            raise _Failure(str(error)) from error


class _Failure(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"codevitals: error: {self.message}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="codevitals")
def main() -> None:
    """Where technical debt costs your team, and whether you are paying it down."""
    collector.collect_rarely()
