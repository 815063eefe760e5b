"""Result types of the dependency audit: declarations, freshness, vulnerabilities, totals.

A `Dependency` is one package as one manifest or lockfile declares it, with what could be
learnt about the version in use. Whatever could not be learnt is an `Unknown` with its
reason: a failed lookup is never taken for a clean result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from codevitals.model import Notice, Severity


class Relation(StrEnum):
    """Whether the project asks for a package itself or gets it through another one."""

    DIRECT = "direct"
    TRANSITIVE = "transitive"
    UNKNOWN = "unknown"
    """A lockfile with no manifest beside it, and which does not say."""


class VulnerabilitySource(StrEnum):
    """Which service answered a package's vulnerability lookup."""

    OSV = "osv"
    """The OSV API."""
    PYPI = "pypi"
    """PyPI's own `vulnerabilities` of the release: the second source when OSV failed."""
    DATABASE = "offline-db"
    """An offline OSV database (`--vuln-db`)."""


class Aspect(StrEnum):
    """What an unknown is about."""

    VERSION = "version"
    """The version in use: not pinned or locked, or not a PyPI package at all."""
    FRESHNESS = "freshness"
    VULNERABILITIES = "vulnerabilities"


@dataclass(frozen=True, slots=True)
class Declaration:
    """One dependency as a manifest or lockfile states it."""

    name: str
    """The package name: PEP 503 normalised on PyPI, as written in other ecosystems."""
    path: str
    """The manifest or lockfile, POSIX, relative to the audited folder."""
    line: int | None
    requirement: str
    """What the file says: a PEP 508 requirement, a Poetry constraint, a locked version."""
    version: str | None = None
    """The version in use, when pinned (`==`, `===`) or locked."""
    group: str = ""
    """"" for the main dependencies; else the extra, group or section (`dev`, `test`, …)."""
    relation: Relation = Relation.DIRECT
    markers: str | None = None
    """PEP 508 environment markers, as written; not evaluated (the target is unknown)."""
    locked_in: str | None = None
    """The lockfile (path:line) the version comes from, when the manifest does not pin it."""
    unresolvable: str | None = None
    """Why no version can be looked up: editable, url, vcs, path."""
    ecosystem: str = "PyPI"
    """The package's ecosystem as OSV names it (`PyPI`, `npm`, …)."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """Something about a dependency that could not be found out, and why."""

    aspect: Aspect
    reason: str
    """A slug: unpinned, unresolvable, not-found, invalid-version, network, offline, …"""
    message: str


@dataclass(frozen=True, slots=True)
class Freshness:
    """How far the version in use lags behind the latest release."""

    latest: str | None
    released: str | None = None
    """Upload date (ISO 8601, UTC) of the version in use."""
    latest_released: str | None = None
    last_release: str | None = None
    """Date of the most recent upload of any version, pre-releases included."""
    libyear: float | None = None
    """Years between the release in use and the latest release (0 when current)."""
    behind: int | None = None
    """Final releases newer than the version in use, up to the latest."""
    majors_behind: int | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    unmaintained: bool = False
    """No release for longer than the configured period."""


@dataclass(frozen=True, slots=True)
class Vulnerability:
    """A known vulnerability affecting the version in use."""

    id: str
    aliases: tuple[str, ...] = ()
    """Other ids of the same vulnerability (CVE, GHSA, PYSEC), each listed once."""
    summary: str = ""
    severity: str | None = None
    """low, medium, high or critical, when the advisory gives a score or a rating."""
    score: float | None = None
    """CVSS base score, when the advisory gives a CVSS v3 vector."""
    vector: str | None = None
    fixed: tuple[str, ...] = ()
    """Versions that fix it for the version in use, lowest first."""
    url: str | None = None

    @property
    def level(self) -> Severity:
        """The advisory's rating as codevitals' severity.

        Critical and high are critical, low is minor, anything else (medium, unrated) major.
        """
        rating = (self.severity or "").lower()
        if rating in {"critical", "high"}:
            return Severity.CRITICAL
        return Severity.MINOR if rating == "low" else Severity.MAJOR


@dataclass(frozen=True, slots=True)
class Ignored:
    """A known vulnerability of the version in use that the team chose to ignore, and why."""

    vulnerability: Vulnerability
    reason: str
    """What `--ignore-vuln ID=REASON` said; "" when it gave no reason."""


@dataclass(frozen=True, slots=True)
class Dependency:
    """A declaration with what the audit learnt about the version in use."""

    declaration: Declaration
    freshness: Freshness | None = None
    vulnerabilities: tuple[Vulnerability, ...] = ()
    fix: str | None = None
    """The smallest upgrade that fixes every known vulnerability not ignored."""
    unknowns: tuple[Unknown, ...] = ()
    vulnerability_source: VulnerabilitySource | None = None
    """Which service answered the vulnerability lookup; None when nothing answered."""
    ignored: tuple[Ignored, ...] = ()
    """Known vulnerabilities `--ignore-vuln` names: shown, never counted or failed on."""

    @property
    def vulnerable(self) -> bool:
        """Whether a known vulnerability affects the version in use."""
        return bool(self.vulnerabilities)


def checked(item: Dependency) -> bool:
    """Whether a vulnerability service vouched for the version in use.

    Not when the version is unknown (unpinned, unresolvable) or the lookup failed.
    """
    return not any(u.aspect in {Aspect.VERSION, Aspect.VULNERABILITIES} for u in item.unknowns)


@dataclass(frozen=True, slots=True)
class DependencyTotals:
    """Totals over packages in use; they add up, so `sum()` totals a repository."""

    dependencies: int = 0
    direct: int = 0
    libyear: float = 0.0
    outdated: int = 0
    vulnerable: int = 0
    vulnerabilities: int = 0
    unknown: int = 0
    """Packages with at least one unknown: never counted as clean."""
    yanked: int = 0
    unmaintained: int = 0
    unchecked: int = 0
    """Packages whose vulnerabilities are unknown: `vulnerable` is a floor, not a count."""
    libyear_unknown: int = 0
    """Packages whose libyear is unknown: `libyear` is a floor, not a total."""
    ignored: int = 0
    """Known vulnerabilities of packages in use that `--ignore-vuln` names."""

    @classmethod
    def of(cls, item: Dependency) -> DependencyTotals:
        """Totals of one package in use."""
        fresh = item.freshness
        return cls(
            dependencies=1,
            direct=int(item.declaration.relation is Relation.DIRECT),
            libyear=(fresh.libyear or 0.0) if fresh else 0.0,
            outdated=int(bool(fresh and fresh.behind)),
            vulnerable=int(item.vulnerable),
            vulnerabilities=len(item.vulnerabilities),
            unknown=int(bool(item.unknowns)),
            yanked=int(bool(fresh and fresh.yanked)),
            unmaintained=int(bool(fresh and fresh.unmaintained)),
            unchecked=int(not checked(item)),
            libyear_unknown=int(fresh is None or fresh.libyear is None),
            ignored=len(item.ignored),
        )

    @classmethod
    def over(cls, dependencies: Iterable[Dependency]) -> DependencyTotals:
        """Totals over packages in use, each (ecosystem, name, version) once.

        The ecosystem is part of the key: npm's `debug 1.0.0` is not PyPI's.
        """
        unique: dict[tuple[str, str, str], Dependency] = {}
        for item in dependencies:
            d = item.declaration
            unique.setdefault((d.ecosystem, d.name, d.version or d.requirement), item)
        return sum((cls.of(item) for item in unique.values()), cls())

    def __add__(self, other: DependencyTotals) -> DependencyTotals:
        return DependencyTotals(
            dependencies=self.dependencies + other.dependencies,
            direct=self.direct + other.direct,
            libyear=self.libyear + other.libyear,
            outdated=self.outdated + other.outdated,
            vulnerable=self.vulnerable + other.vulnerable,
            vulnerabilities=self.vulnerabilities + other.vulnerabilities,
            unknown=self.unknown + other.unknown,
            yanked=self.yanked + other.yanked,
            unmaintained=self.unmaintained + other.unmaintained,
            unchecked=self.unchecked + other.unchecked,
            libyear_unknown=self.libyear_unknown + other.libyear_unknown,
            ignored=self.ignored + other.ignored,
        )

    def __radd__(self, other: int) -> DependencyTotals:
        return self if other == 0 else NotImplemented


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest or lockfile that was read."""

    path: str
    kind: str
    """requirements, pyproject, setup.cfg, Pipfile, Pipfile.lock, poetry.lock, uv.lock, …"""
    declarations: int
    lockfile: bool = False


@dataclass(frozen=True, slots=True)
class DependencyReport:
    """Everything the dependency audit found."""

    manifests: tuple[Manifest, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    totals: DependencyTotals = field(default_factory=DependencyTotals)
    """Over packages in use: a name and version declared in several files counts once."""
    notices: tuple[Notice, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Where the data came from: `metadata` (index URL or offline), `vulnerabilities`."""
    partial: bool = False
    """A manifest could not be read in full; the audit covers what could."""
