"""Upgrades: vulnerable dependencies first, then direct dependencies far behind.

A package declared in several manifests is one item: the declaration with the most at stake
speaks for it, and the others are listed as where else it is declared. How far the jump goes
(major versions crossed) sizes the effort.

Age weighs less in a package declared only for development, tests, documentation or examples
(`development-only`: a share of its points): it never reaches the users' machines. A project
without releases for years is not cured by moving to its last one, so an upgrade names it
without points for it; with nothing else to gain, the item is to replace the package.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from codevitals.model.deps import (
    Dependency,
    DependencyReport,
    Relation,
    Vulnerability,
)
from codevitals.model.plan import Action, Effort, Kind, Place, Reason, Target
from codevitals.plan.candidates import Candidate
from codevitals.plan.options import PlanOptions
from codevitals.plan.places import development_note, is_production

MIN_LIBYEAR = 1.0
"""A direct dependency less than a year behind is not worth a plan item on age alone."""


def upgrades(report: DependencyReport | None, options: PlanOptions) -> Iterator[Candidate]:
    """One candidate per package in use that is vulnerable, yanked or far behind."""
    if report is None:
        return
    # By ecosystem too: npm's `debug` and PyPI's `debug` are different packages.
    by_name: dict[tuple[str, str], list[Dependency]] = {}
    for dependency in report.dependencies:
        declaration = dependency.declaration
        by_name.setdefault((declaration.ecosystem, declaration.name), []).append(dependency)
    for declared in by_name.values():
        found = _candidate(declared, options)
        if found is not None:
            yield found


def _candidate(declared: Sequence[Dependency], options: PlanOptions) -> Candidate | None:
    # On equal stakes the shipped declaration speaks: a vulnerable toolchain in a service's
    # go.mod and in its test module's is the service's.
    worst = max(
        declared,
        key=lambda d: (_stake(d, options), is_production(d.declaration), d.declaration.path),
    )
    if worst.vulnerable:
        return _vulnerable(worst, declared, options)
    reasons = _staleness(worst, options)
    if not reasons:
        return None
    share = _share(worst, options)
    if share != 1.0:
        scaled = (dataclasses.replace(r, points=r.points * share) for r in reasons)
        reasons = (*scaled, development_note(share))
    if all(r.signal == "unmaintained" for r in reasons if r.points):
        return _candidate_of(worst, declared, reasons, None, _replace(worst))
    return _candidate_of(worst, declared, reasons, _latest(worst))


def _share(dependency: Dependency, options: PlanOptions) -> float:
    """The share of its staleness points a declaration earns."""
    return 1.0 if is_production(dependency.declaration) else options.weight("development-only")


def _replace(dependency: Dependency) -> Action:
    declaration = dependency.declaration
    return Action("replace", declaration.name, f" {declaration.version or ''}: unmaintained")


def _stake(dependency: Dependency, options: PlanOptions) -> float:
    vulnerable = sum(r.points for r in _vulnerability_reasons(dependency, options))
    stale = sum(r.points for r in _staleness(dependency, options))
    return vulnerable + stale * _share(dependency, options)


def _vulnerable(
    worst: Dependency, declared: Sequence[Dependency], options: PlanOptions
) -> Candidate:
    reasons = _vulnerability_reasons(worst, options)
    return _candidate_of(worst, declared, reasons, worst.fix)


def _vulnerability_reasons(dependency: Dependency, options: PlanOptions) -> tuple[Reason, ...]:
    ranked = sorted(dependency.vulnerabilities, key=lambda v: (-_rating_points(v, options), v.id))
    further = options.weight("further-vulnerability")
    return tuple(
        Reason(
            "vulnerability", _advisory(v), _rating_points(v, options) * (1 if i == 0 else further)
        )
        for i, v in enumerate(ranked)
    )


def _rating_points(vulnerability: Vulnerability, options: PlanOptions) -> float:
    rating = (vulnerability.severity or "unrated").lower()
    key = f"vulnerability-{rating}"
    return options.weight(key if key in options.weights else "vulnerability-unrated")


def _advisory(vulnerability: Vulnerability) -> str:
    alias = next((a for a in vulnerability.aliases if a.startswith("CVE-")), None)
    name = f"{vulnerability.id} ({alias})" if alias else vulnerability.id
    rating = vulnerability.severity or "unrated"
    fixed = f", fixed in {vulnerability.fixed[0]}" if vulnerability.fixed else ", no fix yet"
    return f"{name}: {rating}{fixed}"


def _staleness(dependency: Dependency, options: PlanOptions) -> tuple[Reason, ...]:
    fresh = dependency.freshness
    if fresh is None or dependency.declaration.relation is Relation.TRANSITIVE:
        return ()
    reasons: list[Reason] = []
    libyear = fresh.libyear or 0.0
    if libyear >= MIN_LIBYEAR:
        points = min(libyear * options.weight("libyear"), options.weight("libyear-cap"))
        behind = f", {plural(fresh.behind, 'release')}" if fresh.behind else ""
        reasons.append(Reason("outdated", f"{libyear:.1f} libyears behind{behind}", points))
    if fresh.yanked:
        why = f": {fresh.yanked_reason}" if fresh.yanked_reason else ""
        reasons.append(
            Reason("yanked", f"the version in use was yanked{why}", options.weight("yanked"))
        )
    if fresh.unmaintained:
        reasons.append(_unmaintained(fresh.last_release, options, alone=not reasons))
    return tuple(reasons)


def _unmaintained(last_release: str | None, options: PlanOptions, *, alone: bool) -> Reason:
    """Points only when replacing the package is the item; an upgrade does not cure it."""
    since = f" since {last_release[:10]}" if last_release else ""
    if alone:
        return Reason("unmaintained", f"no release{since}", options.weight("unmaintained"))
    return Reason("unmaintained", f"no release{since}: the upgrade does not change that", 0.0)


def plural(count: int, noun: str) -> str:
    """`1 release`, `3 releases`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _latest(dependency: Dependency) -> str | None:
    return dependency.freshness.latest if dependency.freshness else None


def _candidate_of(
    worst: Dependency,
    declared: Sequence[Dependency],
    reasons: tuple[Reason, ...],
    to: str | None,
    instead: Action | None = None,
) -> Candidate:
    declaration = worst.declaration
    version = declaration.version or "?"
    upgrade = Action("upgrade", declaration.name, f" {version} → {to}") if to else _no_fix(worst)
    action = instead or upgrade
    elsewhere = _elsewhere(worst, declared)
    reasons = (*reasons, *((elsewhere,) if elsewhere else ()))
    target = Target(declaration.path, None, declaration.line, declaration.name)
    effort = _jump(declaration.version, to, declaration.ecosystem)
    return Candidate(target, Kind.UPGRADE, action, reasons, effort, place=_place(worst))


def _place(upgraded: Dependency) -> Place:
    """Production when the declaration the item changes ships.

    An old pin in an example is the example's, even where the package's shipped declaration
    allows the latest release.
    """
    return Place.PRODUCTION if is_production(upgraded.declaration) else Place.DEVELOPMENT


def _no_fix(dependency: Dependency) -> Action:
    declaration = dependency.declaration
    return Action(
        "replace or mitigate", declaration.name, f" {declaration.version}: no fixed version"
    )


def _elsewhere(worst: Dependency, declared: Sequence[Dependency]) -> Reason | None:
    others = sorted({d.declaration.path for d in declared} - {worst.declaration.path})
    if not others:
        return None
    return Reason("declared", "also declared in " + ", ".join(others), 0.0)


def _jump(current: str | None, to: str | None, ecosystem_name: str) -> Effort:
    """Small within a major version, medium across one, large across more or with no fix.

    Major versions by the ecosystem's own rules (npm's `2.0.0-rc.1`, Go's `v1.2.3`).
    """
    # Loaded only when an upgrade is sized: every ecosystem's readers would add 0.1 s to the
    # start of each scan, audited or not.
    from codevitals.deps.ecosystems import ecosystem  # noqa: PLC0415

    known = ecosystem(ecosystem_name)
    before, after = (known.parse(v) if known and v else None for v in (current, to))
    crossed = after.major - before.major if before is not None and after is not None else None
    if crossed is None:
        return Effort.LARGE if to is None else Effort.MEDIUM
    return Effort.SMALL if crossed <= 0 else Effort.MEDIUM if crossed == 1 else Effort.LARGE
