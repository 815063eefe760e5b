"""The command line: `codevitals scan`, `hotspots`, `explain` and `rules`.

Exit codes: 0 ok, 1 a threshold failed (`--fail-under`), 2 usage or input error. Errors a
user can cause print one line; only bugs print a traceback.
"""

from __future__ import annotations

import difflib
import gc
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from codevitals import __version__, config, git
from codevitals.code import analyze
from codevitals.code.biomarkers import RULES, lookup
from codevitals.code.health import Policy
from codevitals.discover import DEFAULT_TESTS, Filters
from codevitals.errors import CodevitalsError, ConfigError, UsageError
from codevitals.history import HistoryOptions
from codevitals.history import options as history_defaults
from codevitals.history.bots import Bots
from codevitals.history.coupling import CouplingOptions
from codevitals.history.hotspots import Factors
from codevitals.history.since import Since, parse
from codevitals.model import FileHealth, Notice, ScanResult
from codevitals.report import REPORTERS, write_report
from codevitals.report.explain import explain_file, explain_function
from codevitals.report.hotspots import HotspotsReporter
from codevitals.report.progress import AnalysisProgress
from codevitals.report.rules import rule_text, rules_markdown, rules_table
from codevitals.report.terminal import TerminalReporter
from codevitals.scan import ScanOptions, scan

CLI_ONLY = frozenset({"config_file", "output", "cache_dir"})
"""Options a configuration file may not set: a scanned repository never chooses where we write."""
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


def scan_options(command: F) -> F:
    """Options shared by every command that scans; each is also a configuration key."""
    for option in reversed([*_output_options(), *_discovery_options(), *_scoring_options(),
                            *_runtime_options()]):  # fmt: skip
        command = option(command)
    return command


Decorator = Callable[[F], F]


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


if TYPE_CHECKING:
    _ParamType = click.ParamType[Since, Any]
else:  # click < 8.2 has no type parameters
    _ParamType = click.ParamType


class _When(_ParamType):
    """A date (2024-01-31), a span back from now (30d, 6w, 12m, 2y) or `all`."""

    name = "when"

    def __init__(self, *, span_only: bool = False) -> None:
        self.span_only = span_only

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Since:
        """A `Since` from its text (values already converted pass through)."""
        if isinstance(value, Since):
            return value
        try:
            parsed = parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
        if self.span_only and not parsed.unit:
            self.fail(f"{value!r} is not a span such as 8h, 1d or 1w", param, ctx)
        return parsed


def history_options(command: F) -> F:
    """Options of the history analyses; each is also a configuration key."""
    for option in reversed(_history_options()):
        command = option(command)
    return command


def _history_options() -> list[Decorator[Any]]:
    return [
        click.option("--since", type=_When(), default=history_defaults.DEFAULT_SINCE,
                     show_default=True, metavar="WHEN",
                     help="Window for hotspots and coupling: a date, a span (12m, 2y) or all."),
        click.option("--first-parent", is_flag=True,
                     help="Follow the first-parent line, merges counting as changes "
                     "(default: every non-merge commit)."),
        click.option("--bot", multiple=True, metavar="TEXT",
                     help="Also leave out authors whose name or email contains TEXT; repeatable."),
        click.option("--default-bots/--no-default-bots", default=True, show_default=True,
                     help="Leave out dependabot, renovate, github-actions, pre-commit-ci, [bot]."),
        click.option("--half-life", type=click.FloatRange(min=0), show_default=True,
                     default=history_defaults.DEFAULT_HALF_LIFE_DAYS, metavar="DAYS",
                     help="Age at which a change counts half in hotspots (0: all count 1)."),
        click.option("--hotspot-factor", multiple=True, metavar="NAME=EXPONENT",
                     help="Exponent of change, debt or size in the hotspot score; repeatable."),
        click.option("--min-revs", type=click.IntRange(min=1), default=5, show_default=True,
                     help="Coupling: fewest average revisions of a pair."),
        click.option("--min-shared-revs", type=click.IntRange(min=1), default=5,
                     show_default=True, help="Coupling: fewest shared revisions of a pair."),
        click.option("--min-coupling", type=click.FloatRange(0, 100), default=30.0,
                     show_default=True, metavar="PERCENT", help="Coupling: lowest degree."),
        click.option("--max-changeset-size", type=click.IntRange(min=2), default=30,
                     show_default=True, help="Coupling: leave out commits changing more files."),
        click.option("--coupling-window", type=_When(span_only=True), metavar="SPAN",
                     help="Coupling: one author's commits within SPAN (8h, 1d) are one change."),
        click.option("--inactive-after", type=_When(), metavar="WHEN", show_default=True,
                     default=history_defaults.DEFAULT_INACTIVE_AFTER,
                     help="Authors without commits for this long count as knowledge lost."),
    ]  # fmt: skip


@main.command(name="scan")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scan_options
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Analyse git history: hotspots, coupling, knowledge, code age.",
)
@history_options
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


@main.command(name="hotspots")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@scan_options
@history_options
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Hotspot files shown, each with its functions ranked.",
)
@click.pass_context
def hotspots_command(ctx: click.Context, /, path: Path, **_: Any) -> None:
    """Rank the files of PATH, and the functions of the top files, by unhealthy change."""
    params = _configured(ctx, path)
    if path.is_dir() and git.toplevel(path) is None:
        raise UsageError(f"{path}: not inside a git repository; hotspots need its history")
    result = _scan(path, params)
    reporter = (
        HotspotsReporter(top=params["top"])
        if params["format_"] == "terminal"
        else REPORTERS[params["format_"]]()
    )
    write_report(reporter, result, params["output"])


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


# -- configuration -------------------------------------------------------------------------


def config_keys(command: click.Command) -> frozenset[str]:
    """Configuration keys: the command's long option names, but not the CLI-only ones."""
    return frozenset(
        param.name.replace("_", "-").rstrip("-")
        for param in command.params
        if isinstance(param, click.Option) and param.name and param.name not in CLI_ONLY
    )


def _all_config_keys() -> frozenset[str]:
    """Every command reading the configuration shares one file: any of their keys is valid."""
    commands = (scan_command, hotspots_command, explain_command)
    return frozenset().union(*(config_keys(command) for command in commands))


def _configured(ctx: click.Context, path: Path) -> dict[str, Any]:
    """The command's parameters with configuration-file values filling the defaults."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    params = dict(ctx.params)
    folder = path if path.is_dir() else path.parent
    # Configuration comes from inside the repository (or the scanned folder), never above it.
    found = params["config_file"] or config.find(folder, stop=git.toplevel(folder) or folder)
    if found is None:
        return params
    loaded = config.load(found, _all_config_keys())
    by_name = {p.name: p for p in ctx.command.params if p.name}
    for key, value in loaded.values.items():
        name = key.replace("-", "_")
        name = name if name in by_name else name + "_"  # `format` is `format_` in Python
        if name not in by_name:
            continue  # a key for another command (`fail-under` while explaining)
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT:
            continue  # the command line wins
        params[name] = _cast(ctx, by_name[name], value, where=f"{found}: {key}")
    return params


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
            raise UsageError(f"{option} takes NAME=NUMBER, not {value!r}")
    return pairs


def _options(params: Mapping[str, Any]) -> ScanOptions:
    policy = Policy.build(
        thresholds=_pairs(params["threshold"], "--threshold"),
        weights=_pairs(params["weight"], "--weight"),
        ignore=params["ignore"],
        preview=params["preview"],
    )
    filters = Filters(
        include=tuple(params["include"]),
        exclude=tuple(params["exclude"]),
        default_excludes=params["default_excludes"],
        tests=tuple(params["tests"]) or DEFAULT_TESTS,
        max_file_size=params["max_file_size"],
    )
    return ScanOptions(
        filters=filters,
        policy=policy,
        min_tokens=params["duplication_min_tokens"],
        jobs=params["jobs"],
        cache_dir=params["cache_dir"],
        use_cache=params["cache"],
        history=_history(params) if _wants_history(params) else None,
    )


def _wants_history(params: Mapping[str, Any]) -> bool:
    """`scan` unless --no-history, and `hotspots`; not `explain`, which has no history options."""
    return "since" in params and params.get("history", True)


_FACTORS = ("change", "debt", "size")


def _history(params: Mapping[str, Any]) -> HistoryOptions:
    factors = _pairs(params["hotspot_factor"], "--hotspot-factor")
    unknown = sorted(set(factors) - set(_FACTORS))
    if unknown:
        raise UsageError(f"--hotspot-factor takes {', '.join(_FACTORS)}, not {unknown[0]!r}")
    window: Since | None = params["coupling_window"]
    coupling = CouplingOptions(
        min_revisions=params["min_revs"],
        min_shared=params["min_shared_revs"],
        min_degree=params["min_coupling"],
        max_changeset=params["max_changeset_size"],
        group_seconds=window.seconds() if window is not None else 0.0,
    )
    return HistoryOptions(
        since=params["since"],
        inactive_after=params["inactive_after"],
        first_parent=params["first_parent"],
        bots=Bots.build(params["bot"], defaults=params["default_bots"]),
        half_life_days=params["half_life"],
        factors=Factors(**factors),
        function_files=params.get("top", history_defaults.DEFAULT_FUNCTION_FILES),
        coupling=coupling,
    )


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
