"""The `codevitals` group: error handling and process settings shared by every command."""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from codevitals import __version__, git
from codevitals.errors import CodevitalsError
from codevitals.workers import collector

COMMANDS = {
    "deps": "deps",
    "explain": "explain",
    "fleet": "fleet",
    "gate": "gate",
    "hotspots": "scan",
    "languages": "languages",
    "plan": "plan",
    "rules": "rules",
    "scan": "scan",
    "trend": "trend",
    "validate": "validate",
}
"""Each command's module under `codevitals.cli`, which registers it on `main` when imported."""


class _Group(click.Group):
    """Turns codevitals' own errors into one line on stderr and exit code 2.

    A command's module is imported when the command is asked for: building every command's
    options (and importing what their defaults come from) would cost each run a tenth of a
    warm scan's start-up for commands it does not run.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"codevitals.cli.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        # Before a command's module is imported: numpy's OpenBLAS starts a spinning thread per
        # core when numpy is loaded (the clone search, trend and validate load it), a tenth of
        # a small cold scan's CPU time, and codevitals does no linear algebra. A value the user
        # set is kept.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        try:
            # A command sees the repository as one snapshot: git is asked each question once.
            with git.one_snapshot():
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
