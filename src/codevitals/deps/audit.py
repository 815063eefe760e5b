"""The dependency audit: manifests → versions in use → freshness and vulnerabilities.

`audit` reads the manifests it is given, looks every project up on its ecosystem's registry
and every pinned or locked version up in the vulnerability service (both at once, each in
parallel), and returns a `DependencyReport`. Versions are ordered by the rules of each
package's ecosystem (`deps.ecosystems`). Online, PyPI's own vulnerability data answers for the
versions OSV could not (pip-audit's default source); each dependency records which source
answered. Whatever could not be looked up is an `Unknown` with its reason, never a clean
result. Totals count each package in use (a name and a version)
once, however many files declare it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from codevitals import workers
from codevitals.deps import freshness
from codevitals.deps.advisory import Advisory
from codevitals.deps.collect import collect
from codevitals.deps.ecosystems import ECOSYSTEMS, Ecosystem, ecosystem
from codevitals.deps.endpoints import OSV, PYPI
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.manifests import Files
from codevitals.deps.osv import (
    QUERY_TTL,
    OfflineDatabase,
    OsvService,
    Query,
    VulnerabilityService,
)
from codevitals.deps.pypi_advisories import TTL as ADVISORY_TTL
from codevitals.deps.pypi_advisories import PypiAdvisoryService
from codevitals.deps.ranges import smallest_fix
from codevitals.deps.registry import TTL, Project, RegistryClient
from codevitals.deps.store import SerialStore, Stamped, Store
from codevitals.deps.versions import Ordered, Parse
from codevitals.deps.vulnerabilities import merge
from codevitals.model import Notice
from codevitals.model.deps import (
    Aspect,
    Declaration,
    Dependency,
    DependencyReport,
    DependencyTotals,
    Freshness,
    Ignored,
    Unknown,
    Vulnerability,
    VulnerabilitySource,
)

UNMAINTAINED_AFTER = dt.timedelta(days=730)
"""Two years without a release."""


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Where to look things up, and how."""

    offline: bool = False
    """No network at all: metadata only from the cache, vulnerabilities only from vuln_db."""
    vuln_db: Path | None = None
    index_url: str = PYPI
    registry_urls: tuple[tuple[str, str], ...] = ()
    """(ecosystem, URL): another registry than the ecosystem's public one (PyPI's is
    `index_url`); pairs, so the options stay hashable."""
    osv_url: str = OSV
    http: HttpSettings = field(default_factory=HttpSettings)
    unmaintained_after: dt.timedelta = UNMAINTAINED_AFTER
    now: dt.datetime | None = None
    """The audit's idea of the present (tests fix it); None is the clock."""
    as_of: dt.datetime | None = None
    """Judge freshness as at this past moment (a trend's snapshot): releases uploaded later
    did not exist yet, and maintenance is judged then. Vulnerabilities are those known now."""
    ignore_vulns: tuple[tuple[str, str], ...] = ()
    """(id, reason) of each vulnerability the team chose to ignore: an OSV id or any alias."""


Answer = tuple[list[Advisory] | Failure, VulnerabilitySource | None]
"""The advisories affecting a version and the source that answered, or every source's failure."""


Indexes = dict[str, RegistryClient]
"""The registry client of each ecosystem, by its OSV name."""


@dataclass(frozen=True, slots=True)
class _Lookups:
    projects: dict[tuple[str, str], Project | Failure]
    """By (ecosystem, name)."""
    advisories: dict[tuple[str, Query], Answer]
    """By (ecosystem, (name, version))."""
    now: dt.datetime
    unmaintained_after: dt.timedelta
    as_of: dt.datetime | None = None
    ignore: dict[str, str] = field(default_factory=dict)
    """Reasons by vulnerability id or alias, upper case (OSV ids are written so)."""
    timelines: dict[tuple[str, str], freshness.Timeline] = field(default_factory=dict)
    """Each project's parsed releases, made once however many of its versions are in use."""


def audit(
    root: Path | Files, paths: Sequence[str], options: AuditOptions, store: Store | None
) -> DependencyReport:
    """Audit the manifests among `paths`, in the folder `root` or among a commit's files."""
    collected = collect(root, paths)
    declarations = collected.declarations
    notices = list(collected.notices)
    with _services(options, store) as (indexes, services):
        lookups = _look_up(declarations, indexes, services, options)
        notices += [n for service in services for n in getattr(service, "notices", [])]
    dependencies = tuple(_dependency(item, lookups) for item in declarations)
    return DependencyReport(
        manifests=tuple(collected.manifests),
        dependencies=dependencies,
        totals=totals(dependencies),
        notices=(*notices, *_unknown_names(dependencies)),
        sources=_sources(_used(indexes, declarations), services, lookups, options),
        partial=bool(collected.notices),
    )


def _unknown_names(dependencies: Sequence[Dependency]) -> list[Notice]:
    """A notice at the line of each package the index does not know: likely a typo."""
    return [
        Notice(d.declaration.path, "not-found", u.message, d.declaration.line)
        for d in dependencies
        for u in d.unknowns
        if u.reason == "not-found"
    ]


def totals(dependencies: Sequence[Dependency]) -> DependencyTotals:
    """Totals over packages in use, each (ecosystem, name, version) once."""
    return DependencyTotals.over(dependencies)


@contextmanager
def _services(
    options: AuditOptions, store: Store | None
) -> Iterator[tuple[Indexes, list[VulnerabilityService]]]:
    fetcher = None if options.offline else Fetcher(options.http)
    store = SerialStore(store) if store is not None else None
    try:
        # Offline, cached metadata of any age is better than none.
        metadata = Stamped(store, None if fetcher is None else TTL)
        indexes = {e.name: e.client(fetcher, metadata, _registry(e, options)) for e in ECOSYSTEMS}
        yield indexes, _vulnerability_services(options, fetcher, store)
    finally:
        if fetcher is not None:
            fetcher.close()


def _registry(item: Ecosystem, options: AuditOptions) -> str:
    """The registry's URL: `--index-url` is PyPI's; the others are their public registries."""
    if item.name == "PyPI":
        return options.index_url
    return dict(options.registry_urls).get(item.name, item.registry_url)


def _vulnerability_services(
    options: AuditOptions, fetcher: Fetcher | None, store: Store | None
) -> list[VulnerabilityService]:
    """The sources to ask in turn, each only for the versions the ones before could not answer.

    An offline database is the only source when given: it answers every version or none.
    """
    if options.vuln_db is not None:
        return [OfflineDatabase(options.vuln_db, Stamped(store, None))]
    if fetcher is None:
        return []
    return [
        OsvService(fetcher, Stamped(store, QUERY_TTL), Stamped(store, None), options.osv_url),
        PypiAdvisoryService(fetcher, Stamped(store, ADVISORY_TTL), options.index_url),
    ]


def _ask(
    services: Sequence[VulnerabilityService], queries: Sequence[Query], ecosystem: str
) -> dict[Query, Answer]:
    """Each query's answer from the first source that gives one; else every source's failure."""
    answers: dict[Query, Answer] = {}
    pending = list(queries)
    for service in services:
        for query, found in service.advisories(pending, ecosystem).items() if pending else ():
            earlier = answers.get(query)
            if not isinstance(found, Failure):
                answers[query] = (found, service.source)
            elif earlier is None or not isinstance(earlier[0], Failure):
                answers[query] = (found, None)
            else:  # the first failure says why; the later ones that they did not help
                first = earlier[0]
                answers[query] = (Failure(first.reason, f"{first.message}; {found.message}"), None)
        pending = [query for query in pending if answers.get(query, (None, None))[1] is None]
    return answers


def _look_up(
    declarations: Sequence[Declaration],
    indexes: Indexes,
    services: Sequence[VulnerabilityService],
    options: AuditOptions,
) -> _Lookups:
    with workers.threads(2, "codevitals-audit") as pool:
        projects = pool.submit(_projects, declarations, indexes)
        advisories = pool.submit(_all_advisories, declarations, services)
        return _Lookups(
            projects=projects.result(),
            advisories=advisories.result(),
            now=options.as_of or options.now or now(),
            unmaintained_after=options.unmaintained_after,
            as_of=options.as_of,
            ignore={name.upper(): reason for name, reason in options.ignore_vulns},
        )


def _projects(
    declarations: Sequence[Declaration], indexes: Indexes
) -> dict[tuple[str, str], Project | Failure]:
    """Every package's releases, each ecosystem from its own registry."""
    found: dict[tuple[str, str], Project | Failure] = {}
    for name, index in indexes.items():
        names = sorted({d.name for d in declarations if d.ecosystem == name and not d.unresolvable})
        if names:
            found.update(((name, key), item) for key, item in index.projects(names).items())
    return found


def _all_advisories(
    declarations: Sequence[Declaration], services: Sequence[VulnerabilityService]
) -> dict[tuple[str, Query], Answer]:
    """Every version's advisories, asked ecosystem by ecosystem."""
    found: dict[tuple[str, Query], Answer] = {}
    for item in ECOSYSTEMS:
        mine = [d for d in declarations if d.ecosystem == item.name and _queryable(d, item.parse)]
        queries = sorted({(d.name, d.version or "") for d in mine})
        serving = [s for s in services if item.name in getattr(s, "ecosystems", (item.name,))]
        if queries:
            answers = _ask(serving, queries, item.name)
            found.update(((item.name, query), answer) for query, answer in answers.items())
    return found


def now() -> dt.datetime:
    """The present, or `SOURCE_DATE_EPOCH` when set (reproducible reports, golden tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _queryable(item: Declaration, parse: Parse) -> bool:
    return bool(item.version) and not item.unresolvable and parse(item.version or "") is not None


def _dependency(item: Declaration, lookups: _Lookups) -> Dependency:
    if item.unresolvable:
        message = f"{item.unresolvable} requirement: no index version describes it"
        return Dependency(item, unknowns=(Unknown(Aspect.VERSION, "unresolvable", message),))
    known = ecosystem(item.ecosystem)
    if known is None:
        message = f"{item.ecosystem}: codevitals cannot look this ecosystem up"
        return Dependency(item, unknowns=(Unknown(Aspect.VERSION, "unsupported", message),))
    project = lookups.projects.get((item.ecosystem, item.name))
    fresh, unknowns = _freshness(item, project, lookups, known.parse)
    if item.version is None:
        message = "not pinned or locked: the version in use is unknown"
        unknowns.insert(0, Unknown(Aspect.VERSION, "unpinned", message))
        return Dependency(item, fresh, unknowns=tuple(unknowns))
    found = _advisories(item, item.version, lookups, known.parse)
    if isinstance(found, Unknown):
        return Dependency(item, fresh, unknowns=(*unknowns, found))
    current, advisories, source = found
    vulnerabilities: list[Vulnerability] = []
    ignored: list[Ignored] = []
    for merged in merge(advisories, current, known.parse):
        vulnerability = _spelt(merged, item.version)
        reason = _reason(vulnerability, lookups)
        if reason is None:
            vulnerabilities.append(vulnerability)
        else:
            ignored.append(Ignored(vulnerability, reason))
    if ignored:  # an ignored vulnerability asks for no upgrade
        names = {name for i in ignored for name in (i.vulnerability.id, *i.vulnerability.aliases)}
        advisories = [a for a in advisories if not names & {a.id, *a.aliases}]
    fix = _fix(advisories, current, project, known.parse) if advisories else None
    fix = _spelt_as(fix, item.version) if fix is not None else None
    return Dependency(item, fresh, tuple(vulnerabilities), fix, tuple(unknowns), source,
                      tuple(ignored))  # fmt: skip


def _reason(vulnerability: Vulnerability, lookups: _Lookups) -> str | None:
    """Why the team ignores this vulnerability (by its id or any alias), or None."""
    for name in (vulnerability.id, *vulnerability.aliases):
        reason = lookups.ignore.get(name.upper())
        if reason is not None:
            return reason
    return None


def _spelt_as(version: str, in_use: str) -> str:
    """A version as the manifest spells the version in use.

    OSV writes Go's `v1.2.3` as `1.2.3`, and `go.mod` takes neither that nor a `+incompatible`
    module's version without its suffix.
    """
    if in_use.startswith("v") and not version.startswith("v"):
        version = "v" + version
    if in_use.endswith("+incompatible") and "+" not in version:
        version += "+incompatible"
    return version


def _spelt(vulnerability: Vulnerability, in_use: str) -> Vulnerability:
    fixed = tuple(_spelt_as(f, in_use) for f in vulnerability.fixed)
    return dataclasses.replace(vulnerability, fixed=fixed)


def _freshness(
    item: Declaration, project: Project | Failure | None, lookups: _Lookups, parse: Parse
) -> tuple[Freshness | None, list[Unknown]]:
    if project is None:
        return None, [Unknown(Aspect.FRESHNESS, "not-looked-up", "not looked up")]
    if isinstance(project, Failure):
        return None, [Unknown(Aspect.FRESHNESS, project.reason, project.message)]
    if lookups.as_of is not None:  # the releases listed then: a timeline of its own
        project = freshness.available(project, lookups.as_of, item.version)
        return freshness.assess(project, item.version, lookups.now, lookups.unmaintained_after)
    key = (item.ecosystem, item.name)
    known = lookups.timelines.get(key)
    if known is None:
        known = freshness.timeline(project, lookups.now, lookups.unmaintained_after)
        lookups.timelines[key] = known
    return freshness.assess(known, item.version, lookups.now, lookups.unmaintained_after)


def _advisories(
    item: Declaration, text: str, lookups: _Lookups, parse: Parse
) -> tuple[Ordered, list[Advisory], VulnerabilitySource | None] | Unknown:
    current = parse(text)
    if current is None:
        kind = "PEP 440" if item.ecosystem == "PyPI" else item.ecosystem
        message = f"{text!r} is not a {kind} version: ranges cannot hold it"
        return Unknown(Aspect.VULNERABILITIES, "invalid-version", message)
    found = lookups.advisories.get((item.ecosystem, (item.name, text)))
    if found is None:
        message = "--offline without --vuln-db: no vulnerability data"
        return Unknown(Aspect.VULNERABILITIES, "offline", message)
    advisories, source = found
    if isinstance(advisories, Failure):
        return Unknown(Aspect.VULNERABILITIES, advisories.reason, advisories.message)
    return current, advisories, source


def _fix(found: list[Advisory], current: Ordered, project: object, parse: Parse) -> str | None:
    """The smallest release above `current` that no advisory affects.

    Spelt as the registry spells it: Go's `v1.2.3`, not OSV's `1.2.3`.
    """
    spelt: dict[Ordered, str] = {}
    if isinstance(project, Project):
        candidates = freshness.candidates(project, current)
        spelt = {at: r.version for r in project.releases if (at := parse(r.version)) is not None}
    else:  # no release list: the advisories' own fixed versions are the candidates
        candidates = [at for advisory in found for at in _fixed_events(advisory, parse)]
    fix = smallest_fix(found, current, candidates, parse)
    return spelt.get(fix, str(fix)) if fix is not None else None


def _fixed_events(advisory: Advisory, parse: Parse) -> list[Ordered]:
    events = (e for a in advisory.affected for r in a.ranges for e in r.events)
    parsed = (parse(e.version) for e in events if e.kind == "fixed")
    return [at for at in parsed if at is not None]


def _sources(
    used: Indexes,
    services: Sequence[VulnerabilityService],
    lookups: _Lookups,
    options: AuditOptions,
) -> dict[str, str]:
    """Where metadata came from, and which vulnerability source answered for how many."""
    metadata = "cache only (--offline)" if options.offline else _registries(used)
    if not services:
        return {"metadata": metadata, "vulnerabilities": "none (--offline without --vuln-db)"}
    answered = Counter(source for _, source in lookups.advisories.values())
    described = [
        f"{service.description} ({service.source}: {answered[service.source]:,})"
        for service in services
        if service is services[0] or answered[service.source]
    ]
    if answered[None]:
        described.append(f"no answer for {answered[None]:,}")
    return {"metadata": metadata, "vulnerabilities": "; ".join(described)}


def _used(indexes: Indexes, declarations: Sequence[Declaration]) -> Indexes:
    """The registries of the ecosystems the declarations are in (PyPI's when none)."""
    names = {d.ecosystem for d in declarations} or {"PyPI"}
    return {name: index for name, index in indexes.items() if name in names}


def _registries(used: Indexes) -> str:
    """The registries asked: PyPI's URL alone when only Python is audited, as before."""
    if list(used) == ["PyPI"]:
        return used["PyPI"].index_url
    return "; ".join(f"{name}: {index.index_url or 'no registry'}" for name, index in used.items())
