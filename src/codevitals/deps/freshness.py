"""How far a version in use lags behind its project's latest release.

* **latest**: the highest final release that is not yanked (pre-releases only when the
  project has nothing else, or the version in use is itself a newer pre-release);
* **libyear**: the time between the upload of the version in use and the upload of the
  latest release, in years of 365.25 days; 0 when the version in use is the latest or newer
  (libyear.com's definition);
* **behind**: final, unyanked releases above the version in use, up to the latest;
* **majors behind**: the latest's major version minus the one in use, never below 0;
* **unmaintained**: no upload of any version for longer than the configured period, or the
  registry says the project is abandoned (Packagist).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from codevitals.deps.registry import Project, Release, placed, summed_up, with_places
from codevitals.deps.versions import Ordered, Parse
from codevitals.model.deps import Aspect, Freshness, Unknown

YEAR = dt.timedelta(days=365.25)


class _Parsed(NamedTuple):
    """A release with its parsed version (a tuple: thousands are made per audit)."""

    version: Ordered
    release: Release

    @property
    def uploaded(self) -> dt.datetime | None:
        """Upload time, parsed only for the few releases that need it."""
        return _time(self.release.uploaded)


@dataclass(frozen=True, slots=True)
class _Sorted:
    """A project's releases with their parsed versions, which compare with any version."""

    releases: tuple[_Parsed, ...]
    by_text: dict[str, _Parsed]
    """Each release under the version as the registry spells it."""
    finals: tuple[_Parsed, ...]
    """The unyanked final releases: the ones a version in use can be behind."""
    latest: _Parsed | None
    """The latest for a version in use that is not a pre-release."""
    base: Freshness
    """What is the same for every version in use that is not a pre-release."""


@dataclass(frozen=True, slots=True)
class _Placed:
    """A project's releases by their places in the version order (`registry.Places`).

    Nothing is parsed and nothing is made per release: a warm audit reads a hundred
    thousand releases, and a version in use that is not a pre-release and is spelt as the
    index spells it needs no more than this.
    """

    texts: list[str]
    """Each release's version as the registry spells it, in the registry's order."""
    finals: Sequence[int]
    """The places of the unyanked final releases, in order."""
    latest: int | None
    """The index of the latest release for a version in use that is not a pre-release."""
    base: Freshness


class Timeline:
    """What a project's releases say whatever the version in use: worked out once per project.

    A lockfile often pins several versions of one package; each is measured against the
    same timeline. Releases are compared by their places; parsed versions are made only for
    a version in use that is a pre-release or not spelt as on the index (`1.0` for `1.0.0`).
    """

    __slots__ = ("_sorted", "placed", "project")

    def __init__(self, project: Project, now: dt.datetime, unmaintained_after: dt.timedelta):
        self.project = with_places(project)
        # ISO 8601 times in UTC sort as text: no need to parse a thousand of them.
        uploads = filter(None, map(attrgetter("uploaded"), project.releases))
        last = _time(max(uploads, default=None))
        unmaintained = last is not None and now - last > unmaintained_after
        unmaintained = unmaintained or project.unmaintained is not None  # the registry says so
        self.placed = _placed(self.project, last, unmaintained=unmaintained)
        self._sorted: _Sorted | None = None

    @property
    def sorted(self) -> _Sorted:
        """The releases parsed, the first time a version in use needs them."""
        if self._sorted is None:
            self._sorted = _sort(self.project, self.placed.base)
        return self._sorted


def timeline(project: Project, now: dt.datetime, unmaintained_after: dt.timedelta) -> Timeline:
    """The project's releases in order, its last upload and latest release."""
    return Timeline(project, now, unmaintained_after)


def _placed(project: Project, last: dt.datetime | None, *, unmaintained: bool) -> _Placed:
    places, releases = project.places, project.releases
    assert places is not None  # noqa: S101  (`Timeline` fills them in)
    latest = places.latest  # worked out when the places were, and cached with them
    return _Placed(
        texts=list(map(attrgetter("version"), releases)),
        finals=places.finals,
        latest=latest,
        base=_base(releases[latest] if latest is not None else None, last, unmaintained),
    )


def _sort(project: Project, base: Freshness) -> _Sorted:
    releases = _parse(project.releases, project.order)
    by_text = {r.release.version: r for r in reversed(releases)}  # the first listed wins
    finals = tuple(r for r in releases if not r.release.yanked and not r.version.is_prerelease)
    return _Sorted(releases, by_text, finals, _latest(releases, None), base)


def _base(latest: Release | None, last: dt.datetime | None, unmaintained: bool) -> Freshness:
    return Freshness(
        latest=str(latest.version) if latest else None,
        latest_released=_iso(_time(latest.uploaded)) if latest else None,
        last_release=_iso(last),
        unmaintained=unmaintained,
    )


def assess(
    project: Project | Timeline,
    current: str | None,
    now: dt.datetime,
    unmaintained_after: dt.timedelta,
) -> tuple[Freshness, list[Unknown]]:
    """Freshness of `current` (None when unpinned) and what could not be told."""
    known = project if isinstance(project, Timeline) else timeline(project, now, unmaintained_after)
    parse = known.project.order
    current_version = parse(current) if current is not None else None
    if current is None:
        return known.placed.base, []
    if current_version is None:
        message = f"{current!r} is not a version of its ecosystem: cannot be compared"
        return known.placed.base, [Unknown(Aspect.FRESHNESS, "invalid-version", message)]
    if not current_version.is_prerelease:
        found = _by_place(known, current)
        if found is not None:
            return found, []
    return _by_version(known.sorted, current, current_version)


def _by_place(known: Timeline, current: str) -> Freshness | None:
    """Freshness of a final version spelt as on the index, by places; None otherwise."""
    placed, places = known.placed, known.project.places
    try:
        index = placed.texts.index(current)  # the first listed, as `_in_use` finds it
    except ValueError:
        return None
    if placed.latest is None or places is None:
        return None
    releases = known.project.releases
    match, latest = releases[index], releases[placed.latest]
    place, top = places.place[index], places.place[placed.latest]
    match_time, latest_time = _time(match.uploaded), _time(latest.uploaded)
    libyear = None
    if match_time is not None and latest_time is not None:
        libyear = 0.0 if place >= top else max(0.0, (latest_time - match_time) / YEAR)
    base = placed.base
    return Freshness(
        latest=base.latest,
        released=_iso(match_time),
        latest_released=base.latest_released,
        last_release=base.last_release,
        libyear=libyear,
        behind=len(placed.finals) - bisect_right(placed.finals, place),
        majors_behind=max(0, places.major[placed.latest] - places.major[index]),
        yanked=match.yanked,
        yanked_reason=match.yanked_reason,
        unmaintained=base.unmaintained,
    )


def _by_version(
    known: _Sorted, current: str, current_version: Ordered
) -> tuple[Freshness, list[Unknown]]:
    """Freshness by comparing parsed versions: a pre-release, or another spelling."""
    latest, base = known.latest, known.base
    if current_version.is_prerelease:
        latest = _latest(known.releases, current_version)
        last = _time(base.last_release)
        base = _base(latest.release if latest else None, last, base.unmaintained)
    match = _in_use(known, current, current_version)
    if match is None or latest is None:
        message = f"version {current_version} is not on the index"
        return base, [Unknown(Aspect.FRESHNESS, "version-not-found", message)]
    return _measured(base, known.finals, match, latest), []


def _in_use(known: _Sorted, text: str, version: Ordered) -> _Parsed | None:
    """The release in use, found by its spelling first: comparing versions costs more.

    Another spelling of it (`1.0` for `1.0.0`) is found by comparing.
    """
    match = known.by_text.get(text)
    if match is not None and match.version == version:
        return match
    return next((r for r in known.releases if r.version == version), None)


def _measured(
    base: Freshness, finals: Sequence[_Parsed], match: _Parsed, latest: _Parsed
) -> Freshness:
    # Every unyanked final release is at or below `latest` (the highest of a set holding them
    # all, see `_latest`), so only the lower bound needs comparing.
    newer = [r for r in finals if match.version < r.version]
    return Freshness(
        latest=base.latest,
        released=_iso(match.uploaded),
        latest_released=base.latest_released,
        last_release=base.last_release,
        libyear=_libyear(match, latest),
        behind=len(newer),
        majors_behind=max(0, latest.version.major - match.version.major),
        yanked=match.release.yanked,
        yanked_reason=match.release.yanked_reason,
        unmaintained=base.unmaintained,
    )


def _libyear(match: _Parsed, latest: _Parsed) -> float | None:
    if match.uploaded is None or latest.uploaded is None:
        return None
    if match.version >= latest.version:
        return 0.0
    return max(0.0, (latest.uploaded - match.uploaded) / YEAR)


def _latest(releases: Sequence[_Parsed], current: Ordered | None) -> _Parsed | None:
    usable = [r for r in releases if not r.release.yanked]
    finals = [r for r in usable if not r.version.is_prerelease]
    candidates = finals or usable
    if current is not None and current.is_prerelease and finals:
        # Someone on 3.0.0rc1 while 2.9 is the latest final compares against 3.0.0rc1's line.
        newer = [r for r in usable if r.version.is_prerelease and r.version >= current]
        candidates = finals + newer
    return max(candidates, key=lambda r: r.version, default=None)


def _parse(releases: Sequence[Release], parse: Parse) -> tuple[_Parsed, ...]:
    pairs = ((parse(release.version), release) for release in releases)
    return tuple(_Parsed(at, release) for at, release in pairs if at is not None)


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def available(project: Project, moment: dt.datetime, current: str | None) -> Project:
    """The project as the index listed it at `moment`: later uploads left out.

    The version in use always stays: a pin can be committed minutes before its upload time
    is recorded, and undated releases stay as they cannot be placed.
    """
    parse = project.order
    pinned = parse(current) if current is not None else None
    kept = [
        i
        for i, release in enumerate(project.releases)
        if (_time(release.uploaded) or moment) <= moment
        or (pinned is not None and parse(release.version) == pinned)
    ]
    # Places among all the releases keep their order among those listed then.
    every = placed(project)
    releases = tuple(project.releases[i] for i in kept)
    places = summed_up(
        [every.place[i] for i in kept],
        [every.prerelease[i] for i in kept],
        [every.major[i] for i in kept],
        map(attrgetter("yanked"), releases),
    )
    return Project(project.name, releases, project.order, places=places)


def candidates(project: Project, current: Ordered) -> list[Ordered]:
    """Versions one could upgrade to: unyanked, final unless `current` is a pre-release."""
    found = [project.order(r.version) for r in project.releases if not r.yanked]
    usable = [at for at in found if at is not None]
    return usable if current.is_prerelease else [at for at in usable if not at.is_prerelease]
