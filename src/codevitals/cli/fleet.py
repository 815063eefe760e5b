"""`codevitals fleet`: scan many repositories and report on the organisation."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from codevitals.cli.app import main
from codevitals.cli.build import audit_options, code_health_options, history
from codevitals.cli.configuration import configured
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
from codevitals.errors import UsageError

if TYPE_CHECKING:
    from codevitals.fleet.run import Fleet
    from codevitals.fleet.sources import Repository
    from codevitals.model.fleet import Organisation
    from codevitals.scan import ScanOptions

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
    from codevitals.fleet import sources

    params = configured(ctx, repos)
    _check(ctx, params)
    fleet = build_fleet(repos, sources.read(repos), params)
    _report(_run(fleet, params), params)


def _check(ctx: click.Context, params: Mapping[str, Any]) -> None:
    given = {name for name in ("workers", "jobs") if _given(ctx, name)}
    if "workers" in given and params["scheduler"] != "local":
        raise UsageError("--workers sets the size of a LocalCluster: use it with --scheduler local")
    if "jobs" in given and params["scheduler"] is not None:
        raise UsageError("--jobs counts local processes; a Dask cluster has its own workers")


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def build_fleet(
    repos: Path, repositories: Sequence[Repository], params: Mapping[str, Any]
) -> Fleet:
    """The fleet to run, from the command's parameters."""
    from codevitals.fleet import state
    from codevitals.fleet.clone import CloneOptions
    from codevitals.fleet.run import Fleet, describe

    now = state.now()
    options = _scan_options(params, now)
    window = options.history.since.start(now) if options.history else None
    shallow = window if params["shallow_clones"] else None
    return Fleet(
        name=repos.resolve().name,
        repositories=repositories,
        options=options,
        as_of=now,
        clones=CloneOptions(
            params["workdir"],
            params["keep_clones"],
            shallow,
            params["offline"],
            params["clone_timeout"],
        ),
        scheduler=params["scheduler"],
        workers=params["workers"],
        jobs=params["jobs"],
        fresh=params["fresh"],
        settings=describe(options, shallow=shallow is not None),
    )


def _scan_options(params: Mapping[str, Any], now: float) -> ScanOptions:
    """Each repository's scan: one process, no findings, history measured from `now`."""
    return dataclasses.replace(
        code_health_options(params),
        jobs=1,
        dependencies=audit_options(params) if params["deps"] else None,
        history=dataclasses.replace(history(params), now=now),
    )


def _run(fleet: Fleet, params: Mapping[str, Any]) -> Organisation:
    from codevitals.fleet.run import run
    from codevitals.model.fleet import Failure
    from codevitals.report.progress import FleetProgress

    with FleetProgress(len(fleet.repositories), enabled=not params["quiet"]) as progress:
        organisation = run(
            fleet, lambda outcome: progress.advance(failed=isinstance(outcome, Failure))
        )
    if not params["quiet"]:
        _print_failures(organisation)
    return organisation


def _print_failures(organisation: Organisation) -> None:
    for failure in organisation.failures:
        click.echo(f"codevitals: {failure.name}: {failure.reason}: {failure.message}", err=True)
    totals = organisation.totals
    if totals.failed:
        click.echo(f"codevitals: {totals.failed} of {totals.repositories} repositories failed "
                   "(listed in the report)", err=True)  # fmt: skip


def _report(organisation: Organisation, params: Mapping[str, Any]) -> None:
    from codevitals.report import FLEET_REPORTERS, write_report
    from codevitals.report.terminal.fleet import FleetTerminalReporter

    name = params["format_"]
    terminal = name == "terminal"
    reporter = FleetTerminalReporter(top=params["top"]) if terminal else FLEET_REPORTERS[name]()
    write_report(reporter, organisation, params["output"])
    if organisation.totals.failed == organisation.totals.repositories:
        sys.exit(2)
