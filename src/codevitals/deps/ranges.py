"""OSV's evaluation of affected versions, in the order of the package's ecosystem.

Follows the OSV schema's algorithm: the events of an ECOSYSTEM (or SEMVER) range are sorted
by version, with `introduced: "0"` before everything; walking them, `introduced` at or
below the version makes it affected, `fixed` at or below it and `last_affected` below it
make it unaffected again. `limit` events bound the range from above (`*` is no bound).
A version is also affected when an `affected[].versions` list names it. GIT ranges name
commits, not releases, and are not evaluated. Withdrawn advisories affect nothing.

Every function takes the ecosystem's version parser (`parse`); PEP 440 is the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from codevitals.deps.advisory import Advisory, Affected, Event, VersionRange
from codevitals.deps.versions import Ordered, Parse, pep440

EVALUATED = frozenset({"ECOSYSTEM", "SEMVER"})


version = pep440
"""PyPI's parser, the default of every function here."""


def affects(advisory: Advisory, current: Ordered, parse: Parse = version) -> bool:
    """Whether the advisory affects this version (never, once withdrawn)."""
    if advisory.withdrawn:
        return False
    return any(entry_affects(entry, current, parse) for entry in advisory.affected)


def affects_text(advisory: Advisory, text: str, parse: Parse = version) -> bool | None:
    """Like `affects` for a version as written; None when it is no version by `parse`.

    A legacy version (`0.3m1`) cannot be placed in a range, but a `versions` list that
    names it exactly still says it is affected.
    """
    parsed = parse(text)
    if parsed is not None:
        return affects(advisory, parsed, parse)
    if advisory.withdrawn:
        return False
    listed = any(text.strip().lower() in map(str.lower, e.versions) for e in advisory.affected)
    return True if listed else None


def entry_affects(entry: Affected, current: Ordered, parse: Parse = version) -> bool:
    """Whether one `affected` entry names this version or has a range holding it."""
    if any(parse(listed) == current for listed in entry.versions):
        return True
    return any(range_affects(item, current, parse) for item in entry.ranges)


def range_affects(item: VersionRange, current: Ordered, parse: Parse = version) -> bool:
    """OSV's walk over the sorted events of one range."""
    if item.kind not in EVALUATED:
        return False
    affected = False
    for kind, at in _sorted(item.events, parse):
        if kind == "introduced" and current >= at:
            affected = True
        elif (kind == "fixed" and current >= at) or (kind == "last_affected" and current > at):
            affected = False
    return affected and _below_limits(item.events, current, parse)


class _Lowest:
    """OSV's `introduced: "0"`: below every version, pre-releases of 0.0.0 included.

    Read as 0.0.0 it would sort above a Go pseudo-version such as
    `0.0.0-20200220183623-bac4c82f6975` (a pre-release of 0.0.0), and a range fixed there
    would wrongly hold every later version.
    """

    is_prerelease = False
    major = 0

    def __lt__(self, other: object) -> bool:
        return not isinstance(other, _Lowest)

    def __le__(self, other: object) -> bool:
        return True

    def __gt__(self, other: object) -> bool:
        return False

    def __ge__(self, other: object) -> bool:
        return isinstance(other, _Lowest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Lowest)

    def __hash__(self) -> int:
        return 0


LOWEST = _Lowest()


def _sorted(events: Iterable[Event], parse: Parse) -> list[tuple[str, Ordered]]:
    """Events with parsed versions, in version order; unparsable versions are left out.

    OSV's `introduced: "0"` is the lowest version of all, whatever the ecosystem's parser.
    """
    parsed: list[tuple[str, Ordered]] = []
    for event in events:
        if event.kind == "limit":
            continue
        lowest = event.kind == "introduced" and event.version.strip() == "0"
        at = LOWEST if lowest else parse(event.version)
        if at is not None:
            parsed.append((event.kind, at))
    return sorted(parsed, key=lambda pair: pair[1])


def _below_limits(events: Sequence[Event], current: Ordered, parse: Parse) -> bool:
    limits = [event.version for event in events if event.kind == "limit"]
    if not limits or "*" in limits:
        return True
    return any(at is not None and current < at for at in map(parse, limits))


def fixed_versions(advisory: Advisory, current: Ordered, parse: Parse = version) -> list[Ordered]:
    """Versions that fix the advisory for `current`: the next `fixed` of each range holding it."""
    found: set[Ordered] = set()
    for entry in advisory.affected:
        for item in entry.ranges:
            if not range_affects(item, current, parse):
                continue
            events = _sorted(item.events, parse)
            later = [at for kind, at in events if kind == "fixed" and at > current]
            if later:
                found.add(min(later))
    return sorted(found)


def smallest_fix(
    advisories: Sequence[Advisory],
    current: Ordered,
    candidates: Iterable[Ordered],
    parse: Parse = version,
) -> Ordered | None:
    """The lowest candidate above `current` that none of the advisories affects."""
    for candidate in sorted(set(candidates)):
        if candidate > current and not any(affects(a, candidate, parse) for a in advisories):
            return candidate
    return None
