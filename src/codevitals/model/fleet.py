"""Results of a fleet run: one compact summary per repository, and the organisation's view.

A repository's scan is reduced where it runs (a worker process or a Dask worker) to a
`RepositoryResult`: a few kilobytes however large the repository, so that thousands of them
travel back cheaply and can be stored for a resumed run. The `Organisation` is computed from
those summaries alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from codevitals.model import HealthTotals, Notice
from codevitals.model.deps import DependencyTotals


class Status(StrEnum):
    """How a repository's result was obtained in this run."""

    SCANNED = "scanned"
    RESUMED = "resumed"
    """Stored by an earlier run for the same commit and options, not scanned again."""
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class RepositoryHotspot:
    """A production file of one repository that is unhealthy and changes often."""

    path: str
    score: float
    changes: int
    authors: int
    health: float
    code_lines: int


@dataclass(frozen=True, slots=True)
class Pin:
    """A package version a repository uses that is vulnerable or outdated."""

    name: str
    version: str
    path: str
    """The manifest or lockfile declaring it."""
    vulnerabilities: tuple[str, ...] = ()
    """Advisory ids (OSV, GHSA, PYSEC) affecting this version."""
    severity: str | None = None
    """The worst rating among them: low, medium, high or critical."""
    fix: str | None = None
    """The smallest upgrade fixing every one of them."""
    latest: str | None = None
    behind: int = 0
    """Final releases newer than this version."""
    libyear: float = 0.0
    ecosystem: str = "PyPI"
    """As OSV names it: the same name in two ecosystems is two packages."""

    @property
    def vulnerable(self) -> bool:
        """Whether a known vulnerability affects this version."""
        return bool(self.vulnerabilities)


@dataclass(frozen=True, slots=True)
class HistoryBrief:
    """A repository's history in brief: how much, by how many, and its truck factor."""

    commits: int
    authors: int
    active_authors: int
    truck_factor: int
    truck_authors: tuple[str, ...]
    files: int
    """Files the truck factor considered."""
    shallow: bool = False


@dataclass(frozen=True, slots=True)
class RepositoryResult:
    """What a fleet keeps of one repository's scan."""

    name: str
    location: str
    """The path or clone URL as listed (credentials removed)."""
    commit: str
    as_of: int
    """Unix time the history was measured from (the start of the run that scanned it)."""
    production: HealthTotals
    tests: HealthTotals
    hotspots: tuple[RepositoryHotspot, ...] = ()
    """The top production hotspots, worst first."""
    hotspot_risk: float = 0.0
    """Sum of the scores of every production hotspot: how much unhealthy code changes."""
    knowledge: HistoryBrief | None = None
    """None when the history could not be analysed."""
    dependencies: DependencyTotals | None = None
    """None when dependencies were not audited."""
    pins: tuple[Pin, ...] = ()
    notices: tuple[Notice, ...] = ()
    """The first notices of the scan; `notice_count` says how many there were."""
    notice_count: int = 0
    partial: bool = False

    @property
    def health(self) -> float | None:
        """Lines-weighted production health."""
        return self.production.health


@dataclass(frozen=True, slots=True)
class RepositoryFailure:
    """A repository that could not be scanned, after its retry."""

    name: str
    location: str
    reason: str
    """A slug: missing, not-a-repository, clone-failed, git, error."""
    message: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One repository of the fleet with how this run got its result."""

    status: Status
    result: RepositoryResult | None = None
    failure: RepositoryFailure | None = None

    @property
    def name(self) -> str:
        """The repository's name in the fleet."""
        if self.result is not None:
            return self.result.name
        return self.failure.name if self.failure is not None else ""


@dataclass(frozen=True, slots=True)
class OrganisationHotspot:
    """A hotspot ranked against every repository's hotspots."""

    repository: str
    hotspot: RepositoryHotspot


@dataclass(frozen=True, slots=True)
class SharedPin:
    """One package version, vulnerable or outdated, and the repositories using it."""

    name: str
    version: str
    repositories: tuple[str, ...]
    vulnerabilities: tuple[str, ...] = ()
    severity: str | None = None
    fix: str | None = None
    latest: str | None = None
    behind: int = 0
    libyear: float = 0.0
    ecosystem: str = "PyPI"


@dataclass(frozen=True, slots=True)
class TruckRisk:
    """A repository whose knowledge rests with very few people."""

    repository: str
    truck_factor: int
    authors: tuple[str, ...]
    files: int
    code_lines: int


@dataclass(frozen=True, slots=True)
class FleetTotals:
    """Headline numbers over the organisation."""

    repositories: int
    scanned: int
    resumed: int
    failed: int
    production: HealthTotals
    tests: HealthTotals
    dependencies: DependencyTotals
    """Added up per repository: a package used by three repositories counts three times."""
    vulnerable_pins: int
    """Distinct vulnerable package versions across the organisation."""
    outdated_pins: int
    commits: int
    authors: int
    """Added up per repository: someone in two repositories counts twice."""
    partial: int
    """Repositories whose results are partial."""


@dataclass(frozen=True, slots=True)
class Organisation:
    """The organisation's view of a fleet run."""

    name: str
    """The fleet's name: its list file or folder."""
    tool_version: str
    as_of: int
    entries: tuple[Entry, ...]
    """Every repository with a result, healthiest last; failures at the end."""
    by_risk: tuple[str, ...]
    """Repository names by hotspot risk, highest first."""
    hotspots: tuple[OrganisationHotspot, ...]
    vulnerable: tuple[SharedPin, ...]
    """Vulnerable package versions, used by the most repositories first."""
    outdated: tuple[SharedPin, ...]
    """Outdated package versions used by at least two repositories, most first."""
    truck_risks: tuple[TruckRisk, ...]
    totals: FleetTotals
    settings: dict[str, object]

    @property
    def results(self) -> tuple[RepositoryResult, ...]:
        """Every repository result, in the order of `entries`."""
        return tuple(e.result for e in self.entries if e.result is not None)

    @property
    def failures(self) -> tuple[RepositoryFailure, ...]:
        """Every repository that failed."""
        return tuple(e.failure for e in self.entries if e.failure is not None)
