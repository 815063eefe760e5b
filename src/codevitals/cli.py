"""The command line: `codevitals scan`, `deps`, `explain`, `rules` and `gate`.

Exit codes: 0 ok, 1 a threshold failed (`--fail-under`) or the gate found new debt, 2 usage
or input error. Errors a user can cause print one line; only bugs print a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, TextIO, TypeVar

import click
from click.core import ParameterSource

from codevitals import __version__, config, findings, git
from codevitals.code import analyze
from codevitals.code.biomarkers import RULES, lookup
from codevitals.code.health import Policy
from codevitals.dependencies import audit_folder
from codevitals.deps.audit import AuditOptions
from codevitals.deps.fetch import HttpSettings
from codevitals.deps.osv import OSV
from codevitals.deps.pypi import PYPI
from codevitals.discover import DEFAULT_TESTS, Filters
from codevitals.errors import CodevitalsError, ConfigError, UsageError
from codevitals.gate import baseline as baseline_file
from codevitals.gate.compare import Check, GatePolicy
from codevitals.gate.run import GateRequest, current_debt, gate
from codevitals.model import FileHealth, Notice, ScanResult, Severity
from codevitals.model.deps import DependencyReport
from codevitals.report import GATE_REPORTERS, REPORTERS, write_output, write_report
from codevitals.report.deps_json import DepsJsonReporter
from codevitals.report.deps_terminal import DepsTerminalReporter
from codevitals.report.explain import explain_file, explain_function
from codevitals.report.progress import AnalysisProgress
from codevitals.report.rules import rule_text, rules_markdown, rules_table
from codevitals.report.terminal import TerminalReporter
from codevitals.scan import ScanOptions, scan

CLI_ONLY = frozenset(
    {"config_file", "output", "cache_dir", "write_baseline", "vuln_db", "index_url", "osv_url"}
)
"""Options a configuration file may not set: a scanned repository never chooses where we
write, which servers we send requests to, or which advisories it is judged by."""
_GC_THRESHOLD = 200_000
MAX_NOTICES = 20
"""Notices printed to standard error; the JSON report has them all."""

F = TypeVar("F", bound=Callable[..., Any])


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
    # A scan builds hundreds of thousands of small acyclic objects (metrics, biomarkers, JSON
    # dicts) that reference counting frees. With the default thresholds the cyclic collector
    # rescans them over and over: 30 % of a warm scan of a large repository. Cycles are rare
    # here, and still collected, just less often.
    gc.set_threshold(_GC_THRESHOLD, 20, 50)


def _with_options(group: Callable[[], list[Decorator[Any]]]) -> Callable[[F], F]:
    """A decorator applying a group of options in order."""

    def decorate(command: F) -> F:
        for option in reversed(group()):
            command = option(command)
        return command

    return decorate


def scan_options(command: F) -> F:
    """Options shared by every command that scans; each is also a configuration key."""
    for option in reversed([*_output_options(), *_discovery_options(), *_scoring_options(),
                            *_findings_options(), *_runtime_options()]):  # fmt: skip
        command = option(command)
    return command


Decorator = Callable[[F], F]


def deps_options(command: F) -> F:
    """Options of the dependency audit; each is also a configuration key but the CLI-only."""
    for option in reversed(_dependency_options()):
        command = option(command)
    return command


class _Duration(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """`2y`, `18m`, `6w`, `90d`: a period of years, months, weeks or days."""

    name = "duration"
    _UNITS: ClassVar[dict[str, float]] = {"y": 365.25, "m": 30.44, "w": 7.0, "d": 1.0}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.timedelta):
            return value
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([ymwd])\s*", str(value).lower())
        if found is None:
            self.fail(f"{value!r} is not a duration such as 2y, 18m, 6w or 90d", param, ctx)
        return dt.timedelta(days=float(found.group(1)) * self._UNITS[found.group(2)])


def _dependency_options() -> list[Decorator[Any]]:
    return [
        click.option("--offline", is_flag=True,
                     help="No network: release data only from the cache, vulnerabilities "
                     "only from --vuln-db."),
        click.option("--vuln-db", type=click.Path(exists=True, path_type=Path), metavar="PATH",
                     help="Offline OSV database: a folder or zip of OSV JSON or YAML records "
                     "(e.g. the PyPA advisory database)."),
        click.option("--index-url", default=PYPI, show_default=True, metavar="URL",
                     envvar="CODEVITALS_INDEX_URL",
                     help="PyPI-compatible JSON API, serving URL/<name>/json."),
        click.option("--osv-url", default=OSV, show_default=True, metavar="URL",
                     envvar="CODEVITALS_OSV_URL", help="OSV API serving /v1/querybatch."),
        click.option("--unmaintained-after", type=_Duration(), default="2y", show_default=True,
                     metavar="DURATION", help="No release for this long is unmaintained."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0,
                     show_default=True, metavar="SECONDS",
                     help="Seconds for each request (two retries with backoff follow)."),
    ]  # fmt: skip


def _output_options() -> list[Decorator[Any]]:
    return [
        click.option("--format", "-f", "format_", type=click.Choice(sorted(REPORTERS)),
                     default="terminal", show_default=True, help="Output format."),
        click.option("--output", "-o", metavar="FILE",
                     help="Write the report to FILE (`-` for standard output)."),
    ]  # fmt: skip


def _discovery_options() -> list[Decorator[Any]]:
    return [
        click.option("--include", multiple=True, metavar="GLOB",
                     help="Analyse only paths matching GLOB (.gitignore syntax); repeatable."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Also leave out paths matching GLOB; repeatable."),
        click.option("--default-excludes/--no-default-excludes", default=True, show_default=True,
                     help="Leave out vendored, environment and generated paths."),
        click.option("--tests", multiple=True, metavar="GLOB",
                     help="Paths that are tests (replaces the defaults); repeatable."),
        click.option("--max-file-size", type=click.IntRange(min=1), default=1_048_576,
                     show_default=True, metavar="BYTES", help="Skip larger files."),
    ]  # fmt: skip


def _scoring_options() -> list[Decorator[Any]]:
    return [
        click.option("--threshold", multiple=True, metavar="BIOMARKER=VALUE",
                     help="Override a biomarker's threshold; repeatable."),
        click.option("--weight", multiple=True, metavar="BIOMARKER=POINTS",
                     help="Override a biomarker's weight; repeatable."),
        click.option("--ignore", multiple=True, metavar="BIOMARKER",
                     help="Do not report this biomarker; repeatable."),
        click.option("--preview", is_flag=True, help="Also run biomarkers still in preview."),
        click.option("--duplication-min-tokens", type=click.IntRange(min=1), default=50,
                     show_default=True, help="Smallest clone worth reporting, in tokens."),
    ]  # fmt: skip


def _findings_options() -> list[Decorator[Any]]:
    return [
        click.option("--preset", multiple=True, metavar="NAME",
                     type=click.Choice([*sorted(findings.PRESETS), "none"]),
                     default=("security",), show_default=True,
                     help="Finding rules to run: security, google, or none; repeatable."),
        click.option("--select", multiple=True, metavar="CODE",
                     help="Also run this ruff rule or prefix (S608, D, CVS101); repeatable."),
        click.option("--deselect", multiple=True, metavar="CODE",
                     help="Do not run this rule or prefix; repeatable."),
    ]  # fmt: skip


def _runtime_options() -> list[Decorator[Any]]:
    return [
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
                     help="Worker processes (0: one per CPU)."),
        click.option("--cache/--no-cache", default=True, show_default=True,
                     help="Reuse analyses of unchanged files."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Cache folder (default: $CODEVITALS_CACHE_DIR, else the user cache)."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Configuration file (default: the nearest .codevitals.toml or "
                     "pyproject.toml with [tool.codevitals])."),
        click.option("--quiet", "-q", is_flag=True, help="Print no notices or progress."),
    ]  # fmt: skip


@main.command(name="scan")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scan_options
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Include a dependency summary (network unless --offline; see `codevitals deps`).",
)
@deps_options
@click.option(
    "--fail-under",
    type=float,
    metavar="HEALTH",
    help="Exit 1 when production health is below HEALTH.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Rows in the worst-files and worst-functions tables.",
)
@click.pass_context
def scan_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Score the code health of PATH (default: the current folder)."""
    params = _configured(ctx, path)
    result = _scan(path, params)
    reporter = (
        TerminalReporter(top=params["top"])
        if params["format_"] == "terminal"
        else REPORTERS[params["format_"]]()
    )
    write_report(reporter, result, params["output"])
    _check_fail_under(result, params["fail_under"])


@main.command(name="deps")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@deps_options
@click.option("--strict", is_flag=True, help="Exit 1 when anything could not be checked.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Rows in each list of the terminal report.",
)
@_with_options(_output_options)
@_with_options(lambda: _discovery_options()[:3])  # --include, --exclude, --default-excludes
@_with_options(lambda: _runtime_options()[1:])  # all but --jobs
@click.pass_context
def deps_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Audit the dependencies declared under PATH: freshness and known vulnerabilities.

    Exits 1 when a dependency has a known vulnerability, or (with --strict) when something
    could not be checked; such unknowns are never counted as clean.
    """
    params = _configured(ctx, path)
    report = audit_folder(
        path,
        _filters(params),
        _audit_options(params),
        params["cache_dir"],
        use_cache=params["cache"],
    )
    if not params["quiet"]:
        _print_notices(report.notices)
    name, version = path.resolve().name, __version__
    if params["format_"] == "terminal":
        terminal = DepsTerminalReporter(name, version, top=params["top"])
        write_output(lambda out: terminal.report(report, out), params["output"])
    else:
        document = DepsJsonReporter(name, version, git.head(path))
        write_output(lambda out: document.report(report, out), params["output"])
    _check_dependencies(report, strict=params["strict"])


@main.command(name="explain")
@click.argument("target")
@scan_options
@click.pass_context
def explain_command(ctx: click.Context, /, target: str, **_: Any) -> None:
    """Show why a file, or a function (PATH:FUNCTION), scored as it did."""
    file_path, function_name = _split_target(target)
    root = git.toplevel(file_path.parent) or file_path.parent
    params = _configured(ctx, root)
    result = _scan(root, params)
    relative = file_path.resolve().relative_to(root.resolve()).as_posix()
    item = _find_file(result, relative)
    if function_name is None:
        explain_file(item, sys.stdout)
        return
    function = _find_function(item, function_name)
    increments = analyze.explain(file_path.read_bytes()).get(
        (function.metrics.qualified_name, function.metrics.line), []
    )
    explain_function(item, function, increments, sys.stdout)


@main.command(name="rules")
@click.argument("name", required=False)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
)
def rules_command(name: str | None, format_: str) -> None:
    """List every biomarker, or document the one called NAME (name or code)."""
    if format_ == "markdown":
        sys.stdout.write(rules_markdown())
    elif name is None:
        rules_table(RULES, sys.stdout)
    else:
        rule_text(lookup(name), sys.stdout)


def gate_options(command: F) -> F:
    """The gate's own options; in configuration files they live in `[tool.codevitals.gate]`."""
    options = [
        click.option("--base", metavar="REF",
                     help="Compare with this ref (its merge base with HEAD, by default)."),
        click.option("--head", metavar="REF",
                     help="Compare this ref instead of the working tree."),
        click.option("--merge-base/--no-merge-base", default=True, show_default=True,
                     help="Compare with the merge base of --base and HEAD, as a pull request."),
        click.option("--tolerance", type=click.FloatRange(min=0), default=0.1,
                     show_default=True, metavar="POINTS",
                     help="Health a changed file may lose before the gate fails."),
        click.option("--check", multiple=True, type=click.Choice([c.value for c in Check]),
                     help="Run only these checks (default: all); repeatable."),
        click.option("--min-severity", type=click.Choice([s.value for s in Severity]),
                     default="minor", show_default=True,
                     help="New findings below this severity do not fail the gate."),
        click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
                     help="Accept the debt this baseline file lists."),
        click.option("--write-baseline", metavar="FILE",
                     help="Record all current debt in FILE (to adopt the gate) and exit."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@main.command(name="gate")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scan_options
@gate_options
@click.option(
    "--deps/--no-deps",
    default=True,
    show_default=True,
    help="Fail on newly vulnerable dependencies (network unless --offline).",
)
@deps_options
@click.pass_context
def gate_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Fail (exit 1) on new debt: compare the working tree, or --head, with --base.

    The whole repository containing PATH is compared.
    """
    params = _configured(ctx, path)
    request = _gate_request(path, params)
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
        _print_notices(result.notices)
    write_report(GATE_REPORTERS[params["format_"]](), result, params["output"])
    if not result.passed:
        sys.exit(1)


def _gate_request(path: Path, params: Mapping[str, Any]) -> GateRequest:
    policy = GatePolicy(
        tolerance=params["tolerance"],
        checks=tuple(params["check"]) or tuple(Check),
        min_severity=Severity(params["min_severity"]),
    )
    baseline = baseline_file.load(params["baseline"]) if params["baseline"] else None
    return GateRequest(
        root=path,
        base=params["base"],
        head=params["head"],
        merge_base=params["merge_base"],
        options=_options(params),
        policy=policy,
        baseline=baseline,
    )


def _write_baseline(request: GateRequest, params: Mapping[str, Any]) -> None:
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


# -- configuration -------------------------------------------------------------------------


def config_keys(command: click.Command, *, own: bool = False) -> frozenset[str]:
    """Configuration keys: the command's long option names, but not the CLI-only ones.

    With `own`, only the options the command does not share with `scan`.
    """
    shared = {p.name for p in scan_command.params} if own else set()
    return frozenset(
        param.name.replace("_", "-").rstrip("-")
        for param in command.params
        if isinstance(param, click.Option)
        and param.name
        and param.name not in CLI_ONLY
        and param.name not in shared
    )


def _configured(ctx: click.Context, path: Path) -> dict[str, Any]:
    """The command's parameters with configuration-file values filling the defaults.

    Every command accepts every command's keys (one file serves `scan` and `gate`) and
    applies those it has; `[tool.codevitals.gate]` holds the gate's own keys.
    """
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    params = dict(ctx.params)
    folder = path if path.is_dir() else path.parent
    # Configuration comes from inside the repository (or the scanned folder), never above it.
    found = params["config_file"] or config.find(folder, stop=git.toplevel(folder) or folder)
    if found is None:
        return params
    loaded = config.load(found, _shared_keys() | {GATE_TABLE})
    table = {k: v for k, v in loaded.values.items() if k != GATE_TABLE}
    _apply(ctx, params, table, where=str(found))
    if ctx.command.name == "gate":
        _apply(ctx, params, _gate_table(loaded.values, found), where=f"{found}: [gate]")
    return params


GATE_TABLE = "gate"


def _shared_keys() -> frozenset[str]:
    """Keys of `[tool.codevitals]`: every command's options but the gate's own."""
    keys = {key for command in main.commands.values() for key in config_keys(command)}
    return frozenset(keys - config_keys(gate_command, own=True))


def _gate_table(values: Mapping[str, Any], found: Path) -> dict[str, Any]:
    table = values.get(GATE_TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{found}: [tool.codevitals.gate] must be a table")
    config.check_keys(table, config_keys(gate_command, own=True), where=f"{found}: [gate]")
    if "baseline" in table:  # relative to the configuration file, not to where gate runs
        table = {**table, "baseline": str(found.parent / str(table["baseline"]))}
    return table


def _apply(
    ctx: click.Context, params: dict[str, Any], values: Mapping[str, Any], where: str
) -> None:
    by_name = {p.name: p for p in ctx.command.params if p.name}
    for key, value in values.items():
        name = key.replace("-", "_")
        name = name if name in by_name else name + "_"  # `format` is `format_` in Python
        if name not in by_name:
            continue  # another command's key
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT:
            continue  # the command line wins
        params[name] = _cast(ctx, by_name[name], value, where=f"{where}: {key}")


def _cast(ctx: click.Context, param: click.Parameter, value: Any, *, where: str) -> Any:
    if isinstance(value, Mapping):
        value = [f"{key}={item}" for key, item in value.items()]
    try:
        return param.type_cast_value(ctx, value)
    except click.BadParameter as error:
        raise ConfigError(f"{where}: {error.message}") from error


def _pairs(values: tuple[str, ...], option: str) -> dict[str, float]:
    pairs: dict[str, float] = {}
    for value in values:
        name, sep, number = value.partition("=")
        try:
            pairs[name.strip()] = float(number)
        except ValueError:
            sep = ""
        if not sep:
            raise UsageError(f"{option} takes BIOMARKER=NUMBER, not {value!r}")
    return pairs


def _options(params: Mapping[str, Any]) -> ScanOptions:
    policy = Policy.build(
        thresholds=_pairs(params["threshold"], "--threshold"),
        weights=_pairs(params["weight"], "--weight"),
        ignore=params["ignore"],
        preview=params["preview"],
    )
    return ScanOptions(
        findings=_selection(params),
        filters=_filters(params),
        policy=policy,
        min_tokens=params["duplication_min_tokens"],
        jobs=params["jobs"],
        cache_dir=params["cache_dir"],
        use_cache=params["cache"],
        dependencies=_audit_options(params) if params.get("deps") else None,
    )


def _filters(params: Mapping[str, Any]) -> Filters:
    """Discovery filters; `deps` has no --tests or --max-file-size (no code is analysed)."""
    return Filters(
        include=tuple(params["include"]),
        exclude=tuple(params["exclude"]),
        default_excludes=params["default_excludes"],
        tests=tuple(params.get("tests", ())) or DEFAULT_TESTS,
        max_file_size=params.get("max_file_size", Filters().max_file_size),
    )


def _audit_options(params: Mapping[str, Any]) -> AuditOptions:
    return AuditOptions(
        offline=params["offline"],
        vuln_db=params["vuln_db"],
        index_url=params["index_url"],
        osv_url=params["osv_url"],
        http=HttpSettings(timeout=params["timeout"]),
        unmaintained_after=params["unmaintained_after"],
    )


def _selection(params: Mapping[str, Any]) -> findings.Selection:
    presets = [name for name in params["preset"] if name != "none"]
    return findings.select(presets, params["select"], params["deselect"])


# -- running -------------------------------------------------------------------------------


def _scan(path: Path, params: Mapping[str, Any]) -> ScanResult:
    options = _options(params)
    with AnalysisProgress(enabled=not params["quiet"]) as progress:
        result = scan(path, options, progress)
    if not params["quiet"]:
        _print_notices(result.notices)
    return result


def _print_notices(notices: tuple[Notice, ...]) -> None:
    for notice in notices[:MAX_NOTICES]:
        where = notice.path + (f":{notice.line}" if notice.line else "")
        prefix = f"{where}: " if where else ""
        click.echo(f"codevitals: {prefix}{notice.reason}: {notice.message}", err=True)
    if len(notices) > MAX_NOTICES:
        click.echo(
            f"codevitals: … and {len(notices) - MAX_NOTICES} more notices "
            "(all of them are in the JSON report)",
            err=True,
        )


def _check_dependencies(report: DependencyReport, *, strict: bool) -> None:
    totals = report.totals
    problems = []
    if totals.vulnerable:
        problems.append(f"{totals.vulnerable} vulnerable")
    if strict and totals.unknown:
        problems.append(f"{totals.unknown} not checked (--strict)")
    if problems:
        click.echo(f"codevitals: dependencies: {', '.join(problems)}", err=True)
        sys.exit(1)


def _check_fail_under(result: ScanResult, fail_under: float | None) -> None:
    health = result.summary.production.health
    if fail_under is not None and health is not None and health < fail_under:
        click.echo(
            f"codevitals: health {health:.2f} is below --fail-under {fail_under:g}", err=True
        )
        sys.exit(1)


def _split_target(target: str) -> tuple[Path, str | None]:
    path = Path(target)
    if not path.exists() and ":" in target:
        file_part, _, function = target.rpartition(":")
        path = Path(file_part)
        if path.is_file():
            return path, function
    if not path.is_file():
        raise UsageError(f"{target}: not a file (expected PATH or PATH:FUNCTION)")
    return path, None


def _find_file(result: ScanResult, relative: str) -> FileHealth:
    for item in result.files:
        if item.file.path == relative:
            return item
    reasons = {s.path: s.reason for s in result.skipped}
    why = (
        f"skipped ({reasons[relative]})"
        if relative in reasons
        else "not analysed (excluded or not Python)"
    )
    raise UsageError(f"{relative}: {why}")


def _find_function(item: FileHealth, name: str) -> Any:
    exact = [f for f in item.functions if f.metrics.qualified_name == name]
    matches = exact or [f for f in item.functions if f.metrics.name == name]
    if len(matches) == 1 or (matches and len({f.metrics.qualified_name for f in matches}) == 1):
        return matches[0]
    if matches:
        names = ", ".join(f"{f.metrics.qualified_name} (line {f.metrics.line})" for f in matches)
        raise UsageError(f"{name!r} is ambiguous in {item.file.path}: {names}")
    nearest = difflib.get_close_matches(
        name, [f.metrics.qualified_name for f in item.functions], n=3
    )
    hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
    raise UsageError(f"no function {name!r} in {item.file.path}{hint}")
