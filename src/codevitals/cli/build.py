"""From a command's flags and configuration to one typed value of everything it runs.

This is the one place that reads a command's parameters: each command asks its builder here
(`for_scan`, `for_gate`, …) for a frozen value, and everything after works on its typed
fields. A stage runs because a field says so (`ScanOptions.plan` is None or not), never because a
parameter exists. Each builder names the stages its command runs; the options of commands other
than the one running are imported only when their builder runs, so a scan never loads the gate.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from codevitals.cache import default_dir
from codevitals.cli.configuration import configured, unknown_rules
from codevitals.discover import DEFAULT_TESTS, Filters
from codevitals.errors import UsageError

# The options of the scan, history, plan and findings are imported where they are built:
# `codevitals deps` needs only its filters and audit options, and loading the code-health,
# history and plan packages would cost it a fifth of a warm audit.
if TYPE_CHECKING:
    from codevitals import findings
    from codevitals.code.health import Policy
    from codevitals.deps.audit import AuditOptions
    from codevitals.fleet.run import Fleet
    from codevitals.gate.run import GateRequest
    from codevitals.history import HistoryOptions
    from codevitals.history.fixes import FixRules
    from codevitals.history.since import Since
    from codevitals.plan import PlanOptions
    from codevitals.scan import ScanOptions
    from codevitals.trend import TrendOptions
    from codevitals.validate.options import ValidateOptions

REMOVED_FACTORS = (
    "--hotspot-factor was removed: the hotspot score is now P(fix), a model of code lines, "
    "changes and prior fixes that the backtest chose (see docs/history.md#hotspots); "
    "compare rankings on your history with `codevitals validate` (`--rank effort` for the "
    "effort-aware one)"
)
"""Why `--hotspot-factor` (exponents of a formula with health debt) is gone: health did not
help the backtest's held-out ranking, so no exponent of it means anything now."""


RANKS = {"default": "codevitals", "effort": "effort", "density": "effort"}
"""`validate --rank` values and the ranking each puts under test (`density` is the
effort-aware ranking's former name)."""

Params = Mapping[str, Any]
"""A command's parameters, configuration-file values filled in: read only in this module."""


@dataclass(frozen=True, slots=True)
class Output:
    """Where a command's report goes and in which format; `quiet`: no notices or progress."""

    format: str
    path: str | None
    """None or `-`: standard output."""
    quiet: bool


@dataclass(frozen=True, slots=True)
class ScanCommand:
    """`scan`, `hotspots`, `plan` and `explain`: one scan and how its report is shown."""

    scan: ScanOptions
    output: Output
    store: Path | None = None
    """The scan store the scan is recorded in and its trend read from; None: none."""
    top: int = 10
    """Rows of the terminal report's tables."""
    every_finding: bool = False
    """The terminal summary lists every finding, not the first place of the top rules."""
    fail_under: float | None = None
    """Exit 1 when production health is below this; None: never."""


@dataclass(frozen=True, slots=True)
class GateCommand:
    """`gate`: the comparison to run, or (`write_baseline`) the baseline to write instead."""

    request: GateRequest
    output: Output
    write_baseline: str | None = None


@dataclass(frozen=True, slots=True)
class TrendCommand:
    """`trend`: the snapshots to measure and how they are reported."""

    trend: TrendOptions
    output: Output


@dataclass(frozen=True, slots=True)
class ValidateCommand:
    """`validate`: the backtest to run and how it is reported."""

    validate: ValidateOptions
    output: Output


@dataclass(frozen=True, slots=True)
class DepsCommand:
    """`deps`: which manifests are audited, how, and what fails the run."""

    filters: Filters
    audit: AuditOptions
    cache_dir: Path | None
    use_cache: bool
    output: Output
    top: int
    strict: bool
    """Exit 1 when anything could not be checked, too."""


@dataclass(frozen=True, slots=True)
class FleetCommand:
    """`fleet`: the repositories, how each is scanned and run, and the organisation's report."""

    fleet: Fleet
    output: Output
    top: int


def for_scan(ctx: click.Context, path: Path) -> ScanCommand:
    """`scan`: findings, and dependencies and history unless turned off, a plan, a store."""
    from codevitals.plan.options import DEFAULT_ITEMS

    params = configured(ctx, path)
    options = _scanning(params, deps=params["deps"], history=params["history"], plan=DEFAULT_ITEMS)
    return ScanCommand(
        options,
        output(params),
        store=store_path(params),
        top=params["top"],
        every_finding=params["show_findings"] == "all",
        fail_under=params["fail_under"],
    )


def for_hotspots(ctx: click.Context, path: Path) -> ScanCommand:
    """`hotspots`: a scan with history and a plan, without dependencies."""
    from codevitals.plan.options import DEFAULT_ITEMS

    params = configured(ctx, path)
    options = _scanning(params, deps=False, history=True, plan=DEFAULT_ITEMS)
    return ScanCommand(options, output(params), top=params["top"])


def for_plan(ctx: click.Context, path: Path) -> ScanCommand:
    """`plan`: its --top is how many items the plan lists, as the command line says."""
    params = configured(ctx, path)
    items = ctx.params["top"]
    options = _scanning(params, deps=params["deps"], history=params["history"], plan=items)
    return ScanCommand(options, output(params), top=params["top"])


def for_explain(ctx: click.Context, root: Path) -> ScanCommand:
    """`explain`: the code health and findings of the repository at `root`, nothing more."""
    params = configured(ctx, root)
    return ScanCommand(_scanning(params, deps=False, history=False, plan=None), output(params))


def _scanning(params: Params, *, deps: bool, history: bool, plan: int | None) -> ScanOptions:
    """A scan with findings, and the audit, history analyses and plan its command asks for.

    `plan` is how many items the plan lists; None: no plan.
    """
    return dataclasses.replace(
        code_health_options(params),
        findings=selection(params),
        dependencies=audit_options(params) if deps else None,
        history=history_analyses(params) if history else None,
        plan=pay_down_plan(params, items=plan) if plan is not None else None,
    )


def for_gate(ctx: click.Context, path: Path) -> GateCommand:
    """`gate`: both sides scanned with findings (and dependencies unless --no-deps)."""
    from codevitals.gate import baseline
    from codevitals.gate.compare import Check, GatePolicy
    from codevitals.gate.run import GateRequest
    from codevitals.model import Severity

    params = configured(ctx, path)
    policy = GatePolicy(
        tolerance=params["tolerance"],
        checks=tuple(params["check"]) or tuple(Check),
        min_severity=Severity(params["min_severity"]),
        strict=params["strict"],
    )
    request = GateRequest(
        root=path,
        base=params["base"],
        head=params["head"],
        merge_base=params["merge_base"],
        options=_scanning(params, deps=params["deps"], history=False, plan=None),
        policy=policy,
        baseline=baseline.load(params["baseline"]) if params["baseline"] else None,
    )
    return GateCommand(request, output(params), write_baseline=params["write_baseline"])


def for_trend(ctx: click.Context, path: Path) -> TrendCommand:
    """`trend`: its --since is where its range starts, not a hotspot window.

    Each snapshot's hotspots are found in the history default's window.
    """
    from codevitals.trend import TrendOptions

    params = configured(ctx, path)
    trend = TrendOptions(
        since=params["since"],
        every=params["every"],
        until=params["until"],
        scan=code_health_options(params),
        history=hotspot_history(params),
        audit=audit_options(params) if params["deps"] else None,
        store=store_path(params),
        top=params["top"],
    )
    return TrendCommand(trend, output(params))


def for_validate(ctx: click.Context, path: Path) -> ValidateCommand:
    """`validate`: the origins, window and ranking under test, and how history is mined."""
    from codevitals.validate.options import ValidateOptions

    params = configured(ctx, path)
    origins = tuple(params["origin"])
    if any(origin.date is None and not origin.unit for origin in origins):
        raise UsageError("--origin takes a date (2023-01-31) or a span (3y), not 'all'")
    validate = ValidateOptions(
        origins=origins,
        window=params["window"],
        headline=RANKS[params["rank"]],
        bootstrap=params["bootstrap"],
        seed=params["seed"],
        fixes=fix_rules(params),
        labels=params["labels"],
        scan=code_health_options(params),
        history=ranking_history(params),
    )
    return ValidateCommand(validate, output(params))


def for_deps(ctx: click.Context, path: Path) -> DepsCommand:
    """`deps`: the manifests under `path`, audited."""
    params = configured(ctx, path)
    return DepsCommand(
        filters=manifest_filters(params),
        audit=audit_options(params),
        cache_dir=params["cache_dir"],
        use_cache=params["cache"],
        output=output(params),
        top=params["top"],
        strict=params["strict"],
    )


def for_fleet(ctx: click.Context, repos: Path) -> FleetCommand:
    """`fleet`: every repository REPOS lists, each scanned in one process.

    Every history is measured from the same moment; --workers and --jobs are errors where
    they mean nothing.
    """
    from codevitals.fleet import sources, state
    from codevitals.fleet.clone import CloneOptions
    from codevitals.fleet.run import Fleet, describe

    params = configured(ctx, repos)
    _check_fleet_workers(ctx, params)
    repositories = sources.read(repos)
    now = state.now()
    options = dataclasses.replace(
        code_health_options(params),
        jobs=1,
        dependencies=audit_options(params) if params["deps"] else None,
        history=dataclasses.replace(history_analyses(params), now=now),
    )
    window = options.history.since.start(now) if options.history else None
    shallow = window if params["shallow_clones"] else None
    fleet = Fleet(
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
    return FleetCommand(fleet, output(params), top=params["top"])


def _check_fleet_workers(ctx: click.Context, params: Params) -> None:
    given = {name for name in ("workers", "jobs") if _given(ctx, name)}
    if "workers" in given and params["scheduler"] != "local":
        raise UsageError("--workers sets the size of a LocalCluster: use it with --scheduler local")
    if "jobs" in given and params["scheduler"] is not None:
        raise UsageError("--jobs counts local processes; a Dask cluster has its own workers")


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def output(params: Params) -> Output:
    """The report's format and destination, and whether the run is quiet."""
    return Output(params["format_"], params["output"], params["quiet"])


def code_health_options(params: Params) -> ScanOptions:
    """A scan of code health alone: no findings, dependencies or history.

    Files, health model, duplication, workers and cache, as every command takes them; the scan,
    fleets, trends and backtests add what else they need.
    """
    from codevitals.scan import ScanOptions

    return ScanOptions(
        filters=filters(params),
        policy=policy(params),
        min_tokens=params["duplication_min_tokens"],
        jobs=params["jobs"],
        cache_dir=params["cache_dir"],
        use_cache=params["cache"],
        history=None,
    )


def policy(params: Params) -> Policy:
    """The health model's thresholds, weights and rules."""
    from codevitals.code.health import Policy

    return Policy.build(
        thresholds=pairs(params["threshold"], "--threshold", minimum=0),
        weights=pairs(params["weight"], "--weight", minimum=0),
        ignore=params["ignore"],
        preview=params["preview"],
    )


def store_path(params: Params) -> Path | None:
    """The scan store a command records in and reads from; None: none (--no-store)."""
    from codevitals.trend.store import FILE

    if params["no_store"]:
        return None
    chosen: Path | None = params["store"]
    return chosen or (params["cache_dir"] or default_dir()) / FILE


def filters(params: Params) -> Filters:
    """Discovery filters of a command that analyses code."""
    return dataclasses.replace(
        manifest_filters(params),
        tests=tuple(params["tests"]) or DEFAULT_TESTS,
        max_file_size=params["max_file_size"],
    )


def manifest_filters(params: Params) -> Filters:
    """Discovery filters of `deps`, which has no --tests or --max-file-size (it reads no code)."""
    return Filters(
        include=tuple(params["include"]),
        exclude=tuple(params["exclude"]),
        default_excludes=params["default_excludes"],
    )


def audit_options(params: Params) -> AuditOptions:
    """How the dependency audit gets its data."""
    from codevitals.deps.audit import AuditOptions
    from codevitals.deps.fetch import HttpSettings

    registries = registry_urls(params["registry_url"])
    return AuditOptions(
        offline=params["offline"],
        vuln_db=params["vuln_db"],
        index_url=registries.pop("PyPI", params["index_url"]),
        registry_urls=tuple(sorted(registries.items())),
        osv_url=params["osv_url"],
        http=HttpSettings(timeout=params["timeout"]),
        unmaintained_after=params["unmaintained_after"],
        ignore_vulns=ignored_vulnerabilities(params["ignore_vuln"]),
    )


def ignored_vulnerabilities(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(id, reason) of each `ID[=REASON]`; an empty id is a usage error."""
    found: dict[str, str] = {}
    for value in values:
        given, _, reason = value.partition("=")
        name = given.strip()
        if not name or any(c.isspace() for c in name):
            raise UsageError(f"--ignore-vuln takes ID or ID=REASON, not {value!r}")
        found[name] = reason.strip()
    return tuple(found.items())


def registry_urls(values: Iterable[str]) -> dict[str, str]:
    """`ECOSYSTEM=URL` values by the ecosystem's own name (matched ignoring case).

    An unknown ecosystem or a value without a URL is a usage error naming the allowed ones.
    """
    from codevitals.deps.ecosystems import ECOSYSTEMS

    names = {item.name.lower(): item.name for item in ECOSYSTEMS}
    found: dict[str, str] = {}
    for value in values:
        name, _, url = value.partition("=")  # no "=": the URL is empty
        canonical = names.get(name.strip().lower())
        if canonical is None or not url.strip():
            allowed = ", ".join(item.name for item in ECOSYSTEMS)
            raise UsageError(f"--registry-url takes ECOSYSTEM=URL ({allowed}), not {value!r}")
        found[canonical] = url.strip()
    return found


def selection(params: Params) -> findings.Selection:
    """The finding rules chosen by presets, --select and --deselect."""
    from codevitals import findings

    for option in ("select", "deselect"):
        unknown = unknown_rules(params[option])
        if unknown:
            raise UsageError(f"--{option}: unknown rule {unknown[0]!r} (see `codevitals rules`)")
    presets = [name for name in params["preset"] if name != "none"]
    return findings.select(presets, params["select"], params["deselect"])


def hotspot_history(params: Params) -> HistoryOptions:
    """How hotspots are ranked, for a command without the window and coupling options."""
    from codevitals.history import HistoryOptions
    from codevitals.history.bots import Bots

    if params["hotspot_factor"]:
        raise UsageError(REMOVED_FACTORS)
    return HistoryOptions(
        first_parent=params["first_parent"],
        bots=Bots.build(params["bot"], defaults=params["default_bots"]),
        half_life_days=params["half_life"],
    )


def ranking_history(params: Params) -> HistoryOptions:
    """How history is mined and weighed into the hotspot score (all the backtest needs)."""
    return dataclasses.replace(hotspot_history(params), since=params["since"])


def history_analyses(params: Params) -> HistoryOptions:
    """What the history analyses are told."""
    from codevitals.history.coupling import CouplingOptions

    window: Since | None = params["coupling_window"]
    coupling = CouplingOptions(
        min_revisions=params["min_revs"],
        min_shared=params["min_shared_revs"],
        min_degree=params["min_coupling"],
        max_changeset=params["max_changeset_size"],
        group_seconds=window.seconds() if window is not None else 0.0,
    )
    return dataclasses.replace(
        ranking_history(params),
        inactive_after=params["inactive_after"],
        function_files=params["top"],
        coupling=coupling,
        fixes=fix_rules(params),
        labels=params["labels"],
    )


def fix_rules(params: Params) -> FixRules:
    """Which commits are bug fixes: the same options, so `scan` and `validate` agree."""
    from codevitals.history.fixes import FixRules

    return FixRules.build(
        params["fix_pattern"],
        params["noise_pattern"],
        defaults=params["default_fix_patterns"],
        default_noise=params["default_noise"],
        max_files=params["fix_max_files"],
    )


def pay_down_plan(params: Params, *, items: int) -> PlanOptions:
    """How the pay-down plan is ranked and cut, and how many items it lists."""
    from codevitals.plan import PlanOptions

    return PlanOptions.build(
        weights=pairs(params["plan_weight"], "--plan-weight"),
        days=pairs(params["effort_days"], "--effort-days"),
        budget=params["budget"],
        items=items,
    )


def pairs(
    values: tuple[str, ...], option: str, *, minimum: float | None = None
) -> dict[str, float]:
    """`NAME=NUMBER` values as a mapping; anything else (or a number below `minimum`) errs."""
    found: dict[str, float] = {}
    for value in values:
        name, sep, number = value.partition("=")
        try:
            found[name.strip()] = float(number)
        except ValueError:
            sep = ""
        if not sep:
            raise UsageError(f"{option} takes NAME=NUMBER, not {value!r}")
        if minimum is not None and not found[name.strip()] >= minimum:  # NaN is not either
            raise UsageError(f"{option} {value!r}: allowed: {minimum:g} or more")
    return found
