"""`codevitals deps`: freshness and known vulnerabilities of the declared dependencies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, cast

import click

from codevitals import __version__, git
from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import (
    deps_options,
    discovery_options,
    output_options,
    runtime_options,
    top_option,
    with_options,
)
from codevitals.cli.running import print_notices
from codevitals.model.deps import DependencyReport
from codevitals.report import DEPS_REPORTERS, write_output
from codevitals.report.deps_counts import DepsReporter


@main.command(name="deps")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@deps_options
@click.option("--strict", is_flag=True, help="Exit 1 when anything could not be checked.")
@top_option("Rows in each list of the terminal and Markdown reports.")
@with_options(lambda: output_options(DEPS_REPORTERS))
@with_options(lambda: discovery_options()[:3])  # --include, --exclude, --default-excludes
@with_options(lambda: runtime_options()[1:])  # all but --jobs
@click.pass_context
def deps_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Audit the dependencies declared under PATH: freshness and known vulnerabilities.

    PATH may also be one manifest or lockfile: only that file is audited.

    Exits 1 when a dependency has a known vulnerability, or (with --strict) when something
    could not be checked; such unknowns are never counted as clean.
    """
    from codevitals.tree_audit import audit_folder

    command = build.for_deps(ctx, path)
    output = command.output
    report = audit_folder(
        path, command.filters, command.audit, command.cache_dir, use_cache=command.use_cache
    )
    if not output.quiet:
        print_notices(report.notices)
    # Only the reporter asked for is loaded: the terminal one brings rich with it.
    made = cast("type[DepsReporter]", DEPS_REPORTERS[output.format])
    folder = path.parent if path.is_file() else path  # `deps FILE` audits one manifest
    chosen = made(path.resolve().name, __version__, git.head(folder), command.top)
    write_output(lambda out: chosen.report(report, out), output.path)
    _check(report, strict=command.strict)


def _check(report: DependencyReport, *, strict: bool) -> None:
    totals = report.totals
    problems = []
    if totals.vulnerable:
        problems.append(f"{totals.vulnerable} vulnerable")
    if strict and totals.unknown:
        problems.append(f"{totals.unknown} not checked (--strict)")
    if strict and (unread := sum(1 for n in report.notices if n.reason == "not-read")):
        problems.append(f"{unread} kinds of dependency file not read (--strict)")
    if problems:
        click.echo(f"codevitals: dependencies: {', '.join(problems)}", err=True)
        sys.exit(1)
