"""OSV's evaluation of affected versions, in PEP 440 order.

Follows the OSV schema's algorithm: the events of an ECOSYSTEM (or SEMVER) range are sorted
by version, with `introduced: "0"` before everything; walking them, `introduced` at or
below the version makes it affected, `fixed` at or below it and `last_affected` below it
make it unaffected again. `limit` events bound the range from above (`*` is no bound).
A version is also affected when an `affected[].versions` list names it. GIT ranges name
commits, not releases, and are not evaluated. Withdrawn advisories affect nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from packaging.version import InvalidVersion, Version

from codevitals.deps.advisory import Advisory, Affected, Event, VersionRange

EVALUATED = frozenset({"ECOSYSTEM", "SEMVER"})
_ZERO = Version("0")


@lru_cache(maxsize=65_536)
def version(text: str) -> Version | None:
    """The PEP 440 version, or None when the text is not one (cached: lists repeat)."""
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affects(advisory: Advisory, current: Version) -> bool:
    """Whether the advisory affects this version (never, once withdrawn)."""
    if advisory.withdrawn:
        return False
    return any(entry_affects(entry, current) for entry in advisory.affected)


def affects_text(advisory: Advisory, text: str) -> bool | None:
    """Like `affects` for a version as written; None when it is no PEP 440 version.

    A legacy version (`0.3m1`) cannot be placed in a range, but a `versions` list that
    names it exactly still says it is affected.
    """
    parsed = version(text)
    if parsed is not None:
        return affects(advisory, parsed)
    if advisory.withdrawn:
        return False
    listed = any(text.strip().lower() in map(str.lower, e.versions) for e in advisory.affected)
    return True if listed else None


def entry_affects(entry: Affected, current: Version) -> bool:
    """Whether one `affected` entry names this version or has a range holding it."""
    if any(version(listed) == current for listed in entry.versions):
        return True
    return any(range_affects(item, current) for item in entry.ranges)


def range_affects(item: VersionRange, current: Version) -> bool:
    """OSV's walk over the sorted events of one range."""
    if item.kind not in EVALUATED:
        return False
    affected = False
    for kind, at in _sorted(item.events):
        if kind == "introduced" and current >= at:
            affected = True
        elif (kind == "fixed" and current >= at) or (kind == "last_affected" and current > at):
            affected = False
    return affected and _below_limits(item.events, current)


def _sorted(events: Iterable[Event]) -> list[tuple[str, Version]]:
    """Events with parsed versions, in version order; unparsable versions are left out."""
    parsed: list[tuple[str, Version]] = []
    for event in events:
        if event.kind == "limit":
            continue
        at = _ZERO if event.version == "0" else version(event.version)
        if at is not None:
            parsed.append((event.kind, at))
    return sorted(parsed, key=lambda pair: pair[1])


def _below_limits(events: Sequence[Event], current: Version) -> bool:
    limits = [event.version for event in events if event.kind == "limit"]
    if not limits or "*" in limits:
        return True
    return any(at is not None and current < at for at in map(version, limits))


def fixed_versions(advisory: Advisory, current: Version) -> list[Version]:
    """Versions that fix the advisory for `current`: the next `fixed` of each range holding it."""
    found: set[Version] = set()
    for entry in advisory.affected:
        for item in entry.ranges:
            if not range_affects(item, current):
                continue
            later = [at for kind, at in _sorted(item.events) if kind == "fixed" and at > current]
            if later:
                found.add(min(later))
    return sorted(found)


def smallest_fix(
    advisories: Sequence[Advisory], current: Version, candidates: Iterable[Version]
) -> Version | None:
    """The lowest candidate above `current` that none of the advisories affects."""
    for candidate in sorted(set(candidates)):
        if candidate > current and not any(affects(a, candidate) for a in advisories):
            return candidate
    return None
