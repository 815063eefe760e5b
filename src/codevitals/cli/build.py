"""From a command's parameters to the options of the stages it runs."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codevitals.cache import default_dir
from codevitals.discover import DEFAULT_TESTS, Filters
from codevitals.errors import UsageError

# The options of the scan, history, plan and findings are imported where they are built:
# `codevitals deps` needs only `filters` and `audit_options`, and loading the code-health,
# history and plan packages would cost it a fifth of a warm audit.
if TYPE_CHECKING:
    from codevitals import findings
    from codevitals.code.health import Policy
    from codevitals.deps.audit import AuditOptions
    from codevitals.history import HistoryOptions
    from codevitals.history.fixes import FixRules
    from codevitals.plan import PlanOptions
    from codevitals.scan import ScanOptions

REMOVED_FACTORS = (
    "--hotspot-factor was removed: the hotspot score is now P(fix), a model of code lines, "
    "changes and prior fixes that the backtest chose (see docs/history.md#hotspots); "
    "compare rankings on your history with `codevitals validate` (`--rank effort` for the "
    "effort-aware one)"
)
"""Why `--hotspot-factor` (exponents of a formula with health debt) is gone: health did not
help the backtest's held-out ranking, so no exponent of it means anything now."""


def scan_options(params: Mapping[str, Any]) -> ScanOptions:
    """Everything a scan is told, from its command's parameters."""
    return dataclasses.replace(
        code_health_options(params),
        findings=selection(params),
        dependencies=audit_options(params) if params.get("deps") else None,
        history=history(params) if _wants_history(params) else None,
        plan=plan(params) if "budget" in params else None,
    )


def code_health_options(params: Mapping[str, Any]) -> ScanOptions:
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


def policy(params: Mapping[str, Any]) -> Policy:
    """The health model's thresholds, weights and rules."""
    from codevitals.code.health import Policy

    return Policy.build(
        thresholds=pairs(params["threshold"], "--threshold", minimum=0),
        weights=pairs(params["weight"], "--weight", minimum=0),
        ignore=params["ignore"],
        preview=params["preview"],
    )


def store_path(params: Mapping[str, Any]) -> Path | None:
    """The scan store a command records in and reads from; None: none (or no such option)."""
    from codevitals.trend.store import FILE

    if "store" not in params or params["no_store"]:
        return None
    chosen: Path | None = params["store"]
    return chosen or (params["cache_dir"] or default_dir()) / FILE


def filters(params: Mapping[str, Any]) -> Filters:
    """Discovery filters; `deps` has no --tests or --max-file-size (no code is analysed)."""
    return Filters(
        include=tuple(params["include"]),
        exclude=tuple(params["exclude"]),
        default_excludes=params["default_excludes"],
        tests=tuple(params.get("tests", ())) or DEFAULT_TESTS,
        max_file_size=params.get("max_file_size", Filters().max_file_size),
    )


def audit_options(params: Mapping[str, Any]) -> AuditOptions:
    """How the dependency audit gets its data."""
    from codevitals.deps.audit import AuditOptions
    from codevitals.deps.fetch import HttpSettings

    registries = registry_urls(params.get("registry_url", ()))
    return AuditOptions(
        offline=params["offline"],
        vuln_db=params["vuln_db"],
        index_url=registries.pop("PyPI", params["index_url"]),
        registry_urls=tuple(sorted(registries.items())),
        osv_url=params["osv_url"],
        http=HttpSettings(timeout=params["timeout"]),
        unmaintained_after=params["unmaintained_after"],
    )


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


def selection(params: Mapping[str, Any]) -> findings.Selection:
    """The finding rules chosen by presets, --select and --deselect."""
    from codevitals import findings

    for option in ("select", "deselect"):
        unknown = unknown_rules(params[option])
        if unknown:
            raise UsageError(f"--{option}: unknown rule {unknown[0]!r} (see `codevitals rules`)")
    presets = [name for name in params["preset"] if name != "none"]
    return findings.select(presets, params["select"], params["deselect"])


def unknown_rules(selectors: Iterable[str]) -> list[str]:
    """The selectors that name no rule: ruff judges its own, the secrets codes are ours."""
    selectors = list(selectors)
    if not selectors:
        return []  # without loading ruff's runner and the secrets detector for nothing
    from codevitals.findings import ruff, secrets
    from codevitals.findings.presets import SECRETS_PREFIX

    ours = [rule.code for rule in (*secrets.RULES, secrets.HIGH_ENTROPY)]
    unknown: list[str] = []
    for selector in (s.strip().upper() for s in selectors):
        if selector.startswith(SECRETS_PREFIX):
            known = any(code.startswith(selector) for code in ours)
        else:
            known = bool(selector) and ruff.known_selector(selector)
        if not known:
            unknown.append(selector)
    return unknown


def _wants_history(params: Mapping[str, Any]) -> bool:
    """`scan` unless --no-history, and `hotspots`; not `explain` or `gate` (no history options)."""
    return "since" in params and params.get("history", True)


def hotspot_history(params: Mapping[str, Any]) -> HistoryOptions:
    """How hotspots are ranked, for a command without the window and coupling options."""
    from codevitals.history import HistoryOptions
    from codevitals.history.bots import Bots

    if params.get("hotspot_factor"):
        raise UsageError(REMOVED_FACTORS)
    return HistoryOptions(
        first_parent=params["first_parent"],
        bots=Bots.build(params["bot"], defaults=params["default_bots"]),
        half_life_days=params["half_life"],
    )


def ranking_history(params: Mapping[str, Any]) -> HistoryOptions:
    """How history is mined and weighed into the hotspot score (all the backtest needs)."""
    return dataclasses.replace(hotspot_history(params), since=params["since"])


def history(params: Mapping[str, Any]) -> HistoryOptions:
    """What the history analyses are told."""
    from codevitals.history import options as history_defaults
    from codevitals.history.coupling import CouplingOptions
    from codevitals.history.since import Since

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
        function_files=params.get("top", history_defaults.DEFAULT_FUNCTION_FILES),
        coupling=coupling,
        fixes=fix_rules(params),
        labels=params["labels"],
    )


def fix_rules(params: Mapping[str, Any]) -> FixRules:
    """Which commits are bug fixes: the same options, so `scan` and `validate` agree."""
    from codevitals.history.fixes import FixRules

    return FixRules.build(
        params["fix_pattern"],
        params["noise_pattern"],
        defaults=params["default_fix_patterns"],
        default_noise=params["default_noise"],
        max_files=params["fix_max_files"],
    )


def plan(params: Mapping[str, Any]) -> PlanOptions:
    """How the pay-down plan is ranked and cut (`plan_items`: how many items it lists)."""
    from codevitals.plan import PlanOptions
    from codevitals.plan.options import DEFAULT_ITEMS

    return PlanOptions.build(
        weights=pairs(params["plan_weight"], "--plan-weight"),
        days=pairs(params["effort_days"], "--effort-days"),
        budget=params["budget"],
        items=params.get("plan_items", DEFAULT_ITEMS),
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
