"""The gate's checks: each compares the two sides of a change and names its new debt.

A check is one small class behind the `GateCheck` protocol, listed in `CHECKS`; reports,
the baseline and the exit code work from the `Problem`s checks yield.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import ClassVar, Protocol

from codevitals.gate.compare import Check, GatePolicy, ScanPair, all_biomarkers, biomarker_key
from codevitals.gate.moves import find_moves, within
from codevitals.model import Biomarker, FileHealth, ScanResult, Severity
from codevitals.model.deps import Aspect, Declaration, Dependency, DependencyReport, Vulnerability
from codevitals.model.findings import Finding
from codevitals.model.gate import HealthChange, Problem


class GateCheck(Protocol):
    """Finds new debt (and debt removed) between the base and the head of a change."""

    name: ClassVar[str]

    def problems(self, change: ScanPair, policy: GatePolicy) -> Iterable[Problem]:
        """New debt in the head."""

    def resolved(self, change: ScanPair, policy: GatePolicy) -> Iterable[Problem]:
        """Debt of the base that the head no longer has."""


# -- health ----------------------------------------------------------------------------------


class HealthCheck:
    """A changed file's health falls by more than the tolerance."""

    name: ClassVar[str] = Check.HEALTH

    def problems(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """One problem per file whose health declined beyond the tolerance.

        A decline due only to code moved in from another changed file is not new debt.
        """
        moved_only = _moved_in_only(change)
        for item in health_changes(change):
            if item.before is None or item.after is None or item.moved_only:
                continue
            if item.path in moved_only:
                continue
            if -item.delta > policy.tolerance:
                yield _decline(item, item.before, item.after)

    def resolved(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Health gains are reported as improvements, not as resolved problems."""
        return iter(())


def _decline(item: HealthChange, before: float, after: float) -> Problem:
    why = "; ".join(item.reasons[:3]) + (" …" if len(item.reasons) > 3 else "")
    return Problem(
        check=Check.HEALTH,
        path=item.path,
        code="health",
        name="health-decline",
        message=f"health {before:.2f} → {after:.2f} ({item.delta:+.2f})"
        + (f": {why}" if why else ""),
        severity=Severity.MAJOR,
        before=before,
        after=after,
    )


def health_changes(change: ScanPair) -> list[HealthChange]:
    """Every changed production file's health before → after, with what moved it.

    Functions moved between changed files are named among the reasons; a file changed by
    such moves alone is marked `moved_only`.
    """
    before, after = change.files(change.base), change.files(change.head)
    moves = find_moves(change)
    return [
        HealthChange(
            path,
            before[path].health if path in before else None,
            after[path].health if path in after else None,
            (*moves.reasons(path), *_reasons(before.get(path), after.get(path), moves.names(path))),
            moves.names(path),
            path in moves.only,
        )
        for path in sorted(before.keys() | after.keys())
    ]


def _reasons(
    before: FileHealth | None, after: FileHealth | None, moved: tuple[str, ...] = ()
) -> Iterator[str]:
    """Biomarkers that appeared, went or changed value, but for those of moved functions."""
    old = _by_key(before)
    new = _by_key(after)
    for key in sorted(old.keys() | new.keys()):
        if within(key[1], moved):
            continue
        was, now = old.get(key), new.get(key)
        if was is None and now is not None:
            yield f"new {_label(now)} {now.value:g}"
        elif now is None and was is not None:
            yield f"{_label(was)} gone"
        elif was is not None and now is not None and was.value != now.value:
            yield f"{_label(now)} {was.value:g} → {now.value:g}"


def _by_key(item: FileHealth | None) -> dict[tuple[str, str, str, int], Biomarker]:
    if item is None:
        return {}
    keyed: dict[tuple[str, str, str, int], Biomarker] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    for biomarker in sorted(all_biomarkers(item), key=lambda b: b.line):
        key = biomarker_key(item.file.path, biomarker)
        keyed[(*key, seen[key])] = biomarker
        seen[key] += 1
    return keyed


def _label(biomarker: Biomarker) -> str:
    where = f"`{biomarker.function}` " if biomarker.function else ""
    return f"{where}{biomarker.name}"


# -- biomarkers ------------------------------------------------------------------------------


class BiomarkerCheck:
    """New biomarkers in changed files, matched by file, function and rule (never by line).

    A biomarker whose function moved to another changed file is matched there too, so
    moving code creates no new biomarkers.
    """

    name: ClassVar[str] = Check.BIOMARKERS

    def problems(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Biomarkers the head has more of than the base, per file, function and rule."""
        old, new = _biomarkers(change, change.base), _biomarkers(change, change.head)
        for biomarker, path in _unmatched(new, old):
            yield _biomarker_problem(path, biomarker, old)

    def resolved(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Biomarkers the base had and the head has not."""
        old, new = _biomarkers(change, change.base), _biomarkers(change, change.head)
        for biomarker, path in _unmatched(old, new):
            yield _biomarker_problem(path, biomarker, {}, gone=True)


Keyed = dict[tuple[str, str, str], list[Biomarker]]


def _biomarkers(change: ScanPair, side: ScanResult | None) -> Keyed:
    keyed: Keyed = {}
    for path, item in change.files(side).items():
        for biomarker in all_biomarkers(item):
            keyed.setdefault(biomarker_key(path, biomarker), []).append(biomarker)
    return keyed


def _unmatched(ours: Keyed, theirs: Keyed) -> list[tuple[Biomarker, str]]:
    """Biomarkers of `ours` beyond the count `theirs` has, after matching moves across files."""
    return _match(ours, theirs)[0]


def _match(
    ours: Keyed, theirs: Keyed
) -> tuple[list[tuple[Biomarker, str]], set[tuple[str, str, str]]]:
    """The surplus biomarkers of `ours` that are new, and the keys of those that moved."""
    surplus, spare = _surplus(ours, theirs)
    new: list[tuple[Biomarker, str]] = []
    moved: set[tuple[str, str, str]] = set()
    for key in sorted(surplus):
        for biomarker in surplus[key]:
            if spare[key[1:]]:
                spare[key[1:]] -= 1  # the same function's biomarker left another file: a move
                moved.add(key)
            else:
                new.append((biomarker, key[0]))
    return new, moved


def _moved_in_only(change: ScanPair) -> set[str]:
    """Files whose only new biomarkers moved in from another file, none of them worse."""
    old, new = _biomarkers(change, change.base), _biomarkers(change, change.head)
    fresh, moved = _match(new, old)
    suspects = {key[0] for key in moved} - {path for _, path in fresh}
    return {path for path in suspects if not _worsened(path, old, new)}


def _worsened(path: str, old: Keyed, new: Keyed) -> bool:
    """Whether a biomarker of the file grew, compared with where it was (here or moved from)."""
    before: dict[tuple[str, str], float] = {}
    for key, found in old.items():
        value = max(b.value for b in found)
        before[key[1:]] = max(value, before.get(key[1:], value))
    return any(
        max(b.value for b in found) > before.get(key[1:], float("inf"))
        for key, found in new.items()
        if key[0] == path
    )


def _surplus(ours: Keyed, theirs: Keyed) -> tuple[Keyed, Counter[tuple[str, str]]]:
    """The biomarkers `ours` has beyond `theirs`, and those `theirs` has beyond `ours`.

    The first per key, costliest first; the second counted per (function, rule): the
    candidates for a move between files.
    """
    surplus: Keyed = {}
    spare: Counter[tuple[str, str]] = Counter()
    for key in ours.keys() | theirs.keys():
        mine, other = ours.get(key, []), theirs.get(key, [])
        extra = len(mine) - len(other)
        if extra > 0:
            surplus[key] = sorted(mine, key=lambda b: -b.points)[:extra]
        spare[key[1:]] += max(0, -extra)
    return surplus, spare


def _biomarker_problem(
    path: str, biomarker: Biomarker, old: Keyed, *, gone: bool = False
) -> Problem:
    where = f" in `{biomarker.function}`" if biomarker.function else ""
    what = "no longer has" if gone else "new"
    message = (
        f"{what} {biomarker.name}{where}: {biomarker.value:g} (threshold {biomarker.threshold:g})"
    )
    previous = old.get(biomarker_key(path, biomarker), [])
    return Problem(
        check=Check.BIOMARKERS,
        path=path,
        code=biomarker.code,
        name=biomarker.name,
        message=message,
        severity=biomarker.severity,
        line=biomarker.line,
        function=biomarker.function,
        before=max((b.value for b in previous), default=None),
        after=None if gone else biomarker.value,
        fingerprint=f"{biomarker.function or ''}/{biomarker.code}",
    )


# -- findings --------------------------------------------------------------------------------


class FindingCheck:
    """New findings in changed files, matched by fingerprint (rule and line text, not number)."""

    name: ClassVar[str] = Check.FINDINGS

    def problems(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Findings of the head whose fingerprint the base does not have."""
        new = _unmatched_findings(change.findings(change.head), change.findings(change.base))
        for finding in new:
            if policy.fails_on(finding.severity):
                yield _finding_problem(finding)

    def resolved(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Findings of the base that the head no longer has."""
        gone = _unmatched_findings(change.findings(change.base), change.findings(change.head))
        for finding in gone:
            yield _finding_problem(finding)


def _unmatched_findings(ours: list[Finding], theirs: list[Finding]) -> Iterator[Finding]:
    """Findings of `ours` with no match in `theirs`.

    A match is the same file and fingerprint or, for code moved between files, the same
    fingerprint in a file that lost it.
    """
    exact = {(f.path, f.fingerprint) for f in theirs}
    mine = {(f.path, f.fingerprint) for f in ours}
    moved = Counter(f.fingerprint for f in theirs if (f.path, f.fingerprint) not in mine)
    for finding in ours:
        if (finding.path, finding.fingerprint) in exact:
            continue
        if moved[finding.fingerprint]:
            moved[finding.fingerprint] -= 1
            continue
        yield finding


def _finding_problem(finding: Finding) -> Problem:
    return Problem(
        check=Check.FINDINGS,
        path=finding.path,
        code=finding.code,
        name=finding.name,
        message=finding.message,
        severity=finding.severity,
        line=finding.line,
        column=finding.column,
        fingerprint=finding.fingerprint,
    )


# -- dependencies ----------------------------------------------------------------------------


Exposure = tuple[str, str, str]
"""(ecosystem, package, advisory id): one vulnerability one pinned package is exposed to."""


class DependencyCheck:
    """Dependencies the head pins to a vulnerable version that the base was not exposed to.

    Matching is by package and advisory, not by manifest line, so moving a pin or adding an
    unrelated one does not count; upgrading into a vulnerable version does.
    """

    name: ClassVar[str] = Check.DEPENDENCIES

    def problems(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Exposures of the head that the base did not have."""
        if change.base is not None and change.base.dependencies is None:
            return  # the base was not audited: nothing to compare with, so nothing is new
        before = _exposures(change.base.dependencies if change.base else None)
        for key, (dependency, vulnerability) in _exposures(change.head.dependencies).items():
            problem = _exposure_problem(dependency, vulnerability)
            if key not in before and policy.fails_on(problem.severity):
                yield problem

    def resolved(self, change: ScanPair, policy: GatePolicy) -> Iterator[Problem]:
        """Exposures of the base that the head no longer has."""
        after = _exposures(change.head.dependencies)
        base = change.base.dependencies if change.base else None
        for key, (dependency, vulnerability) in _exposures(base).items():
            if key not in after:
                yield _exposure_problem(dependency, vulnerability)

    def unchecked(self, change: ScanPair) -> Iterator[Problem]:
        """New pins and requirements the head has whose vulnerabilities could not be checked.

        Either the lookup failed, or the version in use is unknown (unpinned, a git or path
        source) so no lookup was made. They are not new debt, but not clean either: the
        verdict names them and is partial, and `--strict` fails on them. A version the base
        already pinned is not new.
        """
        if change.base is not None and change.base.dependencies is None:
            return  # as for problems: without the base's audit nothing can be called new
        base = change.base.dependencies if change.base else None
        before = {_pin(item) for item in base.dependencies} if base else set()
        seen: set[tuple[str, str, str | None]] = set()
        head = change.head.dependencies
        for item in head.dependencies if head else ():
            failed = [u for u in item.unknowns if u.aspect in _UNCHECKED]
            if failed and _pin(item) not in before | seen:
                seen.add(_pin(item))
                yield _unchecked_problem(item, failed[0].message)


_UNCHECKED = (Aspect.VULNERABILITIES, Aspect.VERSION)
"""A failed lookup, or a version in use nobody could tell (so no lookup was made)."""


def _exposures(report: DependencyReport | None) -> dict[Exposure, tuple[Dependency, Vulnerability]]:
    if report is None:
        return {}
    return {
        (item.declaration.ecosystem, item.declaration.name, vulnerability.id): (item, vulnerability)
        for item in report.dependencies
        for vulnerability in item.vulnerabilities
    }


def _pin(item: Dependency) -> tuple[str, str, str | None]:
    d = item.declaration
    return d.ecosystem, d.name, d.version


def _unchecked_problem(dependency: Dependency, why: str) -> Problem:
    declaration = dependency.declaration
    return Problem(
        check=Check.DEPENDENCIES,
        path=declaration.path,
        code="unchecked",
        name="unchecked-dependency",
        message=f"{_package(declaration)} could not be checked for vulnerabilities: {why}",
        severity=Severity.MAJOR,
        line=declaration.line,
        fingerprint=f"{declaration.name}:unchecked",
    )


def _exposure_problem(dependency: Dependency, vulnerability: Vulnerability) -> Problem:
    declaration = dependency.declaration
    aliases = f" ({', '.join(vulnerability.aliases)})" if vulnerability.aliases else ""
    fix = f"; upgrade to {dependency.fix}" if dependency.fix else "; no fixed version yet"
    return Problem(
        check=Check.DEPENDENCIES,
        path=declaration.path,
        code=vulnerability.id,
        name="vulnerable-dependency",
        message=f"{_package(declaration)} is affected by {vulnerability.id}{aliases}{fix}",
        severity=vulnerability.level,
        line=declaration.line,
        fingerprint=f"{declaration.name}:{vulnerability.id}",
    )


def _package(declaration: Declaration) -> str:
    """`lodash 4.17.20 (npm)`: a name alone is ambiguous across ecosystems."""
    return f"{declaration.name} {declaration.version or '?'} ({declaration.ecosystem})"


DEPENDENCY_CHECK = DependencyCheck()
CHECKS: dict[str, GateCheck] = {
    check.name: check
    for check in (HealthCheck(), BiomarkerCheck(), FindingCheck(), DEPENDENCY_CHECK)
}
"""Every gate check by name; `GatePolicy.checks` chooses which run."""
