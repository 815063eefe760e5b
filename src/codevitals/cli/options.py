"""The options commands share, in named groups; each option is also a configuration key.

`scan_options` holds what every scanning command takes (output, discovery, scoring, findings,
runtime); the dependency, history and gate groups join the commands that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from codevitals.cli.types import Duration, When
from codevitals.deps.endpoints import OSV, PYPI
from codevitals.report import REPORTERS

# A group imports the module its defaults and choices come from when the group is built, so
# a command loads only its own groups' modules: `deps` neither the history nor the gate nor
# the findings package (a tenth of its warm audit's CPU time went on importing them).

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]


def apply(options: list[Decorator[Any]], command: F) -> F:
    """Decorate `command` with `options`, first listed first shown."""
    for option in reversed(options):
        command = option(command)
    return command


def with_options(group: Callable[[], list[Decorator[Any]]]) -> Decorator[Any]:
    """A decorator applying a group of options, given as a function returning them."""

    def decorate(command: F) -> F:
        return apply(group(), command)

    return decorate


def scanning(formats: Iterable[str] = REPORTERS) -> Decorator[Any]:
    """Options shared by every command that scans; `formats` are its report formats."""

    def decorate(command: F) -> F:
        groups = [*output_options(formats), *discovery_options(), *scoring_options(),
                  *findings_options(), *runtime_options()]  # fmt: skip
        return apply(groups, command)

    return decorate


def deps_options(command: F) -> F:
    """Options of the dependency audit."""
    return apply(dependency_options(), command)


def history_options(command: F) -> F:
    """Options of the history analyses."""
    return apply(_history_options(), command)


def plan_options(command: F) -> F:
    """Options of the pay-down plan."""
    return apply(_plan_options(), command)


def top_option(what: str) -> Decorator[Any]:
    """`--top N`, saying what the rows are."""
    return click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
                        help=what)  # fmt: skip


def output_options(formats: Iterable[str]) -> list[Decorator[Any]]:
    """--format (one of `formats`) and --output."""
    return [
        click.option("--format", "-f", "format_", type=click.Choice(sorted(formats)),
                     default="terminal", show_default=True, help="Output format."),
        click.option("--output", "-o", metavar="FILE",
                     help="Write the report to FILE (`-` for standard output)."),
    ]  # fmt: skip


def discovery_options() -> list[Decorator[Any]]:
    """What to analyse: include, exclude, tests, size cap."""
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


def scoring_options() -> list[Decorator[Any]]:
    """Thresholds, weights and rules of the health model."""
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


def findings_options() -> list[Decorator[Any]]:
    """Finding rules: presets, select, deselect."""
    from codevitals import findings

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


def runtime_options() -> list[Decorator[Any]]:
    """Workers, cache, configuration file, quiet."""
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


def dependency_options() -> list[Decorator[Any]]:
    """Where release and vulnerability data come from."""
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
        click.option("--registry-url", multiple=True, metavar="ECOSYSTEM=URL",
                     envvar="CODEVITALS_REGISTRY_URLS",
                     help="Another registry for an ecosystem (npm, Go, crates.io, Maven, "
                     "NuGet, RubyGems, Packagist; PyPI=URL is --index-url); repeatable."),
        click.option("--osv-url", default=OSV, show_default=True, metavar="URL",
                     envvar="CODEVITALS_OSV_URL", help="OSV API serving /v1/querybatch."),
        click.option("--unmaintained-after", type=Duration(), default="2y", show_default=True,
                     metavar="DURATION", help="No release for this long is unmaintained."),
        click.option("--ignore-vuln", multiple=True, metavar="ID[=REASON]",
                     help="Ignore this vulnerability (an OSV id or any alias, e.g. a CVE): it is "
                     "shown with the reason, never counted or failed on; repeatable."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0,
                     show_default=True, metavar="SECONDS",
                     help="Seconds for each request (two retries with backoff follow)."),
    ]  # fmt: skip


def _history_options() -> list[Decorator[Any]]:
    return [*ranking_history_options(), *fix_options(), *_coupling_and_knowledge_options()]


def ranking_history_options() -> list[Decorator[Any]]:
    """How history is mined and weighed into the hotspot score."""
    from codevitals.history import options as history_defaults

    return [
        click.option("--since", type=When(), default=history_defaults.DEFAULT_SINCE,
                     show_default=True, metavar="WHEN",
                     help="Window for hotspots and coupling: a date, a span (12m, 2y) or all."),
        *hotspot_options(),
    ]  # fmt: skip


def hotspot_options() -> list[Decorator[Any]]:
    """How commits are chosen and weighted, and how hotspots are scored."""
    from codevitals.history import options as history_defaults

    return [
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
        click.option("--hotspot-factor", multiple=True, metavar="NAME=NUMBER", hidden=True,
                     help="Removed: the hotspot score is the backtested P(fix) model."),
    ]  # fmt: skip


def _coupling_and_knowledge_options() -> list[Decorator[Any]]:
    from codevitals.history import options as history_defaults

    return [
        click.option("--min-revs", type=click.IntRange(min=1), default=5, show_default=True,
                     help="Coupling: fewest average revisions of a pair."),
        click.option("--min-shared-revs", type=click.IntRange(min=1), default=5,
                     show_default=True, help="Coupling: fewest shared revisions of a pair."),
        click.option("--min-coupling", type=click.FloatRange(0, 100), default=30.0,
                     show_default=True, metavar="PERCENT", help="Coupling: lowest degree."),
        click.option("--max-changeset-size", type=click.IntRange(min=2), default=30,
                     show_default=True, help="Coupling: leave out commits changing more files."),
        click.option("--coupling-window", type=When(span_only=True), metavar="SPAN",
                     help="Coupling: one author's commits within SPAN (8h, 1d) are one change."),
        click.option("--inactive-after", type=When(), metavar="WHEN", show_default=True,
                     default=history_defaults.DEFAULT_INACTIVE_AFTER,
                     help="Authors without commits for this long count as knowledge lost."),
    ]  # fmt: skip


def _plan_options() -> list[Decorator[Any]]:
    return [
        click.option("--budget", type=click.FloatRange(min=0), metavar="DAYS",
                     help="Plan only the items that fit in DAYS of work, in rank order."),
        click.option("--plan-weight", multiple=True, metavar="SIGNAL=POINTS",
                     help="Override a pay-down plan weight (see docs/plan.md); repeatable."),
        click.option("--effort-days", multiple=True, metavar="EFFORT=DAYS",
                     help="Days a small, medium or large plan item stands for; repeatable."),
    ]  # fmt: skip


def store_options() -> list[Decorator[Any]]:
    """Where scans are recorded and trends read them from."""
    return [
        click.option("--store", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
                     help="Scan store file (default: trend-v1.sqlite3 in the cache folder; "
                     "e.g. .codevitals/trend.sqlite3 to keep it with the repository)."),
        click.option("--no-store", is_flag=True,
                     help="Neither record this run nor read recorded scans."),
    ]  # fmt: skip


def fix_options() -> list[Decorator[Any]]:
    """Which commits count as bug fixes (see `history.fixes`)."""
    from codevitals.history import fixes

    return [
        click.option("--fix-pattern", multiple=True, metavar="REGEX",
                     help="Also count commits whose subject matches REGEX (a whole word, case "
                     "ignored) as bug fixes; repeatable."),
        click.option("--noise-pattern", multiple=True, metavar="REGEX",
                     help="Also leave out commits whose subject matches REGEX; repeatable."),
        click.option("--default-fix-patterns/--no-default-fix-patterns", default=True,
                     show_default=True,
                     help="Count fix, bug, regression, crash, … and `fixes #12` as bug fixes."),
        click.option("--default-noise/--no-default-noise", default=True, show_default=True,
                     help="Leave out typo, lint, style, docs, test and CI commits."),
        click.option("--fix-max-files", type=click.IntRange(min=1),
                     default=fixes.DEFAULT_MAX_FILES, show_default=True, metavar="N",
                     help="A commit changing more files is a mass edit, not a fix."),
        click.option("--labels", type=click.Path(dir_okay=False, path_type=Path),
                     metavar="FILE",
                     help="Take the bug fixes from FILE, one commit id per line (e.g. "
                     "exported from an issue tracker's bug label), instead of classifying "
                     "commit messages."),
    ]  # fmt: skip


def gate_options(command: F) -> F:
    """The gate's own options; in configuration files they live in `[tool.codevitals.gate]`."""
    from codevitals.gate.compare import Check
    from codevitals.model import Severity

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
        click.option("--strict", is_flag=True,
                     help="Also fail when a dependency the change adds could not be checked "
                          "for vulnerabilities."),
        click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
                     help="Accept the debt this baseline file lists."),
        click.option("--write-baseline", metavar="FILE",
                     help="Record all current debt in FILE (to adopt the gate) and exit."),
    ]  # fmt: skip
    return apply(options, command)
