"""`codevitals gate`: fail on new debt, comparing a change with where it branched off."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from codevitals.cli.app import main
from codevitals.cli.build import scan_options
from codevitals.cli.configuration import configured
from codevitals.cli.options import deps_options, gate_options, scanning
from codevitals.cli.running import print_notices
from codevitals.errors import UsageError
from codevitals.report import GATE_REPORTERS, write_output, write_report

if TYPE_CHECKING:
    from codevitals.gate.run import GateRequest


@main.command(name="gate")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scanning(GATE_REPORTERS)
@gate_options
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Fail on newly vulnerable dependencies (network unless --offline).",
)
@deps_options
@click.pass_context
def gate_command(ctx: click.Context, /, path: Path, **_: Any) -> None:  # fmt: skip
    """Fail (exit 1) on new debt: compare the working tree, or --head, with --base.

    The whole repository containing PATH is compared.
    """
    from codevitals.gate.run import gate
    from codevitals.report.progress import AnalysisProgress

    params = configured(ctx, path)
    request = _request(path, params)
    if params["write_baseline"]:
        _write_baseline(request, params)
        return
    if request.base is None and request.baseline is None:
        raise UsageError(
            "gate needs --base REF (or `base` in [tool.codevitals.gate]) or --baseline FILE"
        )
    with AnalysisProgress(enabled=not params["quiet"]) as progress:
        result = gate(replace(request, progress=progress))
    if not params["quiet"]:
        print_notices(result.notices)
    write_report(GATE_REPORTERS[params["format_"]](), result, params["output"])
    if not result.passed:
        sys.exit(1)


def _request(path: Path, params: Mapping[str, Any]) -> GateRequest:
    from codevitals.gate import baseline
    from codevitals.gate.compare import Check, GatePolicy
    from codevitals.gate.run import GateRequest
    from codevitals.model import Severity

    policy = GatePolicy(
        tolerance=params["tolerance"],
        checks=tuple(params["check"]) or tuple(Check),
        min_severity=Severity(params["min_severity"]),
        strict=params["strict"],
    )
    return GateRequest(
        root=path,
        base=params["base"],
        head=params["head"],
        merge_base=params["merge_base"],
        options=scan_options(params),
        policy=policy,
        baseline=baseline.load(params["baseline"]) if params["baseline"] else None,
    )


def _write_baseline(request: GateRequest, params: Mapping[str, Any]) -> None:
    from codevitals.gate.run import current_debt

    accepted = current_debt(request)

    def render(out: TextIO) -> None:
        out.write(accepted.dumps())

    write_output(render, params["write_baseline"])
    if not params["quiet"]:
        click.echo(
            f"codevitals: wrote {params['write_baseline']}: {len(accepted.health)} files, "
            f"{sum(accepted.entries.values())} accepted problems",
            err=True,
        )
