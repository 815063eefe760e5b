"""`codevitals fleet`: scan many repositories and report on the organisation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import (
    deps_options,
    discovery_options,
    history_options,
    output_options,
    runtime_options,
    scoring_options,
    top_option,
    with_options,
)

if TYPE_CHECKING:
    from codevitals.fleet.run import Fleet
    from codevitals.model.fleet import Organisation

FORMATS = ("html", "json", "terminal")


def _fleet_options() -> list[Any]:
    return [
        click.option("--scheduler", metavar="ADDRESS",
                     help="Run on Dask: `local` for a LocalCluster on this machine, or a "
                     "scheduler address (tcp://host:8786). Default: local processes."),
        click.option("--workers", type=click.IntRange(min=1),
                     help="Workers of the LocalCluster (--scheduler local; default: one per CPU)."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
                     help="Repositories scanned at once in local processes (0: one per CPU)."),
        click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
                     help="Folder for clones of URL repositories (default: fleet-clones in "
                     "the cache folder)."),
        click.option("--keep-clones", is_flag=True,
                     help="Keep clones after the run; the next run fetches into them."),
        click.option("--clone-timeout", type=click.FloatRange(min=0, min_open=True),
                     default=3600.0, show_default=True, metavar="SECONDS",
                     help="Stop a clone or fetch that takes longer (the repository fails)."),
        click.option("--shallow-clones", is_flag=True,
                     help="Clone only the --since window: faster, but knowledge and truck "
                     "factor then cover the window alone (results marked partial)."),
        click.option("--fresh", is_flag=True,
                     help="Scan every repository, even those whose result at their current "
                     "commit is stored from an earlier run."),
    ]  # fmt: skip


@main.command(name="fleet")
@click.argument("repos", type=click.Path(path_type=Path))
@with_options(_fleet_options)
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Audit dependencies (network unless --offline; see `codevitals deps`).",
)
@deps_options
@history_options
@top_option("Rows in each list of the terminal report.")
@with_options(lambda: output_options(FORMATS))
@with_options(discovery_options)
@with_options(scoring_options)
@with_options(lambda: runtime_options()[1:])  # all but --jobs, which means repositories here
@click.pass_context
def fleet_command(ctx: click.Context, /, repos: Path, **_: Any) -> None:
    """Scan every repository REPOS lists and report on the organisation.

    REPOS is a file with one local path or clone URL a line (`#` comments), or a folder
    whose children are repositories. Each repository is scanned at its HEAD commit;
    results are kept per commit, so an interrupted run resumes where it stopped.
    """
    command = build.for_fleet(ctx, repos)
    _report(_run(command.fleet, quiet=command.output.quiet), command)


def _run(fleet: Fleet, *, quiet: bool) -> Organisation:
    from codevitals.fleet.run import run
    from codevitals.model.fleet import RepositoryFailure
    from codevitals.report.progress import FleetProgress

    with FleetProgress(len(fleet.repositories), enabled=not quiet) as progress:
        organisation = run(
            fleet, lambda outcome: progress.advance(failed=isinstance(outcome, RepositoryFailure))
        )
    if not quiet:
        _print_failures(organisation)
    return organisation


def _print_failures(organisation: Organisation) -> None:
    for failure in organisation.failures:
        click.echo(f"codevitals: {failure.name}: {failure.reason}: {failure.message}", err=True)
    totals = organisation.totals
    if totals.failed:
        click.echo(f"codevitals: {totals.failed} of {totals.repositories} repositories failed "
                   "(listed in the report)", err=True)  # fmt: skip


def _report(organisation: Organisation, command: build.FleetCommand) -> None:
    from codevitals.report import FLEET_REPORTERS, write_report
    from codevitals.report.terminal.fleet import FleetTerminalReporter

    name = command.output.format
    terminal = name == "terminal"
    reporter = FleetTerminalReporter(top=command.top) if terminal else FLEET_REPORTERS[name]()
    write_report(reporter, organisation, command.output.path)
    if organisation.totals.failed == organisation.totals.repositories:
        sys.exit(2)
