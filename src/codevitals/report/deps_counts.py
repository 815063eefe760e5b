"""Dependency totals as every report shows them: a count never looks clean when it is not.

A package whose vulnerabilities could not be looked up, or whose libyear could not be
measured, is unknown; a count beside unknowns is a floor, and says so ("0 · 104 unknown",
"≥ 3.2 · 5 unknown"). Tones follow: alert for a finding, warning while anything is unknown,
healthy only when everything was checked and found clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TextIO

from codevitals.model.deps import (
    Dependency,
    DependencyReport,
    DependencyTotals,
    Ignored,
    Vulnerability,
)

if TYPE_CHECKING:  # the deps command itself never loads the fleet's models
    from codevitals.model.fleet import Organisation

UNKNOWN_TITLE = "Unknown (not checked, never counted as clean)"
"""The heading every report puts over the packages not known in full."""
TOP = 10


@dataclass(frozen=True)
class DepsReporter:
    """What every format's reporter of a dependency audit is made with, so `deps` makes any.

    The repository's name, codevitals' version, the commit audited (None outside git) and how
    many rows each list of a summary shows (the JSON and SARIF documents list everything).
    """

    root: str
    tool_version: str
    commit: str | None = None
    top: int = TOP

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the rendering of `result` to `out`."""
        raise NotImplementedError


def vulnerable(totals: DependencyTotals) -> str:
    """`3`, or `0 · 104 unknown` when some packages could not be checked.

    `· 2 ignored` follows when `--ignore-vuln` set known vulnerabilities aside: they are not
    in the count.
    """
    text = f"{totals.vulnerable:,}"
    text = f"{text} · {totals.unchecked:,} unknown" if totals.unchecked else text
    return f"{text} · {totals.ignored:,} ignored" if totals.ignored else text


def libyear(totals: DependencyTotals) -> str:
    """`12.3`; `≥ 12.3 · 5 unknown` when some could not be measured; `unknown` when none could."""
    if totals.dependencies and totals.libyear_unknown >= totals.dependencies:
        return "unknown"
    text = f"{totals.libyear:,.1f}"
    return f"≥ {text} · {totals.libyear_unknown:,} unknown" if totals.libyear_unknown else text


def tone(found: int | float, unknown: int) -> str:
    """`alert` when something was found, `warning` when some are unknown, else `healthy`."""
    if found:
        return "alert"
    return "warning" if unknown else "healthy"


def vulnerable_tone(totals: DependencyTotals) -> str:
    """The tone of the vulnerable count."""
    return tone(totals.vulnerable, totals.unchecked)


def libyear_tone(totals: DependencyTotals) -> str:
    """Neutral when measured in full (a lag is no alarm), warning while any is unknown."""
    return "warning" if totals.libyear_unknown else ""


def by_ecosystem(report: DependencyReport) -> list[tuple[str, DependencyTotals]]:
    """The totals of each ecosystem in the report, most packages first.

    One entry when the repository uses one ecosystem; reports show the split only beyond that.
    """
    names = sorted({d.declaration.ecosystem for d in report.dependencies})
    split = [
        (name, DependencyTotals.over(d for d in report.dependencies
                                     if d.declaration.ecosystem == name))
        for name in names
    ]  # fmt: skip
    return sorted(split, key=lambda pair: -pair[1].dependencies)


def ecosystem_line(name: str, totals: DependencyTotals) -> str:
    """`npm: 12 packages · vulnerable 1 · libyear 3.2`, unknowns shown as every count does."""
    packages = f"{totals.dependencies:,} package" + ("" if totals.dependencies == 1 else "s")
    return (
        f"{name}: {packages} · vulnerable {vulnerable(totals)} · libyear {libyear(totals)}"
        f" · outdated {totals.outdated:,}"
    )


def labels_ecosystems(organisation: Organisation) -> bool:
    """Whether the organisation's packages span ecosystems, so each is labelled with its own.

    npm's `lodash` and PyPI's `lodash` are two packages.
    """
    pins = [p.ecosystem for r in organisation.results for p in r.pins]
    shared = [p.ecosystem for p in (*organisation.vulnerable, *organisation.outdated)]
    return len({*pins, *shared}) > 1


class Lists(NamedTuple):
    """What needs doing, as every dependency report lists it: each list in its order."""

    vulnerable: list[Dependency]
    """Most severe first (the highest CVSS score among its advisories), then by name."""
    unknown: list[Dependency]
    """Anything not known (never counted as clean), as the manifests list them."""
    outdated: list[Dependency]
    """Most libyears behind first."""
    ignored: list[Dependency]
    """Those with a vulnerability `--ignore-vuln` set aside, as the manifests list them."""


def lists(report: DependencyReport) -> Lists:
    """The vulnerable, unknown, outdated and ignored packages of the report."""
    items = report.dependencies
    return Lists(
        vulnerable=sorted((d for d in items if d.vulnerable), key=_by_risk),
        unknown=[d for d in items if d.unknowns and not d.vulnerable],
        outdated=sorted((d for d in items if libyears(d) > 0), key=lambda d: -libyears(d)),
        ignored=[d for d in items if d.ignored],
    )


IGNORED_TITLE = "Ignored vulnerabilities (--ignore-vuln: not counted)"
"""The heading over the vulnerabilities the team set aside, in every report that lists them."""


def why_ignored(ignored: Ignored) -> str:
    """The reason `--ignore-vuln` gave, or that it gave none."""
    return ignored.reason or "no reason given"


def known_vulnerabilities(item: Dependency) -> list[tuple[Vulnerability, str | None]]:
    """Every known vulnerability of the version in use, each with why it is ignored.

    The reason is None for one not ignored; the ignored ones come last, for the formats that
    list them beside the others.
    """
    found: list[tuple[Vulnerability, str | None]] = [(v, None) for v in item.vulnerabilities]
    return found + [(i.vulnerability, why_ignored(i)) for i in item.ignored]


def libyears(item: Dependency) -> float:
    """How many years the version in use lags the latest release (0 when unknown)."""
    return item.freshness.libyear or 0.0 if item.freshness else 0.0


def _by_risk(item: Dependency) -> tuple[float, str]:
    return (-max((v.score or 0.0) for v in item.vulnerabilities), item.declaration.name)
